"""Qt test guards: a message box that a test did not expect fails the test
instead of waiting forever for a click that never comes."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture(autouse=True)
def _no_unexpected_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("information", "warning", "critical", "question"):

        def refuse(*args: object, _name: str = name, **kwargs: object) -> object:
            text = " / ".join(str(a) for a in args[1:3])
            raise AssertionError(f"unexpected QMessageBox.{_name}: {text}")

        monkeypatch.setattr(QMessageBox, name, refuse)


@pytest.fixture
def seeded_window(qtbot, seed_copy, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The real window at 1280×800 on a writable copy of the bundled library;
    closed at the end with unsaved edits discarded (the question answered)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from comparator_gui.widgets.main_window import MainWindow

    win = MainWindow(persist=False)
    win.resize(1280, 800)
    win.show()
    win.load_library_now(seed_copy)
    yield win
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    win.close()
    win.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
