"""The Hypothesis client's matchQuote test cases, ported to ``match_quote`` and
``anchor``.

Source: https://github.com/hypothesis/client,
src/annotator/anchoring/test/match-quote-test.js (the fixtures and the cases;
the assertions are adapted to our API: ``match_quote`` takes ``prefix``,
``suffix`` and ``hint`` as arguments and returns ``None`` where matchQuote
returns null). Copyright (c) 2013-2019 Hypothes.is Project and contributors,
BSD 2-Clause licence:

    Redistribution and use in source and binary forms, with or without
    modification, are permitted provided that the following conditions are met:
    1. Redistributions of source code must retain the above copyright notice,
       this list of conditions and the following disclaimer.
    2. Redistributions in binary form must reproduce the above copyright notice,
       this list of conditions and the following disclaimer in the documentation
       and/or other materials provided with the distribution.
    THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
    AND ANY EXPRESS OR IMPLIED WARRANTIES ARE DISCLAIMED.

Only the test cases are taken from there; ``comparator_gui.domain.anchoring``
is our own code. The tests after the port check what ``anchor`` adds on top:
the context must support an approximate match.
"""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from comparator_gui.domain.anchoring import (
    FUZZY_THRESHOLD,
    AnchorStatus,
    anchor,
    make_evidence,
    match_quote,
)
from comparator_gui.domain.models import Evidence


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text)


SOLITUDE = _normalize("""Many years later, as he faced the firing squad,
    Colonel Aureliano Buendía was to remember that distant afternoon
    when his father took him to discover ice""")

TWO_CITIES = _normalize("""It was the best of times, it was the worst of times,
    it was the age of wisdom, it was the age of foolishness, it was the epoch of belief,
    it was the epoch of incredulity, it was the season of Light, it was the
    season of Darkness, it was the spring of hope, it was the winter of despair, we had
    everything before us, we had nothing before us, we were all going direct to Heaven,
    we were all going direct the other way.""")


# --------------------------------------------------------------- the port


def test_finds_exact_match() -> None:
    match = match_quote(SOLITUDE, "discover ice")
    assert match is not None
    assert match.score == 1.0
    assert SOLITUDE[match.start : match.end] == "discover ice"


def test_finds_best_approximate_match_if_there_is_no_exact_match() -> None:
    match = match_quote(SOLITUDE, "some years later")
    assert match is not None
    assert 0 < match.score < 1
    assert SOLITUDE[match.start : match.end] == "Many years later"


def test_scores_matches_based_on_quote_similarity() -> None:
    # In descending order of similarity to the text.
    quotes = ["Many years later", "Many yers later", "Some years later", "Some years after"]
    matches = [match_quote(SOLITUDE, quote) for quote in quotes]
    scores = [m.score for m in matches if m is not None]
    assert len(scores) == len(quotes)
    assert all(later < earlier for earlier, later in pairwise(scores))


def test_scores_matches_based_on_prefix_similarity() -> None:
    # In descending order of similarity to the quote's actual prefix.
    prefixes = ["Many years later", "Many yers later", "Some years later", "Some years after"]
    quote = ", as he faced the firing squad"
    matches = [match_quote(SOLITUDE, quote, prefix=prefix) for prefix in prefixes]
    scores = [m.score for m in matches if m is not None]
    assert len(scores) == len(prefixes)
    assert all(later < earlier for earlier, later in pairwise(scores))


def test_scores_matches_based_on_suffix_similarity() -> None:
    # In descending order of similarity to the quote's actual suffix.
    suffixes = [
        ", as he faced the firing squad",
        ", as she faced the firing squad",
        ", as he awaited the firing squad",
        ", as he awaited his death",
    ]
    quote = "Many years later"
    matches = [match_quote(SOLITUDE, quote, suffix=suffix) for suffix in suffixes]
    scores = [m.score for m in matches if m is not None]
    assert len(scores) == len(suffixes)
    assert all(later < earlier for earlier, later in pairwise(scores))


def test_returns_none_if_there_is_no_acceptable_approximate_match() -> None:
    assert match_quote(TWO_CITIES, SOLITUDE) is None


def test_returns_none_if_quote_is_empty() -> None:
    assert match_quote("foobar", "") is None


def test_returns_none_if_text_is_empty() -> None:
    assert match_quote("", "foobar") is None


CONTEXT_CASES = [
    # Exact prefix matches.
    ("before us", "we had everything", None, "before us, we had nothing"),
    ("before us", "we had nothing", None, "before us, we were all going"),
    # Approximate prefix matches.
    ("before us", "we had every-thing", None, "before us, we had nothing"),
    ("before us", "we had nout", None, "before us, we were all going"),
    # Exact suffix matches.
    ("we had", None, "everything", "we had everything"),
    ("we had", None, "nothing", "we had nothing"),
    # Approximate suffix matches.
    ("we had", None, "ever ting", "we had everything"),
    ("we had", None, "nutting", "we had nothing"),
]


