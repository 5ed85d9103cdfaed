"""The presentation feature, F5 / View → Present: the studies and fields the
grid shows, as full-screen slides.

The window is left exactly as it is (selection, filters, scroll, size); the
slides open in a window of their own, and Esc closes it and gives the focus
back to the widget that had it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog

from ...domain.editing import slug
from ...qt.actions import FeatureContext
from ...qt.text import message_html
from ...settings import save_settings

if TYPE_CHECKING:  # imported when a presentation starts: not needed to show the window
    from .window import PresentationWindow


class HandoutCancelled(Exception):
    """Raised from the handout's progress report once the reviewer pressed Cancel."""


class PresentationFeature(QObject):
    #: The handout's path once written, or None when it failed.
    handout_written = Signal(object)

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self.session = context.session
        self.parent_widget = context.parent
        #: The open presentation, if any.
        self.presentation: PresentationWindow | None = None
        #: The handout export's progress dialog while one is written.
        self.handout_progress: QProgressDialog | None = None
        context.actions.bind("presentation.present", self.present)
        context.actions.bind("presentation.handout", self.export_handout)

    def export_handout(self) -> None:
        """File → Export slide handout: the slides the grid's studies and fields
        make, one 16:9 PDF page each. Drawn on the UI thread (the slides are
        widgets), with a progress dialog (fitting the slides, then drawing the
        pages) and Cancel, which stops it at the next page and writes nothing."""
        session = self.session
        library = session.library
        if library is None or self.handout_progress is not None:
            return
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        start = str(Path(documents or Path.home()) / f"{slug(library.name, 'slides')}-slides.pdf")
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, "Export slide handout", start, "PDF document (*.pdf)")
        if not path:
            return
        output = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        from .handout import write_handout

        study_ids, field_keys = session.visible_selection()
        dialog = QProgressDialog(f"Fitting the slides for {output.name}…", "Cancel", 0, 0, self.parent_widget)
        dialog.setWindowTitle("Export slide handout")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)  # only shown when it takes a while
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        self.handout_progress = dialog

        def report(what: str) -> Callable[[int, int], None]:
            def step(done: int, total: int) -> None:
                dialog.setLabelText(what.format(min(done + 1, total), total))
                dialog.setRange(0, max(total, 1))
                dialog.setValue(done)
                QApplication.processEvents()  # the Cancel button (the slides are drawn on this thread)
                if dialog.wasCanceled():
                    raise HandoutCancelled

            return step

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        failure: OSError | HandoutCancelled | None = None
        try:
            write_handout(library, output, study_ids=study_ids, field_keys=field_keys,
                          settings=session.settings.presentation,
                          fitting=report("Fitting slide {} of {} to a 16:9 page…"),
                          progress=report("Drawing page {} of {}…"))
        except (OSError, HandoutCancelled) as exc:
            failure = exc
        finally:
            QApplication.restoreOverrideCursor()
            self._close_progress()
        if isinstance(failure, HandoutCancelled):
            session.show_status(f"Slide handout cancelled; {output.name} was not written")
        elif failure is not None:
            QMessageBox.critical(self.parent_widget, "Export failed",
                                 message_html(f"Could not write {output}:\n{failure.strerror or failure}"))
        else:
            session.show_status(f"Slide handout written to {output}")
        self.handout_written.emit(None if failure is not None else output)

    def _close_progress(self) -> None:
        dialog, self.handout_progress = self.handout_progress, None
        if dialog is not None:
            dialog.reset()
            dialog.deleteLater()

    def present(self, full_screen: bool = True) -> PresentationWindow | None:
        session = self.session
        if session.library is None:
            return None
        if self.presentation is not None:
            self.presentation.activateWindow()
            return self.presentation
        from .window import PresentationWindow

        study_ids, field_keys = session.visible_selection()
        presentation = PresentationWindow(session.library, study_ids, field_keys, session.settings.presentation)
        presentation.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        presentation.setWindowIcon(self.parent_widget.windowIcon())
        focus = QApplication.focusWidget()

        def leave() -> None:
            self.presentation = None
            if session.persist:
                save_settings(session.settings)  # the presenter's theme and type size
            self.parent_widget.activateWindow()
            if focus is not None:
                focus.setFocus(Qt.FocusReason.OtherFocusReason)

        presentation.finished.connect(leave)
        self.presentation = presentation
        if full_screen:
            presentation.showFullScreen()
        else:
            presentation.show()
        presentation.activateWindow()
        return presentation
