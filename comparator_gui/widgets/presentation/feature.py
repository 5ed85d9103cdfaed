"""The presentation feature, F5 / View → Present: the studies and fields the
grid shows, as full-screen slides.

The window is left exactly as it is (selection, filters, scroll, size); the
slides open in a window of their own, and Esc closes it and gives the focus
back to the widget that had it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication

from ...qt.actions import FeatureContext
from ...settings import save_settings

if TYPE_CHECKING:  # imported when a presentation starts: not needed to show the window
    from .window import PresentationWindow


class PresentationFeature(QObject):
    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self.session = context.session
        self.parent_widget = context.parent
        #: The open presentation, if any.
        self.presentation: PresentationWindow | None = None
        context.actions.bind("presentation.present", self.present)

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
