"""F5 / View → Present: the visible studies and fields as full-screen slides.

The main window is left exactly as it is (selection, filters, scroll, size);
the slides open in a window of their own, and Esc closes it and gives the
focus back to the cell that had it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from ..settings import save_settings
from .presentation import PresentationWindow

if TYPE_CHECKING:
    from .main_window import MainWindow


def start_presentation(window: MainWindow, full_screen: bool = True) -> PresentationWindow | None:
    if window.library is None:
        return None
    existing = window.presentation
    if existing is not None:
        existing.activateWindow()
        return existing
    study_ids, field_keys = window.visible_selection()
    presentation = PresentationWindow(window.library, study_ids, field_keys, window.settings.presentation)
    presentation.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    presentation.setWindowIcon(window.windowIcon())
    focus = window.focusWidget()

    def leave() -> None:
        window.presentation = None
        if window.persist:
            save_settings(window.settings)  # the presenter's theme and type size
        window.activateWindow()
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    presentation.finished.connect(leave)
    window.presentation = presentation
    if full_screen:
        presentation.showFullScreen()
    else:
        presentation.show()
    presentation.activateWindow()
    return presentation
