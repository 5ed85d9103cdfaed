"""Reading an article file on a worker thread, with a progress dialog and
Cancel in front of the window. A 500-page PDF takes tens of seconds: the
window keeps painting, the dialog counts the pages, and Cancel stops the
reader between pages, so nothing of the file is imported.

Used by Library → Import article… and by the Add source form (files dropped
on the window), which is why it lives here and not in either feature.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..domain.intake.article import IntakeError
from ..domain.intake.read import Intake, read_articles
from .task import BackgroundTask

#: The dialog appears only for reads longer than this (a web page or a short PDF never shows it).
SHOW_AFTER_MS = 300


def read_in_background(parent: QWidget | None, path: Path) -> Intake | None:
    """The articles in ``path``, read off the UI thread; None when the reviewer
    cancelled. Raises ``IntakeError`` (or ``OSError``) as ``read_articles`` does."""
    path = Path(path)
    cancel = threading.Event()
    dialog = QProgressDialog(f"Reading {path.name}…", "Cancel", 0, 0, parent)
    dialog.setObjectName("articleProgress")
    dialog.setWindowTitle("Import")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    outcome: dict[str, object] = {}
    loop = QEventLoop()

    def progress(done: int, total: int) -> None:
        if dialog.wasCanceled():  # cancel() called, not the button: no signal
            cancelled()
        if cancel.is_set():
            return
        dialog.setMaximum(total)
        dialog.setValue(done)
        dialog.setLabelText(f"Reading {path.name}: page {done} of {total}…")

    def cancelled() -> None:
        if cancel.is_set():
            return
        cancel.set()
        dialog.setLabelText(f"Cancelling the import of {path.name}…")

    def finished(result: object) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(error: object) -> None:
        outcome["error"] = error
        loop.quit()

    task = BackgroundTask(lambda report: read_articles(path, report, cancel.is_set))
    task.progress.connect(progress)
    task.finished.connect(finished)
    task.failed.connect(failed)
    dialog.canceled.connect(cancelled)  # the Cancel button, closing the dialog
    dialog.rejected.connect(cancelled)  # Esc
    dialog.setValue(0)  # starts the dialog's "show after" clock
    task.start()
    try:
        loop.exec()
    finally:
        dialog.canceled.disconnect(cancelled)  # closing the dialog emits it too
        dialog.rejected.disconnect(cancelled)
        dialog.close()
        dialog.deleteLater()
        task.deleteLater()
    if cancel.is_set():
        return None  # whatever the reader got to: nothing is imported
    error = outcome.get("error")
    if isinstance(error, BaseException):
        if isinstance(error, (IntakeError, OSError)):
            raise error
        raise IntakeError(f"{path.name} could not be read: {error}") from error
    result = outcome.get("result")
    assert isinstance(result, Intake)
    return result
