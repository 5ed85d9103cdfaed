"""Presentation mode driven by keys, as a clicker and a keyboard send them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFontDatabase, QImage
from pytestqt.qtbot import QtBot

from comparator_gui.domain.library import Library
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.models import Claim, Evidence
from comparator_gui.settings import PresentationSettings
from comparator_gui.widgets.presentation import THEMES, PresentationWindow, render_slide_png
from comparator_gui.widgets.presentation.labels import NoteLabel, SlideLabel
from comparator_gui.widgets.presentation.slide_view import NOTE_MARKER_TEXT
from tests.conftest import SEEDS

Key = Qt.Key
FORWARD = [Key.Key_PageDown, Key.Key_Right, Key.Key_Down, Key.Key_Space, Key.Key_Return, Key.Key_Enter]
BACK = [Key.Key_PageUp, Key.Key_Left, Key.Key_Up, Key.Key_Backspace]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(SEEDS)


def field_keys(library: Library) -> list[str]:
    return [definition.key for definition in library.catalogue]


def open_window(
    qtbot: QtBot, library: Library, settings: PresentationSettings | None = None, size: tuple[int, int] = (1024, 768)
) -> PresentationWindow:
    window = PresentationWindow(
        library, [study.id for study in library.studies], field_keys(library), settings or PresentationSettings()
    )
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: QtBot, library: Library) -> Iterator[PresentationWindow]:
    yield open_window(qtbot, library)


def slide_of(window: PresentationWindow, key: str) -> int:
    for index, page in enumerate(window.pages):
        slide = window.slides[page.slide]
        if getattr(slide, "key", None) == key:
            return index
    raise AssertionError(key)


def texts(window: PresentationWindow, role: str | None = None) -> list[str]:
    assert window.view is not None
    return [label.text() for label in window.view.labels() if role is None or label.property("role") == role]


def pixel(window: PresentationWindow, point: QPoint) -> QColor:
    return window.grab().toImage().pixelColor(point)


def test_starts_on_the_overview(window: PresentationWindow, library: Library) -> None:
    assert window.slide_index == 0
    # The bundled library fits one page per slide at 1024x768: overview + 20 fields.
    assert window.slide_count == 1 + len(library.catalogue)
    assert texts(window, "title") == [library.name]
    mayo = library.study("mayo-adsc-sci").field("subjects").claims[0].value
    assert f"Subjects: {mayo}" in texts(window, "value")
    assert "Subjects: rats or mice (sources disagree); number not reported" in texts(window, "value")


@pytest.mark.parametrize("key", FORWARD, ids=lambda k: k.name)
def test_each_forward_key_moves_one_slide_on(qtbot: QtBot, window: PresentationWindow, key: Key) -> None:
    qtbot.keyClick(window, key)
    assert window.slide_index == 1
    assert texts(window, "title") == ["Institution and team"]
    qtbot.keyClick(window, key)
    assert window.slide_index == 2


@pytest.mark.parametrize("key", BACK, ids=lambda k: k.name)
def test_each_back_key_moves_one_slide_back(qtbot: QtBot, window: PresentationWindow, key: Key) -> None:
    window.go_to(3)
    qtbot.keyClick(window, key)
    assert window.slide_index == 2


def test_home_end_and_the_ends_stay_put(qtbot: QtBot, window: PresentationWindow) -> None:
    qtbot.keyClick(window, Key.Key_End)
    assert window.slide_index == window.slide_count - 1
    assert texts(window, "title") == ["Funding"]
    qtbot.keyClick(window, Key.Key_PageDown)
    assert window.slide_index == window.slide_count - 1
    qtbot.keyClick(window, Key.Key_Home)
    assert window.slide_index == 0
    qtbot.keyClick(window, Key.Key_PageUp)
    assert window.slide_index == 0


def test_go_to_rejects_a_slide_that_does_not_exist(window: PresentationWindow) -> None:
    with pytest.raises(IndexError):
        window.go_to(window.slide_count)
    with pytest.raises(IndexError):
        window.go_to(-1)


def test_b_blanks_to_black_and_back(qtbot: QtBot, window: PresentationWindow) -> None:
    window.go_to(4)
    centre = QPoint(window.width() // 2, window.height() // 2)
    shown = window.grab().toImage()
    qtbot.keyClick(window, Key.Key_B)
    assert window.blanked
    blank = window.grab().toImage()
    assert blank.pixelColor(centre) == QColor("#000000")
    assert {blank.pixelColor(x, y).name() for x in range(0, 1024, 64) for y in range(0, 768, 64)} == {"#000000"}
    qtbot.keyClick(window, Key.Key_B)
    assert not window.blanked
    assert window.grab().toImage() == shown
    assert window.slide_index == 4


def test_blank_is_black_in_the_light_theme_too(qtbot: QtBot, library: Library) -> None:
    window = open_window(qtbot, library, PresentationSettings(theme="light"))
    qtbot.keyClick(window, Key.Key_B)
    assert pixel(window, QPoint(10, 10)) == QColor("#000000")


def test_the_first_clicker_press_on_a_blank_screen_brings_the_slide_back(
    qtbot: QtBot, window: PresentationWindow
) -> None:
    window.go_to(2)
    qtbot.keyClick(window, Key.Key_B)
    qtbot.keyClick(window, Key.Key_PageDown)
    assert not window.blanked and window.slide_index == 2
    qtbot.keyClick(window, Key.Key_PageDown)
    assert window.slide_index == 3


def card_states(window: PresentationWindow) -> list[str]:
    assert window.view is not None
    return [str(card.property("state")) for card in window.view.cards]


def test_number_keys_spotlight_a_study_and_dim_the_others(qtbot: QtBot, window: PresentationWindow) -> None:
    qtbot.keyClick(window, Key.Key_2)
    assert window.spotlight == 1
    assert card_states(window) == ["dim", "spot", "dim"]
    assert window.view is not None
    dimmed = window.view.cards[0].findChildren(SlideLabel)[1]
    lit = window.view.cards[1].findChildren(SlideLabel)[1]
    assert dimmed.palette().color(dimmed.foregroundRole()) == QColor(THEMES["dark"]["dim"])
    assert lit.palette().color(lit.foregroundRole()) == QColor(THEMES["dark"]["fg"])
    # The spotlight follows the presenter to the next slide.
    qtbot.keyClick(window, Key.Key_PageDown)
    assert card_states(window) == ["dim", "spot", "dim"]
    qtbot.keyClick(window, Key.Key_3)
    assert window.spotlight == 2 and card_states(window) == ["dim", "dim", "spot"]
    # The same number again, or 0, turns it off.
    qtbot.keyClick(window, Key.Key_3)
    assert window.spotlight is None and card_states(window) == ["normal"] * 3
    qtbot.keyClick(window, Key.Key_1)
    qtbot.keyClick(window, Key.Key_0)
    assert window.spotlight is None


def test_a_number_beyond_the_studies_does_nothing(qtbot: QtBot, window: PresentationWindow) -> None:
    qtbot.keyClick(window, Key.Key_9)
    assert window.spotlight is None and card_states(window) == ["normal"] * 3


def body_px(window: PresentationWindow) -> int:
    assert window.view is not None
    sizes = {label.font().pixelSize() for label in window.view.labels() if label.property("role") == "value"}
    assert len(sizes) == 1
    return sizes.pop()


def test_plus_and_minus_change_the_type_size_and_remember_it(qtbot: QtBot, library: Library) -> None:
    settings = PresentationSettings()
    window = open_window(qtbot, library, settings, size=(1920, 1080))
    window.go_to(slide_of(window, "follow_up"))  # short values: room to grow
    start = body_px(window)
    assert start > 28  # larger screen, larger type
    qtbot.keyClick(window, Key.Key_Plus)
    assert body_px(window) > start
    assert settings.font_scale > 1.0
    qtbot.keyClick(window, Key.Key_Minus)
    qtbot.keyClick(window, Key.Key_Minus)
    assert body_px(window) < start
    assert settings.font_scale < 1.0
    assert window.settings is settings


def test_minus_never_goes_below_the_floor(qtbot: QtBot, window: PresentationWindow) -> None:
    window.go_to(slide_of(window, "follow_up"))
    for _ in range(5):
        qtbot.keyClick(window, Key.Key_Minus)
    assert body_px(window) == 28
    assert window.settings.font_scale == 1.0  # nothing smaller to remember at 1024x768


def test_t_switches_theme_and_remembers_it(qtbot: QtBot, window: PresentationWindow) -> None:
    corner = QPoint(3, window.height() - 3)
    assert pixel(window, corner) == QColor(THEMES["dark"]["bg"])
    qtbot.keyClick(window, Key.Key_T)
    assert window.settings.theme == "light"
    assert pixel(window, corner) == QColor(THEMES["light"]["bg"])
    qtbot.keyClick(window, Key.Key_T)
    assert window.settings.theme == "dark"


def test_escape_leaves_and_says_so_once(qtbot: QtBot, window: PresentationWindow) -> None:
    window.go_to(3)
    qtbot.keyClick(window, Key.Key_T)
    with qtbot.waitSignal(window.finished, timeout=1000):
        qtbot.keyClick(window, Key.Key_Escape)
    assert not window.isVisible()
    emitted: list[bool] = []
    window.finished.connect(lambda: emitted.append(True))
    window.close()
    assert emitted == []
    # The presenter's choice is in the settings object for the caller to save.
    assert window.settings.theme == "light"


def test_disputed_field_shows_each_claim(window: PresentationWindow, library: Library) -> None:
    window.go_to(slide_of(window, "subjects"))
    assert window.current_page.columns == (0, 1, 2)  # side by side, one page
    values = texts(window, "value")
    claims = library.study("osaka-adsc-spheroids").field("subjects").claims
    assert [claim.value for claim in claims] == [value for value in values if value in {c.value for c in claims}]
    assert texts(window, "status") == ["Sources disagree"]
    rats = claims[0]
    rat_quotes = {f"“{evidence.exact}”" for evidence in rats.evidence}
    assert len(rat_quotes & set(texts(window, "quote"))) == 1
    # How many of the study's three sources back each claim: rats 2, mice 1.
    citations = [text for text in texts(window, "source") if " of 3 sources" in text]
    assert [text.rsplit(" · ", 1)[1] for text in citations] == ["2 of 3 sources", "1 of 3 sources"]


def note_texts(window: PresentationWindow) -> list[str]:
    assert window.view is not None
    return [label.text() for label in window.view.findChildren(NoteLabel)]


def test_reviewer_notes_are_shown_labelled(window: PresentationWindow, library: Library) -> None:
    window.go_to(slide_of(window, "subjects"))
    note = library.study("osaka-adsc-spheroids").field("subjects").note
    assert note_texts(window) == [f"Reviewer's note: {note}"]
    window.go_to(slide_of(window, "study_design"))
    keio = library.study("keio-ips-nsc-sci").field("study_design").claims[0].note
    mayo = library.study("mayo-adsc-sci").field("study_design").claims[0].note
    assert note_texts(window) == [f"Reviewer's note: {keio}", f"Reviewer's note: {mayo}"]
    # A note on a field no source reports is shown too.
    window.go_to(slide_of(window, "dose"))
    assert f"Reviewer's note: {library.study('osaka-adsc-spheroids').field('dose').note}" in note_texts(window)


def test_a_note_too_long_for_the_screen_becomes_a_marker(qtbot: QtBot, library: Library) -> None:
    osaka = library.study("osaka-adsc-spheroids").model_copy(deep=True)
    osaka.fields["cell_preparation"].note = " ".join(["The reviewer has a great deal to say about these animals."] * 12)
    patched = Library(
        root=library.root, meta=library.meta, texts=library.texts, studies=[*library.studies[:2], osaka]
    )
    window = open_window(qtbot, patched)
    window.go_to(slide_of(window, "cell_preparation"))
    # Still side by side on one page; the note's place says there is one.
    assert window.current_page.columns == (0, 1, 2) and window.current_page.parts == 1
    assert note_texts(window) == [NOTE_MARKER_TEXT]
    assert NOTE_MARKER_TEXT.startswith("Reviewer's note")
    # The other slides keep their notes in full.
    window.go_to(slide_of(window, "study_design"))
    assert len(note_texts(window)) == 2 and NOTE_MARKER_TEXT not in note_texts(window)


def test_not_reported_is_shown_as_such(window: PresentationWindow) -> None:
    window.go_to(slide_of(window, "dose"))
    # Keio's in the article's words (it says how the number was chosen), Osaka's plainly.
    assert texts(window, "missing") == [
        "Not reported, as the source says: Number of cells not given; it was determined from safety experiments in animals",
        "Not reported",
    ]
    assert "100 million cells; number of injections not reported" in texts(window, "value")


def test_record_text_is_plain_text(qtbot: QtBot, library: Library) -> None:
    tagged = library.studies[0].model_copy(deep=True)
    tagged.fields["dose"].claims.append(
        Claim(value="<b>bold</b> & <i>x</i>", evidence=[Evidence(source="afp-keio-2025", exact="<u>q</u>", start=0, end=8)])
    )
    patched = Library(root=library.root, meta=library.meta, texts=library.texts, studies=[tagged, *library.studies[1:]])
    window = open_window(qtbot, patched)
    window.go_to(slide_of(window, "dose"))
    assert "<b>bold</b> & <i>x</i>" in texts(window, "value")
    assert "“<u>q</u>”" in texts(window, "quote")
    assert window.view is not None
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in window.view.labels())


def test_resizing_keeps_the_slide(qtbot: QtBot, window: PresentationWindow) -> None:
    window.go_to(slide_of(window, "outcomes"))
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.view is not None and window.view.width() == 1920)
    assert texts(window, "title") == ["Outcomes"]
    assert body_px(window) > 28


def test_arabic_text_is_laid_out_right_to_left(qtbot: QtBot) -> None:
    assert QFontDatabase.families(QFontDatabase.WritingSystem.Arabic), "no font with Arabic coverage"
    label = SlideLabel("الخلايا الجذعية", "value")
    qtbot.addWidget(label)
    label.setStyleSheet("QLabel { font-size: 28px; color: black; background-color: white; }")
    label.resize(600, 60)
    image = label.grab().toImage()
    ink = [x for x in range(image.width()) for y in range(image.height()) if image.pixelColor(x, y).lightness() < 128]
    assert ink, "nothing drawn"
    # Qt reads the direction from the text: the words sit against the right edge.
    assert min(ink) > 300 and max(ink) > 560


def test_render_slide_png_writes_the_slide(tmp_path: Path, library: Library, qtbot: QtBot) -> None:
    settings = PresentationSettings(theme="light")
    out = render_slide_png(library, 4, (1024, 768), tmp_path / "deep" / "slide.png", settings)
    image = QImage(str(out))
    assert out == tmp_path / "deep" / "slide.png"
    assert (image.width(), image.height()) == (1024, 768)
    assert image.pixelColor(2, 2) == QColor(THEMES["light"]["bg"])
    assert len({image.pixelColor(x, 300).name() for x in range(0, 1024, 4)}) > 3  # not an empty page
    with pytest.raises(IndexError):
        render_slide_png(library, 99, (1024, 768), tmp_path / "none.png")
    assert not (tmp_path / "none.png").exists()


def test_render_uses_the_presenters_fields(tmp_path: Path, library: Library, qtbot: QtBot) -> None:
    settings = PresentationSettings(field_order=["outcomes"], hidden_fields=["institution"])
    first = render_slide_png(library, 1, (1024, 768), tmp_path / "a.png", settings)
    keys = field_keys(library)
    chosen = ["outcomes", *(key for key in keys if key not in ("outcomes", "institution"))]
    expected = render_slide_png(library, 1, (1024, 768), tmp_path / "b.png", PresentationSettings(), field_keys=chosen)
    assert QImage(str(first)) == QImage(str(expected))
    catalogue_order = render_slide_png(library, 1, (1024, 768), tmp_path / "c.png", PresentationSettings())
    assert QImage(str(first)) != QImage(str(catalogue_order))


def test_screenshot_of_a_slide_that_does_not_exist_is_a_one_line_error(
    tmp_path: Path, qtbot: QtBot, capsys: pytest.CaptureFixture[str], library: Library
) -> None:
    from comparator_gui.cli import main

    slides = 1 + len(library.catalogue)
    output = tmp_path / "slide.png"
    status = main(["screenshot", "--presentation", "--slide", str(slides), "--size", "1024x768", "--output", str(output)])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert f"0 to {slides - 1}" in captured.err and f"slide {slides}" in captured.err
    assert not output.exists()
    assert main(["screenshot", "--presentation", "--slide", "-1", "--output", str(output)]) == 1
    assert "0 to" in capsys.readouterr().err
