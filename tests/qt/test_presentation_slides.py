"""The Qt-free slide builder on the bundled library."""

from __future__ import annotations

import pytest

from comparator_gui.domain.comparison import FieldStatus
from comparator_gui.domain.library import Library, load_library
from comparator_gui.domain.slides import (
    FieldSlide,
    OverviewSlide,
    StudyCard,
    build_slides,
    ordered_field_keys,
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


def test_overview_cards_carry_title_institution_level_and_subject_count(library: Library) -> None:
    overview = build_slides(library, ["mayo-adsc-sci", "osaka-adsc-spheroids"], [])[0]
    assert isinstance(overview, OverviewSlide)
    mayo, osaka = overview.cards
    assert mayo.title.startswith("Autologous fat-derived stem cells")
    assert mayo.institution == "Mayo Clinic"
    assert mayo.evidence_level == "Phase 1 trial"
    assert mayo.subjects == (10,) and mayo.subjects_text == "Subjects: 10"
    # The Osaka articles name the species but never the number.
    assert osaka.subjects == () and osaka.subjects_text == "Subjects: not reported"
    assert osaka.evidence_level == "Preclinical (animal)"


def test_disagreeing_counts_are_all_shown() -> None:
    card = StudyCard("x", "T", "I", "L", subjects=(8, 10))
    assert card.subjects_text == "Subjects: 8 or 10 (sources disagree)"


def test_disputed_field_keeps_each_claim_with_its_shortest_quote_and_source(library: Library) -> None:
    slide = build_slides(library, STUDIES, ["subjects"])[1]
    assert isinstance(slide, FieldSlide) and slide.label == "Subjects"
    osaka = slide.cells[2]
    assert osaka.status is FieldStatus.DISPUTED
    rats, mice = osaka.claims
    assert rats.value.startswith("Rats") and mice.value.startswith("Mice")
    # Three quotes back "rats"; the shortest is chosen.
    assert rats.quote == "help heal spinal injuries in rats"
    assert rats.source == library.sources["spine-blog-2025-12-03"].label == "Stefano Sinicropi, December 3, 2025"
    assert mice.quote == "When implanted into mice with spinal fractures"
    assert mice.source == "Japanese Scientists Develop Stem Cell Therapy to Heal Spinal Fractures"
    assert slide.cells[0].status is FieldStatus.AGREED and len(slide.cells[0].claims) == 1


def test_not_reported_field_has_no_claims(library: Library) -> None:
    slide = build_slides(library, STUDIES, ["dose"])[1]
    assert isinstance(slide, FieldSlide)
    keio, mayo, _ = slide.cells
    assert keio.status is FieldStatus.NOT_REPORTED and keio.claims == ()
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
