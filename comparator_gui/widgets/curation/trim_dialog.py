"""Before an accepted suggestion is quoted: the suggested span, all of it
selected, for the reviewer to trim to the words that support the field.

Keys: Shift+←/→ (Ctrl: a word) move the end, Alt+←/→ (Shift: a character)
move the start, Enter quotes the selected words, Esc quotes nothing. So
accepting a suggestion as it is stays two key presses (Enter, Enter).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ...domain.selection import snap_to_words
from ...qt.positions import QtPositions


class _SpanEdit(QPlainTextEdit):
    """The span's words, read-only; the selection is what will be quoted."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()  # the dialog's default button
            return
        if mods & Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._move_start(key == Qt.Key.Key_Right, by_word=not mods & Qt.KeyboardModifier.ShiftModifier)
            return
        super().keyPressEvent(event)

    def _move_start(self, forward: bool, by_word: bool) -> None:
        cursor = self.textCursor()
        anchor, position = cursor.anchor(), cursor.position()
        start, end = min(anchor, position), max(anchor, position)
        mover = QTextCursor(self.document())
        mover.setPosition(start)
        if by_word:
            mover.movePosition(QTextCursor.MoveOperation.NextWord if forward else QTextCursor.MoveOperation.PreviousWord)
        else:
            mover.movePosition(QTextCursor.MoveOperation.Right if forward else QTextCursor.MoveOperation.Left)
        new_start = min(mover.position(), end)
        cursor.setPosition(new_start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)


class TrimDialog(QDialog):
    def __init__(
        self, parent: QWidget | None, text: str, start: int, end: int, field_label: str, snap: bool = True
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Quote for {field_label}")
        self.setObjectName("trimDialog")
        self._text, self._start, self._snap = text, start, snap
        self._positions = QtPositions(text[start:end])
        layout = QVBoxLayout(self)
        intro = QLabel(
            "The suggested words are selected. Trim them to what supports the field:\n"
            "Shift+←/→ moves the end (Ctrl+Shift: a word at a time); Alt+←/→ moves the start a word "
            "at a time (Alt+Shift: a letter). Enter quotes the selection; Esc quotes nothing."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.edit = _SpanEdit()
        self.edit.setObjectName("trimSpan")
        self.edit.setAccessibleName("Words to quote")
        self.edit.setReadOnly(True)
        self.edit.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.edit.setPlainText(self._positions.display)
        self.edit.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the words wrap
        layout.addWidget(self.edit, 1)
        self.preview = QLabel()
        self.preview.setObjectName("trimPreview")
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        layout.addWidget(self.preview)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Quote")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.edit.selectionChanged.connect(self._update_preview)
        self.edit.selectAll()
        self.edit.setFocus()
        self._update_preview()
        self.resize(560, 260)

    def span(self) -> tuple[int, int] | None:
        """The selected words as code points of the whole source text (widened
        to whole words when the setting says so, as the quote will be)."""
        cursor = self.edit.textCursor()
        if not cursor.hasSelection():
            return None
        start = self._start + self._positions.to_code_point(cursor.selectionStart(), end=False)
        end = self._start + self._positions.to_code_point(cursor.selectionEnd(), end=True)
        while start < end and self._text[start].isspace():  # a word-wise move leaves the space after it
            start += 1
        while end > start and self._text[end - 1].isspace():
            end -= 1
        if self._snap:
            start, end = snap_to_words(self._text, start, end)
        return (start, end) if end > start else None

    def _update_preview(self) -> None:
        span = self.span()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(span is not None)
        self.preview.setText(f"Will quote: “{self._text[span[0]:span[1]]}”" if span else "Select the words to quote.")
