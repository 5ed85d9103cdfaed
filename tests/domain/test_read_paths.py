"""The fast read path (``reading.read_fast``) and the careful one (``read_json``,
``check_version``, ``validate``) agree: the fast one gives the careful one's
record or None (the loader then takes the careful way), and never a record the
careful way refuses."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from comparator_gui.domain.models import EvidenceLevel, Study
from comparator_gui.domain.problems import Reporter
from comparator_gui.domain.reading import read_fast, read_json
from comparator_gui.domain.validation import check_version, validate
from tests.conftest import SEEDS

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_identifier = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,8}", fullmatch=True)
_text = st.text(max_size=12)
_words = st.text(min_size=1, max_size=12)
_facet = st.one_of(
    _text, st.integers(), st.integers(-(10**30), 10**30), st.floats(allow_nan=False, allow_infinity=False),
)
#: What a node may be replaced by: any JSON, of any type, NaN included.
_junk = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=4)),
    lambda inner: st.one_of(st.lists(inner, max_size=2), st.dictionaries(st.text(max_size=4), inner, max_size=2)),
    max_leaves=4,
)


@st.composite
def _evidence(draw: st.DrawFn) -> dict[str, Any]:
    exact = draw(_words)
    start = draw(st.integers(0, 10**6))
    record: dict[str, Any] = {"source": draw(_identifier), "exact": exact}
    record.update(draw(st.fixed_dictionaries({}, optional={"prefix": _text, "suffix": _text})))
    record["start"], record["end"] = start, start + len(exact)
    return record


_claim = st.fixed_dictionaries(
    {"value": _words, "evidence": st.lists(_evidence(), min_size=1, max_size=2)},
    optional={"facets": st.dictionaries(_text, _facet, max_size=2), "note": st.one_of(_text, st.none())},
)
_entry = st.fixed_dictionaries({}, optional={"claims": st.lists(_claim, max_size=2), "note": st.one_of(_text, st.none())})
_valid_studies = st.fixed_dictionaries(
    {"id": _identifier, "title": _words, "short_title": _words},
    optional={
        "schema_version": st.just(2),
        "institution": _text,
        "condition": _text,
        "evidence_level": st.sampled_from([level.value for level in EvidenceLevel]),
        "sources": st.lists(_identifier, max_size=3),
        "fields": st.dictionaries(_text, _entry, max_size=3),
    },
)


def _nodes(node: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield loc
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _nodes(value, (*loc, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _nodes(value, (*loc, index))


@st.composite
def _studies(draw: st.DrawFn) -> Any:
    """A valid record, or one with a node replaced by any JSON, removed, or a key added."""
    record = draw(_valid_studies)
    change = draw(st.sampled_from(["none", "replace", "remove", "add"]))
    locations = [loc for loc in _nodes(record) if loc]
    if change == "none" or not locations:
        return record
    *parents, last = draw(st.sampled_from(locations))
    parent = record
    for part in parents:
        parent = parent[part]
    if change == "replace":
        parent[last] = draw(_junk)
    elif change == "remove":
        del parent[last]
    elif isinstance(parent, dict):
        parent[draw(st.text(max_size=6))] = draw(_junk)
    return record


@st.composite
def _encoded(draw: st.DrawFn, records: st.SearchStrategy[Any]) -> bytes:
    """A record as a file might hold it: ASCII-escaped or not, indented or not, NaN allowed."""
    record = draw(records)
    if isinstance(record, dict) and "schema_version" not in record and draw(st.integers(0, 3)):
        record = {"schema_version": 2, **record}
    text = json.dumps(record, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2])), allow_nan=True)
    return text.encode("utf-8")


def _seed_records() -> list[bytes]:
    return [path.read_bytes() for path in sorted((SEEDS / "studies").glob("*.json"))]


def _occurrences(raw: bytes, pattern: bytes) -> list[re.Match[bytes]]:
    return list(re.finditer(pattern, raw))


MUTATIONS = [
    "bom", "duplicate key", "nested duplicate", "escape", "non-finite", "non-finite facet", "no version",
    "version type", "offset type", "big number", "byte", "insert", "truncate",
]


@st.composite
def _mutated(draw: st.DrawFn, kind: str) -> bytes:
    """A valid record (a seed's, or generated) changed at the byte level."""
    raw = draw(st.one_of(st.sampled_from(_seed_records()), _encoded(_valid_studies)))
    position = draw(st.integers(0, max(0, len(raw) - 1)))
    if kind == "bom":
        return b"\xef\xbb\xbf" + raw
    if kind == "duplicate key" and raw.startswith(b"{"):
        key = draw(st.sampled_from([b'"id": "dup"', b'"title": "Dup"', b'"schema_version": 2', b'"fields": {}']))
        return b"{" + key + b"," + raw[1:]
    if kind == "nested duplicate" and (found := _occurrences(raw, rb'"(exact|value|source|claims)": ')):
        match = draw(st.sampled_from(found))
        return raw[: match.start()] + match.group(0) + b'"zz", ' + raw[match.start() :]
    if kind == "escape" and (found := _occurrences(raw, rb"[A-Za-z:]")):
        match = draw(st.sampled_from(found))
        return raw[: match.start()] + b"\\u%04x" % match.group(0)[0] + raw[match.end() :]
    if kind == "non-finite" and (found := _occurrences(raw, rb"-?\d+(\.\d+)?")):
        match = draw(st.sampled_from(found))
        replacement = draw(st.sampled_from([b"NaN", b"Infinity", b"-Infinity", b"1e999", b"-1e999"]))
        return raw[: match.start()] + replacement + raw[match.end() :]
    if kind == "non-finite facet" and (found := _occurrences(raw, rb'"facets": ?\{')):
        # A facet is a number of any size: 1e999 parses, as infinity.
        match = draw(st.sampled_from(found))
        replacement = draw(st.sampled_from([b'"zz": 1e999, ', b'"zz": -1e999, ', b'"zz": NaN, ', b'"zz": 1e308, ']))
        return raw[: match.end()] + replacement + raw[match.end() :]
    if kind == "no version":
        return re.sub(rb'"schema_version": ?\d+,?', b"", raw)
    if kind == "version type":
        value = draw(st.sampled_from([b'"1"', b"1.0", b"true", b"0", b"3", b"null", b"-1", b"[1]"]))
        return re.sub(rb'("schema_version": ?)\d+', lambda m: m.group(1) + value, raw)
    if kind == "offset type" and (found := _occurrences(raw, rb'"(start|end)": ?(\d+)')):
        match = draw(st.sampled_from(found))
        number = match.group(2)
        value = draw(st.sampled_from([b'"' + number + b'"', number + b".0", number + b".5", b"-" + number, b"true"]))
        return raw[: match.start(2)] + value + raw[match.end(2) :]
    if kind == "big number" and (found := _occurrences(raw, rb"\d+")):
        match = draw(st.sampled_from(found))
        return raw[: match.start()] + b"123456789012345678901234567890" + raw[match.end() :]
    if kind == "byte" and raw:
        return raw[:position] + bytes([draw(st.integers(0, 255))]) + raw[position + 1 :]
    if kind == "insert":
        inserted = draw(st.sampled_from([b"\x00", b"\x80", b"\xff", b"\x01", b"\t", b"\\", b'"', b",", b":", b"\xed\xa0\x80"]))
        return raw[:position] + inserted + raw[position:]
    if kind == "truncate":
        return raw[:position]
    return raw


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    # Module-scoped: hypothesis runs many examples per test function.
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def _both(folder: Path, raw: bytes) -> tuple[Study | None, Study | None]:
    path = folder / "record.json"
    path.write_bytes(raw)
    fast = read_fast(path, Study)
    reporter = Reporter(folder)
    ok, data = read_json(reporter, path)
    careful = validate(reporter, path, Study, data, []) if ok and check_version(reporter, path, data) else None
    # The careful path says why whenever it refuses, and only then.
    assert (careful is None) == bool(reporter.problems), reporter.problems
    return fast, careful


def _assert_agree(fast: Study | None, careful: Study | None) -> None:
    if careful is None:
        assert fast is None, "the fast path read a record the careful path refuses"
    elif fast is not None:
        # JSON, not ==: 1 == 1.0 and True == 1 in Python, not in a record.
        assert fast.model_dump_json() == careful.model_dump_json()
        assert fast.model_fields_set == careful.model_fields_set


def test_the_seed_records_take_the_fast_path(folder: Path) -> None:
    """Not vacuous: a valid record is read fast, and as the careful path reads it."""
    for raw in _seed_records():
        fast, careful = _both(folder, raw)
        assert fast is not None and careful is not None
        _assert_agree(fast, careful)


@SETTINGS
@given(raw=_encoded(_studies()))
def test_generated_records_read_alike(folder: Path, raw: bytes) -> None:
    fast, careful = _both(folder, raw)
    _count(fast, careful)
    _assert_agree(fast, careful)


@pytest.mark.parametrize("kind", MUTATIONS)  # each kind of change tried as often
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_records_read_alike(folder: Path, kind: str, data: st.DataObject) -> None:
    fast, careful = _both(folder, data.draw(_mutated(kind), label="raw"))
    _count(fast, careful)
    _assert_agree(fast, careful)


def _count(fast: Study | None, careful: Study | None) -> None:
    """How often each case came up: ``pytest --hypothesis-show-statistics``."""
    event("both refuse" if careful is None else "careful only" if fast is None else "both read")
