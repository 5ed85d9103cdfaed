"""Numbers a value states that no quote gives, and notes older than their
field's claims (domain/quality.py, domain/notes.py), without Qt: the reading
of numbers, the warnings of check_study and validate, the cell presenter."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from comparator_gui.cli import main
from comparator_gui.domain.cell import NOTE_STALE_LINE, NUMBERS_LINE, present_cell
from comparator_gui.domain.editing import EditError, LibraryEditor
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.models import Claim, Evidence, FieldEntry
from comparator_gui.domain.notes import confirm_note
from comparator_gui.domain.problems import Severity
from comparator_gui.domain.quality import note_basis, note_is_stale, numbers_in, unsupported_numbers
from comparator_gui.domain.writing import study_json
from tests.conftest import SEEDS

KEIO, MAYO = "keio-ips-nsc-sci", "mayo-adsc-sci"


@pytest.mark.parametrize(
    ("value", "quote"),
    [
        ("4 patients", "two out of the four patients"),
        ("2 of 4 patients", "two out of the four patients"),
        ("2 million cells", "two million cells"),
        ("2 million cells", "2,000,000 cells"),
        ("2,000,000 cells", "2 million cells"),
        ("2 × 10^6 cells", "2 million cells"),
        ("2×10⁶ cells", "2,000,000 cells"),
        ("2.5 million cells", "2,500,000 cells"),
        ("2.0 mL", "2 mL"),
        ("14–28 days", "within 14-28 days"),
        ("14-28 days", "14 to 28 days"),
        ("50%", "50 percent of them"),
        ("50 per cent", "50% of them"),
        ("25 patients", "twenty-five patients"),
        ("250,000 cases", "two hundred and fifty thousand cases"),
        ("One year", "the one-year follow-up period"),
        ("12 months", "twelve months"),
        ("a single injection; one could stand", "one injection"),  # "one" as a pronoun is not a number
        ("Phase 1/2 trial", "a phase I/II trial"),
        ("1 injection", "a single injection"),
        ("Phase 1 trial of 10 adults", "Phase 1 Clinical Trial with 10 adults"),
        ("CD34+ cells; COVID-19 era", "selected stem cells"),  # names, not quantities
        ("The 1st patient", "the first patient"),  # ordinals are not counted
        ("10,000 cells", "10\u202f000 cells"),
    ],
)
def test_a_number_written_another_way_is_supported(value: str, quote: str) -> None:
    assert unsupported_numbers(value, [quote]) == []


@pytest.mark.parametrize(
    ("value", "quotes", "missing"),
    [
        ("2 million cells", ["the number of cells is not given"], ["2 million"]),
        ("12 adults", ["A clinical trial with 10 adults"], ["12"]),
        ("70% improved", ["most participants improved"], ["70%"]),
        ("14–28 days", ["within 14 days"], ["28"]),
        ("4 patients, 2 improved", ["two patients improved", "in a small trial"], ["4"]),
        ("2.5 million cells", ["2 million cells"], ["2.5 million"]),
        ("one year", ["two years"], ["one"]),
        ("twenty-one patients", ["twenty patients"], ["twenty-one"]),
    ],
)
def test_a_number_no_quote_gives_is_reported(value: str, quotes: list[str], missing: list[str]) -> None:
    assert unsupported_numbers(value, quotes) == missing


def test_numbers_are_read_by_worth() -> None:
    assert numbers_in("2 hundred") == [("2 hundred", Decimal(200))]
    assert [v for _w, v in numbers_in("one and two years")] == [Decimal(1), Decimal(2)]
    assert [v for _w, v in numbers_in("one and two years", strict=True)] == [Decimal(2)]
    assert numbers_in("no numbers here", strict=True) == []


def test_the_bundled_values_state_only_quoted_numbers() -> None:
    library = load_library(SEEDS)
    for study in library.studies:
        for key, entry in study.fields.items():
            for claim in entry.claims:
                assert unsupported_numbers(claim.value, [e.exact for e in claim.evidence]) == [], (study.id, key)
    assert library.problems == []


# ------------------------------------------------------------------ notes


def _entry(value: str, exact: str = "ten adults") -> FieldEntry:
    evidence = Evidence(source="s", exact=exact, start=0, end=len(exact))
    return FieldEntry(claims=[Claim(value=value, evidence=[evidence])], note="checked")


def test_note_basis_follows_values_and_quotes_not_offsets() -> None:
    entry = _entry("10 adults")
    entry.note_basis = note_basis(entry)
    assert not note_is_stale(entry)
    moved = entry.model_copy(deep=True)
    moved.claims[0].evidence[0].start += 5
    moved.claims[0].evidence[0].end += 5
    assert not note_is_stale(moved)  # a quote found elsewhere still says the same
    changed = entry.model_copy(deep=True)
    changed.claims[0].value = "12 adults"
    assert note_is_stale(changed)
    assert not note_is_stale(_entry("10 adults"))  # no basis recorded (an older file): confirmed


def test_a_note_older_than_its_claims_may_be_out_of_date(seed_copy: Path) -> None:
    editor = LibraryEditor(load_library(seed_copy))
    library = editor.library
    assert not present_cell(library, library.study(KEIO), "delivery_method").note_stale  # old files: confirmed
    editor.set_note(KEIO, "dose", "The number of cells is not given.")
    entry = library.study(KEIO).field("dose")
    assert entry.note_basis == note_basis(entry) and not note_is_stale(entry)
    text = library.texts["afp-keio-2025"]
    start = text.index("The safety of the procedure")
    editor.add_evidence(KEIO, "dose", "afp-keio-2025", start, start + len("The safety of the procedure"))
    cell = present_cell(library, library.study(KEIO), "dose")
    assert cell.note_stale and NOTE_STALE_LINE in cell.status_line
    assert any("note may be out of date" in line for line in cell.detail_lines())
    (problem,) = [p for p in library.problems if p.json_path == "$.fields.dose.note"]
    assert problem.severity is Severity.WARNING and "note may be out of date" in problem.reason

    confirm_note(editor, KEIO, "dose")
    cell = present_cell(library, library.study(KEIO), "dose")
    assert not cell.note_stale and NOTE_STALE_LINE not in cell.status_line
    assert [p for p in library.problems if p.json_path == "$.fields.dose.note"] == []
    editor.save()
    saved = json.loads((seed_copy / "studies" / f"{KEIO}.json").read_text(encoding="utf-8"))
    assert saved["fields"]["dose"]["note_basis"] == note_basis(library.study(KEIO).field("dose"))
    assert not note_is_stale(load_library(seed_copy).study(KEIO).field("dose"))


def test_confirming_needs_a_note(seed_copy: Path) -> None:
    editor = LibraryEditor(load_library(seed_copy))
    with pytest.raises(EditError, match="no reviewer's note"):
        confirm_note(editor, MAYO, "dose")
    with pytest.raises(EditError, match="no study"):
        confirm_note(editor, "nope", "dose")


def test_clearing_a_note_clears_its_basis(seed_copy: Path) -> None:
    editor = LibraryEditor(load_library(seed_copy))
    editor.set_note(MAYO, "dose", "checked")
    editor.set_note(MAYO, "dose", "   ")
    entry = editor.library.study(MAYO).field("dose")
    assert entry.note is None and entry.note_basis is None
    assert '"note_basis"' not in study_json(editor.library.study(MAYO), editor.library.catalogue)


def test_the_bundled_library_reads_as_before() -> None:
    """No stale note, no number warning: the grid's words are unchanged."""
    library = load_library(SEEDS)
    for study in library.studies:
        for key in study.fields:
            cell = present_cell(library, study, key)
            assert not cell.note_stale and cell.warnings == ()
            assert NOTE_STALE_LINE not in cell.status_line and NUMBERS_LINE not in cell.status_line


