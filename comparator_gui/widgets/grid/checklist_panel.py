"""A titled, checkable, reorderable list: which studies or fields to show."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from .checklist_model import ChecklistModel


class ChecklistPanel(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ChecklistModel(self)
        self.title = QLabel(title)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setObjectName("panelTitle")
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName(f"{title}: check to show, Alt+Up/Down to reorder")
        self.list.setUniformItemSizes(True)
        self.title.setBuddy(self.list)
        self.up = QPushButton("Move up")
        self.down = QPushButton("Move down")
        self.up.setAccessibleName(f"Move the selected {title.lower()} entry up")
        self.down.setAccessibleName(f"Move the selected {title.lower()} entry down")
        self.up.clicked.connect(lambda: self.move_current(-1))
        self.down.clicked.connect(lambda: self.move_current(1))
        for key, delta in (("Alt+Up", -1), ("Alt+Down", 1)):
            shortcut = QShortcut(QKeySequence(key), self.list)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda d=delta: self.move_current(d))
        buttons = QHBoxLayout()
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def move_current(self, delta: int) -> None:
        row = self.list.currentIndex().row()
        if row < 0:
            return
        new_row = self.model.move(row, delta)
        self.list.setCurrentIndex(self.model.index(new_row, 0, QModelIndex()))
