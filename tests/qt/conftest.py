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
