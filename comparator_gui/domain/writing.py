"""Writing a library back: records as the file format lays them out, saved atomically.

A study is written to its own file (a new study to a new one, never over a
file already there) and library.json on its own; a file the loader could not
fully read is never overwritten (``SaveRefused``), since what was not read
would be lost; nor is a file that changed on disk since it was read
(``disk.ChangedOnDisk``): each target is checked before anything is written
(``check_targets``) and again just before its atomic replace, and what was
written is recorded as read.
"""

from __future__ import annotations

import os
from pathlib import Path

from .disk import ChangedOnDisk, DiskChange, check_unchanged, written_stamp
from .library import LIBRARY_FILE, STUDIES_DIR, Library
from .models import FieldDef, LibraryMeta, Study
from .storage import atomic_write_text, dumps


class SaveRefused(OSError):
    """A save that would overwrite a file the loader could not fully read.

    An ``OSError`` so that a caller's "could not save" handler shows it; the
    message says which file and why. Nothing has been written.
    """


def study_json(study: Study, catalogue: list[FieldDef]) -> str:
    """A study as the file format writes it: fields in catalogue order, then any others."""
    data = study.model_dump(mode="json", exclude_none=True)
    order = {definition.key: i for i, definition in enumerate(catalogue)}
    data["fields"] = dict(
        sorted(data["fields"].items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    )
    return dumps(data)


def library_json(meta: LibraryMeta) -> str:
    return dumps(meta.model_dump(mode="json", exclude_none=True))


def _refuse_unread(library: Library, path: Path) -> None:
    reason = library.unread_files.get(path)
    if reason is not None:
        rel = path.relative_to(library.root).as_posix() if path.is_relative_to(library.root) else str(path)
        raise SaveRefused(
            f"not saved: {rel} could not be fully read ({reason}); saving over it would lose "
            "what was not read. Fix or move that file, reload the library, then save again."
        )


def _new_study_path(library: Library, study_id: str) -> Path:
    """``studies/<id>.json``, or ``<id>-2.json``, ... when that name is taken on
    disk (by a study with another id, an unreadable file, a file that appeared
    after loading): a new study never overwrites an existing file."""
    folder = library.root / STUDIES_DIR
    taken = set(library.study_files.values())
    for n in range(1, 10_000):
        path = folder / (f"{study_id}.json" if n == 1 else f"{study_id}-{n}.json")
        if path not in taken and path not in library.unread_files and not os.path.lexists(path):
            return path
    raise SaveRefused(f"not saved: no free file name for study {study_id!r} in {STUDIES_DIR}/")


def save_study(library: Library, study: Study) -> Path:
    """Write ``study`` atomically to its file (a new study gets a new file).

    Raises ``SaveRefused`` rather than overwrite a file the loader could not
    fully read, and ``OSError`` when the disk refuses; the old file is intact.
    """
    path = library.study_files.get(study.id)
    if path is None:
        path = _new_study_path(library, study.id)
        if library.read_stamps:  # a loaded library: the new file must still be free when replaced
            library.read_stamps.setdefault(path, None)
    _refuse_unread(library, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_checked(library, path, study_json(study, library.catalogue), study.id)
    library.study_files[study.id] = path
    return path


def save_meta(library: Library) -> Path:
    """Write ``library.json``; refused (``SaveRefused``) when it was not fully
    read, since ``library.meta`` then lacks what could not be read."""
    path = library.root / LIBRARY_FILE
    _refuse_unread(library, path)
    _write_checked(library, path, library_json(library.meta))
    return path


def _write_checked(library: Library, path: Path, text: str, study_id: str | None = None) -> None:
    """Write ``text`` atomically unless ``path`` changed on disk since it was
    read (checked before writing and again just before the replace); then
    record what was written as what the app holds."""
    root, stamps = library.root, library.read_stamps
    check_unchanged(root, stamps, path, study_id)
    atomic_write_text(path, text, lambda: check_unchanged(root, stamps, path, study_id))
    if stamps:  # a loaded library (one built in memory records nothing)
        stamps[path] = written_stamp(path, text.encode("utf-8"))


def check_targets(library: Library, study_ids: list[str], meta: bool, new_files: list[Path]) -> None:
    """Before a save writes anything: raise ``ChangedOnDisk`` naming every
    target that changed on disk since it was read (the studies' files,
    library.json when ``meta``), or a new file that would land on one that
    appeared. Nothing is written when one of them did."""
    changes: list[DiskChange] = []
    root, stamps = library.root, library.read_stamps
    targets: list[tuple[Path, str | None]] = [(path, None) for path in new_files]
    targets += [(library.study_files[i], i) for i in study_ids if i in library.study_files]
    if meta:
        targets.append((root / LIBRARY_FILE, None))
    for path, study_id in targets:
        try:
            if path in new_files:
                if os.path.lexists(path):
                    check_unchanged(root, {path: None}, path)
            else:
                check_unchanged(root, stamps, path, study_id)
        except ChangedOnDisk as exc:
            changes.extend(exc.changes)
    if changes:
        raise ChangedOnDisk(changes)


def write_new_file(library: Library, path: Path, text: str) -> Path:
    """A new file (an imported source's text): never over a file that is
    already there, unless it holds exactly this text."""
    data = text.encode("utf-8")
    if os.path.lexists(path) and not (path.is_file() and path.read_bytes() == data):
        check_unchanged(library.root, {path: None}, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)
    library.read_stamps[path] = written_stamp(path, data)
    return path


def remove_study_file(library: Library, study_id: str) -> Path | None:
    """Delete a removed study's file, unless it changed on disk since it was
    read (``ChangedOnDisk``); the file removed, or None."""
    path = library.study_files.get(study_id)
    if path is None:
        return None
    check_unchanged(library.root, library.read_stamps, path, study_id)
    try:
        os.unlink(path)
    except FileNotFoundError:
        path = None
    library.study_files.pop(study_id, None)
    if path is not None and library.read_stamps:
        library.read_stamps[path] = None
    return path
