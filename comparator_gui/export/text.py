"""Plain-text pieces shared by the writers: cell text, formula neutralising, labels."""

from __future__ import annotations

from ..domain.models import NOT_REPORTED
from .sheet import Cell, ClaimCell, Quote, SourceRef

#: A spreadsheet treats a cell starting with one of these as a formula (or as
#: the start of one, after a tab or carriage return).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

DISPUTED_LABEL = "DISPUTED: the sources differ"
NOTE_LABEL = "Reviewer's note"
SOURCE_NOTE_LABEL = "Note"

_TERMINAL = (".", "?", "!", "…", ".”", "?”", "!”", ".\"", "?\"", "!\"")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def neutralise(text: str) -> str:
    """``'=1+1`` for ``=1+1``: a leading apostrophe makes a spreadsheet keep it as text (OWASP)."""
    return "'" + text if is_formula_like(text) else text


def quoted(quote: Quote) -> str:
    return f"“{quote.text}”"


def quote_line(quote: Quote) -> str:
    return f"{quoted(quote)} ({quote.citation})"


def claim_title(cell: Cell, number: int, claim: ClaimCell) -> str:
    return f"Claim {number}: {claim.value}" if cell.disputed else claim.value


def cell_text(cell: Cell) -> str:
    """The whole cell as plain text: value, then each quote with its citation."""
    lines: list[str] = []
    if not cell.reported:
        lines.append(NOT_REPORTED)
    if cell.disputed:
        lines.append(DISPUTED_LABEL)
    for number, claim in enumerate(cell.claims, start=1):
        lines.append(claim_title(cell, number, claim))
        lines.extend(quote_line(quote) for quote in claim.quotes)
        if claim.note:
            lines.append(f"{NOTE_LABEL}: {claim.note}")
    if cell.note:
        lines.append(f"{NOTE_LABEL}: {cell.note}")
    return "\n".join(lines)


def evidence_note(cell: Cell, number: int | None, claim: ClaimCell | None) -> str:
    """The reviewer's notes that bear on one row of the evidence table: the
    claim's note, then the field's, each labelled as the reviewer's."""
    lines = []
    if claim is not None and claim.note:
        label = f"{NOTE_LABEL} on claim {number}" if cell.disputed else NOTE_LABEL
        lines.append(f"{label}: {claim.note}")
    if cell.note:
        label = f"{NOTE_LABEL} on the field" if cell.disputed else NOTE_LABEL
        lines.append(f"{label}: {cell.note}")
    return "\n".join(lines)


def sentence(text: str) -> str:
    """``text`` ending in a full stop, unless it already ends a sentence (``?``, ``!``, ``.``)."""
    text = text.strip()
    return text if not text or text.endswith(_TERMINAL) else text + "."


def source_sentences(source: SourceRef) -> list[str]:
    """A source for the sources list, each piece once, each a sentence: title (or
    "untitled"), "By" author, outlet, date, then the library's note. The URL is
    left to the writer (it ends the entry, without a full stop, so it stays a clean link)."""
    parts = [sentence(source.display_title)]
    if source.author:
        parts.append(sentence(f"By {source.author}"))
    parts += [sentence(part) for part in (source.outlet, source.published) if part]
    if source.note:
        parts.append(sentence(f"{SOURCE_NOTE_LABEL}: {source.note}"))
    return parts


def source_text(source: SourceRef) -> str:
    """``source_sentences`` and the URL as one line of plain text."""
    return " ".join([*source_sentences(source), *([source.url] if source.url else [])])


def single_line(text: str) -> str:
    """Line breaks and tabs as spaces, for formats where a cell is one line."""
    return " ".join(text.split())
