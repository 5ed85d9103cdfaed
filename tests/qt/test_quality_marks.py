"""Issue 14, items 3 and 4, through the real window: a half-word selection is
snapped to whole words (or refused with snapping off), a note older than its
field's claims is marked in the grid cell until Edit → Confirm note, and a
value stating a number none of its quotes gives is marked in its cell."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QMessageBox

from comparator_gui.domain.cell import NOTE_STALE_LINE, NUMBERS_LINE
from comparator_gui.qt.item_data import item_data
from comparator_gui.qt.roles import Role
from comparator_gui.widgets.main_window import MainWindow

KEIO, MAYO = "keio-ips-nsc-sci", "mayo-adsc-sci"
KEIO_SOURCE = "afp-keio-2025"


@pytest.fixture
def window(seeded_window: MainWindow) -> MainWindow:
    return seeded_window




def _select_part(win: MainWindow, source_id: str, part: str) -> tuple[int, int]:
    """Select ``part`` of a source in its tab, as a drag with the mouse would."""
    library = win.library
    assert library is not None
    text = library.texts[source_id]
    start = text.index(part)
    view = win.source_pane.views()[source_id]
    win.source_pane.tabs.setCurrentWidget(view)
    view.select_code_points(start, start + len(part))
    assert view.textCursor().selectedText() == part
    return start, start + len(part)


def _status_line(win: MainWindow, study_id: str, key: str) -> str:
    return str(item_data(win.model.index_of(study_id, key), Role.STATUS_LINE))


def _tooltip(win: MainWindow, study_id: str, key: str) -> str:
    return str(item_data(win.model.index_of(study_id, key), Qt.ItemDataRole.ToolTipRole))


def test_a_half_word_selection_is_snapped_to_whole_words(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.editing.notes.snap_action.isChecked()  # on by default
    window.select_cell(KEIO, "safety")
    # "t two ... motor func": cut at both ends, as a careless drag leaves it.
    _select_part(window, KEIO_SOURCE, "closely monitored")  # a whole-words selection first: kept as is
    window.editing.mark_action.trigger()
    library = window.library
    assert library is not None
    quotes = [e.exact for c in library.study(KEIO).field("safety").claims for e in c.evidence]
    assert quotes[-1] == "closely monitored"
    _select_part(window, KEIO_SOURCE, "osely monitor")
    window.editing.mark_action.trigger()
    quotes = [e.exact for c in library.study(KEIO).field("safety").claims for e in c.evidence]
    assert quotes[-1] == "closely monitored"
    assert window.source_pane.views()[KEIO_SOURCE].strong_texts().count("closely monitored") == 2
    assert "inside a word" not in " ".join(p.reason for p in library.problems)


def test_with_snapping_off_a_half_word_selection_is_refused(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: shown.append(str(text)))
    window.editing.notes.snap_action.trigger()  # Edit → Snap selections to whole words: off
    assert window.session.settings.snap_to_words is False
    window.select_cell(KEIO, "safety")
    library = window.library
    assert library is not None
    before = [e.exact for c in library.study(KEIO).field("safety").claims for e in c.evidence]
    _select_part(window, KEIO_SOURCE, "osely monitor")
    window.editing.mark_action.trigger()
    assert len(shown) == 1
    assert "“closely” and “monitored”" in shown[0] and "in half" in shown[0]
    assert [e.exact for c in library.study(KEIO).field("safety").claims for e in c.evidence] == before
    assert not window.session.history.can_undo
    _select_part(window, KEIO_SOURCE, "closely monitored")  # whole words are still taken
    window.editing.mark_action.trigger()
    assert [e.exact for c in library.study(KEIO).field("safety").claims for e in c.evidence][-1] == "closely monitored"
    assert len(shown) == 1


def test_a_stale_note_is_marked_in_the_grid_until_confirmed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    library = window.library
    assert library is not None
    # The bundled notes have no recorded basis: none is marked.
    assert not any(NOTE_STALE_LINE in _status_line(window, s.id, key) for s in library.studies for key in s.fields)
    window.select_cell(KEIO, "co_interventions")
    confirm = window.editing.notes.confirm_action
    assert window.editing.run("Reviewer note", [KEIO], lambda e: e.set_note(KEIO, "co_interventions", "The number of cells is not given."))
    assert not confirm.isEnabled() and NOTE_STALE_LINE not in _status_line(window, KEIO, "co_interventions")

    _select_part(window, KEIO_SOURCE, "The safety of the procedure was closely monitored")
    window.editing.mark_action.trigger()
    assert library.study(KEIO).field("co_interventions").reported
    assert NOTE_STALE_LINE in _status_line(window, KEIO, "co_interventions")
    assert "note may be out of date" in _tooltip(window, KEIO, "co_interventions")
    assert any("note may be out of date" in p.reason for p in library.problems)
    assert confirm.isEnabled()
    window.grid.viewport().grab()  # the warning is painted without error

    confirm.trigger()
    assert NOTE_STALE_LINE not in _status_line(window, KEIO, "co_interventions") and not confirm.isEnabled()
    assert not any("note may be out of date" in p.reason for p in library.problems)
    assert window.session.history.undo_text == "Confirm note"
    window.editing.undo_action.trigger()
    assert NOTE_STALE_LINE in _status_line(window, KEIO, "co_interventions") and confirm.isEnabled()
    window.editing.redo_action.trigger()
    assert NOTE_STALE_LINE not in _status_line(window, KEIO, "co_interventions")


def test_a_number_no_quote_gives_is_marked_in_its_cell(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert NUMBERS_LINE not in _status_line(window, MAYO, "subjects")
    index = window.model.index_of(MAYO, "subjects")
    window.grid.setCurrentIndex(index)
    window.grid.edit(index)
    editors = [w for w in window.grid.findChildren(QLineEdit) if w.isVisible()]
    assert len(editors) == 1
    editors[0].selectAll()
    qtbot.keyClicks(editors[0], "12 adults with spinal injuries")
    qtbot.keyClick(editors[0], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.grid.state() != QAbstractItemView.State.EditingState)
    library = window.library
    assert library is not None
    qtbot.waitUntil(lambda: library.study(MAYO).field("subjects").claims[0].value == "12 adults with spinal injuries")
    assert _status_line(window, MAYO, "subjects") == f"1 quote · {NUMBERS_LINE}"
    assert "The value states “12”, which none of its quotes gives." in _tooltip(window, MAYO, "subjects")
    (problem,) = [p for p in library.problems if p.json_path == "$.fields.subjects.claims[0].value"]
    assert problem.severity.value == "warning" and "“12”" in problem.reason
    window.grid.viewport().grab()
    window.editing.undo_action.trigger()
    assert _status_line(window, MAYO, "subjects") == "1 quote"
