"""Writing an export file whole or not at all, and counting progress."""

from __future__ import annotations

from pathlib import Path

from ..domain import storage
from .sheet import Progress


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, ``os.replace``: a reader (or a crash)
    never sees half an export, and a failed export leaves the old file as it was.
    Permissions as the library's own files get them: see ``domain.storage``."""
    storage.atomic_write_bytes(path, data)

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
