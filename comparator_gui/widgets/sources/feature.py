"""The sources feature: keeps the source pane on the session's selected cell,
tells the session which words are selected, and shows the context-menu
entries other features contribute (``AppSession.source_menu_providers``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMenu

from ...qt.actions import FeatureContext
from ...session import Cell, SourceSelection
from ...session.app_session import MenuEntry, QuoteAt, SourceContext
from .pane import SourcePane, SourceView, Span


class SourcesFeature(QObject):
    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self.session = session = context.session
        self.pane = SourcePane()
        self.pane.menu_hook = self._extend_menu
        self.pane.unsaved_pdf = self._unsaved_pdf
        self.pane.field_activated.connect(self._on_field_activated)
        #: The selected cell's sources follow in the next event when the grid
        #: asked for it (a new library: a 1 MB source takes ~30 ms to lay out,
        #: and the grid paints first). Only the latest cell counts.
        self._deferred = QTimer(self)
        self._deferred.setSingleShot(True)
        self._deferred.setInterval(0)
        self._deferred.timeout.connect(self.show_selected)
        session.provide_source_selection(self.selection)
        session.events.library_changed.connect(lambda _library: self._clear())
        session.events.selection_changed.connect(self._on_selection_changed)
        session.events.records_changed.connect(lambda _ids: self.show_selected())
        # Before anyone else hears that the library is on screen, its first
        # cell's sources are.
        session.events.library_shown.connect(lambda _library: self.flush())
        session.events.suggestions_shown.connect(self.pane.set_suggested)

    @property
    def pending(self) -> bool:
        """True while the selected cell's sources are still to be shown."""
        return self._deferred.isActive()

    def _clear(self) -> None:
        # The deferred timer stays: the grid may already have selected the
        # new library's first cell (it hears of the library first).
        self.pane.clear()

    def _on_selection_changed(self, cell: Cell | None, immediate: bool) -> None:
        if cell is None:
            self._deferred.stop()
            self.pane.clear(keep_views=True)
        elif immediate:
            self._deferred.stop()
            self.show_selected()
        else:
            self._deferred.start()

    def show_selected(self) -> None:
        """Show the selected cell's sources now (rebuilds tabs only if they changed)."""
        self._deferred.stop()
        cell, library = self.session.selection, self.session.library
        if cell is None or library is None:
            return
        try:
            library.study(cell.study_id)
        except KeyError:  # removed by an edit (an undone "new study")
            self.pane.clear(keep_views=True)
            return
        self.pane.show_cell(library, cell.study_id, cell.field_key)

    def flush(self) -> None:
        """Show deferred sources now (callers that read the pane next)."""
        if self._deferred.isActive():
            self.show_selected()

    def selection(self) -> SourceSelection | None:
        view = self.pane.current_view()
        span = view.selection_code_points() if view is not None else None
        if view is None or span is None:
            return None
        start, end = span
        return SourceSelection(view.source_id, start, end, view.text[start:end])

    def _unsaved_pdf(self, source_id: str) -> Path | None:
        """An imported PDF not saved yet: the file it was read from (or its copy
        kept with the recovery file), while it is there."""
        editor = self.session.editor
        if editor is None or source_id not in editor.pending_sources:
            return None
        original = editor.pending_originals.get(source_id)
        return original if original is not None and original.is_file() else None

    def _on_field_activated(self, field_key: str) -> None:
        cell = self.session.selection
        if cell is not None:
            self.session.select(cell.study_id, field_key)

    def _extend_menu(self, view: SourceView, menu: QMenu, spans: list[Span]) -> None:
        quotes = tuple(
            QuoteAt(s.ref.study_id, s.ref.field_key, s.ref.claim_index, s.ref.evidence_index) for s in spans
        )
        context = SourceContext(view.source_id, view.selection_code_points() is not None, quotes)
        entries = self.session.source_menu(context)
        if entries:
            menu.addSeparator()
            _add_entries(menu, entries)


def _add_entries(menu: QMenu, entries: list[MenuEntry] | tuple[MenuEntry, ...]) -> None:
    for entry in entries:
        if entry.children:
            sub = menu.addMenu(entry.text)
            sub.setEnabled(entry.enabled)
            _add_entries(sub, entry.children)
            continue
        action = menu.addAction(entry.text)
        action.setEnabled(entry.enabled)
        run = entry.run
        if run is not None:
            action.triggered.connect(lambda _checked=False, r=run: r())
