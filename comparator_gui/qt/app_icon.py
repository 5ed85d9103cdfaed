"""The window icon: two columns side by side with a highlighted line, drawn in
code so it needs no image plugin."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap


def _pixmap(size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 64
    painter.setBrush(QColor("#1E3A8A"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(QRectF(2 * s, 2 * s, 60 * s, 60 * s), 10 * s, 10 * s)
    painter.setBrush(QColor("#FFFFFF"))
    painter.drawRoundedRect(QRectF(10 * s, 12 * s, 19 * s, 40 * s), 3 * s, 3 * s)
    painter.drawRoundedRect(QRectF(35 * s, 12 * s, 19 * s, 40 * s), 3 * s, 3 * s)
    painter.setBrush(QColor("#FFB300"))
    painter.drawRect(QRectF(10 * s, 28 * s, 44 * s, 7 * s))
    painter.end()
    return pixmap


def app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        icon.addPixmap(_pixmap(size))
    return icon
