"""The evidence scale in words: each study's level as a line, the legend, ordering.

The levels themselves (``models.EvidenceLevel``) follow the Oxford CEBM 2011
levels of evidence for treatment benefits, with GRADE's starting certainty
beside them; the trial phase is a separate label. The grid's headers, the
Show panel's filter, the slides and every export take their words from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import EvidenceLevel, Study, TrialPhase

#: Said once under every legend: what the scale is and what it is not.
LEGEND_NOTE = (
    "Levels by study design, after the Oxford CEBM 2011 levels of evidence (1 strongest, 5 weakest), "
    "with GRADE's starting certainty for a body of such evidence. A study in people ranks above any "
    "animal or laboratory study, and a review ranks by what it reviews. The trial phase (1-4) is a "
    "separate label: it says where a treatment is in development, not how strong the design is."
)
#: The heading of an export's legend.
LEVELS_HEADING = "Evidence levels"


def population_word(level: EvidenceLevel) -> str:
    """``human``, ``animal``, ``lab`` (cells in a dish), or "" when the level does not say."""
    return level.population


def level_text(level: EvidenceLevel, phase: TrialPhase | None = None, *, cebm: bool = True) -> str:
    """The level as a heading shows it, always saying "animal" or "human" where it
    is known: "Case series · CEBM 4 · human · Phase 1", "Animal study · CEBM 5".
    ``cebm=False`` leaves the CEBM number out, for a slide card's one line."""
    parts = [level.brief if cebm else level.short]
    word = level.population
    if word and word not in level.short.casefold():
        parts.append(word)
    if phase is not None:
        parts.append(phase.label)
    return " · ".join(parts)


def study_level_text(study: Study, *, cebm: bool = True) -> str:
    return level_text(study.evidence_level, study.trial_phase, cebm=cebm)


def level_line(study: Study) -> str:
    """The grid header's line: the full label, then CEBM and GRADE, who, and the phase."""
    level = study.evidence_level
    parts = [level.label]
    if level.cebm:
        parts.append(f"CEBM {level.cebm}")
    if level.grade_start:
        parts.append(f"GRADE starts {level.grade_start.lower()}")
    if level.population and level.population not in level.label.casefold():
        parts.append(level.population)
    if study.trial_phase is not None:
        parts.append(study.trial_phase.label)
    return " · ".join(parts)


@dataclass(frozen=True)
class LegendRow:
    level: EvidenceLevel
    label: str
    cebm: str  # "" when the level has none
    grade_start: str  # "" when GRADE does not rate it
    population: str


def legend(levels: Iterable[EvidenceLevel] | None = None) -> list[LegendRow]:
    """The scale, strongest first (``levels``: only these, e.g. those a library uses)."""
    chosen = set(EvidenceLevel if levels is None else levels)
    ordered = sorted(chosen, key=lambda level: level.rank, reverse=True)
    return [LegendRow(level, level.label, level.cebm, level.grade_start, level.population) for level in ordered]


def legend_sentences(levels: Iterable[EvidenceLevel] | None = None) -> list[str]:
    """The legend as lines of plain text, for exports that have no table."""
    lines = []
    for row in legend(levels):
        parts = [f"CEBM {row.cebm}" if row.cebm else "no CEBM level"]
        if row.grade_start:
            parts.append(f"GRADE starts {row.grade_start.lower()}")
        if row.population:
            parts.append(row.population)
        lines.append(f"{row.label}: {', '.join(parts)}.")
    return lines


def by_level(studies: Iterable[Study], strongest_first: bool = True) -> list[Study]:
    """The studies ordered by evidence level (ties keep their order)."""
    return sorted(studies, key=lambda study: study.evidence_level.rank, reverse=strongest_first)
