"""Which studies and fields a comparison shows, in which order: no Qt here.

The window keeps a :class:`ViewChoices` (what the reviewer chose) and asks
:func:`layout` for what to show. Search runs over a prebuilt
:class:`SearchIndex`, so one keystroke costs a substring test per study and
then per field of the studies that match, not a walk over every record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .comparison import FieldStatus, differs_across, field_status
from .library import Library
from .models import Study

_SEPARATOR = "\x00"  # cannot occur in a needle typed into the search box


@dataclass
class ViewChoices:
    study_order: list[str] = field(default_factory=list)
    hidden_studies: set[str] = field(default_factory=set)
    field_order: list[str] = field(default_factory=list)
    hidden_fields: set[str] = field(default_factory=set)
    search: str = ""
    disputed_only: bool = False
    differences_only: bool = False
    transposed: bool = False


@dataclass(frozen=True)
class Layout:
    study_ids: list[str]
    field_keys: list[str]
    #: (study id, field key) pairs whose value or quotes contain the search text.
    matches: frozenset[tuple[str, str]] = frozenset()


def ordered(all_ids: Sequence[str], preferred: Iterable[str]) -> list[str]:
    """``all_ids`` in the ``preferred`` order; ids not mentioned keep their place at the end."""
    known = set(all_ids)
    head = [i for i in dict.fromkeys(preferred) if i in known]
    placed = set(head)
    return head + [i for i in all_ids if i not in placed]


def field_text(study: Study, key: str, library: Library | None = None) -> str:
    """Everything searchable in one field: values, notes and quotes."""
    entry = study.field(key)
    parts = [entry.note or ""]
    for claim in entry.claims:
        parts.append(claim.value)
        parts.append(claim.note or "")
        parts.extend(evidence.exact for evidence in claim.evidence)
        if library is not None:
            sources = library.sources
            parts.extend(sources[e.source].label for e in claim.evidence if e.source in sources)
    return "\n".join(p for p in parts if p)


class SearchIndex:
    """Casefolded text per study and field, built once per loaded library."""

    def __init__(self, library: Library) -> None:
        keys = [definition.key for definition in library.catalogue]
        self._fields: dict[str, dict[str, str]] = {}
        self._blobs: dict[str, str] = {}
        for study in library.studies:
            per_field = {key: field_text(study, key).casefold() for key in keys}
            header = f"{study.title}\n{study.short_title}\n{study.institution}".casefold()
            per_field[""] = header
            self._fields[study.id] = per_field
            self._blobs[study.id] = _SEPARATOR.join(per_field.values())

    def matching_fields(self, study_id: str, needle: str) -> set[str]:
        """Field keys of ``study_id`` containing ``needle`` ("" stands for the title)."""
        if needle not in self._blobs.get(study_id, ""):
            return set()
        return {key for key, text in self._fields[study_id].items() if needle in text}


def layout(library: Library, choices: ViewChoices, index: SearchIndex | None = None) -> Layout:
    studies = {study.id: study for study in library.studies}
    study_ids = [
        sid
        for sid in ordered([s.id for s in library.studies], choices.study_order)
        if sid not in choices.hidden_studies
    ]
    field_keys = [
        key
        for key in ordered([d.key for d in library.catalogue], choices.field_order)
        if key not in choices.hidden_fields
    ]
    needle = choices.search.strip().casefold()
    matches: set[tuple[str, str]] = set()
    if needle:
        index = index or SearchIndex(library)
        hit_fields: set[str] = set()
        kept_studies = []
        for sid in study_ids:
            found = index.matching_fields(sid, needle)
            if found:
                kept_studies.append(sid)
                hit_fields |= found
                matches.update((sid, key) for key in found if key)
        study_ids = kept_studies
        # A match in a study's title keeps the study with all its fields.
        if "" not in hit_fields:
            field_keys = [key for key in field_keys if key in hit_fields]
    if choices.disputed_only:
        field_keys = [
            key
            for key in field_keys
            if any(field_status(studies[sid].field(key)) is FieldStatus.DISPUTED for sid in study_ids)
        ]
    if choices.differences_only:
        field_keys = [key for key in field_keys if differs_across((studies[s] for s in study_ids), key)]
    return Layout(study_ids, field_keys, frozenset(matches))
