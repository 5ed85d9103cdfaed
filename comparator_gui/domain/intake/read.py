"""Reading any article file the app takes: the one entry point. No Qt.

``read_articles`` gives the articles and, for a RIS or .nbib file, a line per
reference left out; ``read_article_file`` gives the articles alone. Both raise
``IntakeError`` with a message for the reviewer when nothing can be imported,
so a file is imported whole or not at all (references: each whole or not at all).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..reading import MAX_SOURCE_BYTES, decode_source
from .article import ArticleMetadata, ImportedArticle, IntakeError, Kind
from .metadata import merge_metadata, metadata_from_text
from .pdf import Cancelled, Progress, read_pdf
from .references import read_nbib, read_ris
from .web import read_html

MAX_PDF_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Intake:
    articles: list[ImportedArticle]
    #: References left out of a RIS/.nbib file, one line each, with its line number.
    problems: list[str] = field(default_factory=list)


def _decode(path: Path, raw: bytes) -> str:
    try:
        return decode_source(raw)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise IntakeError(
            f"{path.name} is not UTF-8 text: byte {exc.start} (line {line}) is 0x{raw[exc.start]:02x}. "
            "Save it as UTF-8 (for example with your editor's \"Save with encoding\") and import it again."
        ) from None


def _kind(path: Path, raw: bytes) -> Kind:
    if raw.lstrip()[:5] == b"%PDF-":
        return "pdf"
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return "pdf"
    if suffix in (".html", ".htm"):
        return "html"
    if suffix == ".ris":
        return "ris"
    if suffix == ".nbib":
        return "nbib"
    if suffix in (".md", ".markdown"):
        return "markdown"
    return "text"


def read_text_article(text: str, kind: Kind, origin: Path | None) -> ImportedArticle:
    """Plain text, Markdown or pasted text: kept as it is, metadata from its words."""
    if not text.strip():
        name = origin.name if origin else "The pasted text"
        raise IntakeError(f"{name} is empty: there is no text to import.")
    if "\x00" in text:
        raise IntakeError(f"{origin.name if origin else 'The text'} contains NUL characters: it is not plain text.")
    return ImportedArticle(text=text, kind=kind, metadata=metadata_from_text(text), origin=origin)


def read_articles(path: Path, progress: Progress | None = None, cancelled: Cancelled | None = None) -> Intake:
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise IntakeError(f"{path.name} is a folder, not an article file.")
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise IntakeError(f"{path.name} cannot be read: {exc.strerror or exc}") from None
    kind = _kind(path, head)
    limit = MAX_PDF_BYTES if kind == "pdf" else MAX_SOURCE_BYTES
    if size > limit:
        raise IntakeError(f"{path.name} is {size:,} bytes, over the {limit:,}-byte limit for a source.")
    if kind == "pdf":
        if size == 0:
            raise IntakeError(f"{path.name} is empty (0 bytes): not a readable PDF.")
        return Intake([read_pdf(path, progress, cancelled)])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IntakeError(f"{path.name} cannot be read: {exc.strerror or exc}") from None
    text = _decode(path, raw)
    if kind == "html":
        return Intake([read_html(path, text)])
    if kind in ("ris", "nbib"):
        found = read_ris(path, text) if kind == "ris" else read_nbib(path, text)
        if not found.articles:
            detail = "; ".join(found.problems) if found.problems else "it holds no references"
            raise IntakeError(f"No reference in {path.name} could be imported: {detail}")
        return Intake(found.articles, found.problems)
    article = read_text_article(text, kind, path)
    return Intake([article])


def read_article_file(
    path: Path, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> list[ImportedArticle]:
    """The articles in ``path`` (several for a RIS/.nbib file); raises ``IntakeError``."""
    return read_articles(path, progress, cancelled).articles


def with_metadata(article: ImportedArticle, *more: ArticleMetadata) -> ImportedArticle:
    """``article`` with empty metadata fields filled from ``more``."""
    from dataclasses import replace

    return replace(article, metadata=merge_metadata(article.metadata, *more))
