"""Issue 15: layouts that scale, read back with real readers (pdftotext,
pdftoppm, python-docx, openpyxl, html.parser): the per-study layout past six
columns, its headings with the evidence level, PDF type and paper, links,
rows split rather than half-empty pages, DOCX tables, XLSX rich text, heights,
print setup and links, HTML's scrolling grid, Markdown's separate markers."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QApplication

from comparator_gui.domain.levels import study_level_text
from comparator_gui.domain.library import Library
from comparator_gui.export import Options, build_sheet, export_library, resolve_layout, write_sheet
from comparator_gui.export.layout import SECTIONS, Sheet, study_blocks


def many(sheet: Sheet, count: int) -> Sheet:
    """``sheet`` with its studies repeated to ``count`` (ids and titles numbered)."""
    studies, cells = [], {}
    for index in range(count):
        original = sheet.studies[index % len(sheet.studies)]
        study = replace(original, id=f"copy-{index}", short_title=f"S{index:02d} {original.short_title}")
        studies.append(study)
        for f in sheet.fields:
            cells[(study.id, f.key)] = replace(sheet.cell(original.id, f.key), study=study)
    return replace(sheet, studies=tuple(studies), cells=cells)


def pdf_text(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return [" ".join(unicodedata.normalize("NFKC", page).split()) for page in text.split("\f")[:-1]]


def word_boxes(path: Path) -> list[tuple[int, float, float, float, str]]:
    """(page, yMin, yMax, page height, word) for every word pdftotext finds."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True).stdout
    boxes, page, height = [], 0, 0.0
    for match in re.finditer(r'<page width="[\d.]+" height="([\d.]+)">|<word xMin="[\d.]+" yMin="([\d.]+)" '
                             r'xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', xhtml):
        if match.group(1):
            page, height = page + 1, float(match.group(1))
        else:
            boxes.append((page, float(match.group(2)), float(match.group(3)), height, match.group(4)))
    return boxes


def test_the_layout_is_chosen_by_the_number_of_columns(seed_library: Library) -> None:
    sheet = build_sheet(seed_library)
    assert resolve_layout(sheet) == "grid"
    assert resolve_layout(many(sheet, 7)) == "per-study"
    assert resolve_layout(many(sheet, 6)) == "grid"
    assert resolve_layout(build_sheet(seed_library, transpose=True)) == "per-study"  # twelve field columns
    assert resolve_layout(many(sheet, 20), "grid") == "grid" and resolve_layout(sheet, "per-study") == "per-study"
    with pytest.raises(ValueError, match="unknown layout"):
        resolve_layout(sheet, "cards")
    blocks = study_blocks(sheet)
    assert [b.study.id for b in blocks] == [s.id for s in seed_library.studies]
    titles = [section.title for section in blocks[0].sections]
    assert titles == [title for title, _ in SECTIONS]  # design and level, participants, ... notes
    assert sorted(c.field.key for s in blocks[0].sections for c in s.cells) == sorted(f.key for f in sheet.fields)


@pytest.fixture
def per_study_pdf(tmp_path: Path, seed_library: Library, qapp: QApplication) -> tuple[Path, Sheet]:
    sheet = many(build_sheet(seed_library), 8)
    return write_sheet(sheet, "pdf", tmp_path / "studies.pdf"), sheet


def test_per_study_pdf_heads_each_study_with_its_evidence_level(per_study_pdf: tuple[Path, Sheet]) -> None:
    out, sheet = per_study_pdf
    pages = pdf_text(out)
    text = " ".join(pages)
    for study in sheet.studies:
        assert f"{study.short_title} · {study.evidence_level}" in text, study.id
    assert "Animal study · CEBM 5" in text and "DESIGN AND LEVEL" in text and "PARTICIPANTS" in text
    assert text.count("DISPUTED: the sources differ") >= 8 // 3  # the Osaka copies
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    # Every value and quote is there, each study's under its own heading.
    for study in sheet.studies:
        for f in sheet.fields:
            for claim in sheet.cell(study.id, f.key).claims:
                assert " ".join(claim.value.split()) in text, claim.value


