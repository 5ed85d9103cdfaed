"""Re-anchoring the bundled library's quotes in republished versions of its sources.

Each variant changes the five bundled article texts the way a republished
article changes: typography normalised (curly quotes straight, en-dashes
hyphens, non-breaking spaces plain), lines reflowed, sentences inserted before
and between quotes, words corrected inside quotes, sentences deleted. Every
character of the new text remembers where it came from, so we know where each
quote went:

- a quote none of whose characters was deleted with a sentence must be found,
  exactly at its new span (its corrected words included);
- a quote whose sentence was deleted must not be anchored anywhere, unless its
  exact words still stand elsewhere in the text (then it is *moved* there:
  still verbatim).

``pytest -s`` prints recall and false anchors per variant.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

import edlib
import pytest

from comparator_gui.domain.anchoring import LONG_QUOTE_CHARS, LONG_QUOTE_SIMILARITY, AnchorStatus, anchor
from comparator_gui.domain.library import EvidenceRef
from comparator_gui.domain.loading import load_library
from comparator_gui.resources import bundled_library

TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u00a0": " "})
INSERTED = [
    "This article was updated with comments from the authors.",
    "Editor's note: the figures below were revised after publication.",
    "(Advertisement.)",
    "Related: how stem cells are grown in the laboratory.",
    "The study was funded by public grants.",
]
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


@dataclass
class Plan:
    """Edits to one source text, by original character position."""

    text: str
    deleted: set[int] = field(default_factory=set)  # with a sentence: what was there is gone
    dropped: set[int] = field(default_factory=set)  # by a correction inside a quote
    replaced: dict[int, str] = field(default_factory=dict)
    inserted: dict[int, str] = field(default_factory=dict)  # before the position

    def apply(self) -> tuple[str, list[int | None]]:
        """The new text, and for each original position its new one (None: removed)."""
        out: list[str] = []
        where: list[int | None] = []
        size = 0
        for i, char in enumerate(self.text + "\0"):
            extra = self.inserted.get(i, "")
            out.append(extra)
            size += len(extra)
            if i == len(self.text):
                break
            if i in self.deleted or i in self.dropped:
                where.append(None)
                continue
            where.append(size)
            out.append(self.replaced.get(i, char))
            size += 1
        return "".join(out), where


@dataclass
class Case:
    ref: EvidenceRef
    gone: bool = False


ABBREVIATION = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Prof|St|vs|al|e\.g|i\.e)\.$")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in SENTENCE.finditer(text):
        if spans and ABBREVIATION.search(text[spans[-1][0] : spans[-1][1]]):
            spans[-1] = (spans[-1][0], m.end())  # "Dr." does not end a sentence
        elif m.group().strip():
            spans.append((m.start(), m.end()))
    return spans


def _correct(plan: Plan, start: int, end: int, edges: set[int], rng: random.Random) -> bool:
    """Correct a word strictly inside ``text[start:end]`` the way an erratum
    would: a letter fixed, doubled or dropped, or a "the " removed. ``edges``
    (every quote's first and last character) are left alone, so that we know
    where each quote begins and ends afterwards."""
    text = plan.text
    inner = text[start:end]
    the = inner.find(" the ", 1)
    if the != -1 and rng.random() < 0.3 and not edges & set(range(start + the + 1, start + the + 5)):
        plan.dropped.update(range(start + the + 1, start + the + 5))
        return True
    words = [m for m in re.finditer(r"[A-Za-z]{4,}", inner) if m.start() > 0 and m.end() < len(inner)]
    if not words:
        return False
    word = rng.choice(words)
    at = start + word.start() + rng.randrange(1, len(word.group()) - 1)
    if at in edges:
        return False
    kind = rng.choice(["swap", "double", "drop"])
    if kind == "swap":
        plan.replaced[at] = "e" if text[at] != "e" else "a"
    elif kind == "double":
        plan.inserted[at] = plan.inserted.get(at, "") + text[at]
    else:
        plan.dropped.add(at)
    return True


def _republish(text: str, refs: list[EvidenceRef], rng: random.Random, forced: list[str]) -> tuple[Plan, set[int]]:
    """A plan for ``text``; returns it and the indexes (into ``refs``) of quotes
    whose sentence was deleted."""
    plan = Plan(text)
    sentences = _sentences(text)
    spans = [(r.evidence.start, r.evidence.end) for r in refs]

    def holds_quote(s: int, e: int) -> bool:
        return any(a < e and s < b for a, b in spans)

    # Sentences deleted: some holding quotes, some beside them (their context goes).
    # A quote that runs over two sentences keeps both: it is gone whole or not at all.
    for s, e in sentences:
        chance = 0.15 if holds_quote(s, e) else 0.3
        if any(a < s < b or a < e < b for a, b in spans):
            continue
        if rng.random() < chance or any(text[s:e].lstrip().startswith(f) for f in forced):
            plan.deleted.update(range(s, e))
    gone = {i for i, (a, _) in enumerate(spans) if a in plan.deleted}
    # A word corrected inside a third of the quotes that stay; one correction
    # per passage (quotes overlap: the same words may be quoted twice).
    edges = {a for a, _ in spans} | {b - 1 for _, b in spans}
    corrected: list[tuple[int, int]] = []
    for i, (a, b) in enumerate(spans):
        if i in gone or any(c < b and a < d for c, d in corrected):
            continue
        if rng.random() < 0.35 and _correct(plan, a, b, edges, rng):
            corrected.append((a, b))
    # Sentences inserted before and between quotes: at sentence starts (not
    # inside a quote, where "Dr." ends a sentence for our simple splitter).
    for s, _ in sentences:
        if rng.random() < 0.35 and not any(a < s < b for a, b in spans):
            plan.inserted[s] = rng.choice(INSERTED) + " "
    # Typography normalised.
    for i, char in enumerate(text):
        normal = char.translate(TYPOGRAPHY)
        if normal != char:
            plan.replaced[i] = normal
    # Lines reflowed (in most variants): every paragraph wrapped at 60-80 characters.
    width, column = rng.randrange(60, 81), 0
    for i, char in enumerate(text if rng.random() < 0.7 else ""):
        column = 0 if char == "\n" else column + 1
        if char == " " and column >= width:
            plan.replaced[i] = "\n"
            column = 0
    return plan, gone


@dataclass
class Tally:
    to_find: int = 0  # quotes whose words are still there, corrected or not
    found: int = 0  # ... found exactly at their new span
    gone: int = 0  # quotes whose sentence was deleted and whose words stand nowhere
    false: int = 0  # quotes anchored on any other words
    undecidable: int = 0  # short, corrected, and the text on both sides replaced
    undecidable_found: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)


def _side_lost(plan: Plan, first: int, last: int, before: bool) -> bool:
    """Whether the stored context ``text[first:last]`` is no longer beside the
    quote: most of it deleted, or text inserted between it and the quote."""
    chars = [i for i in range(first, last) if not plan.text[i].isspace()]
    if not chars or 2 * sum(1 for i in chars if i in plan.deleted) >= len(chars):
        return True
    between = range(chars[-1] + 1, last + 1) if before else range(first, chars[0] + 1)
    return any(plan.inserted.get(i, "").strip() for i in between)


def _variant(seed: int, forced: list[str]) -> Tally:
    """Re-anchors every quote of the bundled library in one republished version
    of its sources."""
    library = load_library(bundled_library())
    rng = random.Random(seed)
    tally = Tally()
    for source, text in sorted(library.texts.items()):
        refs = [r for r in library.evidence if r.evidence.source == source]
        plan, gone = _republish(text, refs, rng, forced)
        new, where = plan.apply()
        for i, ref in enumerate(refs):
            ev = ref.evidence
            result = anchor(new, ev)
            tally.statuses[result.status.value] = tally.statuses.get(result.status.value, 0) + 1
            label = f"seed {seed} {source} {ev.exact[:50]!r}"
            got = f"{result.status.value} at {result.start}:{result.end} {new[max(0, result.start):max(0, result.end)]!r}"
            if i in gone and ev.exact not in new:
                tally.gone += 1
                if result.found:
                    tally.false += 1
                    tally.wrong.append(f"{label}: gone, but anchored {got}")
                continue
            if i in gone:  # its exact words still stand elsewhere: moved there
                tally.to_find += 1
                if result.status is AnchorStatus.MOVED and new[result.start : result.end] == ev.exact:
                    tally.found += 1
                else:
                    tally.wrong.append(f"{label}: its words stand elsewhere, but {got}")
                continue
            first, last = where[ev.start], where[ev.end - 1]
            assert first is not None and last is not None
            expected = (first, last + 1)
            verbatim = new[expected[0] : expected[1]].translate(TYPOGRAPHY) == ev.exact.translate(TYPOGRAPHY)
            right_place = (result.start, result.end) == expected
            if result.found and not right_place:
                tally.false += 1
                tally.wrong.append(f"{label}: wanted {expected}, anchored {got}")
                continue
            if new[expected[0] : expected[1]] == ev.exact:
                wanted = {AnchorStatus.KEPT, AnchorStatus.MOVED}
            else:
                wanted = {AnchorStatus.FUZZY}
            # The anchoring's stated policy: a short quote whose words changed
            # needs its context; with the text on both sides of it replaced it
            # cannot be told from a look-alike ("Phase 1" / "Phase 2 Clinical
            # Trial"), so an orphan is the right answer as much as the right place.
            # So is a long quote with more changes than LONG_QUOTE_SIMILARITY allows
            # ("the" dropped from a 60-character quote) and both sides replaced.
            short = len("".join(ev.exact.split())) < LONG_QUOTE_CHARS
            now = new[expected[0] : expected[1]].translate(TYPOGRAPHY).replace("\n", " ")  # reflowed lines are no change
            changed = edlib.align(now, ev.exact.translate(TYPOGRAPHY).replace("\n", " "))["editDistance"] / len(ev.exact)
            if not verbatim and (short or 1 - changed < LONG_QUOTE_SIMILARITY) and _side_lost(plan, ev.start - len(ev.prefix), ev.start, True) \
                    and _side_lost(plan, ev.end, ev.end + len(ev.suffix), False):
                tally.undecidable += 1
                if result.status in wanted:
                    tally.undecidable_found += 1
                elif result.found:
                    tally.wrong.append(f"{label}: undecidable, but {got}")
                continue
            tally.to_find += 1
            if result.status in wanted:
                tally.found += 1
            else:
                tally.wrong.append(f"{label}: {got}")
    return tally


#: The sentence holding "After the operation" is deleted in every variant:
#: "before the operation" later in that text must not take its quote.
FORCED = ["After the operation"]


@pytest.mark.parametrize("seed", range(12))
def test_republished_sources_reanchor_every_quote_still_there_and_no_other(seed: int) -> None:
    tally = _variant(seed, FORCED)
    print(
        f"\nseed {seed}: recall {tally.found}/{tally.to_find} = {tally.found / tally.to_find:.3f}, "
        f"false anchors {tally.false} (of {tally.gone} quotes gone), "
        f"undecidable {tally.undecidable} ({tally.undecidable_found} found, the rest orphans); {tally.statuses}"
    )
    for line in tally.wrong:
        print("  ", line)
    assert tally.found == tally.to_find, tally.wrong
    assert tally.false == 0, tally.wrong
    assert not tally.wrong
