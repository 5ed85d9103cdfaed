"""An imported article into the library: its text as a new source, its
metadata on the source, and the PDF it came from kept beside its text. No Qt.

A PDF source ``sources/<id>.txt`` keeps its file as ``sources/<id>.pdf``,
written on save with the text (nothing is written before: an undone or
unsaved import leaves no file behind). The page view finds it there.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from ..disk import check_unchanged, written_stamp
from ..editing import EditError, LibraryEditor
from ..library import Library
from ..models import Source
from ..storage import atomic_write_bytes
from .article import ImportedArticle

_KIND_NOTES = {
    "html": ", reduced from HTML to its readable text",
    "pdf": ", its text extracted from the PDF (kept beside it)",
    "ris": ": the reference's title and abstract",
    "nbib": ": the PubMed record's title and abstract",
}


def source_note(article: ImportedArticle) -> str:
    """What the source's note says about where its text came from and its identifiers."""
    meta = article.metadata
    note = f"Imported from {article.origin.name}{_KIND_NOTES.get(article.kind, '')}" if article.origin else ""
    ids = [f"DOI {meta.doi}"] if meta.doi else []
    ids += [f"PMID {meta.pmid}"] if meta.pmid else []
    ids += list(meta.registry_ids)
    if ids:
        note = f"{note}. {'; '.join(ids)}" if note else "; ".join(ids)
    return note


def add_imported_source(editor: LibraryEditor, article: ImportedArticle, **fields: str) -> Source:
    """Adds ``article`` as a source; ``fields`` (title, author, outlet, published,
    url, language, note) override what its metadata says."""
    meta = article.metadata
    values = {
        "title": meta.title or "",
        "author": "; ".join(meta.authors),
        "outlet": meta.outlet or "",
        "published": meta.published or "",
        "url": meta.url or "",
        "language": "en",
        "note": source_note(article),
    }
    values.update({k: v for k, v in fields.items() if k in values})
    source = editor.add_source(article.text, **values)
    keep_boilerplate(source, article.text, article.boilerplate)
    if article.kind == "pdf" and article.origin is not None:
        if not Path(article.origin).is_file():
            raise EditError(f"{Path(article.origin).name} is gone: the PDF cannot be kept beside its text")
        editor.pending_originals[source.id] = Path(article.origin)
    return source


def keep_boilerplate(source: Source, text: str, spans: Iterable[tuple[int, int]]) -> None:
    """Store ``spans`` (the reader's boilerplate of ``text``) with ``source``:
    sorted, merged, inside the text; only when ``text`` is the source's text."""
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != source.sha256:
        return
    kept: list[tuple[int, int]] = []
    for start, end in sorted((max(0, a), min(len(text), b)) for a, b in spans):
        if end <= start:
            continue
        if kept and start <= kept[-1][1]:
            kept[-1] = (kept[-1][0], max(kept[-1][1], end))
        else:
            kept.append((start, end))
    source.boilerplate = kept


def boilerplate_of(library: Library, source_id: str) -> tuple[tuple[int, int], ...]:
    """The boilerplate spans of a source's text as the library holds it now.

    They were found in the text whose hash the source records: when the text
    read is another (the file changed on disk), none is given rather than
    spans over the wrong words. (Adopting a new text drops them:
    ``LibraryEditor.update_source_hash``, ``reanchor.settle_hashes``.)
    """
    source = library.sources.get(source_id)
    if source is None or not source.boilerplate:
        return ()
    digest_of = getattr(library.texts, "digest", None)
    digest = digest_of(source_id) if digest_of is not None else None
    try:
        text = library.texts[source_id]
    except (KeyError, OSError):
        return ()
    if digest is None:  # a text not read from a file (unsaved, or a test's dict)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != source.sha256:
        return ()
    return tuple((start, end) for start, end in source.boilerplate if 0 <= start < end <= len(text))


def in_boilerplate(library: Library, source_id: str, start: int, end: int) -> bool:
    """True when ``start:end`` of the source's text overlaps its boilerplate."""
    return any(a < end and start < b for a, b in boilerplate_of(library, source_id))


def original_path(text_path: Path, original: Path) -> Path:
    return text_path.with_suffix(original.suffix.lower() or ".pdf")


def keep_original(library: Library, text_path: Path, original: Path) -> Path:
    """Copies ``original`` beside the source text ``text_path``; never over
    another file that changed since it was read."""
    target = original_path(text_path, original)
    data = Path(original).read_bytes()
    if os.path.lexists(target) and not (target.is_file() and target.read_bytes() == data):
        check_unchanged(library.root, {target: None}, target)
    atomic_write_bytes(target, data)
    library.read_stamps[target] = written_stamp(target, data)
    return target


def source_pdf(library: Library, source: Source) -> Path | None:
    """The PDF kept beside ``source``'s text, if there is one."""
    path = (library.root / source.path).with_suffix(".pdf")
    return path if path.is_file() else None
