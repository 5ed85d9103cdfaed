"""Building and checking records in the real window: import, study, evidence,
values, save; disputes from a second article; undo/redo; recovery after a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFileDialog, QLineEdit, QMessageBox

from comparator_gui.cli import main
from comparator_gui.domain.comparison import FieldStatus, field_status
from comparator_gui.domain.editing import new_library
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.models import EvidenceLevel, SourceType, TrialPhase
from comparator_gui.domain.writing import library_json, study_json
from comparator_gui.widgets.curation.source_dialog import SourceDialog
from comparator_gui.widgets.curation.study_dialog import StudyDialog
from comparator_gui.widgets.main_window import MainWindow
from tests.conftest import PROJECT, SEEDS

ARTICLE = (
    "Vet School Trial Shows Promise\n"
    "Researchers at Northfield University treated 12 dogs with spinal cord injury "
    "using stem cells grown from the dogs' own bone marrow.\n"
    "The cells were injected into the spinal fluid.\n"
    "Nine of the 12 dogs walked again within six months.\n"
)
SECOND = "A follow-up report says the Northfield team treated 14 dogs, not all of them with cells.\n"


@pytest.fixture
def window(qtbot, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    win = MainWindow()  # closed below, not by qtbot: see the comment there
    win.resize(1280, 800)
    win.show()
    yield win
    # Closing with unsaved edits asks first: answer it, or teardown would wait forever.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    win.close()
    win.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _when_modal(qtbot, act: Callable[[object], None]) -> None:  # type: ignore[no-untyped-def]
    """Run ``act`` on the next modal dialog as soon as it is open."""

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, attempt)
            return
        act(dialog)

    QTimer.singleShot(0, attempt)


def _span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def _select(win: MainWindow, source_id: str, quote: str, text: str) -> None:
    """Select ``quote`` in its source's tab, as a reviewer would with the mouse."""
    view = win.source_pane.views()[source_id]
    win.source_pane.tabs.setCurrentWidget(view)
    view.select_code_points(*_span(text, quote))
    assert view.textCursor().selectedText() == quote


def _mark(win: MainWindow, source_id: str, quote: str, text: str) -> None:
    _select(win, source_id, quote, text)
    win.editing.mark_action.trigger()


def _edit_in_place(qtbot, win: MainWindow, study_id: str, key: str, value: str) -> None:  # type: ignore[no-untyped-def]
    index = win.model.index_of(study_id, key)
    win.grid.setCurrentIndex(index)
    win.grid.edit(index)
    editors = [w for w in win.grid.findChildren(QLineEdit) if w.isVisible()]
    assert len(editors) == 1, "the grid opened no in-place editor"
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, value)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Qt 6 commits and closes the editor on the next turn of the event loop.
    qtbot.waitUntil(lambda: win.grid.state() != QAbstractItemView.State.EditingState)
    qtbot.waitUntil(lambda: win.library is not None and win.library.study(study_id).field(key).claims[0].value == value)


