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

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from ...domain.disk import DiskChange
from ...session import AppSession

DELAY_MS = 300
MAX_WATCHED_FILES = 2000
POLL_MS = 3000


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
        self._debounce.timeout.connect(self.check_now)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.check_now)
        self._last: list[DiskChange] = []

    @property
    def current(self) -> list[DiskChange]:
        return list(self._last)

    def watch(self) -> None:
        """Watch the session's library (call when another one is open)."""
        self._clear()
        self._last = []
        library = self.session.library
        if library is None or not library.root.is_dir():
            return
        self._add_paths()
        self.changed.emit([])

    def _clear(self) -> None:
        paths = self.watcher.files() + self.watcher.directories()
        if paths:
            self.watcher.removePaths(paths)
        self._poll.stop()

    def _add_paths(self) -> None:
        """Every folder and (up to the limit) every file to watch; files that an
        atomic replace took out of the watch are added back here."""
        library = self.session.library
        if library is None:
            return
        folders = {library.root, library.root / "studies", *(path.parent for path in library.read_stamps)}
        files = [path for path in library.read_stamps if path.exists()]
        watched_dirs, watched_files = set(self.watcher.directories()), set(self.watcher.files())
        new_dirs = [str(f) for f in folders if f.is_dir() and str(f) not in watched_dirs]
        if new_dirs:
            self.watcher.addPaths(new_dirs)
        wanted = [str(f) for f in files[:MAX_WATCHED_FILES] if str(f) not in watched_files]
        refused = self.watcher.addPaths(wanted) if wanted else []
        if (len(files) > MAX_WATCHED_FILES or refused) and not self._poll.isActive():
            self._poll.start()  # too many files for the system's watches: look now and then

    def _poke(self, _path: str = "") -> None:
        self._debounce.start()  # restarted by every notification: one check after a burst

    def check_now(self) -> list[DiskChange]:
        """Compare now; emits ``changed`` when the list differs from the last."""
        self._debounce.stop()
        changes = self.session.disk.changes() if self.session.library is not None else []
        self._add_paths()
        if changes != self._last:
            self._last = changes
            self.changed.emit(list(changes))
        return changes

    def watched(self) -> list[Path]:
        return [Path(p) for p in self.watcher.files() + self.watcher.directories()]
