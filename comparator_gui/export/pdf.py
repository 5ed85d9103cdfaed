"""PDF through Qt's own writer (QPdfWriter + QTextDocument): A4 landscape,
the header row repeated on every page, quotes under each value, a footer with
the library, export date and page numbers.

The only export module that imports Qt, and only inside its functions, so
``import comparator_gui.export`` stays Qt-free. This module paginates the table
itself: each page's part of the table is a document of its own (built as Qt
rich text with everything from a record escaped, in one ``setHtml`` call), with
the header row on top, so a cell's shading cannot reach past its page or over
the header. A row goes whole onto the next page when it fits on one; a row
taller than a page is split between paragraphs and goes on under its label
marked "(cont.)". (Building cell by cell through a QTextCursor would make
thousands of void Qt calls, and PySide6 6.12 on Python 3.11 drops a reference
to None on each.) Runs in a QThread once a QGuiApplication exists (one is
created, offscreen by default, when none does).
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from html import escape
from pathlib import Path
from typing import Any

from ..domain.cell import DISPUTED_LABEL, NOT_REPORTED
from .files import Ticker, atomic_write_bytes
from .sheet import Cell, FieldHeader, Header, Progress, Sheet
from .text import source_text

RESOLUTION = 300  # device units per inch
#: The most columns a page of the table holds (a 12-field catalogue transposed
#: still fits one band, at about 20 mm a column). A wider table goes in bands of
#: this many columns, one after the other, each with the row labels: at 100
#: columns the header row alone was taller than a page and most columns were
#: cut off past its right edge (and pagination never ended).
BAND_COLUMNS = 12
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


@dataclass(frozen=True)
class _Block:
    """One paragraph of a cell: where a row may be split between pages."""

    text: str
    size: float = BASE_PT
    bold: bool = False
    italic: bool = False
    color: str = "ink"
    before: float = 0.0
    indent: float = 0.0
    #: A page break may not come just before this paragraph (a citation stays with its quote).
    keep_with_previous: bool = False

    @cached_property
    def html(self) -> str:  # cached: a paragraph is measured several times while paginating
        span = _span(self.text, size=self.size, bold=self.bold, italic=self.italic, color=self.color)
        return _para(span, before=self.before, indent=self.indent)

    def halves(self) -> tuple[_Block, _Block] | None:
        """The paragraph cut in two near its middle (at a space when there is one),
        for a paragraph too tall for a page; None when it cannot be cut."""
        if len(self.text) < 2:
            return None
        middle = len(self.text) // 2
        cut = self.text.rfind(" ", 0, middle + 1)
        if cut <= 0:
            cut = self.text.find(" ", middle)
        if cut <= 0:
            cut = middle
        head, tail = self.text[:cut].rstrip(), self.text[cut:].lstrip()
        if not head or not tail:
            head, tail = self.text[:middle], self.text[middle:]
        return replace(self, text=head), replace(self, text=tail, before=0.0, keep_with_previous=False)


@dataclass(frozen=True)
class _Row:
    """A table row, or the part of one that goes on a page."""

    header: Header
    cells: tuple[tuple[_Block, ...], ...]
    shades: tuple[bool, ...]
    continued: bool = False


def _header(header: Header, width: str = "", shade: str = "header", suffix: str = "") -> str:
    detail = _para(_span(header.detail, size=BASE_PT - 1, color="muted")) if header.detail else ""
    label = _para(_span(header.label + suffix, bold=True))
    return f'<th{width} align="left" bgcolor="{_COLORS[shade]}">{label}{detail}</th>'


def _blocks(cell: Cell) -> tuple[_Block, ...]:
    parts: list[_Block] = []
    if not cell.reported:
        parts.append(_Block(NOT_REPORTED, italic=True, color="muted"))
    if cell.disputed:
        parts.append(_Block(DISPUTED_LABEL, bold=True, color="disputed_ink"))
    for index, claim in enumerate(cell.claims):
        parts.append(_Block(claim.title, bold=True, before=3 if index else 0))
        for quote in claim.quotes:
            parts.append(_Block(quote.quoted, size=BASE_PT - 0.5, italic=_latin(quote.text), color="quote",
                                before=2, indent=6))
            parts.append(_Block(quote.citation, size=BASE_PT - 1.5, color="muted", indent=6,
                                keep_with_previous=True))
        if claim.note_text:
            parts.append(_Block(claim.note_text, size=BASE_PT - 1, color="muted", before=2))
    if cell.note_text:
        parts.append(_Block(cell.note_text, size=BASE_PT - 1, color="muted", before=2))
    return tuple(parts)


class _Table:
    """The comparison table as Qt rich text, a page's worth at a time: each page's
    table is its own document, with the header row on top, so nothing (a cell's
    shading included) can reach past its page."""

    def __init__(self, sheet: Sheet, band: range | None = None) -> None:
        first = 14.0 if not sheet.transpose else 16.0
        columns = sheet.columns if band is None else sheet.columns[band.start : band.stop]
        rest = (100.0 - first) / max(1, len(columns) if band is None else BAND_COLUMNS)
        self.width = 100.0
        if band is not None and len(columns) < BAND_COLUMNS:
            # The last band, narrower: its columns as wide as the other bands'
            # (a cell's percentage is of the table's width, not the page's).
            self.width = first + rest * len(columns)
            first, rest = first * 100.0 / self.width, rest * 100.0 / self.width
        self.widths = [f' width="{first:g}%"', *([f' width="{rest:g}%"'] * len(columns))]
        corner = sheet.corner
        if band is not None:
            what = "fields" if sheet.transpose else "studies"
            corner += f" ({what} {band.start + 1:,}\u2013{band.stop:,} of {len(sheet.columns):,})"
        self.head = _header(FieldHeader("", corner, ""), self.widths[0]) + "".join(
            _header(h, w) for h, w in zip(columns, self.widths[1:], strict=True)
        )

    def html(self, rows: list[_Row], *, margin_top: float = 0.0) -> str:
        body = []
        for row in rows:
            label = _header(row.header, shade="rowhead", suffix=" (cont.)" if row.continued else "")
            cells = "".join(
                f"<td{' bgcolor=' + chr(34) + _COLORS['disputed'] + chr(34) if shade else ''}>"
                f"{''.join(block.html for block in blocks)}</td>"
                for blocks, shade in zip(row.cells, row.shades, strict=True)
            )
            body.append(f"<tr>{label}{cells}</tr>")
        return (
            f'<table width="{self.width:g}%" cellspacing="0" cellpadding="{_pt(3.5):.0f}" border="{_pt(0.6):.1f}" '
            f'style="border-collapse:collapse; border-style:solid; border-color:{_COLORS["border"]}; '
            f'margin-top:{_pt(margin_top):.0f}px">'
            f"<thead><tr>{self.head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )


def _bands(sheet: Sheet) -> list[range | None]:
    """The column bands of the table: [None] (all columns) when they fit one page."""
    count = len(sheet.columns)
    if count <= BAND_COLUMNS:
        return [None]
    return [range(start, min(count, start + BAND_COLUMNS)) for start in range(0, count, BAND_COLUMNS)]


def _intro(sheet: Sheet) -> str:
    what = "field" if sheet.transpose else "study"
    intro = (
        f"One column per {what}. Under each value: the source's own words and where they "
        f"stand in it. Amber cells: {DISPUTED_LABEL.lower()}. A row too long for one page "
        "goes on under its label marked \u201c(cont.)\u201d."
    )
    if len(sheet.columns) > BAND_COLUMNS:
        intro += (
            f" The table has {len(sheet.columns):,} columns: it is printed {BAND_COLUMNS} columns at a "
            "time, each band of columns with all the rows, the bands one after the other."
        )
    return (
        _para(_span(sheet.library_name, size=14, bold=True))
        + _para(_span(sheet.byline, color="muted"), before=2)
        + _para(_span(intro, color="muted"), before=2)
    )


def _sources(sheet: Sheet) -> str:
    return _para(_span("Sources", size=11, bold=True)) + "".join(
        _para(_span(f"{s.tag} {source_text(s)}"), before=2) for s in sheet.sources
    )


def _truncated(row: _Row, count: int) -> _Row:
    """``row`` with at most ``count`` paragraphs in each cell: a row shorter than or
    as tall as ``row``, for measuring a little of a very tall row."""
    return replace(row, cells=tuple(blocks[:count] for blocks in row.cells))


def _row_fits(row: _Row, fits: Callable[[_Row], bool]) -> bool:
    """``fits(row)``, without laying out all of a row that is many pages tall: a
    part of it (the first 4, 16, 64... paragraphs of each cell) that does not fit
    already says no. Laying out the whole rest of a row for each page made a
    row of 1,000 quotes quadratic."""
    longest = max((len(blocks) for blocks in row.cells), default=0)
    count = 4
    while count < longest:
        if not fits(_truncated(row, count)):
            return False
        count *= 4
    return fits(row)


def _paginate(sheet: Sheet, measure: Callable[[str], float], body: float,
              ticker: Ticker) -> list[str]:
    """Each page's document (rich text): rows kept whole when they fit on a page;
    a row taller than a page split between paragraphs, its label repeated with
    "(cont.)" on the next page. A table wider than ``BAND_COLUMNS`` goes band by
    band, each band starting on a page of its own."""
    pages: list[str] = []
    prefix = _intro(sheet)
    gap = 6.0
    placed: list[_Row] = []
    table = _Table(sheet)

    def page_html(rows: list[_Row]) -> str:
        return "<html><body>" + prefix + table.html(rows, margin_top=gap if prefix else 0.0) + "</body></html>"

    def fits(rows: list[_Row]) -> bool:
        return measure(page_html(rows)) <= body

    def close_page() -> None:
        nonlocal prefix, placed
        pages.append(page_html(placed))
        prefix, placed = "", []

    def empty_fits(row: _Row) -> bool:
        return measure("<html><body>" + table.html([row]) + "</body></html>") <= body

    sheet_rows = sheet.rows
    for band_index, band in enumerate(_bands(sheet)):
        if band_index:
            close_page()
        table = _Table(sheet, band)
        for sheet_row in sheet_rows:
            chosen = sheet_row.cells if band is None else sheet_row.cells[band.start : band.stop]
            row: _Row | None = _Row(
                sheet_row.header, tuple(_blocks(c) for c in chosen), tuple(c.disputed for c in chosen)
            )
            while row is not None:
                if _row_fits(row, lambda part: fits([*placed, part])):
                    placed.append(row)
                    row = None
                elif placed and _row_fits(row, empty_fits):
                    close_page()  # keep the row whole: it fits on a page of its own
                else:
                    head, row = _split(row, lambda part: fits([*placed, part]))
                    if head is None:
                        assert row is not None
                        if not placed and not prefix:
                            # Not even one paragraph fits an empty page: cut the tallest in two.
                            row = _cut_first_blocks(row)
                            continue
                        close_page()
                        continue
                    placed.append(head)
                    close_page()
            ticker.step()
    if placed or not pages:
        close_page()
    return pages


def _split(row: _Row, fits: Callable[[_Row], bool]) -> tuple[_Row | None, _Row | None]:
    """As much of ``row`` as ``fits`` (paragraph by paragraph, cell by cell), and
    the rest as a continued row; (None, row) when not one paragraph fits."""
    counts = []
    for index, blocks in enumerate(row.cells):
        def only(n: int, index: int = index, blocks: tuple[_Block, ...] = blocks) -> _Row:
            cells = tuple(blocks[:n] if i == index else () for i in range(len(row.cells)))
            return replace(row, cells=cells)

        # The most paragraphs of this cell that fit, cut where a break is allowed.
        cuts = [n for n in range(len(blocks) + 1) if n in (0, len(blocks)) or not blocks[n].keep_with_previous]
        # Galloping from the top (1, 2, 4... cuts), then halving: the same cut a
        # plain binary search finds (fitting only shrinks as paragraphs are
        # added), but no layout of much more than a page of a very tall cell.
        low, high, step = 0, len(cuts) - 1, 1
        while low + step <= high:
            if fits(only(cuts[low + step])):
                low += step
                step *= 2
            else:
                high = low + step - 1
                break
        while low < high:
            middle = (low + high + 1) // 2
            if fits(only(cuts[middle])):
                low = middle
            else:
                high = middle - 1
        counts.append(cuts[low])
    if not any(counts):
        return None, row
    head = replace(row, cells=tuple(blocks[:n] for blocks, n in zip(row.cells, counts, strict=True)))
    rest_cells = tuple(blocks[n:] for blocks, n in zip(row.cells, counts, strict=True))
    if not any(rest_cells):
        return head, None
    return head, replace(row, cells=rest_cells, continued=True)


def _cut_first_blocks(row: _Row) -> _Row:
    """``row`` with the first paragraph of each cell cut in two (see ``_Block.halves``)."""
    cells = []
    for blocks in row.cells:
        halves = blocks[0].halves() if blocks else None
        cells.append((*halves, *blocks[1:]) if halves else blocks)
    cut = replace(row, cells=tuple(cells))
    if cut == row:
        raise ValueError("a paragraph of the comparison does not fit on a PDF page and cannot be cut")
    return cut


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

    ticker = Ticker(progress, len(sheet.rows) * len(_bands(sheet)) + 2)
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
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.documentLayout().setPaintDevice(writer)
    doc.setTextWidth(width)

    def measure(html: str) -> float:
        doc.setHtml(html)
        return float(doc.size().height())

    # Each page of the table is a document of its own, laid out at the page's
    # width with no pagination by Qt; then the sources flow on after the table.
    table_pages = _paginate(sheet, measure, body, ticker)
    last_height = measure(table_pages[-1])
    sources_html = "<html><body>" + _sources(sheet) + "</body></html>"
    sources_height = measure(sources_html)
    # (html, top, pagination offset): a page draws a slice of its document.
    slices: list[tuple[str, float, float]] = [(html, 0.0, 0.0) for html in table_pages]
    sources_doc = None
    gap = _pt(10)
    if last_height + gap + sources_height <= body:
        slices.append((sources_html, last_height + gap, 0.0))  # under the table, on its last page
    else:
        sources_doc = QTextDocument()
        sources_doc.setDocumentMargin(0)
        sources_doc.documentLayout().setPaintDevice(writer)
        sources_doc.setPageSize(QRectF(0, 0, width, body).size())
        sources_doc.setHtml(sources_html)
        for index in range(sources_doc.pageCount()):
            slices.append((sources_html, -1.0, index * body))
    pages = len([s for s in slices if s[1] <= 0.0])
    ticker.step()

    painter = QPainter(writer)
    footer_font = QFont(doc.defaultFont())
    footer_font.setPointSizeF(BASE_PT - 1)
    left = QFontMetricsF(footer_font, writer).elidedText(
        f"{sheet.library_name} · {sheet.byline}", Qt.TextElideMode.ElideMiddle, width * 0.8
    )
    page = -1
    for html, top, offset in slices:
        if top > 0.0:  # the sources under the table, on the same page
            doc.setHtml(html)
            painter.save()
            painter.translate(QPointF(0, top))
            doc.drawContents(painter, QRectF(0, 0, width, body - top))
            painter.restore()
            continue
        page += 1
        if page:
            writer.newPage()
        painter.save()
        if top < 0.0:  # a page of the sources list, paginated by Qt
            assert sources_doc is not None
            painter.translate(QPointF(0, -offset))
            sources_doc.drawContents(painter, QRectF(0, offset, width, body))
        else:
            doc.setHtml(html)
            doc.drawContents(painter, QRectF(0, 0, width, body))
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
