"""PDF through Qt's own writer (QPdfWriter + QTextDocument): A4 or Letter,
landscape or portrait, a footer with the library, export date and page numbers.

The only export module that imports Qt, and only inside its functions, so
``import comparator_gui.export`` stays Qt-free. The words come from
``pdf_html`` and one of two layouts (see ``export.layout``):

- the grid (``pdf_grid``): the header row on every page, each page's part of the
  table a document of its own, paginated there;
- per study (``pdf_studies``): one document of one table per study that Qt
  paginates itself, repeating the study's heading on each page it runs onto.

(Building cell by cell through a QTextCursor would make thousands of void Qt
calls, and PySide6 6.12 on Python 3.11 drops a reference to None on each; so
each document is set in one ``setHtml`` call.) Runs in a QThread once a
QGuiApplication exists (one is created, offscreen by default, when none does).
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from .files import Ticker, atomic_write_bytes
from .layout import StudyBlock, resolve_layout
from .pdf_grid import BAND_COLUMNS, SPLIT_WHEN_FREE, Row, bands, paginate, split
from .pdf_html import COLORS, MIN_PT, RESOLUTION, Block, pt, sources_html
from .pdf_studies import SPACER, chunk_html, chunks, spaced
from .sheet import Progress, Sheet

#: Paper sizes and orientations the PDF can be written on.
PAGE_SIZES = ("a4", "letter")
ORIENTATIONS = ("landscape", "portrait")
MARGIN_MM = 12.0
_APP: Any = None

# The names the tests and older callers know.
_COLORS = COLORS
_Block = Block
_Row = Row
_split = split
__all__ = ["BAND_COLUMNS", "MARGIN_MM", "ORIENTATIONS", "PAGE_SIZES", "pdf_bytes", "stamp_dates", "write_pdf"]


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


_PDF_DATE = re.compile(rb"\(D:(\d{14})(Z|[+-]\d\d'\d\d'?)\)")
_XMP_DATE = re.compile(rb"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(Z|[+-]\d\d:\d\d)")


def _fix_dates(data: bytes, sheet: Sheet) -> bytes:
    return stamp_dates(data, sheet.exported)


def stamp_dates(data: bytes, when: datetime) -> bytes:
    """Qt stamps the wall-clock time; put ``when`` (the export time) in its place,
    byte for byte the same length so the cross-reference offsets stay right."""

    def pdf(match: re.Match[bytes]) -> bytes:
        zone = match.group(2)
        fixed = b"Z" if zone == b"Z" else b"+00'00'"[: len(zone)]
        return b"(D:" + when.strftime("%Y%m%d%H%M%S").encode() + fixed + b")"

    def xmp(match: re.Match[bytes]) -> bytes:
        zone = match.group(2)
        return when.strftime("%Y-%m-%dT%H:%M:%S").encode() + (b"Z" if zone == b"Z" else b"+00:00")

    return _XMP_DATE.sub(xmp, _PDF_DATE.sub(pdf, data))


def pdf_writer(buffer: Any, *, title: str, creator: str, seed: str, page_size: str = "a4",
               orientation: str = "landscape") -> Any:
    """A QPdfWriter on ``buffer``: the paper, margins, metadata and a document id
    derived from ``seed`` (same input, same bytes). Shared with the slide handout."""
    from PySide6.QtCore import QMarginsF, QUuid
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

    if page_size not in PAGE_SIZES:
        raise ValueError(f"unknown page size {page_size!r}; choose one of {', '.join(PAGE_SIZES)}")
    if orientation not in ORIENTATIONS:
        raise ValueError(f"unknown orientation {orientation!r}; choose one of {', '.join(ORIENTATIONS)}")
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    size = QPageSize(QPageSize.PageSizeId.A4 if page_size == "a4" else QPageSize.PageSizeId.Letter)
    turn = QPageLayout.Orientation.Landscape if orientation == "landscape" else QPageLayout.Orientation.Portrait
    writer.setPageLayout(
        QPageLayout(size, turn, QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    )
    writer.setTitle(title)
    writer.setCreator(creator)
    writer.setDocumentId(QUuid(str(uuid.uuid5(uuid.NAMESPACE_URL, hashlib.sha256(seed.encode()).hexdigest()))))
    return writer


def pdf_bytes(sheet: Sheet, *, progress: Progress | None = None, layout: str = "auto",
              page_size: str = "a4", orientation: str = "landscape") -> bytes:
    _ensure_app()
    from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, QSizeF, Qt, QUrl
    from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QTextDocument

    chosen = resolve_layout(sheet, layout)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer, title=f"{sheet.library_name}: comparison", creator=sheet.app,
                        seed=repr(sheet) + chosen + page_size + orientation, page_size=page_size,
                        orientation=orientation)
    width, height = float(writer.width()), float(writer.height())
    footer = pt(16)
    body = height - footer

    def new_document() -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.documentLayout().setPaintDevice(writer)
        doc.setTextWidth(width)
        return doc

    doc = new_document()

    def measure(html: str) -> float:
        doc.setHtml(html)
        return float(doc.size().height())

    # (document, page index within it): what each PDF page draws; a grid page's
    # document is its own, the per-study layout is one document Qt paginates.
    slices: list[tuple[QTextDocument | str, int, bool]] = []  # ..., drawn on the page before
    spacer = QImage(1, 1, QImage.Format.Format_ARGB32)
    spacer.fill(0)

    def flowing(html_of: Callable[[float], str], offset: float) -> QTextDocument:
        """A document Qt paginates, its first page starting ``offset`` down (see ``pdf_studies.SPACER``)."""
        piece = new_document()
        piece.setPageSize(QSizeF(width, body))
        piece.addResource(QTextDocument.ResourceType.ImageResource, QUrl(SPACER), spacer)
        piece.setHtml(html_of(offset))
        return piece

    if chosen == "grid":
        ticker = Ticker(progress, len(sheet.rows) * len(bands(sheet)) + 2)
        table_pages = paginate(sheet, measure, body, ticker)
        slices = [(html, 0, False) for html in table_pages]
        # The sources go on under the table's last page, then over as many pages as they need.
        below = measure(table_pages[-1]) + pt(10)
        listed = flowing(lambda offset: spaced(offset, sources_html(sheet)), below if below < body * 0.9 else 0.0)
        slices += [(listed, index, index == 0 and below < body * 0.9) for index in range(listed.pageCount())]
        ticker.step()
    else:
        studies = len(sheet.studies)
        ticker = Ticker(progress, 2 * studies + 2)
        # Each piece continues on the page where the one before it ends: its first
        # table starts below what that page already holds (drawn on the same page).
        used = 0.0  # device units used on the last page so far
        continues = False
        for before, blocks, after in chunks(sheet):
            def piece_html(offset: float, before: str = before, blocks: list[StudyBlock] = blocks,
                           after: str = after) -> str:
                return chunk_html(before, blocks, after, sheet, offset=offset)

            piece = flowing(piece_html, used if continues else 0.0)
            count = piece.pageCount()
            for index in range(count):
                slices.append((piece, index, continues and index == 0))
            used = float(piece.size().height()) - (count - 1) * body
            continues = used < body * (1.0 - SPLIT_WHEN_FREE / 2)
            ticker.step(len(blocks))

    painter = QPainter(writer)
    footer_font = QFont(doc.defaultFont())
    footer_font.setPointSizeF(MIN_PT)
    left = QFontMetricsF(footer_font, writer).elidedText(
        f"{sheet.library_name} · {sheet.byline}", Qt.TextElideMode.ElideMiddle, width * 0.75
    )
    pages = sum(1 for _, _, same_page in slices if not same_page)
    per_page = (ticker.total - ticker.done) / max(1, pages)
    drawn = 0.0
    number = -1
    for source, index, same_page in slices:
        if not same_page:
            number += 1
            if number:
                writer.newPage()
        painter.save()
        if isinstance(source, str):
            doc.setHtml(source)
            doc.drawContents(painter, QRectF(0, 0, width, body))
        else:
            painter.translate(QPointF(0, -index * body))
            source.drawContents(painter, QRectF(0, index * body, width, body))
        painter.restore()
        if same_page:
            continue
        painter.setFont(footer_font)
        painter.setPen(QColor(COLORS["muted"]))
        line = QRectF(0, body + pt(6), width, footer - pt(6))
        painter.drawText(line, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), left)
        painter.drawText(line, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                         f"Page {number + 1} of {pages}")
        drawn += per_page
        if drawn >= 1:
            ticker.step(int(drawn))
            drawn -= int(drawn)
    painter.end()
    ticker.finish()
    return _fix_dates(bytes(buffer.data().data()), sheet)


def write_pdf(sheet: Sheet, output: Path, *, progress: Progress | None = None, layout: str = "auto",
              page_size: str = "a4", orientation: str = "landscape") -> Path:
    atomic_write_bytes(output, pdf_bytes(sheet, progress=progress, layout=layout, page_size=page_size,
                                         orientation=orientation))
    return output
