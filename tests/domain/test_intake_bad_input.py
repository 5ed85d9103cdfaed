"""Issue 13, part 5: every bad input gives a clear message, and nothing is half-imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from comparator_gui.domain.intake.article import IntakeError
from comparator_gui.domain.intake.read import read_article_file, read_articles

from .pdf_samples import make_pdf


def test_encrypted_pdf_says_it_needs_its_password(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(make_pdf([[(72, 700, 12, "Secret results")]], encrypt=True))
    with pytest.raises(IntakeError, match=r"locked\.pdf is encrypted: it cannot be read without its password"):
        read_article_file(path)


def test_image_only_pdf_says_there_is_no_text_layer_and_suggests_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([[], []], images_only=True))
    with pytest.raises(IntakeError) as caught:
        read_article_file(path)
    message = str(caught.value)
    assert "scan.pdf has no text layer: its 2 pages are images" in message
    assert "Run OCR on it first" in message


@pytest.mark.parametrize(
    "raw", [b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", b"%PDF-1.7\n" + bytes(range(256)) * 8, b"not a pdf at all"]
)
def test_corrupt_pdf_is_named_as_damaged(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(raw)
    with pytest.raises(IntakeError, match=r"broken\.pdf is not a readable PDF: the file is damaged or is not a PDF"):
        read_article_file(path)


def test_long_pdf_reports_progress_and_can_be_cancelled(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(make_pdf([[(72, 700, 11, f"Page {n} of the supplement.")] for n in range(1, 501)]))
    seen: list[tuple[int, int]] = []
    article = read_article_file(path, progress=lambda done, total: seen.append((done, total)))[0]
    assert seen[0] == (1, 500) and seen[-1] == (500, 500) and len(seen) == 500
    assert len(article.pages) == 500 and article.text.endswith("Page 500 of the supplement.")

    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 40

    with pytest.raises(IntakeError, match=r"Import of long\.pdf cancelled; nothing was imported"):
        read_article_file(path, progress=lambda done, total: None, cancelled=cancelled)


def test_html_without_readable_text(tmp_path: Path) -> None:
    path = tmp_path / "app.html"
    path.write_text(
        "<html><head><title>App</title><script>render()</script></head><body><div id='root'></div>"
        "<img src='x.png'></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(IntakeError, match=r"app\.html has no readable text"):
        read_article_file(path)


RIS = """TY  - JOUR
TI  - Neural stem cells in chronic spinal cord injury
AU  - Curtis, Erik
PY  - 2018
AB  - Four patients received neural stem cells.
ER  -

TI  - A record without its type line
AB  - Text.
ER  -

TY  - JOUR
TI  - A record that never ends
AB  - Text.

TY  - JOUR
AU  - Nobody, A.
AB  - A record with no title.
ER  -

TY  - JOUR
TI  - Adipose-derived cells after spinal cord injury
AB  - Ten adults were treated.
ER  -
"""


def test_ris_with_broken_records_imports_the_good_ones_and_names_each_bad_one_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "refs.ris"
    path.write_text(RIS, encoding="utf-8")
    found = read_articles(path)
    assert [a.metadata.title for a in found.articles] == [
        "Neural stem cells in chronic spinal cord injury",
        "Adipose-derived cells after spinal cord injury",
    ]
    assert found.problems == [
        "refs.ris, record at line 8: it does not start with a TY (type) line",
        "refs.ris, record at line 12: it has no ER (end of record) line before line 16",
        "refs.ris, record at line 16: it has no title (TI or T1)",
    ]


def test_ris_with_only_broken_records_imports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bad.ris"
    path.write_text("TI  - no type\nER  - \n", encoding="utf-8")
    with pytest.raises(IntakeError, match=r"No reference in bad\.ris could be imported: bad\.ris, record at line 1"):
        read_article_file(path)


def test_text_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Stem cells\nin São Paulo".encode("latin-1"))
    with pytest.raises(IntakeError) as caught:
        read_article_file(path)
    assert str(caught.value).startswith("latin1.txt is not UTF-8 text: byte 15 (line 2) is 0xe3.")
    assert "Save it as UTF-8" in str(caught.value)


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(IntakeError, match=r"empty\.txt is empty"):
        read_article_file(empty)
    with pytest.raises(IntakeError, match=r"gone\.pdf cannot be read"):
        read_article_file(tmp_path / "gone.pdf")
    (tmp_path / "zero.pdf").write_bytes(b"")
    with pytest.raises(IntakeError, match=r"zero\.pdf is empty"):
        read_article_file(tmp_path / "zero.pdf")
