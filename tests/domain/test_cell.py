"""The cell presenter (domain/cell.py) on the bundled library, without Qt."""

from __future__ import annotations

import pytest

from comparator_gui.domain.anchoring import Anchor, AnchorStatus
from comparator_gui.domain.cell import (
    DISPUTED_LABEL,
    NOT_REPORTED_KIND,
    NOT_REPORTED_LINE,
    NOT_REPORTED_VALUE,
    QUOTED_NOTE_KIND,
    CellPresentation,
    present_cell,
    present_study,
)
from comparator_gui.domain.comparison import FieldStatus
from comparator_gui.domain.library import EvidenceRef, Library
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.models import Claim, ClaimKind, Evidence, FieldEntry
from tests.conftest import SEEDS

OSAKA = "osaka-adsc-spheroids"


@pytest.fixture(scope="module")
def library() -> Library:
    loaded = load_library(SEEDS)
    assert loaded.errors == []
    return loaded


def test_osaka_subjects_is_disputed_between_rats_and_mice(library: Library) -> None:
    study = library.study(OSAKA)
    cell = present_cell(library, study, "subjects")
    assert cell.status is FieldStatus.DISPUTED and cell.disputed and cell.reported
    rats, mice = cell.claims
    assert rats.value.startswith("Rats") and mice.value.startswith("Mice")
    quotes = sum(len(claim.evidence) for claim in study.field("subjects").claims)
    assert quotes == cell.quote_count == 4
    assert cell.status_line == f"⚠ DISPUTED · 2 claims · {quotes} quotes"
    assert cell.status_name == "disputed"
    # Each claim by its number, in every form that names it.
    assert (rats.title, mice.title) == (f"Claim 1: {rats.value}", f"Claim 2: {mice.value}")
    assert cell.value_text.startswith(f"1. {rats.value}\n2. {mice.value}\n")
    assert cell.text.startswith(f"{DISPUTED_LABEL}\nClaim 1: {rats.value}\n")
    assert cell.heading("Subjects") == "Subjects: disputed"
    assert f"Claim 2: {mice.value} — " in "\n".join(cell.detail_lines())


def test_quotes_keep_their_exact_words_source_and_anchor(library: Library) -> None:
    study = library.study(OSAKA)
    cell = present_cell(library, study, "subjects")
    for claim, record in zip(cell.claims, study.field("subjects").claims, strict=True):
        assert [(q.text, q.source_id) for q in claim.quotes] == [(e.exact, e.source) for e in record.evidence]
        for quote in claim.quotes:
            assert quote.anchor is AnchorStatus.KEPT and quote.verbatim
            assert quote.source_label == library.sources[quote.source_id].label
            assert quote.citation == f"{quote.source_label}, characters {quote.start}–{quote.end}"
            assert quote.line == f"“{quote.text}” ({quote.citation})"
    # The export numbers its sources; the citation then starts with the number.
    numbered = present_cell(library, study, "subjects", source_numbers={"news-2025-11-06": 2})
    mouse_quote = numbered.claims[1].quotes[0]
    assert mouse_quote.citation.startswith(f"[2] {mouse_quote.source_label}, characters ")
    # The claims' sources, each once: what the grid's tooltip cites.
    assert cell.claims[0].cited == "; ".join(
        dict.fromkeys(library.sources[q.source_id].label for q in cell.claims[0].quotes)
    )
    assert cell.note and cell.note_text == f"Reviewer's note: {cell.note}"


def test_a_field_no_source_reports(library: Library) -> None:
    study = library.study(OSAKA)
    cell = present_cell(library, study, "dose")
    assert cell.status is FieldStatus.NOT_REPORTED and not cell.reported and cell.claims == ()
    assert cell.status_line == NOT_REPORTED_LINE == "NOT REPORTED"
    assert cell.status_name == "not_reported"
    assert cell.note
    assert cell.value_text == f"{NOT_REPORTED_VALUE}\nReviewer's note: {cell.note}"
    assert cell.text == f"not reported\nReviewer's note: {cell.note}"
    assert cell.detail_lines()[0] == "None of this study's sources reports this field."
    assert cell.evidence_note(None) == f"Reviewer's note: {cell.note}"


def test_one_value_reads_as_reported_or_agreed_by_its_sources(library: Library) -> None:
    keio = present_cell(library, library.study("keio-ips-nsc-sci"), "follow_up")
    assert keio.status is FieldStatus.AGREED and keio.status_line == "1 quote" and keio.status_name == "reported"
    assert keio.value_text == keio.claims[0].value == keio.claims[0].title
    osaka = present_cell(library, library.study(OSAKA), "institution")
    assert osaka.status_line == f"{osaka.quote_count} quotes" and osaka.status_name == "agreed"


