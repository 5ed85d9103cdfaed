"""PDF read back with poppler (pdftotext, pdfinfo): landscape pages, the header
row on every page, each value and its quotes in its study's column, page
numbers, Arabic as letters, record text as text."""

from __future__ import annotations

import subprocess
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from comparator_gui.domain.library import Library
from comparator_gui.export import export_library
from tests.export.conftest import ARABIC, HOSTILE_LABEL, QUOTES, SCRIPT, VALUES, Hostile


@dataclass(frozen=True)
class Word:
    page: int
    x: float
    y: float
    text: str


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.words: list[Word] = []
        self.page = 0
        self.attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "page":
            self.page += 1
        self.attrs = dict(attrs) if tag == "word" else {}

    def handle_data(self, data: str) -> None:
        if self.attrs and data.strip():
            text = unicodedata.normalize("NFKC", data)  # the "fi" ligature as two letters
            self.words.append(Word(self.page, float(self.attrs["xmin"] or 0), float(self.attrs["ymin"] or 0), text))
            self.attrs = {}


def words(pdf: Path) -> list[Word]:
    """Every word with its page and position, in the order the PDF draws them."""
    xhtml = subprocess.run(["pdftotext", "-raw", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    parser = _Words()
    parser.feed(xhtml)
    return parser.words


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = text.split("\f")[:-1]
    return [" ".join(unicodedata.normalize("NFKC", page).replace("\u202b", "").replace("\u202c", "").split()) for page in pages]


def find(all_words: list[Word], phrase: str, tokens: int = 4) -> list[Word]:
    """Where ``phrase`` starts, matching its first few words in drawing order."""
    wanted = phrase.split()[:tokens]
    texts = [w.text for w in all_words]
    return [all_words[i] for i in range(len(texts)) if texts[i : i + len(wanted)] == wanted]


def columns(all_words: list[Word], labels: list[str]) -> list[tuple[float, float]]:
    """Each column's x range, from where its header label stands on page 1."""
    starts = [min((w.y, w.x) for w in find(all_words, label, 3) if w.page == 1)[1] for label in labels]
    edges = [*starts, 10_000.0]
    return [(edges[i] - 4, edges[i + 1] - 4) for i in range(len(starts))]


@pytest.fixture
def pdf_seed(tmp_path: Path, seed_library: Library, qapp: QApplication) -> Path:
    return export_library(seed_library, "pdf", tmp_path / "cmp.pdf")


def test_pdf_is_landscape_paged_with_header_and_page_numbers(pdf_seed: Path, seed_library: Library) -> None:
    info = subprocess.run(["pdfinfo", str(pdf_seed)], check=True, capture_output=True, text=True).stdout
    assert "842 x 595 pts (A4)" in info
    assert "CreationDate:    Thu Jan  1 00:00:00 2026 UTC" in info
    pages = page_texts(pdf_seed)
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        if "characters" not in text:
            assert number == len(pages)  # the sources list may run onto a page of its own
            continue
        assert text.startswith(seed_library.name) or text.startswith("Field ")
        for study in seed_library.studies:
            assert study.short_title in text, (number, study.id)
    assert pages[0].startswith(f"{seed_library.name} Exported 2026-01-01 by Study Comparator 0.1.0")
    assert "Sources" in " ".join(pages[-2:]) and "https://medicalxpress.com/news/2025-03-japanese" in pages[-1]


def test_pdf_values_and_quotes_stand_in_their_study_column(pdf_seed: Path, seed_library: Library) -> None:
    drawn = words(pdf_seed)
    spans = columns(drawn, [s.short_title for s in seed_library.studies])
    checked = 0
    for study, (left, right) in zip(seed_library.studies, spans, strict=True):
        for entry in study.fields.values():
            for number, claim in enumerate(entry.claims, start=1):
                label = f"Claim {number}: {claim.value}" if len(entry.claims) > 1 else claim.value
                # Two words: at 10 pt a later one ("β-tricalcium", "healing/regeneration") may break across lines.
                values = [w for w in find(drawn, label, 2) if left <= w.x < right]
                assert values, (study.id, claim.value)
                for evidence in claim.evidence:
                    quotes = [w for w in find(drawn, f"“{evidence.exact}”") if left <= w.x < right]
                    assert quotes, (study.id, evidence.exact)
                    # Under the value: later on the page, or on a later page.
                    assert any((q.page, q.y) > (v.page, v.y) for q in quotes for v in values)
                    checked += 1
    assert checked == len(seed_library.evidence)


def test_disputed_and_missing_fields_are_spelled_out(pdf_seed: Path, seed_library: Library) -> None:
    drawn = words(pdf_seed)
    spans = columns(drawn, [s.short_title for s in seed_library.studies])
    osaka = [s.id for s in seed_library.studies].index("osaka-adsc-spheroids")
    left, right = spans[osaka]
    assert [w for w in find(drawn, "DISPUTED: the sources differ") if left <= w.x < right]
    assert [w for w in find(drawn, "Claim 2: Mice with spinal fractures") if left <= w.x < right]
    keio = [s.id for s in seed_library.studies].index("keio-ips-nsc-sci")
    left, right = spans[keio]
    assert [w for w in find(drawn, "not reported") if left <= w.x < right]


def test_hostile_record_in_pdf(tmp_path: Path, hostile: Hostile, qapp: QApplication) -> None:
    assert QFontDatabase.families(QFontDatabase.WritingSystem.Arabic), "no font with Arabic: text would be boxes"
    out = export_library(hostile.library, "pdf", tmp_path / "h.pdf", study_ids=["hostile-study"])
    text = " ".join(page_texts(out))
    assert HOSTILE_LABEL in text
    for key, values in VALUES.items():
        for value in values:
            if key != "follow_up":
                assert " ".join(value.split()) in text, value
        for quote in QUOTES[key]:
            if key not in ("follow_up", "cell_source"):
                assert f"“{quote}”" in text, quote
    assert text.count(ARABIC) == 2  # the value and its quote, as letters, not boxes
    assert f"“{SCRIPT}" not in text and f"tagged {SCRIPT} by the intake script" in text
    assert "javascript:alert(1)" in text  # shown as text in the sources list


def test_transposed_pdf_has_one_row_per_study(tmp_path: Path, seed_library: Library, qapp: QApplication) -> None:
    out = export_library(seed_library, "pdf", tmp_path / "t.pdf", transpose=True, field_keys=["subjects", "dose", "safety"])
    drawn = words(out)
    spans = columns(drawn, ["Subjects", "Dose", "Safety: serious adverse"])
    for study in seed_library.studies:
        for column, key in enumerate(["subjects", "dose", "safety"]):
            left, right = spans[column]
            for claim in study.field(key).claims:
                assert [w for w in find(drawn, claim.value, 3) if left <= w.x < right], claim.value


def test_pdf_export_does_not_drain_none_refcount(tmp_path: Path, seed_library: Library, qapp: QApplication) -> None:
    """PySide6 6.12 on Python 3.11 drops a reference to None on every void Qt
    call; a writer making thousands of them crashes the process later
    ("none_dealloc"). The PDF writer keeps its Qt calls to a few per page."""
    import gc
    import sys

    export_library(seed_library, "pdf", tmp_path / "warm.pdf")
    gc.collect()
    before = sys.getrefcount(None)
    for index in range(3):
        export_library(seed_library, "pdf", tmp_path / f"{index}.pdf")
    gc.collect()
    assert before - sys.getrefcount(None) < 300


def _pixels(png_dir: Path, pdf: Path, dpi: int = 40) -> list[tuple[int, int, bytes]]:
    """Each page rendered by pdftoppm as (width, height, RGB bytes)."""
    subprocess.run(["pdftoppm", "-r", str(dpi), str(pdf), str(png_dir / "page")], check=True)
    pages = []
    for path in sorted(png_dir.glob("page-*.ppm")):
        data = path.read_bytes()
        parts = data.split(maxsplit=4)  # P6 width height maxval pixels
        assert parts[0] == b"P6" and parts[3] == b"255"
        pages.append((int(parts[1]), int(parts[2]), parts[4]))
    return pages


def _rows_with(page: tuple[int, int, bytes], colour: str, run: int = 12, tolerance: int = 4) -> list[int]:
    """The pixel rows holding ``run`` pixels of ``colour`` side by side (a filled
    area, not the anti-aliased edge of a line)."""
    width, height, data = page
    want = bytes.fromhex(colour.lstrip("#"))
    rows = []
    for y in range(height):
        line = data[y * width * 3 : (y + 1) * width * 3]
        count = 0
        for x in range(0, width * 3, 3):
            if all(abs(line[x + i] - want[i]) <= tolerance for i in range(3)):
                count += 1
                if count >= run:
                    rows.append(y)
                    break
            else:
                count = 0
    return rows


@pytest.fixture
def tall_pdf(tmp_path: Path, seed_library: Library, qapp: QApplication) -> tuple[Path, str]:
    """The seed comparison with one disputed cell made taller than a page (its
    quotes repeated), so its row must be split between pages."""
    from dataclasses import replace

    from comparator_gui.export import build_sheet, write_sheet

    sheet = build_sheet(seed_library, field_keys=["cell_source", "subjects", "dose"])
    key = next((s.id, "subjects") for s in sheet.studies if sheet.cell(s.id, "subjects").disputed)
    cell = sheet.cell(*key)
    claims = tuple(replace(claim, quotes=claim.quotes * 8) for claim in cell.claims)
    cells = {**sheet.cells, key: replace(cell, claims=claims)}
    out = write_sheet(replace(sheet, cells=cells), "pdf", tmp_path / "tall.pdf")
    return out, cell.field.label


def test_a_row_split_between_pages_is_labelled_on_each(tall_pdf: tuple[Path, str], seed_library: Library) -> None:
    pdf, label = tall_pdf
    pages = page_texts(pdf)
    assert len(pages) >= 3
    drawn = words(pdf)
    first_column = min(w.x for w in drawn if w.page == 1 and w.text == "Field")
    for number, text in enumerate(pages, start=1):
        if "characters" not in text:
            continue  # the sources list
        # Every page of the table: the header row, then a row label at the top of the first column,
        # so no scrap of a cell stands on a page without the name of its field.
        on_page = [w for w in drawn if w.page == number and abs(w.x - first_column) < 3]
        header = [w for w in on_page if w.text == "Field"]
        assert header, number
        below = sorted((w for w in on_page if w.y > header[0].y + 1), key=lambda w: w.y)
        labels = {f.label.split()[0] for f in seed_library.catalogue}
        assert below and below[0].text in labels, (number, below[:3])
    continued = [n for n, text in enumerate(pages, start=1) if f"{label} (cont.)" in text]
    assert continued and 1 not in continued
    # A citation stays with its quote: a continued cell does not start with one.
    spans = columns(drawn, [s.short_title for s in seed_library.studies])
    for number in continued:
        row_top = min(w.y for w in drawn if w.page == number and w.text == "(cont.)") - 2
        for left, right in spans:
            cell = sorted((w for w in drawn if w.page == number and left <= w.x < right and w.y >= row_top),
                          key=lambda w: (w.y, w.x))
            if cell:
                assert not cell[0].text.startswith("["), (number, [w.text for w in cell[:6]])
    # The row's quotes are all there, in order, none lost at a page break.
    assert " ".join(pages).count("characters") >= 8 * 4


def test_cell_shading_stays_inside_its_page_of_the_table(tall_pdf: tuple[Path, str], tmp_path: Path) -> None:
    from comparator_gui.export.pdf import _COLORS, MARGIN_MM

    pdf, _ = tall_pdf
    rendered = _pixels(tmp_path, pdf)
    assert len(rendered) >= 3
    shaded_pages = 0
    for page in rendered:
        _, height, _ = page
        amber = _rows_with(page, _COLORS["disputed"])
        header = _rows_with(page, _COLORS["header"])
        if not amber:
            continue
        shaded_pages += 1
        assert header, "a page with table cells but no header row"
        # Not over the repeated header row, and not below the table into the footer margin.
        assert min(amber) > max(header), (min(amber), max(header))
        footer_top = height - (MARGIN_MM / 25.4 * 40) - 16 / 72 * 40
        assert max(amber) < footer_top, (max(amber), footer_top)
    assert shaded_pages >= 2


def test_a_wide_table_goes_in_bands_of_columns(tmp_path: Path, seed_library: Library, qapp: QApplication) -> None:
    """More studies than a page holds: the table goes BAND_COLUMNS columns at a
    time, each band with the row labels, and no study is cut off the page."""
    from dataclasses import replace

    from comparator_gui.export import Options, build_sheet, write_sheet
    from comparator_gui.export.pdf import BAND_COLUMNS

    sheet = build_sheet(seed_library, field_keys=["subjects", "dose"])
    count = BAND_COLUMNS + 2
    studies, cells = [], {}
    for index in range(count):
        original = sheet.studies[index % len(sheet.studies)]
        study = replace(original, id=f"copy-{index}", short_title=f"Q{index:02d}")
        studies.append(study)
        for f in sheet.fields:
            cells[(study.id, f.key)] = replace(sheet.cell(original.id, f.key), study=study)
    # The grid set by hand: on its own it would lay out eight studies one per block.
    out = write_sheet(replace(sheet, studies=tuple(studies), cells=cells), "pdf", tmp_path / "wide.pdf",
                      options=Options(layout="grid"))
    pages = page_texts(out)
    text = " ".join(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    assert f"Field (studies 1–{BAND_COLUMNS} of {count})" in text
    assert f"Field (studies {BAND_COLUMNS + 1}–{count} of {count})" in text
    for index in range(count):
        assert f"Q{index:02d}" in text, index
    # The second band starts on a page of its own, under its own header.
    second = next(n for n, page in enumerate(pages) if f"studies {BAND_COLUMNS + 1}–" in page)
    assert second > 0 and "Q00" not in pages[second] and f"Q{count - 1:02d}" in pages[second]


@pytest.mark.parametrize("size", [0, 1, 2, 3, 7, 40])
def test_split_finds_the_cut_a_binary_search_finds(size: int) -> None:
    from comparator_gui.export.pdf import _Block, _Row, _split
    from comparator_gui.export.sheet import FieldHeader

    blocks = tuple(_Block(f"p{n}", keep_with_previous=n % 3 == 2) for n in range(size))
    row = _Row(FieldHeader("k", "K", ""), (blocks, blocks[: size // 2]), (False, False))
    for limit in range(size + 2):
        head, rest = _split(row, lambda part, limit=limit: sum(map(len, part.cells)) <= limit)
        for cell in range(2):
            allowed = [n for n in range(len(row.cells[cell]) + 1)
                       if n in (0, len(row.cells[cell])) or not row.cells[cell][n].keep_with_previous]
            want = max(n for n in allowed if n <= limit)
            got = len(head.cells[cell]) if head else 0
            assert got == want, (size, limit, cell)
        if head is None:
            assert rest == row
