"""Who added a claim or quote, in every place evidence is listed: the grid's
tooltip lines, the XLSX Evidence sheet and the long CSV (their last four
columns), and the citations of the HTML and Word exports, read back with
openpyxl, csv, html.parser and python-docx."""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pytest

from comparator_gui.domain.cell import present_cell
from comparator_gui.domain.editing import LibraryEditor
from comparator_gui.domain.library import Library
from comparator_gui.domain.loading import load_library
from comparator_gui.export import export_library

REVIEWER = "Ana Silva"


@pytest.fixture
def stamped(seed_copy: Path) -> tuple[Library, str, str]:
    """The seeds with one new claim, and its quote, added by REVIEWER."""
    library = load_library(seed_copy)
    editor = LibraryEditor(library, reviewer=REVIEWER)
    study = library.studies[0]
    key = next(k for k, e in study.fields.items() if e.claims)
    source = study.sources[0]
    start, end = next(re.finditer(r"\w+(?:\W+\w+){3}", library.texts[source])).span()
    editor.add_evidence(study.id, key, source, start, end, claim_index=None, new_claim_value="A second reading")
    return library, study.id, key


def test_tooltip_lines_name_the_reviewer(stamped: tuple[Library, str, str]) -> None:
    library, study_id, key = stamped
    lines = present_cell(library, library.study(study_id), key).detail_lines()
    assert any(re.fullmatch(rf"Claim added by {REVIEWER}, \d{{4}}-\d\d-\d\d \d\d:\d\d UTC", line) for line in lines), lines
    assert f"Quotes added by {REVIEWER} (1)" in lines


def test_evidence_sheets_have_provenance_columns(stamped: tuple[Library, str, str], tmp_path: Path) -> None:
    library, _study_id, _key = stamped
    ws = openpyxl.load_workbook(export_library(library, "xlsx", tmp_path / "c.xlsx"))["Evidence"]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, (c.value for c in row), strict=False)) for row in ws.iter_rows(min_row=2)]
    mine = [r for r in rows if r["Value"] == "A second reading"]
    assert len(mine) == 1 and mine[0]["Claim added by"] == REVIEWER == mine[0]["Quote added by"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", mine[0]["Quote added at"])
    assert all(r["Claim added by"] is None for r in rows if r["Value"] != "A second reading")

    path = export_library(library, "csv", tmp_path / "long.csv", long=True)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        table = [row for row in csv.reader(handle)]
    start = next(n for n, row in enumerate(table) if row and row[0] == "Study ID")
    head, *body = table[start:]
    rows_csv = [dict(zip(head, row, strict=False)) for row in body if len(row) == len(head)]
    mine_csv = [r for r in rows_csv if r["Value"] == "A second reading"]
    assert len(mine_csv) == 1 and mine_csv[0]["Quote added by"] == REVIEWER
    assert mine_csv[0]["Claim added at"] == mine[0]["Claim added at"]


def test_html_and_word_citations_name_the_reviewer(stamped: tuple[Library, str, str], tmp_path: Path) -> None:
    library, _study_id, _key = stamped

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    page = Text()
    page.feed(export_library(library, "html", tmp_path / "c.html").read_text(encoding="utf-8"))
    assert sum(1 for part in page.parts if f"added by {REVIEWER}" in part) == 1
    document = docx.Document(str(export_library(library, "docx", tmp_path / "c.docx")))
    texts = [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    texts += [p.text for p in document.paragraphs]
    assert any(f"added by {REVIEWER}" in text for text in texts)
