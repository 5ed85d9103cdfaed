"""The library's source texts, read from disk when asked instead of all kept.

A review library's sources can be far larger than its records (10,000 studies:
~120 MB of text). The loader reads each source once to check it and its quotes;
afterwards only the recently used texts stay in memory (``CACHE_CHARS``), and
a text asked for again is read again from its file.

A text read again must be the text the quotes were checked against: each file's
SHA-256 at load is kept, and a file whose bytes changed since then is refused
with ``SourceChanged`` (reopening the library checks its quotes again), never
shown with highlights that may no longer sit on the quoted words.

Texts set here by the editor (a source just imported, not yet saved) stay in
memory until they are removed.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path

#: Characters of file-backed text kept in memory; a library under this keeps
#: every text (and never reads one twice).
CACHE_CHARS = 8_000_000


class SourceChanged(OSError):
    """A source file's bytes differ from the bytes its quotes were checked against."""


class SourceTexts(MutableMapping[str, str]):
    """Source id → text. ``read(path)`` returns a file's bytes (with the loader's
    limits); ``decode(raw)`` the text that quote offsets count in."""

    def __init__(
        self,
        read: Callable[[Path], bytes],
        decode: Callable[[bytes], str],
        cache_chars: int | None = None,
    ) -> None:
        self._read = read
        self._decode = decode
        self._cache_chars = CACHE_CHARS if cache_chars is None else cache_chars
        #: id → (file, SHA-256 of its bytes when the library was loaded)
        self._files: dict[str, tuple[Path, str]] = {}
        #: Texts set directly (the editor's): kept until removed.
        self._kept: dict[str, str] = {}
        self._cache: OrderedDict[str, str] = OrderedDict()
        self._cached = 0

    def add_file(self, source_id: str, path: Path, digest: str, text: str) -> None:
        """Register a source read from ``path`` (``digest``: SHA-256 of its bytes)."""
        self._kept.pop(source_id, None)
        self._files[source_id] = (path, digest)
        self._remember(source_id, text)

    def alias(self, new_id: str, source_id: str) -> None:
        """Make ``new_id`` name the same text as ``source_id`` (a renamed source).
        The old id keeps working, so undoing the rename finds its text again."""
        if source_id in self._kept:
            self._kept[new_id] = self._kept[source_id]
        elif source_id in self._files:
            self._files[new_id] = self._files[source_id]
        else:
            raise KeyError(source_id)

    def digest(self, source_id: str) -> str | None:
        """SHA-256 of the bytes read at load, for a source read from a file."""
        entry = self._files.get(source_id)
        return entry[1] if entry is not None else None

    # ------------------------------------------------------------------ mapping

    def __getitem__(self, source_id: str) -> str:
        text = self._kept.get(source_id)
        if text is not None:
            return text
        text = self._cache.get(source_id)
        if text is not None:
            self._cache.move_to_end(source_id)
            return text
        path, digest = self._files[source_id]  # KeyError: not a source of this library
        raw = self._read(path)
        if hashlib.sha256(raw).hexdigest() != digest:
            raise SourceChanged(
                f"source file {path.name!r} changed on disk after the library was opened; "
                "reopen the library to check its quotes against the new text"
            )
        text = self._decode(raw)
        self._remember(source_id, text)
        return text

    def __setitem__(self, source_id: str, text: str) -> None:
        self._forget_cached(source_id)
        self._files.pop(source_id, None)
        self._kept[source_id] = text

    def __delitem__(self, source_id: str) -> None:
        if source_id not in self:
            raise KeyError(source_id)
        self._forget_cached(source_id)
        self._files.pop(source_id, None)
        self._kept.pop(source_id, None)

    def __contains__(self, source_id: object) -> bool:
        return source_id in self._kept or source_id in self._files

    def __iter__(self) -> Iterator[str]:
        yield from self._kept
        yield from (source_id for source_id in self._files if source_id not in self._kept)

    def __len__(self) -> int:
        return len(self._kept) + sum(1 for source_id in self._files if source_id not in self._kept)

    def __repr__(self) -> str:
        return f"SourceTexts({len(self)} sources, {len(self._cache)} cached)"

    # ------------------------------------------------------------------ cache

    def _remember(self, source_id: str, text: str) -> None:
        self._forget_cached(source_id)
        self._cache[source_id] = text
        self._cached += len(text)
        while self._cached > self._cache_chars and len(self._cache) > 1:
            _, oldest = self._cache.popitem(last=False)
            self._cached -= len(oldest)

    def _forget_cached(self, source_id: str) -> None:
        old = self._cache.pop(source_id, None)
        if old is not None:
            self._cached -= len(old)
