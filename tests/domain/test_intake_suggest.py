"""Which study is this? and suggested evidence, on the bundled library (no Qt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from comparator_gui.domain.catalogue import DEFAULT_FIELDS
from comparator_gui.domain.intake.article import ImportedArticle
from comparator_gui.domain.intake.facts import Facts, is_background, number_marks
from comparator_gui.domain.intake.study_match import THRESHOLD, match_study
from comparator_gui.domain.intake.suggest import sentences, suggest
from comparator_gui.domain.library import Library
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.models import FieldDef
from comparator_gui.resources import bundled_library

ARTICLES = Path(__file__).resolve().parents[2] / "benchmarks" / "intake_articles"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(bundled_library())


def test_ucsd_article_is_a_new_study_not_keio(library: Library) -> None:
    text = (ARTICLES / "ucsd-nsc-sci.txt").read_text(encoding="utf-8")
    match = match_study(text, library)
    assert match.new_study and match.best is None
    keio = next(c for c in match.candidates if c.study_id == "keio-ips-nsc-sci")
    assert keio.score < THRESHOLD
    # The reasons say both what agrees and what does not.
    assert any("UC San Diego" in r and "not Keio University" in r for r in keio.reasons)
    assert any(r.startswith("n agrees") for r in keio.reasons)


@pytest.mark.parametrize(
    ("name", "study"),
    [("keio-review.txt", "keio-ips-nsc-sci"), ("mayo-celltop.txt", "mayo-adsc-sci"),
     ("osaka-rats.txt", "osaka-adsc-spheroids"), ("stanford-stroke.txt", None)],
)
def test_articles_match_their_study(library: Library, name: str, study: str | None) -> None:
    match = match_study((ARTICLES / name).read_text(encoding="utf-8"), library)
    assert (match.best.study_id if match.best else None) == study
    assert [c.score for c in match.candidates] == sorted((c.score for c in match.candidates), reverse=True)
    assert all(c.reasons for c in match.candidates)


def test_each_bundled_source_left_out_matches_its_study(library: Library) -> None:
    owner = {s: study.id for study in library.studies for s in study.sources}
    for source in library.meta.sources:
        match = match_study(library.texts[source.id], library, exclude_sources={source.id})
        assert match.best is not None and match.best.study_id == owner[source.id], source.id


def test_registry_id_in_metadata_counts(library: Library) -> None:
    article = ImportedArticle(text="A trial of stem cells.", kind="text")
    assert match_study(article, library).new_study


def test_leave_one_source_out_top3(library: Library) -> None:
    found = total = 0
    for source in library.meta.sources:
        result = suggest(library.texts[source.id], library, exclude_sources={source.id})
        for study in library.studies:
            for key, entry in study.fields.items():
                for claim in entry.claims:
                    for ev in claim.evidence:
                        if ev.source != source.id:
                            continue
                        total += 1
                        top = result.fields.get(key, [])[:3]
                        found += any(s.start < ev.end and ev.start < s.end for s in top)
    assert total > 50
    assert found / total >= 0.85


def test_suggestions_are_verbatim_ranked_and_explained(library: Library) -> None:
    text = (ARTICLES / "mayo-celltop.txt").read_text(encoding="utf-8")
    first = suggest(text, library)
    again = suggest(text, library)
    assert first == again  # deterministic
    for key, found in first.fields.items():
        assert 1 <= len(found) <= 5
        assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
        for s in found:
            assert text[s.start : s.end] == s.text and s.why and s.field_key == key
    dose = first.fields["dose"][0]
    assert "100 million" in dose.text
    assert any(m.kind == "dose" and text[m.start : m.end].startswith("100 million") for m in dose.numbers)
    assert "numbers: dose" in dose.why


def test_background_and_boilerplate_never_suggested(library: Library) -> None:
    text = (ARTICLES / "ucsd-nsc-sci.txt").read_text(encoding="utf-8")
    result = suggest(text, library)
    suggested = {s.text for found in result.fields.values() for s in found}
    assert not any("300,000" in s or "newsletter" in s for s in suggested)
    assert {why for _s, why in result.skipped} == {"background statistics", "boilerplate"}
    # Boilerplate spans from a reader are skipped too.
    start = text.index("Physicians at UC San Diego")
    end = text.index("\n", start)
    spanned = suggest(text, library, boilerplate=[(start, end)])
    assert all(not (s.start < end and start < s.end) for f in spanned.fields.values() for s in f)
    assert is_background("Spinal cord injuries affect more than 150,000 patients in Japan alone.")
    assert not is_background("Two of the four patients improved.")


def test_conflicts_with_existing_claims(library: Library) -> None:
    mayo = library.study("mayo-adsc-sci")
    text = ("Mayo Clinic researchers treated 12 adults with spinal cord injury. "
            "Each received 50 million fat-derived stem cells by injection into the lower back.")
    result = suggest(text, library, study=mayo)
    fields = {c.field_key: c for c in result.conflicts}
    assert "subjects" in fields and "12" in fields["subjects"].reason
    assert fields["subjects"].claim == "10 adults with spinal injuries"
    assert "dose" in fields
    # Agreeing numbers are no conflict.
    agreeing = suggest("A clinical trial with 10 adults received 100 million stem cells.", library, study=mayo)
    assert not agreeing.conflicts
    # Rats against a study with rat and mouse claims: agrees with one of them.
    osaka = library.study("osaka-adsc-spheroids")
    assert not suggest("The cells were applied to rats with spinal fractures.", library, study=osaka).conflicts


def test_sentences_and_numbers() -> None:
    text = "Led by Dr. Shinji Takahashi. It ran 14-28 days.\nHeading\n70% improved; 10 adults, one-year follow-up."
    spans = sentences(text)
    assert [s.text for s in spans] == ["Led by Dr. Shinji Takahashi.", "It ran 14-28 days.", "Heading",
                                       "70% improved; 10 adults, one-year follow-up."]
    kinds = [(text[m.start : m.end], m.kind) for m in number_marks(text)]
    assert ("14-28 days", "duration") in kinds and ("70%", "percent") in kinds
    assert ("10 adults", "n") in kinds and ("one-year", "duration") in kinds
    assert Facts.of("two out of the four patients").n == {4}
    assert Facts.of("Injecting 100 million expanded autologous stem cells").dose_cells == {100_000_000}


def test_hints_are_optional_and_not_written_when_empty() -> None:
    assert all(f.hints for f in DEFAULT_FIELDS)
    plain = FieldDef(key="x", label="X")
    assert plain.hints == [] and "hints" not in plain.model_dump(mode="json")
    assert FieldDef(key="x", label="X", hints=["a"]).model_dump(mode="json")["hints"] == ["a"]
