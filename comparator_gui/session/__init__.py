"""The application session: what the open window is working on, without Qt.

Widgets subscribe to its events and call its methods; they never reach into
the main window or into each other (see docs/architecture.md).
"""

from .app_session import AppSession, Cell, Notice, SourceSelection

__all__ = ["AppSession", "Cell", "Notice", "SourceSelection"]
