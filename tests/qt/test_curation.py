"""Curation you can trust, through the real window: a quote goes to the claim
the reviewer picks, quotes move between claims, duplicate claims merge,
sources can be detached, removed and renamed, studies deleted and renamed
(all undoable), the source pane keeps its tab and lists every source, and
values and notes are edited in a multi-line box where Tab moves on."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QPlainTextEdit

from comparator_gui.domain.loading import load_library
from comparator_gui.qt.item_data import item_data
from comparator_gui.qt.roles import Role
from comparator_gui.widgets.curation.claims import NEW_CLAIM
from comparator_gui.widgets.curation.source_manager import SourceManager
from comparator_gui.widgets.curation.text_dialog import TextDialog
from comparator_gui.widgets.main_window import MainWindow

OSAKA = "osaka-adsc-spheroids"
MICE_SOURCE = "news-2025-11-06"
RATS_SOURCE = "spine-blog-2025-12-03"


@pytest.fixture
def window(seeded_window: MainWindow) -> MainWindow:
    return seeded_window


def _select_words(win: MainWindow, source_id: str, words: str) -> None:
    view = win.source_pane.views()[source_id]
    win.source_pane.tabs.setCurrentWidget(view)
    start = view.text.index(words)
    view.select_code_points(start, start + len(words))


def _answer_item(monkeypatch: pytest.MonkeyPatch, pick: str, asked: list[str]) -> None:
    def get_item(_parent, _title, label, items, *_a, **_k):  # type: ignore[no-untyped-def]
        asked.append(label)
        return next(i for i in items if i.startswith(pick)), True

    monkeypatch.setattr(QInputDialog, "getItem", get_item)


def _claims(win: MainWindow, study_id: str, key: str) -> list[tuple[str, list[str]]]:
    assert win.library is not None
    return [(c.value, [e.exact for e in c.evidence]) for c in win.library.study(study_id).field(key).claims]


def test_a_quote_goes_to_the_claim_the_reviewer_picks(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window.select_cell(OSAKA, "subjects")
    text = window.source_pane.views()[MICE_SOURCE].text
    words = next(w for w in ("mice", "Mice") if w in text)
    _select_words(window, MICE_SOURCE, words)
    asked: list[str] = []
    _answer_item(monkeypatch, "Claim 2", asked)
    assert window.editing.mark_action.isEnabled()
    window.editing.mark_action.trigger()
    assert asked and "Subjects has 2 claims" in asked[0] and words in asked[0]
    (_, rats), (_, mice) = _claims(window, OSAKA, "subjects")
    assert words in mice and words not in rats  # not filed under the first claim
    index = window.model.index_of(OSAKA, "subjects")
    assert item_data(index, Role.STATUS_LINE).endswith("· new quote → claim 2")
    assert "claim 2 of 2" in window.status_label.text()
    # The pane stayed on the tab the reviewer marked in.
    current = window.source_pane.current_view()
    assert current is not None and current.source_id == MICE_SOURCE
    # Undo takes the quote and the marker away.
    window.actions_["curation.undo"].trigger()
    assert words not in _claims(window, OSAKA, "subjects")[1][1]
    assert "new quote" not in item_data(window.model.index_of(OSAKA, "subjects"), Role.STATUS_LINE)


def test_a_new_claim_can_be_chosen_and_cancel_changes_nothing(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window.select_cell(OSAKA, "subjects")
    text = window.source_pane.views()[RATS_SOURCE].text
    words = text.split(".")[0].split()[0]
    _select_words(window, RATS_SOURCE, words)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("", False))
    assert not window.editing.mark_evidence()
    assert len(_claims(window, OSAKA, "subjects")) == 2 and not window.session.history.can_undo
    _answer_item(monkeypatch, NEW_CLAIM, [])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("A third reading", True))
    assert window.editing.mark_evidence()
    assert [value for value, _ in _claims(window, OSAKA, "subjects")][2] == "A third reading"


def test_move_a_quote_between_claims_and_merge_duplicates(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window.select_cell(OSAKA, "subjects")
    from comparator_gui.session.app_session import QuoteAt

    # Move the mice quote to a new claim and back under the rats claim: the mice claim goes.
    assert window.editing.move_quote(QuoteAt(OSAKA, "subjects", 1, 0), 0)
    assert [len(q) for _, q in _claims(window, OSAKA, "subjects")] == [4]
    window.actions_["curation.undo"].trigger()
    assert [len(q) for _, q in _claims(window, OSAKA, "subjects")] == [3, 1]
    # Two claims that read the same: offered first, merged into one.
    assert window.editing.move_quote(QuoteAt(OSAKA, "subjects", 0, 2), None)
    window.editing.run(
        "value", [OSAKA], lambda e: e.set_value(OSAKA, "subjects", 2, "rats with spinal fractures — number not reported")
    )
    assert window.actions_["curation.merge_claims"].isEnabled()
    asked: list[str] = []

    def get_item(_parent, _title, _label, items, *_a, **_k):  # type: ignore[no-untyped-def]
        asked.extend(items)
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    window.actions_["curation.merge_claims"].trigger()
    assert "(they read the same)" in asked[0] and asked[0].startswith("Claim 3 into claim 1")
    claims = _claims(window, OSAKA, "subjects")
    assert len(claims) == 2 and len(claims[0][1]) == 3


def test_the_source_menu_offers_to_move_a_quote(window: MainWindow) -> None:
    window.select_cell(OSAKA, "subjects")
    from comparator_gui.session.app_session import QuoteAt, SourceContext

    entries = window.session.source_menu(SourceContext(MICE_SOURCE, False, (QuoteAt(OSAKA, "subjects", 1, 0),)))
    move = next(e for e in entries if e.text == "Move this Subjects quote to")
    assert next(c.text for c in move.children).startswith("Claim 1: Rats") and move.children[-1].text == "A new claim"
    assert any(e.text == "Remove this quote from Subjects" for e in entries)


def test_detach_and_remove_sources_delete_and_rename_studies(
    window: MainWindow, seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    confirmations: list[str] = []

    def yes(_parent, _title, text, *a, **k):  # type: ignore[no-untyped-def]
        confirmations.append(str(text))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    window.select_cell(OSAKA, "subjects")
    menu = window.actions_.submenu("curation.detach")
    menu.aboutToShow.emit()
    labels = [a.text() for a in menu.actions()]
    assert len(labels) == 3
    records = window.editing.records
    assert records.detach_source(OSAKA, MICE_SOURCE)
    assert "quote(s) go with it" in confirmations[-1] and "news-2025-11-06" in confirmations[-1]
    assert window.library is not None and MICE_SOURCE not in window.library.study(OSAKA).sources
    window.actions_["curation.undo"].trigger()
    assert MICE_SOURCE in window.library.study(OSAKA).sources

    # The source manager lists every source, removes one after listing its quotes.
    manager = SourceManager(window.session, window)
    assert manager.table.rowCount() == 5
    manager.select_source(MICE_SOURCE)
    manager.remove()
    assert "removed with it" in confirmations[-1] and "osaka-adsc-spheroids · subjects" in confirmations[-1]
    assert MICE_SOURCE not in window.library.sources and manager.table.rowCount() == 4
    manager.deleteLater()

    window.select_cell("mayo-adsc-sci", "dose")
    assert records.delete_study_dialog()
    assert window.model.columnCount() == 2
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("keio-2025", True))
    window.select_cell("keio-ips-nsc-sci", "dose")
    assert records.rename_study_dialog()
    assert window.current_cell() is not None and window.current_cell()[0] == "keio-2025"  # type: ignore[index]
    assert window.editing.save()
    reloaded = load_library(seed_copy)
    assert reloaded.problems == [] and sorted(s.id for s in reloaded.studies) == ["keio-2025", OSAKA]
    assert not (seed_copy / "studies" / "mayo-adsc-sci.json").exists()


def test_source_picker_lists_every_source_with_counts(window: MainWindow) -> None:
    window.select_cell(OSAKA, "subjects")
    picker = window.source_pane.picker
    assert picker.isVisible() and picker.count() == 3
    texts = [picker.itemText(i) for i in range(3)]
    assert all(" for Subjects, " in t and " in all" in t for t in texts)
    assert sum(int(t.split(" — ")[1].split(" for ")[0]) for t in texts) == 4  # the field's four quotes
    picker.activated.emit(2)
    assert window.source_pane.tabs.currentIndex() == 2
    window.source_pane.tabs.setCurrentIndex(1)
    assert picker.currentIndex() == 1
    window.select_cell("mayo-adsc-sci", "dose")  # one source: no picker needed
    assert not picker.isVisible()


def test_values_and_notes_are_edited_in_a_multi_line_box(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.select_cell("mayo-adsc-sci", "dose")

    def type_note() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, TextDialog):
            QTimer.singleShot(20, type_note)
            return
        box = dialog.findChild(QPlainTextEdit)
        assert box is not None and box.tabChangesFocus() and box.minimumHeight() > box.fontMetrics().lineSpacing() * 3
        box.setPlainText("Dose as reported:\nno number of cells.")
        qtbot.keyClick(box, Qt.Key.Key_Tab)  # Tab moves on, it types no tab
        assert "\t" not in box.toPlainText()
        dialog.accept()

    QTimer.singleShot(0, type_note)
    assert window.editing.note_dialog()
    assert window.library is not None
    assert window.library.study("mayo-adsc-sci").field("dose").note == "Dose as reported:\nno number of cells."


def test_a_folder_that_is_not_a_library_is_not_opened_but_offered(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    folder = tmp_path / "just-articles"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a library\n", encoding="utf-8")
    asked: list[str] = []

    def no(_parent, title, text, *a, **k):  # type: ignore[no-untyped-def]
        asked.append(f"{title}: {text}")
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", no)
    before = window.library
    window.open_library(folder)
    assert asked and asked[0].startswith("Not a library") and "holds no library" in asked[0]
    assert window.library is before and not window.loader.busy
    assert str(folder.resolve()) not in window.settings.recent_libraries
    assert "is not a library" in window.status_label.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.open_library(folder)
    assert window.library is not None and window.library.root == folder and (folder / "library.json").exists()


def test_dropping_article_files_imports_them(qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    from comparator_gui.widgets.curation.source_dialog import SourceDialog

    article = tmp_path / "later-report.txt"
    article.write_text("Later Report\nThe Mayo team treated 12 adults, a later report says.\n", encoding="utf-8")
    ignored = tmp_path / "figure.png"
    ignored.write_bytes(b"\x89PNG")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)  # not about this study
    monkeypatch.setattr(SourceDialog, "exec", lambda self: SourceDialog.DialogCode.Accepted)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(article)), QUrl.fromLocalFile(str(ignored))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.library is not None
    added = window.library.meta.sources[-1]
    assert added.title == "Later Report" and window.library.texts[added.id] == article.read_text(encoding="utf-8")
    assert len(window.library.meta.sources) == 6


def test_export_starts_in_the_last_export_folder(qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    exports = tmp_path / "my-exports"
    exports.mkdir()
    offered: list[str] = []
    target = exports / "sheet.csv"

    def save_as(_parent, _title, start, *_a, **_k):  # type: ignore[no-untyped-def]
        offered.append(start)
        return str(target), "CSV, UTF-8 (*.csv)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    with qtbot.waitSignal(window.export_finished, timeout=20_000):
        window.actions_["export.export"].trigger()
    assert window.library is not None and not offered[0].startswith(str(window.library.root))
    with qtbot.waitSignal(window.export_finished, timeout=20_000):
        window.actions_["export.export"].trigger()
    assert Path(offered[1]).parent == exports and offered[1].endswith(".csv")
