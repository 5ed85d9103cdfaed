"""Whole words: where a selection or a stored quote starts and ends.

A quote that starts or ends inside a word ("t two … motor func") misquotes
its source, so a selection is snapped to whole words before it becomes a
quote (``snap_to_words``), or refused when the reviewer turned snapping off
(``half_word_message``), and ``check_study`` warns about stored quotes that
cut a word (``half_word_ends``).

What a word is, Unicode-aware and cheap (a few look-ups per boundary):

- letters, digits and combining marks (a mark belongs to the character
  before it, so an accent is never cut from its letter);
- an apostrophe or hyphen between two letters or digits joins them ("don't",
  "patient’s", "three-dimensional", "14-28"), and so does a point or comma
  between two digits ("2.5", "2,000");
- Chinese and Japanese characters (Han, kana) are each a word of their own,
  since those scripts put no spaces between words. Korean, which does, is
  read like Latin text.

Everything else (whitespace, punctuation, a dash, a sentence's full stop)
ends a word, so snapping never reaches across a space or into the next
sentence: it only completes the word the selection cut.

No Qt here.
"""

from __future__ import annotations

import unicodedata

__all__ = ["fit_selection", "half_word_ends", "half_word_message", "half_word_reason", "inside_word", "snap_to_words", "word_at"]

_OTHER, _WORD, _CJK, _MARK, _JOIN, _NUM_JOIN = range(6)

#: Apostrophes and hyphens that join two word characters.
_JOINERS = frozenset("'\u2019\u02bc-\u2010\u2011")
#: Decimal points and thousands separators: join two digits only.
_NUM_JOINERS = frozenset(".,")
#: Zero-width (non-)joiners belong to the word they stand in, like marks.
_ZERO_WIDTH = frozenset("\u200c\u200d")

#: Scripts whose every character is a word: CJK radicals and symbols-free
#: ideographs, hiragana, katakana (full and half width), and the ideograph
#: extensions and compatibility blocks.
_CJK_RANGES = (
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width katakana
    (0x20000, 0x3FFFF),  # extensions B and later
)

#: Kinds of the ASCII characters, looked up rather than computed.
_ASCII_KINDS = tuple(
    _WORD if chr(c).isalnum() else _JOIN if chr(c) in _JOINERS else _NUM_JOIN if chr(c) in _NUM_JOINERS else _OTHER
    for c in range(128)
)


#: Characters that end a word wherever they stand (blanks, most punctuation):
#: a quote's ends are checked against these first, without looking further.
_BREAKS = frozenset(" \t\n\r\f\v\u00a0\u2009\u202f\u3000!\"#$%&()*+/:;<=>?@[\\]^_`{|}~\u201c\u201d\u2018\u00ab\u00bb\u2014\u2013\u2026")


def _kind(ch: str) -> int:
    code = ord(ch)
    if code < 128:
        return _ASCII_KINDS[code]
    if ch in _JOINERS:
        return _JOIN
    if ch in _ZERO_WIDTH:
        return _MARK
    category = unicodedata.category(ch)
    first = category[0]
    if first == "M":
        return _MARK
    if first == "L" or first == "N":
        for low, high in _CJK_RANGES:
            if low <= code <= high:
                return _CJK
        return _WORD
    return _OTHER


def _base_kind(text: str, i: int) -> tuple[int, str]:
    """The kind of ``text[i]``, or of the character a run of marks ending at
    ``i`` sits on; and that character ("" when there is none)."""
    while i >= 0:
        ch = text[i]
        kind = _kind(ch)
        if kind != _MARK:
            return kind, ch
        i -= 1
    return _OTHER, ""


