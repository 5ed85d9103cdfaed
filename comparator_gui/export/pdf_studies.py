"""The PDF's per-study layout: one table per study, as Qt rich text.

Each study's table starts with its heading (short title, evidence level,
institution) as a header row, which Qt repeats on each page the study runs
onto; then its fields under their sections (design and level, participants,
intervention, outcomes, safety, notes), a label column and a value column.
The whole layout is one document that Qt paginates: a row that does not fit
in the rest of a page goes on on the next, line by line, so no page is left
half empty. No Qt here: ``export.pdf`` lays the document out.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..domain.cell import DISPUTED_LABEL
from .layout import StudyBlock, study_blocks
from .pdf_html import COLORS, MIN_PT, RESOLUTION, cell_blocks, intro, para, pt, sources_html, span
from .sheet import Cell, Sheet

LABEL_WIDTH = 20  # per cent of the page


def _intro(sheet: Sheet) -> str:
    text = (
        f"One table per study ({len(sheet.studies):,} studies), its heading giving the evidence level; "
        "under each value, the source's own words and where they stand in it. "
        f"Amber cells: {DISPUTED_LABEL.lower()}."
    )
    return intro(sheet, text)


def _row(cell: Cell, sheet: Sheet, section: str = "") -> str:
    shade = f' bgcolor="{COLORS["disputed"]}"' if cell.disputed else ""
    label = para(span(section.upper(), size=MIN_PT, bold=True, color="muted")) if section else ""
    label += para(span(cell.field.label, bold=True), before=2 if section else 0)
    blocks = "".join(block.html for block in cell_blocks(cell, sheet))
    return (
        f'<tr><td width="{LABEL_WIDTH}%" bgcolor="{COLORS["rowhead"]}">{label}</td>'
        f"<td{shade}>{blocks}</td></tr>"
    )


def study_table(block: StudyBlock, sheet: Sheet, *, margin_top: float = 10.0) -> str:
    """One study's table; ``margin_top`` in device units' points (see ``pt``)."""
    study = block.study
    heading = para(span(block.heading, size=12, bold=True))
    detail = " · ".join(part for part in (study.institution, study.id) if part)
    sub = para(span(detail, size=MIN_PT, color="muted"), before=1) if detail else ""
    rows: list[str] = []
    for section in block.sections:
        # The section's name heads its first field's label: a row of its own could
        # be left alone at the foot of a page.
        rows.extend(_row(cell, sheet, section.title if index == 0 else "") for index, cell in enumerate(section.cells))
    return (
        f'<table width="100%" cellspacing="0" cellpadding="{pt(3.5):.0f}" border="{pt(0.6):.1f}" '
        f'style="border-collapse:collapse; border-style:solid; border-color:{COLORS["border"]}; '
        f'margin-top:{pt(margin_top):.0f}px">'
        f'<thead><tr><th colspan="2" align="left" bgcolor="{COLORS["header"]}">{heading}{sub}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


#: Studies per document. Qt lays a document out and draws each of its pages in
#: time that grows with the whole document, so one document of 1,000 studies
#: took minutes; documents of this many studies, each starting on the page where
#: the one before ends, keep it linear.
CHUNK = 20


def chunks(sheet: Sheet) -> Iterator[tuple[str, list[StudyBlock], str]]:
    """The document in pieces: (what goes before the studies, the studies, what goes after)."""
    blocks = study_blocks(sheet)
    for start in range(0, max(len(blocks), 1), CHUNK):
        before = _intro(sheet) if start == 0 else ""
        after = ""
        if start + CHUNK >= len(blocks):
            after = f'<div style="margin-top:{pt(12):.0f}px">{sources_html(sheet)}</div>'
        yield before, blocks[start : start + CHUNK], after


#: The name of a transparent image ``export.pdf`` registers with each piece's
#: document: a spacer as tall as the part of the page the piece before used.
SPACER = "spacer"


def spaced(offset: float, content: str) -> str:
    """A document whose first page starts ``offset`` device units down, so that
    it goes on where the page before it ends (a spacer image: Qt keeps an image
    whole, where it may carry a margin over to the next page)."""
    # An image's height is in CSS pixels (96 an inch), which Qt scales to the device.
    height = offset * 96.0 / RESOLUTION
    spacer = (f'<p style="margin:0px; line-height:100%"><img src="{SPACER}" width="1" height="{height:.3f}"></p>'
              if offset > 0 else "")
    return "<html><body>" + spacer + content + "</body></html>"


def chunk_html(before: str, blocks: list[StudyBlock], after: str, sheet: Sheet, *, offset: float) -> str:
    """A piece of the per-study document, starting ``offset`` down its first page."""
    return spaced(offset, before + "".join(study_table(block, sheet) for block in blocks) + after)