# ------------------------------------------------------------------ validate


def test_validate_reports_half_words_and_unsupported_numbers_as_warnings(
    seed_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    editor = LibraryEditor(load_library(seed_copy))
    text = editor.library.texts["mayo-news-2024-04-03"]
    start = text.index("clinical trial with 10 adults") + 3  # "nical trial ..."
    end = text.index("with 10 adults") + len("with 10 adu")  # "... adu"
    editor.add_evidence(MAYO, "follow_up", "mayo-news-2024-04-03", start, end)  # as selected: snapping not asked
    editor.set_value(MAYO, "follow_up", 0, "12 months")
    editor.set_value(MAYO, "subjects", 0, "12 adults with spinal injuries")
    editor.save()

    assert main(["validate", "--library", str(seed_copy)]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert out.err == ""
    assert (
        "studies/mayo-adsc-sci.json: $.fields.follow_up.claims[0].evidence[0]: warning: "
        "quote starts and ends inside a word (“clinical” and “adults”): a quote should hold whole words"
    ) in lines
    assert (
        "studies/mayo-adsc-sci.json: $.fields.follow_up.claims[0].value: warning: "
        "the value states the number “12”, which none of its quotes gives"
    ) in lines
    assert (
        "studies/mayo-adsc-sci.json: $.fields.subjects.claims[0].value: warning: "
        "the value states the number “12”, which none of its quotes gives"
    ) in lines
    assert lines[-1].endswith("OK: 3 studies, 5 sources, 43 claims, 73 evidence quotes, 0 orphans, 1 disputed fields, 3 warning(s)")


def test_validate_on_the_bundled_library_has_no_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "warning" not in out
    assert out.strip().endswith("OK: 3 studies, 5 sources, 42 claims, 72 evidence quotes, 0 orphans, 1 disputed fields")
