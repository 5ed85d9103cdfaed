"""Undoable edits: each command keeps the library's state before and after
(snapshots of the studies it touched), so undo gives back exactly the earlier
JSON, however the edit worked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from ..domain.editing import LibraryEditor, Snapshot

Changed = Callable[[list[str]], None]


class SnapshotCommand(QUndoCommand):
    def __init__(self, editor: LibraryEditor, text: str, before: Snapshot, after: Snapshot, changed: Changed) -> None:
        super().__init__(text)
        self.editor = editor
        self.before = before
        self.after = after
        self.changed = changed
        self._first = True

    def redo(self) -> None:
        if self._first:
            # The edit was already applied when the command was made.
            self._first = False
        else:
            self.editor.restore(self.after)
        self.changed(list(self.after.studies))

    def undo(self) -> None:
        self.editor.restore(self.before)
        self.changed(list(self.before.studies))
