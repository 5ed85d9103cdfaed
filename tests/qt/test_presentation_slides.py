"""The Qt-free slide builder on the bundled library."""

from __future__ import annotations

import pytest

from comparator_gui.domain.comparison import FieldStatus
from comparator_gui.domain.library import Library
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.models import Claim, ClaimKind, Evidence, FieldEntry
from comparator_gui.domain.slides import (
    FieldSlide,
    OverviewSlide,
    StudyCard,
    build_slides,
    ordered_field_keys,
    subjects_summary,
    supporting_quote,
)
from tests.conftest import SEEDS

STUDIES = ["keio-ips-nsc-sci", "mayo-adsc-sci", "osaka-adsc-spheroids"]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(SEEDS)


def all_fields(library: Library) -> list[str]:
    return [definition.key for definition in library.catalogue]


def test_overview_then_one_slide_per_field_in_the_given_order(library: Library) -> None:
    keys = ["outcomes", "subjects", "dose"]
    slides = build_slides(library, STUDIES, keys)
    assert isinstance(slides[0], OverviewSlide)
    assert [slide.key for slide in slides[1:] if isinstance(slide, FieldSlide)] == keys
    assert all(len(slide.cells) == 3 for slide in slides[1:] if isinstance(slide, FieldSlide))


def test_overview_cards_carry_title_institution_level_and_subjects(library: Library) -> None:
    overview = build_slides(library, ["mayo-adsc-sci", "osaka-adsc-spheroids", "keio-ips-nsc-sci"], [])[0]
    assert isinstance(overview, OverviewSlide)
    mayo, osaka, keio = overview.cards
    assert mayo.title.startswith("Autologous fat-derived stem cells")
    assert mayo.institution == "Mayo Clinic"
    assert mayo.evidence_level == "Case series" and mayo.level == "Case series · human · Phase 1"
    assert osaka.evidence_level == "Animal study" and osaka.level == "Animal study"
    # One value: the card says what the record says, number and who (Keio's quoted
    # note that the patients' details are not given is no count).
    for card in (mayo, keio):
        (claim,) = library.study(card.study_id).field("subjects").values
        assert card.subjects_text == f"Subjects: {claim.value}"
    assert mayo.subjects_text.startswith("Subjects: 10 adults")
    assert keio.subjects_text.startswith("Subjects: 4 patients")
    # The Osaka reports name the species (and disagree on it) but never the number.
    assert osaka.subjects_text == "Subjects: rats or mice (sources disagree); number not reported"


def entry(*claims: tuple[str, dict[str, str | int]]) -> FieldEntry:
    return FieldEntry(
        claims=[
            Claim(value=value, facets=facets, evidence=[Evidence(source="s", exact="q", start=0, end=1)])
            for value, facets in claims
        ]
    )


def test_subjects_summary_says_only_what_the_claims_say() -> None:
    assert subjects_summary(FieldEntry()) == "not reported"
    assert subjects_summary(entry(("12 dogs", {"species": "dog", "n": 12}))) == "12 dogs"
    # The same value twice (two sources agree) is one value.
    assert subjects_summary(entry(("12 dogs", {}), ("12  dogs", {}))) == "12 dogs"
    # Counts disagree, species agree.
    assert (
        subjects_summary(entry(("8 adults", {"species": "human", "n": 8}), ("10 adults", {"species": "human", "n": 10})))
        == "humans; n = 8 or 10 (sources disagree)"
    )
    # One source gives a number, the other does not.
    assert (
        subjects_summary(entry(("Rats, n=6", {"species": "rat", "n": 6}), ("Mice", {"species": "mouse"})))
        == "rats or mice (sources disagree); n = 6 or not reported (sources disagree)"
    )
    # No facets to say where they differ: the values themselves.
    assert subjects_summary(entry(("Pigs", {}), ("Sheep", {}))) == "Pigs or Sheep (sources disagree)"
    assert StudyCard("x", "T", "I", "L").subjects_text == "Subjects: not reported"


def quotes_of(library: Library, study_id: str, key: str) -> list[str]:
    (claim,) = library.study(study_id).field(key).claims
    return [evidence.exact for evidence in claim.evidence]


def chosen_quote(library: Library, study_id: str, key: str) -> str:
    slide = build_slides(library, [study_id], [key])[1]
    assert isinstance(slide, FieldSlide)
    (claim,) = slide.cells[0].claims
    return claim.quote


