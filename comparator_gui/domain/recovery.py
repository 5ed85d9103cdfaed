"""The autosave (recovery) file: everything a library editor holds unsaved, and
putting it back. Written by the session after each edit; read when the app
starts again after a crash (``session.app_session``)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from .models import LibraryMeta, Study
from .storage import dumps
from .writing import library_json

if TYPE_CHECKING:
    from .editing import LibraryEditor

RECOVERY_VERSION = 1


def recovery_key(root: Path) -> str:
    """A short name for a library folder, for its recovery file and lock."""
    return hashlib.sha256(str(Path(root).resolve()).encode("utf-8")).hexdigest()[:20]


def recovery_json(editor: LibraryEditor) -> str:
    """Everything unsaved, for the autosave file: the changed studies (null:
    removed), the study order, library.json and unsaved source texts."""
    return dumps(
        {
            "recovery_version": RECOVERY_VERSION,
            "library": str(editor.library.root.resolve()),
            "meta": json.loads(library_json(editor.library.meta)),
            "studies": {
                study_id: None if data is None else json.loads(data)
                for study_id, data in editor.changed_studies().items()
            },
            "order": [s.id for s in editor.library.studies],
            "pending_sources": editor.pending_sources,
        }
    )


def apply_recovery(editor: LibraryEditor, text: str) -> None:
    """Puts the editor's library in the state of a recovery file (unsaved: save to keep it)."""
    from .editing import EditError  # editing imports this module

    data = json.loads(text)
    if data.get("recovery_version") != RECOVERY_VERSION:
        raise EditError("this recovery file was written by another version of the app")
    changed = {
        study_id: None if record is None else Study.model_validate(record)
        for study_id, record in data["studies"].items()
    }
    editor.touch_meta()
    library = editor.library
    library.meta = LibraryMeta.model_validate(data["meta"])
    editor.pending_sources = dict(data.get("pending_sources", {}))
    library.texts.update(editor.pending_sources)
    by_id = {s.id: s for s in library.studies}
    for study_id, study in changed.items():
        editor._touch(study_id)
        if study is None:
            by_id.pop(study_id, None)
        else:
            by_id[study_id] = study
    order = [i for i in data.get("order", []) if i in by_id]
    placed = set(order)
    library.studies = [by_id[i] for i in order] + [s for i, s in by_id.items() if i not in placed]
    editor._reindex(list(changed))
