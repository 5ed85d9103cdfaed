"""DOCX through python-docx: the comparison table and the per-study tables
("Characteristics of included studies"), each value with its quotes and their
citations, the way reviewers paste them into a manuscript; then the sources.

python-docx gives the package, the styles and the page setup; the body is
written as WordprocessingML text and put into the saved package as it is:
building 50,000 paragraphs one python-docx call at a time took a minute at
1,000 studies, and parsing the text into python-docx's tree to have it
written out again took a fifth of the export.
Everything from a record is XML-escaped (and characters XML cannot hold are
dropped); only http(s) URLs become hyperlinks.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.shared import Mm, Pt
from lxml import etree

from ..domain.cell import DISPUTED_LABEL, NOT_REPORTED
from .files import Ticker, atomic_write_bytes
from .layout import GRID_MAX_COLUMNS, grid_bands, resolve_layout, study_blocks
from .sheet import LEVELS_HEADING, Cell, Header, Progress, Sheet
from .text import source_sentences

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_COLORS = {"ink": "1D232B", "muted": "4A5360", "quote": "2F3A47", "disputed_ink": "8A4B00", "link": "1F4E8C"}
_FILLS = {"header": "DDE4EE", "rowhead": "F1F3F6", "disputed": "FDF1D6", "section": "E8ECF2"}
#: Page sizes in millimetres (portrait).
PAPER = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
MARGIN_MM = 15.0
_TWIPS_PER_MM = 56.6929


class _Links:
    """Each URL's relationship id, one relationship per URL."""

    def __init__(self, part: Any) -> None:
        self._part = part
        self._ids: dict[str, str] = {}

    def __call__(self, url: str) -> str:
        rid = self._ids.get(url)
        if rid is None:
            rid = self._ids[url] = self._part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        return rid


#: XML escapes, and the characters XML 1.0 cannot hold dropped, in one pass.
_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;",
                           **{chr(c): None for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)}})


#: What ``_XML_TEXT`` changes; most text has none of it (translate with a table is slow on long text).
_XML_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(text: str) -> str:
    return text.translate(_XML_TEXT) if _XML_SPECIAL.search(text) else text


