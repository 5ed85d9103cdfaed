"""QApplication set-up and the main window, for ``comparator-gui open``."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from . import __version__
from .resources import bundled_library
from .settings import load_settings


def application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Study Comparator")
    app.setOrganizationName("Study Comparator")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("study-comparator")
    return app


def startup_library(requested: Path | None) -> Path:
    """The library to open: the one asked for, else the last one, else the bundled one."""
    if requested is not None:
        return requested
    last = load_settings().last_library
    if last and Path(last).is_dir():
        return Path(last)
    return bundled_library()


def run_app(library: Path | None = None, smoke_test: bool = False) -> int:
    """Open the window. ``smoke_test``: once the library is shown on screen, print
    what is shown and quit (CI starts the real app under Xvfb this way)."""
    app = application()
    from PySide6.QtCore import QTimer

    from .qt.app_icon import app_icon
    from .widgets.main_window import MainWindow

    app.setWindowIcon(app_icon())
    window = MainWindow(persist=not smoke_test)
    window.show()
    if smoke_test:
        def report(loaded: object) -> None:
            def check() -> None:
                handle = window.windowHandle()
                exposed = handle is not None and handle.isExposed()
                print(
                    f"smoke: platform={app.platformName()} visible={window.isVisible()} exposed={exposed} "
                    f"studies={window.model.columnCount()} fields={window.model.rowCount()} title={window.windowTitle()!r}",
                    flush=True,
                )
                app.exit(0 if exposed and window.model.columnCount() else 1)

            QTimer.singleShot(300, check)

        window.library_loaded.connect(report)
        QTimer.singleShot(30_000, lambda: app.exit(2))  # never hang CI
    window.open_library(startup_library(library))
    return app.exec()
