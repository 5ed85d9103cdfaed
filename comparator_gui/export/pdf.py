"""PDF through Qt's own writer (QPdfWriter + QTextDocument): A4 landscape,
the header row repeated on every page, quotes under each value, a footer with
the library, export date and page numbers.

The only export module that imports Qt, and only inside its functions, so
``import comparator_gui.export`` stays Qt-free. Text goes in through
``QTextCursor.insertText``: it is never parsed as HTML. Can run off the UI
thread once a QGuiApplication exists (one is created, offscreen by default,
when none does).
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from pathlib import Path
from typing import Any

from ..domain.models import NOT_REPORTED
from .files import Ticker, atomic_write_bytes
from .sheet import Cell, Header, Progress, Sheet
from .text import DISPUTED_LABEL, NOTE_LABEL, quoted

RESOLUTION = 300  # device units per inch
MARGIN_MM = 12.0
BASE_PT = 8.0
_APP: Any = None

_COLORS = {
    "ink": "#1d232b", "muted": "#4a5360", "header": "#dde4ee", "rowhead": "#f1f3f6",
    "disputed": "#fdf1d6", "disputed_ink": "#8a4b00", "border": "#9aa6b5", "quote": "#2f3a47",
}


def _ensure_app() -> None:
    global _APP
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    existing = QCoreApplication.instance()
    if existing is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _APP = QGuiApplication([])
    elif not isinstance(existing, QGuiApplication):
        raise RuntimeError("PDF export needs a QGuiApplication, but a QCoreApplication is running")


def _latin(text: str) -> bool:
    """Italic only for Latin text: the oblique faces of common fonts (DejaVu) have
    no Arabic glyphs, and Qt's fallback then draws boxes instead of letters."""
    return all(ord(ch) < 0x250 or 0x2000 <= ord(ch) < 0x2070 for ch in text)


def _pt(points: float) -> float:
    return points * RESOLUTION / 72.0


class _Builder:
    """Fills a QTextDocument through a cursor; no text is ever parsed as markup."""

    def __init__(self, doc: Any) -> None:
        from PySide6.QtGui import QTextCursor

        self.doc = doc
        self.cursor = QTextCursor(doc)

    def char(self, *, size: float = BASE_PT, bold: bool = False, italic: bool = False,
             color: str = "ink") -> Any:
        from PySide6.QtGui import QColor, QFont, QTextCharFormat

        fmt = QTextCharFormat()
        fmt.setFontPointSize(size)
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        fmt.setFontItalic(italic)
        fmt.setForeground(QColor(_COLORS[color]))
        return fmt

    def block(self, *, before: float = 0.0, indent: float = 0.0) -> Any:
        from PySide6.QtGui import QTextBlockFormat

        fmt = QTextBlockFormat()
        fmt.setTopMargin(_pt(before))
        fmt.setLeftMargin(_pt(indent))
        return fmt

    def paragraph(self, text: str, char: Any, block: Any, *, first: bool = False) -> None:
        if first:
            self.cursor.setBlockFormat(block)
            self.cursor.setBlockCharFormat(char)
        else:
            self.cursor.insertBlock(block, char)
        self.cursor.insertText(text, char)

    def header(self, header: Header, first: bool = True) -> None:
        self.paragraph(header.label, self.char(bold=True), self.block(), first=first)
        if header.detail:
            self.paragraph(header.detail, self.char(size=BASE_PT - 1, color="muted"), self.block())

    def cell(self, cell: Cell) -> None:
        first = True

        def para(text: str, char: Any, block: Any) -> None:
            nonlocal first
            self.paragraph(text, char, block, first=first)
            first = False

        if not cell.reported:
            para(NOT_REPORTED, self.char(italic=True, color="muted"), self.block())
        if cell.disputed:
            para(DISPUTED_LABEL, self.char(bold=True, color="disputed_ink"), self.block())
        for number, claim in enumerate(cell.claims, start=1):
            label = f"Claim {number}: " if cell.disputed else ""
            para(label + claim.value, self.char(bold=True), self.block(before=3 if number > 1 else 0))
            for quote in claim.quotes:
                para(quoted(quote), self.char(size=BASE_PT - 0.5, italic=_latin(quote.text), color="quote"),
                     self.block(before=2, indent=6))
                para(quote.citation, self.char(size=BASE_PT - 1.5, color="muted"), self.block(indent=6))
            if claim.note:
                para(f"{NOTE_LABEL}: {claim.note}", self.char(size=BASE_PT - 1, color="muted"),
                     self.block(before=2))
        if cell.note:
            para(f"{NOTE_LABEL}: {cell.note}", self.char(size=BASE_PT - 1, color="muted"), self.block(before=2))


def _column_widths(sheet: Sheet) -> list[Any]:
    from PySide6.QtGui import QTextLength

    first = 14.0 if not sheet.transpose else 16.0
    rest = (100.0 - first) / max(1, len(sheet.columns))
    percent = QTextLength.Type.PercentageLength
    return [QTextLength(percent, first), *(QTextLength(percent, rest) for _ in sheet.columns)]


