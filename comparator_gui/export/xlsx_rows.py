"""XlsxWriter's worksheet with a quicker way to write whole rows.

The export writes some 300,000 cells for 1,000 studies. XlsxWriter stores each
cell as a tuple (after checking its row and column), and when the workbook is
closed walks every row and column again, runs an attribute list and regular
expressions per cell to write its ``<c>`` element: about half of the export.
``RowWorksheet.put_row`` renders a row's ``<c>`` elements at once, as it is
written, and ``_write_rows`` copies them out at close. The bytes are the very
ones the stock worksheet writes for the same calls (``write_cells`` below makes
those calls; ``tests/export/test_xlsx.py`` compares the two whole files), so the
file is the same whichever worksheet class wrote it.

A cell is ``(column, value, format)``: a ``str`` (a shared string), a list of
``(font, text)`` runs (rich text) or a number, always with a format.
Cells of a row come in column order; a row is written once.
"""

from __future__ import annotations

import io
import re
from typing import Any

from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings
from xlsxwriter.utility import _utf16_len, _utf16_truncate, xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet
from xlsxwriter.xmlwriter import XMLwriter

#: Cell = (column, str | int | list[(font, text)], format)
Cell = tuple[int, Any, Any]

_ESCAPER = XMLwriter()
#: Excel's limit on a string, in UTF-16 code units (XlsxWriter cuts longer ones).
_STRMAX = 32_767


def _rich_xml(heads: dict[int, str], ws: Worksheet, runs: list[tuple[Any, str]]) -> str:
    """A rich string's shared-string XML as ``write_rich_string`` writes it, with
    each font's run header rendered once per sheet."""
    parts = []
    for font, text in runs:
        head = heads.get(id(font))
        if head is None:
            buffer = io.StringIO()
            ws.rstring = XMLwriter()
            ws.rstring._set_filehandle(buffer)
            ws.rstring._xml_start_tag("r")
            ws._write_font(font)
            head = heads[id(font)] = buffer.getvalue()
        # As XlsxWriter's ``_escape_data`` and ``_preserve_whitespace``, without their regular
        # expressions; control characters are escaped for the whole string when the shared
        # strings are written.
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
        parts.append(f"{head}<t{space}>{escaped}</t></r>")
    return "".join(parts)


def write_cells(ws: Worksheet, row: int, cells: list[Cell], height: float | None = None) -> None:
    """Write a row (and its height in points, when given): through ``put_row`` on a
    ``RowWorksheet``, else through XlsxWriter's own calls (what ``put_row`` stands for)."""
    put_row = getattr(ws, "put_row", None)
    if put_row is not None:
        put_row(row, cells, height)
        return
    for col, value, fmt in cells:
        if isinstance(value, str):
            ws._write_string(row, col, value, fmt)
        elif isinstance(value, list):
            ws.write_rich_string(row, col, *(item for pair in value for item in pair), fmt)
        else:
            ws._write_number(row, col, value, fmt)
    if height is not None:
        ws.set_row(row, height)


