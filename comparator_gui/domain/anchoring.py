"""Finding a quote in its source text, the way Hypothesis re-anchors annotations.

Order of attempts:

1. The stored position: ``text[start:end]`` is the quote: *kept*.
2. The exact quote elsewhere: the occurrence whose prefix and suffix fit best,
   then the one nearest the stored position: *moved*.
3. An approximate match (edlib's infix alignment, at most a quarter of the
   quote's characters wrong): *fuzzy*, reported with its similarity.
4. Otherwise an *orphan*: never moved silently.

A candidate is scored as the Hypothesis client's ``match-quote.ts`` does:
quote similarity weighs most (50), then the similarity of the stored prefix
and suffix to the text just before and after the candidate (20 each, compared
approximately and ignoring whitespace), then nearness to the stored position
(2, a tie-breaker). Unlike a search that takes the best-looking text anywhere,
an approximate match is accepted only when its context supports it: the text
next to it still resembles the stored prefix or suffix (``CONTEXT_THRESHOLD``),
or the quote is long and nearly intact (``LONG_QUOTE_CHARS``,
``LONG_QUOTE_SIMILARITY``), or only its typography changed. A short quote whose
words and context have both gone is an orphan, even when similar words stand
elsewhere ("After the operation" does not land on "before the operation").
When the closest matches are all unsupported, the search masks them and looks
again, since the quote's own place may be a few more edits away than a
look-alike. And when the exact words stand elsewhere but without their
context, a corrected quote whose context is still there wins over them.

Typography does not count as a change when comparing: every kind of space and
line break is a space, curly quotes are straight, dashes are hyphens. A quote
whose only change is typographic is still *fuzzy* (its characters differ), with
a similarity just under 1.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from enum import StrEnum

import edlib

from .models import Evidence

#: Characters of context stored on each side of a quote.
CONTEXT_CHARS = 32
#: Quote similarity (1 - errors / length) below which nothing is a fuzzy match;
#: it also sets the search's error budget (a quarter of the quote).
FUZZY_THRESHOLD = 0.75
#: Quotes longer than this are found verbatim or not at all: a paragraph or
#: more that changed is for a reviewer to quote again, and the search's cost
#: grows with the quote's length.
FUZZY_MAX_CHARS = 2_000
#: Similarity (whitespace-insensitive) of a stored prefix or suffix to the text
#: beside a candidate at which that side counts as still there. Unrelated text
#: scores 0.2-0.5; a side that survived, retyped or reflowed, scores 0.9 or more.
CONTEXT_THRESHOLD = 0.7
#: A quote of at least this many characters (spaces not counted) whose
#: similarity is at least ``LONG_QUOTE_SIMILARITY`` (two or three letters in
#: forty) is accepted on its own words, even when both sides of its context
#: changed. Shorter quotes need their context: "Phase 2 Clinical Trial" is one
#: letter from "Phase 1 Clinical Trial".
LONG_QUOTE_CHARS = 40
LONG_QUOTE_SIMILARITY = 0.95
#: Weights of the Hypothesis client's matchQuote.
QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT = 50.0, 20.0, 20.0, 2.0
#: How often the approximate search looks again, past the best matches it found
#: when none of them was supported by its context.
_SEARCH_ROUNDS = 3
#: Candidates given the full (approximate) context score; the rest are ranked
#: out by a cheap exact comparison first.
_SHORTLIST = 64

#: Every character ``str.isspace`` accepts.
_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_FOLD = str.maketrans(
    {c: " " for c in _SPACES}
    | {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032"}
    | {c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"}
    | {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


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


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    """A candidate place for a quote, scored as the Hypothesis client does.

    ``score`` (0-1) weighs ``quote_score`` (1 - errors / quote length) most,
    then ``prefix_score`` and ``suffix_score`` (``None`` when nothing was
    stored on that side; counted as 1 in ``score``, as Hypothesis does), then
    nearness to the hint.
    """

    start: int
    end: int
    score: float
    quote_score: float
    prefix_score: float | None
    suffix_score: float | None
    errors: int


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


# ------------------------------------------------------------------ comparing


def fold(text: str) -> str:
    """``text`` with typography that republishing changes made uniform; same length."""
    return text.translate(_FOLD)


@functools.lru_cache(maxsize=4)
def _folded(text: str) -> str:
    # The loader anchors all quotes of a source in one text: fold it once.
    return fold(text)


def _squeeze(text: str) -> str:
    """Folded, without whitespace: how context is compared."""
    return "".join(fold(text).split())


def _encode(query: str, target: str) -> tuple[bytes, bytearray, int]:
    """``query`` and ``target`` as bytes for edlib (which takes at most 256
    symbols), and a byte that equals nothing in the query.

    Each character of the query gets its own byte; every other character of
    the target becomes the spare byte, since it can match nothing anyway. A
    query with more than 254 distinct characters (a long quote in a large
    script) shares the last byte among its rarest ones: a slight overestimate
    of similarity, never a crash.
    """
    if query.isascii():
        if target.isascii():
            return query.encode("ascii"), bytearray(target.encode("ascii")), 0x80
        masked = _NON_ASCII.sub(lambda m: "\x80" * len(m.group()), target)
        return query.encode("ascii"), bytearray(masked.encode("latin-1")), 0x81
    counts: dict[str, int] = {}
    for char in query:
        counts[char] = counts.get(char, 0) + 1
    ranked = sorted(counts, key=lambda c: -counts[c])
    table = {ord(c): chr(min(i + 1, 255)) for i, c in enumerate(ranked)}
    # Other characters become one the query lacks (a private-use one), then byte 0.
    spare = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in counts)
    table[ord(spare)] = "\x00"
    other = re.compile("[^" + "".join(re.escape(c) for c in ranked) + "]+")
    masked = other.sub(lambda m: spare * len(m.group()), target)
    return (
        query.translate(table).encode("latin-1"),
        bytearray(masked.translate(table).encode("latin-1")),
        0,
    )


def _distance(query: str, target: str, mode: str) -> int:
    """Edit distance of ``query`` to ``target``: whole (``NW``), to a start of
    it (``SHW``: what follows in ``target`` is free) or to a part (``HW``)."""
    if not query:
        return len(target) if mode == "NW" else 0
    if not target:
        return len(query)
    q, t, _ = _encode(query, target)
    return int(edlib.align(q, bytes(t), mode=mode, task="distance")["editDistance"])


class _Context:
    """What was stored around a quote, ready to compare with a candidate's surroundings."""

    def __init__(self, text: str, quote: str, prefix: str, suffix: str, hint: int | None) -> None:
        self.text = text
        self.quote = quote
        self.folded_quote = fold(quote)
        self.prefix, self.suffix = prefix, suffix
        self.folded_prefix, self.folded_suffix = fold(prefix), fold(suffix)
        self.prefix_chars, self.suffix_chars = _squeeze(prefix), _squeeze(suffix)
        self.hint = hint
        # Whether the quote began and ended on a word boundary where it was taken.
        self.starts_word = not (prefix and prefix[-1].isalnum() and quote[0].isalnum())
        self.ends_word = not (suffix and suffix[0].isalnum() and quote[-1].isalnum())

    @property
    def has_context(self) -> bool:
        return bool(self.prefix_chars or self.suffix_chars)

    def window(self, start: int, end: int) -> str:
        """``text[start:end]`` folded. Only the approximate search folds the
        whole text: a moved quote compares a few dozen characters."""
        return fold(self.text[max(0, start) : max(0, end)])

    def side(self, at: int, before: bool) -> float | None:
        """Similarity of the stored prefix (``before``) or suffix to the text
        ending or starting at ``at``; ``None`` when nothing was stored.

        Whitespace is left out on both sides and typography folded; the stored
        context is aligned from the candidate's edge outwards, and its far end
        may fall anywhere in the nearest ``len + slack`` characters."""
        want = self.prefix_chars if before else self.suffix_chars
        if not want:
            return None
        stored = self.folded_prefix if before else self.folded_suffix
        if before and self.window(at - len(stored), at) == stored:
            return 1.0
        if not before and self.window(at, at + len(stored)) == stored:
            return 1.0
        reach = len(want) + len(want) // 4 + 4
        if before:
            got = "".join(self.window(at - 3 * reach, at).split())[-reach:]
            errors = _distance(want[::-1], got[::-1], "SHW")
        else:
            got = "".join(self.window(at, at + 3 * reach).split())[:reach]
            errors = _distance(want, got, "SHW")
        return max(0.0, 1.0 - errors / len(want))

    def cheap_side_chars(self, start: int, end: int) -> int:
        """Characters of stored context that agree exactly at the boundaries
        (a quick first ranking when there are very many candidates)."""
        score = 0
        for a, b in zip(reversed(self.window(start - len(self.folded_prefix), start)),
                        reversed(self.folded_prefix), strict=False):
            if a != b:
                break
            score += 1
        for a, b in zip(self.window(end, end + len(self.folded_suffix)), self.folded_suffix, strict=False):
            if a != b:
                break
            score += 1
        return score

    def distance_to_hint(self, start: int) -> int:
        return 0 if self.hint is None else abs(start - self.hint)

    def score(self, start: int, end: int, errors: int) -> QuoteMatch:
        quote_score = max(0.0, 1.0 - errors / len(self.quote))
        prefix, suffix = self.side(start, before=True), self.side(end, before=False)
        position = 1.0
        if self.hint is not None and self.text:
            position = max(0.0, 1.0 - abs(start - self.hint) / len(self.text))
        raw = (
            QUOTE_WEIGHT * quote_score
            + PREFIX_WEIGHT * (1.0 if prefix is None else prefix)
            + SUFFIX_WEIGHT * (1.0 if suffix is None else suffix)
            + POSITION_WEIGHT * position
        )
        total = raw / (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT)
        return QuoteMatch(start, end, total, quote_score, prefix, suffix, errors)

    def supported(self, match: QuoteMatch) -> bool:
        """Whether an approximate match may be accepted: its context is still
        beside it, or it is a long quote with few changes."""
        if match.quote_score < FUZZY_THRESHOLD:
            return False
        if match.errors == 0:
            return True  # the same words, retyped or reflowed: as good as moved
        if self._context_agrees(match):
            return True
        return (
            len("".join(self.folded_quote.split())) >= LONG_QUOTE_CHARS
            and match.quote_score >= LONG_QUOTE_SIMILARITY
        )

    @staticmethod
    def _context_agrees(match: QuoteMatch) -> bool:
        sides = [s for s in (match.prefix_score, match.suffix_score) if s is not None]
        return any(s >= CONTEXT_THRESHOLD for s in sides)

    def context_supports(self, match: QuoteMatch) -> bool:
        """For an exact occurrence: its context agrees, or none was stored."""
        stored = match.prefix_score is not None or match.suffix_score is not None
        return not stored or self._context_agrees(match)


