"""The one intermediate every export writer reads: a Qt-free comparison sheet.

``build_sheet`` turns a library (or a chosen subset of its studies and fields)
into rows, columns and cells. A cell is the cell as ``domain.cell`` presents it
(the field's status, its claims, and under each claim the verbatim quotes with
their citations, numbered as in the sheet's list of sources), placed under its
study and field. Writers only lay this out and take every word of a cell from
it; none of them looks at the library again, so the formats cannot drift apart
from each other or from the grid and the slides.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime

from .. import __version__
from ..domain.cell import (
    NOT_REPORTED,
    REPORTED,
    CellPresentation,
    ClaimPresentation,
    QuotePresentation,
    present_study,
)
from ..domain.levels import LEGEND_NOTE, LEVELS_HEADING, legend_sentences, study_level_text
from ..domain.library import Library
from ..domain.models import EvidenceLevel, Source, Study

Progress = Callable[[int, int], None]

APP_NAME = "Study Comparator"
UNTITLED = "untitled"


class UnknownSelection(ValueError):
    """A requested study id or field key is not in the library."""


@dataclass(frozen=True)
class SourceRef:
    """A source as cited: its number in the sources list and its metadata."""

    number: int
    id: str
    #: How citations name the source: its title, or author/outlet and date when it has none.
    label: str
    #: The source's own title, "" when it has none (the sources list then says "untitled").
    title: str
    author: str
    outlet: str
    published: str
    url: str
    #: The library's note about the source (what kind of text it is, what to watch for).
    note: str = ""
    #: What kind of publication it is and whether it was peer reviewed ("" when not recorded).
    kind: str = ""

    @property
    def tag(self) -> str:
        return f"[{self.number}]"

    @property
    def display_title(self) -> str:
        return self.title or UNTITLED


@dataclass(frozen=True)
class StudyHeader:
    id: str
    short_title: str
    title: str
    institution: str
    evidence_level: str

    @property
    def label(self) -> str:
        return self.short_title

    @property
    def detail(self) -> str:
        return " · ".join(part for part in (self.evidence_level, self.institution) if part)


@dataclass(frozen=True)
class FieldHeader:
    key: str
    label: str
    group: str

    @property
    def detail(self) -> str:
        return self.group


Header = StudyHeader | FieldHeader


@dataclass(frozen=True, slots=True)
class Cell(CellPresentation):
    """A cell as ``domain.cell`` presents it, under its study and field."""

    # Keyword-only: the presenter's own fields (some with defaults) come first.
    study: StudyHeader = field(kw_only=True)
    field: FieldHeader = field(kw_only=True)


@dataclass(frozen=True)
class Row:
    header: Header
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Sheet:
    library_name: str
    exported: datetime
    app_version: str
    studies: tuple[StudyHeader, ...]
    fields: tuple[FieldHeader, ...]
    cells: dict[tuple[str, str], Cell]
    sources: tuple[SourceRef, ...]
    transpose: bool = False
    #: The evidence levels the exported studies have: the export's legend lists these.
    levels: tuple[EvidenceLevel, ...] = ()

    @property
    def legend(self) -> list[str]:
        """The legend's lines (strongest level first), then what the scale is."""
        return [*legend_sentences(self.levels), LEGEND_NOTE] if self.levels else []

    @property
    def app(self) -> str:
        return f"{APP_NAME} {self.app_version}"

    @property
    def exported_date(self) -> str:
        return self.exported.strftime("%Y-%m-%d")

    @property
    def byline(self) -> str:
        """The line every format prints under the library name."""
        return f"Exported {self.exported_date} by {self.app}"

    def cell(self, study_id: str, field_key: str) -> Cell:
        return self.cells[(study_id, field_key)]

    @property
    def corner(self) -> str:
        return "Study" if self.transpose else "Field"

    @property
    def columns(self) -> tuple[Header, ...]:
        return self.fields if self.transpose else self.studies

    @property
    def rows(self) -> tuple[Row, ...]:
        if self.transpose:
            return tuple(
                Row(study, tuple(self.cell(study.id, f.key) for f in self.fields)) for study in self.studies
            )
        return tuple(
            Row(f, tuple(self.cell(study.id, f.key) for study in self.studies)) for f in self.fields
        )

    def source_of(self, quote: QuotePresentation) -> SourceRef | None:
        """The quote's source in the sheet's list of sources; None when the library lacks it."""
        number = quote.source_number
        if number is None or not 0 < number <= len(self.sources):
            return None
        return self.sources[number - 1]

    def evidence_rows(self) -> Iterator[tuple[Cell, ClaimPresentation | None, QuotePresentation | None]]:
        """The evidence table, study by study, field by field: every quote with its
        claim, plus one row with no claim and no quote for each field no source
        reports (and one with no quote for a claim that has none), so every cell
        of the comparison appears."""
        for study in self.studies:
            for f in self.fields:
                cell = self.cell(study.id, f.key)
                if not cell.claims:
                    yield cell, None, None
                for claim in cell.claims:
                    if not claim.quotes:
                        yield cell, claim, None
                    for quote in claim.quotes:
                        yield cell, claim, quote