def inside_word(text: str, i: int) -> bool:
    """True when the boundary before ``text[i]`` falls inside a word: cutting
    there would split it (``0 < i < len(text)``; the ends of a text never do)."""
    if i <= 0 or i >= len(text):
        return False
    after = _kind(text[i])
    if after == _MARK:
        return _base_kind(text, i - 1)[0] in (_WORD, _CJK)
    before, before_ch = _base_kind(text, i - 1)
    if after == _WORD:
        if before == _WORD:
            return True
        if before in (_JOIN, _NUM_JOIN) and i >= 2:
            # "don'|t", "2.|5": the joiner only joins when a word character precedes it.
            ahead, ahead_ch = _base_kind(text, i - 2)
            if before == _JOIN:
                return ahead == _WORD
            return ahead == _WORD and ahead_ch.isdigit() and text[i].isdigit()
        return False
    if after in (_JOIN, _NUM_JOIN) and before == _WORD and i + 1 < len(text):
        # "don|'t", "2|.5": a joiner followed by a word character continues the word.
        beyond = text[i + 1]
        if _kind(beyond) != _WORD:
            return False
        return after == _JOIN or (before_ch.isdigit() and beyond.isdigit())
    return False


def word_at(text: str, i: int) -> tuple[int, int]:
    """The word a boundary inside it (``inside_word(text, i)``) cuts, as (start, end)."""
    start = i
    while inside_word(text, start):
        start -= 1
    end = i
    while inside_word(text, end):
        end += 1
    return start, end


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` widened to whole words: a start or end inside a word
    moves to that word's start or end; nothing else changes (positions are
    code points, end exclusive)."""
    if start < end:
        if inside_word(text, start):
            start = word_at(text, start)[0]
        if inside_word(text, end):
            end = word_at(text, end)[1]
    return start, end


def half_word_ends(text: str, start: int, end: int) -> list[str]:
    """The words ``text[start:end]`` cuts in half, whole, in order (empty
    when it holds whole words): the one it starts inside, the one it ends
    inside, or one word when it lies inside a single word."""
    cut: list[str] = []
    first: tuple[int, int] | None = None
    if inside_word(text, start):
        first = word_at(text, start)
        cut.append(text[first[0] : first[1]])
    if end != start and inside_word(text, end):
        last = word_at(text, end)
        if last != first:
            cut.append(text[last[0] : last[1]])
    return cut


def _quoted(words: list[str]) -> str:
    shown = [f"“{word if len(word) <= 40 else word[:37] + '...'}”" for word in words]
    return " and ".join(shown)


def half_word_message(text: str, start: int, end: int) -> str | None:
    """Why ``text[start:end]`` cannot be a quote as it stands, naming the cut
    word(s); None when it holds whole words."""
    cut = half_word_ends(text, start, end)
    if not cut:
        return None
    which = "word" if len(cut) == 1 else "words"
    return (
        f"the selection cuts the {which} {_quoted(cut)} in half: select whole words "
        "(or turn on Edit → Snap selections to whole words)"
    )


def half_word_reason(text: str, start: int, end: int) -> str | None:
    """A stored quote ``text[start:end]`` that starts or ends inside a word, as
    ``check_study`` words it; None for a quote of whole words."""
    size = len(text)
    # Most quotes start after a blank and end before one or a full stop: decided here.
    starts = 0 < start < size and text[start - 1] not in _BREAKS and text[start] not in _BREAKS and inside_word(text, start)
    ends = 0 < end < size and end != start and text[end] not in _BREAKS and text[end - 1] not in _BREAKS and inside_word(text, end)
    if not starts and not ends:
        return None
    where = "starts and ends" if starts and ends else "starts" if starts else "ends"
    return f"quote {where} inside a word ({_quoted(half_word_ends(text, start, end))}): a quote should hold whole words"


def fit_selection(text: str, start: int, end: int, snap: bool | None) -> tuple[int, int, str | None]:
    """A selection made ready to quote: snapped to whole words (``snap`` True),
    checked for cut words (False: the third item says why it is refused), or
    taken as it is (None)."""
    if snap:
        return (*snap_to_words(text, start, end), None)
    return start, end, half_word_message(text, start, end) if snap is not None else None
