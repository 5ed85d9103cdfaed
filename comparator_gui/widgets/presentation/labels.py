"""The one label type on a slide: plain text, wrapped, styled by role.

Values and quotes come from records and may hold ``<b>tags</b>``: they are
always plain text. Direction is left to Qt, which reads it from the text, so
an Arabic quote is laid out right to left.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["NoteLabel", "SlideLabel", "label_overflow"]

#: Room for wrapped text when asking how tall it is.
_TALL = 1_000_000


class SlideLabel(QLabel):
    """A word-wrapped plain-text label; ``role`` selects its rule in the stylesheet."""

    def __init__(self, text: str, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setProperty("role", role)
        self.setText(text)

    @property
    def role(self) -> str:
        return str(self.property("role"))


def label_overflow(label: QLabel) -> tuple[int, int]:
    """How many pixels the label's text needs beyond its box: (width, height).

    Measured with the label's own font metrics, wrapping as QLabel does; a
    word longer than the box shows up as width overflow. (0, 0) means it fits.
    """
    box = label.contentsRect()
    flags = int(label.alignment()) | int(Qt.TextFlag.TextWordWrap)
    needed = QFontMetrics(label.font()).boundingRect(QRect(0, 0, box.width(), _TALL), flags, label.text())
    return max(0, needed.width() - box.width()), max(0, needed.height() - box.height())


class NoteLabel(SlideLabel):
    """A reviewer's note: caption-sized and muted like a citation (the stylesheet's
    "source" rule), told apart by its "Reviewer's note:" label; ``is_note`` marks it."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, "source", parent)
        self.setObjectName("note")
        self.setProperty("is_note", True)
