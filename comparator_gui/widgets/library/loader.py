"""Loads a library on a worker thread and reports progress by signal, so the
window stays responsive (and the load can be cancelled) on large libraries."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ...domain import collector
from ...domain.library import library_stats
from ...domain.loading import LoadCancelled, load_library
from ...domain.view import SearchIndex

_log = logging.getLogger(__name__)


class _Worker(QObject):
    progress = Signal(int, int)
    loaded = Signal(object, object, object)
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.stop_requested = False
        self._last_emit = 0.0

    def _progress(self, done: int, total: int) -> None:
        # Throttled: thousands of queued signals would flood the UI thread.
        now = time.monotonic()
        if done == total or now - self._last_emit > 0.05:
            self._last_emit = now
            self.progress.emit(done, total)

    @Slot()
    def run(self) -> None:
        try:
            self._load()
        except Exception as exc:  # any error must end the load visibly, not leave it hanging
            _log.exception("loading %s failed", self.path)
            self.failed.emit(f"{type(exc).__name__}: {exc}")

    def _load(self) -> None:
        # The collector stays paused until the new library is out of its reach:
        # a full pass over it on the UI thread stalled the window for seconds.
        with collector.paused():
            try:
                library = load_library(self.path, self._progress, lambda: self.stop_requested)
            except LoadCancelled:
                self.cancelled.emit()
                return
            # Counting claims and disputes walks every record: do it here, not on the UI thread.
            stats = library_stats(library)
            # The search index too (~0.6 s at 10,000 studies): built in idle
            # time after showing, a search typed at once had to wait for all of it.
            index = SearchIndex(library)
            while not index.build_some(0.05):
                if self.stop_requested:
                    self.cancelled.emit()
                    return
            collector.keep_out_of_collection()
        self.loaded.emit(library, stats, index)


class LibraryLoader(QObject):
    """Start with ``start(path)``; one load at a time, a new start cancels the old."""

    progress = Signal(int, int)
    loaded = Signal(object, object, object)  # a domain Library, its LibraryStats and SearchIndex
    cancelled = Signal()
    #: Why a load stopped on an unexpected error (the loader reports bad input
    #: as problems; this is for what it did not foresee).
    failed = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: _Worker | None = None

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def start(self, path: Path) -> None:
        self.cancel()
        thread = QThread()
        worker = _Worker(Path(path))
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self.progress)
        worker.loaded.connect(self._on_loaded)
        worker.cancelled.connect(self._on_cancelled)
        worker.failed.connect(self._on_failed)
        self._thread, self._worker = thread, worker
        thread.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.stop_requested = True
        self._finish()

    def _finish(self) -> None:
        thread, self._thread, self._worker = self._thread, None, None
        if thread is not None:
            thread.quit()
            thread.wait()

    def _on_loaded(self, library: object, stats: object, index: object) -> None:
        if self.sender() is not self._worker:
            return  # a cancelled load that finished anyway
        self._finish()
        self.loaded.emit(library, stats, index)

    def _on_failed(self, reason: str) -> None:
        if self.sender() is not self._worker:
            return
        self._finish()
        self.failed.emit(reason)

    def _on_cancelled(self) -> None:
        if self.sender() is not self._worker:
            return
        self._finish()
        self.cancelled.emit()
