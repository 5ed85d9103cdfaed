"""The comparison window: the grid of studies × fields, the source pane beside
it, the show/order panels, the problems panel and the menus.

It holds no domain logic: what to show comes from ``domain.view.layout``,
loading from ``qt.loader`` (off the UI thread), settings from ``settings``.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..domain import collector
from ..domain.library import Library, LibraryStats, library_stats, load_library
from ..domain.view import SearchIndex, ViewChoices, layout, ordered
from ..qt.cell_delegate import CellDelegate
from ..qt.checklist_model import CheckItem
from ..qt.comparison_model import ComparisonModel
from ..qt.loader import LibraryLoader
from ..qt.problems_model import ProblemsModel
from ..qt.text import message_html, tooltip_html
from ..qt.wrapping_header import WrappingHeader
from ..resources import bundled_library
from ..settings import LibraryView, Settings, load_settings, save_settings
from .app_icon import app_icon
from .checklist_panel import ChecklistPanel
from .source_pane import SourcePane
from .theme import apply_theme

if TYPE_CHECKING:  # imported when a presentation starts: not needed to show the window
    from .presentation import PresentationWindow

SHORTCUTS = [
    ("Open a library folder", QKeySequence.StandardKey.Open),
    ("Find (search values and quotes)", QKeySequence.StandardKey.Find),
    ("Export the comparison", "Ctrl+E"),
    ("Present (full screen)", "F5"),
    ("Transpose studies and fields", "Ctrl+T"),
    ("Disputed fields only", "Ctrl+D"),
    ("Differences only", "Ctrl+Shift+D"),
    ("Show or hide the problems panel", "Ctrl+P"),
    ("Move the selected study or field up / down", "Alt+Up / Alt+Down"),
    ("Move between cells", "Arrow keys, Tab"),
    ("Keyboard shortcuts", QKeySequence.StandardKey.HelpContents),
    ("Quit", QKeySequence.StandardKey.Quit),
]


def _b64(data: QByteArray) -> str:
    return base64.b64encode(bytes(data.data())).decode("ascii")


def _unb64(text: str) -> QByteArray:
    try:
        return QByteArray(base64.b64decode(text.encode("ascii")))
    except (ValueError, UnicodeEncodeError):
        return QByteArray()


class MainWindow(QMainWindow):
    library_loaded = Signal(object)
    #: The written path after File → Export, or None when it failed.
    export_finished = Signal(object)

    def __init__(self, settings: Settings | None = None, persist: bool = True) -> None:
        super().__init__()
        self.settings = settings if settings is not None else load_settings()
        self.persist = persist  # the screenshot command renders without saving settings
        self.library: Library | None = None
        self.choices = ViewChoices()
        self._search_index: SearchIndex | None = None
        self._freeze_index = False  # see ``_index_some``
        self._stats: tuple[Library, LibraryStats] | None = None  # counted once per library or edit
        self._keep_pane: tuple[str, str] | None = None  # set while a relayout reselects the same cell
        #: Set while a new library selects its first cell: see ``_on_current_changed``.
        self._pane_deferred = False
        #: A library shown whose panels and signal are still to come (``_finish_showing``).
        self._finishing: Library | None = None
        self._finish_timer = QTimer(self)
        self._finish_timer.setSingleShot(True)
        self._finish_timer.setInterval(0)
        self._finish_timer.timeout.connect(self._finish_showing)
        self._pane_timer = QTimer(self)
        self._pane_timer.setSingleShot(True)
        self._pane_timer.setInterval(0)
        self._pane_timer.timeout.connect(self._show_current_in_pane)
        self.presentation: PresentationWindow | None = None  # the open presentation, if any
        self.setWindowIcon(app_icon())
        self.setWindowTitle("Study Comparator")
        self.setAcceptDrops(True)
        self.setAccessibleName("Study Comparator")

        self.model = ComparisonModel(self)
        self.delegate = CellDelegate(self)
        self.grid = QTableView()
        self.grid.setObjectName("comparisonGrid")
        self.grid.setAccessibleName("Comparison grid: studies side by side, one row per field")
        self.grid.setHorizontalHeader(WrappingHeader(Qt.Orientation.Horizontal, self.grid))
        self.grid.setVerticalHeader(WrappingHeader(Qt.Orientation.Vertical, self.grid))
        self.grid.setModel(self.model)
        self.grid.setItemDelegate(self.delegate)
        self.grid.setWordWrap(True)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.grid.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.grid.horizontalHeader().setDefaultSectionSize(260)
        self.grid.horizontalHeader().setMinimumSectionSize(140)
        self.grid.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Rows fit the cells on screen, not every column of the row: with
        # thousands of studies Qt's default (1,000 columns a row) made each
        # keystroke lay out ~12,000 cells. Scrolling sideways refits them.
        self.grid.verticalHeader().setResizeContentsPrecision(0)
        self.grid.horizontalHeader().setResizeContentsPrecision(0)
        self._refit_rows = QTimer(self)
        self._refit_rows.setSingleShot(True)
        self._refit_rows.setInterval(0)
        self._refit_rows.timeout.connect(self.grid.resizeRowsToContents)
        self.grid.horizontalScrollBar().valueChanged.connect(lambda _: self._refit_rows.start())
        self.grid.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.grid.selectionModel().currentChanged.connect(self._on_current_changed)
        self.grid.horizontalHeader().sectionResized.connect(self._on_section_resized)
        self.grid.viewport().installEventFilter(self)

        self.source_pane = SourcePane()
        self.source_pane.field_activated.connect(self._on_field_activated)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.grid)
        self.splitter.addWidget(self.source_pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self._build_show_panel()
        self._build_problems_panel()
        self._build_toolbar()
        self._build_menus()
        self._build_status_bar()

        self.loader = LibraryLoader(self)
        self.loader.progress.connect(self._on_progress)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.cancelled.connect(self._on_load_cancelled)
        self.loader.failed.connect(self._on_load_failed)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(0)
        self._search_timer.timeout.connect(self._apply_search)
        self._index_timer = QTimer(self)
        self._index_timer.setInterval(0)
        self._index_timer.timeout.connect(self._index_some)

        apply_theme(QApplication.instance(), self.settings.theme)  # type: ignore[arg-type]
        self._restore_geometry()

        from .editing import EditingController

        self.editing = EditingController(self)

    # ------------------------------------------------------------------ building

    def _build_show_panel(self) -> None:
        self.studies_panel = ChecklistPanel("Studies")
        self.fields_panel = ChecklistPanel("Fields")
        self.studies_panel.model.choices_changed.connect(self._on_studies_changed)
        self.fields_panel.model.choices_changed.connect(self._on_fields_changed)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.addWidget(self.studies_panel, 1)
        column.addWidget(self.fields_panel, 2)
        self.show_dock = QDockWidget("Show", self)
        self.show_dock.setObjectName("showDock")
        self.show_dock.setWidget(holder)
        holder.setMaximumWidth(230)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.show_dock)
        # Hidden until asked for (toolbar button, View menu): the grid needs the width.
        self.show_dock.hide()

    def _build_problems_panel(self) -> None:
        self.problems_model = ProblemsModel(self)
        self.problems_view = QTableView()
        self.problems_view.setModel(self.problems_model)
        self.problems_view.setAccessibleName("Load problems")
        self.problems_view.setWordWrap(True)
        self.problems_view.horizontalHeader().setStretchLastSection(True)
        self.problems_view.verticalHeader().hide()
        self.problems_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems_dock = QDockWidget("Problems", self)
        self.problems_dock.setObjectName("problemsDock")
        self.problems_dock.setWidget(self.problems_view)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.problems_dock.hide()

    def _build_toolbar(self) -> None:
        bar = QToolBar("Find and filter")
        bar.setObjectName("filterBar")
        bar.setMovable(False)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search values and quotes…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search values and quotes")
        self.search.setMinimumWidth(260)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.disputed_box = QCheckBox("Disputed only")
        self.disputed_box.setAccessibleName("Show only disputed fields")
        self.differences_box = QCheckBox("Differences only")
        self.differences_box.setAccessibleName("Show only fields whose values differ between studies")
        self.transpose_box = QCheckBox("Studies as rows")
        self.transpose_box.setAccessibleName("Transpose: one row per study")
        self.disputed_box.toggled.connect(self._on_filters_changed)
        self.differences_box.toggled.connect(self._on_filters_changed)
        self.transpose_box.toggled.connect(self._on_filters_changed)
        bar.addWidget(QLabel(" Find: "))
        bar.addWidget(self.search)
        bar.addSeparator()
        bar.addWidget(self.disputed_box)
        bar.addWidget(self.differences_box)
        bar.addWidget(self.transpose_box)
        bar.addSeparator()
        toggle = self.show_dock.toggleViewAction()
        toggle.setText("Studies && fields…")
        toggle.setToolTip("Choose and order the studies and fields to show")
        bar.addAction(toggle)
        self.addToolBar(bar)

    def _action(self, text: str, slot: object, shortcut: object = None, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))  # type: ignore[call-overload]
        action.setCheckable(checkable)
        action.triggered.connect(slot)  # type: ignore[arg-type]
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = self.file_menu = menu.addMenu("&File")
        file_menu.addAction(self._action("&Open library folder…", self.choose_library, QKeySequence.StandardKey.Open))
        file_menu.addAction(self._action("Open the &bundled library", lambda: self.open_library(bundled_library())))
        self.recent_menu = file_menu.addMenu("&Recent libraries")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self.export_action = self._action("&Export…", self.export_dialog, "Ctrl+E")
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        view_menu = self.view_menu = menu.addMenu("&View")
        self.present_action = self._action("&Present", self.present, "F5")
        view_menu.addAction(self.present_action)
        view_menu.addSeparator()
        find = self._action("&Find", self._focus_search, QKeySequence.StandardKey.Find)
        view_menu.addAction(find)
        for box, key in ((self.transpose_box, "Ctrl+T"), (self.disputed_box, "Ctrl+D"), (self.differences_box, "Ctrl+Shift+D")):
            action = self._action(box.text(), lambda _=False, b=box: b.toggle(), key)
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.show_dock.toggleViewAction())
        problems_toggle = self.problems_dock.toggleViewAction()
        problems_toggle.setShortcut(QKeySequence("Ctrl+P"))
        view_menu.addAction(problems_toggle)
        theme_menu = view_menu.addMenu("&Theme")
        group = QActionGroup(self)
        for name in ("light", "dark"):
            action = QAction(name.capitalize(), self, checkable=True)
            action.setChecked(self.settings.theme == name)
            action.triggered.connect(lambda _=False, n=name: self.set_theme(n))
            group.addAction(action)
            theme_menu.addAction(action)

        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self._action("&Keyboard shortcuts", self.show_shortcuts, QKeySequence.StandardKey.HelpContents))
        help_menu.addAction(self._action("&About Study Comparator", self.show_about))

    def _build_status_bar(self) -> None:
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setAccessibleName("Loading progress")
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel loading")
        self.cancel_button.clicked.connect(self.cancel_loading)
        self.cancel_button.hide()
        self.problems_button = QPushButton()
        self.problems_button.setFlat(True)
        self.problems_button.clicked.connect(lambda: self.problems_dock.setVisible(not self.problems_dock.isVisible()))
        self.problems_button.hide()
        bar = self.statusBar()
        bar.addWidget(self.status_label, 1)
        bar.addPermanentWidget(self.problems_button)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)

    # ------------------------------------------------------------------ column widths

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.grid.viewport() and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self.fit_columns)
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Share the grid's width among the columns (never below a readable minimum),
        then size rows to the wrapped text."""
        columns = self.model.columnCount()
        if not columns:
            return
        header = self.grid.horizontalHeader()
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
            self.grid.updateGeometries()
        self.grid.resizeRowsToContents()

    def _column_width(self, columns: int) -> int:
        header = self.grid.horizontalHeader()
        return max(header.minimumSectionSize(), self.grid.viewport().width() // max(1, columns))

    def _on_section_resized(self, *_: object) -> None:
        self.grid.resizeRowsToContents()

    # ------------------------------------------------------------------ loading

    def open_library(self, path: Path | str) -> None:
        """Load in the background; the grid updates when it is done."""
        if hasattr(self, "editing") and not self.editing.maybe_save():
            return
        self.status_label.setText(f"Loading {path}…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.loader.start(Path(path))

    def load_library_now(self, path: Path | str) -> Library:
        """Load on this thread (the screenshot command and tests that need no thread)."""
        library = load_library(Path(path))
        self.set_library(library)
        self._finish_showing()
        return library

    def cancel_loading(self) -> None:
        self.loader.cancel()
        self._hide_progress()
        self.status_label.setText("Loading cancelled.")

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_loaded(self, library: Library, stats: LibraryStats, index: SearchIndex) -> None:
        self._hide_progress()
        self._stats = (library, stats)  # counted on the loader thread
        self.set_library(library, index)

    def _on_load_failed(self, reason: str) -> None:
        self._hide_progress()
        self.status_label.setText(f"Could not open the library: {reason}")
        QMessageBox.warning(self, "Could not open the library", message_html(reason))

    def _on_load_cancelled(self) -> None:
        self._hide_progress()

    def _hide_progress(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()

    def set_library(self, library: Library, search_index: SearchIndex | None = None) -> None:
        """Show ``library``. ``search_index``: one built for it elsewhere (the
        loader thread builds it); without one it is built in idle time."""
        # Out of the cyclic collector's reach before anything else is made (see
        # ``collector``): a full pass over a 10,000-study library took ~1 s.
        # The library it replaces was frozen too; without cycles, reference
        # counting frees it when the window lets go of it.
        collector.keep_out_of_collection()
        self._save_view()
        self.library = library
        # Without a ready index, built in slices while the window is idle (or
        # at the first search): indexing 10,000 studies at once took ~0.5 s.
        # A ready index was frozen with the library on the loader thread; one
        # built here is frozen when complete (``_index_some``).
        self._freeze_index = search_index is None or search_index.library is not library
        self._search_index = SearchIndex(library) if self._freeze_index or search_index is None else search_index
        self._index_timer.start()
        view = self.settings.view_for(library.root)
        study_ids = [s.id for s in library.studies]
        field_keys = [d.key for d in library.catalogue]
        self.choices = ViewChoices(
            study_order=ordered(study_ids, view.study_order),
            hidden_studies=set(view.hidden_studies) & set(study_ids),
            field_order=ordered(field_keys, view.field_order),
            hidden_fields=set(view.hidden_fields) & set(field_keys),
            search=self.search.text(),
            disputed_only=self.disputed_box.isChecked(),
            differences_only=self.differences_box.isChecked(),
            transposed=view.transposed,
        )
        # The panels are filled in the next event (``_finish_showing``): 10,000
        # list items are ~20 ms of the stall while the grid first appears.
        self.studies_panel.model.set_items([])
        self.fields_panel.model.set_items([])
        self.transpose_box.blockSignals(True)
        self.transpose_box.setChecked(view.transposed)
        self.transpose_box.blockSignals(False)
        self.source_pane.clear()
        shown = layout(library, self.choices, self._search_index)
        # Columns at their fitted width before the reset, so the header measures
        # its labels once, at the widths they will have (``fit_columns``).
        columns = len(shown.field_keys) if self.choices.transposed else len(shown.study_ids)
        if columns:
            header = self.grid.horizontalHeader()
            header.blockSignals(True)
            header.setDefaultSectionSize(self._column_width(columns))
            header.blockSignals(False)
        self.model.set_library(library, shown)
        self.model.set_layout(self.model.layout_, self.choices.transposed)
        self.fit_columns()
        self.problems_model.set_problems(library.problems)
        self._update_status(recount=False)  # counted already when loaded on the worker thread
        if library.errors:
            self.problems_dock.show()
        self.setWindowTitle(f"{library.name}[*] — Study Comparator")
        if self.model.rowCount() and self.model.columnCount():
            self._pane_deferred = True
            try:
                self.grid.setCurrentIndex(self.model.index(0, 0))
            finally:
                self._pane_deferred = False
        self._finishing = library
        self._finish_timer.start()

    @property
    def still_showing(self) -> bool:
        """True while a library just set still has its panels or its first
        cell's sources to come (in the next event: see ``set_library``)."""
        return self._finishing is not None or self._pane_timer.isActive()

    def _finish_showing(self) -> None:
        """What follows the grid of a new library, in the next event (or now, for
        callers that need it): the studies and fields panels, the first cell's
        sources, remembering the library, and ``library_loaded``."""
        library = self._finishing
        self._finish_timer.stop()
        if library is None or library is not self.library:
            return
        self._finishing = None
        studies = {s.id: s for s in library.studies}
        fields = {d.key: d for d in library.catalogue}
        self.studies_panel.model.set_items(
            [
                CheckItem(sid, studies[sid].short_title, sid not in self.choices.hidden_studies, studies[sid].title)
                for sid in self.choices.study_order
                if sid in studies
            ]
        )
        self.fields_panel.model.set_items(
            [
                CheckItem(key, fields[key].label, key not in self.choices.hidden_fields, fields[key].description)
                for key in self.choices.field_order
                if key in fields
            ]
        )
        self._flush_pane()
        self.settings.remember_library(library.root)
        self.library_loaded.emit(library)

    def _index_some(self) -> None:
        index = self._search_index
        if index is None or index.build_some(0.02):
            self._index_timer.stop()
            if self._freeze_index:
                # A new library's index (a casefolded copy of every field) lives
                # as long as the library: out of the collector's passes too.
                # Once only: a freeze also keeps any cyclic garbage of the
                # moment, so freezing after every edit would pile it up.
                self._freeze_index = False
                collector.keep_out_of_collection()

    def _update_status(self, recount: bool = True) -> None:
        """``recount=False``: only the view changed (a keystroke, a filter), so the
        library's counts (a walk over every claim) are reused."""
        if self.library is None:
            return
        if recount or self._stats is None or self._stats[0] is not self.library:
            self._stats = (self.library, library_stats(self.library))
        stats = self._stats[1]
        shown = self.model.layout_
        if not self.library.studies:
            self.status_label.setText(
                "No studies yet: Library → Add source (Ctrl+Shift+O), then Library → New study (Ctrl+Shift+T)."
            )
        else:
            self.status_label.setText(
                f"{stats.summary()} · showing {len(shown.study_ids)} studies × {len(shown.field_keys)} fields"
            )
        self.status_label.setToolTip(tooltip_html([self.library.name, str(self.library.root)]))
        problems = len(self.library.problems)
        self.problems_button.setVisible(problems > 0)
        self.problems_button.setText(f"⚠ {problems} problem{'s' if problems != 1 else ''}")
        self.problems_button.setAccessibleName(f"{problems} load problems: show the problems panel")

    # ------------------------------------------------------------------ after an edit

    def after_edit(self, study_ids: list[str]) -> None:
        """Records changed in place (an edit, undo or redo): show the new state."""
        library = self.library
        if library is None:
            return
        if self._search_index is None:
            self._search_index = SearchIndex(library)
        self._search_index.refresh(study_ids)  # re-indexes only what changed
        if not self._search_index.complete:
            self._index_timer.start()
        studies = {s.id: s for s in library.studies}
        current_ids = [s.id for s in library.studies]
        if set(current_ids) != set(self.studies_panel.model.keys()) or any(
            sid in studies and item.label != studies[sid].short_title
            for sid, item in zip(self.studies_panel.model.keys(), self.studies_panel.model.items(), strict=True)
        ):
            self.choices.study_order = ordered(current_ids, self.choices.study_order)
            self.choices.hidden_studies &= set(current_ids)
            self.studies_panel.model.set_items(
                [
                    CheckItem(sid, studies[sid].short_title, sid not in self.choices.hidden_studies, studies[sid].title)
                    for sid in self.choices.study_order
                ]
            )
        cell = self.current_cell()
        self.model.refresh(layout(library, self.choices, self._search_index), self.choices.transposed)
        self.fit_columns()
        if cell is not None:
            index = self.model.index_of(*cell)
            if index.isValid():
                self.grid.setCurrentIndex(index)
        cell = self.current_cell()
        if cell is not None:
            self.source_pane.show_cell(library, *cell)  # rebuilds tabs only if the sources changed
        else:
            self.source_pane.clear()
        self._update_status()

    def reveal_study(self, study_id: str) -> None:
        """Show ``study_id`` (unhide it, clear a filter that hides it) and select its first field."""
        if study_id in self.choices.hidden_studies:
            self.choices.hidden_studies.discard(study_id)
            self.after_edit([study_id])
        if study_id not in self.model.layout_.study_ids and self.search.text():
            self.set_search("")
        keys = self.model.layout_.field_keys
        if keys:
            self.select_cell(study_id, keys[0])

    # ------------------------------------------------------------------ view choices

    def _relayout(self) -> None:
        if self.library is None:
            return
        current = self.current_cell()
        self.model.set_layout(layout(self.library, self.choices, self._search_index), self.choices.transposed)
        self.fit_columns()
        if current is not None:
            index = self.model.index_of(*current)
            if index.isValid():
                # The same cell again: its source pane is already right (a
                # rebuild of a 1,000-quote source on every keystroke is not).
                self._keep_pane = current
                try:
                    self.grid.setCurrentIndex(index)
                finally:
                    self._keep_pane = None
        self._update_status(recount=False)

    def _apply_search(self) -> None:
        self.choices.search = self.search.text()
        self.delegate.set_needle(self.search.text())
        self._relayout()
        self.grid.viewport().update()

    def set_search(self, text: str) -> None:
        """Set the search text and apply it now (tests and scripts)."""
        self.search.setText(text)
        self._search_timer.stop()
        self._apply_search()

    def _on_filters_changed(self) -> None:
        self.choices.disputed_only = self.disputed_box.isChecked()
        self.choices.differences_only = self.differences_box.isChecked()
        self.choices.transposed = self.transpose_box.isChecked()
        self._relayout()

    def _on_studies_changed(self, keys: list[str], hidden: set[str]) -> None:
        self.choices.study_order, self.choices.hidden_studies = keys, hidden
        self._relayout()

    def _on_fields_changed(self, keys: list[str], hidden: set[str]) -> None:
        self.choices.field_order, self.choices.hidden_fields = keys, hidden
        self._relayout()

    # ------------------------------------------------------------------ selection

    def current_cell(self) -> tuple[str, str] | None:
        index = self.grid.currentIndex()
        if not index.isValid():
            return None
        return self.model.cell_of(index)

    def select_cell(self, study_id: str, field_key: str) -> bool:
        self._finish_showing()
        index = self.model.index_of(study_id, field_key)
        if not index.isValid():
            return False
        self.grid.setCurrentIndex(index)
        self.grid.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.grid.scrollTo(index)
        self._flush_pane()
        return True

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self.library is None:
            return
        study_id, field_key = self.model.cell_of(current)
        if self._keep_pane == (study_id, field_key):
            return
        if self._pane_deferred:
            # The grid paints first; the sources follow in the next event (a
            # 1 MB source takes ~30 ms to lay out). Only the latest cell counts.
            self._pane_timer.start()
            return
        self.source_pane.show_cell(self.library, study_id, field_key)

    def _show_current_in_pane(self) -> None:
        cell = self.current_cell()
        if cell is not None and self.library is not None:
            self.source_pane.show_cell(self.library, *cell)

    def _flush_pane(self) -> None:
        """Show a deferred cell's sources now (callers that read the pane next)."""
        if self._pane_timer.isActive():
            self._pane_timer.stop()
            self._show_current_in_pane()

    def _on_field_activated(self, field_key: str) -> None:
        current = self.current_cell()
        if current is None:
            return
        if not self.select_cell(current[0], field_key):
            self.status_label.setText("That field is hidden or filtered out of the grid.")

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ------------------------------------------------------------------ menus

    def choose_library(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open library folder", self.settings.last_library or "")
        if folder:
            self.open_library(folder)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_libraries:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_library(p))
        if not self.settings.recent_libraries:
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    def visible_selection(self) -> tuple[list[str], list[str]]:
        """The study ids and field keys the grid shows, in order (for export and presenting)."""
        shown = self.model.layout_
        return list(shown.study_ids), list(shown.field_keys)

    def export_dialog(self) -> None:
        from .export_dialog import run_export_dialog

        run_export_dialog(self)

    def present(self) -> None:
        from .presenting import start_presentation

        start_presentation(self)

    def set_theme(self, name: str) -> None:
        self.settings.theme = name
        apply_theme(QApplication.instance(), name)  # type: ignore[arg-type]
        self.delegate.clear_cache()
        self.grid.viewport().update()

    def show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td>{html.escape(what)}</td><td><b>{html.escape(_key_text(key))}</b></td></tr>"
            for what, key in SHORTCUTS
        )
        box = QMessageBox(self)
        box.setWindowTitle("Keyboard shortcuts")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(f"<table cellspacing=6>{rows}</table>")
        box.exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Study Comparator",
            tooltip_html(
                [
                    f"Version {__version__}",
                    "Studies side by side, every value with the source words that support it.",
                ],
                "Study Comparator",
            ),
        )

    # ------------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile() and Path(urls[0].toLocalFile()).is_dir():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            self.open_library(urls[0].toLocalFile())
            event.acceptProposedAction()

    # ------------------------------------------------------------------ settings

    def _restore_geometry(self) -> None:
        if self.settings.window_geometry:
            self.restoreGeometry(_unb64(self.settings.window_geometry))
        else:
            self.resize(1280, 800)
        if self.settings.splitter_state:
            self.splitter.restoreState(_unb64(self.settings.splitter_state))
        else:
            self.splitter.setSizes([640, 400])

    def _save_view(self) -> None:
        if self.library is None:
            return
        view: LibraryView = self.settings.view_for(self.library.root)
        view.study_order = list(self.choices.study_order)
        view.hidden_studies = sorted(self.choices.hidden_studies)
        view.field_order = list(self.choices.field_order)
        view.hidden_fields = sorted(self.choices.hidden_fields)
        view.transposed = self.choices.transposed

    def save_settings(self) -> None:
        self._save_view()
        self.settings.window_geometry = _b64(self.saveGeometry())
        self.settings.splitter_state = _b64(self.splitter.saveState())
        if self.persist:
            save_settings(self.settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.editing.maybe_save():
            event.ignore()
            return
        self.loader.cancel()
        self.save_settings()
        super().closeEvent(event)


def _key_text(key: object) -> str:
    if isinstance(key, QKeySequence.StandardKey):
        bindings = QKeySequence.keyBindings(key)
        return ", ".join(b.toString(QKeySequence.SequenceFormat.NativeText) for b in bindings) or "—"
    return str(key)
