"""Writing an export file whole or not at all, and counting progress."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ..domain import storage
from .sheet import Progress


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, ``os.replace``: a reader (or a crash)
    never sees half an export, and a failed export leaves the old file as it was.

    Permissions as the library's own files get them (``domain.storage``): a new
    export gets ``0o666`` less the umask, not ``mkstemp``'s private ``0o600``; a
    file it replaces keeps its mode."""
    mode = storage._mode_for(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    storage._fsync_dir(path.parent)


class Ticker:
    """Calls ``progress(done, total)`` as a writer works through its rows."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self._progress = progress
        self.total = max(1, total)
        self.done = 0
        self._report()

    def _report(self) -> None:
        if self._progress is not None:
            self._progress(min(self.done, self.total), self.total)

    def step(self, count: int = 1) -> None:
        self.done += count
        if self.done < self.total:
            self._report()

    def finish(self) -> None:
        self.done = self.total
        self._report()
