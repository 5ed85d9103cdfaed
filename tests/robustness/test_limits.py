"""Size limits, huge quotes and deep nesting: refused or handled, quickly, with
little memory, and the rest of the library loads."""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import pytest

from comparator_gui.domain.anchoring import FUZZY_MAX_CHARS, AnchorStatus, anchor
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.models import Evidence
from comparator_gui.domain.reading import MAX_RECORD_BYTES, MAX_SOURCE_BYTES
from comparator_gui.domain.writing import save_study

from .helpers import MAYO, SOURCE_TEXT, edit_json, errors, make_library, quote_study, study_ids

ALL = {"osaka-adsc-spheroids", "mayo-adsc-sci", "keio-ips-nsc-sci"}
HUGE = 200 * 1024 * 1024  # sparse: costs no disk space


def _peak_while(action: object) -> int:
    tracemalloc.start()
    try:
        action()  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_record_over_the_size_limit_is_not_read(seed_copy: Path) -> None:
    big = seed_copy / "studies" / "huge.json"
    with big.open("wb") as handle:
        handle.truncate(HUGE)
    peak = _peak_while(lambda: load_library(seed_copy))
    assert peak < 20 * 1024 * 1024, f"{peak:,} bytes allocated: the file was read"
    assert errors(seed_copy) == [
        f"studies/huge.json: $: error: file is {HUGE:,} bytes, over the {MAX_RECORD_BYTES:,}-byte limit for a record; not read"
    ]
    assert study_ids(seed_copy) == ALL


def test_source_over_the_size_limit_is_not_read(seed_copy: Path) -> None:
    path = seed_copy / "004_2fe5765ebb54253d.txt"
    with path.open("r+b") as handle:
        handle.truncate(HUGE)
    peak = _peak_while(lambda: load_library(seed_copy))
    assert peak < 20 * 1024 * 1024, f"{peak:,} bytes allocated: the file was read"
    first = str(load_library(seed_copy).problems[0])
    assert first == (
        f"library.json: $.sources[4]: error: source file '004_2fe5765ebb54253d.txt' is {HUGE:,} bytes, "
        f"over the {MAX_SOURCE_BYTES:,}-byte limit; not read"
    )
    assert study_ids(seed_copy) == ALL