def test_pdf_body_text_is_at_least_9_pt(per_study_pdf: tuple[Path, Sheet], tmp_path: Path,
                                        seed_library: Library) -> None:
    grid = export_library(seed_library, "pdf", tmp_path / "grid.pdf")
    for path in (per_study_pdf[0], grid):
        # A word's box is about 1.16 times its type size (ascent plus descent).
        smallest = min(bottom - top for _, top, bottom, _, _ in word_boxes(path))
        assert smallest >= 9 * 1.1, (path.name, smallest)


def test_pages_are_full_before_the_next_begins(per_study_pdf: tuple[Path, Sheet], tmp_path: Path,
                                               seed_library: Library) -> None:
    """Rows are split across pages rather than moved whole: no page but the last
    ends with its lower half empty (issue 15: page 1 was half empty)."""
    grid = export_library(seed_library, "pdf", tmp_path / "grid.pdf")
    for path in (per_study_pdf[0], grid):
        boxes = word_boxes(path)
        pages = max(page for page, *_ in boxes)
        for number in range(1, pages):
            height = next(h for p, _, _, h, _ in boxes if p == number)
            body = [bottom for p, _, bottom, h, word in boxes if p == number and bottom < h - 40]  # not the footer
            assert max(body) > 0.6 * height, (path.name, number, max(body), height)


def test_pdf_paper_and_orientation(tmp_path: Path, seed_library: Library, qapp: QApplication) -> None:
    out = export_library(seed_library, "pdf", tmp_path / "letter.pdf", field_keys=["subjects"],
                         options=Options(page_size="letter", orientation="portrait"))
    info = subprocess.run(["pdfinfo", str(out)], check=True, capture_output=True, text=True).stdout
    assert "612 x 792 pts (letter)" in info
    with pytest.raises(ValueError, match="page size"):
        export_library(seed_library, "pdf", tmp_path / "x.pdf", options=Options(page_size="a3"))


def test_pdf_links_are_clickable(tmp_path: Path, seed_library: Library, qapp: QApplication) -> None:
    out = export_library(seed_library, "pdf", tmp_path / "links.pdf")
    data = out.read_bytes()
    urls = set(re.findall(rb"/URI \((https?://[^)]+)\)", data))
    wanted = {s.url.encode() for s in seed_library.meta.sources if s.url and s.url.startswith("http")}
    assert wanted and wanted <= urls  # each source's URL, from the sources list and each citation
    assert data.count(b"/Subtype /Link") > len(wanted)


def test_disputed_cells_are_amber_in_the_per_study_pdf(per_study_pdf: tuple[Path, Sheet], tmp_path: Path) -> None:
    out, _ = per_study_pdf
    subprocess.run(["pdftoppm", "-r", "20", str(out), str(tmp_path / "p")], check=True)
    amber = bytes.fromhex("fdf1d6")
    found = 0
    for path in sorted(tmp_path.glob("p-*.ppm")):
        pixels = path.read_bytes().split(maxsplit=4)[4]
        found += sum(1 for i in range(0, len(pixels) - 2, 3) if pixels[i : i + 3] == amber)
    assert found > 500


def test_docx_holds_the_comparison_and_each_study_with_quotes(tmp_path: Path, seed_library: Library) -> None:
    import docx

    out = export_library(seed_library, "docx", tmp_path / "cmp.docx")
    document = docx.Document(str(out))
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    tables = document.tables
    comparison, *studies = tables
    assert [c.text.split("\n")[0] for c in comparison.rows[0].cells][1:] == [s.short_title for s in seed_library.studies]
    assert len(studies) == len(seed_library.studies)
    for table, study in zip(studies, seed_library.studies, strict=True):
        heading = table.rows[0].cells[0].text
        assert heading.startswith(f"{study.short_title} · {study_level_text(study)}")
        text = "\n".join(c.text for row in table.rows for c in row.cells)
        for entry in study.fields.values():
            for claim in entry.claims:
                assert claim.value in text
                for evidence in claim.evidence:
                    assert f"“{evidence.exact}”" in text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Comparison", "Characteristics of included studies", "Sources", "Evidence levels"]
    links = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert "https://medicalxpress.com/news/2025-03-japanese-fat-derived-stem-cell.html" in links or links


