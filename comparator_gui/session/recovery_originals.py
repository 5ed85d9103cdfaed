"""The files unsaved sources were imported from (a PDF), kept with the
recovery file so that a crash before Save loses neither the text nor its PDF.

The recovery file holds an unsaved source's text; its PDF is only copied
beside the text on save (``LibraryEditor.pending_originals``), and until then
the editor points at the file the reviewer picked, often in a downloads
folder that is cleaned. So each such file is copied into the app's own
folder, next to the recovery file (``<recovery>.originals/<source id>.pdf``),
and the recovery file names the copies. Restoring points the editor at the
copies; saving copies them into the library; discarding removes them. No Qt.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ..domain.editing import LibraryEditor
from ..domain.storage import dumps

#: The key the recovery file gets (older app versions ignore it).
KEY = "pending_originals"


def originals_dir(recovery_file: Path) -> Path:
    return recovery_file.with_suffix(".originals")


def keep_originals(editor: LibraryEditor, recovery_file: Path) -> dict[str, str]:
    """Copy the original of every unsaved source into the app's folder (once;
    a copy no unsaved source needs any more is removed). Returns the copies'
    paths by source id. Raises ``OSError`` when a copy cannot be made."""
    folder = originals_dir(recovery_file)
    wanted = {
        source_id: Path(original)
        for source_id, original in editor.pending_originals.items()
        if source_id in editor.pending_sources
    }
    kept: dict[str, str] = {}
    for source_id, original in wanted.items():
        copy = folder / f"{source_id}{original.suffix.lower() or '.pdf'}"
        if original != copy and not (copy.is_file() and copy.stat().st_size == original.stat().st_size):
            folder.mkdir(parents=True, exist_ok=True)
            partial = copy.with_name(copy.name + ".part")
            shutil.copyfile(original, partial)
            partial.replace(copy)  # a crash mid-copy leaves no half file under the name
        kept[source_id] = str(copy)
    if folder.is_dir():
        for stale in folder.iterdir():
            if str(stale) not in kept.values():
                stale.unlink(missing_ok=True)
    return kept


def with_originals(recovery_json: str, kept: dict[str, str]) -> str:
    """The recovery file's text naming the kept copies (unchanged when there are none)."""
    if not kept:
        return recovery_json
    data = json.loads(recovery_json)
    data[KEY] = kept
    return dumps(data)


def restore_originals(editor: LibraryEditor, recovery_json: str) -> list[str]:
    """Point the editor at the kept copies named in a recovery file. Returns
    the names of those that are gone (their sources keep their text, without the PDF)."""
    named = json.loads(recovery_json).get(KEY) or {}
    missing = []
    for source_id, copy in named.items():
        if source_id in editor.pending_sources and Path(copy).is_file():
            editor.pending_originals[source_id] = Path(copy)
        else:
            missing.append(Path(copy).name)
    return missing


def discard_originals(recovery_file: Path) -> None:
    shutil.rmtree(originals_dir(recovery_file), ignore_errors=True)
