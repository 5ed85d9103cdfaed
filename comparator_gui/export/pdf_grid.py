"""The PDF's grid layout (fields × studies), paginated here rather than by Qt.

Each page's part of the table is a document of its own (Qt rich text, built
with everything from a record escaped, in one ``setHtml`` call), with the header
row on top, so a cell's shading cannot reach past its page or over the header.
A row that does not fit in the space left on a page is split between
paragraphs and goes on under its label marked "(cont.)"; it moves whole to the
next page only when little of the page is left (a row started in the last
lines of a page reads badly, a half-empty page wastes paper). A table wider
than ``BAND_COLUMNS`` goes in bands of columns. No Qt here: ``export.pdf``
passes the function that lays a page out and measures it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..domain.cell import DISPUTED_LABEL
from .files import Ticker
from .layout import GRID_MAX_COLUMNS
from .pdf_html import BASE_PT, COLORS, MIN_PT, Block, cell_blocks, intro, para, pt, span
from .sheet import FieldHeader, Header, Sheet

#: The most columns of values a page of the grid holds; a wider grid (one forced
#: by hand on many studies) goes in bands of this many, one after the other.
BAND_COLUMNS = GRID_MAX_COLUMNS
#: A row that would fit on a page of its own still starts on this page when at
#: least this share of the page is free: it is split rather than leave a gap.
SPLIT_WHEN_FREE = 0.25


@dataclass(frozen=True)
class Row:
    """A table row, or the part of one that goes on a page."""

    header: Header
    cells: tuple[tuple[Block, ...], ...]
    shades: tuple[bool, ...]
    continued: bool = False


def _header(header: Header, width: str = "", shade: str = "header", suffix: str = "") -> str:
    detail = para(span(header.detail, size=MIN_PT, color="muted")) if header.detail else ""
    label = para(span(header.label + suffix, bold=True))
    return f'<th{width} align="left" bgcolor="{COLORS[shade]}">{label}{detail}</th>'


class Table:
    """The comparison table as Qt rich text, a page's worth at a time."""

    def __init__(self, sheet: Sheet, band: range | None = None) -> None:
        first = 17.0  # "Study design / evidence level (cont.)" in two lines at 10 pt
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

    def html(self, rows: list[Row], *, margin_top: float = 0.0) -> str:
        body = []
        shade = f' bgcolor="{COLORS["disputed"]}"'
        for row in rows:
            label = _header(row.header, shade="rowhead", suffix=" (cont.)" if row.continued else "")
            cells = "".join(
                f"<td{shade if shaded else ''}>{''.join(block.html for block in blocks)}</td>"
                for blocks, shaded in zip(row.cells, row.shades, strict=True)
            )
            body.append(f"<tr>{label}{cells}</tr>")
        return (
            f'<table width="{self.width:g}%" cellspacing="0" cellpadding="{pt(3.5):.0f}" border="{pt(0.6):.1f}" '
            f'style="border-collapse:collapse; border-style:solid; border-color:{COLORS["border"]}; '
            f'margin-top:{pt(margin_top):.0f}px">'
            f"<thead><tr>{self.head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )


def bands(sheet: Sheet) -> list[range | None]:
    """The column bands of the table: [None] (all columns) when they fit one page."""
    count = len(sheet.columns)
    if count <= BAND_COLUMNS:
        return [None]
    return [range(start, min(count, start + BAND_COLUMNS)) for start in range(0, count, BAND_COLUMNS)]


def _intro(sheet: Sheet) -> str:
    what = "field" if sheet.transpose else "study"
    text = (
        f"One column per {what}. Under each value: the source's own words and where they "
        f"stand in it. Amber cells: {DISPUTED_LABEL.lower()}. A row too long for the rest of a page "
        "goes on under its label marked \u201c(cont.)\u201d."
    )
    if len(sheet.columns) > BAND_COLUMNS:
        text += (
            f" The table has {len(sheet.columns):,} columns: it is printed {BAND_COLUMNS} columns at a "
            "time, each band of columns with all the rows, the bands one after the other."
        )
    return intro(sheet, text)


def _truncated(row: Row, count: int) -> Row:
    """``row`` with at most ``count`` paragraphs in each cell."""
    return replace(row, cells=tuple(blocks[:count] for blocks in row.cells))


def _row_fits(row: Row, fits: Callable[[Row], bool]) -> bool:
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


def paginate(sheet: Sheet, measure: Callable[[str], float], body: float, ticker: Ticker) -> list[str]:
    """Each page's document (rich text); see the module's docstring."""
    pages: list[str] = []
    prefix = _intro(sheet)
    gap = 6.0
    placed: list[Row] = []
    table = Table(sheet)

    def page_html(rows: list[Row]) -> str:
        return "<html><body>" + prefix + table.html(rows, margin_top=gap if prefix else 0.0) + "</body></html>"

    def fits(rows: list[Row]) -> bool:
        return measure(page_html(rows)) <= body

    def close_page() -> None:
        nonlocal prefix, placed
        pages.append(page_html(placed))
        prefix, placed = "", []

    def empty_fits(row: Row) -> bool:
        return measure("<html><body>" + table.html([row]) + "</body></html>") <= body

    def little_left() -> bool:
        return body - measure(page_html(placed)) < body * SPLIT_WHEN_FREE

    sheet_rows = sheet.rows
    for band_index, band in enumerate(bands(sheet)):
        if band_index:
            close_page()
        table = Table(sheet, band)
        for sheet_row in sheet_rows:
            chosen = sheet_row.cells if band is None else sheet_row.cells[band.start : band.stop]
            row: Row | None = Row(
                sheet_row.header, tuple(cell_blocks(c, sheet) for c in chosen), tuple(c.disputed for c in chosen)
            )
            while row is not None:
                if _row_fits(row, lambda part: fits([*placed, part])):
                    placed.append(row)
                    row = None
                elif placed and little_left() and _row_fits(row, empty_fits):
                    close_page()  # keep the row whole: it fits on a page of its own
                else:
                    head, row = split(row, lambda part: fits([*placed, part]))
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


def split(row: Row, fits: Callable[[Row], bool]) -> tuple[Row | None, Row | None]:
    """As much of ``row`` as ``fits`` (paragraph by paragraph, cell by cell), and
    the rest as a continued row; (None, row) when not one paragraph fits."""
    counts = []
    for index, blocks in enumerate(row.cells):
        def only(n: int, index: int = index, blocks: tuple[Block, ...] = blocks) -> Row:
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


def _cut_first_blocks(row: Row) -> Row:
    """``row`` with the first paragraph of each cell cut in two (see ``Block.halves``)."""
    cells = []
    for blocks in row.cells:
        halves = blocks[0].halves() if blocks else None
        cells.append((*halves, *blocks[1:]) if halves else blocks)
    cut = replace(row, cells=tuple(cells))
    if cut == row:
        raise ValueError("a paragraph of the comparison does not fit on a PDF page and cannot be cut")
    return cut


__all__ = ["BAND_COLUMNS", "BASE_PT", "Row", "Table", "bands", "paginate", "split"]
