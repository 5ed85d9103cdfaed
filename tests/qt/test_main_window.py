"""The comparison window on real widgets: models, highlights, search, settings, problems."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFileDialog

from comparator_gui.domain.anchoring import make_evidence
from comparator_gui.domain.catalogue import DEFAULT_FIELDS
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.models import Claim, FieldEntry, LibraryMeta, Source, Study
from comparator_gui.domain.writing import library_json, study_json
from comparator_gui.qt.item_data import item_data
from comparator_gui.settings import load_settings
from comparator_gui.widgets.main_window import MainWindow
from tests.conftest import SEEDS


@pytest.fixture
def window(qtbot):  # type: ignore[no-untyped-def]
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    return win


def _load(qtbot, win: MainWindow, path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(win.library_loaded, timeout=10_000):
        win.open_library(path)


def test_models_pass_the_model_tester(qtbot, qtmodeltester, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _load(qtbot, window, SEEDS)
    qtmodeltester.check(window.model)
    window.transpose_box.setChecked(True)
    qtmodeltester.check(window.model)
    qtmodeltester.check(window.studies_panel.model)
    qtmodeltester.check(window.fields_panel.model)
    qtmodeltester.check(window.problems_model)


def test_grid_shows_every_study_and_field_with_headers(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _load(qtbot, window, SEEDS)
    library = window.library
    assert library is not None
    assert window.model.columnCount() == 3 and window.model.rowCount() == len(library.catalogue)
    headers = [window.model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert any("Osaka Metropolitan University · reported 2025\n[Animal study · CEBM 5]" in h for h in headers)
    assert any("[Case series · CEBM 4 · human · Phase 1]" in h and "2024" in h for h in headers)
    mayo = next(c for c in range(3) if "Mayo" in headers[c])
    tip = window.model.headerData(mayo, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Case series (uncontrolled) · CEBM 4 · GRADE starts very low · human · Phase 1" in tip
    dose = window.model.index_of("osaka-adsc-spheroids", "dose")
    assert item_data(dose).startswith("Not reported\nReviewer's note: No report gives a number of cells")
    assert item_data(dose, Qt.ItemDataRole.FontRole).italic()
    said = window.model.index_of("keio-ips-nsc-sci", "dose")  # not reported, in the article's words
    assert item_data(said).startswith("Not reported, as the source says: Number of cells not given")
    subjects = window.model.index_of("osaka-adsc-spheroids", "subjects")
    tooltip = item_data(subjects, Qt.ItemDataRole.ToolTipRole)
    assert "disputed" in tooltip and "Claim 1: Rats" in tooltip and "Claim 2: Mice" in tooltip
    assert "Japanese Scientists Develop Stem Cell Therapy" in tooltip  # the mice claim's source


def test_each_cell_highlights_exactly_its_quotes(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _load(qtbot, window, SEEDS)
    library = window.library
    assert library is not None
    checked = 0
    for study in library.studies:
        for definition in library.catalogue:
            assert window.select_cell(study.id, definition.key)
            expected: dict[str, list[str]] = {}
            for ref in library.evidence_for(study.id, definition.key):
                expected.setdefault(ref.evidence.source, []).append(ref.evidence.exact)
            views = window.source_pane.views()
            for source_id, view in views.items():
                assert sorted(view.strong_texts()) == sorted(expected.get(source_id, [])), (study.id, definition.key)
                checked += len(expected.get(source_id, []))
    assert checked == len(library.evidence)


def _emoji_library(root: Path, newline: str = "\n") -> tuple[str, str]:
    text = "🧪😀 مرحبا بالعالم 🌍 — intro.\nThe dose was 5 million cells in each patient.\nقال الباحثون 👍 the rats healed.\n"
    text = text.replace("\n", newline)
    (root / "studies").mkdir(parents=True)
    (root / "src.txt").write_bytes(text.encode("utf-8"))  # verbatim: no newline translation
    source = Source(id="src", path="src.txt", title="Mixed text", sha256=hashlib.sha256(text.encode()).hexdigest())
    dose_quote = "5 million cells"
    healed_quote = "the rats healed"
    dose_at = text.index(dose_quote)
    healed_at = text.index(healed_quote)
    study = Study(
        id="mixed",
        title="Mixed script study",
        short_title="Mixed",
        sources=["src"],
        fields={
            "dose": FieldEntry(claims=[Claim(value="5 million cells", evidence=[make_evidence("src", text, dose_at, dose_at + len(dose_quote))])]),
            "outcomes": FieldEntry(claims=[Claim(value="Healed", evidence=[make_evidence("src", text, healed_at, healed_at + len(healed_quote))])]),
        },
    )
    meta = LibraryMeta(name="Mixed", fields=list(DEFAULT_FIELDS), sources=[source])
    (root / "library.json").write_text(library_json(meta), encoding="utf-8")
    (root / "studies" / "mixed.json").write_text(study_json(study, meta.fields), encoding="utf-8")
    return dose_quote, healed_quote


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_emoji_and_arabic_before_a_quote_do_not_shift_the_highlight(qtbot, window: MainWindow, tmp_path: Path, newline: str) -> None:  # type: ignore[no-untyped-def]
    dose_quote, healed_quote = _emoji_library(tmp_path / "lib", newline)
    _load(qtbot, window, tmp_path / "lib")
    assert window.library is not None and window.library.problems == []
    assert window.select_cell("mixed", "dose")
    view = window.source_pane.views()["src"]
    assert view.strong_texts() == [dose_quote]
    assert window.select_cell("mixed", "outcomes")
    assert view.strong_texts() == [healed_quote]
    # Selecting the words back gives the stored offsets (CRLF: Qt drops the "\r").
    text = window.library.texts["src"]  # type: ignore[union-attr]
    start = text.index(healed_quote)
    view.select_code_points(start, start + len(healed_quote))
    assert view.textCursor().selectedText() == healed_quote
    assert view.selection_code_points() == (start, start + len(healed_quote))
    # The Arabic line is laid out right to left.
    block = view.document().findBlockByNumber(2)
    assert block.text().startswith("قال")
    assert block.layout().textOption().textDirection() in (Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LayoutDirectionAuto)
    assert block.textDirection() == Qt.LayoutDirection.RightToLeft


def test_clicking_a_highlight_selects_its_fields_cell(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _load(qtbot, window, SEEDS)
    window.select_cell("mayo-adsc-sci", "dose")
    view = window.source_pane.views()["mayo-news-2024-04-03"]
    span = next(s for s in view.spans if s.field_key == "safety")
    cursor = QTextCursor(view.document())
    cursor.setPosition(span.start + 3)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.current_cell() == ("mayo-adsc-sci", "safety")
    assert view.strong_texts() == [span.ref.evidence.exact]


def test_search_filters_and_marks_matches(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _load(qtbot, window, SEEDS)
    window.set_search("mice")
    assert window.model.columnCount() == 1
    assert window.model.layout_.study_ids == ["osaka-adsc-spheroids"]
    assert window.model.layout_.field_keys == ["subjects", "delivery_method"]
    index = window.model.index_of("osaka-adsc-spheroids", "subjects")
    from comparator_gui.qt.roles import Role

    assert item_data(index, Role.SEARCH_MATCH) is True
    window.set_search("")
    assert window.model.columnCount() == 3


def test_disputed_and_differences_only(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _load(qtbot, window, SEEDS)
    window.disputed_box.setChecked(True)
    assert window.model.layout_.field_keys == ["subjects"]
    window.disputed_box.setChecked(False)
    window.differences_box.setChecked(True)
    # Every field differs across these three studies except Follow-up? No: Osaka and Mayo both not reported, Keio one year.
    assert "follow_up" in window.model.layout_.field_keys
    studies_model = window.studies_panel.model
    keio_row = studies_model.keys().index("keio-ips-nsc-sci")
    studies_model.setData(studies_model.index(keio_row), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    # Osaka and Mayo agree that follow-up is not reported.
    assert "follow_up" not in window.model.layout_.field_keys
    assert "keio-ips-nsc-sci" not in window.model.layout_.study_ids


def test_settings_round_trip(qtbot, seed_copy: Path) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow()
    qtbot.addWidget(first)
    first.resize(700, 500)  # fits the offscreen screen, so restoreGeometry need not clamp it
    first.show()
    _load(qtbot, first, seed_copy)
    first.studies_panel.list.setCurrentIndex(first.studies_panel.model.index(2))
    first.studies_panel.move_current(-1)
    fields = first.fields_panel.model
    fields.setData(fields.index(0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    first.transpose_box.setChecked(True)
    order = first.model.layout_.study_ids
    first.close()

    saved = load_settings()
    assert saved.last_library == str(seed_copy.resolve())
    view = saved.view_for(seed_copy)
    assert view.transposed and view.hidden_fields == ["institution"] and view.study_order == order

    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    _load(qtbot, second, seed_copy)
    assert second.model.transposed
    assert second.model.layout_.study_ids == order
    assert "institution" not in second.model.layout_.field_keys
    assert (second.width(), second.height()) == (700, 500)


def test_bad_file_shows_in_problems_panel_and_the_rest_loads(qtbot, window: MainWindow, seed_copy: Path) -> None:  # type: ignore[no-untyped-def]
    (seed_copy / "studies" / "mayo-adsc-sci.json").write_text("{ not json", encoding="utf-8")
    _load(qtbot, window, seed_copy)
    assert window.model.columnCount() == 2
    problems = window.problems_model.problems()
    assert len(problems) == 1 and problems[0].file == "studies/mayo-adsc-sci.json"
    assert window.problems_dock.isVisible()
    assert item_data(window.problems_model.index(0, 3)).startswith("malformed JSON")
    assert window.problems_button.isVisible() and "1 problem" in window.problems_button.text()


def test_values_are_plain_text_everywhere(qtbot, window: MainWindow, seed_copy: Path) -> None:  # type: ignore[no-untyped-def]
    path = seed_copy / "studies" / "mayo-adsc-sci.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["fields"]["safety"]["claims"][0]["value"] = "<b>x</b> <img src='file:///etc/passwd'>"
    path.write_text(json.dumps(data), encoding="utf-8")
    _load(qtbot, window, seed_copy)
    index = window.model.index_of("mayo-adsc-sci", "safety")
    assert item_data(index) == "<b>x</b> <img src='file:///etc/passwd'>"
    tooltip = item_data(index, Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;x&lt;/b&gt;" in tooltip and "<img" not in tooltip


def test_export_from_the_window(qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    _load(qtbot, window, SEEDS)
    window.studies_panel.model.setData(window.studies_panel.model.index(0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    target = tmp_path / "sheet.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel workbook (*.xlsx)"))
    with qtbot.waitSignal(window.export_finished, timeout=20_000) as blocker:
        window.actions_["export.export"].trigger()
    assert blocker.args == [target]
    sheet = load_workbook(target)["Comparison"]
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    shown = window.model.layout_.study_ids
    library = window.library
    assert library is not None
    for study in library.studies:
        assert (study.short_title in text) == (study.id in shown)
    assert "10 adults with spinal injuries" in text


def test_loading_reports_progress_and_can_be_cancelled(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _load(qtbot, window, SEEDS)
    assert not window.progress.isVisible() and not window.cancel_button.isVisible()
    window.open_library(SEEDS)
    window.library_feature.cancel_loading()
    assert not window.loader.busy
    assert window.library is not None and len(window.library.studies) == 3  # the old library stays


def test_library_loaded_matches_the_domain(window: MainWindow) -> None:
    library = window.load_library_now(SEEDS)
    assert [s.id for s in library.studies] == [s.id for s in load_library(SEEDS).studies]


def test_the_first_cell_is_current_and_its_sources_follow_the_grid(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """A new library's grid paints first; the first cell's sources are shown in
    the next event (a 1 MB source takes tens of ms), and no later than that."""
    _load(qtbot, window, SEEDS)
    first = window.current_cell()
    assert first is not None and first == window.model.cell_of(window.model.index(0, 0))
    library = window.library
    assert library is not None
    study = library.study(first[0])
    qtbot.waitUntil(lambda: window.source_pane.heading.text().startswith(study.short_title), timeout=2_000)
    assert list(window.source_pane.views()) == [s for s in study.sources if s in library.texts]


def test_a_library_opened_in_the_background_arrives_with_its_search_index(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The loader thread builds the search index, so the first keystroke after
    opening never waits for it (it took ~0.6 s at 10,000 studies)."""
    _load(qtbot, window, SEEDS)
    index = window.session.search_index
    assert index is not None and index.library is window.library and index.complete
    window.search.setText("spheroid")
    qtbot.waitUntil(lambda: window.model.columnCount() == 1, timeout=2_000)
    assert window.model.layout_.study_ids == ["osaka-adsc-spheroids"]


