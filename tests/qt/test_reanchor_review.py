"""The re-anchor review through the real window: accepting moved quotes
leaves the Problems panel with only what is still wrong (and undo brings the
problems back), and an orphaned quote has no new place to accept."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from comparator_gui.domain.editing import EditError, LibraryEditor
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.reanchor import ReanchorItem, accept
from comparator_gui.widgets.curation.reanchor_dialog import ReanchorDialog
from comparator_gui.widgets.main_window import MainWindow

KEIO = "004_2fe5765ebb54253d.txt"


@pytest.fixture
def window(qtbot):  # type: ignore[no-untyped-def]
    win = MainWindow(persist=False)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    return win


def _panel(window: MainWindow) -> list[str]:
    model = window.problems_model
    return [f"{model.index(row, 1).data()} {model.index(row, 2).data()} {model.index(row, 3).data()}" for row in range(model.rowCount())]


def test_accept_all_moved_leaves_only_what_is_still_wrong(
    qtbot, window: MainWindow, seed_copy: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    path = seed_copy / KEIO
    text = path.read_text(encoding="utf-8")
    # Text inserted above every quote (all move), and one quoted phrase reworded (fuzzy).
    path.write_text(
        "Editor's note: updated.\n" + text.replace("two out of the four patients showed", "two out of four patients showed"),
        encoding="utf-8",
    )
    window.load_library_now(seed_copy)
    before = _panel(window)
    assert any("has changed since its quotes were anchored" in line for line in before)
    assert any("not at its stored" in line for line in before)  # moved quotes
    assert any("is not verbatim" in line for line in before)  # the reworded ones
    assert window.problems_button.isVisible() and window.problems_button.text() == f"⚠ {len(before)} problems"

    dialog = ReanchorDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.moved_button.click()

    after = _panel(window)
    # Only the two fuzzy quotes are still wrong: no moved quote, and the source
    # keeps its "changed" warning while quotes in it are unsettled.
    assert not any("not at its stored" in line for line in after), after
    assert [line for line in after if "is not verbatim" in line] == [line for line in before if "is not verbatim" in line]
    assert after == [line for line in before if "not at its stored" not in line]
    assert window.problems_button.text() == f"⚠ {len(after)} problems"

    while dialog.model.items:
        dialog.select_row(0)
        dialog.accept_button.click()
    assert _panel(window) == [] and not window.problems_button.isVisible()
    assert window.editing.save()
    assert load_library(seed_copy).problems == []

    # Undo brings back exactly what a reload of the earlier files would show.
    while window.session.history.can_undo:
        window.actions_["curation.undo"].trigger()
    assert _panel(window) == before
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)  # on closing


def test_an_orphaned_quote_cannot_be_accepted(qtbot, window: MainWindow, seed_copy: Path) -> None:  # type: ignore[no-untyped-def]
    path = seed_copy / KEIO
    text = path.read_text(encoding="utf-8")
    library = load_library(seed_copy)
    quote = next(ref.evidence.exact for ref in library.evidence if ref.evidence.source == "afp-keio-2025" and len(ref.evidence.exact) > 30)
    path.write_text(text.replace(quote, ""), encoding="utf-8")  # the quoted words are gone
    window.load_library_now(seed_copy)
    dialog = ReanchorDialog(window.session, window)
    qtbot.addWidget(dialog)
    rows = [n for n, item in enumerate(dialog.model.items) if item.status.value == "orphan"]
    assert rows, [i.status for i in dialog.model.items]
    dialog.select_row(rows[0])
    assert not dialog.accept_button.isEnabled()
    assert dialog.drop_button.isEnabled() and dialog.reselect_button.isEnabled()
    assert "orphaned" in dialog.accept_button.toolTip()
    # The domain refuses too, with a message rather than a crash.
    assert window.library is not None
    with pytest.raises(EditError, match="an orphaned quote has no new place to accept"):
        accept(LibraryEditor(window.library), ReanchorItem(dialog.model.items[rows[0]].ref))
    moved = [n for n, item in enumerate(dialog.model.items) if item.status.value == "moved"]
    if moved:
        dialog.select_row(moved[0])
        assert dialog.accept_button.isEnabled()
