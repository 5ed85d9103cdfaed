"""A web page: its whole readable text, verbatim as the app has always kept it
(``domain/importing.py: html_to_text``), with the boilerplate marked. No Qt.

trafilatura finds the page's main text; every line of the readable text that
is not part of it (navigation, ads, related headlines, newsletter boxes,
comments) becomes a boilerplate span of the verbatim text. The metadata comes
from trafilatura's reading of the page (title, date, canonical URL, site name,
authors) and the page's meta tags.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from ..importing import html_to_text
from .article import ArticleMetadata, ImportedArticle, IntakeError
from .metadata import merge_metadata, metadata_from_text, split_authors

# trafilatura logs pages it finds too short at WARNING; the message to the
# reviewer is ours.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def main_text(markup: str) -> str | None:
    """What trafilatura keeps as the page's main text (comments left out)."""
    import trafilatura

    return trafilatura.extract(
        markup, include_comments=False, include_tables=True, favor_precision=False, deduplicate=False, fast=True
    )


def boilerplate_spans(text: str, main: str | None) -> tuple[tuple[int, int], ...]:
    """Spans of ``text``'s lines that the main text does not hold, merged where
    only blank lines lie between them. No main text: nothing is marked."""
    if not main or not main.strip():
        return ()
    body = _norm(main)
    spans: list[tuple[int, int]] = []
    cursor = 0
    offset = 0
    for line in text.splitlines(keepends=True):
        start, stripped = offset, line.strip()
        offset += len(line)
        if not stripped:
            continue
        needle = _norm(stripped)
        found = body.find(needle, cursor)
        if found < 0 and len(needle) > 60:  # trafilatura may retouch a long line's end
            found = body.find(needle[:60], cursor)
        if found >= 0:
            cursor = found + min(len(needle), 60)
            continue
        lead = len(line) - len(line.lstrip())
        begin, end = start + lead, start + lead + len(stripped)
        if spans and not text[spans[-1][1] : begin].strip():
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((begin, end))
    return tuple(spans)


def _meta_tags(markup: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    for match in re.finditer(r"<(meta|link)\b[^>]*>", markup, re.IGNORECASE):
        tag = match.group(0)
        key = re.search(r"\b(?:name|property|rel|itemprop)\s*=\s*[\"']([^\"']+)", tag, re.IGNORECASE)
        value = re.search(r"\b(?:content|href)\s*=\s*[\"']([^\"']*)", tag, re.IGNORECASE)
        if key and value:
            tags.setdefault(key.group(1).lower(), value.group(1).strip())
    return tags


def page_metadata(markup: str, title: str) -> ArticleMetadata:
    import trafilatura

    tags = _meta_tags(markup)
    found = trafilatura.extract_metadata(markup)
    authors = split_authors(found.author.replace(";", ",")) if found is not None and found.author else ()
    if not authors and (tags.get("author") or tags.get("citation_author")):
        authors = split_authors(tags.get("author") or tags.get("citation_author") or "")
    traf = ArticleMetadata(
        title=(found.title if found is not None else None) or None,
        authors=authors,
        published=(found.date if found is not None else None) or None,
        url=(found.url if found is not None else None) or tags.get("canonical") or tags.get("og:url"),
        outlet=(found.sitename if found is not None else None) or tags.get("og:site_name"),
    )
    doi = tags.get("citation_doi") or tags.get("dc.identifier")
    from_tags = ArticleMetadata(
        title=tags.get("citation_title") or tags.get("og:title") or title or None,
        published=tags.get("article:published_time") or tags.get("citation_publication_date"),
        outlet=tags.get("citation_journal_title"),
        doi=doi.removeprefix("doi:") if doi and doi.lower().removeprefix("doi:").startswith("10.") else None,
    )
    return merge_metadata(traf, from_tags)


def read_html(path: Path, markup: str) -> ImportedArticle:
    text, title = html_to_text(markup)
    if not text.strip():
        raise IntakeError(
            f"{Path(path).name} has no readable text: the page holds only markup, scripts or images "
            "(it may need a browser to build it). Save the page's text, or paste it."
        )
    meta = merge_metadata(page_metadata(markup, title), metadata_from_text(text))
    return ImportedArticle(
        text=text, kind="html", metadata=meta, boilerplate=boilerplate_spans(text, main_text(markup)), origin=Path(path)
    )
