"""Reviewer's notes kept in step with the claims they were written about.

``LibraryEditor.set_note`` records what a field's note was written against
(``FieldEntry.note_basis``, see ``quality.note_basis``); when the claims change
afterwards the note is marked "note may be out of date" (``quality.note_is_stale``).
``confirm_note`` is the reviewer saying it still holds: it records the claims
as they are now. Run it through ``AppSession.run_edit`` so it is undoable.

No Qt here.
"""

from __future__ import annotations

from .editing import EditError, LibraryEditor
from .quality import note_is_stale

__all__ = ["confirm_note", "note_is_stale"]


def confirm_note(editor: LibraryEditor, study_id: str, field_key: str) -> None:
    """The field's note still holds for its claims as they are now."""
    try:
        entry = editor.library.study(study_id).field(field_key)
    except KeyError:
        raise EditError(f"no study {study_id!r}") from None
    if not entry.note:
        raise EditError("this field has no reviewer's note to confirm")
    editor.set_note(study_id, field_key, entry.note)
