"""Every export that has room for one carries the legend of the evidence levels
its studies have (issue 16), read back with each format's own reader."""

from __future__ import annotations

import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pytest
from PySide6.QtWidgets import QApplication

from comparator_gui.domain.levels import LEGEND_NOTE, LEVELS_HEADING
from comparator_gui.domain.library import Library
from comparator_gui.export import export_library

#: The bundled library's levels, strongest first: two case series, one animal study.
LINES = [
    "Case series (uncontrolled): CEBM 4, GRADE starts very low, human.",
    "Animal study: CEBM 5, animal.",
]
ABSENT = "Randomised controlled trial"  # no study has it: not in the legend


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.items: list[str] = []
        self.headings: list[str] = []
        self._tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag = tag if tag in ("li", "h2") else self._tag

    def handle_data(self, data: str) -> None:
        if self._tag == "li" and data.strip():
            self.items.append(data.strip())
        elif self._tag == "h2" and data.strip():
            self.headings.append(data.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag in ("li", "h2"):
            self._tag = ""


def test_html_and_markdown_legends(tmp_path: Path, seed_library: Library) -> None:
    page = _Text()
    page.feed(export_library(seed_library, "html", tmp_path / "c.html").read_text(encoding="utf-8"))
    assert page.headings[-1] == LEVELS_HEADING
    assert page.items[-2:] == LINES
    text = export_library(seed_library, "md", tmp_path / "c.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    start = lines.index(f"## {LEVELS_HEADING}")
    assert lines[start + 2 : start + 4] == [f"- {line}" for line in LINES]
    assert ABSENT not in text and LEGEND_NOTE.split(",")[0] in text


def test_docx_legend(tmp_path: Path, seed_library: Library) -> None:
    document = docx.Document(str(export_library(seed_library, "docx", tmp_path / "c.docx")))
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index(LEVELS_HEADING)
    assert paragraphs[start + 1 : start + 3] == LINES and paragraphs[start + 3] == LEGEND_NOTE


def test_pdf_legend(tmp_path: Path, seed_library: Library, qapp: QApplication) -> None:
    out = export_library(seed_library, "pdf", tmp_path / "c.pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], check=True, capture_output=True, text=True).stdout
    flat = " ".join(unicodedata.normalize("NFKC", text).split())
    assert f"{LEVELS_HEADING} {LINES[0]} {LINES[1]}" in flat and ABSENT not in flat


@pytest.mark.parametrize("transpose", [False, True])
def test_xlsx_legend_sheet(tmp_path: Path, seed_library: Library, transpose: bool) -> None:
    book = openpyxl.load_workbook(export_library(seed_library, "xlsx", tmp_path / "c.xlsx", transpose=transpose))
    sheet = book[LEVELS_HEADING]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Evidence level (study design)", "Oxford CEBM", "GRADE starts", "Who"]
    assert rows[1] == ["Case series (uncontrolled)", "4", "Very low", "human"]
    assert rows[2][:2] == ["Animal study", "5"] and rows[2][3] == "animal"
    assert rows[4][0] == LEGEND_NOTE


def test_sources_say_what_kind_of_publication_they_are(tmp_path: Path, seed_library: Library) -> None:
    html = export_library(seed_library, "html", tmp_path / "c.html").read_text(encoding="utf-8")
    assert "AFP. 2025. News report, not peer reviewed." in html  # the Keio source
    assert "Blog post, not peer reviewed." in html
    book = openpyxl.load_workbook(export_library(seed_library, "xlsx", tmp_path / "c.xlsx"))
    rows = list(book["Sources"].iter_rows(values_only=True))
    assert rows[0][-1] == "Kind" and {row[-1] for row in rows[1:]} == {"News report, not peer reviewed", "Blog post, not peer reviewed"}
