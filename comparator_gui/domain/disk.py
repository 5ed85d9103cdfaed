"""What the app read from disk, and whether a file still holds it. No Qt.

The loader records a ``FileStamp`` (size, ``st_mtime_ns``, SHA-256 of the
bytes) for every file it reads: study files, ``library.json``, source texts
(``Library.read_stamps``; None: the file was not there). Two things use it:

- a save checks each target just before replacing it (``check_unchanged``):
  a file whose bytes differ from what was read (or that was deleted, or
  appeared where there was none) is never overwritten: ``ChangedOnDisk``;
- the window's watcher asks ``scan`` which files changed since they were read.

The SHA-256 decides. Size and mtime only let ``scan`` skip hashing a file whose
``stat`` is exactly as read (``check_unchanged`` always hashes). A save records
the stamp of what it wrote, so the app's own writes are never taken for
someone else's.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

#: A copy of the reviewer's version written by "Keep mine as a copy":
#: ``studies/<id>.mine.json`` (or ``.mine-2.json``, ...). The loader never
#: loads these as studies (they hold the same id); it lists them as warnings.
COPY_MARK = ".mine"

ChangeKind = Literal["changed", "deleted", "appeared"]


@dataclass(frozen=True, slots=True)
class FileStamp:
    size: int
    mtime_ns: int
    sha256: str


def stamp_of(raw: bytes, info: os.stat_result | None) -> FileStamp:
    """The stamp of ``raw``, read from a file whose ``fstat`` was ``info``."""
    return FileStamp(
        size=len(raw),
        mtime_ns=info.st_mtime_ns if info is not None else 0,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def written_stamp(path: Path, data: bytes) -> FileStamp:
    """The stamp of ``data`` just written to ``path`` by the app."""
    try:
        info: os.stat_result | None = os.stat(path)
    except OSError:
        info = None
    return stamp_of(data, info)


class ChangedOnDisk(OSError):
    """A save refused because its target changed on disk since it was read.

    An ``OSError`` (its errno is None), so every "could not save" handler shows
    it; ``changes`` names each file. Nothing was written over them.
    """

    def __init__(self, changes: list[DiskChange]) -> None:
        self.changes = changes
        super().__init__(describe(changes))


@dataclass(frozen=True, slots=True)
class DiskChange:
    """One file whose content on disk is not what the app read (or wrote) last."""

    path: Path
    #: The path as the user knows it: relative to the library folder.
    rel: str
    kind: ChangeKind
    #: "study", "library" (library.json), "source", or "new-study" (a study file
    #: that appeared in the studies folder and is not loaded yet).
    what: Literal["study", "library", "source", "new-study"]
    #: The loaded study this file holds, if any.
    study_id: str | None = None
    #: SHA-256 of the bytes on disk now (None: no file).
    disk_sha256: str | None = None

    @property
    def sentence(self) -> str:
        verb = {"changed": "changed on disk", "deleted": "was deleted on disk", "appeared": "appeared on disk"}
        return f"{self.rel} {verb[self.kind]} since the library was opened"


def describe(changes: list[DiskChange]) -> str:
    names = ", ".join(change.rel for change in changes)
    lines = [f"not saved: {names} changed on disk since the library was read (another window, a git pull, a sync client?)."]
    lines += [f"- {change.sentence}." for change in changes]
    lines.append(
        "Saving would overwrite that change, so nothing was written. Your edits are kept in the window and in "
        "the recovery file: reload the file (your version is kept aside), keep yours as a copy, or keep theirs."
    )
    return "\n".join(lines)


def relative(root: Path, path: Path) -> str:
    for base in (root, Path(os.path.realpath(root))):
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return str(path)


def sha256_of_file(path: Path) -> str | None:
    """SHA-256 of the file's bytes; None when there is no regular file there."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None
    with open(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        digest = hashlib.sha256()
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def change_of(path: Path, expected: FileStamp | None, quick: bool = False) -> tuple[ChangeKind, str | None] | None:
    """How ``path`` differs from ``expected`` (None: it was not there), with
    the SHA-256 found; None when it holds what was read.

    ``quick``: a file whose size and mtime are exactly as read is taken as
    unchanged without hashing it (the watcher); otherwise the SHA decides.
    """
    if quick and expected is not None:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            return "deleted", None
        if info.st_size == expected.size and info.st_mtime_ns == expected.mtime_ns:
            return None
    try:
        digest = sha256_of_file(path)
    except OSError:
        return None  # unreadable now: the save itself will say why
    if digest is None:
        return None if expected is None else ("deleted", None)
    if expected is None:
        return "appeared", digest
    return (None if digest == expected.sha256 else ("changed", digest))


def _what(root: Path, path: Path, study_ids: Mapping[Path, str]) -> Literal["study", "library", "source", "new-study"]:
    if path == root / "library.json":
        return "library"
    if path in study_ids or path.parent == root / "studies":
        return "study"
    return "source"


def scan(
    root: Path,
    stamps: Mapping[Path, FileStamp | None],
    study_files: Mapping[str, Path],
) -> list[DiskChange]:
    """Every file read (or written) by the app that holds something else now,
    and every study file that appeared in the studies folder since."""
    by_path = {path: study_id for study_id, path in study_files.items()}
    changes = []
    for path, stamp in list(stamps.items()):
        found = change_of(path, stamp, quick=True)
        if found is not None:
            kind, digest = found
            changes.append(DiskChange(path, relative(root, path), kind, _what(root, path, by_path), by_path.get(path), digest))
    folder = root / "studies"
    try:
        with os.scandir(folder) as entries:
            names = sorted(entry.name for entry in entries if entry.name.endswith(".json"))
    except OSError:
        names = []
    for name in names:
        path = folder / name
        if path not in stamps and path not in by_path and not is_copy_name(name):
            changes.append(DiskChange(path, relative(root, path), "appeared", "new-study", None, sha256_of_file(path)))
    return changes


def check_unchanged(
    root: Path,
    stamps: Mapping[Path, FileStamp | None],
    path: Path,
    study_id: str | None = None,
) -> None:
    """Raise ``ChangedOnDisk`` when ``path`` no longer holds what was read.

    A path that was never read (not in ``stamps``) is not checked, except that
    a file the app means to create must not exist yet.
    """
    if path not in stamps:
        return
    found = change_of(path, stamps[path])
    if found is not None:
        kind, digest = found
        what = _what(root, path, {path: study_id} if study_id else {})
        raise ChangedOnDisk([DiskChange(path, relative(root, path), kind, what, study_id, digest)])


def is_copy_name(name: str) -> bool:
    """``x.mine.json``, ``x.mine-2.json``: a kept-aside copy, not a study."""
    stem = name.removesuffix(".json")
    if stem == name:
        return False
    head, _, tail = stem.rpartition(COPY_MARK)
    return bool(head) and (tail == "" or (tail.startswith("-") and tail[1:].isdigit()))
