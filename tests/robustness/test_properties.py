"""Property-based tests (hypothesis): arbitrary input never crashes the loader or
the anchoring, only reports; load → save → load gives the same records."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comparator_gui.domain.anchoring import (
    FUZZY_THRESHOLD,
    AnchorStatus,
    Utf16Index,
    anchor,
    make_evidence,
    to_utf16,
)
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.models import Claim, Evidence, FieldEntry, Study
from comparator_gui.domain.problems import Severity
from comparator_gui.domain.storage import dumps
from comparator_gui.domain.writing import save_meta, save_study
from tests.conftest import SEEDS

from .helpers import make_library

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
FUZZ = "studies/fuzz.json"

# Text as a hostile tool might write it: astral characters, CR, BOM, markup.
any_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from("\r\n\ufeff😀<>&\"'=\x00"),
    max_size=40,
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=25,
)


def _check_report(root: Path, bad_file: str) -> None:
    library = load_library(root)
    assert "good" in {s.id for s in library.studies}  # the rest still loads
    for problem in library.problems:
        assert problem.file in (bad_file, "studies/good.json")
        assert problem.json_path.startswith("$") and problem.reason
    if bad_file != "studies/good.json" and (root / bad_file).exists():
        loaded = bad_file in {p.relative_to(root).as_posix() for p in library.study_files.values()}
        errors = [p for p in library.problems if p.file == bad_file and p.severity is Severity.ERROR]
        # Either the file loaded, or an error says why not: never silently skipped.
        assert loaded or errors


# --------------------------------------------------------------------- the loader


@SETTINGS
@given(data=json_values)
def test_any_json_as_a_study_file(tmp_path: Path, data: Any) -> None:
    root = make_library(tmp_path / "lib") if not (tmp_path / "lib").exists() else tmp_path / "lib"
    (root / FUZZ).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8", errors="surrogatepass")
    _check_report(root, FUZZ)


@SETTINGS
@given(raw=st.binary(max_size=200) | any_text.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_as_a_study_file(tmp_path: Path, raw: bytes) -> None:
    root = make_library(tmp_path / "lib") if not (tmp_path / "lib").exists() else tmp_path / "lib"
    (root / FUZZ).write_bytes(raw)
    _check_report(root, FUZZ)


def _paths(data: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [loc]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _paths(value, (*loc, index))
    return out


def _replace(data: Any, loc: tuple[Any, ...], new: Any) -> Any:
    if not loc:
        return new
    data[loc[0]] = _replace(data[loc[0]], loc[1:], new)
    return data


@SETTINGS
@given(st.data())
def test_any_change_to_a_valid_record(tmp_path: Path, data: st.DataObject) -> None:
    """One node of a real seed record replaced by arbitrary JSON."""
    root = tmp_path / "lib"
    if not root.exists():
        shutil.copytree(SEEDS, root)
        (root / "studies" / "keio-ips-nsc-sci.json").rename(root / "studies" / "good.json")
    record = json.loads((root / "studies" / "mayo-adsc-sci.json").read_text(encoding="utf-8"))
    loc = data.draw(st.sampled_from(_paths(record)))
    changed = _replace(record, loc, data.draw(json_values))
    (root / FUZZ).write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    library = load_library(root)
    for problem in library.problems:
        assert problem.json_path.startswith("$") and problem.reason
    assert {"osaka-adsc-spheroids", "keio-ips-nsc-sci"} <= {s.id for s in library.studies}


@SETTINGS
@given(data=json_values | st.fixed_dictionaries({"schema_version": st.just(1), "name": any_text}, optional={
    "sources": st.lists(st.dictionaries(st.sampled_from(["id", "path", "sha256", "title"]), json_values), max_size=3),
    "fields": json_values,
}))
def test_any_library_json(tmp_path: Path, data: Any) -> None:
    root = make_library(tmp_path / "lib") if not (tmp_path / "lib").exists() else tmp_path / "lib"
    (root / "library.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    library = load_library(root)
    assert {s.id for s in library.studies} == {"good"}
    assert all(p.json_path.startswith("$") and p.reason for p in library.problems)


# --------------------------------------------------------------------- round trip

plain_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)
identifiers = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,15}\Z")
facet_values = st.one_of(plain_text, st.integers(), st.floats(allow_nan=False, allow_infinity=False))


@st.composite
def evidence(draw: st.DrawFn) -> Evidence:
    exact = draw(plain_text.filter(bool))
    start = draw(st.integers(0, 10**6))
    return Evidence(
        source="src", exact=exact, prefix=draw(plain_text), suffix=draw(plain_text), start=start, end=start + len(exact)
    )


claims = st.builds(
    Claim,
    value=plain_text.filter(bool),
    evidence=st.lists(evidence(), min_size=1, max_size=3),
    facets=st.dictionaries(identifiers, facet_values, max_size=3),
    note=st.none() | plain_text,
)
studies = st.builds(
    Study,
    id=identifiers,
    title=plain_text.filter(bool),
    short_title=plain_text.filter(bool),
    institution=plain_text,
    condition=plain_text,
    sources=st.just(["src"]),
    fields=st.dictionaries(
        st.sampled_from(["dose", "safety", "subjects", "custom_field"]),
        st.builds(FieldEntry, claims=st.lists(claims, max_size=3), note=st.none() | plain_text),
        max_size=4,
    ),
)


@SETTINGS
@given(study=studies)
def test_save_load_save_gives_the_same_record_and_bytes(tmp_path: Path, study: Study) -> None:
    root = tmp_path / "lib"
    shutil.rmtree(root, ignore_errors=True)
    make_library(root, studies=[])
    library = load_library(root)
    path = save_study(library, study)
    first = path.read_bytes()
    reloaded = load_library(root)
    assert reloaded.unread_files == {}
    assert reloaded.study(study.id) == study
    save_study(reloaded, reloaded.study(study.id))
    assert path.read_bytes() == first


def test_seed_library_round_trips_byte_for_byte(seed_copy: Path) -> None:
    library = load_library(seed_copy)
    before = {p: p.read_bytes() for p in (seed_copy / "studies").iterdir()}
    before[seed_copy / "library.json"] = (seed_copy / "library.json").read_bytes()
    for study in library.studies:
        save_study(library, study)
    save_meta(library)
    reloaded = load_library(seed_copy)
    assert reloaded.studies == library.studies and reloaded.meta == library.meta
    assert reloaded.problems == library.problems
    for path, data in before.items():
        assert path.read_bytes() == data, path


def test_records_from_another_tool_round_trip_to_the_same_records(tmp_path: Path) -> None:
    # Compact JSON, escaped non-ASCII, keys in another order: read, saved, read again.
    root = make_library(tmp_path / "lib")
    path = root / "studies" / "good.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["title"] = "Zürich 🧪 study"
    path.write_text(json.dumps(dict(reversed(list(data.items()))), ensure_ascii=True, separators=(",", ":")))
    library = load_library(root)
    save_study(library, library.study("good"))
    assert load_library(root).study("good") == library.study("good")
    assert path.read_text(encoding="utf-8") == dumps(library.study("good").model_dump(mode="json", exclude_none=True))


# --------------------------------------------------------------------- anchoring

source_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from("\r\n\ufeff😀🧪 abc"), min_size=1, max_size=300
)


@SETTINGS
@given(st.data())
def test_a_quote_made_from_a_text_is_kept_there(data: st.DataObject) -> None:
    text = data.draw(source_text)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    evidence = make_evidence("s", text, start, end)
    result = anchor(text, evidence)
    assert (result.status, result.start, result.end) == (AnchorStatus.KEPT, start, end)


@SETTINGS
@given(st.data())
def test_a_quote_survives_text_inserted_before_it(data: st.DataObject) -> None:
    text = data.draw(source_text)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    evidence = make_evidence("s", text, start, end)
    edited = data.draw(source_text) + text
    result = anchor(edited, evidence)
    assert result.status in (AnchorStatus.KEPT, AnchorStatus.MOVED)
    assert edited[result.start : result.end] == evidence.exact


@SETTINGS
@given(text=st.text(max_size=300), exact=st.text(min_size=1, max_size=80), prefix=st.text(max_size=40),
       suffix=st.text(max_size=40), start=st.integers(0, 400))
def test_anchoring_arbitrary_evidence_never_crashes(text: str, exact: str, prefix: str, suffix: str, start: int) -> None:
    evidence = Evidence(source="s", exact=exact, prefix=prefix, suffix=suffix, start=start, end=start + len(exact))
    result = anchor(text, evidence)
    if result.found:
        assert 0 <= result.start < result.end <= len(text)
    if result.status in (AnchorStatus.KEPT, AnchorStatus.MOVED):
        assert text[result.start : result.end] == exact
    if result.status is AnchorStatus.FUZZY:
        assert FUZZY_THRESHOLD <= result.score <= 1.0
    if result.status is AnchorStatus.ORPHAN:
        assert exact not in text


@SETTINGS
@given(text=source_text)
def test_utf16_positions_round_trip(text: str) -> None:
    index = Utf16Index(text)
    for i in range(len(text) + 1):
        assert index.to_utf16(i) == to_utf16(text, i)
        assert index.to_code_point(index.to_utf16(i)) == i
