"""The library feature: open a library folder (in the background, with progress
and Cancel), the bundled one, a recent one or a new empty one; the
problems panel that lists what the loader and the last edit found wrong; and
changes on disk: the folder is watched (``watcher``), a file changed by
someone else is said in a bar above the problems (``disk_bar``), and a
library open in another window is said there too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.disk import ChangedOnDisk, DiskChange
from ...domain.editing import EditError, new_library
from ...domain.library import LIBRARY_FILE, STUDIES_DIR, Library, LibraryStats
from ...domain.loading import load_library
from ...domain.view import SearchIndex
from ...qt.actions import FeatureContext
from ...qt.text import message_html
from ...resources import bundled_library
from .disk_bar import DiskBar
from .loader import LibraryLoader
from .problems_model import ProblemsModel
from .watcher import DiskWatcher


class LibraryFeature(QObject):
    #: Why an open failed (an unforeseen error on the loader thread).
    failed = Signal(str)

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self.session = session = context.session
        self.parent_widget = context.parent
        self.loader = LibraryLoader(self)
        self.loader.progress.connect(self._on_progress)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.cancelled.connect(self._hide_progress)
        self.loader.failed.connect(self._on_failed)
        self._build_status_widgets()
        self.disk_bar = DiskBar(session)
        self._build_problems_panel()
        self._announced: set[Path] = set()
        self.watcher = DiskWatcher(session, self)
        self.watcher.changed.connect(self._on_disk_changes)
        self.disk_bar.acted.connect(self.watcher.check_now)
        session.disk.conflict_handlers.append(self._on_save_refused)
        session.events.saved.connect(lambda _paths: self.watcher.check_now())
        # A save that migrated older files takes their "read as schema 2" warnings away.
        session.events.saved.connect(lambda _paths: self._show_problems())
        disk = session.disk
        self.destroyed.connect(lambda *_: disk.unlock())
        self.parent_widget.installEventFilter(self)
        actions = context.actions
        actions.bind("library.open", self.choose_library)
        actions.bind("library.open_bundled", lambda: self.open_library(bundled_library()))
        actions.bind("library.new", self.new_library_dialog)
        actions.bind_submenu("library.recent", self._fill_recent_menu)
        problems = actions.bind_toggle("library.problems", self.problems_dock.setVisible)
        self.problems_dock.visibilityChanged.connect(problems.setChecked)
        session.events.library_changed.connect(self._on_library_changed)
        session.events.records_changed.connect(lambda _ids: self._show_problems())

    def _build_status_widgets(self) -> None:
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

    def _build_problems_panel(self) -> None:
        self.problems_model = ProblemsModel(self)
        view = self.problems_view = QTableView()
        view.setModel(self.problems_model)
        view.setAccessibleName("Load problems")
        view.setWordWrap(True)
        view.horizontalHeader().setStretchLastSection(True)
        view.verticalHeader().hide()
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems_dock = QDockWidget("Problems")
        self.problems_dock.setObjectName("problemsDock")
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.disk_bar)
        column.addWidget(view, 1)
        self.problems_dock.setWidget(panel)
        self.problems_dock.hide()

    # ------------------------------------------------------------------ opening

    def open_library(self, path: Path | str) -> None:
        """Load in the background; the session gets the library when it is done.
        A folder that holds no library is not opened (nor remembered as recent):
        the reviewer is offered to make one there."""
        folder = Path(path)
        if folder.is_dir() and not (folder / LIBRARY_FILE).exists() and not (folder / STUDIES_DIR).is_dir():
            self._offer_new_library(folder)
            return
        if not self.session.may_close_library():
            return
        self.session.show_status(f"Loading {path}…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.loader.start(Path(path))

    def load_library_now(self, path: Path | str) -> Library:
        """Load on this thread (the screenshot command and tests that need no thread)."""
        library = load_library(Path(path))
        self.session.set_library(library)
        return library

    def cancel_loading(self) -> None:
        self.loader.cancel()
        self._hide_progress()
        self.session.show_status("Loading cancelled.")

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_loaded(self, library: Library, stats: LibraryStats, index: SearchIndex) -> None:
        self._hide_progress()
        self.session.set_library(library, stats, index)  # both made on the loader thread

    def _on_failed(self, reason: str) -> None:
        self._hide_progress()
        self.session.show_status(f"Could not open the library: {reason}")
        self.session.tell("warning", "Could not open the library", reason)
        self.failed.emit(reason)

    def _hide_progress(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()

    def choose_library(self) -> None:
        start = self.session.settings.last_library or ""
        folder = QFileDialog.getExistingDirectory(self.parent_widget, "Open library folder", start)
        if folder:
            self.open_library(folder)

    def _fill_recent_menu(self, menu: QMenu) -> None:
        recent = self.session.settings.recent_libraries
        for path in recent:
            action = menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_library(p))
        if not recent:
            menu.addAction("(none yet)").setEnabled(False)

    def _offer_new_library(self, folder: Path) -> bool:
        answer = QMessageBox.question(
            self.parent_widget, "Not a library",
            message_html(
                f"{folder} holds no library (no {LIBRARY_FILE}, no {STUDIES_DIR} folder).\n\n"
                "Create a new, empty library in this folder?"
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            self.session.show_status(f"Not opened: {folder} is not a library.")
            return False
        if not self.session.may_close_library():
            return False
        try:
            new_library(folder, folder.name)
        except (EditError, OSError) as exc:
            self.session.tell("warning", "New library", str(exc))
            return False
        self.load_library_now(folder)
        return True

    def new_library_dialog(self) -> bool:
        if not self.session.may_close_library():
            return False
        folder = QFileDialog.getExistingDirectory(self.parent_widget, "Folder for the new library")
        if not folder:
            return False
        name, ok = QInputDialog.getText(self.parent_widget, "New library", "Library name:", text=Path(folder).name)
        if not ok:
            return False
        try:
            new_library(Path(folder), name)
        except (EditError, OSError) as exc:
            self.session.tell("warning", "New library", str(exc))
            return False
        self.load_library_now(folder)
        return True

    # ------------------------------------------------------------------ problems

    def _on_library_changed(self, library: Library) -> None:
        self.disk_bar.open_elsewhere(self.session.disk.lock())
        self.watcher.watch()
        self._show_problems()
        if library.errors:
            self.problems_dock.show()

    # ------------------------------------------------------------------ changes on disk

    def _on_disk_changes(self, changes: list[DiskChange]) -> None:
        self.disk_bar.set_changes(changes)
        self._show_problems()
        if self.disk_bar.isVisibleTo(self.problems_dock):
            self.problems_dock.show()  # shown, not activated: the focus stays where the reviewer types
        new = [change for change in changes if change.path not in self._announced]
        self._announced = {change.path for change in changes}
        if new:  # only news: the status line keeps what a choice just said
            names = ", ".join(change.rel for change in new[:3]) + (" …" if len(new) > 3 else "")
            self.session.show_status(f"Changed on disk: {names}. See the bar above the problems.")

    def _on_save_refused(self, refused: ChangedOnDisk) -> None:
        self.disk_bar.refused(refused.changes)
        self.disk_bar.set_changes(self.watcher.check_now())
        self._show_problems()
        self.problems_dock.show()
        names = ", ".join(change.rel for change in refused.changes)
        self.session.show_status(f"Not saved: {names} changed on disk since it was read. Nothing was overwritten.")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent_widget and event.type() == QEvent.Type.Close:
            QTimer.singleShot(0, self, self._release_if_closed)  # the close may yet be refused
        return False

    def _release_if_closed(self) -> None:
        try:
            closed = not self.parent_widget.isVisible()
        except RuntimeError:  # the window is gone already
            closed = True
        if closed:
            self.watcher.stop()
            self.session.disk.unlock()

    def _show_problems(self) -> None:
        """The problems as they are now: recomputed by the editor after every edit."""
        library = self.session.library
        if library is None:
            return
        problems = library.problems + self.disk_bar.problems()
        self.problems_model.set_problems(problems)
        count = len(problems)
        self.problems_button.setVisible(count > 0)
        self.problems_button.setText(f"⚠ {count} problem{'s' if count != 1 else ''}")
        self.problems_button.setAccessibleName(f"{count} load problems: show the problems panel")
