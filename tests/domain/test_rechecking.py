"""After an edit, undo or redo the library's problems and caches are as a reload
would give them: the editor checks a changed study with the loader's routine."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from comparator_gui.domain.anchoring import AnchorStatus
from comparator_gui.domain.editing import EditError, LibraryEditor
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.reanchor import accept, accept_all_moved, reanchor_items

MAYO_ID = "mayo-adsc-sci"
MAYO = f"studies/{MAYO_ID}.json"
MOVED = (
    f"{MAYO}: $.fields.dose.claims[0].evidence[0]: warning: "
    "quote found at 1235-1287, not at its stored 1240-1292"
)


def _edit(path: Path, change: Any) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["fields"]["dose"]["claims"][0]["evidence"][0])
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def _shift(evidence: dict[str, Any]) -> None:
    """The stored offsets 5 characters off: the words are found, elsewhere (MOVED)."""
    evidence["start"] += 5
    evidence["end"] += 5


def _lose(evidence: dict[str, Any]) -> None:
    """Words the source never says: an orphan."""
    evidence["exact"] = "words no source in this library contains"
    evidence["end"] = evidence["start"] + len(evidence["exact"])


def test_accepting_a_moved_quote_clears_its_problem_and_undo_brings_it_back(seed_copy: Path) -> None:
    _edit(seed_copy / MAYO, _shift)
    library = load_library(seed_copy)
    loaded = list(library.problems)
    assert [str(p) for p in loaded] == [MOVED]
    editor = LibraryEditor(library)
    before = editor.snapshot([MAYO_ID])
    assert accept_all_moved(editor) == 1
    after = editor.snapshot([MAYO_ID])
    assert library.problems == []
    assert all(ref.anchor.status is AnchorStatus.KEPT for ref in library.evidence_for(MAYO_ID))
    editor.restore(before)  # undo
    assert library.problems == loaded
    editor.restore(after)  # redo
    assert library.problems == []
    editor.save()
    assert load_library(seed_copy).problems == []


def test_an_edit_reports_what_a_reload_would(seed_copy: Path) -> None:
    """A note on a field the catalogue lacks: the loader's warning, at once."""
    library = load_library(seed_copy)
    editor = LibraryEditor(library)
    editor.set_note(MAYO_ID, "mystery_field", "kept for later")
    assert [str(p) for p in library.problems] == [
        f"{MAYO}: $.fields.mystery_field: warning: field 'mystery_field' is not in the library's "
        "field catalogue; it is not shown"
    ]
    editor.save()
    assert load_library(seed_copy).problems == library.problems


def test_problems_keep_the_loaders_order_after_an_edit(seed_copy: Path) -> None:
    """Problems of files around the edited study stay where they were."""
    (seed_copy / "studies" / "aaa-broken.json").write_text("{", encoding="utf-8")
    (seed_copy / "studies" / "zzz-broken.json").write_text("[]", encoding="utf-8")
    _edit(seed_copy / MAYO, _shift)
    library = load_library(seed_copy)
    loaded = [str(p) for p in library.problems]
    assert loaded[1] == MOVED and len(loaded) == 3
    accept_all_moved(LibraryEditor(library))
    assert [str(p) for p in library.problems] == [loaded[0], loaded[2]]


def test_a_study_an_undo_removes_loses_its_problems(seed_copy: Path) -> None:
    library = load_library(seed_copy)
    editor = LibraryEditor(library)
    before = editor.snapshot([])
    study = editor.create_study("A new study", "New")
    editor.set_note(study.id, "mystery_field", "a note")
    assert [p.json_path for p in library.problems] == ["$.fields.mystery_field"]
    assert library.problems[0].file == f"studies/{study.id}.json"  # the file it will be saved to
    # Undo of "new study": the snapshot from before names the study as absent.
    editor.restore(replace(before, studies={study.id: None}))
    assert study.id not in {s.id for s in library.studies}
    assert library.problems == [] and study.id not in library.problem_groups


def test_every_change_moves_the_revision_and_the_caches_follow(seed_copy: Path) -> None:
    library = load_library(seed_copy)
    editor = LibraryEditor(library)
    seen = [library.revision]

    def changed() -> None:
        assert library.revision > seen[-1]
        seen.append(library.revision)

    before = editor.snapshot([MAYO_ID])
    source = editor.add_source("Twelve adults were treated.\n", title="More")
    changed()
    assert source.id in library.sources
    editor.attach_source(MAYO_ID, source.id)
    changed()
    count = len(library.evidence_for(MAYO_ID))
    editor.add_evidence(MAYO_ID, "subjects", source.id, 0, 12, claim_index=None)
    changed()
    assert len(library.evidence_for(MAYO_ID)) == count + 1
    editor.update_source_hash(source.id)
    changed()
    editor.restore(before)
    changed()
    assert source.id not in library.sources
    assert len(library.evidence_for(MAYO_ID)) == count


def test_a_quote_replaced_in_place_is_seen_by_evidence_for(seed_copy: Path) -> None:
    """Same number of quotes before and after: the cache must not go by length."""
    _edit(seed_copy / MAYO, _shift)
    library = load_library(seed_copy)
    (moved,) = [ref for ref in library.evidence_for(MAYO_ID) if ref.anchor.status is AnchorStatus.MOVED]
    count = len(library.evidence)
    accept(LibraryEditor(library), next(i for i in reanchor_items(library) if i.ref == moved))
    assert len(library.evidence) == count
    assert all(ref.anchor.status is AnchorStatus.KEPT for ref in library.evidence_for(MAYO_ID))


def test_accepting_an_orphan_is_an_edit_error(seed_copy: Path) -> None:
    _edit(seed_copy / MAYO, _lose)
    library = load_library(seed_copy)
    (orphan,) = [item for item in reanchor_items(library) if item.status is AnchorStatus.ORPHAN]
    editor = LibraryEditor(library)
    with pytest.raises(EditError, match="an orphaned quote has no new place to accept; drop it or select new text"):
        accept(editor, orphan)
    assert not editor.modified
