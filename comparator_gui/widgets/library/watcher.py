"""Watching the open library's folder for changes made by someone else.

A ``QFileSystemWatcher`` on the library folder, its studies folder, the
folders of its sources and every file the app read (up to
``MAX_WATCHED_FILES``; beyond that, or when the system refuses more watches,
a slow poll). Notifications are debounced (``DELAY_MS``: an editor or a
``git pull`` writes many files at once), then the session compares every
file with what was read (``session.disk.changes``: size and mtime first, the
SHA-256 decides). The app's own saves record what they wrote, so they are
never reported; neither is a file written back with the same bytes.

``changed`` carries the whole current list whenever it differs from the last
one (an empty list: nothing differs any more, after a reload or a revert).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from ...domain.disk import DiskChange, scan
from ...qt.task import BackgroundTask
from ...session import AppSession

DELAY_MS = 300
MAX_WATCHED_FILES = 2000
ADD_AT_ONCE = 200
#: The poll for files beyond the system's watches: every few seconds, slower
#: for big libraries (comparing 22,500 files takes ~0.5 s, off the UI thread).
POLL_MS = 3000
POLL_MS_PER_FILE = 1


class DiskWatcher(QObject):
    #: list[DiskChange]: every file that holds something else than the app read.
    changed = Signal(list)

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._poke)
        self.watcher.directoryChanged.connect(self._poke)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DELAY_MS)
        self._debounce.timeout.connect(self.check_in_background)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.check_in_background)
        self._last: list[DiskChange] = []
        #: The files and folders to watch, worked out once per library (a
        #: stat of every file on each check held the window up ~0.8 s at
        #: 10,000 studies).
        self._files: list[str] = []
        self._folders: list[str] = []
        self._task: BackgroundTask | None = None
        #: Watches are added a slice at a time (adding 2,000 took ~0.25 s).
        self._more = QTimer(self)
        self._more.setSingleShot(True)
        self._more.setInterval(0)
        self._more.timeout.connect(self._add_paths)

    @property
    def current(self) -> list[DiskChange]:
        return list(self._last)

    def watch(self) -> None:
        """Watch the session's library (call when another one is open)."""
        self._clear()
        self._last = []
        library = self.session.library
        self._files, self._folders = [], []
        if library is None or not library.root.is_dir():
            return
        # Strings, not Paths: 22,500 Path parents and hashes cost ~0.1 s here.
        self._files = [str(path) for path in library.read_stamps]
        folders = {str(library.root), str(library.root / "studies"), *map(os.path.dirname, self._files)}
        self._folders = [f for f in folders if os.path.isdir(f)]
        self._poll.setInterval(max(POLL_MS, POLL_MS_PER_FILE * len(self._files)))
        self._add_paths()
        self.changed.emit([])

    def stop(self) -> None:
        """Stop watching and wait for a scan under way (before the window goes:
        a thread still running when its QThread is deleted aborts the app)."""
        self._debounce.stop()
        self._poll.stop()
        self._more.stop()
        task, self._task = self._task, None
        if task is not None:
            task.finished.disconnect()
            task.failed.disconnect()
            task.wait()  # the thread ends once the job returns

    def _clear(self) -> None:
        self.stop()
        paths = self.watcher.files() + self.watcher.directories()
        if paths:
            self.watcher.removePaths(paths)
        self._poll.stop()

    def _add_paths(self) -> None:
        """Every folder and (up to the limit) every file to watch; files that an
        atomic replace took out of the watch are added back here."""
        if self.session.library is None:
            return
        watched_dirs, watched_files = set(self.watcher.directories()), set(self.watcher.files())
        new_dirs = [f for f in self._folders if f not in watched_dirs and os.path.isdir(f)]
        if new_dirs:
            self.watcher.addPaths(new_dirs)
        wanted = [f for f in self._files[:MAX_WATCHED_FILES] if f not in watched_files]
        batch = [f for f in wanted[:ADD_AT_ONCE] if os.path.exists(f)]
        refused = self.watcher.addPaths(batch) if batch else []
        if len(wanted) > ADD_AT_ONCE:
            self._more.start()
        if (len(self._files) > MAX_WATCHED_FILES or refused) and not self._poll.isActive():
            self._poll.start()  # too many files for the system's watches: look now and then

    def _poke(self, _path: str = "") -> None:
        self._debounce.start()  # restarted by every notification: one check after a burst

    def check_now(self) -> list[DiskChange]:
        """Compare now, on this thread (after a save or a choice, whose result
        the bar shows next); emits ``changed`` when the list differs."""
        self._debounce.stop()
        changes = self.session.disk.changes() if self.session.library is not None else []
        self._take(changes)
        return changes

    def check_in_background(self) -> None:
        """Compare on a worker thread (a notification, the poll): the window
        stays responsive however many files the library has. The stamps are
        copied here, so a save on this thread meanwhile cannot race the scan."""
        library = self.session.library
        if library is None or self._task is not None:
            return
        root, stamps, study_files = library.root, dict(library.read_stamps), dict(library.study_files)
        task = self._task = BackgroundTask(lambda _report: scan(root, stamps, study_files), self)

        def done(result: object) -> None:
            self._task = None
            task.deleteLater()
            if self.session.library is library:  # not a library opened since
                # A save while scanning recorded new stamps: look again on this thread.
                fresh = library.read_stamps == stamps
                self._take(result if fresh and isinstance(result, list) else self.session.disk.changes())

        def failed(_error: object) -> None:
            self._task = None
            task.deleteLater()

        task.finished.connect(done)
        task.failed.connect(failed)
        task.start()

    def _take(self, changes: list[DiskChange]) -> None:
        self._add_paths()
        if changes != self._last:
            self._last = changes
            self.changed.emit(list(changes))

    def watched(self) -> list[Path]:
        return [Path(p) for p in self.watcher.files() + self.watcher.directories()]