def test_not_reported_with_the_words_that_say_so(library: Library) -> None:
    """Keio's dose: the article says how the number of cells was chosen, not what it was."""
    cell = present_cell(library, library.study("keio-ips-nsc-sci"), "dose")
    (claim,) = cell.claims
    assert cell.status is FieldStatus.NOT_REPORTED and not cell.reported and cell.values == ()
    assert cell.status_line == "NOT REPORTED · 1 quote" and cell.status_name == "not_reported"
    assert claim.kind is ClaimKind.NOT_REPORTED and claim.unsupported_numbers == ()
    assert cell.value_text == claim.labelled_value == f"{NOT_REPORTED_KIND}: {claim.value}"
    assert claim.quotes[0].text == "The number of cells implanted was carefully determined based on safety experiments in animals"
    assert cell.text.splitlines()[:2] == ["not reported", claim.labelled_value]


def test_a_quoted_note_beside_a_value_leaves_the_field_agreed(library: Library) -> None:
    """Keio's subjects: four patients, and a note quoting that their details are confidential."""
    cell = present_cell(library, library.study("keio-ips-nsc-sci"), "subjects")
    value, note = cell.claims
    assert cell.status is FieldStatus.AGREED and not cell.disputed and cell.values == (value,)
    assert note.kind is ClaimKind.NOTE and note.labelled_value == f"{QUOTED_NOTE_KIND}: {note.value}"
    assert cell.status_line == "2 quotes"
    assert cell.value_text.splitlines() == [f"1. {value.value}", f"2. {note.labelled_value}"]
    assert cell.evidence_note(note).startswith(note.labelled_value)


def test_present_study_reads_as_present_cell(library: Library) -> None:
    keys = [definition.key for definition in library.catalogue]
    for study in library.studies:
        cells = present_study(library, study, keys)
        assert list(cells) == keys
        for key in keys:
            assert cells[key] == present_cell(library, study, key)


def _with_claims(library: Library, *claims: Claim, note: str | None = None) -> tuple[Library, CellPresentation]:
    """The Mayo study with its safety field replaced, presented (no anchors: every quote unchecked)."""
    study = library.study("mayo-adsc-sci").model_copy(deep=True)
    study.fields["safety"] = FieldEntry(claims=list(claims), note=note)
    patched = Library(root=library.root, meta=library.meta, texts=library.texts, studies=[study])
    return patched, present_cell(patched, study, "safety")


def test_several_claims_are_numbered_even_when_they_agree(library: Library) -> None:
    quote = Evidence(source="afp-keio-2025", exact="q", start=0, end=1)
    _, cell = _with_claims(
        library,
        Claim(value="No adverse events", evidence=[quote]),
        Claim(value="no  adverse events", evidence=[quote], note="Said twice"),
        note="Both say so",
    )
    assert cell.status is FieldStatus.AGREED and not cell.disputed
    first, second = cell.claims
    assert (first.title, second.title) == ("Claim 1: No adverse events", "Claim 2: no  adverse events")
    assert cell.value_text.splitlines() == [
        "1. No adverse events", "2. no  adverse events", "Reviewer's note: (claim 2) Said twice",
        "Reviewer's note: Both say so",
    ]
    assert cell.evidence_note(second) == "Reviewer's note on claim 2: Said twice\nReviewer's note on the field: Both say so"
    assert DISPUTED_LABEL not in cell.text and "Claim 2: no  adverse events" in cell.text
    assert "Claim 1: No adverse events — " in "\n".join(cell.detail_lines())


def test_quotes_not_found_verbatim_are_counted_on_the_status_line(library: Library) -> None:
    kept = Evidence(source="afp-keio-2025", exact="abc", start=0, end=3)
    fuzzy = Evidence(source="afp-keio-2025", exact="abd", start=10, end=13)
    unknown = Evidence(source="no-such-source", exact="xyz", start=0, end=3)
    patched, _ = _with_claims(library, Claim(value="A", evidence=[kept, fuzzy, unknown]))
    study = patched.studies[0]
    patched.evidence = [
        EvidenceRef(study.id, "safety", 0, 0, kept, Anchor(AnchorStatus.MOVED, 5, 8)),
        EvidenceRef(study.id, "safety", 0, 1, fuzzy, Anchor(AnchorStatus.FUZZY, 20, 23, 0.9)),
    ]
    patched.bump_revision()
    cell = present_cell(patched, study, "safety")
    moved, approximate, orphan = cell.claims[0].quotes
    assert (moved.start, moved.end, moved.verbatim) == (5, 8, True)
    assert approximate.citation.endswith("characters 20–23 (approximate match; check against the source)")
    # No anchor: never found in its source; no such source: named by its id.
    assert orphan.anchor is AnchorStatus.ORPHAN and (orphan.start, orphan.end) == (0, 3)
    assert orphan.citation == "unknown source 'no-such-source', quote not found in the current source text"
    assert orphan.source_name == "no-such-source"
    assert cell.unverified == 2
    assert cell.status_line == "3 quotes · ⚠ 2 NOT VERBATIM"
    assert cell.detail_lines()[0].startswith("⚠ 2 quote(s) not found verbatim in the source")
