"""Metadata found in an article's own words: DOI, PMID, trial registry IDs,
a dateline or "Published" date, a URL, a byline, an outlet. No Qt.

Only what the text states is taken, as it states it; nothing is guessed from
elsewhere. ``merge_metadata`` fills each empty field from the next reader.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace

from .article import ArticleMetadata

_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_PMID = re.compile(r"\bPMID:?\s*(\d{5,9})\b")
_REGISTRY = re.compile(
    r"\b(NCT\d{8}|jRCT[a-z]?\d{7,10}|UMIN\d{9}|ISRCTN\d{8}|ChiCTR[-\w]*\d{6,}|ACTRN\d{14}|"
    r"EudraCT\s?(?:No\.?\s?)?\d{4}-\d{6}-\d{2}|CTRI/\d{4}/\d{2,3}/\d{6}|DRKS\d{8}|KCT\d{7})\b"
)
_URL = re.compile(r"\bhttps?://[^\s<>\"')\]]+")
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?"
)
_DATE = (
    rf"(?:(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
)
_DATED = re.compile(
    rf"(?:published(?:\s+online)?|posted|updated|date|accepted|received|released)\s*(?:on)?\s*:?\s*({_DATE})",
    re.IGNORECASE,
)
_ANY_DATE = re.compile(_DATE)
_BYLINE = re.compile(r"^\s*(?:By|Written by|Author(?:s)?:)\s+([A-Z][^\n]{2,120})$", re.MULTILINE)
_OUTLET = re.compile(r"^\s*(?:Source|Outlet|Journal|Published in):\s*([^\n]{2,100})$", re.MULTILINE | re.IGNORECASE)
_TITLE_LINE = re.compile(r"^\s*(?:Title:\s*)?(.{10,300}?)\s*$", re.MULTILINE)


def _clean_doi(doi: str) -> str:
    return doi.rstrip(".,;:)]}")


def split_authors(text: str) -> tuple[str, ...]:
    """'A. Smith, B. Jones and C. Lee' → each name; trailing affiliations markers dropped."""
    text = re.sub(r"\s*[\d*†‡§]+(?=,|$|\s+and\b)", "", text.strip())
    parts = re.split(r";|,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", text)
    return tuple(p.strip() for p in parts if p.strip() and len(p.strip()) > 1)


def metadata_from_text(text: str, head: int = 4000) -> ArticleMetadata:
    """What the article's text says about itself (its first ``head`` characters for
    dates, bylines and titles; the whole text for identifiers)."""
    top = text[:head]
    doi = _DOI.search(top) or _DOI.search(text)
    pmid = _PMID.search(text)
    registry: list[str] = []
    for match in _REGISTRY.finditer(text):
        if match.group(1) not in registry:
            registry.append(match.group(1))
    url = _URL.search(top)
    dated = _DATED.search(top)
    date = dated.group(1) if dated else None
    if date is None and (first := _ANY_DATE.search(text[:800])):
        date = first.group(0)
    byline = _BYLINE.search(top)
    outlet = _OUTLET.search(top)
    title = None
    for match in _TITLE_LINE.finditer(top[:1500]):
        candidate = match.group(1).strip().lstrip("#").strip()
        if candidate and not _URL.fullmatch(candidate) and not re.match(r"(?i)(by|published|source)\b", candidate):
            title = candidate
            break
    return ArticleMetadata(
        title=title,
        authors=split_authors(byline.group(1)) if byline else (),
        published=date,
        url=url.group(0).rstrip(".,;") if url else None,
        outlet=outlet.group(1).strip() if outlet else None,
        doi=_clean_doi(doi.group(1)) if doi else None,
        pmid=pmid.group(1) if pmid else None,
        registry_ids=tuple(registry),
    )


def merge_metadata(*found: ArticleMetadata) -> ArticleMetadata:
    """The first non-empty value of each field, readers in order of trust."""
    merged = ArticleMetadata()
    for meta in found:
        changes = {
            f.name: getattr(meta, f.name)
            for f in fields(ArticleMetadata)
            if not getattr(merged, f.name) and getattr(meta, f.name)
        }
        if changes:
            merged = replace(merged, **changes)
    return merged


def pdf_date(value: str) -> str | None:
    """PDF's ``D:20240403120000+09'00'`` → ``2024-04-03`` (or the year alone)."""
    match = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    return "-".join(p for p in (year, month, day) if p)
