"""Markdown (GitHub flavour): the comparison as a table, each quote as a
numbered footnote, then the sources. Record text is escaped so that it cannot
open HTML tags, links, emphasis or table cells.

A value's footnote markers are separated by commas: GitHub and pandoc render
markers side by side as one run of superscripts ("Takahashi⁴⁵⁶⁷" for four
quotes). The footnotes' definitions end the file under no heading of their
own: renderers move them to the foot of the page, which left an "Evidence"
heading standing empty."""

from __future__ import annotations

import re
from pathlib import Path

from ..domain.cell import DISPUTED_LABEL, NOT_REPORTED, NOTE_LABEL, QuotePresentation
from .files import Ticker, atomic_write_bytes
from .sheet import LEVELS_HEADING, Cell, Header, Progress, Sheet
from .text import single_line, source_sentences

_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")
#: ``<`` that could open a tag, comment, declaration or autolink.
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
#: ``&`` that would be read as a character reference (``&amp;``, ``&#60;``).
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)")


def md(text: str) -> str:
    """One line of inert Markdown that still reads as plain text: emphasis, code,
    link, table and math characters backslash-escaped; ``<`` as ``&lt;`` only where
    it could open a tag, ``&`` as ``&amp;`` only where it would start a character
    reference. So "Bone & Joint" and "p < 0.05" stay as they are. Never placed at a
    line start."""
    flat = _SPECIAL.sub(r"\\\1", single_line(text))
    flat = _ENTITY.sub("&amp;", flat)
    return _TAG_OPEN.sub("&lt;", flat)


def _head(header: Header) -> str:
    return f"**{md(header.label)}**<br>{md(header.detail)}" if header.detail else f"**{md(header.label)}**"


class _Notes:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, quote: QuotePresentation) -> str:
        self.lines.append(f"[^{len(self.lines) + 1}]: {md(quote.quoted)} ({md(quote.citation)})")
        return f"[^{len(self.lines)}]"


def _cell(cell: Cell, notes: _Notes) -> str:
    if not cell.reported:
        parts = [f"*{md(NOT_REPORTED)}*"]
    else:
        parts = [f"**{md(DISPUTED_LABEL)}**"] if cell.disputed else []
    # A field not reported may still hold quotes: the words that say it is not
    # given, or a quoted note. They keep their footnotes like any value's.
    for claim in cell.claims:
        marks = ", ".join(notes.add(quote) for quote in claim.quotes)
        parts.append(f"{claim.prefix}{md(claim.labelled_value)}{marks}")
        if claim.note:
            parts.append(_note(claim.note))
    if cell.note:
        parts.append(_note(cell.note))
    return "<br>".join(parts)


def _note(text: str) -> str:
    """A reviewer's note, on its own line of the cell, the same way everywhere."""
    return f"*{md(NOTE_LABEL)}:* {md(text)}"


def markdown_text(sheet: Sheet, *, progress: Progress | None = None) -> str:
    ticker = Ticker(progress, len(sheet.rows) + 1)
    notes = _Notes()
    lines = [
        f"# {md(sheet.library_name)}",
        "",
        md(sheet.byline),
        "",
        "| " + " | ".join([md(sheet.corner), *(_head(h) for h in sheet.columns)]) + " |",
        "|" + "---|" * (len(sheet.columns) + 1),
    ]
    for row in sheet.rows:
        cells = [f"**{md(row.header.label)}**", *(_cell(cell, notes) for cell in row.cells)]
        lines.append("| " + " | ".join(cells) + " |")
        ticker.step()
    lines += ["", "## Sources", ""]
    for source in sheet.sources:
        bits = [md(part) for part in source_sentences(source)]
        if source.url.startswith(("https://", "http://")) and not re.search(r"[\s<>]", source.url):
            bits.append(f"<{source.url}>")
        elif source.url:
            bits.append(md(source.url))
        lines.append(f"{source.number}. {' '.join(bits)}")
    if sheet.legend:
        *levels, note = sheet.legend
        lines += ["", f"## {LEVELS_HEADING}", "", *(f"- {md(line)}" for line in levels), "", md(note)]
    lines += ["", *notes.lines, ""]
    ticker.finish()
    return "\n".join(lines)


def write_markdown(sheet: Sheet, output: Path, *, progress: Progress | None = None) -> Path:
    atomic_write_bytes(output, markdown_text(sheet, progress=progress).encode("utf-8"))
    return output
