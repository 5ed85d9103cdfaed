"""What reading an article file gives: its text (the source, verbatim), the
metadata found in it, the parts that are boilerplate, and for a PDF where
each page's text lies. Every reader returns these; nothing else is shared.

Offsets are code points of ``text``, end exclusive, as everywhere in the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

#: The files an article can be imported from (``read.read_article_file``).
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".ris", ".nbib")

Kind = Literal["pdf", "html", "text", "markdown", "ris", "nbib", "pasted"]


class IntakeError(ValueError):
    """An article that cannot be imported; the message says why and what to do."""


@dataclass(frozen=True)
class ArticleMetadata:
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO date or year, as the article gives it
    url: str | None = None
    outlet: str | None = None  # journal, site or newspaper
    doi: str | None = None
    pmid: str | None = None
    registry_ids: tuple[str, ...] = ()  # NCT…, jRCT…, UMIN…, ISRCTN…


@dataclass(frozen=True)
class PageSpan:
    """Where one PDF page's text lies in ``ImportedArticle.text``."""

    page: int  # 0-based
    start: int
    end: int


@dataclass(frozen=True)
class ImportedArticle:
    text: str
    kind: Kind
    metadata: ArticleMetadata = field(default_factory=ArticleMetadata)
    #: Spans of navigation, ads, related headlines, newsletter boxes, comments:
    #: kept in the text (verbatim), dimmed in the pane, skipped by suggestions.
    boilerplate: tuple[tuple[int, int], ...] = ()
    #: For a PDF: each page's span of ``text``.
    pages: tuple[PageSpan, ...] = ()
    #: The file read (a PDF is kept beside its text), or None for pasted text.
    origin: Path | None = None

    def in_boilerplate(self, start: int, end: int) -> bool:
        """True when ``start:end`` overlaps a boilerplate span."""
        return any(b_start < end and start < b_end for b_start, b_end in self.boilerplate)
