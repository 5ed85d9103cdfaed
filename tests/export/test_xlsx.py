"""XLSX read back with openpyxl: three sheets, frozen panes, wrapped text,
disputed cells marked, every record string stored as text."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from comparator_gui.domain.library import Library
from comparator_gui.export import export_library
from comparator_gui.export.text import FORMULA_PREFIXES
from tests.export.conftest import HOSTILE_LABEL, QUOTES, SCRIPT, VALUES, Hostile


def load(path: Path) -> Any:
    return openpyxl.load_workbook(path)


def grid(ws: Any) -> dict[tuple[str, str], Any]:
    head = [c.value for c in ws[1]]
    out = {}
    for row in ws.iter_rows(min_row=2):
        if row[0].value is None:
            break
        for col in range(1, len(head)):
            out[(row[0].value, head[col])] = row[col]
    return out


def test_workbook_has_comparison_evidence_and_sources(tmp_path: Path, seed_library: Library) -> None:
    book = load(export_library(seed_library, "xlsx", tmp_path / "cmp.xlsx"))
    assert book.sheetnames == ["Comparison", "Evidence", "Sources", "Evidence levels"]
    ws = book["Comparison"]
    assert ws.freeze_panes == "B2"
    assert book["Evidence"].freeze_panes == "B2"
    header = [c.value for c in ws[1]]
    assert header[0] == "Field"
    assert [h.split("\n")[0] for h in header[1:]] == [s.short_title for s in seed_library.studies]
    assert ws.column_dimensions["A"].width >= 20 and ws.column_dimensions["B"].width >= 40
    cells = grid(ws)
    labels = {f.key: f.label for f in seed_library.catalogue}
    for study in seed_library.studies:
        column = next(h for h in header if h.split("\n")[0] == study.short_title)
        for key, entry in study.fields.items():
            cell = cells[(labels[key], column)]
            assert cell.alignment.wrap_text
            for claim in entry.claims:
                assert claim.value in cell.value
                for evidence in claim.evidence:
                    assert f"“{evidence.exact}”" in cell.value
    osaka = next(h for h in header if h.startswith("Osaka"))
    disputed = cells[("Subjects", osaka)]
    agreed = cells[("Cell source", osaka)]
    assert disputed.value.startswith("DISPUTED")
    assert disputed.fill.fgColor.rgb.endswith("FCE3B0")
    assert agreed.fill.fgColor.rgb != disputed.fill.fgColor.rgb
    footer = [row[0].value for row in ws.iter_rows(min_row=len(seed_library.catalogue) + 2) if row[0].value]
    assert footer[:2] == [seed_library.name, "Exported 2026-01-01 by Study Comparator 0.1.0"]


def test_evidence_sheet_has_one_row_per_quote(tmp_path: Path, seed_library: Library) -> None:
    ws = load(export_library(seed_library, "xlsx", tmp_path / "cmp.xlsx"))["Evidence"]
    head = [c.value for c in ws[1]]
    assert head[:10] == ["Study", "Field", "Claim", "Value", "Source", "Quote", "Start", "End", "Anchor", "Note"]
    assert head[10:14] == ["Study ID", "Field key", "Status", "Source ID"]  # issue 15, at the end
    assert head[14:] == ["Claim added by", "Claim added at", "Quote added by", "Quote added at"]  # issue 17
    rows = [[c.value for c in row][:10] for row in ws.iter_rows(min_row=2)]
    quoted = [row for row in rows if row[5] is not None]
    assert len(quoted) == len(seed_library.evidence)
    sources = {f"[{n}] {s.title or 'untitled'}": s.id for n, s in enumerate(seed_library.meta.sources, start=1)}
    for study, _field, _claim, _value, source, quote, start, end, _anchor, _note in quoted:
        assert isinstance(start, int) and isinstance(end, int)
        assert seed_library.texts[sources[source]][start:end] == quote, (study, quote)


def test_evidence_sheet_keeps_not_reported_fields_and_reviewer_notes(tmp_path: Path, seed_library: Library) -> None:
    ws = load(export_library(seed_library, "xlsx", tmp_path / "cmp.xlsx"))["Evidence"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    by_cell: dict[tuple[str, str], list[list[Any]]] = {}
    for row in rows:
        by_cell.setdefault((row[0], row[1]), []).append(row)
    missing = 0
    notes = 0
    for study in seed_library.studies:
        for f in seed_library.catalogue:
            entry = study.field(f.key)
            found = by_cell[(study.short_title, f.label)]
            if not entry.claims:
                missing += 1
                assert len(found) == 1
                assert found[0][3] == "not reported" and found[0][5] is None and found[0][4] is None
            for note in [c.note for c in entry.claims if c.note] + ([entry.note] if entry.note else []):
                assert any(row[9] and "Reviewer's note" in row[9] and note in row[9] for row in found), (study.id, f.key)
                notes += 1
    assert missing and notes >= 5
    assert len(rows) == len(seed_library.evidence) + missing


def test_sources_sheet_lists_each_source(tmp_path: Path, seed_library: Library) -> None:
    ws = load(export_library(seed_library, "xlsx", tmp_path / "cmp.xlsx"))["Sources"]
    assert [c.value for c in ws[1]] == ["Source", "Title", "Outlet", "Published", "URL", "Source ID", "Author", "Note", "Kind"]
    rows = [[c.value or "" for c in row] for row in ws.iter_rows(min_row=2)]
    assert [row[5] for row in rows] == [s.id for s in seed_library.meta.sources]
    for number, (row, source) in enumerate(zip(rows, seed_library.meta.sources, strict=True), start=1):
        assert row == [
            f"[{number}]", source.title or "untitled", source.outlet or "", source.published or "",
            source.url or "", source.id, source.author or "", source.note or "", source.kind_text,
        ]
    assert any(s.author and not s.outlet for s in seed_library.meta.sources)  # the case the Outlet column got wrong


@pytest.mark.parametrize("transpose", [False, True])
def test_hostile_strings_are_text_never_formulas(tmp_path: Path, hostile: Hostile, transpose: bool) -> None:
    out = export_library(hostile.library, "xlsx", tmp_path / "h.xlsx", transpose=transpose)
    book = load(out)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    if cell.value.startswith(FORMULA_PREFIXES):
                        assert cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
    evidence = book["Evidence"]
    rows = [[c.value for c in row] for row in evidence.iter_rows(min_row=2)
            if row[0].value == HOSTILE_LABEL and row[5].value is not None]
    values = {(row[1], row[3]) for row in rows}
    quotes = {row[5] for row in rows}
    labels = {f.key: f.label for f in hostile.library.catalogue}
    for key, claims in VALUES.items():
        for value in claims:
            assert (labels[key], value) in values
        assert set(QUOTES[key]) <= quotes
    for row in rows:
        assert hostile.text[row[6] : row[7]] == row[5]
    if not transpose:
        ws = book["Comparison"]
        column = next(c.value for c in ws[1] if c.value.startswith(HOSTILE_LABEL))
        cells = grid(ws)
        assert cells[("Institution and team", column)].value.startswith(SCRIPT)
        condition = cells[("Condition", column)]
        assert condition.value.startswith('=HYPERLINK("x")') and condition.quotePrefix
    else:
        ws = book["Comparison"]
        assert ws.cell(row=1, column=1).value == "Study"
        assert ws.cell(row=2, column=1).value == HOSTILE_LABEL
        assert [c.value.split("\n")[0] for c in ws[1]][1:] == [f.label for f in hostile.library.catalogue]
        assert ws.cell(row=2, column=2).value.startswith(SCRIPT)


@pytest.mark.parametrize("transpose", [False, True])
def test_quick_cell_writer_writes_what_xlsxwriter_writes(
    tmp_path: Path, hostile: Hostile, seed_library: Library, monkeypatch: pytest.MonkeyPatch, transpose: bool
) -> None:
    """The export's own row writer (``xlsx_rows.RowWorksheet``) must give the very
    bytes XlsxWriter's stock worksheet gives; this fails if XlsxWriter changes."""
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from comparator_gui.export import xlsx

    for library in (seed_library, hostile.library):
        quick = export_library(library, "xlsx", tmp_path / "quick.xlsx", transpose=transpose).read_bytes()
        with monkeypatch.context() as patch:
            patch.setattr(xlsx, "_Worksheet", Worksheet)
            patch.setattr(xlsx, "_Workbook", Workbook)
            stock = export_library(library, "xlsx", tmp_path / "stock.xlsx", transpose=transpose).read_bytes()
        assert quick == stock, library.name