@pytest.mark.parametrize(("quote", "prefix", "suffix", "expected"), CONTEXT_CASES)
def test_finds_match_with_best_context_match(quote: str, prefix: str | None, suffix: str | None, expected: str) -> None:
    match = match_quote(TWO_CITIES, quote, prefix=prefix or "", suffix=suffix or "")
    assert match is not None
    assert TWO_CITIES[match.start : match.end] == quote
    assert match.start == TWO_CITIES.index(expected)


def test_uses_hint_as_a_tie_breaker_to_choose_between_matches_with_close_scores() -> None:
    text = TWO_CITIES
    pos_a = text.index("everything before us") + len("everything ")
    pos_b = text.index("nothing before us") + len("nothing ")
    # A quote that appears (approximately) several times; with no context the
    # matches score alike.
    match_hint_a = match_quote(text, "befor us", hint=pos_a)
    match_hint_b = match_quote(text, "befor us", hint=pos_b)
    match_no_hint = match_quote(text, "befor us")
    assert match_hint_a is not None and match_hint_a.start == pos_a, "wrong match for hint pos_a"
    assert match_hint_b is not None and match_hint_b.start == pos_b, "wrong match for hint pos_b"
    # With no hint, the first match (lowest start) is chosen.
    assert match_no_hint is not None and match_no_hint.start == pos_a, "wrong match with no hint"


def test_matches_when_prefix_length_is_greater_than_the_match_start_offset() -> None:
    prefix = "It used to be many"
    match = match_quote(SOLITUDE, "years later", prefix=prefix)
    assert match is not None
    assert len(prefix) > match.start
    assert SOLITUDE[match.start : match.end] == "years later"


def test_matches_when_match_ends_at_end_of_text_and_there_is_a_non_empty_suffix() -> None:
    text = "Some document text"
    match = match_quote(text, "text", suffix="missing")
    assert match is not None
    assert text[match.start : match.end] == "text"


# ---------------------------------------------- the same cases through anchor()


def _evidence(quote: str, prefix: str = "", suffix: str = "", start: int = 0) -> Evidence:
    return Evidence(source="s", exact=quote, prefix=prefix, suffix=suffix, start=start, end=start + len(quote))


@pytest.mark.parametrize(("quote", "prefix", "suffix", "expected"), CONTEXT_CASES)
def test_anchor_moves_to_the_occurrence_with_the_best_context(
    quote: str, prefix: str | None, suffix: str | None, expected: str
) -> None:
    # Stored at an offset where the text no longer has the quote.
    result = anchor(TWO_CITIES, _evidence(quote, prefix or "", suffix or "", start=3))
    assert result.status is AnchorStatus.MOVED
    assert result.start == TWO_CITIES.index(expected)
    assert TWO_CITIES[result.start : result.end] == quote


def test_anchor_uses_the_stored_position_as_a_tie_breaker() -> None:
    text = TWO_CITIES
    pos_a = text.index("everything before us") + len("everything ")
    pos_b = text.index("nothing before us") + len("nothing ")
    for near in (pos_a, pos_b):
        result = anchor(text, _evidence("before us", start=near + 1))
        assert (result.status, result.start) == (AnchorStatus.MOVED, near)


# ------------------------------------------- what anchor() adds: context decides


def _stored(text: str, quote: str, occurrence: int = 0) -> Evidence:
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(quote, at + 1)
    return make_evidence("s", text, at, at + len(quote))


def test_a_one_letter_typo_in_a_short_quote_is_found_where_it_was() -> None:
    evidence = _stored(TWO_CITIES, "before us", occurrence=1)  # "nothing before us"
    edited = "A new preface.\n" + TWO_CITIES.replace("nothing before us", "nothing befor us")
    result = anchor(edited, evidence)
    assert result.status is AnchorStatus.FUZZY
    assert edited[result.start : result.end] == "befor us"
    assert result.start == edited.index("nothing befor us") + len("nothing ")
    assert FUZZY_THRESHOLD <= result.score < 1.0


def test_a_short_quote_whose_words_and_context_are_gone_is_an_orphan() -> None:
    text = (
        "The cells were implanted. After the operation, two patients improved. "
        "Injuries were treated within 14-28 days before the operation. The end."
    )
    evidence = _stored(text, "After the operation")
    edited = text.replace("After the operation, two patients improved. ", "")
    assert "before the operation" in edited
    result = anchor(edited, evidence)
    assert result.status is AnchorStatus.ORPHAN and not result.found
    # match_quote alone (no judgement) would have taken the look-alike.
    match = match_quote(edited, evidence.exact, evidence.prefix, evidence.suffix, evidence.start)
    assert match is not None and "before the operation" in edited[match.start - 2 : match.end + 2]


