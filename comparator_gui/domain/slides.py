"""Presentation slides as plain data: an overview, then one slide per field.

No Qt here. The presentation window lays these out; the screenshot command and
the tests read them. Every value keeps its shortest supporting quote and the
name of the source it came from, so a slide never shows a bare claim.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .comparison import FieldStatus, field_status
from .library import Library
from .models import NOT_REPORTED, Claim, Study

__all__ = [
    "ClaimCell",
    "FieldSlide",
    "OverviewSlide",
    "Slide",
    "StudyCard",
    "StudyCell",
    "build_slides",
    "ordered_field_keys",
    "subject_counts",
]


@dataclass(frozen=True)
class ClaimCell:
    """One claim of a field: the value, its shortest quote and that quote's source."""

    value: str
    quote: str
    source: str  # Source.label, or the source id when the source is not loaded


@dataclass(frozen=True)
class StudyCell:
    """One study's column on a field slide. No claims means not reported."""

    study_id: str
    study: str  # the study's short title
    status: FieldStatus
    claims: tuple[ClaimCell, ...]


@dataclass(frozen=True)
class FieldSlide:
    key: str
    label: str
    group: str
    cells: tuple[StudyCell, ...]

    @property
    def title(self) -> str:
        return self.label


@dataclass(frozen=True)
class StudyCard:
    """One study on the overview slide."""

    study_id: str
    title: str
    institution: str
    evidence_level: str
    subjects: tuple[int, ...]  # the distinct numbers the sources give; empty if none

    @property
    def subjects_text(self) -> str:
        if not self.subjects:
            return f"Subjects: {NOT_REPORTED}"
        if len(self.subjects) == 1:
            return f"Subjects: {self.subjects[0]}"
        numbers = " or ".join(str(n) for n in self.subjects)
        return f"Subjects: {numbers} (sources disagree)"


@dataclass(frozen=True)
class OverviewSlide:
    title: str
    cards: tuple[StudyCard, ...]


Slide = OverviewSlide | FieldSlide


def ordered_field_keys(
    catalogue_keys: Sequence[str], field_order: Iterable[str] = (), hidden: Iterable[str] = ()
) -> list[str]:
    """The catalogue's keys in the presenter's order, without the hidden ones.

    Keys in ``field_order`` that the catalogue no longer has are dropped; keys
    the order does not mention follow in catalogue order.
    """
    known = list(dict.fromkeys(catalogue_keys))
    hidden_set = set(hidden)
    ordered = [key for key in dict.fromkeys(field_order) if key in known]
    ordered += [key for key in known if key not in ordered]
    return [key for key in ordered if key not in hidden_set]


def subject_counts(study: Study) -> tuple[int, ...]:
    """The distinct ``n`` facets of the subjects field, in claim order."""
    counts: list[int] = []
    for claim in study.field("subjects").claims:
        n = claim.facets.get("n")
        if isinstance(n, int) and not isinstance(n, bool) and n not in counts:
            counts.append(n)
        elif isinstance(n, float) and n.is_integer() and int(n) not in counts:
            counts.append(int(n))
    return tuple(counts)


def _claim_cell(library: Library, claim: Claim) -> ClaimCell:
    # The shortest quote is the one a room can read; ties go to the first.
    quote = min(claim.evidence, key=lambda evidence: len(evidence.exact))
    source = library.sources.get(quote.source)
    return ClaimCell(
        value=claim.value,
        quote=quote.exact,
        source=source.label if source is not None else quote.source,
    )


def build_slides(library: Library, study_ids: Sequence[str], field_keys: Sequence[str]) -> list[Slide]:
    """The overview slide, then one slide per field key, studies in the given order.

    Raises ``KeyError`` for a study id or field key the library does not have.
    """
    studies = [library.study(study_id) for study_id in study_ids]
    fields = {definition.key: definition for definition in library.catalogue}
    missing = [key for key in field_keys if key not in fields]
    if missing:
        raise KeyError(f"not in the library's field catalogue: {', '.join(missing)}")
    slides: list[Slide] = [
        OverviewSlide(
            title=library.name,
            cards=tuple(
                StudyCard(
                    study_id=study.id,
                    title=study.title,
                    institution=study.institution or NOT_REPORTED,
                    evidence_level=study.evidence_level.label,
                    subjects=subject_counts(study),
                )
                for study in studies
            ),
        )
    ]
    for key in field_keys:
        definition = fields[key]
        cells = []
        for study in studies:
            entry = study.field(key)
            cells.append(
                StudyCell(
                    study_id=study.id,
                    study=study.short_title,
                    status=field_status(entry),
                    claims=tuple(_claim_cell(library, claim) for claim in entry.claims),
                )
            )
        slides.append(FieldSlide(key=key, label=definition.label, group=definition.group, cells=tuple(cells)))
    return slides
