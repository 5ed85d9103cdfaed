"""Each bad input gives one clear problem (file, JSON path, reason); the rest loads."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from comparator_gui.cli import main
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.problems import Severity

OSAKA = "studies/osaka-adsc-spheroids.json"
MAYO = "studies/mayo-adsc-sci.json"


def _edit(path: Path, change: Any) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def _errors(root: Path) -> list[str]:
    return [str(p) for p in load_library(root).problems if p.severity is Severity.ERROR]


def _study_ids(root: Path) -> set[str]:
    return {s.id for s in load_library(root).studies}


def test_malformed_json(seed_copy: Path) -> None:
    (seed_copy / OSAKA).write_text('{"schema_version": 1, "id": ', encoding="utf-8")
    assert _errors(seed_copy) == [f"{OSAKA}: $: error: malformed JSON at line 1, column 29: Expecting value"]
    assert _study_ids(seed_copy) == {"mayo-adsc-sci", "keio-ips-nsc-sci"}


def test_wrong_type(seed_copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["fields"]["dose"]["claims"][0]["evidence"][0]["start"] = "ten"

    _edit(seed_copy / MAYO, change)
    (error,) = _errors(seed_copy)
    assert error.startswith(f"{MAYO}: $.fields.dose.claims[0].evidence[0].start: error: ")
    assert "integer" in error and "'ten'" in error
    assert _study_ids(seed_copy) == {"osaka-adsc-spheroids", "keio-ips-nsc-sci"}


def test_missing_required_field(seed_copy: Path) -> None:
    _edit(seed_copy / MAYO, lambda d: d["fields"]["safety"]["claims"][0].pop("value"))
    assert _errors(seed_copy) == [f"{MAYO}: $.fields.safety.claims[0].value: error: missing required field"]
    assert len(_study_ids(seed_copy)) == 2


def test_extra_field_is_reported_not_dropped(seed_copy: Path) -> None:
    _edit(seed_copy / MAYO, lambda d: d["fields"]["safety"]["claims"][0].update(evidance=[]))
    assert _errors(seed_copy) == [
        f"{MAYO}: $.fields.safety.claims[0].evidance: error: unknown field (not part of the record format)"
    ]


def test_duplicate_study_id(seed_copy: Path) -> None:
    copy = seed_copy / "studies" / "zz-copy.json"
    copy.write_text((seed_copy / MAYO).read_text(encoding="utf-8"), encoding="utf-8")
    (error,) = _errors(seed_copy)
    assert error == (
        "studies/zz-copy.json: $.id: error: duplicate study id 'mayo-adsc-sci' "
        f"(already in {MAYO}); not loaded"
    )
    assert len(load_library(seed_copy).studies) == 3


def test_unknown_source_id(seed_copy: Path) -> None:
    _edit(seed_copy / MAYO, lambda d: d["fields"]["dose"]["claims"][0]["evidence"][0].update(source="nowhere"))
    (error,) = _errors(seed_copy)
    assert error == f"{MAYO}: $.fields.dose.claims[0].evidence[0].source: error: unknown source id 'nowhere'"
    assert len(_study_ids(seed_copy)) == 3  # the study loads; the quote is an orphan


def test_quote_not_in_source(seed_copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        ev = d["fields"]["safety"]["claims"][0]["evidence"][0]
        ev["exact"] = "the treatment cured every patient completely and at once"
        ev["end"] = ev["start"] + len(ev["exact"])
        ev["prefix"] = ev["suffix"] = ""

    _edit(seed_copy / MAYO, change)
    (error,) = _errors(seed_copy)
    assert error.startswith(f"{MAYO}: $.fields.safety.claims[0].evidence[0]: error: quote not found in source")
    library = load_library(seed_copy)
    assert len(library.studies) == 3
    from comparator_gui.domain.library import library_stats

    assert library_stats(library).orphans == 1


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("../outside.txt", "leads outside the library folder"),
        ("/etc/hostname", "is absolute; it must lie inside the library folder"),
        ("link.txt", "leads outside the library folder"),
    ],
)
def test_source_path_that_leaves_the_library(seed_copy: Path, path: str, reason: str) -> None:
    (seed_copy.parent / "outside.txt").write_text("secret", encoding="utf-8")
    os.symlink(seed_copy.parent / "outside.txt", seed_copy / "link.txt")
    _edit(seed_copy / "library.json", lambda d: d["sources"][4].update(path=path))
    errors = _errors(seed_copy)
    assert errors[0] == f"library.json: $.sources[4].path: error: source path {path!r} {reason}"
    # Only the Keio study, which cites that source, has orphaned quotes.
    assert all("keio" in e for e in errors[1:]) and len(errors) > 1
    assert len(_study_ids(seed_copy)) == 3


def test_source_not_utf8(seed_copy: Path) -> None:
    library_json = json.loads((seed_copy / "library.json").read_text(encoding="utf-8"))
    path = seed_copy / library_json["sources"][3]["path"]
    path.write_bytes(path.read_bytes().replace("’".encode(), b"\x92", 1))
    errors = _errors(seed_copy)
    assert errors[0].startswith("library.json: $.sources[3].path: error: source file '003_4063b27d12b6ab8b.txt' is not UTF-8 (byte ")
    assert {s.id for s in load_library(seed_copy).studies} == {"osaka-adsc-spheroids", "mayo-adsc-sci", "keio-ips-nsc-sci"}


def test_newer_schema_version(seed_copy: Path) -> None:
    _edit(seed_copy / MAYO, lambda d: d.update(schema_version=3))
    (error,) = _errors(seed_copy)
    assert error.startswith(f"{MAYO}: $.schema_version: error: written by a newer version of the app (schema 3")
    assert _study_ids(seed_copy) == {"osaka-adsc-spheroids", "keio-ips-nsc-sci"}


def test_changed_source_text_is_a_warning_and_quotes_reanchor(seed_copy: Path) -> None:
    path = seed_copy / "004_2fe5765ebb54253d.txt"
    path.write_text("An editor's note added on top.\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    library = load_library(seed_copy)
    assert library.errors == []
    warnings = [str(p) for p in library.problems]
    assert warnings[0].startswith("library.json: $.sources[4].sha256: warning: source file")
    assert all(ref.anchor.found for ref in library.evidence)


def test_validate_command_exit_codes(seed_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--library", str(seed_copy)]) == 0
    out = capsys.readouterr().out
    assert "OK: 3 studies, 5 sources" in out and "0 orphans" in out and "1 disputed fields" in out
    _edit(seed_copy / MAYO, lambda d: d.update(schema_version=9))
    assert main(["validate", "--library", str(seed_copy)]) == 1
    err = capsys.readouterr().err
    assert f"{MAYO}: $.schema_version:" in err


def test_a_quote_that_is_not_verbatim_is_an_error_naming_both_texts(seed_copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        ev = d["fields"]["outcomes"]["claims"][0]["evidence"][0]
        ev["exact"] = ev["exact"].replace("70%", "80%")

    _edit(seed_copy / MAYO, change)
    (error,) = _errors(seed_copy)
    assert error.startswith(f"{MAYO}: $.fields.outcomes.claims[0].evidence[0]: error: quote is not verbatim")
    assert "'80% of participants" in error and "'70% of participants" in error
    assert "similarity 1.000" not in error  # a difference is never rounded away
    assert main(["validate", "--library", str(seed_copy)]) == 1


def test_a_source_that_failed_to_load_is_one_line_per_study(seed_copy: Path) -> None:
    _edit(seed_copy / "library.json", lambda d: d["sources"][3].update(path="../../etc/passwd"))
    errors = _errors(seed_copy)
    assert errors == [
        "library.json: $.sources[3].path: error: source path '../../etc/passwd' leads outside the library folder",
        f"{MAYO}: $.fields: error: 20 quote(s) cite source 'mayo-news-2024-04-03', which could not be loaded "
        "(see the library.json problem); they are shown as orphans",
    ]
