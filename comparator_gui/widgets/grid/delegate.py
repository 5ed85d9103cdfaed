"""Paints a comparison cell: a status line (disputed marker, quote count),
then the value, wrapped, with search matches highlighted. Row heights follow
``sizeHint``, so long values are never cut off. The words are the model's,
from ``domain.cell``; only the painting is here."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ...domain.cell import NOTE_PREFIX, NOTE_STALE_LINE, NUMBERS_LINE
from ...domain.comparison import FieldStatus
from ...qt.item_data import item_data
from ...qt.roles import Role

PADDING = 8
Index = QModelIndex | QPersistentModelIndex

# Tints chosen to keep body text above 7:1 contrast on white.
DISPUTED_TINT = QColor("#FFF1E0")
MATCH_TINT = QColor("#FFF7B3")
MATCH_MARK = QColor("#FFD54F")
NOT_REPORTED_TINT = QColor("#F3F4F6")
MUTED_TEXT = QColor("#4B5563")
#: Text on the light tints, whatever the theme: light text on them would vanish.
TINT_TEXT = QColor("#111827")
DISPUTED_TEXT = QColor("#9A3412")


@dataclass(frozen=True)
class Tints:
    match: QColor
    disputed: QColor
    not_reported: QColor
    text: QColor  # body text on any tint
    muted: QColor  # "not reported" and status lines on a tint
    disputed_text: QColor


LIGHT_TINTS = Tints(MATCH_TINT, DISPUTED_TINT, NOT_REPORTED_TINT, TINT_TEXT, MUTED_TEXT, DISPUTED_TEXT)
# Dark tints for the dark theme: light tints there glare and need dark text.
DARK_TINTS = Tints(
    QColor("#4D4000"), QColor("#47280F"), QColor("#262B32"), QColor("#F0F3F6"), QColor("#B8C1CC"), QColor("#FDBA74")
)


def tints_for(palette: QPalette) -> Tints:
    return DARK_TINTS if palette.color(QPalette.ColorRole.Base).lightness() < 128 else LIGHT_TINTS


class CellDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.needle = ""
        self._docs: OrderedDict[tuple[str, int, str, str], QTextDocument] = OrderedDict()
        self._status_heights: dict[tuple[str, int, str], int] = {}

    def set_needle(self, needle: str) -> None:
        # Documents stay cached across keystrokes: one is keyed on the needle
        # only when the needle may occur in it (see ``_document``).
        self.needle = needle.strip()

    def clear_cache(self) -> None:
        self._docs.clear()
        self._status_heights.clear()

    def _small_font(self, font: QFont) -> QFont:
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.82))
        small.setBold(True)
        return small

    def _document(self, text: str, width: int, font: QFont) -> QTextDocument:
        needle = self.needle
        if needle and text.isascii() and needle.isascii() and needle.lower() not in text.lower():
            needle = ""  # nothing to mark: the same document as with no search
        key = (text, width, needle, font.toString())
        doc = self._docs.get(key)
        if doc is not None:
            self._docs.move_to_end(key)
            return doc
        doc = QTextDocument()
        doc.setDefaultFont(font)
        doc.setDocumentMargin(0)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        # Direction follows the text, so Arabic values read right to left.
        option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
        doc.setDefaultTextOption(option)
        doc.setPlainText(text)  # plain: a value "<b>x</b>" shows its tags
        doc.setTextWidth(max(10, width))
        note_format = QTextCharFormat()
        note_format.setFontItalic(True)
        note_format.setFontPointSize(max(7.0, font.pointSizeF() * 0.9))
        block = doc.begin()
        while block.isValid():
            if block.text().startswith(NOTE_PREFIX):
                cursor = QTextCursor(block)
                cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
                cursor.mergeCharFormat(note_format)
            block = block.next()
        if needle:
            mark = QTextCharFormat()
            mark.setBackground(MATCH_MARK)
            mark.setForeground(TINT_TEXT)  # the mark is light in both themes
            cursor = doc.find(needle, 0)
            while not cursor.isNull():
                cursor.mergeCharFormat(mark)
                cursor = doc.find(needle, cursor)
        self._docs[key] = doc
        if len(self._docs) > 512:
            self._docs.popitem(last=False)
        return doc

    def _status_height(self, small: QFont, line: str, width: int) -> int:
        """Height of the wrapped status line, so a narrow column never cuts it off.
        Cached: a grid repaint measured the same few lines for every cell."""
        key = (line, max(20, width), small.toString())
        height = self._status_heights.get(key)
        if height is None:
            if len(self._status_heights) > 4096:
                self._status_heights.clear()
            height = self._status_heights[key] = QFontMetrics(small).boundingRect(
                QRect(0, 0, max(20, width), 10_000), int(Qt.TextFlag.TextWordWrap), line
            ).height()
        return height

    @staticmethod
    def _status_text(index: Index) -> str:
        return str(item_data(index, Role.STATUS_LINE) or "")

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        width = max(120, option.rect.width()) - 2 * PADDING  # type: ignore[attr-defined]
        font = item_data(index, Qt.ItemDataRole.FontRole) or option.font  # type: ignore[attr-defined]
        doc = self._document(str(item_data(index, Qt.ItemDataRole.DisplayRole) or ""), width, font)
        small = self._small_font(option.font)  # type: ignore[attr-defined]
        status_height = self._status_height(small, self._status_text(index), width) + 4
        height = int(doc.size().height()) + status_height + 2 * PADDING
        return QSize(width + 2 * PADDING, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        # Through QVariant a str-enum comes back as a plain str.
        status = FieldStatus(item_data(index, Role.STATUS))
        rect = option.rect  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        painter.save()
        tints = tints_for(palette)
        if selected:
            background = palette.color(QPalette.ColorRole.Highlight)
        elif item_data(index, Role.SEARCH_MATCH):
            background = tints.match
        elif status is FieldStatus.DISPUTED:
            background = tints.disputed
        elif status is FieldStatus.NOT_REPORTED:
            background = tints.not_reported
        else:
            background = palette.color(QPalette.ColorRole.Base)
        painter.fillRect(rect, background)
        tinted = not selected and background != palette.color(QPalette.ColorRole.Base)
        if selected:
            text_colour = palette.color(QPalette.ColorRole.HighlightedText)
            muted = text_colour
        elif tinted:
            text_colour, muted = tints.text, tints.muted
        else:
            text_colour = palette.color(QPalette.ColorRole.Text)
            muted = palette.color(QPalette.ColorRole.PlaceholderText)

        small = self._small_font(option.font)  # type: ignore[attr-defined]
        painter.setFont(small)
        line = self._status_text(index)
        # A note that may be out of date, or a number no quote gives: the status line says so in the warning colour.
        warned = not selected and (NOTE_STALE_LINE in line or NUMBERS_LINE in line)
        status_colour = tints.disputed_text if warned or (status is FieldStatus.DISPUTED and tinted) else muted
        painter.setPen(status_colour)

        status_height = self._status_height(small, line, rect.width() - 2 * PADDING)
        painter.drawText(
            rect.adjusted(PADDING, PADDING // 2, -PADDING, 0),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
            line,
        )

        font = item_data(index, Qt.ItemDataRole.FontRole) or option.font  # type: ignore[attr-defined]
        doc = self._document(str(item_data(index, Qt.ItemDataRole.DisplayRole) or ""), rect.width() - 2 * PADDING, font)
        painter.translate(rect.left() + PADDING, rect.top() + PADDING // 2 + status_height + 4)
        context = QAbstractTextDocumentLayout.PaintContext()
        body_colour = muted if status is FieldStatus.NOT_REPORTED else text_colour
        context.palette.setColor(QPalette.ColorRole.Text, body_colour)
        context.clip = QRectF(0, 0, rect.width(), rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()
        if option.state & QStyle.StateFlag.State_HasFocus:  # type: ignore[attr-defined]
            painter.save()
            pen = painter.pen()
            pen.setColor(palette.color(QPalette.ColorRole.Highlight).darker(150))
            pen.setWidth(2)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
            painter.restore()


__all__ = ["CellDelegate"]
