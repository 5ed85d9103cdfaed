"""XLSX through XlsxWriter: sheets Comparison, Evidence and Sources.

Everything from a record is written with ``write_string``, never as a formula;
a string a spreadsheet would take for a formula also gets the quote-prefix
style, so editing the cell keeps it text. Frozen header row and first column,
wrapped text, disputed cells filled amber.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import CellNumberTuple, CellStringTuple, Worksheet

from ..domain.cell import DISPUTED_LABEL, NOT_REPORTED
from ..domain.collector import paused as collector_paused
from .files import Ticker, atomic_write_bytes
from .sheet import Progress, Sheet
from .text import FORMULA_PREFIXES

#: Excel refuses longer strings in a cell.
MAX_CELL_CHARS = 32_767
TRUNCATED = "… [truncated: Excel holds at most 32,767 characters in a cell]"

#: New columns go at the end, so formulas and scripts that use the columns keep working.
EVIDENCE_HEADERS = ("Study", "Field", "Claim", "Value", "Source", "Quote", "Start", "End", "Anchor", "Note")
SOURCE_HEADERS = ("Source", "Title", "Outlet", "Published", "URL", "Source ID", "Author", "Note")


class _FastWorksheet(Worksheet):  # type: ignore[misc]
    """XlsxWriter's worksheet with a quicker ``<c>`` writer for the two kinds of
    cell this module writes (a shared string or a number, always with a format).
    It writes the very bytes ``Worksheet._write_cell`` writes (a test compares
    the two); any other cell goes to XlsxWriter's own code. The stock writer
    builds an attribute list and runs two regular expressions per cell, which
    was a third of the export of 1,000 studies (220,000 cells)."""

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        kind = cell.__class__
        fmt = cell.format
        if fmt is None or (kind is not CellStringTuple and kind is not CellNumberTuple):
            super()._write_cell(row, col, cell)
            return
        ref = xl_rowcol_to_cell_fast(row, col)
        xf = fmt._get_xf_index()
        if kind is CellStringTuple:
            self.fh.write(f'<c r="{ref}" s="{xf}" t="s"><v>{cell.string}</v></c>')
        else:
            self.fh.write(f'<c r="{ref}" s="{xf}"><v>{cell.number:.16G}</v></c>')


class _Styles:
    def __init__(self, book: Any) -> None:
        base = {"text_wrap": True, "valign": "top", "font_size": 10}
        self._book = book
        self._cache: dict[tuple[str, bool], Any] = {}
        self.specs: dict[str, dict[str, Any]] = {
            "text": base,
            "header": {**base, "bold": True, "bg_color": "#DDE4EE", "bottom": 1},
            "rowhead": {**base, "bold": True, "bg_color": "#F1F3F6"},
            "disputed": {**base, "bg_color": "#FCE3B0", "left": 2, "left_color": "#C77700"},
            "missing": {**base, "italic": True, "font_color": "#666666"},
            "title": {"bold": True, "font_size": 12},
        }

    def __call__(self, name: str, text: str = "") -> Any:
        # Called for each of 200,000 cells of a large export: two dict lookups.
        prefix = text.startswith(FORMULA_PREFIXES)
        format_ = self._cache.get((name, prefix))
        if format_ is None:
            spec = dict(self.specs[name])
            if prefix:
                spec["quote_prefix"] = True
            format_ = self._cache[(name, prefix)] = self._book.add_format(spec)
        return format_


def _put(ws: Any, styles: _Styles, row: int, col: int, text: str, style: str = "text") -> None:
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - len(TRUNCATED)] + TRUNCATED
    # The undecorated writer: row and column are numbers here, never "A1" strings.
    ws._write_string(row, col, text, styles(style, text))


def _comparison(book: Any, styles: _Styles, sheet: Sheet, ticker: Ticker) -> None:
    ws = book.add_worksheet("Comparison", worksheet_class=_FastWorksheet)
    _put(ws, styles, 0, 0, sheet.corner, "header")
    for col, header in enumerate(sheet.columns, start=1):
        _put(ws, styles, 0, col, f"{header.label}\n{header.detail}".strip(), "header")
    for r, row in enumerate(sheet.rows, start=1):
        _put(ws, styles, r, 0, row.header.label, "rowhead")
        for col, cell in enumerate(row.cells, start=1):
            style = "disputed" if cell.disputed else "text" if cell.reported else "missing"
            _put(ws, styles, r, col, cell.text, style)
        ticker.step()
    after = len(sheet.rows) + 2
    _put(ws, styles, after, 0, sheet.library_name, "title")
    _put(ws, styles, after + 1, 0, sheet.byline)
    _put(ws, styles, after + 2, 0, f"Amber cells: {DISPUTED_LABEL.lower()}; each claim is listed with its own quotes.")
    ws.freeze_panes(1, 1)
    ws.set_column(0, 0, 24)
    ws.set_column(1, max(1, len(sheet.columns)), 58 if not sheet.transpose else 40)
    ws.set_row(0, 32)


def _evidence(book: Any, styles: _Styles, sheet: Sheet) -> None:
    ws = book.add_worksheet("Evidence", worksheet_class=_FastWorksheet)
    for col, name in enumerate(EVIDENCE_HEADERS):
        _put(ws, styles, 0, col, name, "header")
    for r, (cell, claim, quote) in enumerate(sheet.evidence_rows(), start=1):
        style = "disputed" if cell.disputed else "text" if cell.reported else "missing"
        claimed = ("", NOT_REPORTED) if claim is None else (str(claim.number), claim.value)
        for col, text in enumerate((cell.study.label, cell.field.label, *claimed)):
            _put(ws, styles, r, col, text, style)
        if quote is not None:
            ref = sheet.source_of(quote)
            source = f"{ref.tag} {ref.display_title}" if ref else quote.source_id
            _put(ws, styles, r, 4, source, style)
            _put(ws, styles, r, 5, quote.text, style)
            ws._write_number(r, 6, quote.start, styles(style))
            ws._write_number(r, 7, quote.end, styles(style))
            _put(ws, styles, r, 8, quote.anchor.value, style)
        _put(ws, styles, r, 9, cell.evidence_note(claim), style)
    ws.freeze_panes(1, 1)
    for col, width in enumerate((28, 22, 7, 40, 34, 60, 8, 8, 9, 50)):
        ws.set_column(col, col, width)
    ws.autofilter(0, 0, 0, len(EVIDENCE_HEADERS) - 1)


def _sources(book: Any, styles: _Styles, sheet: Sheet) -> None:
    ws = book.add_worksheet("Sources", worksheet_class=_FastWorksheet)
    for col, name in enumerate(SOURCE_HEADERS):
        _put(ws, styles, 0, col, name, "header")
    for r, source in enumerate(sheet.sources, start=1):
        for col, text in enumerate(
            (source.tag, source.display_title, source.outlet, source.published, source.url, source.id,
             source.author, source.note)
        ):
            _put(ws, styles, r, col, text)
    ws.freeze_panes(1, 1)
    for col, width in enumerate((8, 50, 20, 18, 50, 24, 20, 50)):
        ws.set_column(col, col, width)


def xlsx_bytes(sheet: Sheet, *, progress: Progress | None = None) -> bytes:
    with collector_paused():
        return _xlsx_bytes(sheet, progress)


def _xlsx_bytes(sheet: Sheet, progress: Progress | None) -> bytes:
    ticker = Ticker(progress, len(sheet.rows) + 2)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    book.set_properties({
        "title": f"{sheet.library_name}: comparison",
        "comments": sheet.byline,
        "created": sheet.exported.replace(tzinfo=None),
    })
    styles = _Styles(book)
    _comparison(book, styles, sheet, ticker)
    _evidence(book, styles, sheet)
    ticker.step()
    _sources(book, styles, sheet)
    book.close()
    ticker.finish()
    return buffer.getvalue()


def write_xlsx(sheet: Sheet, output: Path, *, progress: Progress | None = None) -> Path:
    atomic_write_bytes(output, xlsx_bytes(sheet, progress=progress))
    return output