def test_a_source_changed_on_disk_after_opening_is_explained_in_the_pane(
    qtbot, window: MainWindow, seed_copy: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """Texts are read again when not kept in memory; a file changed since the
    library was opened is not shown with highlights that may have moved."""
    from PySide6.QtWidgets import QLabel

    from comparator_gui.domain import source_texts

    monkeypatch.setattr(source_texts, "CACHE_CHARS", 1)
    library = window.load_library_now(seed_copy)
    window.select_cell("mayo-adsc-sci", "outcomes")
    assert list(window.source_pane.views()) == ["mayo-news-2024-04-03"]
    window.select_cell("keio-ips-nsc-sci", "outcomes")  # the Mayo text leaves the cache
    mayo = next(s for s in library.meta.sources if s.id == "mayo-news-2024-04-03")
    with (seed_copy / mayo.path).open("ab") as handle:
        handle.write(b"\nAdded after opening.")
    window.select_cell("mayo-adsc-sci", "outcomes")
    assert window.source_pane.views() == {}
    tabs = window.source_pane.tabs
    notices = [tabs.widget(i) for i in range(tabs.count()) if isinstance(tabs.widget(i), QLabel)]
    assert len(notices) == 1 and "changed on disk after the library was opened" in notices[0].text()
    assert tabs.tabText(0).startswith("⚠")
    heading = window.source_pane.heading.text()
    assert heading.endswith("Outcomes: 2 quote(s) in a source that cannot be shown"), heading
    window.select_cell("keio-ips-nsc-sci", "outcomes")  # other sources still show
    assert list(window.source_pane.views()) == ["afp-keio-2025"]


def test_an_unforeseen_error_while_loading_ends_the_load_visibly(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """Simulated bug on the loader thread: the window must not stay "Loading…"
    for ever with the progress bar running; it says what went wrong."""
    from PySide6.QtWidgets import QMessageBox

    import comparator_gui.widgets.library.loader as loader_module

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warnings.append(text))
    monkeypatch.setattr(loader_module, "load_library", broken)
    with qtbot.waitSignal(window.loader.failed, timeout=10_000):
        window.open_library(SEEDS)
    qtbot.waitUntil(lambda: not window.loader.busy)
    assert not window.progress.isVisible() and not window.cancel_button.isVisible()
    assert window.status_label.text() == "Could not open the library: RuntimeError: disk on fire"
    assert len(warnings) == 1 and "disk on fire" in warnings[0]
    assert window.library is None


def test_a_replaced_library_is_freed_without_a_collector_pass(qtbot, window: MainWindow, seed_copy: Path) -> None:  # type: ignore[no-untyped-def]
    """A shown library is kept out of the cyclic collector (a full pass over
    10,000 studies stalled the window for seconds), so it must hold no cycles:
    once replaced, reference counting alone must free it."""
    import gc
    import weakref

    _load(qtbot, window, SEEDS)
    assert gc.isenabled() and gc.get_freeze_count() > 0
    window.select_cell("osaka-adsc-spheroids", "subjects")
    old = weakref.ref(window.library)
    old_study = weakref.ref(window.library.studies[0].fields["subjects"].claims[0])  # type: ignore[union-attr]
    gc.disable()  # only reference counting from here on
    try:
        _load(qtbot, window, seed_copy)
        window.select_cell("mayo-adsc-sci", "dose")
        qtbot.wait(10)
        assert old() is None and old_study() is None
    finally:
        gc.enable()


def test_hostile_text_stays_text_in_headers_panels_and_tooltips(qtbot, window: MainWindow, seed_copy: Path) -> None:  # type: ignore[no-untyped-def]
    hostile = "<b>x</b> <img src='file:///etc/passwd'>"
    path = seed_copy / "studies" / "mayo-adsc-sci.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["short_title"] = hostile
    data["title"] = hostile
    path.write_text(json.dumps(data), encoding="utf-8")
    (seed_copy / "studies" / "broken.json").write_text('{"schema_version": 2, "id": "<b>bad</b>"}', encoding="utf-8")
    _load(qtbot, window, seed_copy)
    column = window.model.layout_.study_ids.index("mayo-adsc-sci")
    assert window.model.headerData(column, Qt.Orientation.Horizontal).startswith(hostile)
    header_tip = window.model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    studies = window.studies_panel.model
    row = studies.keys().index("mayo-adsc-sci")
    assert item_data(studies.index(row)) == hostile
    list_tip = item_data(studies.index(row), Qt.ItemDataRole.ToolTipRole)
    problem_tip = item_data(window.problems_model.index(0, 3), Qt.ItemDataRole.ToolTipRole)
    assert "<b>bad</b>" in item_data(window.problems_model.index(0, 3)) or "&lt;b&gt;" in problem_tip
    for tip in (header_tip, list_tip, problem_tip):
        assert "<img" not in tip and "<b>x" not in tip and "<b>bad" not in tip
    window.select_cell("mayo-adsc-sci", "dose")
    assert window.source_pane.heading.textFormat() == Qt.TextFormat.PlainText
    assert window.source_pane.heading.text().startswith(hostile)
    assert window.status_label.textFormat() == Qt.TextFormat.PlainText


def test_dropping_a_folder_opens_it(qtbot, window: MainWindow, seed_copy: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(seed_copy))])
    enter = QDragEnterEvent(window.rect().center(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(window.rect().center()), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.library_loaded, timeout=10_000):
        window.dropEvent(drop)
    assert window.library is not None and window.library.root == seed_copy


def test_keyboard_moves_between_cells_and_updates_the_source_pane(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _load(qtbot, window, SEEDS)
    window.select_cell(window.model.layout_.study_ids[0], "institution")
    window.grid.setFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_Down)
    qtbot.keyClick(window.grid, Qt.Key.Key_Right)
    study_id, key = window.current_cell()  # type: ignore[misc]
    assert key == "condition" and study_id == window.model.layout_.study_ids[1]
    assert window.source_pane.heading.text().startswith(window.library.study(study_id).short_title)  # type: ignore[union-attr]


def _contrast(a, b) -> float:  # type: ignore[no-untyped-def]
    def lum(c) -> float:  # type: ignore[no-untyped-def]
        def ch(v: float) -> float:
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_cell_colours_are_readable_in_both_themes(theme: str) -> None:
    from comparator_gui.qt.theme import _palette
    from comparator_gui.widgets.grid.delegate import MATCH_MARK, TINT_TEXT, tints_for

    palette = _palette(theme)
    tints = tints_for(palette)
    for background in (tints.match, tints.disputed, tints.not_reported):
        assert _contrast(tints.text, background) >= 7, (theme, background.name())
        assert _contrast(tints.muted, background) >= 4.5, (theme, background.name())
    assert _contrast(tints.disputed_text, tints.disputed) >= 4.5
    assert _contrast(TINT_TEXT, MATCH_MARK) >= 7
    from PySide6.QtGui import QPalette

    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    assert _contrast(text, base) >= 7
    assert _contrast(palette.color(QPalette.ColorRole.PlaceholderText), base) >= 4.5


def test_long_source_highlights_follow_the_scroll(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "long"
    (root / "studies").mkdir(parents=True)
    filler = "".join(f"Line {n} of background text that no quote cites.\n" for n in range(600))
    text = "The dose was 5 million cells.\n" + filler + "Later the dose was 7 million cells.\n" + filler
    (root / "src.txt").write_bytes(text.encode("utf-8"))
    first, last = text.index("5 million cells"), text.index("7 million cells")
    study = Study(
        id="long", title="Long source", short_title="Long", sources=["src"],
        fields={"dose": FieldEntry(claims=[Claim(value="5 or 7 million cells", evidence=[
            make_evidence("src", text, first, first + 15), make_evidence("src", text, last, last + 15)])])},
    )
    meta = LibraryMeta(name="Long", fields=list(DEFAULT_FIELDS), sources=[
        Source(id="src", path="src.txt", title="Long", sha256=hashlib.sha256(text.encode()).hexdigest())])
    (root / "library.json").write_text(library_json(meta), encoding="utf-8")
    (root / "studies" / "long.json").write_text(study_json(study, meta.fields), encoding="utf-8")
    _load(qtbot, window, root)
    assert window.select_cell("long", "dose")
    view = window.source_pane.views()["src"]
    assert view.strong_texts() == ["5 million cells", "7 million cells"]
    assert view.shown_strong_texts() == ["5 million cells"]  # the far one is set when scrolled to
    view.scroll_to(view.positions.to_qt(last))  # as a reader scrolling down to it
    qtbot.waitUntil(lambda: "7 million cells" in view.shown_strong_texts(), timeout=2000)
