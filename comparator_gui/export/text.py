"""Plain-text pieces shared by the writers: formula neutralising, the sources
list, single lines. A cell's own words (value, status, quotes, citations,
notes) come from ``domain.cell``."""

from __future__ import annotations

from .sheet import SourceRef

#: A spreadsheet treats a cell starting with one of these as a formula (or as
#: the start of one, after a tab or carriage return).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

SOURCE_NOTE_LABEL = "Note"

_TERMINAL = (".", "?", "!", "…", ".”", "?”", "!”", ".\"", "?\"", "!\"")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def neutralise(text: str) -> str:
    """``'=1+1`` for ``=1+1``: a leading apostrophe makes a spreadsheet keep it as text (OWASP)."""
    return "'" + text if is_formula_like(text) else text


def sentence(text: str) -> str:
    """``text`` ending in a full stop, unless it already ends a sentence (``?``, ``!``, ``.``)."""
    text = text.strip()
    return text if not text or text.endswith(_TERMINAL) else text + "."


def source_sentences(source: SourceRef) -> list[str]:
    """A source for the sources list, each piece once, each a sentence: title (or
    "untitled"), "By" author, outlet, date, kind of publication and peer review, then the library's note. The URL is
    left to the writer (it ends the entry, without a full stop, so it stays a clean link)."""
    parts = [sentence(source.display_title)]
    if source.author:
        parts.append(sentence(f"By {source.author}"))
    parts += [sentence(part) for part in (source.outlet, source.published, source.kind) if part]
    if source.note:
        parts.append(sentence(f"{SOURCE_NOTE_LABEL}: {source.note}"))
    return parts


def source_text(source: SourceRef) -> str:
    """``source_sentences`` and the URL as one line of plain text."""
    return " ".join([*source_sentences(source), *([source.url] if source.url else [])])


def single_line(text: str) -> str:
    """Line breaks and tabs as spaces, for formats where a cell is one line."""
    return " ".join(text.split())