class RowWorksheet(Worksheet):  # type: ignore[misc]
    """See the module's docstring."""

    def __init__(self) -> None:
        super().__init__()
        #: row -> (first column, last column, its rendered ``<c>`` elements)
        self._rendered: dict[int, tuple[int, int, str]] = {}
        self._heads: dict[int, str] = {}
        self._names: list[str] = []

    def put_row(self, row: int, cells: list[Cell], height: float | None = None) -> None:
        if not cells:
            if height is not None:
                self.set_row(row, height)
            return
        if row in self._rendered or self.table.get(row):
            raise ValueError(f"row {row} is written twice")
        first, last = cells[0][0], cells[-1][0]
        if self._check_dimensions(row, first) or self._check_dimensions(row, last):
            raise ValueError(f"row {row} or column {last} is beyond the sheet")
        names = self._names
        while len(names) <= last:
            names.append(xl_col_to_name(len(names)))
        strings = self.str_table
        index_of = strings.string_table
        number = row + 1
        parts = []
        heads = self._heads
        half = _STRMAX // 2
        numbers = 0
        for col, value, fmt in cells:
            kind = value.__class__
            xf = fmt.xf_index
            if xf is None:
                xf = fmt._get_xf_index()
            if kind is str:
                if len(value) > half and _utf16_len(value) > _STRMAX:
                    value = _utf16_truncate(value, _STRMAX)
            elif kind is list:
                value = _rich_xml(heads, self, value)
            else:
                parts.append(f'<c r="{names[col]}{number}" s="{xf}"><v>{value:.16G}</v></c>')
                numbers += 1
                continue
            index = index_of.get(value)
            if index is None:
                index = index_of[value] = strings.unique_count
                strings.unique_count += 1
            parts.append(f'<c r="{names[col]}{number}" s="{xf}" t="s"><v>{index}</v></c>')
        # Every string cell counts once in the table's total, as XlsxWriter counts it.
        strings.count += len(parts) - numbers
        self._rendered[row] = (first, last, "".join(parts))
        if height is not None:
            self.set_row(row, height)

    def _calculate_spans(self) -> None:
        rendered = self._rendered
        if not rendered:
            super()._calculate_spans()
            return
        # As XlsxWriter's: per block of 16 rows, the first and last column used (1-based).
        spans: dict[int, str] = {}
        low: int | None = None
        high = 0
        table = self.table
        for row in range(self.dim_rowmin, self.dim_rowmax + 1):
            columns: list[int] = []
            if row in rendered:
                columns += rendered[row][:2]
            if row in table:
                columns += list(table[row])
            if row in self.comments:
                columns += list(self.comments[row])
            if columns:
                low = min(columns) if low is None else min(low, *columns)
                high = max(high, *columns)
            if ((row + 1) % 16 == 0 or row == self.dim_rowmax) and low is not None:
                spans[row // 16] = f"{low + 1}:{high + 1}"
                low, high = None, 0
        self.row_spans = spans

    def _write_rows(self) -> None:
        rendered = self._rendered
        if not rendered:
            super()._write_rows()
            return
        self._calculate_spans()
        write = self.fh.write
        table = self.table
        for row in range(self.dim_rowmin, self.dim_rowmax + 1):
            done = rendered.get(row)
            cells = table.get(row)
            if done is None and not cells and row not in self.row_info and row not in self.comments:
                continue
            span = self.row_spans.get(row // 16)
            info = self.row_info.get(row)
            if done is not None:
                self._write_row(row, span, info)
                write(done[2])
                self._xml_end_tag("row")
            elif cells:
                self._write_row(row, span, info)
                for col in sorted(cells):
                    self._write_cell(row, col, cells[col])
                self._xml_end_tag("row")
            else:
                self._write_empty_row(row, span, info)


#: What XlsxWriter's shared-strings writer changes in a string: XML's special
#: characters, control characters and text that looks like their ``_xHHHH_`` escape.
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f]|_x[0-9a-fA-F]{4}_")
#: The same for a rich string, whose XML is written as it is.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]|_x[0-9a-fA-F]{4}_")


class _SharedStrings(SharedStrings):  # type: ignore[misc]
    """XlsxWriter's shared strings, with the common string (nothing to escape)
    written at once; any other goes through XlsxWriter's own ``_write_si``. Its
    three regular expressions per string were a tenth of a large export."""

    def _write_sst_strings(self) -> None:
        write = self.fh.write
        special, control, slow = _SPECIAL.search, _CONTROL.search, self._write_si
        for string in self.string_table.string_array:
            if string.startswith("<r>") and string.endswith("</r>"):
                if control(string) is None:
                    write(f"<si>{string}</si>")
                    continue
            elif string and special(string) is None:
                if string[0].isspace() or string[-1].isspace():
                    write(f'<si><t xml:space="preserve">{string}</t></si>')
                else:
                    write(f"<si><t>{string}</t></si>")
                continue
            slow(string)


class _Packager(Packager):  # type: ignore[misc]
    def _write_shared_strings_file(self) -> None:
        # As XlsxWriter's, with the quicker writer.
        if not self.workbook.str_table.count:
            return
        sst = _SharedStrings()
        sst.string_table = self.workbook.str_table
        sst._set_xml_writer(self._filename("xl/sharedStrings.xml"))
        sst._assemble_xml_file()


class RowWorkbook(Workbook):  # type: ignore[misc]
    """XlsxWriter's workbook with the quicker shared-strings writer (same bytes)."""

    def _get_packager(self) -> Packager:
        return _Packager()
