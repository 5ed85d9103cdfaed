"""The presentation feature, F5 / View → Present: the studies and fields the
grid shows, as full-screen slides.

The window is left exactly as it is (selection, filters, scroll, size); the
slides open in a window of their own, and Esc closes it and gives the focus
back to the widget that had it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from ...domain.editing import slug
from ...qt.actions import FeatureContext
from ...qt.text import message_html
from ...settings import save_settings

if TYPE_CHECKING:  # imported when a presentation starts: not needed to show the window
    from .window import PresentationWindow


class PresentationFeature(QObject):
    #: The handout's path once written, or None when it failed.
    handout_written = Signal(object)

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self.session = context.session
        self.parent_widget = context.parent
        #: The open presentation, if any.
        self.presentation: PresentationWindow | None = None
        context.actions.bind("presentation.present", self.present)
        context.actions.bind("presentation.handout", self.export_handout)

    def export_handout(self) -> None:
        """File → Export slide handout: the slides the grid's studies and fields
        make, one 16:9 PDF page each. Drawn on the UI thread (the slides are
        widgets); a few seconds for a few studies, with a busy cursor."""
        session = self.session
        library = session.library
        if library is None:
            return
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        start = str(Path(documents or Path.home()) / f"{slug(library.name, 'slides')}-slides.pdf")
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, "Export slide handout", start, "PDF document (*.pdf)")
        if not path:
            return
        output = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        from .handout import write_handout

        study_ids, field_keys = session.visible_selection()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write_handout(library, output, study_ids=study_ids, field_keys=field_keys,
                          settings=session.settings.presentation)
        except OSError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.critical(self.parent_widget, "Export failed",
                                 message_html(f"Could not write {output}:\n{exc.strerror or exc}"))
            self.handout_written.emit(None)
            return
        QApplication.restoreOverrideCursor()
        session.show_status(f"Slide handout written to {output}")
        self.handout_written.emit(output)

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