def test_export_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path, seed_library: Library) -> None:
    import gc

    assert gc.isenabled()
    export_library(seed_library, "xlsx", tmp_path / "a.xlsx")
    assert gc.isenabled()
    gc.disable()
    try:
        export_library(seed_library, "xlsx", tmp_path / "b.xlsx")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_wide_comparison_prints_across_pages_not_shrunk(tmp_path: Path) -> None:
    """Past six studies the comparison is not fitted to one page's width
    (200 studies printed as specks); its field column repeats on every page."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from make_library import make_library

    from comparator_gui.domain.loading import load_library
    from comparator_gui.export import export_library

    wide = load_library(make_library(8, tmp_path / "wide"))
    out = export_library(wide, "xlsx", tmp_path / "wide.xlsx")
    sheet = openpyxl.load_workbook(out)["Comparison"]
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_cols == "$A:$A" and sheet.page_setup.orientation == "landscape"


def test_row_writer_escapes_as_xlsxwriter_does(tmp_path: Path) -> None:
    """Text that looks like Excel's ``_xHHHH_`` escape, XML's special characters,
    leading spaces: the quick row writer and shared-strings writer give
    XlsxWriter's bytes, and the text reads back as written. In rich text, too,
    where XlsxWriter's own ``write_rich_string`` escapes ``_x0042_`` twice (it
    would read back as ``_x005F_x0042_``)."""
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from comparator_gui.export.xlsx_rows import RowWorkbook, RowWorksheet, write_cells

    texts = ["_x0041_ stays", " lead & <trail> ", "plain", "tab\tin"]

    def build(book_class: Any, sheet_class: Any, path: Path) -> dict[str, bytes]:
        book = book_class(str(path), {"in_memory": True})
        book.set_properties({"created": datetime(2026, 1, 1)})
        ws = book.add_worksheet("S", worksheet_class=sheet_class)
        plain, bold = book.add_format({"text_wrap": True}), book.add_format({"bold": True})
        for row, text in enumerate(texts):
            write_cells(ws, row, [(0, text, plain), (1, [(bold, text), (plain, " _x0042_ <i>")], plain), (3, row, plain)],
                        20.0 + row)
        book.close()
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    quick = build(RowWorkbook, RowWorksheet, tmp_path / "quick.xlsx")
    stock = build(Workbook, Worksheet, tmp_path / "stock.xlsx")
    twice = b"_x005F_x005F_x"
    assert twice in stock["xl/sharedStrings.xml"] and twice not in quick["xl/sharedStrings.xml"]
    stock["xl/sharedStrings.xml"] = stock["xl/sharedStrings.xml"].replace(twice, b"_x005F_x")
    assert quick == stock
    ws = openpyxl.load_workbook(tmp_path / "quick.xlsx")["S"]
    assert [ws.cell(row=r + 1, column=1).value for r in range(len(texts))] == texts
    assert ws.cell(row=1, column=2).value == "_x0041_ stays _x0042_ <i>"
    assert ws.row_dimensions[2].height == 21.0
