"""Whole words (domain/selection.py), without Qt: snapping a selection, naming
the words a selection cuts, and marking evidence with snapping on and off."""

from __future__ import annotations

from pathlib import Path

import pytest

from comparator_gui.domain.editing import EditError, LibraryEditor, new_library
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.selection import (
    fit_selection,
    half_word_ends,
    half_word_message,
    half_word_reason,
    inside_word,
    snap_to_words,
)
from tests.conftest import SEEDS

SENTENCE = "In the trial, two of the four patients improved their motor function scores. Next, they walked."


def _snap(text: str, part: str, occurrence: int = 0) -> str:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    s, e = snap_to_words(text, start, start + len(part))
    return text[s:e]


@pytest.mark.parametrize(
    ("text", "part", "snapped"),
    [
        (SENTENCE, "al, two of the four patients improved their motor func", "trial, two of the four patients improved their motor function"),
        (SENTENCE, "otor", "motor"),
        (SENTENCE, "two of the four", "two of the four"),  # whole words: unchanged
        (SENTENCE, "scores. Ne", "scores. Next"),  # completes the cut word only, never the sentence
        (SENTENCE, "ores.", "scores."),
        ("The patient’s own fat", "patient", "patient’s"),  # apostrophe inside a word
        ("don't stop", "do", "don't"),
        ("three-dimensional spheroids", "three", "three-dimensional"),  # hyphen inside a word
        ("a 2.5 million dose", "2", "2.5"),  # decimal point between digits
        ("2,000,000 cells", "2,0", "2,000,000"),
        ("within 14–28 days", "14", "14"),  # an en dash is not inside a word
        ("Café au lait", "Caf", "Café"),  # precomposed é
        ("Cafe\u0301 au lait", "Cafe", "Cafe\u0301"),  # e + combining acute: the mark stays with its letter
        ("Führung der Studie", "ührung", "Führung"),
        ("Исследование показало", "сследование", "Исследование"),
        ("iPS細胞を使った", "細", "細"),  # CJK: each character is a word
        ("iPS細胞を使った", "PS", "iPS"),
        ("end. Start", "nd", "end"),
        ("word - word", "word -", "word -"),  # a spaced hyphen is a dash
    ],
)
def test_snap_to_words(text: str, part: str, snapped: str) -> None:
    assert _snap(text, part) == snapped


def test_snapping_never_crosses_whitespace_or_a_sentence() -> None:
    text = "Alpha beta.Gamma delta"
    start = text.index("ta.G")
    s, e = snap_to_words(text, start, start + 2)  # "ta"
    assert text[s:e] == "beta"
    assert snap_to_words(text, 0, len(text)) == (0, len(text))
    assert snap_to_words(text, 3, 3) == (3, 3)  # empty: nothing to snap


def test_half_word_ends_names_the_cut_words_whole() -> None:
    start = SENTENCE.index("al, two")
    end = SENTENCE.index("motor func") + len("motor func")
    assert half_word_ends(SENTENCE, start, end) == ["trial", "function"]
    start = SENTENCE.index("otor")
    assert half_word_ends(SENTENCE, start, start + 2) == ["motor"]  # one word, cut at both ends
    start = SENTENCE.index("two of")
    assert half_word_ends(SENTENCE, start, start + len("two of")) == []
    message = half_word_message(SENTENCE, SENTENCE.index("al, two"), end)
    assert message is not None and "“trial” and “function”" in message
    assert half_word_message(SENTENCE, start, start + 3) is None


def test_edges_of_the_text_are_word_boundaries() -> None:
    assert not inside_word("abc", 0) and not inside_word("abc", 3) and inside_word("abc", 1)
    assert half_word_reason("abc", 0, 3) is None
    reason = half_word_reason("abc def", 1, 7)
    assert reason is not None and reason.startswith("quote starts inside a word (“abc”)")
    reason = half_word_reason("abc def", 0, 6)
    assert reason is not None and reason.startswith("quote ends inside a word (“def”)")


def test_fit_selection_snaps_refuses_or_keeps() -> None:
    start, end = SENTENCE.index("otor"), SENTENCE.index("otor") + 4
    assert fit_selection(SENTENCE, start, end, True) == (start - 1, end, None)
    s, e, why = fit_selection(SENTENCE, start, end, False)
    assert (s, e) == (start, end) and why is not None and "“motor”" in why
    assert fit_selection(SENTENCE, start, end, None) == (start, end, None)


def test_the_bundled_quotes_hold_whole_words() -> None:
    library = load_library(SEEDS)
    assert len(library.evidence) == 72
    for ref in library.evidence:
        text = library.texts[ref.evidence.source]
        assert half_word_reason(text, ref.anchor.start, ref.anchor.end) is None, ref.json_path


ARTICLE = "Team X treated twelve dogs with cartilage cells.\nNo side effects were seen in six months.\n"


@pytest.fixture
def editor(tmp_path: Path) -> tuple[LibraryEditor, str, str]:
    root = new_library(tmp_path / "lib", "Dogs")
    editor = LibraryEditor(load_library(root))
    source = editor.add_source(ARTICLE, title="Dogs")
    study = editor.create_study("Cartilage cells in dogs", "Dogs")
    return editor, study.id, source.id


def test_marking_snaps_a_half_word_selection(editor: tuple[LibraryEditor, str, str]) -> None:
    e, study_id, source_id = editor
    start = ARTICLE.index("elve dogs with cart")
    evidence = e.add_evidence(study_id, "subjects", source_id, start, start + len("elve dogs with cart"), snap=True)
    assert evidence.exact == "twelve dogs with cartilage"
    assert (evidence.start, evidence.end) == (ARTICLE.index("twelve"), ARTICLE.index(" cells"))
    assert e.library.study(study_id).field("subjects").claims[0].value == "twelve dogs with cartilage"


def test_marking_refuses_a_half_word_selection_when_snapping_is_off(editor: tuple[LibraryEditor, str, str]) -> None:
    e, study_id, source_id = editor
    start = ARTICLE.index("elve dogs")
    with pytest.raises(EditError, match="cuts the word “twelve” in half"):
        e.add_evidence(study_id, "subjects", source_id, start, start + len("elve dogs"), snap=False)
    assert not e.library.study(study_id).field("subjects").reported
    whole = ARTICLE.index("twelve dogs")
    evidence = e.add_evidence(study_id, "subjects", source_id, whole, whole + len("twelve dogs "), snap=False)
    assert evidence.exact == "twelve dogs"  # whole words (blanks trimmed) are taken as they are
