"""XLSX through XlsxWriter: sheets Comparison, Evidence and Sources.

Everything from a record is written with ``write_string``, never as a formula;
a string a spreadsheet would take for a formula also gets the quote-prefix
style, so editing the cell keeps it text. Frozen header row and first column,
wrapped text, disputed cells filled amber.

A comparison cell is rich text: each value in bold, each quote in italics
with its citation after it, the status in amber when disputed, notes labelled
"Reviewer's note". Its characters are exactly the cell's plain text (a reader
that ignores the formatting reads what the CSV holds). Each row's height is
set from the wrapped text (LibreOffice does not work it out on opening, and
wrapped lines overprinted the rows below), capped at Excel's largest row; the
cell keeps its full text. Printing: landscape, fit to the page's width, the
header row and label column on every page. URLs in the Sources sheet are links.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from xlsxwriter.utility import _utf16_len

from ..domain.cell import DISPUTED_LABEL, NOT_REPORTED, NOTE_PREFIX, provenance_columns
from ..domain.collector import paused as collector_paused
from ..domain.levels import LEGEND_NOTE, legend
from .files import Ticker, atomic_write_bytes
from .sheet import LEVELS_HEADING, Cell, Progress, Sheet
from .text import FORMULA_PREFIXES
from .xlsx_rows import Cell as XlsxCell
from .xlsx_rows import RowWorkbook, RowWorksheet, write_cells

#: Excel refuses longer strings in a cell.
MAX_CELL_CHARS = 32_767
TRUNCATED = "… [truncated: Excel holds at most 32,767 characters in a cell]"

#: New columns go at the end, so formulas and scripts that use the columns keep working.
EVIDENCE_HEADERS = ("Study", "Field", "Claim", "Value", "Source", "Quote", "Start", "End", "Anchor", "Note",
                    "Study ID", "Field key", "Status", "Source ID",
                    "Claim added by", "Claim added at", "Quote added by", "Quote added at")
#: Row heights: points a line of 10 pt text takes, and Excel's tallest row.
LINE_PT = 13.2
MAX_ROW_PT = 409.0
#: Characters of 10 pt text a column of width 1 holds, on the low side (measured
#: in LibreOffice with DejaVu Sans, wider than Excel's Calibri): a row a little
#: too tall reads better than one that hides its last line.
CHARS_PER_WIDTH = 1.3
EVIDENCE_WIDTHS = (28, 22, 7, 40, 34, 60, 8, 8, 9, 50, 24, 16, 12, 24, 18, 20, 18, 20)
SOURCE_HEADERS = ("Source", "Title", "Outlet", "Published", "URL", "Source ID", "Author", "Note", "Kind")


#: The workbook and worksheet classes the export writes with (a test swaps in
#: XlsxWriter's own and compares the files).
_Workbook = RowWorkbook
_Worksheet = RowWorksheet


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
            # Unwrapped: a line under the table runs on over the empty cells to its right
            # (wrapped in the narrow first column it overprinted the next row in LibreOffice).
            "line": {"font_size": 10, "valign": "top"},
            "link": {**base, "font_color": "#1F4E8C", "underline": 1},
        }
        self._fonts: dict[str, Any] = {}

    def font(self, name: str) -> Any:
        """A run's format inside rich text (font only)."""
        found = self._fonts.get(name)
        if found is None:
            specs: dict[str, dict[str, Any]] = {
                "value": {"bold": True}, "quote": {"italic": True}, "cite": {"font_color": "#4A5360"},
                "status": {"bold": True, "font_color": "#8A4B00"}, "missing": {"italic": True, "font_color": "#666666"},
                "note": {"italic": True, "font_color": "#4A5360"},
            }
            spec = specs[name]
            found = self._fonts[name] = self._book.add_format({"font_size": 10, **spec})
        return found

    def pair(self, name: str) -> tuple[Any, Any]:
        """The style ``name`` for plain text and for text that starts like a formula."""
        return self(name), self(name, FORMULA_PREFIXES[0])

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
    text = _fit(text)
    # The undecorated writer: row and column are numbers here, never "A1" strings.
    ws._write_string(row, col, text, styles(style, text))


def _fit(text: str) -> str:
    if len(text) > MAX_CELL_CHARS:
        return text[: MAX_CELL_CHARS - len(TRUNCATED)] + TRUNCATED
    return text


def _text(styles: _Styles, col: int, text: str, style: str = "text") -> XlsxCell:
    """A plain cell for ``write_cells``, cut to what a cell holds."""
    text = _fit(text)
    return (col, text, styles(style, text))


