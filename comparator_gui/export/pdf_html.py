"""The PDF's words as Qt rich text: sizes, colours, a cell's paragraphs, the
intro and the sources list. No Qt here (``export.pdf`` lays this out), so it
can be read and tested without a display.

Everything from a record is escaped before it reaches Qt's rich-text importer.
Body text is at least 9 pt; only http(s) URLs become links (Qt's PDF engine
writes each ``<a href>`` as a clickable link annotation).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from html import escape

from ..domain.cell import DISPUTED_LABEL, NOT_REPORTED
from .sheet import LEVELS_HEADING, Cell, Sheet, SourceRef
from .text import source_sentences

RESOLUTION = 300  # device units per inch
#: The value's size; quotes, citations and notes are smaller but never under ``MIN_PT``.
BASE_PT = 10.0
MIN_PT = 9.0

COLORS = {
    "ink": "#1d232b", "muted": "#4a5360", "header": "#dde4ee", "rowhead": "#f1f3f6",
    "disputed": "#fdf1d6", "disputed_ink": "#8a4b00", "border": "#9aa6b5", "quote": "#2f3a47",
    "link": "#1f4e8c", "section": "#e8ecf2",
}


def latin(text: str) -> bool:
    """Italic only for Latin text: the oblique faces of common fonts (DejaVu) have
    no Arabic glyphs, and Qt's fallback then draws boxes instead of letters."""
    return all(ord(ch) < 0x250 or 0x2000 <= ord(ch) < 0x2070 for ch in text)


def pt(points: float) -> float:
    """Points in device units: the layout's paint device is the PDF writer."""
    return points * RESOLUTION / 72.0


def web_url(url: str) -> bool:
    return url.startswith(("https://", "http://"))


def span(text: str, *, size: float = BASE_PT, bold: bool = False, italic: bool = False,
         color: str = "ink", href: str = "") -> str:
    style = (
        f"font-size:{size:g}pt; font-weight:{700 if bold else 400}; "
        f"font-style:{'italic' if italic else 'normal'}; color:{COLORS[color]}"
    )
    inner = f'<span style="{style}">{escape(text, quote=True)}</span>'
    if href and web_url(href):
        # Coloured, not underlined (as journals set their citation links): an underline
        # under every citation made the cells hard to read.
        style = f"font-size:{size:g}pt; color:{COLORS['link']}; text-decoration:none"
        return f'<a href="{escape(href, quote=True)}" style="{style}"><span style="{style}">{escape(text, quote=True)}</span></a>'
    return inner


def para(inner: str, *, before: float = 0.0, indent: float = 0.0) -> str:
    return (
        f'<p style="margin-top:{pt(before):.0f}px; margin-bottom:0px; '
        f'margin-left:{pt(indent):.0f}px">{inner}</p>'
    )


@dataclass(frozen=True)
class Block:
    """One paragraph of a cell: where a row may be split between pages."""

    text: str
    size: float = BASE_PT
    bold: bool = False
    italic: bool = False
    color: str = "ink"
    before: float = 0.0
    indent: float = 0.0
    #: A page break may not come just before this paragraph (a citation stays with its quote).
    keep_with_previous: bool = False
    #: The paragraph links here (a citation to its source's web page).
    href: str = ""

    @cached_property
    def html(self) -> str:  # cached: a paragraph is measured several times while paginating
        inner = span(self.text, size=self.size, bold=self.bold, italic=self.italic, color=self.color,
                     href=self.href)
        return para(inner, before=self.before, indent=self.indent)

    def halves(self) -> tuple[Block, Block] | None:
        """The paragraph cut in two near its middle (at a space when there is one),
        for a paragraph too tall for a page; None when it cannot be cut."""
        if len(self.text) < 2:
            return None
        middle = len(self.text) // 2
        cut = self.text.rfind(" ", 0, middle + 1)
        if cut <= 0:
            cut = self.text.find(" ", middle)
        if cut <= 0:
            cut = middle
        head, tail = self.text[:cut].rstrip(), self.text[cut:].lstrip()
        if not head or not tail:
            head, tail = self.text[:middle], self.text[middle:]
        return replace(self, text=head), replace(self, text=tail, before=0.0, keep_with_previous=False)


def cell_blocks(cell: Cell, sheet: Sheet | None = None) -> tuple[Block, ...]:
    """A cell's paragraphs, its words as ``domain.cell`` presents them: the status
    when it is not a plain value, each claim with its quotes and their citations
    (linked to the source's web page when it has one), then the notes."""
    parts: list[Block] = []
    if not cell.reported:
        parts.append(Block(NOT_REPORTED, italic=True, color="muted"))
    if cell.disputed:
        parts.append(Block(DISPUTED_LABEL, bold=True, color="disputed_ink"))
    for index, claim in enumerate(cell.claims):
        parts.append(Block(claim.title, bold=True, before=3 if index else 0))
        for quote in claim.quotes:
            source = sheet.source_of(quote) if sheet is not None else None
            parts.append(Block(quote.quoted, size=BASE_PT - 0.5, italic=latin(quote.text), color="quote",
                               before=2, indent=6))
            parts.append(Block(quote.citation, size=MIN_PT, color="muted", indent=6, keep_with_previous=True,
                               href=source.url if source is not None else ""))
        if claim.note_text:
            parts.append(Block(claim.note_text, size=MIN_PT, color="muted", before=2))
    if cell.note_text:
        parts.append(Block(cell.note_text, size=MIN_PT, color="muted", before=2))
    return tuple(parts)


def intro(sheet: Sheet, what: str) -> str:
    """The library's name, the byline and a sentence on how to read the pages."""
    return (
        para(span(sheet.library_name, size=15, bold=True))
        + para(span(sheet.byline, size=MIN_PT, color="muted"), before=2)
        + para(span(what, size=MIN_PT, color="muted"), before=2)
    )


def source_entry(source: SourceRef) -> str:
    words = span(f"{source.tag} " + " ".join(source_sentences(source)), size=MIN_PT)
    link = ""
    if source.url:
        link = " " + span(source.url, size=MIN_PT, color="link" if web_url(source.url) else "ink", href=source.url)
    return para(words + link, before=2)


def sources_html(sheet: Sheet) -> str:
    """The list of sources, then the legend of the evidence levels the studies have."""
    html = para(span("Sources", size=12, bold=True)) + "".join(source_entry(s) for s in sheet.sources)
    if sheet.legend:
        *levels, note = sheet.legend
        html += para(span(LEVELS_HEADING, size=12, bold=True), before=8)
        html += "".join(para(span(line, size=MIN_PT), before=2) for line in levels)
        html += para(span(note, size=MIN_PT, color="muted"), before=4)
    return html
