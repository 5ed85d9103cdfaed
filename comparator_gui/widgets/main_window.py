"""The comparison window. It assembles the parts and nothing more: the session
(``session/``), the actions built from the action table, and one object per
feature (``widgets/<feature>/``), placed in the window's splitter, docks,
toolbar and status bar. Features never import this module; they meet through
the session (see docs/architecture.md).
"""

from __future__ import annotations

import base64
from functools import partial
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QSplitter

from .. import __version__
from ..domain.intake.article import ARTICLE_SUFFIXES
from ..domain.library import Library
from ..qt.actions import Actions, FeatureContext, shortcuts_html
from ..qt.app_icon import app_icon
from ..qt.text import message_html, tooltip_html
from ..qt.theme import apply_theme
from ..session import AppSession, Notice
from ..settings import Settings, load_settings, save_settings
from .consensus.feature import ConsensusFeature
from .curation.feature import CurationFeature
from .export.feature import ExportFeature
from .grid.feature import GridFeature
from .intake.feature import IntakeFeature
from .library.feature import LibraryFeature
from .presentation.feature import PresentationFeature
from .sources.feature import SourcesFeature


def _dropped(urls: list[QUrl]) -> tuple[list[Path], list[Path]]:
    """(one library folder, or none; article files) among dropped URLs."""
    paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
    folders = [p for p in paths if p.is_dir()]
    if len(folders) == 1 and len(paths) == 1:
        return folders, []
    return [], [p for p in paths if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES]


def _b64(data: QByteArray) -> str:
    return base64.b64encode(bytes(data.data())).decode("ascii")


def _unb64(text: str) -> QByteArray:
    try:
        return QByteArray(base64.b64decode(text.encode("ascii")))
    except (ValueError, UnicodeEncodeError):
        return QByteArray()