def export_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so the same input gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError) as exc:
            raise ValueError(f"SOURCE_DATE_EPOCH is not a Unix time: {epoch!r}") from exc
    return datetime.now(tz=UTC).replace(microsecond=0)


def _pick(wanted: Sequence[str] | None, known: list[str], kind: str) -> list[str]:
    if wanted is None:
        return known
    unknown = [item for item in wanted if item not in known]
    if unknown:
        raise UnknownSelection(
            f"unknown {kind} {', '.join(map(repr, unknown))}; known: {', '.join(known) or 'none'}"
        )
    return list(dict.fromkeys(wanted))


def _source_ref(number: int, source: Source) -> SourceRef:
    return SourceRef(
        number=number,
        id=source.id,
        label=source.label,
        title=(source.title or "").strip(),
        author=(source.author or "").strip(),
        outlet=(source.outlet or "").strip(),
        published=(source.published or "").strip(),
        url=(source.url or "").strip(),
        note=(source.note or "").strip(),
        kind=source.kind_text,
    )


def _cited_sources(library: Library, studies: list[Study], field_keys: list[str]) -> tuple[SourceRef, ...]:
    wanted: set[str] = set()
    for study in studies:
        wanted.update(study.sources)
        for key in field_keys:
            for claim in study.field(key).claims:
                wanted.update(evidence.source for evidence in claim.evidence)
    ordered = [source for source in library.meta.sources if source.id in wanted]
    return tuple(_source_ref(number, source) for number, source in enumerate(ordered, start=1))


def build_sheet(
    library: Library,
    *,
    study_ids: Sequence[str] | None = None,
    field_keys: Sequence[str] | None = None,
    transpose: bool = False,
) -> Sheet:
    """The comparison of ``library``: all studies and fields in library order,
    or the given ones in the given order. Raises ``UnknownSelection``."""
    chosen_ids = _pick(study_ids, [s.id for s in library.studies], "study id")
    catalogue = {definition.key: definition for definition in library.catalogue}
    chosen_keys = _pick(field_keys, list(catalogue), "field key")
    by_id = {study.id: study for study in library.studies}  # Library.study walks the list: n² at 10,000
    studies = [by_id[study_id] for study_id in chosen_ids]
    sources = _cited_sources(library, studies, chosen_keys)
    numbers = {ref.id: ref.number for ref in sources}
    field_headers = {key: FieldHeader(key, catalogue[key].label, catalogue[key].group) for key in chosen_keys}
    presented = [f.name for f in fields(CellPresentation)]
    cells: dict[tuple[str, str], Cell] = {}
    headers = []
    for study in studies:
        header = StudyHeader(
            study.id, study.short_title, study.title, study.institution, study_level_text(study)
        )
        headers.append(header)
        for key, shown in present_study(library, study, chosen_keys, source_numbers=numbers).items():
            # Every field of the presentation, whatever the presenter adds to it.
            cells[(study.id, key)] = Cell(
                **{name: getattr(shown, name) for name in presented}, study=header, field=field_headers[key]
            )
    return Sheet(
        library_name=library.name,
        exported=export_time(),
        app_version=__version__,
        studies=tuple(headers),
        fields=tuple(field_headers.values()),
        cells=cells,
        sources=sources,
        transpose=transpose,
        levels=tuple({study.evidence_level: None for study in studies}),
    )


__all__ = [
    "LEVELS_HEADING",
    "NOT_REPORTED",
    "REPORTED",
    "UNTITLED",
    "Cell",
    "FieldHeader",
    "Header",
    "Progress",
    "Row",
    "Sheet",
    "SourceRef",
    "StudyHeader",
    "UnknownSelection",
    "build_sheet",
    "export_time",
]
