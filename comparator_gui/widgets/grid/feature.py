"""The grid feature: shows the session's library as studies × fields, keeps
the session's view choices and selected cell in step with the grid, and
re-lays out after every search keystroke, filter, reorder and edit.

Showing a large library is done in steps (the grid first; the panels and the
first cell's sources in the next event), so the window paints at once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ...domain import collector
from ...domain.levels import by_level
from ...domain.library import Library
from ...domain.view import SearchIndex, layout, ordered
from ...qt.actions import FeatureContext
from ...session import Cell
from .controls import FindBar, ShowPanel
from .delegate import CellDelegate
from .header import WrappingHeader
from .legend import show_level_legend
from .model import ComparisonModel


class GridFeature(QObject):
    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self.session = context.session
        self.model = ComparisonModel(self)
        self.delegate = CellDelegate(context.parent)
        self.view = self._make_view()
        self.find_bar = FindBar()
        self.show_panel = ShowPanel()
        self.show_panel.hide()  # until asked for (toolbar, View menu): the grid needs the width
        #: Set while a new library selects its first cell: its sources follow in the next event.
        self._first_cell = False
        #: A library shown whose panels and ``library_shown`` are still to come.
        self._finishing: Library | None = None
        self._freeze_index = False  # see ``_index_some``
        self._finish_timer = self._timer(self.finish_showing)
        self._search_timer = self._timer(self._apply_search)
        self._refit_rows = self._timer(self.view.resizeRowsToContents)
        self._index_timer = self._timer(self._index_some, single=False)
        # Owned by the feature: a bare singleShot would fire on a window already deleted.
        self._fit_timer = self._timer(self.fit_columns)
        self._connect(context)

    # ------------------------------------------------------------------ building

    def _timer(self, slot: object, single: bool = True) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(single)
        timer.setInterval(0)
        timer.timeout.connect(slot)  # type: ignore[arg-type]
        return timer

    def _make_view(self) -> QTableView:
        grid = QTableView()
        grid.setObjectName("comparisonGrid")
        grid.setAccessibleName("Comparison grid: studies side by side, one row per field")
        grid.setHorizontalHeader(WrappingHeader(Qt.Orientation.Horizontal, grid))
        grid.setVerticalHeader(WrappingHeader(Qt.Orientation.Vertical, grid))
        grid.setModel(self.model)
        grid.setItemDelegate(self.delegate)
        grid.setWordWrap(True)
        grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        grid.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        grid.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = grid.horizontalHeader()
        header.setDefaultSectionSize(260)
        header.setMinimumSectionSize(140)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Rows fit the cells on screen, not every column of the row: with
        # thousands of studies Qt's default (1,000 columns a row) made each
        # keystroke lay out ~12,000 cells. Scrolling sideways refits them.
        grid.verticalHeader().setResizeContentsPrecision(0)
        header.setResizeContentsPrecision(0)
        grid.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return grid

    def _connect(self, context: FeatureContext) -> None:
        grid, bar, session = self.view, self.find_bar, self.session
        grid.horizontalScrollBar().valueChanged.connect(lambda _: self._refit_rows.start())
        grid.selectionModel().currentChanged.connect(self._on_current_changed)
        grid.horizontalHeader().sectionResized.connect(lambda *_: grid.resizeRowsToContents())
        grid.viewport().installEventFilter(self)
        grid.installEventFilter(self)
        self.model.value_edited.connect(self._on_value_edited)
        bar.search.textChanged.connect(lambda _: self._search_timer.start())
        actions = context.actions
        for action_id, box in (
            ("grid.transpose", bar.transpose_box),
            ("grid.disputed_only", bar.disputed_box),
            ("grid.differences_only", bar.differences_box),
        ):
            action = actions.bind_toggle(action_id, box.setChecked)
            box.toggled.connect(action.setChecked)
            box.toggled.connect(self._on_filters_changed)
        actions.bind("grid.find", self._focus_search)
        actions.bind("grid.sort_by_level", self.sort_by_level)
        actions.bind("grid.level_legend", lambda: show_level_legend(self.view.window(), self.session.library))
        self.show_panel.strongest_first.clicked.connect(self.sort_by_level)
        self.show_panel.level_floor_changed.connect(self._on_level_floor_changed)
        show = actions.bind_toggle("grid.show_panel", self.show_panel.setVisible)
        show.setToolTip("Choose and order the studies and fields to show")
        self.show_panel.visibilityChanged.connect(show.setChecked)
        for toolbar_action in actions.toolbar_actions():
            bar.addAction(toolbar_action)
        self.show_panel.studies_panel.model.choices_changed.connect(self._on_studies_changed)
        self.show_panel.fields_panel.model.choices_changed.connect(self._on_fields_changed)
        session.events.library_changed.connect(self._on_library_changed)
        session.events.records_changed.connect(self._on_records_changed)
        session.events.selection_changed.connect(self._on_session_selection)
        session.events.reveal_requested.connect(self.reveal_study)

    # ------------------------------------------------------------------ column widths

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.view.viewport() and kind == QEvent.Type.Resize:
            self._fit_timer.start()
        elif watched is self.view and kind == QEvent.Type.PaletteChange:
            self.delegate.clear_cache()  # a new theme: cell documents were made in the old colours
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Share the grid's width among the columns (never below a readable minimum),
        then size rows to the wrapped text."""
        columns = self.model.columnCount()
        if not columns:
            return
        header = self.view.horizontalHeader()
        width = self._column_width(columns)
        # The default size resizes every section in one C++ loop (a Python
        # resizeSection per column cost ~15 ms a keystroke at 10,000 studies);
        # sections made by the next model reset start at it too.
        if header.defaultSectionSize() != width or header.length() != width * (columns - header.hiddenSectionCount()):
            header.blockSignals(True)
            header.setDefaultSectionSize(width)
            header.blockSignals(False)
            # The header's height follows its wrapped labels at the new widths.
            header.resizeSections(QHeaderView.ResizeMode.Interactive)
            header.updateGeometries()
            self.view.updateGeometries()
        self.view.resizeRowsToContents()

    def _column_width(self, columns: int) -> int:
        header = self.view.horizontalHeader()
        return max(header.minimumSectionSize(), self.view.viewport().width() // max(1, columns))

    # ------------------------------------------------------------------ a new library

    def _on_library_changed(self, library: Library) -> None:
        session, bar = self.session, self.find_bar
        choices = session.choices
        choices.search = bar.search.text()
        choices.disputed_only = bar.disputed_box.isChecked()
        choices.differences_only = bar.differences_box.isChecked()
        choices.min_level_rank = self.show_panel.level_floor_rank
        # Without a ready index, built in slices while the window is idle (or
        # at the first search): indexing 10,000 studies at once took ~0.5 s.
        # A ready index was frozen with the library on the loader thread; one
        # built here is frozen when complete (``_index_some``).
        self._freeze_index = session.search_index is None
        if session.search_index is None:
            session.search_index = SearchIndex(library)
        self._index_timer.start()
        # The panels are filled in the next event (``finish_showing``): 10,000
        # list items are ~20 ms of the stall while the grid first appears.
        self.show_panel.clear()
        bar.transpose_box.blockSignals(True)
        bar.transpose_box.setChecked(choices.transposed)
        bar.transpose_box.blockSignals(False)
        shown = layout(library, choices, session.search_index)
        # Columns at their fitted width before the reset, so the header measures
        # its labels once, at the widths they will have (``fit_columns``).
        columns = len(shown.field_keys) if choices.transposed else len(shown.study_ids)
        if columns:
            header = self.view.horizontalHeader()
            header.blockSignals(True)
            header.setDefaultSectionSize(self._column_width(columns))
            header.blockSignals(False)
        self.model.last_quote = None
        self.model.set_library(library, shown)
        self.model.set_layout(shown, choices.transposed)
        self.model.editable = True
        self.fit_columns()
        session.set_layout(shown)
        self._update_status()
        if self.model.rowCount() and self.model.columnCount():
            self._first_cell = True
            try:
                self.view.setCurrentIndex(self.model.index(0, 0))
            finally:
                self._first_cell = False
        self._finishing = library
        self._finish_timer.start()

    @property
    def still_showing(self) -> bool:
        """True while a library just set still has its panels to come."""
        return self._finishing is not None

    def finish_showing(self) -> None:
        """What follows the grid of a new library, in the next event (or now, for
        callers that need it): the studies and fields panels, then ``library_shown``."""
        library = self._finishing
        self._finish_timer.stop()
        if library is None or library is not self.session.library:
            return
        self._finishing = None
        self.show_panel.fill(library, self.session.choices)
        self.session.library_is_shown()

    def _index_some(self) -> None:
        index = self.session.search_index
        if index is None or index.build_some(0.02):
            self._index_timer.stop()
            if self._freeze_index:
                # A new library's index (a casefolded copy of every field) lives
                # as long as the library: out of the collector's passes too.
                # Once only: a freeze also keeps any cyclic garbage of the
                # moment, so freezing after every edit would pile it up.
                self._freeze_index = False
                collector.keep_out_of_collection()

    def _update_status(self) -> None:
        library, stats = self.session.library, self.session.stats
        if library is None or stats is None:
            return
        shown = self.model.layout_
        if not library.studies:
            text = "No studies yet: Library → Add source (Ctrl+Shift+O), then Library → New study (Ctrl+Shift+T)."
        else:
            text = f"{stats.summary()} · showing {len(shown.study_ids)} studies × {len(shown.field_keys)} fields"
        self.session.show_status(text)

    # ------------------------------------------------------------------ after an edit

    def _on_records_changed(self, study_ids: list[str]) -> None:
        library, session = self.session.library, self.session
        if library is None:
            return
        index = session.search_index
        if index is not None and not index.complete:
            self._index_timer.start()
        choices = session.choices
        self.model.last_quote = session.last_quote
        if self.show_panel.studies_differ(library):
            current_ids = [s.id for s in library.studies]
            choices.study_order = ordered(current_ids, choices.study_order)
            choices.hidden_studies &= set(current_ids)
            self.show_panel.fill_studies(library, choices)
        self.model.refresh(layout(library, choices, index), choices.transposed)
        self._after_layout()
        self._update_status()

    def reveal_study(self, study_id: str) -> None:
        """Show ``study_id`` (unhide it, clear a filter that hides it) and select its first field."""
        choices = self.session.choices
        if study_id in choices.hidden_studies:
            choices.hidden_studies.discard(study_id)
            self._on_records_changed([study_id])
        if study_id not in self.model.layout_.study_ids and self.find_bar.search.text():
            self.set_search("")
        keys = self.model.layout_.field_keys
        if keys:
            self.select_cell(study_id, keys[0])

    def _on_value_edited(self, study_id: str, key: str, text: str) -> None:
        # After the in-place editor has closed: the edit resets the model,
        # which must not happen while the view is still committing.
        QTimer.singleShot(
            0, self, lambda: self.session.run_edit("Edit value", [study_id], lambda e: e.set_value(study_id, key, 0, text))
        )

    # ------------------------------------------------------------------ view choices

    def _relayout(self) -> None:
        library = self.session.library
        if library is None:
            return
        choices = self.session.choices
        self.model.set_layout(layout(library, choices, self.session.search_index), choices.transposed)
        self._after_layout()
        self._update_status()

    def _after_layout(self) -> None:
        """Columns refitted, the session told, and the selected cell selected
        again (its sources stay as they are: the session announces only
        another cell)."""
        self.fit_columns()
        self.session.set_layout(self.model.layout_)
        cell = self.session.selection
        if cell is None:
            return
        index = self.model.index_of(cell.study_id, cell.field_key)
        if index.isValid():
            self.view.setCurrentIndex(index)
        elif self.session.library is not None and cell.study_id not in {s.id for s in self.session.library.studies}:
            self.session.clear_selection()  # its study is gone (an undone "new study")

    def _apply_search(self) -> None:
        text = self.find_bar.search.text()
        self.session.choices.search = text
        self.delegate.set_needle(text)
        self._relayout()
        self.view.viewport().update()

    def set_search(self, text: str) -> None:
        """Set the search text and apply it now (tests and scripts)."""
        self.find_bar.search.setText(text)
        self._search_timer.stop()
        self._apply_search()

    def _on_filters_changed(self) -> None:
        choices, bar = self.session.choices, self.find_bar
        choices.disputed_only = bar.disputed_box.isChecked()
        choices.differences_only = bar.differences_box.isChecked()
        choices.transposed = bar.transpose_box.isChecked()
        self._relayout()

    def sort_by_level(self) -> None:
        """The studies in order of evidence level, strongest first (a study's
        place among those of its level stays): a reorder like any other."""
        library = self.session.library
        if library is None:
            return
        choices = self.session.choices
        by_id = {study.id: study for study in library.studies}  # Library.study walks the list
        current = ordered(list(by_id), choices.study_order)
        choices.study_order = [study.id for study in by_level(by_id[sid] for sid in current)]
        self.show_panel.fill_studies(library, choices)
        self._relayout()
        self.session.show_status("Studies ordered by evidence level, strongest first.")

    def _on_level_floor_changed(self, rank: int) -> None:
        self.session.choices.min_level_rank = rank
        self._relayout()

    def _on_studies_changed(self, keys: list[str], hidden: set[str]) -> None:
        self.session.choices.study_order, self.session.choices.hidden_studies = keys, hidden
        self._relayout()

    def _on_fields_changed(self, keys: list[str], hidden: set[str]) -> None:
        self.session.choices.field_order, self.session.choices.hidden_fields = keys, hidden
        self._relayout()

    def _focus_search(self) -> None:
        self.find_bar.search.setFocus()
        self.find_bar.search.selectAll()

    # ------------------------------------------------------------------ selection

    def current_cell(self) -> tuple[str, str] | None:
        index = self.view.currentIndex()
        return self.model.cell_of(index) if index.isValid() else None

    def select_cell(self, study_id: str, field_key: str) -> bool:
        self.finish_showing()
        index = self.model.index_of(study_id, field_key)
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(index)
        return True

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self.session.library is None:
            return
        study_id, field_key = self.model.cell_of(current)
        self.session.select(study_id, field_key, immediate=not self._first_cell)

    def _on_session_selection(self, cell: Cell | None, _immediate: bool) -> None:
        """Another feature selected a cell (after marking evidence, say): follow it."""
        current = self.current_cell()
        if cell is None or current == (cell.study_id, cell.field_key):
            return
        if not self.select_cell(cell.study_id, cell.field_key):
            self.session.show_status("That field is hidden or filtered out of the grid.")
            if current is not None:  # the session follows the grid's cell again
                self.session.select(*current)