def _runs(cell: Cell) -> list[tuple[str, str]]:
    """The cell's plain text (``cell.text``) in runs, each with its font's name."""
    lines: list[list[tuple[str, str]]] = []
    if not cell.reported:
        lines.append([("missing", NOT_REPORTED)])
    if cell.disputed:
        lines.append([("status", DISPUTED_LABEL)])
    for claim in cell.claims:
        lines.append([("value", claim.title)])
        lines += [[("quote", quote.quoted), ("cite", f" ({quote.citation})")] for quote in claim.quotes]
        if claim.note:
            lines.append([("note", f"{NOTE_PREFIX}{claim.note}")])
    if cell.note:
        lines.append([("note", f"{NOTE_PREFIX}{cell.note}")])
    runs: list[tuple[str, str]] = []
    for index, line in enumerate(lines):
        if index:
            name, text = runs[-1]
            runs[-1] = (name, text + "\n")
        runs += [run for run in line if run[1]]
    return runs


def _rich(styles: _Styles, col: int, cell: Cell, text: str, style: str) -> XlsxCell:
    """A comparison cell (whose plain text is ``text``) as rich text (see the module's
    docstring); plain when it has one run or is too long for a cell (then cut, as ``_fit`` cuts)."""
    runs = _runs(cell)
    if len(runs) < 2 or len(text) > MAX_CELL_CHARS or (len(text) > MAX_CELL_CHARS // 2
                                                        and _utf16_len(text) > MAX_CELL_CHARS):
        return _text(styles, col, text, style)
    return (col, [(styles.font(name), part) for name, part in runs], styles(style, text))


