"""The session's side of changes on disk: what changed, the reviewer's choices
after a refused save, reloading, comparing, and who else has the library
open. No Qt; the library feature's watcher and bar call these
(``widgets/library/disk_bar.py``), and the domain does the work
(``domain/disk.py``, ``domain/disk_sync.py``, ``domain/library_lock.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..domain import library_lock
from ..domain.disk import ChangedOnDisk, DiskChange, scan
from ..domain.disk_sync import (
    Comparison,
    compare,
    keep_mine_as_copy,
    reload_keeping_edits,
    set_aside,
    take_theirs,
)
from ..domain.editing import EditError, LibraryEditor, recovery_key
from ..domain.loading import load_library
from ..domain.writing import library_json, study_json
from ..settings import config_dir

if TYPE_CHECKING:
    from .app_session import AppSession

Keep = Literal["aside", "copy", "drop"]


class DiskSync:
    def __init__(self, session: AppSession) -> None:
        self.session = session
        #: Called with a refused save's ``ChangedOnDisk`` (the library feature
        #: shows its choices); with none, the session says it in a notice.
        self.conflict_handlers: list[Callable[[ChangedOnDisk], object]] = []
        self._lock: Path | None = None
        self._locked_root: Path | None = None

    # ------------------------------------------------------------------ what changed

    def changes(self) -> list[DiskChange]:
        """Files the app read (or wrote) that hold something else on disk now,
        and study files that appeared."""
        library = self.session.library
        if library is None:
            return []
        return scan(library.root, library.read_stamps, library.study_files)

    def set_aside_folder(self) -> Path:
        library = self.session.library
        key = recovery_key(library.root) if library is not None else "none"
        return config_dir() / "recovery" / f"{key}-set-aside"

    def refused(self, exc: ChangedOnDisk) -> None:
        """A save refused because files changed on disk: the edits are kept (in
        memory and in the recovery file), and the reviewer is told which files."""
        session = self.session
        session.write_recovery()
        names = ", ".join(change.rel for change in exc.changes)
        session.show_status(f"Not saved: {names} changed on disk since it was read. Nothing was overwritten.")
        if self.conflict_handlers:
            for handler in list(self.conflict_handlers):
                handler(exc)
        else:
            session.tell("error", "Not saved: changed on disk", str(exc))

    # ------------------------------------------------------------------ the reviewer's choices

    def take_theirs(self, study_id: str, keep: Keep = "aside") -> Path | None:
        """The study as it is on disk replaces the one in memory (one undoable
        step: Ctrl+Z brings the reviewer's version back). ``keep``: "aside"
        also writes the reviewer's version to the set-aside folder, "copy" to
        ``studies/<id>.mine.json`` in the library, "drop" keeps it in the undo
        history only. Returns the file that keeps it, if any."""
        session = self.session
        library = session.library
        if library is None or session.editor is None:
            return None
        kept: list[Path] = []
        if keep == "aside":
            try:
                mine = study_json(library.study(study_id), library.catalogue)
                kept.append(set_aside(self.set_aside_folder(), study_id, mine))
            except (KeyError, OSError) as exc:
                session.tell("warning", "Not reloaded", f"Your version of {study_id!r} could not be kept aside: {exc}")
                return None
        rel = library.study_files[study_id].name if study_id in library.study_files else study_id

        def edit(editor: LibraryEditor) -> None:
            if keep == "copy":
                kept.append(keep_mine_as_copy(editor, study_id))
            else:
                take_theirs(editor, study_id)

        if not session.run_edit(f"Reload {rel} from disk", [study_id], edit):
            return None
        session.write_recovery()
        where = f"; your version is in {kept[0]}" if kept else "; Undo brings your version back"
        session.show_status(f"Reloaded {rel} from disk{where}.")
        return kept[0] if kept else None

    def reload(self) -> bool:
        """Read the whole library again (library.json, sources, studies),
        keeping every unsaved edit; an edited study whose file changed stays
        the reviewer's, and Save still refuses to overwrite that file."""
        session = self.session
        old = session.editor
        if old is None:
            return False
        try:
            fresh = load_library(old.library.root)
            reloaded = reload_keeping_edits(old, fresh)
        except (OSError, EditError, ValueError) as exc:
            session.tell("warning", "Not reloaded", f"The library could not be read again: {exc}")
            return False
        aside = ""
        if reloaded.meta_conflicts:
            try:
                aside = f" Your library.json is kept in {set_aside(self.set_aside_folder(), 'library', library_json(old.library.meta))}."
            except OSError as exc:
                aside = f" Your library.json could not be kept aside: {exc}."
        session.set_library(fresh)
        session.editor = reloaded.editor
        session.history.clear()
        session._changed(reloaded.kept)  # the session announces it as after an edit
        session.write_recovery()
        kept = f"; {len(reloaded.kept)} unsaved stud{'y' if len(reloaded.kept) == 1 else 'ies'} kept" if reloaded.kept else ""
        both = f" Both sides changed {', '.join(reloaded.meta_conflicts)} in library.json: theirs kept." if reloaded.meta_conflicts else ""
        session.show_status(f"Reloaded the library from disk{kept}.{both}{aside}")
        return True

    def compare(self, path: Path) -> Comparison | None:
        editor = self.session.editor
        return compare(editor, path) if editor is not None else None

    # ------------------------------------------------------------------ open elsewhere

    def lock(self) -> list[library_lock.Holder]:
        """Note that this window has the library open; the other windows and
        processes that have it open too (a warning, never a block)."""
        library = self.session.library
        if library is None or not self.session.persist:
            return []
        root = library.root.resolve()
        if root == self._locked_root:
            return []
        self.unlock()
        self._lock, holders = library_lock.acquire(config_dir() / "locks" / recovery_key(root), root)
        self._locked_root = root
        return holders

    def unlock(self) -> None:
        library_lock.release(self._lock)
        self._lock = self._locked_root = None
