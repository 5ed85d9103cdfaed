"""The search index keeps one string per study and splits its fields out on
demand: what it says matches must be what the fields themselves hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from comparator_gui.domain.library import Library
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.models import Claim, FieldEntry
from comparator_gui.domain.view import SearchIndex, field_text


@pytest.fixture
def seed_library(seed_copy: Path) -> Library:
    return load_library(seed_copy)


def _direct(library: Library, study_id: str, needle: str) -> set[str]:
    study = library.study(study_id)
    keys = {d.key for d in library.catalogue if needle in field_text(study, d.key).casefold()}
    header = f"{study.title}\n{study.short_title}\n{study.institution}".casefold()
    return keys | ({""} if needle in header else set())


def test_matching_fields_equal_a_direct_look_at_each_field(seed_library: Library) -> None:
    index = SearchIndex(seed_library)
    words = ["mice", "rat", "spinal", "osaka", "phase", "cells", "not", "the", "a", "zzzz"]
    for study in seed_library.studies:
        for word in words:
            assert index.matching_fields(study.id, word) == _direct(seed_library, study.id, word), (study.id, word)
            for definition in seed_library.catalogue:
                expected = word in field_text(study, definition.key).casefold()
                assert index.field_matches(study.id, definition.key, word) is expected


def test_a_separator_character_in_a_value_does_not_shift_the_fields(seed_library: Library) -> None:
    study = seed_library.studies[0]
    keys = [d.key for d in seed_library.catalogue]
    entry = study.fields.get(keys[0]) or FieldEntry()
    evidence = next(c.evidence for e in study.fields.values() for c in e.claims)
    odd = Claim(value="before\x00zqxword", evidence=evidence)
    study.fields[keys[0]] = entry.model_copy(update={"claims": [odd]})
    index = SearchIndex(seed_library)
    assert index.matching_fields(study.id, "zqxword") == {keys[0]}
    assert index.field_matches(study.id, keys[1], "zqxword") is False
    last = keys[-1]
    for word in ["the", "cells", "not"]:
        assert index.field_matches(study.id, last, word) is (word in field_text(study, last).casefold())
