"""Consolidation without the view: what each decision makes of a field, the
decisions file (resumed, stale, unreadable), undo and redo, and the folders
the consolidated library may not be written to."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from comparator_gui.domain.compare import Comparison, compare_libraries
from comparator_gui.domain.consensus import (
    Choice,
    ConsensusError,
    DecisionsFile,
    consolidated_study,
    decision_now,
    write_consolidated,
)
from comparator_gui.domain.loading import load_library
from comparator_gui.session.consensus import Consolidation

from .consensus_copies import Copies, make_copies, read_json, study_files, tree_bytes, write_json


@pytest.fixture
def copies(tmp_path: Path) -> Copies:
    return make_copies(tmp_path / "copies")


def _compare(copies: Copies) -> Comparison:
    return compare_libraries(load_library(copies.a), load_library(copies.b))


def test_keep_both_makes_a_disputed_field_and_edit_pools_the_quotes(copies: Copies) -> None:
    comparison = _compare(copies)
    changed = comparison.item("/".join(copies.changed))
    assert changed is not None
    a_claim = read_json(study_files(copies.a)[copies.changed[0]])["fields"][copies.changed[1]]["claims"][0]
    b_claim = read_json(study_files(copies.b)[copies.changed[0]])["fields"][copies.changed[1]]["claims"][0]
    rest = {d.item_id: decision_now(comparison, d, Choice.A, None, "R") for d in comparison.differences}

    both = dict(rest, **{changed.item_id: decision_now(comparison, changed, Choice.BOTH, None, "R")})
    study = consolidated_study(comparison, copies.changed[0], both, "R")
    assert study is not None
    claims = study.fields[copies.changed[1]].claims
    assert [c.value for c in claims] == [a_claim["value"], b_claim["value"]]  # two values: disputed

    edit = dict(rest, **{changed.item_id: decision_now(comparison, changed, Choice.EDIT, "  Agreed value ", "R")})
    study = consolidated_study(comparison, copies.changed[0], edit, "R")
    assert study is not None
    (claim,) = study.fields[copies.changed[1]].claims
    assert claim.value == "Agreed value" and claim.added_by == "R"
    assert [(e.source, e.start, e.end) for e in claim.evidence] == [(e["source"], e["start"], e["end"]) for e in a_claim["evidence"]]

    with pytest.raises(ConsensusError, match="cannot apply"):
        decision_now(comparison, comparison.item(f"{copies.level}/@evidence_level"), Choice.BOTH, None, "R")  # type: ignore[arg-type]
    with pytest.raises(ConsensusError, match="cannot be empty"):
        decision_now(comparison, changed, Choice.EDIT, "   ", "R")
    level = comparison.item(f"{copies.level}/@evidence_level")
    assert level is not None
    bad = dict(rest, **{level.item_id: decision_now(comparison, level, Choice.EDIT, "not-a-level", "R")})
    with pytest.raises(ConsensusError, match="not a valid evidence_level"):
        consolidated_study(comparison, copies.level, bad, "R")


def test_decisions_are_saved_resumed_undone_and_dropped_when_a_copy_changes(copies: Copies, tmp_path: Path) -> None:
    path = tmp_path / "decisions.json"
    comparison = _compare(copies)
    run = Consolidation.start(comparison, path, "Ana")
    level, changed = comparison.item(f"{copies.level}/@evidence_level"), comparison.item("/".join(copies.changed))
    assert level is not None and changed is not None
    run.decide(level, Choice.B)
    run.decide(changed, Choice.A)
    saved = json.loads(path.read_text(encoding="utf-8"))["decisions"]
    assert [(d["item"], d["choice"], d["decided_by"]) for d in saved] == [(level.item_id, "b", "Ana"), (changed.item_id, "a", "Ana")]
    assert run.undo() == changed.item_id and run.progress == (1, 4)
    assert [d["item"] for d in json.loads(path.read_text(encoding="utf-8"))["decisions"]] == [level.item_id]
    assert run.redo() == changed.item_id and run.progress == (2, 4)

    again = Consolidation.start(_compare(copies), path, "Ana")
    assert again.progress == (2, 4) and again.stale == 0 and again.decisions[level.item_id].choice is Choice.B

    # Copy B changes the evidence level again after it was decided: that decision is asked again.
    file = study_files(copies.b)[copies.level]
    data = read_json(file)
    levels = [str(m.value) for m in type(load_library(copies.b).study(copies.level).evidence_level)]
    data["evidence_level"] = next(x for x in levels if x not in (data["evidence_level"], read_json(study_files(copies.a)[copies.level])["evidence_level"]))
    write_json(file, data)
    later = Consolidation.start(_compare(copies), path, "Ana")
    assert later.stale == 1 and level.item_id not in later.decisions and changed.item_id in later.decisions

    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConsensusError, match=str(path)):
        DecisionsFile.open(path, copies.a, copies.b)


def test_the_consolidated_library_needs_every_decision_and_a_new_folder(copies: Copies, tmp_path: Path) -> None:
    comparison = _compare(copies)
    before = {root: tree_bytes(root) for root in (copies.a, copies.b)}
    decisions = {d.item_id: decision_now(comparison, d, Choice.A, None, "R") for d in comparison.differences[1:]}
    with pytest.raises(ConsensusError, match="no decision yet"):
        write_consolidated(comparison, decisions, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    decisions = {d.item_id: decision_now(comparison, d, Choice.A, None, "R") for d in comparison.differences}
    for folder in (copies.a, copies.a / "inside"):
        with pytest.raises(ConsensusError, match="outside both copies"):
            write_consolidated(comparison, decisions, folder)
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ConsensusError, match="not empty"):
        write_consolidated(comparison, decisions, full)
    assert (full / "keep.txt").read_text(encoding="utf-8") == "mine"
    # Adopting A throughout gives A back, byte for byte.
    written = write_consolidated(comparison, decisions, tmp_path / "out")
    assert written.files == [] and tree_bytes(tmp_path / "out") == before[copies.a]
    assert {root: tree_bytes(root) for root in (copies.a, copies.b)} == before