class MainWindow(QMainWindow):
    #: The library is on screen: grid, panels and the first cell's sources.
    library_loaded = Signal(object)
    #: The written path after File → Export, or None when it failed.
    export_finished = Signal(object)

    def __init__(self, settings: Settings | None = None, persist: bool = True) -> None:
        super().__init__()
        self.settings = settings if settings is not None else load_settings()
        self.persist = persist  # the screenshot command renders without saving settings
        self.session = session = AppSession(self.settings, persist)
        self.setWindowIcon(app_icon())
        self.setWindowTitle("Study Comparator")
        self.setAcceptDrops(True)
        self.setAccessibleName("Study Comparator")
        self.actions_ = Actions(session, self)
        context = FeatureContext(session, self.actions_, self)
        # Order matters only for who hears an event first: the grid lays out
        # before the sources follow its cell, and both before curation.
        self.grid_feature = GridFeature(context)
        self.sources = SourcesFeature(context)
        self.library_feature = LibraryFeature(context)
        self.curation = CurationFeature(context)
        self.exporting = ExportFeature(context)
        self.presenting = PresentationFeature(context)
        self.intake = IntakeFeature(context)
        self.consensus = ConsensusFeature(context)
        self._place_parts()
        self._bind_window_actions()
        session.events.notice.connect(self._show_notice)
        session.events.status.connect(self.status_label.setText)
        session.events.library_changed.connect(self._on_library_changed)
        session.events.modified_changed.connect(self.setWindowModified)
        session.events.library_shown.connect(self.library_loaded.emit)
        self.exporting.finished.connect(self.export_finished.emit)
        apply_theme(QApplication.instance(), self.settings.theme)  # type: ignore[arg-type]
        self._restore_geometry()
        self._name_the_parts()

    def _place_parts(self) -> None:
        grid, library = self.grid_feature, self.library_feature
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(grid.view)
        self.splitter.addWidget(self.sources.pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, grid.show_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, library.problems_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.intake.dock)
        self.addToolBar(grid.find_bar)
        self.actions_.build_menus(self.menuBar())
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        bar = self.statusBar()
        bar.addWidget(self.status_label, 1)
        bar.addPermanentWidget(library.problems_button)
        bar.addPermanentWidget(library.progress)
        bar.addPermanentWidget(library.cancel_button)

    def _name_the_parts(self) -> None:
        """Short names for the parts most used by tests and scripts."""
        grid, library = self.grid_feature, self.library_feature
        self.model, self.grid, self.delegate = grid.model, grid.view, grid.delegate
        self.search, self.disputed_box = grid.find_bar.search, grid.find_bar.disputed_box
        self.differences_box, self.transpose_box = grid.find_bar.differences_box, grid.find_bar.transpose_box
        self.studies_panel, self.fields_panel = grid.show_panel.studies_panel, grid.show_panel.fields_panel
        self.source_pane, self.editing = self.sources.pane, self.curation
        self.loader, self.progress, self.cancel_button = library.loader, library.progress, library.cancel_button
        self.problems_model, self.problems_dock = library.problems_model, library.problems_dock
        self.problems_button = library.problems_button

    def _bind_window_actions(self) -> None:
        actions = self.actions_
        actions.bind("window.quit", self.close)
        actions.bind("window.shortcuts", self.show_shortcuts)
        actions.bind("window.about", self.show_about)
        for name in ("light", "dark"):
            action = actions.bind(f"window.theme_{name}", partial(self.set_theme, name))
            action.setChecked(self.settings.theme == name)

    # ------------------------------------------------------------------ the session's news

    def _on_library_changed(self, library: Library) -> None:
        self.setWindowTitle(f"{library.name}[*] — Study Comparator")
        self.status_label.setToolTip(tooltip_html([library.name, str(library.root)]))

    def _show_notice(self, notice: Notice) -> None:
        show = {"info": QMessageBox.information, "warning": QMessageBox.warning, "error": QMessageBox.critical}
        show[notice.level](self, notice.title, message_html(notice.text))

    # ------------------------------------------------------------------ for tests and scripts

    @property
    def library(self) -> Library | None:
        return self.session.library

    @property
    def still_showing(self) -> bool:
        """True while a library just set still has its panels or its first
        cell's sources to come (in the next event)."""
        return self.grid_feature.still_showing or self.sources.pending

    def open_library(self, path: Path | str) -> None:
        self.library_feature.open_library(path)

    def load_library_now(self, path: Path | str) -> Library:
        """Load and show on this thread, panels and sources included."""
        library = self.library_feature.load_library_now(path)
        self.grid_feature.finish_showing()
        return library

    def select_cell(self, study_id: str, field_key: str) -> bool:
        """Select a cell and show its sources now."""
        done = self.grid_feature.select_cell(study_id, field_key)
        self.sources.flush()
        return done

    def current_cell(self) -> tuple[str, str] | None:
        return self.grid_feature.current_cell()

    def set_search(self, text: str) -> None:
        self.grid_feature.set_search(text)

    def visible_selection(self) -> tuple[list[str], list[str]]:
        return self.session.visible_selection()

    # ------------------------------------------------------------------ window commands

    def set_theme(self, name: str) -> None:
        self.settings.theme = name
        apply_theme(QApplication.instance(), name)  # type: ignore[arg-type]
        self.grid.viewport().update()

    def show_shortcuts(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("Keyboard shortcuts")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(shortcuts_html())
        box.exec()

    def show_about(self) -> None:
        text = tooltip_html(
            [f"Version {__version__}", "Studies side by side, every value with the source words that support it."],
            "Study Comparator",
        )
        QMessageBox.about(self, "About Study Comparator", text)

    # ------------------------------------------------------------------ drag and drop: a library folder

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped(event.mimeData().urls()) != ([], []):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """A folder opens as a library; article files are imported as sources."""
        folders, articles = _dropped(event.mimeData().urls())
        if folders:
            self.library_feature.open_library(folders[0])
        elif articles and self.session.library is not None:
            self.curation.import_files(articles)
        else:
            return
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

    def save_settings(self) -> None:
        self.session.remember_view()
        self.settings.window_geometry = _b64(self.saveGeometry())
        self.settings.splitter_state = _b64(self.splitter.saveState())
        if self.persist:
            save_settings(self.settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.session.may_close_library():
            event.ignore()
            return
        self.library_feature.loader.cancel()
        self.save_settings()
        super().closeEvent(event)
