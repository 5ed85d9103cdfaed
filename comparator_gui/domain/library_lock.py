"""Who else has this library open: a note per open window, never a block. No Qt.

Each window that opens a library writes a small JSON note (pid, host, time,
the library's path, a token for the window) in a folder of the user's config
dir keyed by the library's resolved path (``folder`` is the caller's: the
session passes ``config_dir()/locks/<key>``). Nothing is written into the
library folder itself: it may be a git work tree, a synced folder or read-only.

Opening a library lists the other notes. A note whose process is gone (same
host, no such pid; or this process, but a token no window here holds any
more) is stale: removed and ignored. A note from another host cannot be
checked and is shown with its time. A note never stops a library opening; it
is only the reason for a warning. ``release`` removes the window's note
(closing the library or the window); notes left by this process are removed
at exit too.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import socket
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from .storage import atomic_write_text, dumps

#: Notes written by this process and not yet released: path → token.
_HELD: dict[Path, str] = {}


@dataclass(frozen=True)
class Holder:
    """Another window (or process) with the library open."""

    pid: int
    host: str
    since: str
    this_process: bool

    @property
    def sentence(self) -> str:
        where = "another window of this app" if self.this_process else (
            f"process {self.pid}" + ("" if self.host == socket.gethostname() else f" on {self.host}")
        )
        return f"{where}, since {self.since}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def others(folder: Path, mine: Path | None = None) -> list[Holder]:
    """The live holders of notes in ``folder`` but ``mine``; stale notes are removed."""
    found: list[Holder] = []
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    host = socket.gethostname()
    for name in names:
        path = folder / name
        if not name.endswith(".json") or path == mine:
            continue
        try:
            note = json.loads(path.read_text(encoding="utf-8"))
            pid, note_host, since, token = int(note["pid"]), str(note["host"]), str(note["since"]), str(note["token"])
        except (OSError, ValueError, KeyError, TypeError):
            continue  # half a note, or not ours: ignored, never fatal
        this_process = note_host == host and pid == os.getpid()
        stale = note_host == host and (not _alive(pid) or (this_process and token not in _HELD.values()))
        if stale:
            with contextlib.suppress(OSError):
                path.unlink()
            continue
        found.append(Holder(pid, note_host, since, this_process))
    return found


def acquire(folder: Path, library: Path) -> tuple[Path | None, list[Holder]]:
    """Write this window's note; returns it (None when it could not be
    written: no warning to others, never an error) and the other holders."""
    holders = others(folder)
    token = uuid.uuid4().hex
    path = folder / f"{os.getpid()}-{token[:12]}.json"
    note = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": time.strftime("%Y-%m-%d %H:%M"),
        "token": token,
        "library": str(library),
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, dumps(note))
    except OSError:
        return None, holders
    _HELD[path] = token
    return path, holders


def release(path: Path | None) -> None:
    if path is None:
        return
    _HELD.pop(path, None)
    with contextlib.suppress(OSError):
        path.unlink()


@atexit.register
def _release_all() -> None:
    for path in list(_HELD):
        release(path)
