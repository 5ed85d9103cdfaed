"""Plain-text pieces shared by the writers: cell text, formula neutralising, labels."""

from __future__ import annotations

from ..domain.models import NOT_REPORTED
from .sheet import Cell, ClaimCell, Quote

#: A spreadsheet treats a cell starting with one of these as a formula (or as
#: the start of one, after a tab or carriage return).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

DISPUTED_LABEL = "DISPUTED: the sources differ"
NOTE_LABEL = "Reviewer's note"


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


def single_line(text: str) -> str:
    """Line breaks and tabs as spaces, for formats where a cell is one line."""
    return " ".join(text.split())
