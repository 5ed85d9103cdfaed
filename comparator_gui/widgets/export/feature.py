"""The export feature, File → Export…: what the grid shows, in the format the
file name asks for, written on a worker thread with a progress dialog and Cancel.

Cancel takes effect at the export's next progress report (every row or study):
the report raises, the writer stops, and the file on disk stays as it was (the
exports write atomically). A CSV export writes the comparison and, beside it,
``<name>.sources.csv``: each CSV file holds one table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from ...domain.editing import slug
from ...export import FORMATS, Options, export_library, format_for_path
from ...qt.actions import FeatureContext
from ...qt.task import BackgroundTask
from ...qt.text import message_html

FILTERS = ";;".join(
    [
        "Excel workbook (*.xlsx)",
        "PDF document (*.pdf)",
        "Word document (*.docx)",
        "Web page (*.html *.htm)",
        "CSV, UTF-8 (*.csv)",
        "Markdown (*.md)",
    ]
)
_DEFAULT_SUFFIX = {"Excel": ".xlsx", "PDF": ".pdf", "Word": ".docx", "Web": ".html", "CSV": ".csv", "Markdown": ".md"}


class ExportCancelled(Exception):
    """Raised from the progress report once the reviewer pressed Cancel."""


def sources_path(output: Path) -> Path:
    """Where a CSV export puts its table of sources: beside the comparison."""
    return output.with_name(f"{output.stem}.sources.csv")


class ExportFeature(QObject):
    #: The written path after an export, or None when it failed or was cancelled.
    finished = Signal(object)

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self.session = context.session
        self.parent_widget = context.parent
        #: The running export's progress dialog (None when no export runs).
        self.progress_dialog: QProgressDialog | None = None
        self.cancel_requested = False
        context.actions.bind("export.export", self.export_dialog)

    def export_dialog(self) -> None:
        run_export_dialog(self)

    def cancel(self) -> None:
        """Stop the running export at its next progress report."""
        self.cancel_requested = True


def run_export_dialog(feature: ExportFeature) -> None:
    session, window = feature.session, feature.parent_widget
    library = session.library
    if library is None or feature.progress_dialog is not None:
        return
    # Where the reviewer last exported to (a folder of theirs), not the library's folder.
    last = session.settings.last_export_dir
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(last) if last and Path(last).is_dir() else Path(documents or Path.home())
    suffix = session.settings.last_export_suffix or ".xlsx"
    start = str(folder / f"{slug(library.name, 'comparison')}{suffix}")
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

    progress = QProgressDialog(f"Exporting to {output.name}…", "Cancel", 0, 0, window)
    progress.setWindowTitle("Export")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(500)  # only shown when it takes a while
    progress.setAutoReset(False)
    progress.setAutoClose(False)
    progress.canceled.connect(feature.cancel)
    feature.progress_dialog = progress
    feature.cancel_requested = False

    def job(report: Callable[[int, int], None]) -> Path:
        def checked(done: int, total: int) -> None:
            if feature.cancel_requested:
                raise ExportCancelled
            report(done, total)

        written = export_library(library, fmt, output, study_ids=study_ids, field_keys=field_keys,
                                 transpose=transpose, progress=checked)
        if fmt == "csv":
            export_library(library, fmt, sources_path(output), study_ids=study_ids, field_keys=field_keys,
                           progress=checked, options=Options(sources=True))
        return written

    task = BackgroundTask(job, window)

    def on_progress(done: int, total: int) -> None:
        progress.setRange(0, max(total, 1))
        progress.setValue(done)

    def close() -> None:
        feature.progress_dialog = None
        progress.reset()
        progress.deleteLater()
        task.deleteLater()

    def on_finished(result: object) -> None:
        close()
        session.settings.last_export_dir = str(output.parent)
        session.settings.last_export_suffix = output.suffix.lower()
        also = f" (sources in {sources_path(output).name})" if fmt == "csv" else ""
        session.show_status(f"Exported {len(study_ids)} studies × {len(field_keys)} fields to {result}{also}")
        feature.finished.emit(result)

    def on_failed(error: object) -> None:
        close()
        if isinstance(error, ExportCancelled):
            session.show_status(f"Export cancelled; {output.name} was not written")
        else:
            QMessageBox.critical(window, "Export failed", message_html(f"Could not write {output}:\n{error}"))
        feature.finished.emit(None)

    task.progress.connect(on_progress)
    task.finished.connect(on_finished)
    task.failed.connect(on_failed)
    task.start()
