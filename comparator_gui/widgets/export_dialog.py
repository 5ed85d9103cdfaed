"""File → Export…: what the window shows, in the format the file name asks for,
written on a worker thread with a progress dialog."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from ..domain.editing import slug
from ..export import FORMATS, export_library, format_for_path
from ..qt.task import BackgroundTask
from ..qt.text import message_html

if TYPE_CHECKING:
    from .main_window import MainWindow

FILTERS = ";;".join(
    [
        "Excel workbook (*.xlsx)",
        "PDF document (*.pdf)",
        "Web page (*.html *.htm)",
        "CSV, UTF-8 (*.csv)",
        "Markdown (*.md)",
    ]
)
_DEFAULT_SUFFIX = {"Excel": ".xlsx", "PDF": ".pdf", "Web": ".html", "CSV": ".csv", "Markdown": ".md"}


def run_export_dialog(window: MainWindow) -> None:
    library = window.library
    if library is None:
        return
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    start = str(Path(documents or Path.home()) / f"{slug(library.name, 'comparison')}.xlsx")
    path, chosen_filter = QFileDialog.getSaveFileName(window, "Export comparison", start, FILTERS)
    if not path:
        return
    fmt = format_for_path(path)
    if fmt is None:
        # No or unknown suffix: take the one of the chosen filter.
        suffix = next((s for name, s in _DEFAULT_SUFFIX.items() if chosen_filter.startswith(name)), ".xlsx")
        path += suffix
        fmt = format_for_path(path)
    assert fmt in FORMATS
    study_ids, field_keys = window.visible_selection()
    output = Path(path)
    transpose = window.choices.transposed

    progress = QProgressDialog(f"Exporting to {output.name}…", "", 0, 0, window)
    progress.setWindowTitle("Export")
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(500)  # only shown when it takes a while

    task = BackgroundTask(
        lambda report: export_library(
            library, fmt, output, study_ids=study_ids, field_keys=field_keys, transpose=transpose, progress=report
        ),
        window,
    )

    def on_progress(done: int, total: int) -> None:
        progress.setRange(0, max(total, 1))
        progress.setValue(done)

    def on_finished(result: object) -> None:
        progress.reset()
        progress.deleteLater()
        task.deleteLater()
        window.status_label.setText(f"Exported {len(study_ids)} studies × {len(field_keys)} fields to {result}")
        window.export_finished.emit(result)

    def on_failed(error: object) -> None:
        progress.reset()
        progress.deleteLater()
        task.deleteLater()
        QMessageBox.critical(window, "Export failed", message_html(f"Could not write {output}:\n{error}"))
        window.export_finished.emit(None)

    task.progress.connect(on_progress)
    task.finished.connect(on_finished)
    task.failed.connect(on_failed)
    task.start()
