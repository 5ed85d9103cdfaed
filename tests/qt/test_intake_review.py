"""Reviewing an imported article in the real window: boilerplate dimmed after
a reload and quoting it asks first; the suggested sentences underlined with
dots; the Pages view following the selected field and fitting the pane; the
trim dialog's keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from comparator_gui.widgets.curation.trim_dialog import TrimDialog
from comparator_gui.widgets.intake.which_study import NEW_STUDY, WhichStudyDialog
from comparator_gui.widgets.main_window import MainWindow
from comparator_gui.widgets.sources.page_view import MARGIN
from tests.domain.pdf_samples import column_lines, make_pdf
from tests.domain.test_intake_boilerplate import HEADLINE, PAGE_WITH_HEADLINE


def _choose(monkeypatch: pytest.MonkeyPatch, study: str) -> None:
    def answer(dialog: WhichStudyDialog) -> int:
        for row in range(dialog.choices.count()):
            if dialog.choices.item(row).data(Qt.ItemDataRole.UserRole) == study:
                dialog.choices.setCurrentRow(row)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(WhichStudyDialog, "exec", answer)


def test_boilerplate_dimmed_after_reload_and_quoting_it_asks(
    seeded_window: MainWindow, seed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = seeded_window
    page = tmp_path / "page.html"
    page.write_text(PAGE_WITH_HEADLINE, encoding="utf-8")
    _choose(monkeypatch, "mayo-adsc-sci")
    assert window.intake.import_file(page)
    assert window.intake.session.save()
    library = window.load_library_now(seed_copy)  # read back from disk
    source_id = library.study("mayo-adsc-sci").sources[-1]
    assert library.sources[source_id].boilerplate
    window.select_cell("mayo-adsc-sci", "subjects")
    pane = window.source_pane
    pane.tabs.setCurrentIndex(list(pane.views()).index(source_id))
    view = pane.views()[source_id]
    dimmed = view.texts_of(view.boilerplate)
    assert any("Home World Science" in t for t in dimmed) and any(HEADLINE in t for t in dimmed)
    assert not any("Researchers at Mayo" in t for t in dimmed)
    assert any(HEADLINE in t for t in view.shown_layers()["dimmed"])  # set as extra selections, not just held
    assert "boilerplate" in pane.legend.text()
    window.intake.dock.show()  # the suggestions read the spans kept with the source
    suggested = [s.text for _source, s, _conflict in window.intake.dock.list.rows]
    assert suggested and not any(HEADLINE in t for t in suggested)
    window.intake.dock.hide()

    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]

    def question(_parent: object, title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(f"{title}: {text}")
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    text = library.texts[source_id]
    start = text.index(HEADLINE)
    view.select_code_points(start, start + len(HEADLINE))
    before = len(library.evidence_for("mayo-adsc-sci", "subjects"))
    assert not window.editing.mark_evidence(claim_index=0)  # No: nothing quoted
    assert len(asked) == 1 and asked[0].startswith("Quote boilerplate?") and HEADLINE in asked[0]
    assert len(library.evidence_for("mayo-adsc-sci", "subjects")) == before
    assert window.editing.mark_evidence(claim_index=0)  # Yes: quoted
    assert len(asked) == 2
    assert len(library.evidence_for("mayo-adsc-sci", "subjects")) == before + 1
    # Words of the article itself are quoted without a question.
    story = text.index("Seven of the ten patients")
    view.select_code_points(story, story + len("Seven of the ten patients"))
    assert window.editing.mark_evidence(claim_index=0)
    assert len(asked) == 2


ARTICLE_PAGES = [
    ["Neural Stem Cell Grafts Tested in Four People with Spinal Cord Injury",
     "Physicians at UC San Diego Health have completed a small first-in-human trial.",
     "No serious adverse events related to the cells were seen during the trial."],
    ["The surgery took place at the university hospital in 2019 and 2020.",
     "The cells were made in the hospital's own laboratory under strict rules."],
    ["The trial enrolled four patients who had lived with a chronic spinal cord injury.",
     "Each patient received a graft of 20 million human neural stem cells.",
     "The patients were followed for 18 months after the surgery."],
]


def _imported_pdf(window: MainWindow, seed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    pdf = tmp_path / "ucsd.pdf"
    pdf.write_bytes(make_pdf([column_lines(56, 740, lines) for lines in ARTICLE_PAGES]))
    _choose(monkeypatch, NEW_STUDY)
    assert window.intake.import_file(pdf)
    library = window.library
    assert library is not None
    study = library.studies[-1]
    source_id = study.sources[0]
    text = library.texts[source_id]
    session = window.intake.session
    for key, words in (("subjects", "four patients"), ("safety", "No serious adverse events")):
        session.select(study.id, key)
        at = text.index(words)
        assert window.editing.mark_evidence(claim_index=0, span=_selection(source_id, text, at, at + len(words)))
    # Not saved yet: the pages are those of the file it was read from.
    window.select_cell(study.id, "subjects")
    assert window.source_pane.pages_button.isVisible()
    assert window.source_pane.current_pdf() == pdf
    assert session.save()  # the PDF is kept beside its text: the Pages view finds it there now
    assert window.source_pane.current_pdf() == (window.library.root / library.sources[source_id].path).with_suffix(".pdf")
    return study.id, source_id


def _selection(source_id: str, text: str, start: int, end: int):  # type: ignore[no-untyped-def]
    from comparator_gui.session import SourceSelection

    return SourceSelection(source_id, start, end, text[start:end])


def test_pages_follow_the_selected_field_and_fit_the_pane(
    seeded_window: MainWindow, seed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot  # type: ignore[no-untyped-def]
) -> None:
    window = seeded_window
    study_id, _source_id = _imported_pdf(window, seed_copy, tmp_path, monkeypatch)
    window.select_cell(study_id, "subjects")
    pane = window.source_pane
    assert pane.pages_button.isVisible()
    pane.pages_button.setChecked(True)
    pages = pane.page_view
    qtbot.waitUntil(lambda: not pages.reading, timeout=20000)  # the highlights are placed once the PDF's text is read (off the UI thread)
    assert pages.isVisible() and len(pages.pages) == 3 and pages.message == ""
    # The subjects quote is on page 3: the view is there, its highlight in sight.
    # (The last page cannot scroll up to the reading line: in view is what counts.)
    rects = [r for r, k in zip(pages.rects[2], pages.rect_fields[2], strict=True) if k == "subjects"]
    assert rects and not any(k == "subjects" for k in pages.rect_fields[0] + pages.rect_fields[1])
    top = pages.pages[2].y() + rects[0].y() - pages.verticalScrollBar().value()
    assert 0 <= top < pages.viewport().height() - rects[0].height()
    assert 2 in pages.rendered
    # Selecting another field's cell goes to its page.
    window.select_cell(study_id, "safety")
    assert pages.current_page() == 0
    # Pages fill the pane's width, and follow it when it is resized.
    width = pages.viewport().width()
    assert width - MARGIN - 2 <= pages.pages[0].width() <= width
    sizes = window.splitter.sizes()
    window.splitter.setSizes([sizes[0] - 200, sizes[1] + 200])
    qtbot.waitUntil(lambda: abs(pages.pages[0].width() - (pages.viewport().width() - MARGIN)) <= 2, timeout=2000)
    assert pages.viewport().width() > width + 60
    assert pages.pages[0].pixmap().width() == pages.pages[0].width()  # rendered again at the new width
    # Clicking a highlight selects its field's cell, as in the text view.
    window.select_cell(study_id, "safety")
    rects = pages.rects[2]
    subjects = rects[pages.rect_fields[2].index("subjects")]
    pages.scroll_to_page(2)
    qtbot.mouseClick(pages.pages[2], Qt.MouseButton.LeftButton, pos=subjects.center().toPoint())
    assert window.intake.session.selection is not None
    assert window.intake.session.selection.field_key == "subjects"
    assert pages.verticalScrollBar().value() > pages.pages[0].height()  # still at the clicked page, not back at the top
    # Back to the text: the page in view is the text in view.
    pane.pages_button.setChecked(False)
    view = pane.current_view()
    assert view is not None and view.isVisible()
    shown = view.cursorForPosition(QPoint(0, view.viewport().height() // 2)).block().text()
    assert shown and shown in "\n".join(" ".join(p) for p in ARTICLE_PAGES[1:])


def test_suggested_sentences_underlined_while_the_panel_shows_them(
    seeded_window: MainWindow, seed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = seeded_window
    pdf = tmp_path / "ucsd.pdf"
    pdf.write_bytes(make_pdf([column_lines(56, 740, lines) for lines in ARTICLE_PAGES]))
    _choose(monkeypatch, NEW_STUDY)
    assert window.intake.import_file(pdf)  # shows the Suggestions panel
    library = window.library
    assert library is not None
    study = library.studies[-1]
    source_id = study.sources[0]
    window.select_cell(study.id, "subjects")
    rows = window.intake.dock.list.rows
    assert rows
    view = window.source_pane.views()[source_id]
    assert view.texts_of(view.suggested) == [s.text for _source, s, _conflict in rows]
    assert any("four patients" in t for t in view.shown_layers()["dotted"])
    window.select_cell(study.id, "safety")
    assert any("No serious adverse events" in t for t in view.texts_of(view.suggested))
    assert not any("four patients" in t for t in view.texts_of(view.suggested))
    window.intake.dock.hide()
    assert view.suggested == [] and view.shown_layers()["dotted"] == []


def test_trim_dialog_keys_move_either_end_and_escape_quotes_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "Intro. The trial enrolled four patients who had lived with an injury. Outro."
    start = text.index("The trial")
    end = text.index(" Outro")
    dialog = TrimDialog(None, text, start, end, "Subjects")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.span() == (start, end)
    assert dialog.preview.text() == f"Will quote: “{text[start:end]}”"
    alt = Qt.KeyboardModifier.AltModifier
    for _ in range(3):  # the start a word at a time: "four patients …"
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Right, alt)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    for _ in range(6):  # the end: "." "injury" "an " "with " "lived " "had "
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Left, ctrl_shift)
    span = dialog.span()
    assert span is not None and text[span[0] : span[1]] == "four patients who"
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    span = dialog.span()
    assert span is not None and text[span[0] : span[1]] == "four patients who"  # half a word back: snapped whole
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected


@pytest.mark.parametrize("how", ["Cancel button", "Esc"])
def test_a_500_page_pdf_reads_off_the_ui_thread_and_cancel_imports_nothing(
    seeded_window: MainWindow, seed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot, how: str  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    window = seeded_window
    line = "The trial enrolled four patients who had lived with a chronic spinal cord injury."
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(make_pdf([column_lines(56, 740, [f"Page {n + 1}. {line}"] * 40) for n in range(500)]))
    library = window.library
    assert library is not None
    sources_before = [s.model_dump() for s in library.meta.sources]
    files_before = sorted(p.relative_to(seed_copy) for p in seed_copy.rglob("*"))

    def never_asked(_dialog: WhichStudyDialog) -> int:
        raise AssertionError("a cancelled import asks nothing more")

    monkeypatch.setattr(WhichStudyDialog, "exec", never_asked)
    ticks: list[int] = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: ticks.append(1))
    ticker.start(10)
    labels: list[str] = []

    def cancel_once_under_way() -> None:
        shown = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
        if shown and shown[0].value() >= 5:
            labels.append(shown[0].labelText())
            button = shown[0].findChild(QPushButton)
            assert button is not None and button.text() == "Cancel"
            if how == "Esc":
                qtbot.keyClick(shown[0], Qt.Key.Key_Escape)
            else:
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        else:
            QTimer.singleShot(20, cancel_once_under_way)

    QTimer.singleShot(0, cancel_once_under_way)
    status: list[str] = []
    window.intake.session.events.status.connect(status.append)
    assert not window.intake.import_file(pdf)
    ticker.stop()
    # The dialog counted pages while the UI thread kept running its timers.
    assert labels and labels[0].startswith("Reading long.pdf: page ") and labels[0].endswith(" of 500…")
    # (How many 10 ms ticks fit depends on how busy the machine is: the Cancel,
    # clicked from a timer on the UI thread mid-read, is the proof; a few ticks
    # are asked for, not a count.)
    assert len(ticks) >= 2
    # Nothing was imported: no source, no study, no undo step, no file.
    assert [s.model_dump() for s in library.meta.sources] == sources_before
    assert not window.intake.session.modified and not window.intake.session.history.can_undo
    assert sorted(p.relative_to(seed_copy) for p in seed_copy.rglob("*")) == files_before
    assert status[-1] == "Import of long.pdf cancelled; nothing was imported."
