"""A header whose section labels wrap within the section instead of being cut off."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

PADDING = 6
#: Field labels wrap at this width instead of widening the row header.
VERTICAL_WIDTH = 150
FLAGS = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


class WrappingHeader(QHeaderView):
    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.sectionResized.connect(lambda *_: self.updateGeometries())
        self._heights: dict[tuple[str, int], int] = {}

    def _text(self, section: int) -> str:
        model = self.model()
        if model is None:
            return ""
        return str(model.headerData(section, self.orientation(), Qt.ItemDataRole.DisplayRole) or "")

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.orientation() == Qt.Orientation.Vertical:
            hint.setWidth(VERTICAL_WIDTH)
        return hint

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        base = super().sectionSizeFromContents(logicalIndex)
        if self.orientation() != Qt.Orientation.Horizontal:
            return base
        width = max(20, max(self.sectionSize(logicalIndex), self.minimumSectionSize()) - 2 * PADDING)
        text = self._text(logicalIndex)
        # Qt asks again for every section after each reset; measuring wrapped
        # text is the costly part, and the same labels come back each time.
        key = (text, width)
        height = self._heights.get(key)
        if height is None:
            font = self.font()
            font.setBold(True)
            height = QFontMetrics(font).boundingRect(QRect(0, 0, width, 10_000), int(FLAGS), text).height()
            if len(self._heights) > 20_000:
                self._heights.clear()
            self._heights[key] = height
        return QSize(base.width(), max(base.height(), height + 2 * PADDING))

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect  # type: ignore[attr-defined]
        option.section = logicalIndex  # type: ignore[attr-defined]
        option.text = ""  # type: ignore[attr-defined]
        selection = self.selectionModel()
        horizontal = self.orientation() == Qt.Orientation.Horizontal
        if selection is not None and (
            selection.columnIntersectsSelection(logicalIndex) if horizontal else selection.rowIntersectsSelection(logicalIndex)
        ):
            option.state |= QStyle.StateFlag.State_On  # type: ignore[attr-defined]
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        font = self.font()
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect.adjusted(PADDING, PADDING, -PADDING, -PADDING), int(FLAGS), self._text(logicalIndex))
        painter.restore()
