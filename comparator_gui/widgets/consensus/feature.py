"""File → Compare with another copy…: reviewer B's copy of the open library
compared with it, and the consolidation view on the differences. Edit →
Reviewer name… sets the name stamped on the claims and quotes a reviewer adds.

Both copies are read and compared on a worker thread. Copy A is the open library as saved on disk (unsaved edits are asked to be
saved first: the comparison and the consolidated library must match the files).
The decisions are kept in the app's data folder, one file per pair of copies,
so comparing the same two copies again resumes where the reviewers stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog

from ...domain.compare import Comparison, compare_libraries
from ...domain.consensus import ConsensusError, decisions_path
from ...domain.library import Library
from ...domain.loading import load_library
from ...qt.actions import FeatureContext
from ...qt.task import BackgroundTask
from ...session.consensus import Consolidation
from ...settings import config_dir
from .view import ConsensusDialog


def decisions_folder() -> Path:
    return config_dir() / "consensus"


class ConsensusFeature(QObject):
    #: The consolidation view, once a comparison found differences.
    opened = Signal(object)

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self.session = context.session
        self.parent_widget = context.parent
        #: The open consolidation view (None when none is open).
        self.dialog: ConsensusDialog | None = None
        #: The comparison running on a worker thread (None when none runs).
        self.task: BackgroundTask | None = None
        context.actions.bind("consensus.compare", self.compare_dialog)
        context.actions.bind("consensus.reviewer", self.ask_reviewer_name)

    def ask_reviewer_name(self) -> bool:
        """Ask for the reviewer's name (kept in the settings); False when cancelled."""
        settings = self.session.settings
        name, ok = QInputDialog.getText(
            self.parent_widget, "Reviewer name",
            "Your name, recorded with every claim and quote you add\n(two reviewers' copies can then be compared):",
            text=settings.reviewer_name,
        )
        if ok:
            settings.reviewer_name = name.strip()
            self.session.show_status(f"Reviewer: {settings.reviewer_name or '(none)'}")
        return ok

    def compare_dialog(self) -> None:
        library = self.session.library
        if library is None:
            return
        folder = QFileDialog.getExistingDirectory(
            self.parent_widget, "Compare with another copy: choose the other reviewer's library folder",
            str(library.root.parent),
        )
        if folder:
            self.compare_with(Path(folder))

    def compare_with(self, other: Path) -> bool:
        """Compare the open library (as saved) with the copy in ``other`` on a worker
        thread; the view opens when it is done (``compared``). False: not started."""
        session, library = self.session, self.session.library
        if library is None or self.task is not None:
            return False
        if session.modified:
            session.tell("info", "Save first", "The open library has unsaved edits. Save them (Ctrl+S), then compare: "
                         "the comparison is made between the copies as they are on disk.")
            return False
        if other.resolve() == library.root.resolve():
            session.tell("info", "The same folder", f"{other} is the open library: choose the other reviewer's copy.")
            return False
        root = library.root

        def job(progress: Callable[[int, int], None]) -> tuple[list[Library], Comparison | None]:
            copies = []
            for n, folder in enumerate((root, other)):
                progress(n, 3)
                copies.append(load_library(folder))
            progress(2, 3)
            if any(copy.errors for copy in copies):
                return copies, None
            return copies, compare_libraries(*copies)

        self.task = BackgroundTask(job, self)
        self.task.finished.connect(self._compared)
        self.task.failed.connect(self._failed)
        session.show_status(f"Comparing {root} with {other}…")
        self.task.start()
        return True

    def _failed(self, error: object) -> None:
        self.task = None
        self.session.tell("warning", "Cannot compare", str(error))

    def _compared(self, result: tuple[list[Library], Comparison | None]) -> None:
        self.task = None
        session = self.session
        copies, comparison = result
        for copy in copies:
            if copy.errors:
                lines = "\n".join(str(p) for p in copy.errors[:10])
                session.tell("warning", "Cannot compare", f"{copy.root} has {len(copy.errors)} problem(s):\n{lines}")
                return
        assert comparison is not None
        if not comparison.differences:
            session.tell("info", "The copies agree", f"{copies[0].root} and {copies[1].root} hold the same values and quotes.")
            return
        if not session.settings.reviewer_name:
            self.ask_reviewer_name()
        try:
            consolidation = Consolidation.start(
                comparison, decisions_path(decisions_folder(), copies[0].root, copies[1].root),
                session.settings.reviewer_name or None,
            )
        except ConsensusError as exc:
            session.tell("warning", "Saved decisions unreadable", str(exc))
            return
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = ConsensusDialog(consolidation, self.parent_widget)
        self.dialog.show()
        decided, total = consolidation.progress
        session.show_status(f"{total} difference(s) between the two copies; {decided} decided.")
        self.opened.emit(self.dialog)
