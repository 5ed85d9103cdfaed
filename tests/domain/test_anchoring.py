from __future__ import annotations

from comparator_gui.domain.anchoring import AnchorStatus, Utf16Index, anchor, make_evidence, to_utf16

TEXT = "Intro line.\nThe cells were injected into the lower back of ten adults.\nEnd."


def _ev(text: str, quote: str):  # type: ignore[no-untyped-def]
    start = text.index(quote)
    return make_evidence("s", text, start, start + len(quote))


def test_kept() -> None:
    ev = _ev(TEXT, "injected into the lower back")
    assert anchor(TEXT, ev).status is AnchorStatus.KEPT


def test_moved_when_text_is_inserted_before() -> None:
    ev = _ev(TEXT, "injected into the lower back")
    edited = "A new first paragraph.\n" + TEXT
    result = anchor(edited, ev)
    assert result.status is AnchorStatus.MOVED
    assert edited[result.start : result.end] == ev.exact


def test_prefix_and_suffix_break_ties() -> None:
    text = "alpha: the dose. beta: the dose. gamma: the dose."
    ev = make_evidence("s", text, 23, 31)  # the second "the dose"
    shifted = "xx" + text
    result = anchor(shifted, ev)
    assert result.status is AnchorStatus.MOVED and result.start == 25


def test_fuzzy_when_a_word_changes() -> None:
    ev = _ev(TEXT, "The cells were injected into the lower back of ten adults.")
    edited = TEXT.replace("ten adults", "twelve adults")
    result = anchor(edited, ev)
    assert result.status is AnchorStatus.FUZZY
    assert 0.75 <= result.score < 1.0
    assert "injected into the lower back" in edited[result.start : result.end]


def test_orphan_when_deleted() -> None:
    ev = _ev(TEXT, "injected into the lower back")
    result = anchor("Something else entirely, nothing like it.", ev)
    assert result.status is AnchorStatus.ORPHAN and not result.found


def test_utf16_offsets_with_emoji_and_arabic() -> None:
    text = "😀 مرحبا 🧪 quote here"
    index = Utf16Index(text)
    at = text.index("quote")
    assert index.to_utf16(at) == to_utf16(text, at) == at + 2
    assert text.encode("utf-16-le")[index.to_utf16(at) * 2 :].decode("utf-16-le").startswith("quote")
    for i in range(len(text) + 1):
        assert index.to_code_point(index.to_utf16(i)) == i
