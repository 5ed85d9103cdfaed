"""Is this text already in the library? The same bytes (SHA-256), or nearly the
same words (Jaccard similarity of word 5-shingles at least 0.9). No Qt."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..models import Source

NEAR = 0.9
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Duplicate:
    source: Source
    similarity: float  # 1.0 for the same bytes
    exact: bool

    @property
    def message(self) -> str:
        how = "the same text as" if self.exact else f"nearly the same text ({self.similarity:.0%} alike) as"
        return f"This article is {how} the source “{self.source.label}” ({self.source.id})."


def shingles(text: str, size: int = 5) -> set[int]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {hash(tuple(words))} if words else set()
    return {hash(tuple(words[i : i + size])) for i in range(len(words) - size + 1)}


def jaccard(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def find_duplicates(text: str, sources: list[Source], texts: Mapping[str, str], near: float = NEAR) -> list[Duplicate]:
    """The library's sources that ``text`` duplicates, most alike first."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    mine = shingles(text)
    found: list[Duplicate] = []
    for source in sources:
        other = texts.get(source.id)
        if source.sha256 == digest or (other is not None and other == text):
            found.append(Duplicate(source, 1.0, True))
            continue
        if other is None:
            continue
        size_a, size_b = len(text), len(other)
        if min(size_a, size_b) < near * max(size_a, size_b) * 0.5:
            continue  # far apart in length: cannot be 90% alike
        similarity = jaccard(mine, shingles(other))
        if similarity >= near:
            found.append(Duplicate(source, similarity, False))
    return sorted(found, key=lambda d: -d.similarity)
