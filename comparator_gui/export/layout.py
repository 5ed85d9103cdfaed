"""Which layout an export uses, and the per-study layout's sections.

The grid (fields × studies) reads well up to about six studies side by side;
past that its columns get too narrow for a quote. The per-study layout puts one
block under each study instead, its fields grouped as in RevMan's
"Characteristics of included studies" tables: design and level, participants,
intervention, outcomes, safety, notes. No Qt here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .sheet import Cell, FieldHeader, Sheet, StudyHeader

#: The layouts an export can be asked for; ``auto`` picks one by the sheet's shape.
LAYOUTS = ("auto", "grid", "per-study")
#: The most columns of values the grid layout holds side by side (studies, or fields when transposed).
GRID_MAX_COLUMNS = 6

#: The per-study block's sections, in order, and the catalogue's fields each holds.
#: A field a library adds goes under the section its catalogue group names, else Notes.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Design and level", ("study_design", "condition", "institution", "registration")),
    ("Participants", ("subjects", "comparator", "timing")),
    ("Intervention", ("cell_source", "cell_origin", "cell_preparation", "co_interventions", "delivery_method", "dose")),
    ("Outcomes", ("outcomes", "outcome_measures", "follow_up")),
    ("Safety", ("safety", "safety_minor")),
    ("Notes", ("publication", "funding")),
)
_GROUP_SECTIONS = {"Context": "Design and level", "Population": "Participants",
                   "Intervention": "Intervention", "Results": "Outcomes"}


def resolve_layout(sheet: Sheet, layout: str = "auto") -> str:
    """``grid`` or ``per-study``: ``layout`` itself, or for ``auto`` the grid when
    its columns of values are few enough to read side by side."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
    if layout != "auto":
        return layout
    return "grid" if len(sheet.columns) <= GRID_MAX_COLUMNS else "per-study"


@dataclass(frozen=True)
class Section:
    title: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class StudyBlock:
    """One study in the per-study layout: its heading and its fields by section."""

    study: StudyHeader
    sections: tuple[Section, ...]

    @property
    def heading(self) -> str:
        """The study's title with its evidence level, as every study heading shows it."""
        return f"{self.study.short_title} · {self.study.evidence_level}" if self.study.evidence_level else self.study.short_title


def section_of(field: FieldHeader) -> str:
    for title, keys in SECTIONS:
        if field.key in keys:
            return title
    return _GROUP_SECTIONS.get(field.group, "Notes")


def _ordered_sections(fields: Sequence[FieldHeader]) -> list[tuple[str, list[FieldHeader]]]:
    grouped: dict[str, list[FieldHeader]] = {title: [] for title, _ in SECTIONS}
    for f in fields:
        grouped[section_of(f)].append(f)
    return [(title, members) for title, members in grouped.items() if members]


def study_blocks(sheet: Sheet) -> list[StudyBlock]:
    """The per-study layout of ``sheet``: a block per study, in the sheet's order;
    in each, the chosen fields under their sections (empty sections left out)."""
    sections = _ordered_sections(sheet.fields)
    return [
        StudyBlock(
            study,
            tuple(Section(title, tuple(sheet.cell(study.id, f.key) for f in members)) for title, members in sections),
        )
        for study in sheet.studies
    ]


def grid_bands(sheet: Sheet, width: int = GRID_MAX_COLUMNS) -> list[range]:
    """The grid's columns in bands of at most ``width`` (a grid forced on many studies)."""
    count = len(sheet.columns)
    return [range(start, min(count, start + width)) for start in range(0, max(count, 1), width)]
