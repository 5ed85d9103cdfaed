"""Checks on what a record says beyond its quotes' placement: numbers a value
states that none of its quotes gives, and reviewer's notes written before the
field's claims last changed.

Both run for every study at load (``check_study``) and for every cell shown
(``cell.present_cell``), so they are cheap: precompiled patterns that start
where the engine can skip ahead, a study's values scanned together for
numbers (``values_with_numbers``), and a value's quotes read in full only
when one of its numbers does not stand in them as written.

Numbers (``unsupported_numbers``). A value's numbers are compared by what
they are worth, not how they are written: "4" and "four", "2 million",
"2,000,000" and "2 × 10^6", "14–28" and "14-28", "2.0" and "2", "50%" and
"50 percent" are the same numbers. A value is read strictly and its quotes
generously, so that a warning means the value really states a number its
quotes do not:

- in a value, "one" counts only before a unit ("one year", "one-year",
  "one patient"), not as a pronoun ("one could stand", "one report says");
- in quotes, "phase I/II" gives 1 and 2, "half" 0.5 and 50, "once"/"single"
  1, "twice"/"both" 2, "dozen" 12;
- neither reads digits glued to letters before them ("CD34", "COVID-19",
  "IL-6": names, not quantities) or ordinals ("1st", "first").

Notes (``note_basis``, ``note_is_stale``). A field's note records a short
hash of its claims' values and quotes when it is written or confirmed
(``FieldEntry.note_basis``); when the claims no longer hash the same, the
note may be out of date. A note with no recorded basis (files written before
this existed) counts as confirmed until an edit changes the field's claims:
``pin_note_basis``, called before the change, records the claims it was
written against.

No Qt here.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from itertools import accumulate

from .models import FieldEntry

__all__ = [
    "NOTE_STALE",
    "note_basis",
    "note_is_stale",
    "numbers_in",
    "pin_note_basis",
    "unsupported_numbers",
    "unsupported_reason",
    "values_with_numbers",
]

#: How a note written before its field's claims last changed is marked.
NOTE_STALE = "note may be out of date"

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}
#: Words that give a number in a quote only (see the module's docstring).
_QUOTE_ONLY = {
    "half": (Decimal("0.5"), Decimal(50)),
    "once": (Decimal(1),),
    "single": (Decimal(1),),
    "twice": (Decimal(2),),
    "both": (Decimal(2),),
    "dozen": (Decimal(12),),
}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

_WORD_NUMBER = "|".join(sorted([*_UNITS, *_SCALES], key=len, reverse=True))
_SCALE_WORD = "|".join(_SCALES)

# The patterns start with a character or a literal, never a look-behind or
# ``\b``, so the regular-expression engine skips ahead to where a number can
# start: a load reads every value of 10,000 studies. Spelled-out numbers are
# looked for in the lower-cased text, so that no flag defeats that skipping;
# the boundaries a look-behind would check are checked on each match.

_DIGITS = re.compile(
    # Digits; thousands separated by commas or narrow spaces; a decimal part;
    # not an ordinal (1st); then "× 10^6", "^6" or a scale word; then "%".
    r"(?P<digits>\d(?:\d{0,2}(?:[,\u00a0\u2009\u202f]\d{3})+|\d*))(?P<decimals>\.\d+)?"
    r"(?!\d)(?!(?i:st|nd|rd|th)\b)"
    r"(?:\s*[×xX]\s*10\s*(?:\^|\*\*)\s*(?P<exp>\d{1,2})|\s*[×xX]\s*10(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})"
    r"|(?:\^|\*\*)(?P<pow>\d{1,2})|(?P<powsup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2}))?"
    rf"(?:[\s-]*\b(?P<scale>(?i:{_SCALE_WORD}))\b)?"
    r"(?:\s?%|\s+(?i:per\s?cent)\b)?"
)
#: Spelled out: "four", "twenty-five", "two hundred and fifty thousand", "a million".
_SPELLED_RUN = rf"(?:{_WORD_NUMBER})(?:(?:\s+and\s+|[\s-]+)(?:{_WORD_NUMBER})\b)*\b"
#: In a quote, also the words only a quote's reading counts, and "phase I/II".
_QUOTED_RUN = (
    rf"(?P<words>{_SPELLED_RUN})|(?P<extra>{'|'.join(_QUOTE_ONLY)})\b"
    r"|phase\s+(?P<roman>iv|i{1,3})(?:\s*/\s*(?P<roman2>iv|i{1,3}))?\b"
)
#: Where a spelled-out number may start: a word of one, after a character that
#: is no letter or digit (the text is searched with a blank put in front). A
#: plain alternation the engine scans for fast; the run from there is read by
#: the patterns below. In lower-cased text; the second of each pair is for text
#: whose lower case has another length, such as "İ".
_START = rf"[^a-z0-9_](?:{_WORD_NUMBER}{{}})(?![a-z])"
_VALUE_START = (re.compile(_START.format("")), re.compile(_START.format(""), re.IGNORECASE))
_QUOTE_EXTRA = "|" + "|".join(_QUOTE_ONLY) + "|phase"
_QUOTE_START = (re.compile(_START.format(_QUOTE_EXTRA)), re.compile(_START.format(_QUOTE_EXTRA), re.IGNORECASE))
_ANY_DIGIT = re.compile(r"\d")
_SEPARATORS = re.compile(r"[,\u00a0\u2009\u202f]")
_VALUE_WORDS = (re.compile(f"(?P<words>{_SPELLED_RUN})"), re.compile(f"(?P<words>{_SPELLED_RUN})", re.IGNORECASE))
_QUOTE_WORDS = (re.compile(_QUOTED_RUN), re.compile(_QUOTED_RUN, re.IGNORECASE))
#: A unit after a bare "one" that makes it a quantity in a value.
_ONE_UNIT = re.compile(
    r"[\s-]+(?:year|month|week|day|hour|minute|second|dose|injection|infusion|operation|session|patient"
    r"|participant|subject|person|man|woman|child|adult|animal|rat|mouse|mice|dog|pig|monkey|case)s?\b",
    re.IGNORECASE,
)


def _after_word(text: str, start: int) -> bool:
    """A match at ``start`` continues a word (``\b`` would fail there)."""
    if start == 0:
        return False
    before = text[start - 1]
    return before.isalnum() or before == "_"


def _glued(text: str, start: int) -> bool:
    """Digits at ``start`` belong to a name or another number: glued to a letter
    or digit (CD34), after a point or comma (.5, 1,2), or a letter and a hyphen (COVID-19)."""
    if start == 0:
        return False
    before = text[start - 1]
    if before.isalnum() or before in "_.,":
        return True
    return before == "-" and start > 1 and text[start - 2].isalpha()


_SPELLED_TOKEN = re.compile(r"[a-z]+", re.IGNORECASE)


def _spelled(words: str) -> list[tuple[int, int, Decimal]]:
    """Spelled-out numbers in a run of number words: "twenty-five" is one,
    "two hundred and fifty thousand" one, "one and two" or "two three" two."""
    found: list[tuple[int, int, Decimal]] = []
    total = current = 0
    start = end = 0
    prev = ""  # kind of the previous word: small, tens, hundred, scale; "" at a number's start

    def close() -> None:
        if prev:
            found.append((start, end, Decimal(total + current)))

    for token in _SPELLED_TOKEN.finditer(words):
        word = token.group(0).lower()
        if word == "and":
            if prev not in ("hundred", "scale"):
                close()
                total = current = 0
                prev = ""
            continue
        if word in _UNITS:
            number = _UNITS[word]
            kind = "small" if number < 20 else "tens"
            fits = prev in ("", "hundred", "scale") or (prev == "tens" and number < 10)
        else:
            kind = "hundred" if word == "hundred" else "scale"
            fits = prev != "hundred" or kind == "scale"
        if not fits:
            close()
            total = current = 0
            prev = ""
        if not prev:
            start = token.start()
        if kind in ("small", "tens"):
            current += _UNITS[word]
        elif kind == "hundred":
            current = max(current, 1) * 100
        else:
            total += max(current, 1) * _SCALES[word]
            current = 0
        prev, end = kind, token.end()
    close()
    return found


def _digits(match: re.Match[str]) -> Decimal | None:
    digits = match["digits"]
    if match.end() == match.end("digits"):  # plain digits, the usual case
        return Decimal(digits) if digits.isdigit() else Decimal(_SEPARATORS.sub("", digits))
    digits = _SEPARATORS.sub("", digits)
    try:
        value = Decimal(digits + (match["decimals"] or ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None
    exp = match["exp"] or (match["sup"] or "").translate(_SUPERSCRIPTS)
    if exp:
        value *= Decimal(10) ** int(exp)
    power = match["pow"] or (match["powsup"] or "").translate(_SUPERSCRIPTS)
    if power:
        value **= int(power)
    if match["scale"]:
        value *= _SCALES[match["scale"].lower()]
    return value


def numbers_in(text: str, *, strict: bool = False) -> list[tuple[str, Decimal]]:
    """The numbers ``text`` states, in order: (as written, what it is worth).

    ``strict`` reads a value (see the module's docstring): a bare "one" only
    before a unit, and none of the words only a quote's reading counts.
    """
    return [(written, value) for _start, written, value in sorted(_numbers(text, strict), key=lambda item: item[0])]


def _numbers(text: str, strict: bool) -> Iterator[tuple[int, str, Decimal]]:
    """``numbers_in``'s numbers as they are found, with where they start: first
    those written in digits, then those spelled out (a caller may stop early)."""
    lower = text.lower()
    which = 0 if len(lower) == len(text) else 1
    subject = lower if which == 0 else text
    starts, runs = (_VALUE_START, _VALUE_WORDS) if strict else (_QUOTE_START, _QUOTE_WORDS)
    start_at, run_at, padded = starts[which].search, runs[which].match, " " + subject
    hit = start_at(padded)
    span_starts: list[int] = []
    span_ends: list[int] = []
    if _ANY_DIGIT.search(text) is not None:
        for number in _DIGITS.finditer(text):
            at = number.start()
            if not _glued(text, at):
                value = _digits(number)
                if value is not None:
                    span_starts.append(at)
                    span_ends.append(number.end())
                    yield at, number.group(0), value
    while hit is not None:  # most values and quotes have none: found in one quick scan
        begin = hit.start()  # in ``subject``: the padding's blank stands before it
        match = run_at(subject, begin)
        hit = start_at(padded, max(hit.end(), match.end() if match is not None else 0))
        if match is None:
            continue
        inside = bisect_right(span_starts, begin) - 1
        if inside >= 0 and begin < span_ends[inside]:  # the "million" of "2 million"
            continue
        if match["words"] is not None:
            for start, end, value in _spelled(match["words"]):
                spelled = text[begin + start : begin + end]
                if strict and end - start == 3 and spelled.lower() == "one" and not _ONE_UNIT.match(text, begin + end):
                    continue
                yield begin + start, spelled, value
        elif match["extra"] is not None:
            for value in _QUOTE_ONLY[match["extra"]]:
                yield begin, text[begin : match.end()], value
        else:
            written = text[begin : match.end()]
            for roman in (match["roman"], match["roman2"]):
                if roman:
                    yield begin, written, Decimal(_ROMAN[roman.lower()])


_PLAIN = re.compile(r"\d[\d.,]*(?:\s?%)?")
#: What may follow a number in a quote for it to be read as just that number:
#: not more digits, a decimal or thousands part, an ordinal's letters, a scale
#: word or a power of ten.
_MORE = re.compile(
    r"[\d\u00a0\u2009\u202f⁰¹²³⁴⁵⁶⁷⁸⁹^]|[.,]\d|(?i:st|nd|rd|th)\b"
    rf"|\s*[×xX*]\s*10|[\s-]*(?i:{_SCALE_WORD})\b"
)


def _quoted_as_written(written: str, quotes: list[str]) -> bool:
    """A plain number of a value ("10", "2,000", "70%") stands in a quote just as
    written, where reading the quote would give that very number: a shortcut
    that never says yes where ``numbers_in`` would not."""
    if not _PLAIN.fullmatch(written):
        return False
    digits = written.rstrip("% ")
    for quote in quotes:
        at = quote.find(digits)
        while at >= 0:
            end = at + len(digits)
            if not _glued(quote, at) and not _MORE.match(quote, end):
                return True
            at = quote.find(digits, at + 1)
    return False


def values_with_numbers(values: list[str]) -> list[int]:
    """The indexes of the ``values`` that may state a number, found in two
    scans over all of them at once: a study's values are checked together, and
    most state none (``unsupported_numbers`` then needs to see only these)."""
    joined = "\n".join(values)
    lower = joined.lower()
    if len(lower) != len(joined):
        return list(range(len(values)))  # rare ("İ"): each is read on its own
    starts = list(accumulate((len(value) + 1 for value in values[:-1]), initial=0))
    found: set[int] = set()
    for search, subject, shift in ((_ANY_DIGIT.search, joined, 0), (_VALUE_START[0].search, "\n" + lower, 0)):
        pos = 0
        while (hit := search(subject, pos)) is not None:
            index = bisect_right(starts, hit.start() + shift) - 1
            found.add(index)
            if index + 1 >= len(starts):
                break
            pos = starts[index + 1]  # on to the next value
    return sorted(found)


def unsupported_numbers(value: str, quotes: Iterable[str]) -> list[str]:
    """The numbers ``value`` states that none of ``quotes`` gives, as the value
    writes them, each once (empty when every number is quoted, or there is none)."""
    stated = numbers_in(value, strict=True)
    if not stated:
        return []
    quotes = list(quotes)
    if all(_quoted_as_written(written, quotes) for written, _number in stated):
        return []  # the common case, found without reading every number of every quote
    needed = {number for _written, number in stated}
    quoted: set[Decimal] = set()
    for quote in quotes:
        for _start, _written, number in _numbers(quote, False):
            if number in needed:
                quoted.add(number)
                if len(quoted) == len(needed):
                    return []  # every number found: the rest of a long quote is not read
    missing: dict[str, None] = {}
    for written, number in stated:
        if number not in quoted:
            missing[written.strip()] = None
    return list(missing)


def unsupported_reason(missing: list[str]) -> str:
    """The warning for a value whose numbers ``missing`` no quote of it gives."""
    shown = ", ".join(f"“{number}”" for number in missing)
    which = "number" if len(missing) == 1 else "numbers"
    return f"the value states the {which} {shown}, which none of its quotes gives"


def note_basis(entry: FieldEntry) -> str:
    """A short hash of the field's claims (each value, and each quote's source
    and words) as a note is written against them. Offsets are left out: a
    quote that moved in a changed source still says the same."""
    data = [[claim.value, [[e.source, e.exact] for e in claim.evidence]] for claim in entry.claims]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def note_is_stale(entry: FieldEntry) -> bool:
    """The field's note was written (or last confirmed) before its claims last
    changed. A note with no recorded basis counts as confirmed."""
    return bool(entry.note) and entry.note_basis is not None and entry.note_basis != note_basis(entry)


def pin_note_basis(entry: FieldEntry) -> FieldEntry:
    """Call before an edit changes ``entry``'s claims: a note with no recorded
    basis (from a file older than bases) was written against the claims as they
    are now, so it gets that basis and reads as out of date once they change.
    Returns ``entry``."""
    if entry.note and entry.note_basis is None:
        entry.note_basis = note_basis(entry)
    return entry
