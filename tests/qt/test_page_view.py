"""The PDF page view draws each quote's highlight over its characters: the
rectangles are pypdfium2's boxes of the quoted code points' page characters."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from comparator_gui.domain.intake.pdf import read_pdf_text
from comparator_gui.widgets.sources.page_view import MARGIN, PageView

from ..domain.test_intake_pdf import two_column_pdf


def test_highlight_rectangles_cover_the_quoted_characters(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = two_column_pdf(tmp_path)
    read = read_pdf_text(pdf)
    text = read.article.text
    quote = "treatment was given to four patients"
    start = text.index(quote)
    view = PageView()
    qtbot.addWidget(view)
    view.resize(900, 800)
    view.show_pdf(pdf, text, [(start, start + len(quote), "subjects")], "subjects")
    assert view.reading and len(view.pages) == 1 and view.rects == {0: []}  # the pages at once, the highlights once read
    assert view.wait_until_read()
    scale = view.scale
    assert abs(scale * 612 - (view.viewport().width() - MARGIN)) < 0.5  # the page fits the view's width
    assert view.message == "" and len(view.pages) == 1
    rects = view.rects[0]
    document = pdfium.PdfDocument(str(pdf))
    page = document[0]
    textpage = page.get_textpage()
    height = page.get_height()
    indexes = sorted({i for p, i in read.chars[start : start + len(quote)] if p == 0})
    assert len(rects) == len(indexes) > len(quote.replace(" ", ""))  # the quoted letters and the spaces between
    expected = sorted(
        (round(b[0] * scale, 3), round((height - b[3]) * scale, 3))
        for b in (textpage.get_charbox(i) for i in indexes)
    )
    assert sorted((round(r.x(), 3), round(r.y(), 3)) for r in rects) == expected
    assert "".join(textpage.get_text_range(i, 1) for i in indexes).replace(" ", "") == quote.replace(" ", "")
    view.grab().save(str(tmp_path / "page-view.png"))


def test_text_that_is_no_longer_the_pdfs_draws_no_highlight(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = two_column_pdf(tmp_path)
    view = PageView()
    qtbot.addWidget(view)
    view.show_pdf(pdf, "another text", [(0, 5, "subjects")], "subjects")
    assert view.wait_until_read()
    assert view.rects == {0: []}
    assert view.message == "The source text is no longer the PDF's: its highlights cannot be placed."


def test_a_long_pdf_shows_its_pages_at_once_and_its_highlights_once_read(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The PDF's text is read on a worker thread: the window goes on meanwhile,
    and only the pages in view are rendered."""
    from tests.domain.pdf_samples import column_lines, make_pdf

    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(make_pdf([column_lines(56, 740, [f"Page {n + 1} of the trial report."] * 30) for n in range(60)]))
    text = read_pdf_text(pdf).article.text
    start = text.index("Page 45 ")
    view = PageView()
    qtbot.addWidget(view)
    view.resize(600, 800)
    view.show()
    view.show_pdf(pdf, text, [(start, start + 7, "subjects")], "subjects")
    assert view.reading and len(view.pages) == 60 and len(view.rendered) <= 4
    # show_pdf returned with the text still being read (view.reading, above):
    # the read runs on its own thread and the UI thread only polls for it, so
    # the window is not blocked. How many timer ticks fit in the read depends
    # on how busy this two-core machine is, so no count is asserted.
    assert view.wait_until_read()
    assert view.message == "" and [p for p, r in view.rects.items() if r] == [44]
    assert view.scroll_to_selected() and view.current_page() == 44 and 44 in view.rendered
