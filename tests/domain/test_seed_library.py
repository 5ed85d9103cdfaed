"""The bundled library: byte-exact articles, verbatim quotes, honest values."""

from __future__ import annotations

import hashlib
import json

import pytest

from comparator_gui.domain.anchoring import AnchorStatus
from comparator_gui.domain.catalogue import DEFAULT_FIELDS
from comparator_gui.domain.comparison import FieldStatus, field_status
from comparator_gui.domain.levels import by_level
from comparator_gui.domain.library import library_stats
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.models import (
    NOT_REPORTED,
    SCHEMA_VERSION,
    ClaimKind,
    EvidenceLevel,
    SourceType,
    TrialPhase,
)
from tests.conftest import SEEDS

# Written here, not computed: the articles must never change.
ARTICLE_SHA256 = {
    "000_df37fef658b35301.txt": "003602538a00f2319b02426031bf47008e342c2474af214780179f5862385cea",
    "001_6b1247a939e5b189.txt": "e32eab3f145799c6f5bfb8531323adbcc638fb1c37a72fa16d5131839921d899",
    "002_960e299beccf90f9.txt": "77d570503c9e5ee1f3e0ca88a7178426d6979c8f715c1210569eb45df24117ef",
    "003_4063b27d12b6ab8b.txt": "826fc32dab9d3026826c9c38a5c367462e445e919e17accbc4428479a97f4a37",
    "004_2fe5765ebb54253d.txt": "c79bd1d115aaa9cdb320189babc969db5240f28725f78a13fdb46635347d5bea",
}

# Passages that are not about any study: advertising, unrelated headlines,
# newsletter boxes, background statistics. No quote may touch them.
CLUTTER = {
    "spine-blog-2025-12-03": [
        "plague more than a million people every year in the US",
        "reach out to Dr. Sinicropi and the team at The Midwest Spine & Brain Institute today at (651) 430-3800",
        "Both Japan and the US have an aging population",
    ],
    "news-2025-11-06": ["كوب من ماء جوز الهند", "ألم في الذراع الأيسر", "طفل يضع رقعة", "جذور وأوراق الفجل"],
    "mayo-news-2024-04-03": ["Subscribe to our weekly news digest!", "Invalid Email Address"],
    "afp-keio-2025": ["affecting more than 150,000 patients in Japan alone, with 5,000 new cases reported each year"],
}


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    return load_library(SEEDS)


def test_articles_are_byte_for_byte_the_originals() -> None:
    for name, digest in ARTICLE_SHA256.items():
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, name


def test_library_loads_clean_with_three_studies_and_a_dispute(library) -> None:  # type: ignore[no-untyped-def]
    assert library.problems == []
    stats = library_stats(library)
    assert (stats.studies, stats.sources, stats.orphans) == (3, 5, 0)
    assert stats.disputed_fields >= 1


def test_every_quote_is_verbatim_at_its_offsets(library) -> None:  # type: ignore[no-untyped-def]
    assert len(library.evidence) > 40
    for ref in library.evidence:
        text = library.texts[ref.evidence.source]
        assert text[ref.evidence.start : ref.evidence.end] == ref.evidence.exact, ref
        assert text[: ref.evidence.start].endswith(ref.evidence.prefix), ref
        assert text[ref.evidence.end :].startswith(ref.evidence.suffix), ref
        assert ref.anchor.status is AnchorStatus.KEPT


def test_no_quote_comes_from_clutter(library) -> None:  # type: ignore[no-untyped-def]
    for source_id, passages in CLUTTER.items():
        text = library.texts[source_id]
        spans = []
        for passage in passages:
            start = text.index(passage)  # the passage really is in the article
            spans.append((start, start + len(passage)))
        for ref in library.evidence:
            if ref.evidence.source != source_id:
                continue
            for start, end in spans:
                assert ref.evidence.end <= start or ref.evidence.start >= end, (ref, text[start:end])


def test_sources_metadata(library) -> None:  # type: ignore[no-untyped-def]
    sources = library.sources
    assert len(sources) == 5
    for source in sources.values():
        raw = (SEEDS / source.path).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == source.sha256
        assert source.published and source.published in library.texts[source.id]
        if source.title:
            assert source.title in library.texts[source.id]
        if source.url:
            assert source.url in library.texts[source.id]
    assert sources["afp-keio-2025"].outlet == "AFP"


