"""The full-screen presentation: one slide at a time, driven by a clicker.

The window only shows: it never touches its caller's state. Esc closes it and
``finished`` tells the caller to show its own window again. The presenter's
theme and type size are written into the ``settings`` object it was given, for
the caller to save.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget

from ...domain.library import Library
from ...domain.slides import OverviewSlide, Slide, build_slides
from ...settings import PresentationSettings
from .keys import NAVIGATION, Action, action_for, spotlight_number
from .pagination import Page, counter_text, paginate
from .sizing import MAX_SCALE, SlideSizes, min_scale
from .slide_view import SlideView
from .stylesheet import render_stylesheet
from .themes import next_theme

__all__ = ["SCALE_STEP", "PresentationWindow"]

#: One press of + or - changes the type size by this factor.
SCALE_STEP = 1.15


class PresentationWindow(QWidget):
    """Slides of ``study_ids`` x ``field_keys``; the caller calls ``showFullScreen()``."""

    finished = Signal()

    def __init__(
        self,
        library: Library,
        study_ids: Sequence[str],
        field_keys: Sequence[str],
        settings: PresentationSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("presentation")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setWindowTitle(f"{library.name}: presentation")
        self.setProperty("blanked", False)
        self.settings = settings
        self.slides: list[Slide] = build_slides(library, study_ids, field_keys)
        self._pages: list[Page] = []
        self._paged_for: tuple[int, int, float] | None = None
        self._index = 0
        self._blanked = False
        self._spotlight: int | None = None
        self._finished_sent = False
        self._view: SlideView | None = None
        self._stylesheet = ""
        #: Told of the fitting's progress (``pagination.paginate``); may raise to stop it.
        self.fit_progress: Callable[[int, int], None] | None = None
        self._layout = layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

    # ------------------------------------------------------------------ state

    @property
    def pages(self) -> list[Page]:
        self._paginate()
        return self._pages

    @property
    def slide_count(self) -> int:
        return len(self.pages)

    @property
    def slide_index(self) -> int:
        return self._index

    @property
    def current_page(self) -> Page:
        return self.pages[self._index]

    @property
    def current_slide(self) -> Slide:
        return self.slides[self.current_page.slide]

    @property
    def view(self) -> SlideView | None:
        """The widgets of the slide on screen (None before the first show)."""
        return self._view

    @property
    def blanked(self) -> bool:
        return self._blanked

    @property
    def spotlight(self) -> int | None:
        """The index (in ``study_ids``) of the study in the spotlight, or None."""
        return self._spotlight

    @property
    def study_count(self) -> int:
        first = self.slides[0]
        return len(first.cards) if isinstance(first, OverviewSlide) else len(first.cells)

    # ---------------------------------------------------------------- actions

    def go_to(self, index: int) -> None:
        if not 0 <= index < self.slide_count:
            raise IndexError(f"slide {index} out of range 0..{self.slide_count - 1}")
        self._index = index
        self._show_page()

    def next(self) -> None:
        self.go_to(min(self._index + 1, self.slide_count - 1))

    def previous(self) -> None:
        self.go_to(max(self._index - 1, 0))

    def set_blanked(self, blanked: bool) -> None:
        self._blanked = blanked
        self.setProperty("blanked", blanked)
        self.style().unpolish(self)
        self.style().polish(self)
        if self._view is not None:
            self._view.setVisible(not blanked)
        self.update()

    def set_spotlight(self, study: int | None) -> None:
        """Put study ``study`` (an index into ``study_ids``) in the spotlight; None clears it."""
        if study is not None and not 0 <= study < self.study_count:
            raise IndexError(f"study {study} out of range 0..{self.study_count - 1}")
        self._spotlight = study
        page = self.current_page
        if study is not None and study not in page.columns:
            # The study is on another part of this slide: show that part.
            for index, other in enumerate(self.pages):
                if other.slide == page.slide and study in other.columns:
                    self.go_to(index)
                    return
        if self._view is not None:
            self._view.set_spotlight(study)

    def set_theme(self, theme: str) -> None:
        self.settings.theme = theme
        self._apply_stylesheet(self.current_page.sizes)

    def change_scale(self, factor: float) -> None:
        """Multiply the type size by ``factor``, within what this screen can show."""
        low = min_scale(self.width(), self.height())
        current = max(self.settings.font_scale, low)
        wanted = min(max(current * factor, low), MAX_SCALE)
        if round(wanted, 2) != round(self.settings.font_scale, 2):
            self.settings.font_scale = round(wanted, 2)
            self._paginate()
            self._show_page()

    # ------------------------------------------------------------------- Qt

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        number = spotlight_number(key)
        if number is not None:
            if number <= self.study_count:
                self.set_spotlight(None if self._spotlight == number - 1 else number - 1)
            return
        action = action_for(key)
        if action is None:
            super().keyPressEvent(event)
            return
        if action in NAVIGATION and self._blanked:
            # As in presentation software: the first press brings the slide back.
            self.set_blanked(False)
            return
        if action is Action.NEXT:
            self.next()
        elif action is Action.PREVIOUS:
            self.previous()
        elif action is Action.FIRST:
            self.go_to(0)
        elif action is Action.LAST:
            self.go_to(self.slide_count - 1)
        elif action is Action.BLANK:
            self.set_blanked(not self._blanked)
        elif action is Action.BIGGER:
            self.change_scale(SCALE_STEP)
        elif action is Action.SMALLER:
            self.change_scale(1 / SCALE_STEP)
        elif action is Action.THEME:
            self.set_theme(next_theme(self.settings.theme))
        elif action is Action.CLEAR_SPOTLIGHT:
            self.set_spotlight(None)
        elif action is Action.LEAVE:
            self.close()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._paginate() or self._view is None:
            self._show_page()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._finished_sent = False
        if self._view is None:
            self._show_page()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if not self._finished_sent:
            self._finished_sent = True
            self.finished.emit()

    # -------------------------------------------------------------- drawing

    def _paginate(self) -> bool:
        """Fit the slides to the current size; True when the pages changed."""
        key = (self.width(), self.height(), self.settings.font_scale)
        if key == self._paged_for:
            return False
        old = self._pages[self._index] if self._pages else None
        self._pages = paginate(
            self.slides,
            self.width(),
            self.height(),
            self.settings.font_scale,
            lambda sizes: render_stylesheet(self.settings.theme, sizes),
            self.fit_progress,
        )
        self._paged_for = key
        self._index = 0
        if old is not None:
            # Stay on the same slide, on the part showing the same first study.
            for index, page in enumerate(self._pages):
                if page.slide == old.slide and (not old.columns or old.columns[0] in page.columns or not page.columns):
                    self._index = index
                    break
        return True

    def _apply_stylesheet(self, sizes: SlideSizes) -> None:
        stylesheet = render_stylesheet(self.settings.theme, sizes)
        if stylesheet != self._stylesheet:
            self._stylesheet = stylesheet
            self.setStyleSheet(stylesheet)

    def _show_page(self) -> None:
        page = self.current_page
        if self._view is not None:
            # Out of the window before the stylesheet changes: restyling the page
            # about to go was half the time of a page turn (and of the handout).
            old, self._view = self._view, None
            self._layout.removeWidget(old)
            old.hide()
            old.setParent(None)
            old.deleteLater()
        self._apply_stylesheet(page.sizes)
        counter = counter_text(page.slide, len(self.slides), page.part, page.parts)
        view = SlideView(
            self.slides[page.slide], page.columns, page.sizes, counter, self, page.weights, page.folded
        )
        view.set_spotlight(self._spotlight)
        view.setVisible(not self._blanked)
        self._layout.addWidget(view)
        self._view = view
        # Lay the page out now, not at the next event loop turn: what the
        # window reports (and grab() shows) is the page it says it is on.
        self._layout.activate()
        view.activate_layouts()
