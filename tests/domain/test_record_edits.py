"""Reorganising records without Qt: moving quotes between claims, merging
claims, detaching and removing sources, deleting and renaming, on a real copy
of the bundled library, saved and read back; each one undone exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from comparator_gui.domain import record_edits as edits
from comparator_gui.domain.anchoring import AnchorStatus
from comparator_gui.domain.editing import EditError, LibraryEditor
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.writing import library_json, study_json

OSAKA = "osaka-adsc-spheroids"
MICE_SOURCE = "news-2025-11-06"


@pytest.fixture
def editor(seed_copy: Path) -> LibraryEditor:
    return LibraryEditor(load_library(seed_copy))


def _state(editor: LibraryEditor) -> tuple[dict[str, str], str]:
    library = editor.library
    return {s.id: study_json(s, library.catalogue) for s in library.studies}, library_json(library.meta)


def _undo_restores(editor: LibraryEditor, study_ids: list[str], edit: object) -> None:
    """Run ``edit``, then put the snapshot back: the library is exactly as before."""
    before_state = _state(editor)
    snapshot = editor.snapshot(study_ids)
    edit(editor)  # type: ignore[operator]
    assert _state(editor) != before_state
    editor.restore(snapshot)
    assert _state(editor) == before_state
    assert all(ref.anchor.status is AnchorStatus.KEPT for ref in editor.library.evidence)


def test_move_a_quote_to_the_claim_it_supports(editor: LibraryEditor) -> None:
    claims = editor.library.study(OSAKA).field("subjects").claims
    assert [len(c.evidence) for c in claims] == [3, 1]
    # The "mice" quote moved under the rats claim leaves the mice claim without quotes: it goes.
    assert edits.move_evidence(editor, OSAKA, "subjects", 1, 0, to_claim=0) == 0
    claims = editor.library.study(OSAKA).field("subjects").claims
    assert [c.value.split()[0] for c in claims] == ["Rats"] and len(claims[0].evidence) == 4
    # And out again, as a new claim whose value is the quote.
    target = edits.move_evidence(editor, OSAKA, "subjects", 0, 3, to_claim=None)
    claims = editor.library.study(OSAKA).field("subjects").claims
    assert target == 1 and claims[1].value == claims[1].evidence[0].exact and len(claims[0].evidence) == 3
    with pytest.raises(EditError, match="already supports"):
        edits.move_evidence(editor, OSAKA, "subjects", 0, 0, to_claim=0)
    with pytest.raises(EditError, match="no longer there"):
        edits.move_evidence(editor, OSAKA, "subjects", 0, 9, to_claim=1)


def test_merge_claims_that_say_the_same(editor: LibraryEditor) -> None:
    entry = editor.library.study(OSAKA).field("subjects")
    assert edits.duplicate_claims(entry) == []  # rats and mice disagree: not duplicates
    edits.move_evidence(editor, OSAKA, "subjects", 0, 2, to_claim=None)  # a third claim ...
    study = editor._study(OSAKA)
    study.fields["subjects"].claims[2].value = "rats with spinal fractures, number not reported"  # ... saying the same as the first
    study.fields["subjects"].claims[2].note = "from the MSW report"
    editor._replace(study)
    entry = editor.library.study(OSAKA).field("subjects")
    assert edits.duplicate_claims(entry) == [(0, 2)]
    edits.merge_claims(editor, OSAKA, "subjects", merged=2, into=0)
    claims = editor.library.study(OSAKA).field("subjects").claims
    assert len(claims) == 2 and len(claims[0].evidence) == 3 and claims[0].note == "from the MSW report"
    assert claims[0].value == "Rats with spinal fractures; number not reported"
    with pytest.raises(EditError, match="two different claims"):
        edits.merge_claims(editor, OSAKA, "subjects", 0, 0)


def test_detach_a_misfiled_source(editor: LibraryEditor, seed_copy: Path) -> None:
    quoted = edits.citations(editor, MICE_SOURCE, OSAKA)
    assert quoted and all(c.study_id == OSAKA for c in quoted)
    assert edits.detach_source(editor, OSAKA, MICE_SOURCE) == len(quoted)
    study = editor.library.study(OSAKA)
    assert MICE_SOURCE not in study.sources
    assert [c.value.split()[0] for c in study.field("subjects").claims] == ["Rats"]  # the mice claim had only that quote
    assert MICE_SOURCE in editor.library.sources  # still in the library
    editor.save()
    reloaded = load_library(seed_copy)
    assert reloaded.problems == [] and MICE_SOURCE not in reloaded.study(OSAKA).sources
    with pytest.raises(EditError, match="not attached"):
        edits.detach_source(editor, OSAKA, MICE_SOURCE)


def test_remove_a_source_lists_its_quotes_and_keeps_its_file(editor: LibraryEditor, seed_copy: Path) -> None:
    source = editor.library.sources[MICE_SOURCE]
    listed = edits.citations(editor, MICE_SOURCE)
    removed = edits.remove_source(editor, MICE_SOURCE)
    assert removed == listed and len(removed) >= 1
    assert MICE_SOURCE not in editor.library.sources
    editor.save()
    reloaded = load_library(seed_copy)
    assert reloaded.problems == [] and MICE_SOURCE not in reloaded.sources
    assert (seed_copy / source.path).exists()  # only unlisted
    with pytest.raises(EditError, match="no source"):
        edits.remove_source(editor, MICE_SOURCE)


def test_delete_a_study_removes_its_file_on_save(editor: LibraryEditor, seed_copy: Path) -> None:
    edits.delete_study(editor, "mayo-adsc-sci")
    assert [s.id for s in editor.library.studies] == ["keio-ips-nsc-sci", OSAKA]
    assert (seed_copy / "studies" / "mayo-adsc-sci.json").exists()  # not before Save
    editor.save()
    assert not (seed_copy / "studies" / "mayo-adsc-sci.json").exists()
    assert [s.id for s in load_library(seed_copy).studies] == ["keio-ips-nsc-sci", OSAKA]


def test_rename_a_study_and_a_source(editor: LibraryEditor, seed_copy: Path) -> None:
    edits.rename_study(editor, "mayo-adsc-sci", "mayo-clinic-2024")
    changed = edits.rename_source(editor, MICE_SOURCE, "osaka-news-2025")
    assert changed == [OSAKA]
    assert all(ref.anchor.status is AnchorStatus.KEPT for ref in editor.library.evidence)
    editor.save()
    assert (seed_copy / "studies" / "mayo-clinic-2024.json").exists()
    assert not (seed_copy / "studies" / "mayo-adsc-sci.json").exists()
    reloaded = load_library(seed_copy)
    assert reloaded.problems == []
    assert "osaka-news-2025" in reloaded.study(OSAKA).sources and MICE_SOURCE not in reloaded.sources
    assert {s.id for s in reloaded.studies} == {"keio-ips-nsc-sci", "mayo-clinic-2024", OSAKA}
    with pytest.raises(EditError, match="cannot be a study id"):
        edits.rename_study(editor, OSAKA, "has space")
    with pytest.raises(EditError, match="already a source"):
        edits.rename_source(editor, "osaka-news-2025", "afp-keio-2025")


@pytest.mark.parametrize(
    ("ids", "edit"),
    [
        ([OSAKA], lambda e: edits.move_evidence(e, OSAKA, "subjects", 1, 0, to_claim=0)),
        ([OSAKA], lambda e: edits.detach_source(e, OSAKA, MICE_SOURCE)),
        ([OSAKA], lambda e: edits.remove_source(e, MICE_SOURCE)),
        (["mayo-adsc-sci"], lambda e: edits.delete_study(e, "mayo-adsc-sci")),
        (["mayo-adsc-sci", "mayo-x"], lambda e: edits.rename_study(e, "mayo-adsc-sci", "mayo-x")),
        ([OSAKA], lambda e: edits.rename_source(e, MICE_SOURCE, "renamed")),
    ],
)
def test_each_edit_is_undone_exactly(editor: LibraryEditor, ids: list[str], edit: object) -> None:
    _undo_restores(editor, ids, edit)


def test_facets_with_a_fixed_set_take_only_its_values(seed_copy) -> None:  # type: ignore[no-untyped-def]
    from comparator_gui.domain.editing import EditError, LibraryEditor
    from comparator_gui.domain.loading import load_library
    from comparator_gui.domain.record_edits import facet_value, set_facets

    editor = LibraryEditor(load_library(seed_copy))
    with pytest.raises(EditError, match="cell_origin must be one of: autologous, allogeneic, xenogeneic, not_stated"):
        set_facets(editor, "mayo-adsc-sci", "cell_origin", 0, {"cell_origin": "own"})
    set_facets(editor, "mayo-adsc-sci", "subjects", 0, {"n": facet_value("12"), "species": None})
    assert editor.library.study("mayo-adsc-sci").field("subjects").claims[0].facets == {"n": 12}
    assert [facet_value(t) for t in ("2.5", "1,000", "rats", "1e999")] == [2.5, 1000, "rats", "1e999"]
