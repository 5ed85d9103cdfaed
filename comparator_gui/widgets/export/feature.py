"""The export feature, File → Export…: what the grid shows, in the format the
file name asks for, written on a worker thread with a progress dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from ...domain.editing import slug
from ...export import FORMATS, export_library, format_for_path
from ...qt.actions import FeatureContext
from ...qt.task import BackgroundTask
from ...qt.text import message_html

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


class ExportFeature(QObject):
    #: The written path after an export, or None when it failed.
    finished = Signal(object)

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self.session = context.session
        self.parent_widget = context.parent
        context.actions.bind("export.export", self.export_dialog)

    def export_dialog(self) -> None:
        run_export_dialog(self)


def run_export_dialog(feature: ExportFeature) -> None:
    session, window = feature.session, feature.parent_widget
    library = session.library
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
    study_ids, field_keys = session.visible_selection()
    output = Path(path)
    transpose = session.choices.transposed

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
        session.show_status(f"Exported {len(study_ids)} studies × {len(field_keys)} fields to {result}")
        feature.finished.emit(result)

    def on_failed(error: object) -> None:
        progress.reset()
        progress.deleteLater()
        task.deleteLater()
        QMessageBox.critical(window, "Export failed", message_html(f"Could not write {output}:\n{error}"))
        feature.finished.emit(None)

    task.progress.connect(on_progress)
    task.finished.connect(on_finished)
    task.failed.connect(on_failed)
    task.start()
