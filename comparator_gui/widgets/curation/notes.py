"""Part of the curation feature: Edit → Confirm note, and the setting
Edit → Snap selections to whole words.

A field's note written before its claims last changed reads "note may be out
of date" (``domain/quality.py``); Confirm note records that it still holds,
as one undoable edit (``domain/notes.py: confirm_note`` through
``AppSession.run_edit``). The snapping setting is ``Settings.snap_to_words``;
marking evidence passes it to ``LibraryEditor.add_evidence(snap=...)``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from ...domain.notes import confirm_note
from ...qt.actions import FeatureContext


class NoteCommands(QObject):
    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self.session = session = context.session
        self.confirm_action = context.actions.bind("curation.confirm_note", self.confirm_note)
        self.snap_action = context.actions.bind_toggle("curation.snap_words", self.set_snapping)
        self.snap_action.setChecked(session.settings.snap_to_words)

    def confirm_note(self) -> bool:
        """The selected field's note still holds for its claims as they are now."""
        cell = self.session.selection
        if cell is None or self.session.library is None:
            return False
        study_id, key = cell.study_id, cell.field_key
        done = self.session.run_edit("Confirm note", [study_id], lambda e: confirm_note(e, study_id, key))
        if done:
            self.session.show_status("Reviewer's note confirmed for the field's claims as they are now.")
        return done

    def set_snapping(self, on: bool) -> None:
        self.session.settings.snap_to_words = on
        self.session.show_status(
            "Selections marked as evidence snap to whole words."
            if on
            else "Selections are quoted as selected; one that cuts a word is refused."
        )