def test_each_value_gets_the_quote_that_supports_it(library: Library) -> None:
    # The quote giving the value's number, not a shorter one about something else.
    mayo = chosen_quote(library, "mayo-adsc-sci", "outcomes")
    assert "70%" in mayo and mayo in quotes_of(library, "mayo-adsc-sci", "outcomes")
    keio = chosen_quote(library, "keio-ips-nsc-sci", "outcomes")
    assert "two out of the four" in keio
    # Number words count: "two out of the four" backs "2 of 4".
    assert len(keio) > min(len(quote) for quote in quotes_of(library, "keio-ips-nsc-sci", "outcomes"))
    # Content words: "implanted into the spinal cords", not only "After the operation".
    delivery = chosen_quote(library, "keio-ips-nsc-sci", "delivery_method")
    assert "implanted" in delivery.casefold() and "spinal cord" in delivery
    # The quote that says what the value says (vertebral fractures mimicking osteoporotic ones).
    osaka = chosen_quote(library, "osaka-adsc-spheroids", "condition")
    assert "vertebral" in osaka and "vertebral" in library.study("osaka-adsc-spheroids").field("condition").claims[0].value


def test_shortest_quote_only_breaks_ties() -> None:
    claim = Claim(
        value="Ten rats",
        evidence=[
            Evidence(source="s", exact="ten rats were treated in the study", start=0, end=34),
            Evidence(source="s", exact="in rats", start=0, end=7),
            Evidence(source="s", exact="ten rats were used", start=0, end=18),
        ],
    )
    assert supporting_quote(claim).exact == "ten rats were used"


def test_disputed_field_keeps_each_claim_with_its_quote_source_and_backing(library: Library) -> None:
    slide = build_slides(library, STUDIES, ["subjects"])[1]
    assert isinstance(slide, FieldSlide) and slide.label == "Subjects"
    osaka = slide.cells[2]
    assert osaka.status is FieldStatus.DISPUTED
    rats, mice = osaka.claims
    assert rats.value.startswith("Rats") and mice.value.startswith("Mice")
    claims = library.study("osaka-adsc-spheroids").field("subjects").claims
    for cell, claim in zip((rats, mice), claims, strict=True):
        quote = next(evidence for evidence in claim.evidence if evidence.exact == cell.quote)
        assert cell.source == library.sources[quote.source].label
        assert cell.sources == len({evidence.source for evidence in claim.evidence})
    # Two reports say rats, one says mice: the slide does not make them look alike.
    assert (rats.sources, mice.sources, rats.of_sources) == (2, 1, 3)
    assert rats.citation == f"— {rats.source} · 2 of 3 sources"
    assert mice.citation == f"— {mice.source} · 1 of 3 sources"
    # A study with one source has nothing to count.
    keio = slide.cells[0]
    assert keio.status is FieldStatus.AGREED and [claim.kind for claim in keio.claims] == [None, ClaimKind.NOTE]
    assert keio.claims[0].citation == f"— {keio.claims[0].source}"
    assert keio.claims[1].value == "Reviewer's note (quoted): Details of the patients are not given"


def test_reviewer_notes_travel_with_their_field_and_claim(library: Library) -> None:
    slide = build_slides(library, STUDIES, ["subjects", "delivery_method"])
    subjects, delivery = slide[1], slide[2]
    assert isinstance(subjects, FieldSlide) and isinstance(delivery, FieldSlide)
    field_note = library.study("osaka-adsc-spheroids").field("subjects").note
    assert field_note and subjects.cells[2].note_text == f"Reviewer's note: {field_note}"
    claim_note = library.study("mayo-adsc-sci").field("delivery_method").claims[0].note
    assert claim_note and delivery.cells[1].claims[0].note_text == f"Reviewer's note: {claim_note}"
    assert subjects.cells[1].note_text is None and subjects.cells[1].claims[0].note_text is None


def test_not_reported_field_has_no_values_but_keeps_the_words_that_say_so(library: Library) -> None:
    slide = build_slides(library, STUDIES, ["dose"])[1]
    assert isinstance(slide, FieldSlide)
    keio, mayo, osaka = slide.cells
    assert osaka.status is FieldStatus.NOT_REPORTED and osaka.claims == ()
    (said,) = keio.claims
    assert keio.status is FieldStatus.NOT_REPORTED and said.kind is ClaimKind.NOT_REPORTED
    assert said.value.startswith("Not reported, as the source says: Number of cells not given")
    assert said.quote == "The number of cells implanted was carefully determined based on safety experiments in animals"
    assert mayo.claims[0].quote == "Injecting 100 million expanded autologous stem cells"


def test_unknown_field_or_study_is_an_error(library: Library) -> None:
    with pytest.raises(KeyError, match="no-such-field"):
        build_slides(library, STUDIES, ["no-such-field"])
    with pytest.raises(KeyError):
        build_slides(library, ["no-such-study"], [])


def test_presenter_order_and_hidden_fields(library: Library) -> None:
    keys = all_fields(library)
    chosen = ordered_field_keys(keys, ["outcomes", "gone-from-catalogue", "subjects"], ["dose", "publication"])
    assert chosen[:2] == ["outcomes", "subjects"]
    assert "dose" not in chosen and "publication" not in chosen and "gone-from-catalogue" not in chosen
    assert sorted(chosen) == sorted(set(keys) - {"dose", "publication"})
    assert ordered_field_keys(keys) == keys
