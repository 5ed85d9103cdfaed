"""Layouts shared by the app's list dialogs (re-anchor review, sources)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QLabel, QVBoxLayout, QWidget


def lay_out_table_dialog(
    dialog: QWidget, summary: QLabel, table: QWidget, commands: Sequence[QAbstractButton], close: QAbstractButton
) -> None:
    """A summary line, the table taking the room, then the commands on the
    left and Close on the right."""
    buttons = QHBoxLayout()
    for button in commands:
        buttons.addWidget(button)
    buttons.addStretch(1)
    buttons.addWidget(close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(summary)
    layout.addWidget(table, 1)
    layout.addLayout(buttons)
