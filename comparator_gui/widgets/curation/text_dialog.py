"""Editing a value or a note: a multi-line box sized to the text, where Tab
moves the focus on (to OK) instead of typing a tab, and Ctrl+Return accepts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

#: The box's size in characters and lines: wide enough for a sentence, as
#: tall as the text (within reason), so nothing needs scrolling to be read.
COLUMNS = 64
MIN_LINES, MAX_LINES = 4, 18


class TextDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, label: str, text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.label = QLabel(label)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setPlainText(text)
        self.editor.setTabChangesFocus(True)
        self.editor.setAccessibleName(label)
        self.label.setBuddy(self.editor)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.buttons)
        self._fit(text)
        self.editor.setFocus()
        self.editor.selectAll()

    def _fit(self, text: str) -> None:
        metrics = QFontMetrics(self.editor.font())
        width = metrics.averageCharWidth() * COLUMNS
        wrapped = sum(max(1, -(-len(line) // COLUMNS)) for line in text.splitlines() or [""])
        lines = min(MAX_LINES, max(MIN_LINES, wrapped + 1))
        self.editor.setMinimumSize(width, metrics.lineSpacing() * lines + 12)

    def text(self) -> str:
        return self.editor.toPlainText()


def get_text(parent: QWidget | None, title: str, label: str, text: str) -> tuple[str, bool]:
    """Like ``QInputDialog.getMultiLineText``: (text, accepted)."""
    dialog = TextDialog(parent, title, label, text)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.text(), accepted