def test_docx_past_six_studies_puts_the_studies_first(tmp_path: Path, seed_library: Library) -> None:
    import docx

    sheet = many(build_sheet(seed_library), 8)
    out = write_sheet(sheet, "docx", tmp_path / "many.docx")
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Characteristics of included studies" and headings[1].startswith("Comparison")
    first = document.tables[0].rows[0].cells[0].text
    assert first.startswith(sheet.studies[0].short_title) and sheet.studies[0].evidence_level in first
    # The comparison goes six studies to a table, with its values and the sources' numbers.
    summary = [t for t in document.tables if t.rows[0].cells[0].text == "Field"]
    assert [len(t.columns) for t in summary] == [7, 3]
    assert re.search(r"\[\d+\]", "\n".join(c.text for row in summary[0].rows for c in row.cells))


def test_xlsx_rich_text_heights_print_setup_and_links(tmp_path: Path, seed_library: Library) -> None:
    out = export_library(seed_library, "xlsx", tmp_path / "cmp.xlsx")
    book = openpyxl.load_workbook(out, rich_text=True)
    ws = book["Comparison"]
    osaka = [s.id for s in seed_library.studies].index("osaka-adsc-spheroids") + 2
    subjects = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "Subjects")
    runs = ws.cell(subjects, osaka).value
    bold = [str(run.text) for run in runs if getattr(run, "font", None) is not None and run.font.b]
    italic = [str(run.text) for run in runs if getattr(run, "font", None) is not None and run.font.i]
    assert any(text.startswith("Claim 1: Rats") for text in bold)
    assert any(text.startswith("“") for text in italic)
    plain = openpyxl.load_workbook(out)["Comparison"]
    for row in range(2, len(seed_library.catalogue) + 2):
        longest = max(len(line) for col in range(2, 5) for line in str(plain.cell(row, col).value).split("\n"))
        lines = max(str(plain.cell(row, col).value).count("\n") + 1 for col in range(2, 5))
        height = plain.row_dimensions[row].height
        assert height is not None and height >= min(409, 13 * lines), (row, height, lines, longest)
    assert plain.page_setup.orientation == "landscape" and plain.sheet_properties.pageSetUpPr.fitToPage
    assert plain.page_setup.fitToHeight == 0 and plain.page_setup.fitToWidth in (None, 1)  # 1 is the default
    assert plain.print_title_rows == "$1:$1" and plain.print_title_cols == "$A:$A"
    sources = openpyxl.load_workbook(out)["Sources"]
    linked = [sources.cell(r, 5).hyperlink.target for r in range(2, sources.max_row + 1) if sources.cell(r, 5).hyperlink]
    assert linked and all(url.startswith("http") for url in linked)
    evidence = openpyxl.load_workbook(out)["Evidence"]
    head = [c.value for c in evidence[1]]
    assert {"Study ID", "Field key", "Status", "Source ID"} <= set(head)
    assert evidence.auto_filter.ref and evidence.freeze_panes == "B2"
    statuses = {row[head.index("Status")] for row in evidence.iter_rows(min_row=2, values_only=True)}
    assert {"disputed", "not_reported", "reported"} <= statuses


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def test_html_grid_scrolls_and_many_studies_get_a_block_each(tmp_path: Path, seed_library: Library) -> None:
    grid = export_library(seed_library, "html", tmp_path / "grid.html").read_text(encoding="utf-8")
    assert 'class="scroll"' in grid and "position: sticky" in grid and "min-width: 16rem" in grid
    assert "@media print" in grid
    many_html = write_sheet(many(build_sheet(seed_library), 8), "html", tmp_path / "many.html")
    parser = _Tags()
    parser.feed(many_html.read_text(encoding="utf-8"))
    blocks = [attrs for tag, attrs in parser.found if tag == "section" and attrs.get("class") == "study-block"]
    assert len(blocks) == 8
    assert not [a for tag, a in parser.found if tag == "table" and a.get("class") == "comparison"]
    assert "S07 " in many_html.read_text(encoding="utf-8") and "· Animal study · CEBM 5</h2>" in many_html.read_text(encoding="utf-8")


def test_markdown_markers_are_separate_and_no_heading_is_empty(tmp_path: Path, seed_library: Library) -> None:
    text = export_library(seed_library, "md", tmp_path / "cmp.md").read_text(encoding="utf-8")
    assert "][^" not in text  # markers side by side render as one number
    assert re.search(r"\[\^\d+\], \[\^\d+\]", text)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("#"):
            following = next((later for later in lines[index + 1 :] if later.strip()), "")
            assert following and not following.startswith("[^"), line