def test_a_corrected_short_quote_is_found_even_if_a_look_alike_is_closer() -> None:
    # "lower back pain" is corrected to "low back pain" where it was quoted (2
    # edits); elsewhere "lower back, pain" is 1 edit away but has none of the
    # quote's context. The search looks past it.
    text = (
        "Intro. The trial enrolled ten adults with chronic lower back pain in 2019, all men. "
        "Unrelated: the words lower back, pain appear here too."
    )
    evidence = _stored(text, "lower back pain")
    edited = text.replace("chronic lower back pain", "chronic low back pain")
    result = anchor(edited, evidence)
    assert result.status is AnchorStatus.FUZZY
    assert edited[result.start : result.end] == "low back pain"


def test_exact_words_elsewhere_lose_to_the_corrected_quote_in_its_context() -> None:
    text = (
        "Methods. In the trial, two out of the four patients showed improvement in motor scores. "
        "Discussion. Elsewhere two out of the four patients had been excluded."
    )
    evidence = _stored(text, "two out of the four patients showed")
    edited = text.replace("two out of the four patients showed", "two out of four patients showed")
    assert "two out of the four patients" in edited
    result = anchor(edited, _stored(text, "two out of the four patients"))
    assert result.status is AnchorStatus.FUZZY
    assert edited[result.start : result.end] == "two out of four patients"
    result = anchor(edited, evidence)
    assert result.status is AnchorStatus.FUZZY
    assert edited[result.start : result.end] == "two out of four patients showed"


def test_exact_words_elsewhere_are_moved_to_when_nothing_better_stands() -> None:
    text = "Alpha beta gamma. The dose was ten million cells. Delta epsilon."
    evidence = _stored(text, "ten million cells")
    edited = "Rewritten entirely; a later note says ten million cells were planned."
    result = anchor(edited, evidence)
    assert result.status is AnchorStatus.MOVED
    assert edited[result.start : result.end] == "ten million cells"


def test_whitespace_changes_at_the_edges_keep_the_context() -> None:
    # The stored prefix ends in a space; the republished text has a line break
    # and indentation there, and a word in the quote was corrected.
    text = "one two three four. The patients were followed for one year. five six seven."
    evidence = _stored(text, "The patients were followed for one year.")
    edited = "one two three four.\n    The patients were folowed for one year.\n\nfive  six seven."
    result = anchor(edited, evidence)
    assert result.status is AnchorStatus.FUZZY
    assert edited[result.start : result.end] == "The patients were folowed for one year."


def test_typography_alone_is_a_near_perfect_fuzzy_match() -> None:
    text = "Before. The team said: \u201cit works\u201d \u2013 in 10\u00a0rats. After."
    quote = "\u201cit works\u201d \u2013 in 10\u00a0rats"
    evidence = _stored(text, quote)
    edited = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2013", "-").replace("\u00a0", " ")
    result = anchor(edited, evidence)
    assert result.status is AnchorStatus.FUZZY
    assert edited[result.start : result.end] == '"it works" - in 10 rats'
    assert 0.95 < result.score < 1.0


def test_a_long_quote_with_a_word_changed_is_found_without_its_context() -> None:
    quote = (
        "Injecting 100 million expanded autologous stem cells into the patients' lower backs "
        "was found to be safe and well tolerated"
    )
    text = f"Old paragraph before. {quote}. Old paragraph after."
    evidence = _stored(text, quote)
    edited = f"Completely new introduction here. {quote.replace('lower', 'upper')}; new sentence follows."
    result = anchor(edited, evidence)
    assert result.status is AnchorStatus.FUZZY
    assert edited[result.start : result.end] == quote.replace("lower", "upper")


def test_a_short_quote_with_a_word_changed_and_no_context_left_is_an_orphan() -> None:
    text = "Old paragraph before it. The cells went into the lower back. Old paragraph after it."
    evidence = _stored(text, "into the lower back")
    edited = "A new text entirely, about something else: the cells went into the upper back!"
    assert anchor(edited, evidence).status is AnchorStatus.ORPHAN


def test_a_reflowed_edge_does_not_throw_the_context_away() -> None:
    # Scored by exact characters at the boundary, the reflowed occurrence
    # (line breaks where the stored context has spaces) agreed on nothing and
    # the last "the dose." (whose prefix happens to end in "a: ") won.
    text = "alpha: the dose. beta: the dose. gamma: the dose."
    evidence = make_evidence("s", text, 23, 32)  # the second "the dose."
    edited = "Intro. alpha: the dose. beta:\nthe dose.\ngamma: the dose."
    result = anchor(edited, evidence)
    assert (result.status, result.start) == (AnchorStatus.MOVED, 30)
    # Without the stored position too: the context alone decides.
    match = match_quote(edited, evidence.exact, evidence.prefix, evidence.suffix)
    assert match is not None and match.start == 30