def test_every_catalogue_field_is_filled_or_not_reported(library) -> None:  # type: ignore[no-untyped-def]
    keys = [definition.key for definition in library.catalogue]
    assert keys == [definition.key for definition in DEFAULT_FIELDS]  # the bundled library has the full catalogue
    for required in ("comparator", "timing", "outcome_measures", "cell_origin", "co_interventions",
                     "safety", "safety_minor", "registration", "funding", "publication"):
        assert required in keys
    for study in library.studies:
        # Every field is written down explicitly, reported or not.
        assert list(study.fields) == keys, study.id
        for key in keys:
            for claim in study.field(key).claims:
                assert claim.value.strip() and claim.value.casefold() != NOT_REPORTED
                assert claim.evidence
    for definition in library.catalogue:  # suggestions use these
        assert definition.description and definition.hints, definition.key


def test_osaka_is_one_study_with_three_sources_and_a_species_dispute(library) -> None:  # type: ignore[no-untyped-def]
    osaka = library.study("osaka-adsc-spheroids")
    assert len(osaka.sources) == 3
    subjects = osaka.field("subjects")
    assert field_status(subjects) is FieldStatus.DISPUTED
    by_species = {claim.facets["species"]: {e.source for e in claim.evidence} for claim in subjects.claims}
    assert by_species == {
        "rat": {"spine-blog-2025-12-03", "msw-2025-12-19"},
        "mouse": {"news-2025-11-06"},
    }
    assert osaka.evidence_level is EvidenceLevel.ANIMAL and osaka.trial_phase is None
    assert field_status(osaka.field("dose")) is FieldStatus.NOT_REPORTED


def test_evidence_levels_and_subject_counts_are_typed(library) -> None:  # type: ignore[no-untyped-def]
    mayo = library.study("mayo-adsc-sci")
    keio = library.study("keio-ips-nsc-sci")
    # Both are uncontrolled series of treated patients; Mayo calls itself phase 1.
    assert mayo.evidence_level is EvidenceLevel.CASE_SERIES and mayo.trial_phase is TrialPhase.PHASE_1
    assert keio.evidence_level is EvidenceLevel.CASE_SERIES and keio.trial_phase is None
    assert mayo.field("subjects").claims[0].facets["n"] == 10
    assert keio.field("subjects").claims[0].facets["n"] == 4
    assert mayo.field("dose").claims[0].facets["dose_cells"] == 100_000_000


def test_sorting_by_level_puts_the_animal_study_below_the_human_ones(library) -> None:  # type: ignore[no-untyped-def]
    order = [study.id for study in by_level(library.studies)]
    assert order[-1] == "osaka-adsc-spheroids"
    assert set(order[:2]) == {"mayo-adsc-sci", "keio-ips-nsc-sci"}
    weakest_first = [study.id for study in by_level(library.studies, strongest_first=False)]
    assert weakest_first[0] == "osaka-adsc-spheroids"


def test_no_review_of_animal_studies_outranks_a_randomised_trial_in_humans() -> None:
    in_humans = [level for level in EvidenceLevel if level.in_humans]
    not_in_humans = [level for level in EvidenceLevel if level.in_humans is False]
    assert EvidenceLevel.REVIEW_OF_ANIMAL_STUDIES in not_in_humans and EvidenceLevel.RANDOMISED_TRIAL in in_humans
    # Every study in people outranks every animal or laboratory study, reviews included.
    assert max(level.rank for level in not_in_humans) < min(level.rank for level in in_humans)
    assert EvidenceLevel.REVIEW_OF_ANIMAL_STUDIES.rank < EvidenceLevel.CASE_REPORT.rank
    assert EvidenceLevel.REVIEW_OF_RANDOMISED_TRIALS.rank > EvidenceLevel.RANDOMISED_TRIAL.rank
    # Randomised above controlled above uncontrolled, and the CEBM numbers agree with the ranks.
    ladder = [EvidenceLevel.CASE_SERIES, EvidenceLevel.CONTROLLED_COHORT, EvidenceLevel.RANDOMISED_TRIAL,
              EvidenceLevel.REVIEW_OF_RANDOMISED_TRIALS]
    assert [level.rank for level in ladder] == sorted(level.rank for level in ladder)
    assert [int(level.cebm) for level in ladder] == [4, 3, 2, 1]
    assert EvidenceLevel.UNKNOWN.rank < EvidenceLevel.IN_VITRO.rank and EvidenceLevel.UNKNOWN.in_humans is None
    # GRADE: randomised evidence starts high, observational low, uncontrolled very low.
    assert (EvidenceLevel.RANDOMISED_TRIAL.grade_start, EvidenceLevel.CONTROLLED_COHORT.grade_start,
            EvidenceLevel.CASE_SERIES.grade_start) == ("High", "Low", "Very low")