@functools.lru_cache(maxsize=8192)  # the Evidence sheet repeats a claim's value and note on each quote's row
def _lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` wide: word by word,
    as a spreadsheet wraps (a long line loses the end of each line to the next word)."""
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    count = 0
    for line in text.split("\n"):
        if len(line) <= per_line:
            count += 1
            continue
        used = -1
        lines = 1
        for size in map(len, line.split(" ")):
            if used + 1 + size <= per_line:
                used += 1 + size
            else:
                lines += 1 if used >= 0 else 0
                # A word longer than a line takes lines of its own.
                extra, used = divmod(size, per_line)
                lines += extra
        count += lines
    return count


def _height(texts: Sequence[tuple[str, float]]) -> float:
    """A row's height in points for its cells' texts and their columns' widths."""
    lines = 1
    for text, width in texts:
        # Most cells of a large export are one short line: no need to wrap them.
        if len(text) > width * CHARS_PER_WIDTH or "\n" in text:
            lines = max(lines, _lines(text, width))
    return min(MAX_ROW_PT, lines * LINE_PT + 4)


#: Columns of values a printed page holds at a readable size; a wider sheet
#: prints across pages (its first column repeated) instead of being shrunk:
#: 200 studies fitted to one page's width were specks.
PRINT_FIT_COLUMNS = 6


def _print_setup(ws: Any, *, columns: bool = True, value_columns: int = 0) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4; Excel and LibreOffice fit it to Letter when the printer has that
    if value_columns <= PRINT_FIT_COLUMNS:
        ws.fit_to_pages(1, 0)  # one page wide, as many tall as it takes
    ws.repeat_rows(0)
    if columns:
        ws.repeat_columns(0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)


def _comparison(book: Any, styles: _Styles, sheet: Sheet, ticker: Ticker) -> None:
    ws = book.add_worksheet("Comparison", worksheet_class=_Worksheet)
    label_width, width = 24, (58 if not sheet.transpose else 40)
    heads = [(f"{header.label}\n{header.detail}".strip(), width) for header in sheet.columns]
    write_cells(ws, 0, [_text(styles, 0, sheet.corner, "header"),
                        *(_text(styles, col, text, "header") for col, (text, _) in enumerate(heads, start=1))],
                max(32.0, _height(heads)))
    for r, row in enumerate(sheet.rows, start=1):
        cells = [_text(styles, 0, row.header.label, "rowhead")]
        texts = [(row.header.label, label_width)]
        for col, cell in enumerate(row.cells, start=1):
            style = "disputed" if cell.disputed else "text" if cell.reported else "missing"
            text = cell.text  # worked out anew on each call
            cells.append(_rich(styles, col, cell, text, style))
            texts.append((text, width))
        write_cells(ws, r, cells, _height(texts))
        ticker.step()
    after = len(sheet.rows) + 2
    write_cells(ws, after, [_text(styles, 0, sheet.library_name, "title")])
    write_cells(ws, after + 1, [_text(styles, 0, sheet.byline, "line")])
    legend = f"Amber cells: {DISPUTED_LABEL.lower()}; each claim is listed with its own quotes."
    write_cells(ws, after + 2, [_text(styles, 0, legend, "line")])
    ws.freeze_panes(1, 1)
    ws.set_column(0, 0, label_width)
    ws.set_column(1, max(1, len(sheet.columns)), width)
    _print_setup(ws, value_columns=len(sheet.columns))


def _evidence(book: Any, styles: _Styles, sheet: Sheet) -> None:
    ws = book.add_worksheet("Evidence", worksheet_class=_Worksheet)
    write_cells(ws, 0, [_text(styles, col, name, "header") for col, name in enumerate(EVIDENCE_HEADERS)])
    status_of: dict[int, str] = {}  # per cell: status_name walks every quote (a cell of 1,000 quotes)
    widths = EVIDENCE_WIDTHS
    for r, (cell, claim, quote) in enumerate(sheet.evidence_rows(), start=1):
        style = "disputed" if cell.disputed else "text" if cell.reported else "missing"
        claimed = ("", NOT_REPORTED) if claim is None else (str(claim.number), claim.labelled_value)
        status = status_of.get(id(cell))
        if status is None:
            status = status_of[id(cell)] = cell.status_name
        note = cell.evidence_note(claim)
        source = quoted = ""
        located: tuple[str | int | None, ...] = (None,) * 5
        if quote is not None:
            ref = sheet.source_of(quote)
            source = f"{ref.tag} {ref.display_title}" if ref else quote.source_id
            quoted = quote.text
            located = (source, quoted, quote.start, quote.end, quote.anchor.value)
        values = (cell.study.label, cell.field.label, *claimed, *located, note, cell.study.id, cell.field.key,
                  status, quote.source_id if quote is not None else "", *provenance_columns(claim, quote))
        # As ``_text`` for each, inline: 280,000 cells at 1,000 studies.
        plain, prefixed = styles.pair(style)
        cells: list[XlsxCell] = [
            (col, value, plain) if value.__class__ is not str
            else (col, value if len(value) <= MAX_CELL_CHARS else _fit(value),
                  prefixed if value.startswith(FORMULA_PREFIXES) else plain)
            for col, value in enumerate(values) if value is not None
        ]
        # The columns whose text wraps (ids are single words, numbers short).
        texts = [(cell.study.label, widths[0]), (cell.field.label, widths[1]), (claimed[1], widths[3]),
                 (source, widths[4]), (quoted, widths[5]), (note, widths[9])]
        write_cells(ws, r, cells, _height(texts))
    ws.freeze_panes(1, 1)
    for col, width in enumerate(EVIDENCE_WIDTHS):
        ws.set_column(col, col, width)
    ws.autofilter(0, 0, 0, len(EVIDENCE_HEADERS) - 1)
    _print_setup(ws)


def _sources(book: Any, styles: _Styles, sheet: Sheet) -> None:
    ws = book.add_worksheet("Sources", worksheet_class=_Worksheet)
    for col, name in enumerate(SOURCE_HEADERS):
        _put(ws, styles, 0, col, name, "header")
    for r, source in enumerate(sheet.sources, start=1):
        for col, text in enumerate(
            (source.tag, source.display_title, source.outlet, source.published, source.url, source.id,
             source.author, source.note, source.kind)
        ):
            if col == 4 and text.startswith(("https://", "http://")) and len(text) <= 2079:
                ws.write_url(r, col, text, styles("link"), string=text)  # Excel's longest link: 2,079
            else:
                _put(ws, styles, r, col, text)
        ws.set_row(r, _height([(source.display_title, 50), (source.note, 50), (source.url, 50)]))
    ws.freeze_panes(1, 1)
    # A URL is one long word that LibreOffice does not break: its column is as wide as the longest (up to 100).
    url_width = min(100, max([50, *(len(source.url) + 2 for source in sheet.sources)]))
    for col, width in enumerate((8, 50, 20, 18, url_width, 24, 20, 50, 28)):
        ws.set_column(col, col, width)
    _print_setup(ws)


def _levels(book: Any, styles: _Styles, sheet: Sheet) -> None:
    """The legend of the evidence levels the studies have, strongest first."""
    if not sheet.levels:
        return
    ws = book.add_worksheet(LEVELS_HEADING, worksheet_class=_Worksheet)
    for col, name in enumerate(("Evidence level (study design)", "Oxford CEBM", "GRADE starts", "Who")):
        _put(ws, styles, 0, col, name, "header")
    for r, row in enumerate(legend(sheet.levels), start=1):
        for col, text in enumerate((row.label, row.cebm, row.grade_start, row.population)):
            _put(ws, styles, r, col, text)
    _put(ws, styles, len(sheet.levels) + 2, 0, LEGEND_NOTE)
    ws.set_row(len(sheet.levels) + 2, _height([(LEGEND_NOTE, 50)]))
    for col, width in enumerate((50, 14, 14, 10)):
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)
    _print_setup(ws)


def xlsx_bytes(sheet: Sheet, *, progress: Progress | None = None) -> bytes:
    with collector_paused():
        return _xlsx_bytes(sheet, progress)


def _xlsx_bytes(sheet: Sheet, progress: Progress | None) -> bytes:
    ticker = Ticker(progress, len(sheet.rows) + 2)
    buffer = io.BytesIO()
    book = _Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
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
    _levels(book, styles, sheet)
    book.close()
    ticker.finish()
    return buffer.getvalue()


def write_xlsx(sheet: Sheet, output: Path, *, progress: Progress | None = None) -> Path:
    atomic_write_bytes(output, xlsx_bytes(sheet, progress=progress))
    return output
