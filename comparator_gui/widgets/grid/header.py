"""A header whose section labels wrap within the section instead of being cut off."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QRect, QSize, Qt
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
        #: (label, width) → section size: Qt measures up to 200 sections after
        #: every model reset (each keystroke of a search), and Qt's own measure
        #: asks the model for five roles per section.
        self._sizes: dict[tuple[str, int], QSize] = {}
        #: The last horizontal size hint: Qt asks for it several times after
        #: each reset, and each answer measured 200 sections (~5 ms).
        self._hint: QSize | None = None
        self.sectionResized.connect(self._forget_hint)
        self.sectionCountChanged.connect(self._forget_hint)

    def _forget_hint(self, *_: object) -> None:
        self._hint = None

    def setDefaultSectionSize(self, size: int) -> None:
        self._hint = None
        super().setDefaultSectionSize(size)

    def setModel(self, model: QAbstractItemModel | None) -> None:  # type: ignore[override]
        old = self.model()
        if old is not None:
            for signal in (old.modelReset, old.layoutChanged, old.headerDataChanged):
                signal.disconnect(self._forget_hint)
        super().setModel(model)
        if model is not None:
            for signal in (model.modelReset, model.layoutChanged, model.headerDataChanged):
                signal.connect(self._forget_hint)
        self._hint = None

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._sizes.clear()
            self._hint = None
        super().changeEvent(event)

    def _text(self, section: int) -> str:
        model = self.model()
        if model is None:
            return ""
        return str(model.headerData(section, self.orientation(), Qt.ItemDataRole.DisplayRole) or "")

    def sizeHint(self) -> QSize:
        if self.orientation() == Qt.Orientation.Vertical:
            hint = super().sizeHint()
            hint.setWidth(VERTICAL_WIDTH)
            return hint
        count = self.count()
        if self.model() is None or self.hiddenSectionCount() or self.sectionsMoved() or not count:
            return super().sizeHint()
        if self._hint is None:
            # Qt's own measure (the first and last 100 sections), asked from Python:
            # Qt calls sectionSizeFromContents through the binding, ~40 µs a section.
            hint = QSize(0, 0)
            for section in (*range(min(100, count)), *range(max(100, count - 100), count)):
                hint = hint.expandedTo(self._measure(section))
            self._hint = hint
        return QSize(self._hint)

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        if self.orientation() != Qt.Orientation.Horizontal:
            return super().sectionSizeFromContents(logicalIndex)
        return QSize(self._measure(logicalIndex))

    def _measure(self, logicalIndex: int) -> QSize:
        width = max(20, max(self.sectionSize(logicalIndex), self.minimumSectionSize()) - 2 * PADDING)
        text = self._text(logicalIndex)
        key = (text, width)
        size = self._sizes.get(key)
        if size is None:
            base = super().sectionSizeFromContents(logicalIndex)
            font = self.font()
            font.setBold(True)
            height = QFontMetrics(font).boundingRect(QRect(0, 0, width, 10_000), int(FLAGS), text).height()
            if len(self._sizes) > 20_000:
                self._sizes.clear()
            size = self._sizes[key] = QSize(base.width(), max(base.height(), height + 2 * PADDING))
        return size

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