def _shortlist(ctx: _Context, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """At most ``_SHORTLIST`` spans: the best by exact context, then the nearest."""
    if len(spans) <= _SHORTLIST:
        return spans
    half = _SHORTLIST // 2
    by_context = sorted(spans, key=lambda s: -ctx.cheap_side_chars(*s))[:half]
    by_place = sorted(spans, key=lambda s: ctx.distance_to_hint(s[0]))[:half]
    return sorted(set(by_context) | set(by_place))


def _best(ctx: _Context, matches: list[QuoteMatch]) -> QuoteMatch:
    # Highest score; then nearest the stored position; then first in the text.
    return max(matches, key=lambda m: (m.score, -ctx.distance_to_hint(m.start), -m.start))


def _exact_candidates(text: str, exact: str, limit: int = 10_000) -> list[int]:
    found: list[int] = []
    index = text.find(exact)
    while index != -1 and len(found) < limit:
        found.append(index)
        index = text.find(exact, index + 1)
    return found


# ------------------------------------------------------ the approximate search


def _budget(quote: str, policy: bool) -> int:
    if policy:
        # Nothing past the threshold could be accepted: do not look for it.
        return int(len(quote) * (1.0 - FUZZY_THRESHOLD))
    return min(256, len(quote) // 2)  # matchQuote's budget


def _settle(ctx: _Context, start: int, end: int) -> tuple[int, int]:
    """Adjust an alignment's ends: no stray space the quote does not have, and
    whole words where the quote began or ended on a word (a reviewer accepting
    the match must not get "o out of" for "two out of")."""
    text, quote = ctx.text, ctx.quote
    while start < end - 1 and text[start].isspace() and not quote[0].isspace():
        start += 1
    while end > start + 1 and text[end - 1].isspace() and not quote[-1].isspace():
        end -= 1
    if ctx.starts_word:
        limit = max(0, start - CONTEXT_CHARS)
        while start > limit and text[start - 1].isalnum() and text[start].isalnum():
            start -= 1
    if ctx.ends_word:
        limit = min(len(text), end + CONTEXT_CHARS)
        while end < limit and text[end - 1].isalnum() and text[end].isalnum():
            end += 1
    return start, end


def _approximate(ctx: _Context, exclude: list[tuple[int, int]], policy: bool) -> QuoteMatch | None:
    """The best approximate match within the error budget.

    With ``policy``, only matches ``ctx.supported`` accepts count; when the
    closest matches are all unsupported, they are masked and the search looks
    again (a few rounds), since the quote's real place may have more errors
    than a look-alike elsewhere.
    """
    budget = _budget(ctx.folded_quote, policy)
    if budget < 1 or not ctx.text:
        return None
    query, target, spare = _encode(ctx.folded_quote, _folded(ctx.text))
    for start, end in exclude:
        target[start:end] = bytes([spare]) * (end - start)
    for _ in range(_SEARCH_ROUNDS if policy else 1):
        found = edlib.align(query, bytes(target), mode="HW", task="locations", k=budget)
        if found["editDistance"] < 0:
            return None
        spans = sorted({(s, e + 1) for s, e in found["locations"] if s is not None})
        matches: list[QuoteMatch] = []
        for start, end in _shortlist(ctx, spans):
            start, end = _settle(ctx, start, end)
            errors = _distance(ctx.folded_quote, ctx.window(start, end), "NW")
            match = ctx.score(start, end, errors)
            if match.quote_score >= FUZZY_THRESHOLD or not policy:
                matches.append(match)
        accepted = [m for m in matches if ctx.supported(m)] if policy else matches
        if accepted:
            return _best(ctx, accepted)
        if len(spans) > _SHORTLIST:
            return None  # so many look-alikes that the next ones would be as many
        for start, end in spans:
            target[start:end] = bytes([spare]) * (end - start)
    return None


def match_quote(
    text: str, quote: str, prefix: str = "", suffix: str = "", hint: int | None = None
) -> QuoteMatch | None:
    """The best place for ``quote`` in ``text``, as the Hypothesis client's
    ``matchQuote`` finds it: the exact occurrences if there are any, else the
    closest approximate matches (at most half the quote wrong, at most 256
    errors), ranked by ``QuoteMatch.score``. No judgement whether the match
    is good enough: that is ``anchor``'s.
    """
    if not quote or not text:
        return None
    ctx = _Context(text, quote, prefix, suffix, hint)
    exact = _exact_candidates(text, quote)
    if exact:
        spans = _shortlist(ctx, [(at, at + len(quote)) for at in exact])
        return _best(ctx, [ctx.score(s, e, 0) for s, e in spans])
    if len(quote) > FUZZY_MAX_CHARS:
        return None
    return _approximate(ctx, [], policy=False)


def _fuzzy_anchor(ctx: _Context, match: QuoteMatch) -> Anchor:
    # Typography-only changes leave the similarity at 1; the text still
    # differs, so the reported score stays just under it.
    score = min(match.quote_score, 1.0 - 0.5 / len(ctx.quote))
    return Anchor(AnchorStatus.FUZZY, match.start, match.end, max(FUZZY_THRESHOLD, score))


def anchor(text: str, evidence: Evidence) -> Anchor:
    """Locate ``evidence`` in ``text``; see the module docstring for the order."""
    start, end, exact = evidence.start, evidence.end, evidence.exact
    if text[start:end] == exact:
        return Anchor(AnchorStatus.KEPT, start, end)
    if not exact or not text:
        return Anchor(AnchorStatus.ORPHAN, score=0.0)
    ctx = _Context(text, exact, evidence.prefix, evidence.suffix, start)
    candidates = _exact_candidates(text, exact)
    if candidates:
        spans = _shortlist(ctx, [(at, at + len(exact)) for at in candidates])
        scored = [ctx.score(s, e, 0) for s, e in spans]
        # The occurrence whose prefix and suffix fit best, then the nearest.
        best = max(scored, key=lambda m: (
            (m.prefix_score or 0.0) + (m.suffix_score or 0.0), -ctx.distance_to_hint(m.start), -m.start
        ))
        if ctx.context_supports(best) or len(exact) > FUZZY_MAX_CHARS:
            return Anchor(AnchorStatus.MOVED, best.start, best.end)
        # The words stand elsewhere, but not in their context: the quote may
        # have been corrected where it was. Prefer that place if its context
        # is still there; else the verbatim words elsewhere.
        corrected = _approximate(ctx, [(at, at + len(exact)) for at in candidates], policy=True)
        if corrected is not None and ctx.context_supports(corrected) and corrected.score > best.score:
            return _fuzzy_anchor(ctx, corrected)
        return Anchor(AnchorStatus.MOVED, best.start, best.end)
    if len(exact) > FUZZY_MAX_CHARS:
        return Anchor(AnchorStatus.ORPHAN, score=0.0)
    match = _approximate(ctx, [], policy=True)
    if match is None:
        return Anchor(AnchorStatus.ORPHAN, score=0.0)
    return _fuzzy_anchor(ctx, match)


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
