"""Finding a quote in its source text, the way Hypothesis re-anchors annotations.

Order of attempts: the stored position; then the exact quote (prefix and suffix
break ties, then nearness to the old position); then a fuzzy match, reported as
such with its score. What cannot be found is an orphan: it is never moved
silently.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

from .models import Evidence

#: Characters of context stored on each side of a quote.
CONTEXT_CHARS = 32
#: A fuzzy match below this similarity is an orphan, not a re-anchor.
FUZZY_THRESHOLD = 0.75
#: Quotes longer than this are found verbatim or not at all: the fuzzy search
#: costs time that grows with the square of the quote (a 1,000,000-character
#: quote would take hours), and a quote this long is a paragraph or more.
FUZZY_MAX_CHARS = 2_000


class AnchorStatus(StrEnum):
    KEPT = "kept"  # found at its stored offsets
    MOVED = "moved"  # the exact quote, found elsewhere
    FUZZY = "fuzzy"  # similar text found; the reviewer should confirm
    ORPHAN = "orphan"  # not found


@dataclass(frozen=True, slots=True)
class Anchor:
    status: AnchorStatus
    start: int = -1
    end: int = -1
    score: float = 1.0

    @property
    def found(self) -> bool:
        return self.status is not AnchorStatus.ORPHAN


def make_evidence(
    source_id: str, text: str, start: int, end: int, context: int = CONTEXT_CHARS
) -> Evidence:
    """Evidence for ``text[start:end]`` with prefix and suffix taken from ``text``."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}:{end} is outside a text of {len(text)}")
    return Evidence(
        source=source_id,
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
        start=start,
        end=end,
    )


def _context_score(text: str, start: int, end: int, evidence: Evidence) -> int:
    """How many characters of stored prefix/suffix agree around a candidate."""
    score = 0
    before = text[max(0, start - len(evidence.prefix)) : start]
    for a, b in zip(reversed(before), reversed(evidence.prefix), strict=False):
        if a != b:
            break
        score += 1
    after = text[end : end + len(evidence.suffix)]
    for a, b in zip(after, evidence.suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


def _exact_candidates(text: str, exact: str, limit: int = 10_000) -> list[int]:
    found: list[int] = []
    index = text.find(exact)
    while index != -1 and len(found) < limit:
        found.append(index)
        index = text.find(exact, index + 1)
    return found


def _fuzzy(text: str, evidence: Evidence) -> Anchor:
    exact = evidence.exact
    size = len(exact)
    if size == 0 or not text or size > FUZZY_MAX_CHARS:
        return Anchor(AnchorStatus.ORPHAN, score=0.0)
    if 5 * len(text) < 3 * size:
        # Even all of the text cannot reach the threshold: a similarity
        # 2M/(a+b) of at least 0.75 needs the window to be 0.6 of the quote.
        return Anchor(AnchorStatus.ORPHAN, score=0.0)
    # Seed candidate windows from the longest block the quote shares with the
    # text, and from where the stored prefix or suffix still stands.
    seeds: set[int] = set()
    matcher = difflib.SequenceMatcher(None, text, exact, autojunk=False)
    block = matcher.find_longest_match(0, len(text), 0, size)
    if block.size >= min(8, size):
        seeds.add(block.a - block.b)
    if len(evidence.prefix) >= 8:
        for hit in _exact_candidates(text, evidence.prefix, 50):
            seeds.add(hit + len(evidence.prefix))
    if len(evidence.suffix) >= 8:
        for hit in _exact_candidates(text, evidence.suffix, 50):
            seeds.add(hit - size)
    best = Anchor(AnchorStatus.ORPHAN, score=0.0)
    slack = max(4, size // 5)
    for seed in seeds:
        for start in range(max(0, seed - slack), min(len(text), seed + slack) + 1, max(1, slack // 4)):
            for length in (size - slack // 2, size, size + slack // 2):
                end = min(len(text), start + max(1, length))
                ratio = difflib.SequenceMatcher(None, text[start:end], exact, autojunk=False).ratio()
                if ratio > best.score:
                    best = Anchor(AnchorStatus.FUZZY, start, end, ratio)
    if best.score < FUZZY_THRESHOLD:
        return Anchor(AnchorStatus.ORPHAN, score=best.score)
    return _refine(text, exact, best, slack)


def _refine(text: str, exact: str, best: Anchor, slack: int) -> Anchor:
    """Move each end of a coarse fuzzy window one character at a time while
    the similarity improves, so the match starts and ends where the quote's
    words do (not on a stray comma before them)."""

    def ratio(start: int, end: int) -> float:
        return difflib.SequenceMatcher(None, text[start:end], exact, autojunk=False).ratio()

    start, end, score = best.start, best.end, best.score
    improved = True
    steps = 0
    while improved and steps < 4 * slack + 8:
        improved = False
        steps += 1
        for s_delta, e_delta in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            s2, e2 = start + s_delta, end + e_delta
            if 0 <= s2 < e2 <= len(text):
                candidate = ratio(s2, e2)
                if candidate > score:
                    start, end, score, improved = s2, e2, candidate, True
                    break
    # Whole words: a reviewer accepting the match must not get "o out of" for "two out of".
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return Anchor(AnchorStatus.FUZZY, start, end, max(FUZZY_THRESHOLD, ratio(start, end)))


def anchor(text: str, evidence: Evidence) -> Anchor:
    """Locate ``evidence`` in ``text``; see the module docstring for the order."""
    start, end, exact = evidence.start, evidence.end, evidence.exact
    if text[start:end] == exact:
        return Anchor(AnchorStatus.KEPT, start, end)
    candidates = _exact_candidates(text, exact)
    if candidates:
        best = max(
            candidates,
            key=lambda at: (_context_score(text, at, at + len(exact), evidence), -abs(at - start)),
        )
        return Anchor(AnchorStatus.MOVED, best, best + len(exact))
    return _fuzzy(text, evidence)


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class Utf16Index:
    """Converts code-point offsets in one text to Qt's UTF-16 positions.

    Qt counts a character outside the Basic Multilingual Plane (an emoji) as
    two units; Python counts it as one. Built once per text, each lookup is a
    binary search over the astral characters only.
    """

    def __init__(self, text: str) -> None:
        # A regex scan runs in C: a Python loop over a 1 MB source took 80 ms.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]

    def to_utf16(self, index: int) -> int:
        return index + bisect.bisect_left(self._astral, index)

    def to_code_point(self, position: int) -> int:
        """Inverse of ``to_utf16``; a position inside a surrogate pair rounds down."""
        low, high = 0, len(self._astral)
        # The number of astral characters before the code point we are after.
        while low < high:
            mid = (low + high) // 2
            if self._astral[mid] + mid < position:
                low = mid + 1
            else:
                high = mid
        # A position inside a surrogate pair lands on the astral character.
        return position - low


def to_utf16(text: str, index: int) -> int:
    """One-off conversion; prefer ``Utf16Index`` for many lookups in one text."""
    return len(text[:index].encode("utf-16-le")) // 2
