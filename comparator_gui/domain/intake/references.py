"""Reference-manager exports: RIS (with rispy) and PubMed/MEDLINE .nbib (its
tagged format, read here). No Qt.

Each reference becomes one article: its title, authors, journal, date, DOI,
PMID and trial registry IDs, and as its text the title and the abstract,
verbatim. A record that is broken (no ``TY``, no ``ER``, no title) or has no
abstract to quote is named with its line and left out; the others import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .article import ArticleMetadata, ImportedArticle, Kind
from .metadata import merge_metadata, metadata_from_text

_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_NBIB_TAG = re.compile(r"^([A-Z][A-Z0-9 ]{0,3})- (.*)$")


@dataclass(frozen=True)
class References:
    articles: list[ImportedArticle]
    problems: list[str]  # one line per record left out, with its line number


def _article(path: Path, kind: Kind, title: str, abstract: str, meta: ArticleMetadata) -> ImportedArticle:
    text = f"{title}\n\n{abstract}\n"
    found = metadata_from_text(abstract)
    meta = merge_metadata(
        meta, ArticleMetadata(registry_ids=found.registry_ids, doi=found.doi, pmid=found.pmid)
    )
    return ImportedArticle(text=text, kind=kind, metadata=meta, origin=path)


def _first(record: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = record.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if value:
            return str(value).strip()
    return ""


def read_ris(path: Path, text: str) -> References:
    import rispy

    articles: list[ImportedArticle] = []
    problems: list[str] = []
    lines = text.splitlines()
    record: list[str] = []
    start = 0

    def finish(end_line: int, closed: bool) -> None:
        name = f"{path.name}, record at line {start}"
        if not record[0].startswith("TY  -"):
            problems.append(f"{name}: it does not start with a TY (type) line")
            return
        if not closed:
            problems.append(f"{name}: it has no ER (end of record) line before line {end_line}")
            return
        try:
            parsed = rispy.loads("\n".join([*record[:-1], "ER  - "]) + "\n")
        except Exception as exc:  # rispy raises bare IOError/ValueError on broken input
            problems.append(f"{name}: {exc}")
            return
        if not parsed:
            problems.append(f"{name}: nothing could be read from it")
            return
        ref = parsed[0]
        title = _first(ref, "title", "primary_title", "translated_title")
        abstract = _first(ref, "abstract", "notes_abstract")
        if not title:
            problems.append(f"{name}: it has no title (TI or T1)")
            return
        if not abstract:
            problems.append(f"{name} ({title[:60]}): it has no abstract to quote; import the article's full text instead")
            return
        pmid = _first(ref, "accession_number") if _first(ref, "name_of_database").lower().startswith("pubmed") else ""
        doi = _first(ref, "doi").removeprefix("https://doi.org/")
        meta = ArticleMetadata(
            title=title,
            authors=tuple(ref.get("authors") or ref.get("first_authors") or ()),
            published=_first(ref, "date", "year", "publication_year").rstrip("/") or None,
            url=_first(ref, "urls") or None,
            outlet=_first(ref, "journal_name", "secondary_title", "alternate_title3", "alternate_title1") or None,
            doi=doi or None,
            pmid=pmid if pmid.isdigit() else None,
        )
        articles.append(_article(path, "ris", title, abstract, meta))

    for number, line in enumerate(lines, start=1):
        if not line.strip() and not record:
            continue
        if line.startswith("TY  -") and record:
            finish(number, closed=False)
            record = []
        if not record:
            start = number
        record.append(line)
        if line.startswith("ER  -") or line.rstrip() == "ER  -":
            finish(number, closed=True)
            record = []
    if record and any(ln.strip() for ln in record):
        finish(len(lines) + 1, closed=False)
    return References(articles, problems)


def _nbib_records(text: str) -> list[tuple[int, list[tuple[str, str]]]]:
    records: list[tuple[int, list[tuple[str, str]]]] = []
    current: list[tuple[str, str]] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            if current:
                records.append((start, current))
                current = []
            continue
        match = _NBIB_TAG.match(line)
        if line.startswith("      ") and current:
            tag, value = current[-1]
            current[-1] = (tag, f"{value} {line.strip()}")
        elif match:
            if not current:
                start = number
            current.append((match.group(1).strip(), match.group(2).strip()))
        else:
            if not current:
                start = number
            current.append(("?", line))
    if current:
        records.append((start, current))
    return records


def read_nbib(path: Path, text: str) -> References:
    articles: list[ImportedArticle] = []
    problems: list[str] = []
    for start, fields in _nbib_records(text):
        name = f"{path.name}, record at line {start}"
        tags: dict[str, list[str]] = {}
        for tag, value in fields:
            tags.setdefault(tag, []).append(value)
        if "?" in tags:
            problems.append(f"{name}: a line is not in the MEDLINE tagged format ({tags['?'][0][:40]!r})")
            continue
        title = (tags.get("TI") or [""])[0]
        abstract = (tags.get("AB") or [""])[0]
        if "PMID" not in tags and not title:
            problems.append(f"{name}: it has neither a PMID nor a title")
            continue
        if not title:
            problems.append(f"{name}: it has no title (TI)")
            continue
        if not abstract:
            problems.append(f"{name} ({title[:60]}): it has no abstract to quote; import the article's full text instead")
            continue
        doi = next((v.split(" ")[0] for v in tags.get("LID", []) + tags.get("AID", []) if "[doi]" in v), None)
        registry = tuple(v.split("/")[-1] for v in tags.get("SI", []) if re.search(r"NCT\d{8}|ISRCTN|jRCT|UMIN", v))
        meta = ArticleMetadata(
            title=title,
            authors=tuple(tags.get("FAU") or tags.get("AU") or ()),
            published=(tags.get("DP") or [""])[0] or None,
            outlet=(tags.get("JT") or tags.get("TA") or [""])[0] or None,
            doi=doi,
            pmid=(tags.get("PMID") or [""])[0] or None,
            registry_ids=registry,
            url=f"https://pubmed.ncbi.nlm.nih.gov/{tags['PMID'][0]}/" if tags.get("PMID") else None,
        )
        articles.append(_article(path, "nbib", title, abstract, meta))
    return References(articles, problems)
