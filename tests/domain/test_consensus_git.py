"""Two reviewers in two git worktrees of one repository: each edits with the app's
editor and commits; the copies are compared and consolidated into a new folder;
neither worktree changes (git status is clean), and the consolidated library,
put in place of reviewer A's, gives a small diff: only the decided studies."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from comparator_gui.domain.compare import compare_libraries
from comparator_gui.domain.consensus import Choice, decision_now, write_consolidated
from comparator_gui.domain.editing import LibraryEditor
from comparator_gui.domain.loading import load_library

from .consensus_copies import SEEDS

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=cwd, capture_output=True, text=True, check=True,
    )
    return done.stdout


def test_two_worktrees_compare_and_consolidate_with_a_small_diff(tmp_path: Path) -> None:
    repo, other = tmp_path / "review-a", tmp_path / "review-b"
    shutil.copytree(SEEDS, repo / "library")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "the library")
    git(repo, "worktree", "add", "-q", str(other), "-b", "reviewer-b")

    # Reviewer A quotes four more words for one field; reviewer B rewords another field's value.
    library_a = load_library(repo / "library")
    study = library_a.studies[0]
    key_a, key_b = [k for k, e in study.fields.items() if len(e.claims) == 1][:2]
    source = study.sources[0]
    start, end = next(re.finditer(r"\w+(?:\W+\w+){3}", library_a.texts[source])).span()
    editor_a = LibraryEditor(library_a, reviewer="Reviewer A")
    editor_a.add_evidence(study.id, key_a, source, start, end, claim_index=0)
    editor_a.save()
    git(repo, "commit", "-q", "-am", "A's extraction")
    library_b = load_library(other / "library")
    editor_b = LibraryEditor(library_b, reviewer="Reviewer B")
    editor_b.set_value(study.id, key_b, 0, "Reviewer B's wording")
    editor_b.save()
    git(other, "commit", "-q", "-am", "B's extraction")

    comparison = compare_libraries(load_library(repo / "library"), load_library(other / "library"))
    assert {d.item_id for d in comparison.differences} == {f"{study.id}/{key_a}", f"{study.id}/{key_b}"}
    choose = {f"{study.id}/{key_a}": Choice.A, f"{study.id}/{key_b}": Choice.BOTH}
    decisions = {d.item_id: decision_now(comparison, d, choose[d.item_id], None, "Both") for d in comparison.differences}
    out = tmp_path / "consolidated"
    written = write_consolidated(comparison, decisions, out, "Both")
    assert [p.relative_to(out).as_posix() for p in written.files] == [
        library_a.study_files[study.id].relative_to(library_a.root).as_posix()
    ]
    assert not (out / ".git").exists()
    # Neither worktree was touched.
    assert git(repo, "status", "--porcelain") == "" and git(other, "status", "--porcelain") == ""

    # The consolidation as a commit on A's branch: one file, a few lines.
    shutil.rmtree(repo / "library")
    shutil.copytree(out, repo / "library")
    numstat = [line.split("\t") for line in git(repo, "diff", "--numstat").splitlines()]
    assert [name for _, _, name in numstat] == [f"library/studies/{library_a.study_files[study.id].name}"]
    added, removed = int(numstat[0][0]), int(numstat[0][1])
    # Keep both: B's claim joins A's (a claim of value, quotes, facets: about 20 lines), nothing removed.
    assert 0 < added <= 40 and removed <= 2
    # Against B's worktree: A's added quote and the disputed claim, nothing else.
    diff_b = subprocess.run(
        ["git", "diff", "--no-index", "--numstat", str(other / "library"), str(repo / "library")],
        capture_output=True, text=True, check=False,
    ).stdout.splitlines()
    assert len(diff_b) == 1 and int(diff_b[0].split("\t")[0]) <= 60