def test_record_just_under_the_limit_is_read(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib")
    edit_json(root / "studies" / "good.json", lambda d: d.update(title="t" * (MAX_RECORD_BYTES - 2000)))
    assert os.path.getsize(root / "studies" / "good.json") <= MAX_RECORD_BYTES
    assert load_library(root).problems == []


def _million(text: str) -> str:
    return (text * (1_000_000 // len(text) + 1))[:1_000_000]


def test_million_character_quote_not_in_source_is_an_orphan_quickly(tmp_path: Path) -> None:
    # Before: the fuzzy search on a 1,000,000-character quote ran for minutes.
    root = make_library(tmp_path / "lib")
    quote = _million(SOURCE_TEXT.replace("cells", "cellz"))

    def change(d: dict) -> None:  # type: ignore[type-arg]
        ev = d["fields"]["dose"]["claims"][0]["evidence"][0]
        ev.update(exact=quote, prefix="", suffix="", start=0, end=len(quote))

    edit_json(root / "studies" / "good.json", change)
    started = time.monotonic()
    library = load_library(root)
    assert time.monotonic() - started < 5
    (error,) = [str(p) for p in library.problems]
    assert error.startswith("studies/good.json: $.fields.dose.claims[0].evidence[0]: error: quote not found in source 'src'")
    assert len(error) < 300
    # Loaded, listed as an orphan, and saved back whole.
    (ref,) = library.evidence
    assert ref.anchor.status is AnchorStatus.ORPHAN
    save_study(library, library.study("good"))
    assert load_library(root).study("good").fields["dose"].claims[0].evidence[0].exact == quote


def test_million_character_quote_in_a_large_source_is_found(tmp_path: Path) -> None:
    text = "Preamble.\n" + _million(SOURCE_TEXT) + "\nEnd."
    quote = text[10 : 10 + 1_000_000]
    root = make_library(tmp_path / "lib", text=text, studies=[quote_study("big", text, quote)])
    started = time.monotonic()
    library = load_library(root)
    assert time.monotonic() - started < 5
    assert library.problems == [] and library.evidence[0].anchor.status is AnchorStatus.KEPT
    # Moved by an edit before it: found by exact search, still quick.
    (root / "source.txt").write_text("New first line.\n" + text, encoding="utf-8")
    started = time.monotonic()
    library = load_library(root)
    assert time.monotonic() - started < 5
    assert library.evidence[0].anchor.status is AnchorStatus.MOVED


@pytest.mark.parametrize("size", [FUZZY_MAX_CHARS + 1, 1_000_000])
def test_long_quote_changed_in_a_long_source_is_an_orphan_quickly(size: int) -> None:
    text = _million(SOURCE_TEXT) * 2
    exact = text[:size]
    exact = exact[: size // 2] + "#" + exact[size // 2 + 1 :]
    started = time.monotonic()
    result = anchor(text, Evidence(source="s", exact=exact, start=3, end=3 + size))
    assert time.monotonic() - started < 5
    assert result.status is AnchorStatus.ORPHAN


def test_quote_at_the_fuzzy_limit_still_reanchors_fuzzily() -> None:
    words = " ".join(f"word{i}" for i in range(FUZZY_MAX_CHARS))
    exact = words[:FUZZY_MAX_CHARS]
    text = "Intro. " + exact.replace("word1 ", "wordX ", 1) + " tail"
    started = time.monotonic()
    result = anchor(text, Evidence(source="s", exact=exact, start=0, end=len(exact)))
    assert time.monotonic() - started < 10
    assert result.status is AnchorStatus.FUZZY and result.score > 0.99


def test_million_character_value_round_trips(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib")
    value = _million("Adults 🧪, <b>x</b> =HYPERLINK(\"a\") ")  # no number its quote does not give
    edit_json(root / "studies" / "good.json", lambda d: d["fields"]["dose"]["claims"][0].update(value=value))
    library = load_library(root)
    assert library.problems == []
    save_study(library, library.study("good"))
    assert load_library(root).study("good").fields["dose"].claims[0].value == value


def _nested(depth: int, leaf: str = "1") -> str:
    return "[" * depth + leaf + "]" * depth


@pytest.mark.parametrize("where", ["whole file", "inside facets"])
def test_json_nested_ten_thousand_deep(seed_copy: Path, where: str) -> None:
    path = seed_copy / MAYO
    if where == "whole file":
        path.write_text(_nested(10_000), encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('"facets": {}', '"facets": {"n": ' + _nested(10_000) + "}", 1), encoding="utf-8")
    assert errors(seed_copy) == [f"{MAYO}: $: error: JSON nested too deeply to read"]
    assert study_ids(seed_copy) == ALL - {"mayo-adsc-sci"}


def test_library_json_nested_ten_thousand_deep(seed_copy: Path) -> None:
    (seed_copy / "library.json").write_text('{"schema_version": 1, "name": ' + _nested(10_000) + "}", encoding="utf-8")
    library = load_library(seed_copy)
    assert str(library.problems[0]) == "library.json: $: error: JSON nested too deeply to read"
    assert {s.id for s in library.studies} == ALL


@pytest.mark.parametrize("depth", [100, 900])
def test_nesting_that_parses_is_a_type_error(seed_copy: Path, depth: int) -> None:
    text = (seed_copy / MAYO).read_text(encoding="utf-8")
    (seed_copy / MAYO).write_text(
        text.replace('"facets": {}', '"facets": {"n": ' + _nested(depth, '"\\u0000"') + "}", 1), encoding="utf-8"
    )
    (error,) = errors(seed_copy)
    assert error.startswith(f"{MAYO}: $.fields.institution.claims[0].facets.n[0][0]")
    assert study_ids(seed_copy) == ALL - {"mayo-adsc-sci"}
