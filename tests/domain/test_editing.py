"""Editing without Qt: evidence marking, values, undo snapshots, saving, recovery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from comparator_gui.cli import main
from comparator_gui.domain.comparison import FieldStatus, field_status
from comparator_gui.domain.editing import EditError, LibraryEditor, new_library
from comparator_gui.domain.importing import html_to_text, read_article
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.writing import study_json

ARTICLE = "Team X at Example University treated 12 dogs with cartilage cells.\nNo side effects were seen in six months.\n"


def _span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def test_build_a_record_save_and_validate(tmp_path: Path) -> None:
    root = new_library(tmp_path / "lib", "Dogs")
    editor = LibraryEditor(load_library(root))
    source = editor.add_source(ARTICLE, title="Dogs get cartilage cells", published="2026")
    study = editor.create_study("Cartilage cells in dogs", "Dogs: cartilage", institution="Example University")
    editor.add_evidence(study.id, "subjects", source.id, *_span(ARTICLE, "12 dogs"))
    editor.set_value(study.id, "subjects", 0, "12 dogs")
    editor.add_evidence(study.id, "safety", source.id, *_span(ARTICLE, "No side effects were seen"))
    editor.add_evidence(study.id, "follow_up", source.id, *_span(ARTICLE, " six months"))  # blanks trimmed
    assert editor.modified
    written = editor.save()
    assert not editor.modified and written
    reloaded = load_library(root)
    assert reloaded.problems == []
    saved = reloaded.study(study.id)
    assert saved.field("subjects").claims[0].value == "12 dogs"
    assert saved.field("follow_up").claims[0].evidence[0].exact == "six months"
    assert (root / "sources" / f"{source.id}.txt").read_text(encoding="utf-8") == ARTICLE
    assert main(["validate", "--library", str(root)]) == 0


def test_snapshots_restore_exact_json(seed_copy: Path) -> None:
    editor = LibraryEditor(load_library(seed_copy))
    library = editor.library
    before_json = study_json(library.study("mayo-adsc-sci"), library.catalogue)
    before = editor.snapshot(["mayo-adsc-sci"])
    editor.set_value("mayo-adsc-sci", "dose", 0, "100 million cells")
    after = editor.snapshot(["mayo-adsc-sci"])
    assert study_json(library.study("mayo-adsc-sci"), library.catalogue) != before_json
    editor.restore(before)
    assert study_json(library.study("mayo-adsc-sci"), library.catalogue) == before_json
    assert not editor.modified
    editor.restore(after)
    assert library.study("mayo-adsc-sci").field("dose").claims[0].value == "100 million cells"


def test_second_source_that_disagrees_makes_a_dispute(seed_copy: Path) -> None:
    editor = LibraryEditor(load_library(seed_copy))
    text = "Mayo Clinic researchers treated 12 adults in their phase 1 trial.\n"
    source = editor.add_source(text, title="Another report")
    editor.attach_source("mayo-adsc-sci", source.id)
    editor.add_evidence("mayo-adsc-sci", "subjects", source.id, *_span(text, "12 adults"), claim_index=None, new_claim_value="12 adults")
    entry = editor.library.study("mayo-adsc-sci").field("subjects")
    assert field_status(entry) is FieldStatus.DISPUTED
    assert {e.source for c in entry.claims for e in c.evidence} == {"mayo-news-2024-04-03", source.id}


def test_removing_the_last_quote_removes_the_claim(seed_copy: Path) -> None:
    editor = LibraryEditor(load_library(seed_copy))
    editor.remove_evidence("mayo-adsc-sci", "publication", 0, 0)
    assert not editor.library.study("mayo-adsc-sci").field("publication").reported
    with pytest.raises(EditError):
        editor.set_value("mayo-adsc-sci", "publication", 0, "Nature")


def test_recovery_round_trip(seed_copy: Path) -> None:
    editor = LibraryEditor(load_library(seed_copy))
    source = editor.add_source(ARTICLE, title="New")
    editor.set_note("keio-ips-nsc-sci", "dose", "Checked again.")
    payload = editor.recovery_json()
    fresh = LibraryEditor(load_library(seed_copy))
    fresh.apply_recovery(payload)
    assert fresh.library.study("keio-ips-nsc-sci").field("dose").note == "Checked again."
    assert fresh.library.texts[source.id] == ARTICLE and fresh.modified
    fresh.save()
    assert load_library(seed_copy).problems == []


def test_html_is_reduced_to_readable_text(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(
        "<html><head><title>Cells &amp; dogs</title><style>p{}</style></head><body><nav>Home</nav>"
        "<h1>Dogs</h1><p>Twelve&nbsp;dogs were <b>treated</b>.</p><script>alert(1)</script></body></html>",
        encoding="utf-8",
    )
    text, title = read_article(page)
    assert title == "Cells & dogs"
    assert text == "Dogs\n\nTwelve dogs were treated.\n"
    assert "alert" not in html_to_text("<script>alert(1)</script>x")[0]


def test_saved_files_are_stable_json(seed_copy: Path) -> None:
    editor = LibraryEditor(load_library(seed_copy))
    editor.set_note("keio-ips-nsc-sci", "dose", "Checked.")
    editor.save()
    data = json.loads((seed_copy / "studies" / "keio-ips-nsc-sci.json").read_text(encoding="utf-8"))
    assert list(data)[:3] == ["schema_version", "id", "title"]
    assert next(iter(data["fields"])) == "institution"


def test_trial_phase_is_set_and_cleared_apart_from_the_level(seed_copy: Path) -> None:
    from comparator_gui.domain.models import EvidenceLevel, TrialPhase

    editor = LibraryEditor(load_library(seed_copy))
    study = editor.update_study("keio-ips-nsc-sci", trial_phase="phase_1")
    assert study.trial_phase is TrialPhase.PHASE_1 and study.evidence_level is EvidenceLevel.CASE_SERIES
    study = editor.update_study("keio-ips-nsc-sci", title="Keio")  # None: left as it is
    assert study.trial_phase is TrialPhase.PHASE_1
    study = editor.update_study("keio-ips-nsc-sci", trial_phase="")
    assert study.trial_phase is None
    editor.save()
    assert "trial_phase" not in json.loads((seed_copy / "studies" / "keio-ips-nsc-sci.json").read_text(encoding="utf-8"))
