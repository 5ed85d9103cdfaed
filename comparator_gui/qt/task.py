"""Runs one slow function on a worker thread and reports back by signal.

The function gets a ``progress(done, total)`` callback; its result or its
exception arrives on the UI thread through ``finished`` / ``failed``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

Job = Callable[[Callable[[int, int], None]], Any]


class _Runner(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job
        self._last = 0.0

    def _progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self._last > 0.05:  # throttle the queued signals
            self._last = now
            self.progress.emit(done, total)

    @Slot()
    def run(self) -> None:
        try:
            result = self.job(self._progress)
        except Exception as exc:  # reported to the UI, which shows it
            self.failed.emit(exc)
            return
        self.finished.emit(result)


class BackgroundTask(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._runner = _Runner(job)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.progress.connect(self.progress)
        self._runner.finished.connect(self._on_finished)
        self._runner.failed.connect(self._on_failed)

    def start(self) -> None:
        self._thread.start()

    def wait(self) -> None:
        self._thread.quit()
        self._thread.wait()

    def _on_finished(self, result: object) -> None:
        self.wait()
        self.finished.emit(result)

    def _on_failed(self, error: object) -> None:
        self.wait()
        self.failed.emit(error)