def test_build_a_record_from_a_new_article(qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    root = new_library(tmp_path / "vet", "Vet studies")
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    window.load_library_now(root)

    # Import the article through the Add source dialog.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(article), ""))

    def fill_source(dialog: object) -> None:
        assert isinstance(dialog, SourceDialog)
        dialog.import_button.click()
        dialog.published.setText("2026")
        dialog.kind.setCurrentIndex(dialog.kind.findText("Press release"))
        dialog.peer_reviewed.setCurrentIndex(dialog.peer_reviewed.findText("No"))
        dialog.ok_button.click()

    _when_modal(qtbot, fill_source)
    assert window.editing.add_source_dialog()
    library = window.library
    assert library is not None
    (source,) = library.meta.sources
    assert source.title == "Vet School Trial Shows Promise" and library.texts[source.id] == ARTICLE
    assert source.source_type is SourceType.PRESS_RELEASE and source.peer_reviewed is False
    assert source.kind_text == "Press release, not peer reviewed"

    # Create the study through its dialog.
    def fill_study(dialog: object) -> None:
        assert isinstance(dialog, StudyDialog)
        # Dogs: an animal study, whatever the vet school calls its trial; no phase stated.
        dialog.level.setCurrentIndex(dialog.level.findData(EvidenceLevel.ANIMAL))
        assert dialog.phase.currentData() == "" and dialog.phase.findData(TrialPhase.PHASE_2) > 0
        qtbot.keyClicks(dialog.title, "Autologous bone-marrow cells in dogs with spinal cord injury")
        qtbot.keyClicks(dialog.short_title, "Northfield: dogs")
        qtbot.keyClicks(dialog.institution, "Northfield University")
        dialog.ok_button.click()

    _when_modal(qtbot, fill_study)
    assert window.editing.new_study_dialog()
    (study,) = library.studies
    assert window.current_cell() == (study.id, "institution")
    assert (study.evidence_level, study.trial_phase) == (EvidenceLevel.ANIMAL, None)
    window.editing.attach_source(study.id, source.id)
    window.select_cell(study.id, "subjects")

    # Mark evidence for three fields, then edit two values in place.
    _mark(window, source.id, "12 dogs with spinal cord injury", ARTICLE)
    window.select_cell(study.id, "cell_source")
    _mark(window, source.id, "stem cells grown from the dogs' own bone marrow", ARTICLE)
    window.select_cell(study.id, "outcomes")
    _mark(window, source.id, "Nine of the 12 dogs walked again within six months", ARTICLE)
    _edit_in_place(qtbot, window, study.id, "subjects", "12 dogs with spinal cord injury")
    _edit_in_place(qtbot, window, study.id, "cell_source", "Autologous bone-marrow stem cells")
    assert window.isWindowModified()
    assert window.source_pane.views()[source.id].strong_texts() == ["stem cells grown from the dogs' own bone marrow"]

    window.editing.save_action.trigger()
    assert not window.isWindowModified()
    saved = json.loads(next((root / "studies").glob("*.json")).read_text(encoding="utf-8"))
    assert saved["fields"]["cell_source"]["claims"][0]["value"] == "Autologous bone-marrow stem cells"
    assert saved["fields"]["outcomes"]["claims"][0]["evidence"][0]["exact"] == "Nine of the 12 dogs walked again within six months"
    assert saved["fields"]["dose"] == {"claims": []}
    assert main(["validate", "--library", str(root)]) == 0


def test_second_article_that_disagrees_makes_the_field_disputed(qtbot, window: MainWindow, seed_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window.load_library_now(seed_copy)
    window.select_cell("mayo-adsc-sci", "subjects")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)  # "about this study?"
    text = "Mayo Clinic's phase 1 trial of fat-derived stem cells enrolled 12 adults, a later report says.\n"
    assert window.editing.add_source(text, title="Later report", published="2025")
    library = window.library
    assert library is not None
    new_id = library.meta.sources[-1].id
    assert new_id in library.study("mayo-adsc-sci").sources
    window.select_cell("mayo-adsc-sci", "subjects")
    _select(window, new_id, "12 adults", text)
    assert window.editing.mark_new_claim("12 adults")
    entry = library.study("mayo-adsc-sci").field("subjects")
    assert field_status(entry) is FieldStatus.DISPUTED
    index = window.model.index_of("mayo-adsc-sci", "subjects")
    from comparator_gui.qt.item_data import item_data

    tooltip = item_data(index, Qt.ItemDataRole.ToolTipRole)
    assert "Claim 1: 10 adults with spinal injuries — Can Fat-Derived Stem Cells" in tooltip
    assert "Claim 2: 12 adults — Later report" in tooltip


def test_undo_redo_return_the_exact_json(qtbot, window: MainWindow, seed_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window.load_library_now(seed_copy)
    library = window.library
    assert library is not None
    original = {s.id: study_json(s, library.catalogue) for s in library.studies}
    original_meta = library_json(library.meta)
    window.select_cell("keio-ips-nsc-sci", "safety")
    text = library.texts["afp-keio-2025"]
    _mark(window, "afp-keio-2025", "The safety of the procedure was closely monitored", text)
    _edit_in_place(qtbot, window, "mayo-adsc-sci", "dose", "100 million autologous cells")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)  # not about Keio
    window.editing.add_source("Extra article text.\n", title="Extra")
    edited = {s.id: study_json(s, library.catalogue) for s in library.studies}
    assert edited != original and window.isWindowModified()
    for _ in range(3):
        window.editing.undo_action.trigger()
    assert {s.id: study_json(s, library.catalogue) for s in library.studies} == original
    assert library_json(library.meta) == original_meta and not window.isWindowModified()
    for _ in range(3):
        window.editing.redo_action.trigger()
    assert {s.id: study_json(s, library.catalogue) for s in library.studies} == edited


def test_new_study_is_undone_completely(qtbot, window: MainWindow, seed_copy: Path) -> None:  # type: ignore[no-untyped-def]
    window.load_library_now(seed_copy)
    assert window.editing.new_study(title="Temporary study", short_title="Temp")
    assert window.model.columnCount() == 4
    window.editing.undo_action.trigger()
    assert window.model.columnCount() == 3 and not window.isWindowModified()


def test_close_with_unsaved_changes_asks(qtbot, window: MainWindow, seed_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window.load_library_now(seed_copy)
    window.editing.run("note", ["keio-ips-nsc-sci"], lambda e: e.set_note("keio-ips-nsc-sci", "dose", "checked"))
    asked: list[str] = []

    def cancel(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel)
    assert not window.close()
    assert asked and window.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    assert window.close()
    assert load_library(seed_copy).study("keio-ips-nsc-sci").field("dose").note == "checked"


def test_failed_save_keeps_edits_and_the_old_file(qtbot, window: MainWindow, seed_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window.load_library_now(seed_copy)
    folder = seed_copy / "studies"
    path = folder / "keio-ips-nsc-sci.json"
    before = path.read_bytes()
    window.editing.run("note", ["keio-ips-nsc-sci"], lambda e: e.set_note("keio-ips-nsc-sci", "dose", "checked"))
    # A really read-only folder, even for root: the immutable attribute.
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available on this file system")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(str(a[2])))
    try:
        assert not window.editing.save()
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    assert shown and "could not be saved" in shown[0] and "keio-ips-nsc-sci.json" in shown[0]
    assert path.read_bytes() == before and window.isWindowModified()
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []
    from comparator_gui.session.app_session import recovery_path

    assert "checked" in recovery_path(seed_copy).read_text(encoding="utf-8")
    assert window.editing.save()  # writable again: the edit saves
    assert load_library(seed_copy).study("keio-ips-nsc-sci").field("dose").note == "checked"


CHILD = textwrap.dedent(
    """
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from comparator_gui.app import application
    from comparator_gui.widgets.main_window import MainWindow
    from comparator_gui.session.app_session import recovery_path
    app = application()
    win = MainWindow()
    win.show()
    win.load_library_now(sys.argv[1])
    win.editing.run("note", ["keio-ips-nsc-sci"], lambda e: e.set_note("keio-ips-nsc-sci", "dose", "typed before the crash"))
    path = recovery_path(win.library.root)
    deadline = time.monotonic() + 20
    while not path.exists() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.05)
    print("ready" if path.exists() else "no recovery file", flush=True)
    time.sleep(60)
    """
)


def test_recovery_is_offered_after_a_kill(qtbot, seed_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(seed_copy)], cwd=PROJECT, stdout=subprocess.PIPE, text=True, env=os.environ.copy()
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
    assert load_library(seed_copy).study("keio-ips-nsc-sci").field("dose").note != "typed before the crash"

    offered: list[str] = []

    def restore(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        offered.append(str(args[1]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", restore)
    win = MainWindow()
    qtbot.addWidget(win)
    win.load_library_now(seed_copy)
    assert offered == ["Recover unsaved edits?"]
    assert win.library is not None
    assert win.library.study("keio-ips-nsc-sci").field("dose").note == "typed before the crash"
    assert win.isWindowModified()
    assert win.editing.save()
    assert load_library(seed_copy).study("keio-ips-nsc-sci").field("dose").note == "typed before the crash"
    time.sleep(0.01)
    from comparator_gui.session.app_session import recovery_path

    assert not recovery_path(seed_copy).exists()


def test_reanchor_review_dialog(qtbot, window: MainWindow, seed_copy: Path) -> None:  # type: ignore[no-untyped-def]
    path = seed_copy / "004_2fe5765ebb54253d.txt"
    text = path.read_text(encoding="utf-8")
    text = "Editor's note: updated.\n" + text.replace("two out of the four patients showed", "two out of four patients showed")
    path.write_text(text, encoding="utf-8")
    window.load_library_now(seed_copy)
    from comparator_gui.widgets.curation.reanchor_dialog import ReanchorDialog

    dialog = ReanchorDialog(window.session, window)
    qtbot.addWidget(dialog)
    statuses = {item.status.value for item in dialog.model.items}
    assert statuses == {"moved", "fuzzy"}
    dialog.moved_button.click()
    # Two quotes contained the changed words: both are fuzzy matches now.
    assert [item.status.value for item in dialog.model.items] == ["fuzzy", "fuzzy"]
    while dialog.model.items:
        dialog.select_row(0)
        dialog.accept_button.click()
    library = window.library
    assert library is not None
    assert library.study("keio-ips-nsc-sci").field("subjects").claims[0].evidence[0].exact == "two out of four patients"
    assert window.editing.save()
    reloaded = load_library(seed_copy)
    assert reloaded.problems == [], reloaded.problems
    assert seed_copy != SEEDS


def test_quoting_a_source_changed_on_disk_is_refused_and_nothing_changes(
    qtbot, window: MainWindow, seed_copy: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """A text not kept in memory is read again; if its file changed since the
    library was opened, a quote from it would carry offsets into other words."""
    from comparator_gui.domain import source_texts
    from comparator_gui.domain.writing import study_json

    monkeypatch.setattr(source_texts, "CACHE_CHARS", 1)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warnings.append(text))
    library = window.load_library_now(seed_copy)
    window.select_cell("keio-ips-nsc-sci", "outcomes")  # the Mayo text is not the one kept
    mayo = next(s for s in library.meta.sources if s.id == "mayo-news-2024-04-03")
    (seed_copy / mayo.path).write_bytes(b"Replaced after opening.\n" + (seed_copy / mayo.path).read_bytes())
    before = study_json(library.study("mayo-adsc-sci"), library.catalogue)
    done = window.editing.run(
        "Use as evidence", ["mayo-adsc-sci"],
        lambda editor: editor.add_evidence("mayo-adsc-sci", "dose", "mayo-news-2024-04-03", 0, 8),
    )
    assert done is False
    assert len(warnings) == 1 and "changed on disk after the library was opened" in warnings[0]
    assert study_json(library.study("mayo-adsc-sci"), library.catalogue) == before
    assert not window.session.history.can_undo
