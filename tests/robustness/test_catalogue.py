"""Bad records and library files: each gives a clear problem (file, JSON path,
reason), loads nothing it cannot trust, and never stops the rest of the library.

Extends ``tests/domain/test_bad_input.py`` (which covers a malformed study file,
wrong types, missing and extra fields inside a study, duplicate study ids,
unknown evidence sources, orphan quotes, escaping source paths, a non-UTF-8
source and a newer study schema) without repeating it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from comparator_gui.domain.loading import load_library
from comparator_gui.domain.problems import Severity

from .helpers import KEIO, MAYO, OSAKA, edit_json, errors, make_library, problems, study_ids

ALL = {"osaka-adsc-spheroids", "mayo-adsc-sci", "keio-ips-nsc-sci"}


# --------------------------------------------------------------------- library.json


def test_malformed_library_json_still_loads_every_study(seed_copy: Path) -> None:
    (seed_copy / "library.json").write_text('{"schema_version": 1, "name": "x",', encoding="utf-8")
    library = load_library(seed_copy)
    first = str(library.problems[0])
    assert first.startswith("library.json: $: error: malformed JSON at line 1, column 35")
    assert {s.id for s in library.studies} == ALL
    # Without the sources every quote is reported, never silently dropped.
    unknown = [p for p in library.problems if "unknown source id" in p.reason]
    assert unknown and all(p.file.startswith("studies/") for p in unknown)


def test_empty_library_json_says_it_is_empty(seed_copy: Path) -> None:
    (seed_copy / "library.json").write_bytes(b"")
    assert problems(seed_copy)[0] == "library.json: $: error: empty file (0 bytes)"
    assert study_ids(seed_copy) == ALL


@pytest.mark.parametrize(
    ("content", "found"),
    [("[]", "list"), ('"a study"', "str"), ("null", "NoneType"), ("42", "int")],
)
def test_study_file_that_is_not_an_object(seed_copy: Path, content: str, found: str) -> None:
    (seed_copy / MAYO).write_text(content, encoding="utf-8")
    assert errors(seed_copy) == [f"{MAYO}: $: error: expected a JSON object, found {found}"]
    assert study_ids(seed_copy) == ALL - {"mayo-adsc-sci"}


def test_sources_that_are_not_a_list(seed_copy: Path) -> None:
    edit_json(seed_copy / "library.json", lambda d: d.update(sources={"a": 1}))
    library = load_library(seed_copy)
    assert str(library.problems[0]) == "library.json: $.sources: error: expected a list, found dict"
    assert library.meta.sources == [] and {s.id for s in library.studies} == ALL


def test_one_bad_source_entry_costs_only_itself(seed_copy: Path) -> None:
    edit_json(seed_copy / "library.json", lambda d: d["sources"][1].update(sha256="not a hash"))
    library = load_library(seed_copy)
    first = str(library.problems[0])
    assert first.startswith("library.json: $.sources[1].sha256: error: String should match pattern")
    assert len(library.meta.sources) == 4


def test_library_json_missing_name_keeps_sources_and_fields(seed_copy: Path) -> None:
    edit_json(seed_copy / "library.json", lambda d: d.pop("name"))
    library = load_library(seed_copy)
    assert [str(p) for p in library.errors] == ["library.json: $.name: error: missing required field"]
    assert len(library.meta.sources) == 5 and len(library.meta.fields) > 5
    assert {s.id for s in library.studies} == ALL


def test_library_json_extra_field_is_reported(seed_copy: Path) -> None:
    edit_json(seed_copy / "library.json", lambda d: d.update(colour="blue"))
    library = load_library(seed_copy)
    assert [str(p) for p in library.errors] == [
        "library.json: $.colour: error: unknown field (not part of the record format)"
    ]
    assert len(library.meta.sources) == 5


def test_study_missing_id(seed_copy: Path) -> None:
    edit_json(seed_copy / KEIO, lambda d: d.pop("id"))
    assert errors(seed_copy) == [f"{KEIO}: $.id: error: missing required field"]
    assert study_ids(seed_copy) == ALL - {"keio-ips-nsc-sci"}


@pytest.mark.parametrize(
    ("version", "reason"),
    [
        (None, "missing: every library file states its schema_version"),
        (0, "not a schema version: 0"),
        (-1, "not a schema version: -1"),
        ("1", "not a schema version: '1'"),
        (True, "not a schema version: True"),
        (1.0, "not a schema version: 1.0"),
        (99, "written by a newer version of the app (schema 99, this app reads up to 2); not loaded and never overwritten"),
    ],
)
def test_unknown_schema_versions(seed_copy: Path, version: Any, reason: str) -> None:
    def change(d: dict[str, Any]) -> None:
        if version is None:
            d.pop("schema_version")
        else:
            d["schema_version"] = version

    edit_json(seed_copy / OSAKA, change)
    assert errors(seed_copy) == [f"{OSAKA}: $.schema_version: error: {reason}"]
    assert study_ids(seed_copy) == ALL - {"osaka-adsc-spheroids"}


def test_newer_library_json_is_not_read_but_studies_load(seed_copy: Path) -> None:
    edit_json(seed_copy / "library.json", lambda d: d.update(schema_version=3))
    library = load_library(seed_copy)
    assert str(library.problems[0]).startswith(
        "library.json: $.schema_version: error: written by a newer version of the app (schema 3"
    )
    assert {s.id for s in library.studies} == ALL


# --------------------------------------------------------------------- duplicates


def test_duplicate_source_id(seed_copy: Path) -> None:
    edit_json(seed_copy / "library.json", lambda d: d["sources"][2].update(id=d["sources"][0]["id"]))
    library = load_library(seed_copy)
    first_id = library.meta.sources[0].id
    assert str(library.problems[0]) == f"library.json: $.sources[2].id: error: duplicate source id {first_id!r}"
    assert len(library.meta.sources) == 4 and {s.id for s in library.studies} == ALL


def test_duplicate_field_key(seed_copy: Path) -> None:
    edit_json(seed_copy / "library.json", lambda d: d["fields"][3].update(key=d["fields"][0]["key"]))
    library = load_library(seed_copy)
    key = library.meta.fields[0].key
    assert str(library.problems[0]) == f"library.json: $.fields[3].key: error: duplicate field key {key!r}"
    assert [f.key for f in library.meta.fields].count(key) == 1


def test_duplicate_key_inside_a_json_object(seed_copy: Path) -> None:
    # JSON parsers keep the last of two equal keys: loading and saving such a
    # record would silently drop the first value (here, every safety claim).
    text = (seed_copy / MAYO).read_text(encoding="utf-8")
    text = text.replace('"fields": {', '"fields": {\n    "safety": {"claims": []},', 1)
    (seed_copy / MAYO).write_text(text, encoding="utf-8")
    assert errors(seed_copy) == [
        f"{MAYO}: $.fields.safety: error: duplicate key 'safety' in one JSON object; "
        "which one is meant is unclear, so the file is not loaded"
    ]
    assert study_ids(seed_copy) == ALL - {"mayo-adsc-sci"}


# --------------------------------------------------------------------- sources


def test_study_lists_an_unknown_source(seed_copy: Path) -> None:
    edit_json(seed_copy / MAYO, lambda d: d["sources"].append("ghost"))
    assert errors(seed_copy) == [
        f"{MAYO}: $.sources[1]: error: unknown source id 'ghost' (not in library.json)"
    ]


def test_evidence_from_a_source_the_study_does_not_list(seed_copy: Path) -> None:
    keio_source = json.loads((seed_copy / KEIO).read_text(encoding="utf-8"))["sources"][0]
    edit_json(seed_copy / MAYO, lambda d: d["fields"]["dose"]["claims"][0]["evidence"][0].update(source=keio_source))
    errs = errors(seed_copy)
    assert errs[0] == (
        f"{MAYO}: $.fields.dose.claims[0].evidence[0].source: error: "
        f"source {keio_source!r} is not listed in the study's sources"
    )


def test_missing_source_file(seed_copy: Path) -> None:
    (seed_copy / "004_2fe5765ebb54253d.txt").unlink()
    errs = errors(seed_copy)
    assert errs[0] == (
        "library.json: $.sources[4].path: error: cannot read source file "
        "'004_2fe5765ebb54253d.txt': No such file or directory"
    )
    assert study_ids(seed_copy) == ALL


def test_source_path_that_is_a_folder(seed_copy: Path) -> None:
    edit_json(seed_copy / "library.json", lambda d: d["sources"][4].update(path="studies"))
    assert errors(seed_copy)[0] == (
        "library.json: $.sources[4].path: error: source file 'studies' is not a regular file; not read"
    )


def test_source_path_with_a_nul_character(seed_copy: Path) -> None:
    # Before: ValueError("embedded null byte") escaped the loader.
    edit_json(seed_copy / "library.json", lambda d: d["sources"][4].update(path="a\u0000b.txt"))
    library = load_library(seed_copy)
    assert str(library.problems[0]) == (
        "library.json: $.sources[4].path: error: contains a NUL character (\\u0000); not loaded"
    )
    assert len(library.meta.sources) == 4 and {s.id for s in library.studies} == ALL


def test_source_path_through_a_symlinked_folder(seed_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "note.txt").write_text("secret", encoding="utf-8")
    os.symlink(outside, seed_copy / "shared")
    edit_json(seed_copy / "library.json", lambda d: d["sources"][4].update(path="shared/note.txt"))
    assert errors(seed_copy)[0] == (
        "library.json: $.sources[4].path: error: source path 'shared/note.txt' leads outside the library folder"
    )


# --------------------------------------------------------------------- special files


def test_study_file_that_is_a_fifo_does_not_hang(seed_copy: Path) -> None:
    # Before: opening a named pipe blocked the loader forever.
    os.mkfifo(seed_copy / "studies" / "pipe.json")
    assert errors(seed_copy) == ["studies/pipe.json: $: error: not a regular file; not read"]
    assert study_ids(seed_copy) == ALL


def test_study_file_that_is_a_device_is_not_read(seed_copy: Path) -> None:
    # Before: /dev/zero reports size 0, so the size check passed and the read never ended.
    os.symlink("/dev/zero", seed_copy / "studies" / "zero.json")
    assert errors(seed_copy) == ["studies/zero.json: $: error: not a regular file; not read"]


def test_integer_too_long_to_convert(seed_copy: Path) -> None:
    # Before: Python's int-string limit raised ValueError out of the loader.
    (seed_copy / MAYO).write_text('{"schema_version": 1, "id": ' + "7" * 5000 + "}", encoding="utf-8")
    (error,) = errors(seed_copy)
    assert error.startswith(f"{MAYO}: $: error: malformed JSON: Exceeds the limit (4300 digits)")
    assert study_ids(seed_copy) == ALL - {"mayo-adsc-sci"}


# --------------------------------------------------------------------- empty and missing


def test_empty_folder_loads_with_one_clear_problem(tmp_path: Path) -> None:
    library = load_library(tmp_path)
    assert library.studies == [] and library.meta.sources == []
    assert [str(p) for p in library.problems] == [
        "library.json: $: error: no library.json: using the default field catalogue and no sources"
    ]
    assert len(library.catalogue) >= 11


def test_library_with_no_sources_and_no_studies_is_fine(tmp_path: Path) -> None:
    (tmp_path / "library.json").write_text('{"schema_version": 2, "name": "New"}', encoding="utf-8")
    library = load_library(tmp_path)
    assert library.problems == [] and library.studies == [] and library.name == "New"


def test_studies_folder_with_only_unrelated_files(tmp_path: Path) -> None:
    make_library(tmp_path, studies=[])
    (tmp_path / "studies" / "README.txt").write_text("notes", encoding="utf-8")
    (tmp_path / "studies" / ".good.json.abcd.tmp").write_text("{", encoding="utf-8")
    library = load_library(tmp_path)
    assert library.problems == [] and library.studies == []


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_library_path_that_is_not_a_folder(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "lib"
    if kind == "file":
        target.write_text("x", encoding="utf-8")
    library = load_library(target)
    assert [str(p) for p in library.problems] == [f"{target}: $: error: not a folder"]
    assert library.studies == []


def test_every_problem_names_file_path_and_reason(seed_copy: Path) -> None:
    edit_json(seed_copy / MAYO, lambda d: d.update(schema_version="x"))
    (seed_copy / OSAKA).write_bytes(b"\xff\xfe{")
    edit_json(seed_copy / "library.json", lambda d: d["sources"][0].update(path="../x"))
    library = load_library(seed_copy)
    assert library.problems
    for problem in library.problems:
        assert problem.file and problem.json_path.startswith("$") and problem.reason
        assert problem.severity in (Severity.ERROR, Severity.WARNING)
    assert {s.id for s in library.studies} == {"keio-ips-nsc-sci"}