def _document(sheet: Sheet, ticker: Ticker) -> Any:
    from PySide6.QtGui import QBrush, QColor, QTextDocument, QTextFrameFormat, QTextTableFormat

    doc = QTextDocument()
    doc.setDocumentMargin(0)
    build = _Builder(doc)
    build.paragraph(sheet.library_name, build.char(size=14, bold=True), build.block(), first=True)
    build.paragraph(sheet.byline, build.char(color="muted"), build.block(before=2))
    build.paragraph(
        f"One column per {'field' if sheet.transpose else 'study'}. Under each value: the source's own "
        f"words and where they stand in it. Amber cells: {DISPUTED_LABEL.lower()}.",
        build.char(color="muted"), build.block(before=2),
    )
    build.paragraph("", build.char(size=4), build.block())

    table_format = QTextTableFormat()
    table_format.setHeaderRowCount(1)
    table_format.setBorderCollapse(True)
    table_format.setBorder(_pt(0.6))
    table_format.setBorderBrush(QBrush(QColor(_COLORS["border"])))
    table_format.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
    table_format.setCellPadding(_pt(3.5))
    table_format.setCellSpacing(0)
    table_format.setWidth(_percent(100))
    table_format.setColumnWidthConstraints(_column_widths(sheet))
    table = build.cursor.insertTable(len(sheet.rows) + 1, len(sheet.columns) + 1, table_format)

    def shade(row: int, col: int, color: str) -> None:
        cell = table.cellAt(row, col)
        fmt = cell.format().toTableCellFormat()
        fmt.setBackground(QColor(_COLORS[color]))
        cell.setFormat(fmt)

    def at(row: int, col: int) -> None:
        build.cursor = table.cellAt(row, col).firstCursorPosition()

    at(0, 0)
    build.paragraph(sheet.corner, build.char(bold=True), build.block(), first=True)
    shade(0, 0, "header")
    for col, header in enumerate(sheet.columns, start=1):
        at(0, col)
        build.header(header)
        shade(0, col, "header")
    for r, row in enumerate(sheet.rows, start=1):
        at(r, 0)
        build.header(row.header)
        shade(r, 0, "rowhead")
        for col, cell in enumerate(row.cells, start=1):
            at(r, col)
            build.cell(cell)
            if cell.disputed:
                shade(r, col, "disputed")
        ticker.step()

    build.cursor = table.lastCursorPosition()
    build.cursor.movePosition(build.cursor.MoveOperation.End)
    build.paragraph("Sources", build.char(size=11, bold=True), build.block(before=10))
    for source in sheet.sources:
        details = ". ".join(p for p in (source.outlet, source.published, source.url) if p)
        text = f"{source.tag} {source.title}" + (f". {details}" if details else "")
        build.paragraph(text, build.char(), build.block(before=2))
    return doc


def _percent(value: float) -> Any:
    from PySide6.QtGui import QTextLength

    return QTextLength(QTextLength.Type.PercentageLength, value)


_PDF_DATE = re.compile(rb"\(D:(\d{14})(Z|[+-]\d\d'\d\d'?)\)")
_XMP_DATE = re.compile(rb"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(Z|[+-]\d\d:\d\d)")


def _fix_dates(data: bytes, sheet: Sheet) -> bytes:
    """Qt stamps the wall-clock time; put the export time in its place, byte for
    byte the same length so the cross-reference offsets stay right."""
    when = sheet.exported

    def pdf(match: re.Match[bytes]) -> bytes:
        zone = match.group(2)
        fixed = b"Z" if zone == b"Z" else b"+00'00'"[: len(zone)]
        return b"(D:" + when.strftime("%Y%m%d%H%M%S").encode() + fixed + b")"

    def xmp(match: re.Match[bytes]) -> bytes:
        zone = match.group(2)
        return when.strftime("%Y-%m-%dT%H:%M:%S").encode() + (b"Z" if zone == b"Z" else b"+00:00")

    return _XMP_DATE.sub(xmp, _PDF_DATE.sub(pdf, data))


def pdf_bytes(sheet: Sheet, *, progress: Progress | None = None) -> bytes:
    _ensure_app()
    from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, Qt, QUuid
    from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter

    ticker = Ticker(progress, len(sheet.rows) + 2)
    doc = _document(sheet, ticker)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(f"{sheet.library_name}: comparison")
    writer.setCreator(sheet.app)
    seed = hashlib.sha256(repr(sheet).encode("utf-8")).hexdigest()
    writer.setDocumentId(QUuid(str(uuid.uuid5(uuid.NAMESPACE_URL, seed))))

    width, height = float(writer.width()), float(writer.height())
    footer = _pt(16)
    body = height - footer
    doc.documentLayout().setPaintDevice(writer)
    doc.setPageSize(QRectF(0, 0, width, body).size())
    pages = doc.pageCount()
    ticker.step()

    painter = QPainter(writer)
    footer_font = QFont(doc.defaultFont())
    footer_font.setPointSizeF(BASE_PT - 1)
    left = QFontMetricsF(footer_font, writer).elidedText(
        f"{sheet.library_name} · {sheet.byline}", Qt.TextElideMode.ElideMiddle, width * 0.8
    )
    for page in range(pages):
        if page:
            writer.newPage()
        painter.save()
        painter.translate(QPointF(0, -page * body))
        doc.drawContents(painter, QRectF(0, page * body, width, body))
        painter.restore()
        painter.setFont(footer_font)
        painter.setPen(QColor(_COLORS["muted"]))
        line = QRectF(0, body + _pt(6), width, footer - _pt(6))
        painter.drawText(line, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), left)
        painter.drawText(line, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                         f"Page {page + 1} of {pages}")
    painter.end()
    ticker.finish()
    return _fix_dates(bytes(buffer.data().data()), sheet)


def write_pdf(sheet: Sheet, output: Path, *, progress: Progress | None = None) -> Path:
    atomic_write_bytes(output, pdf_bytes(sheet, progress=progress))
    return output