@cache
def _props(bold: bool, italic: bool, size: float, color: str, underline: bool) -> str:
    return (("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
            + f'<w:color w:val="{_COLORS[color]}"/><w:sz w:val="{round(size * 2)}"/>'
            + ('<w:u w:val="single"/>' if underline else ""))


def _run(text: str, *, bold: bool = False, italic: bool = False, size: float = 10, color: str = "ink",
         underline: bool = False) -> str:
    props = _props(bold, italic, size, color, underline)
    if "\n" not in text:
        return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{_text(text)}</w:t></w:r>'
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{_text(line)}</w:t>' for line in text.split("\n"))
    return f"<w:r><w:rPr>{props}</w:rPr>{body}</w:r>"


def _para(runs: str, *, indent: float = 0, before: float = 0, style: str = "", keep_next: bool = False) -> str:
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + ("<w:keepNext/>" if keep_next else "")
    props += f'<w:spacing w:before="{round(before * 20)}" w:after="0"/>'
    if indent:
        props += f'<w:ind w:left="{round(indent * 20)}"/>'
    return f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>"


def _link(text: str, url: str, links: _Links, **style: Any) -> str:
    if not url.startswith(("https://", "http://")):
        return _run(text, **style)
    return f'<w:hyperlink r:id="{links(url)}">{_run(text, color="link", underline=True, size=style.get("size", 9))}</w:hyperlink>'


def cell_paragraphs(cell: Cell, sheet: Sheet, links: _Links) -> str:
    """A cell's words as ``domain.cell`` presents them: status, each claim (bold)
    with its quotes (italic) and their citations, then the labelled notes."""
    parts: list[str] = []
    if not cell.reported:
        parts.append(_para(_run(NOT_REPORTED, italic=True, color="muted")))
    if cell.disputed:
        parts.append(_para(_run(DISPUTED_LABEL, bold=True, color="disputed_ink")))
    for index, claim in enumerate(cell.claims):
        parts.append(_para(_run(claim.title, bold=True), before=3 if index else 0))
        for quote in claim.quotes:
            source = sheet.source_of(quote)
            parts.append(_para(_run(quote.quoted, italic=True, size=9.5, color="quote"), indent=8, before=2))
            parts.append(_para(_link(quote.citation, source.url if source else "", links, size=9, color="muted"),
                               indent=8))
        if claim.note_text:
            parts.append(_para(_run(claim.note_text, size=9, color="muted"), before=2))
    if cell.note_text:
        parts.append(_para(_run(cell.note_text, size=9, color="muted"), before=2))
    return "".join(parts)


def _tc(content: str, width: int, *, fill: str = "", span: int = 1) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if fill:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{_FILLS[fill]}"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content or _para('')}</w:tc>"


def _table(widths: list[int], rows: list[str]) -> str:
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="9AA6B5"/>'
    borders = "".join(border.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        f"<w:tblBorders>{borders}</w:tblBorders></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
        + _para("")
    )


def _tr(cells: str, *, header: bool = False) -> str:
    return f"<w:tr>{'<w:trPr><w:tblHeader/></w:trPr>' if header else ''}{cells}</w:tr>"


def _header_cell(header: Header, width: int, fill: str) -> str:
    text = _para(_run(header.label, bold=True))
    if header.detail:
        text += _para(_run(header.detail, size=9, color="muted"))
    return _tc(text, width, fill=fill)


def _heading(text: str, level: int) -> str:
    return _para(_run(text, bold=True, size=16 if level == 1 else 13), style=f"Heading{level}", keep_next=True,
                 before=12)


def compact_paragraphs(cell: Cell, sheet: Sheet) -> str:
    """A cell as a summary table shows it: the status, each claim with the numbers
    of the sources its quotes come from (the quotes are in the study's own table)."""
    parts: list[str] = []
    if not cell.reported:
        parts.append(_para(_run(NOT_REPORTED, italic=True, color="muted")))
    if cell.disputed:
        parts.append(_para(_run(DISPUTED_LABEL, bold=True, color="disputed_ink")))
    for claim in cell.claims:
        tags = dict.fromkeys(f"[{q.source_number}]" for q in claim.quotes if q.source_number is not None)
        parts.append(_para(_run(claim.title, bold=True) + (_run(" " + "".join(tags), size=9, color="muted") if tags else "")))
    return "".join(parts)


def _comparison(sheet: Sheet, links: _Links, width: int, *, compact: bool, ticker: Ticker) -> Iterator[str]:
    """The grid, fields × studies (or transposed), in tables of at most six
    columns of values; ``compact``: each value with its citations' numbers only."""
    first = width * 16 // 100
    sheet_rows = sheet.rows
    for band in grid_bands(sheet, GRID_MAX_COLUMNS):
        columns = sheet.columns[band.start : band.stop]
        # One table: its columns share the page; several: each as wide as in a full band.
        rest = (width - first) // (len(sheet.columns) if len(sheet.columns) <= GRID_MAX_COLUMNS else GRID_MAX_COLUMNS)
        widths = [first, *([rest] * len(columns))]
        corner = _tc(_para(_run(sheet.corner, bold=True)), first, fill="header")
        head = corner + "".join(_header_cell(h, rest, "header") for h in columns)
        rows = [_tr(head, header=True)]
        for row in sheet_rows:
            cells = row.cells[band.start : band.stop]
            body = _header_cell(row.header, first, "rowhead") + "".join(
                _tc(compact_paragraphs(cell, sheet) if compact else cell_paragraphs(cell, sheet, links), rest,
                    fill="disputed" if cell.disputed else "")
                for cell in cells
            )
            rows.append(_tr(body))
            if band.start == 0:
                ticker.step()
        yield _table(widths, rows)


def _studies(sheet: Sheet, links: _Links, width: int, ticker: Ticker) -> Iterator[str]:
    label = width * 24 // 100
    widths = [label, width - label]
    for block in study_blocks(sheet):
        study = block.study
        heading = _para(_run(block.heading, bold=True, size=12))
        detail = " · ".join(part for part in (study.institution, study.id) if part)
        if detail:
            heading += _para(_run(detail, size=9, color="muted"))
        rows = [_tr(_tc(heading, width, fill="header", span=2), header=True)]
        for section in block.sections:
            rows.append(_tr(_tc(_para(_run(section.title, bold=True, size=9, color="muted")), width,
                                fill="section", span=2)))
            for cell in section.cells:
                rows.append(_tr(
                    _tc(_para(_run(cell.field.label, bold=True)), label, fill="rowhead")
                    + _tc(cell_paragraphs(cell, sheet, links), widths[1], fill="disputed" if cell.disputed else "")
                ))
        yield _table(widths, rows)
        ticker.step()


def _sources(sheet: Sheet, links: _Links) -> Iterator[str]:
    yield _heading("Sources", 1)
    for source in sheet.sources:
        runs = _run(f"{source.tag} " + " ".join(source_sentences(source)), size=9)
        if source.url:
            runs += _run(" ", size=9) + _link(source.url, source.url, links, size=9)
        yield _para(runs, before=3)


def _legend(sheet: Sheet) -> Iterator[str]:
    if not sheet.legend:
        return
    *levels, note = sheet.legend
    yield _heading(LEVELS_HEADING, 1)
    for line in levels:
        yield _para(_run(line, size=9), before=2)
    yield _para(_run(note, size=9, color="muted"), before=4)


def docx_bytes(sheet: Sheet, *, progress: Progress | None = None, layout: str = "auto", page_size: str = "a4",
               orientation: str = "landscape") -> bytes:
    chosen = resolve_layout(sheet, layout)
    rows = len(sheet.studies) if sheet.transpose else len(sheet.fields)
    ticker = Ticker(progress, rows + len(sheet.studies) + 3)
    document = Document()
    section = document.sections[0]
    short, long = PAPER[page_size]
    landscape = orientation == "landscape"
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(long), Mm(short)) if landscape else (Mm(short), Mm(long))
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = f"{sheet.library_name}: comparison"
    document.core_properties.comments = sheet.byline
    document.core_properties.created = sheet.exported.replace(tzinfo=None)
    document.core_properties.modified = sheet.exported.replace(tzinfo=None)
    document.core_properties.last_modified_by = sheet.app
    document.core_properties.author = sheet.app
    width = round(((long if landscape else short) - 2 * MARGIN_MM) * _TWIPS_PER_MM)
    links = _Links(document.part)

    parts = [
        _para(_run(sheet.library_name, bold=True, size=18), style="Title"),
        _para(_run(sheet.byline, size=9, color="muted")),
        _para(_run(
            "Under each value, the source's own words and where they stand in it, with a numbered citation "
            f"from the list of sources. Amber cells: {DISPUTED_LABEL.lower()}.", size=9, color="muted")),
    ]
    # Past six studies the comparison table is the summary (values and citation
    # numbers); each study's own table holds the quotes.
    compact = chosen != "grid"
    comparison = [_heading("Comparison" if not compact else "Comparison (values and sources; the quotes are "
                           "in each study's table)", 1), *_comparison(sheet, links, width, compact=compact, ticker=ticker)]
    ticker.step()
    studies = [_heading("Characteristics of included studies", 1), *_studies(sheet, links, width, ticker)]
    parts += [*comparison, *studies] if chosen == "grid" else [*studies, *comparison]
    parts += list(_sources(sheet, links))
    parts += list(_legend(sheet))
    # The body goes into the saved part as text (see the module's docstring): python-docx
    # writes the document with a marker where the body goes, before the section's properties.
    body = document.element.body
    for child in list(body):
        if child is not body.sectPr:
            body.remove(child)
    body.insert(0, etree.Comment(_BODY[4:-3]))
    ticker.step()
    buffer = io.BytesIO()
    document.save(buffer)
    package = _packaged(buffer.getvalue(), sheet.exported, "".join(parts).encode("utf-8"))
    ticker.finish()
    return package


def write_docx(sheet: Sheet, output: Path, *, progress: Progress | None = None, layout: str = "auto",
               page_size: str = "a4", orientation: str = "landscape") -> Path:
    atomic_write_bytes(output, docx_bytes(sheet, progress=progress, layout=layout, page_size=page_size,
                                          orientation=orientation))
    return output


#: Where the body goes in the document part python-docx writes.
_BODY = "<!--body-->"
_DOCUMENT_PART = "word/document.xml"


def _packaged(package: bytes, when: datetime, body: bytes) -> bytes:
    """The package python-docx wrote, with ``body`` in its document part and every
    member dated ``when``: python-docx stamps each zip member with the clock, so
    two exports of the same sheet differed whenever a second ticked over between them."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == _DOCUMENT_PART:
                if data.count(_BODY.encode()) != 1:
                    raise ValueError(f"{_DOCUMENT_PART}: python-docx did not write the body's marker once")
                data = data.replace(_BODY.encode(), body)
            dated = zipfile.ZipInfo(info.filename, date_time=stamp)
            dated.compress_type = info.compress_type
            dated.external_attr = info.external_attr
            target.writestr(dated, data)
    return out.getvalue()
