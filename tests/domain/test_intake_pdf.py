"""PDF import: text in reading order, real hyphenation joined, ligatures
expanded, page spans, metadata, and each code point's page character."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from comparator_gui.domain.intake.pdf import NO_CHAR, char_boxes, read_pdf_text
from comparator_gui.domain.intake.read import read_article_file

from .pdf_samples import column_lines, make_pdf

LEFT = [
    "Autologous stem-cell treat-",
    "ment was given to four pa-",
    "tients with spinal cord in-",
    "jury. The stem-",
    "cell dose was 100 million.",
]
RIGHT = [
    "Follow-up lasted twelve",
    "months. Motor scores im-",
    "proved in two of the four",
    "patients (NCT01234567).",
]


def two_column_pdf(tmp_path: Path) -> Path:
    title = [(72, 730, 18, "Stem Cells for Spinal Cord Injury")]
    byline = [(72, 705, 10, "doi: 10.1234/abcd.2024.001   Published: April 3, 2024")]
    left = column_lines(72, 660, LEFT)
    right = column_lines(320, 660, RIGHT)
    # written row by row across both columns, as some generators do
    interleaved = [run for pair in zip(left[:4], right, strict=True) for run in pair] + left[4:]
    runs = title + byline + interleaved
    path = tmp_path / "two-columns.pdf"
    path.write_bytes(make_pdf([runs], info={"Author": "Ana Souza; Ken Ito", "CreationDate": "D:20240403120000Z"}))
    return path


def test_two_columns_read_in_order_and_hyphens_joined_only_inside_words(tmp_path: Path) -> None:
    read = read_pdf_text(two_column_pdf(tmp_path))
    text = read.article.text
    assert text.startswith("Stem Cells for Spinal Cord Injury\n")
    body = text[text.index("Autologous") :]
    assert body == (
        "Autologous stem-cell treatment was given to four patients with spinal cord injury. "
        "The stem-cell dose was 100 million. Follow-up lasted twelve months. Motor scores improved in two "
        "of the four patients (NCT01234567)."
    )
    assert read.article.pages[0].start == 0 and read.article.pages[0].end == len(text)
    assert len(read.chars) == len(text)


def test_metadata_from_info_dict_and_first_page(tmp_path: Path) -> None:
    meta = read_pdf_text(two_column_pdf(tmp_path)).article.metadata
    assert meta.title == "Stem Cells for Spinal Cord Injury"
    assert meta.authors == ("Ana Souza", "Ken Ito")
    assert meta.published == "2024-04-03"
    assert meta.doi == "10.1234/abcd.2024.001"
    assert meta.registry_ids == ("NCT01234567",)


def test_ligatures_expanded_and_pages_spanned(tmp_path: Path) -> None:
    path = tmp_path / "lig.pdf"
    path.write_bytes(make_pdf([[(72, 700, 12, "The \xaerst patient")], [(72, 700, 12, "Second page text")]]))
    article = read_article_file(path)[0]
    assert article.kind == "pdf" and article.origin == path
    assert article.text == "The first patient\nSecond page text"
    first, second = article.pages
    assert article.text[first.start : first.end] == "The first patient"
    assert (second.page, article.text[second.start : second.end]) == (1, "Second page text")


def test_each_code_point_knows_its_page_character(tmp_path: Path) -> None:
    path = two_column_pdf(tmp_path)
    read = read_pdf_text(path)
    text = read.article.text
    start = text.index("treatment")
    end = start + len("treatment")
    boxes = char_boxes(path, read.chars, start, end)
    assert list(boxes) == [0]
    # "treat" on one line, "ment" on the next: the hyphen between them is not quoted
    document = pdfium.PdfDocument(str(path))
    textpage = document[0].get_textpage()
    pieces = []
    for page, index in read.chars[start:end]:
        assert (page, index) != NO_CHAR
        pieces.append(textpage.get_text_range(index, 1))
    assert "".join(pieces) == "treatment"
    lines = {round(b[1]) for b in boxes[0]}
    assert len(lines) == 2
