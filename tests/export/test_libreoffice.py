"""The XLSX and DOCX exports as LibreOffice prints them (issue 15: in
LibreOffice, rows stayed one line high and wrapped text overprinted the rows
below). Each is converted to PDF headless and read back with pdftotext: every
word of every cell is on the pages, no two words are drawn over each other,
and a cell whose text wraps takes more than one line. Runs where LibreOffice
is installed (``./run tests`` installs it); skipped elsewhere."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest

from comparator_gui.domain.library import Library
from comparator_gui.export import export_library

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")

Box = tuple[int, float, float, float, float, str]  # page, x0, y0, x1, y1, word


def to_pdf(path: Path, tmp_path: Path) -> Path:
    assert SOFFICE is not None
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), str(path)],
        check=True, capture_output=True, timeout=240,
    )
    out = tmp_path / "pdf" / (path.stem + ".pdf")
    assert out.exists()
    return out


def boxes(pdf: Path) -> list[Box]:
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    found: list[Box] = []
    page = 0
    for match in re.finditer(r'<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                             xhtml):
        if match.group(0) == "<page ":
            page += 1
            continue
        x0, y0, x1, y1 = (float(match.group(i)) for i in range(1, 5))
        found.append((page, x0, y0, x1, y1, unicodedata.normalize("NFKC", html.unescape(match.group(5)))))
    return found


def words_of(text: str) -> list[str]:
    """The words pdftotext would find, without the punctuation a line break can
    separate from them (hyphenated words count by their parts)."""
    plain = unicodedata.normalize("NFKC", text).replace("’", "'")
    plain = re.sub(r"[-–—/'‘“”\"(),.;:\[\]]", " ", plain)
    return [w.casefold() for w in plain.split() if w]


def pdf_words(found: list[Box]) -> set[str]:
    return {w for box in found for w in words_of(box[5])}


def assert_no_overprint(found: list[Box]) -> None:
    """No two words' boxes overlap by more than a sliver: wrapped text drawn
    into the next row would cross that row's words."""
    by_page: dict[int, list[Box]] = defaultdict(list)
    for box in found:
        by_page[box[0]].append(box)
    for page, items in by_page.items():
        items.sort(key=lambda b: b[2])
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if b[2] >= a[4] - 0.5:
                    break  # sorted by top: nothing further down can overlap a
                overlap_x = min(a[3], b[3]) - max(a[1], b[1])
                overlap_y = min(a[4], b[4]) - max(a[2], b[2])
                if overlap_x > 1.0 and overlap_y > 0.35 * min(a[4] - a[2], b[4] - b[2]):
                    pytest.fail(f"page {page}: {a[5]!r} and {b[5]!r} drawn over each other")


def lines_of(found: list[Box], phrase: list[str]) -> int:
    """How many distinct lines the words of ``phrase`` stand on, where they occur in order."""
    texts = [words_of(b[5])[0] if words_of(b[5]) else "" for b in found]
    first, last = phrase[0], phrase[-1]
    for start, text in enumerate(texts):
        if text != first:
            continue
        span = found[start : start + len(phrase) + 4]
        if any(words_of(b[5])[:1] == [last] for b in span):
            return len({(b[0], round(b[2])) for b in span[: len(phrase)]})
    return 0


def test_xlsx_in_libreoffice_shows_every_cell_with_its_lines(tmp_path: Path, seed_library: Library) -> None:
    out = export_library(seed_library, "xlsx", tmp_path / "cmp.xlsx")
    found = boxes(to_pdf(out, tmp_path))
    present = pdf_words(found)
    book = openpyxl.load_workbook(out)
    missing = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    missing += [(ws.title, cell.coordinate, w) for w in words_of(cell.value) if w not in present]
                elif isinstance(cell.value, int):
                    missing += [(ws.title, cell.coordinate, str(cell.value))] if str(cell.value) not in present else []
    assert not missing, missing[:10]
    assert_no_overprint(found)
    # A value that wraps in its column stands on more than one line.
    ws = book["Comparison"]
    wrapped = [c.value for row in ws.iter_rows(min_row=2, min_col=2) for c in row
               if isinstance(c.value, str) and len(c.value.split("\n")[0]) > 80]
    assert wrapped
    for value in wrapped[:5]:
        phrase = words_of(value.split("\n")[0])[:18]
        assert lines_of(found, phrase) >= 2, phrase


def test_docx_in_libreoffice_shows_every_cell(tmp_path: Path, seed_library: Library) -> None:
    import docx

    out = export_library(seed_library, "docx", tmp_path / "cmp.docx")
    found = boxes(to_pdf(out, tmp_path))
    present = pdf_words(found)
    document = docx.Document(str(out))
    missing = [w for table in document.tables for row in table.rows for c in row.cells
               for w in words_of(c.text) if w not in present]
    assert not missing, missing[:10]
    assert_no_overprint(found)
