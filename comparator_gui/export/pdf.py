"""PDF through Qt's own writer (QPdfWriter + QTextDocument): A4 landscape,
the header row repeated on every page, quotes under each value, a footer with
the library, export date and page numbers.

The only export module that imports Qt, and only inside its functions, so
``import comparator_gui.export`` stays Qt-free. The document is built as Qt
rich text with everything from a record escaped, in one ``setHtml`` call:
PySide6 6.12 on Python 3.11 drops a reference to None on every void method
call, and building cell by cell through a QTextCursor (thousands of calls)
drained it until the process aborted. Runs in a QThread once a
QGuiApplication exists (one is created, offscreen by default, when none does).
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from html import escape
from pathlib import Path
from typing import Any

from ..domain.models import NOT_REPORTED
from .files import Ticker, atomic_write_bytes
from .sheet import Cell, FieldHeader, Header, Progress, Sheet
from .text import DISPUTED_LABEL, NOTE_LABEL, quoted, source_text

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


def _span(text: str, *, size: float = BASE_PT, bold: bool = False, italic: bool = False,
          color: str = "ink") -> str:
    style = (
        f"font-size:{size:g}pt; font-weight:{700 if bold else 400}; "
        f"font-style:{'italic' if italic else 'normal'}; color:{_COLORS[color]}"
    )
    return f'<span style="{style}">{escape(text, quote=True)}</span>'


def _para(inner: str, *, before: float = 0.0, indent: float = 0.0) -> str:
    # Lengths in device units: the layout's paint device is the PDF writer.
    return (
        f'<p style="margin-top:{_pt(before):.0f}px; margin-bottom:0px; '
        f'margin-left:{_pt(indent):.0f}px">{inner}</p>'
    )


def _header(header: Header, width: str = "", shade: str = "header") -> str:
    detail = _para(_span(header.detail, size=BASE_PT - 1, color="muted")) if header.detail else ""
    label = _para(_span(header.label, bold=True))
    return f'<th{width} align="left" bgcolor="{_COLORS[shade]}">{label}{detail}</th>'


def _cell(cell: Cell) -> str:
    parts: list[str] = []
    if not cell.reported:
        parts.append(_para(_span(NOT_REPORTED, italic=True, color="muted")))
    if cell.disputed:
        parts.append(_para(_span(DISPUTED_LABEL, bold=True, color="disputed_ink")))
    for number, claim in enumerate(cell.claims, start=1):
        label = f"Claim {number}: " if cell.disputed else ""
        parts.append(_para(_span(label + claim.value, bold=True), before=3 if number > 1 else 0))
        for quote in claim.quotes:
            text = _span(quoted(quote), size=BASE_PT - 0.5, italic=_latin(quote.text), color="quote")
            parts.append(_para(text, before=2, indent=6))
            parts.append(_para(_span(quote.citation, size=BASE_PT - 1.5, color="muted"), indent=6))
        if claim.note:
            note = _span(f"{NOTE_LABEL}: {claim.note}", size=BASE_PT - 1, color="muted")
            parts.append(_para(note, before=2))
    if cell.note:
        parts.append(_para(_span(f"{NOTE_LABEL}: {cell.note}", size=BASE_PT - 1, color="muted"), before=2))
    shade = f' bgcolor="{_COLORS["disputed"]}"' if cell.disputed else ""
    return f"<td{shade}>{''.join(parts)}</td>"


def _html(sheet: Sheet, ticker: Ticker) -> str:
    """The document as Qt rich text. Everything from a record is escaped; Qt's
    HTML importer builds it in one call (see ``pdf_bytes`` on why that matters)."""
    first = 14.0 if not sheet.transpose else 16.0
    rest = (100.0 - first) / max(1, len(sheet.columns))
    head = _header(FieldHeader("", sheet.corner, ""), f' width="{first:g}%"') + "".join(
        _header(h, f' width="{rest:g}%"') for h in sheet.columns
    )
    rows = []
    for row in sheet.rows:
        label = _header(row.header, shade="rowhead")
        rows.append(f"<tr>{label}{''.join(_cell(c) for c in row.cells)}</tr>")
        ticker.step()
    what = "field" if sheet.transpose else "study"
    intro = (
        f"One column per {what}. Under each value: the source's own words and where they "
        f"stand in it. Amber cells: {DISPUTED_LABEL.lower()}."
    )
    sources = "".join(
        _para(_span(f"{s.tag} {source_text(s)}"), before=2)
        for s in sheet.sources
    )
    return (
        "<html><body>"
        + _para(_span(sheet.library_name, size=14, bold=True))
        + _para(_span(sheet.byline, color="muted"), before=2)
        + _para(_span(intro, color="muted"), before=2)
        + f'<table width="100%" cellspacing="0" cellpadding="{_pt(3.5):.0f}" border="{_pt(0.6):.1f}" '
        f'style="border-collapse:collapse; border-style:solid; border-color:{_COLORS["border"]}; margin-top:{_pt(6):.0f}px">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        + _para(_span("Sources", size=11, bold=True), before=10)
        + sources
        + "</body></html>"
    )


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
    from PySide6.QtGui import (
        QColor,
        QFont,
        QFontMetricsF,
        QPageLayout,
        QPageSize,
        QPainter,
        QPdfWriter,
        QTextDocument,
    )

    ticker = Ticker(progress, len(sheet.rows) + 2)
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setHtml(_html(sheet, ticker))
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