def test_values_say_no_more_than_the_sources(library) -> None:  # type: ignore[no-untyped-def]
    # The Mayo article says "lower backs"; it never names a route.
    mayo = library.study("mayo-adsc-sci")
    assert "intrathecal" not in mayo.field("delivery_method").claims[0].value.casefold()
    assert "lower back" in mayo.field("delivery_method").claims[0].value.casefold()
    # Keio's dose is not given, and the record quotes the words that say so.
    keio = library.study("keio-ips-nsc-sci")
    dose = keio.field("dose")
    assert not dose.reported and [claim.kind for claim in dose.claims] == [ClaimKind.NOT_REPORTED]
    assert not mayo.field("follow_up").reported
    # "no safety data" (nothing reported) is not "no adverse events reported".
    assert not library.study("osaka-adsc-spheroids").field("safety").reported
    assert mayo.field("safety").claims[0].facets["safety_data"] == "none_reported"
    assert mayo.field("safety_minor").claims[0].facets["safety_data"] == "events_reported"
    assert "minor" not in mayo.field("safety").claims[0].value.casefold()


def test_the_audits_fixes(library) -> None:  # type: ignore[no-untyped-def]
    keio, osaka = library.study("keio-ips-nsc-sci"), library.study("osaka-adsc-spheroids")
    # Keio's publication: an AFP news report that names no journal (it was "not reported").
    (publication,) = keio.field("publication").claims
    assert "AFP news report" in publication.value and "no journal" in publication.value
    assert publication.facets["publication_status"] == "news_report_only"
    assert publication.evidence[0].exact == "This article is adapted from the original publication by AFP"
    # Osaka's study was co-led; its outcomes were "significant".
    institution = osaka.field("institution").claims[0]
    assert "co-led" in institution.value and " led " not in f" {institution.value} "
    assert any("led the study alongside" in e.exact for e in institution.evidence)
    assert osaka.field("outcomes").claims[0].value.startswith("Significantly")
    assert all("significant" in e.exact for e in osaka.field("outcomes").claims[0].evidence[:1])
    # Keio's design notes that there was no control group, as Mayo's does.
    for study_id in ("keio-ips-nsc-sci", "mayo-adsc-sci"):
        design = library.study(study_id).field("study_design").claims[0]
        assert "No control group is described" in (design.note or ""), study_id
    # Osaka: the cells' origin is not stated; Mayo's are autologous, quoted.
    assert not osaka.field("cell_origin").reported and "not stated" in (osaka.field("cell_origin").note or "")
    assert library.study("mayo-adsc-sci").field("cell_origin").claims[0].facets["cell_origin"] == "autologous"
    # Notes can carry quotes: Keio's patients' details, Mayo's missing control group.
    (note,) = [c for c in keio.field("subjects").claims if c.kind is ClaimKind.NOTE]
    assert note.evidence[0].exact == "the details of the patients remain confidential"


def test_sources_say_what_kind_of_publication_they_are(library) -> None:  # type: ignore[no-untyped-def]
    kinds = {source.id: source.source_type for source in library.sources.values()}
    assert kinds["spine-blog-2025-12-03"] is SourceType.BLOG_POST
    assert kinds["afp-keio-2025"] is SourceType.NEWS_REPORT
    assert all(source.peer_reviewed is False for source in library.sources.values())


def test_files_are_pretty_and_stable(library) -> None:  # type: ignore[no-untyped-def]
    from comparator_gui.domain.writing import study_json

    for study in library.studies:
        path = library.study_files[study.id]
        on_disk = path.read_text(encoding="utf-8")
        assert study_json(study, library.catalogue) == on_disk
        assert json.loads(on_disk)["schema_version"] == SCHEMA_VERSION == 2
