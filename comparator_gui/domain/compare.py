"""Two reviewers' copies of a library, compared study by study and field by field. No Qt.

Dual extraction: two reviewers extract the same studies independently, each in
their own copy (two folders, or two git worktrees); this module says where they
agree and where they differ, and how much (``figures``). Consolidation
(``consensus.py``) works through the differences listed here.

A cell (a study's field) in both copies is:

- ``agree``: the same values and the same quotes;
- ``differ``: ``kinds`` says how: ``value`` (the claims' values), ``quotes``
  (the quoted spans), ``claims`` (how many claims: one copy marked it disputed),
  ``facets``, ``notes``;
- ``only_a`` / ``only_b``: reported in one copy, "not reported" in the other.

A study's own attributes (title, institution, evidence level, ...) are compared
too, as items whose ``field_key`` is ``@`` and the attribute's name; a study in
one copy only is one item with ``field_key`` "". Nothing here names an evidence
level or a catalogue field: both are read from the records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from functools import cached_property
from typing import Any

from .library import Library
from .models import Claim, FieldEntry, Study

#: Study attributes that are not compared as attributes (ids, schema, or compared in their own way).
_NOT_ATTRIBUTES = frozenset({"schema_version", "id", "sources", "fields"})
ATTRIBUTE_PREFIX = "@"
#: The category of an item that has no value for a categorical facet.
NONE_CATEGORY = "(none)"


class Outcome(StrEnum):
    AGREE = "agree"
    DIFFER = "differ"
    ONLY_A = "only_a"
    ONLY_B = "only_b"


OUTCOME_WORDS = {Outcome.AGREE: "agree", Outcome.DIFFER: "differ", Outcome.ONLY_A: "only in A", Outcome.ONLY_B: "only in B"}

Span = tuple[str, int, int]  # (source id, start, end) in code points


@dataclass(frozen=True)
class Difference:
    """One study's field (or attribute, or the study itself) as the two copies hold it."""

    study_id: str
    #: A catalogue key; ``@name`` for a study attribute; "" for a study in one copy only.
    field_key: str
    outcome: Outcome
    kinds: tuple[str, ...] = ()
    #: The figures count a cell as agreeing when its values or its quotes are the same.
    counts_as_agreement: bool = False

    @property
    def item_id(self) -> str:
        """A stable name for this item, used by the decisions file."""
        return f"{self.study_id}/{self.field_key}" if self.field_key else self.study_id

    @property
    def is_attribute(self) -> bool:
        return self.field_key.startswith(ATTRIBUTE_PREFIX)

    @property
    def attribute(self) -> str:
        return self.field_key.removeprefix(ATTRIBUTE_PREFIX)

    def describe(self) -> str:
        where = self.item_id
        if self.outcome is Outcome.DIFFER:
            return f"{where}: differ ({', '.join(self.kinds)})"
        return f"{where}: {OUTCOME_WORDS[self.outcome]}"


@dataclass(frozen=True)
class Kappa:
    """Cohen's κ for one categorical item over the studies both copies hold."""

    name: str
    n: int
    observed: float  # p_o
    expected: float  # p_e
    #: None when p_e is 1 (both copies put every study in one category): κ is undefined.
    kappa: float | None


@dataclass(frozen=True)
class FieldFigures:
    key: str
    cells: int
    agreeing: int
    #: Code points quoted by both copies / quoted by either (summed over studies and sources).
    quote_overlap: float | None

    @property
    def percent_agreement(self) -> float | None:
        return 100.0 * self.agreeing / self.cells if self.cells else None


@dataclass
class Comparison:
    a: Library
    b: Library
    items: list[Difference] = field(default_factory=list)
    fields: list[FieldFigures] = field(default_factory=list)
    kappas: list[Kappa] = field(default_factory=list)
    #: Quote overlap per source id (Jaccard of the code points quoted in it).
    source_overlap: dict[str, float] = field(default_factory=dict)
    #: Sources with one id but other text (another SHA-256) in the two copies.
    source_conflicts: list[str] = field(default_factory=list)
    _by_study: dict[str, list[Difference]] | None = field(default=None, repr=False)
    #: Each copy's studies by id (``Library.study`` walks the list).
    studies_a: dict[str, Study] = field(default_factory=dict, repr=False)
    studies_b: dict[str, Study] = field(default_factory=dict, repr=False)

    @cached_property
    def differences(self) -> list[Difference]:
        """Every item that is not an agreement: what consolidation works through."""
        return [item for item in self.items if item.outcome is not Outcome.AGREE]

    @property
    def overall(self) -> FieldFigures:
        cells = sum(f.cells for f in self.fields)
        agreeing = sum(f.agreeing for f in self.fields)
        both, either = _overlap_totals(self)
        return FieldFigures("overall", cells, agreeing, both / either if either else None)

    def item(self, item_id: str) -> Difference | None:
        """The difference named ``item_id`` (``Difference.item_id``), if there is one."""
        return next((i for i in self.differences if i.item_id == item_id), None)

    def differences_of(self, study_id: str) -> list[Difference]:
        """The differences of one study (grouped once, on first use)."""
        if self._by_study is None:
            self._by_study = {}
            for item in self.differences:
                self._by_study.setdefault(item.study_id, []).append(item)
        return self._by_study.get(study_id, [])


# ------------------------------------------------------------------ comparing


def normal_value(text: str) -> str:
    """Values compared as a reader would: blanks collapsed, case ignored."""
    return " ".join(text.split()).casefold()


def spans(entry: FieldEntry) -> set[Span]:
    return {(e.source, e.start, e.end) for claim in entry.claims for e in claim.evidence}


def _facets(entry: FieldEntry) -> list[tuple[tuple[str, str], ...]]:
    return sorted(tuple(sorted((k, str(v)) for k, v in claim.facets.items())) for claim in entry.claims)


def _notes(entry: FieldEntry) -> tuple[str, frozenset[str]]:
    return normal_value(entry.note or ""), frozenset(normal_value(c.note) for c in entry.claims if c.note)


def compare_entries(study_id: str, key: str, a: FieldEntry, b: FieldEntry) -> Difference:
    if not a.claims and not b.claims:
        return Difference(study_id, key, Outcome.AGREE, counts_as_agreement=True)
    if not b.claims:
        return Difference(study_id, key, Outcome.ONLY_A)
    if not a.claims:
        return Difference(study_id, key, Outcome.ONLY_B)
    same_values = sorted(normal_value(c.value) for c in a.claims) == sorted(normal_value(c.value) for c in b.claims)
    same_quotes = spans(a) == spans(b)
    kinds = [
        kind
        for kind, differs in (
            ("value", not same_values),
            ("quotes", not same_quotes),
            ("claims", len(a.claims) != len(b.claims)),
            ("facets", _facets(a) != _facets(b)),
            ("notes", _notes(a) != _notes(b)),
        )
        if differs
    ]
    outcome = Outcome.DIFFER if kinds else Outcome.AGREE
    return Difference(study_id, key, outcome, tuple(kinds), counts_as_agreement=same_values or same_quotes)


def attribute_names() -> list[str]:
    return [name for name in Study.model_fields if name not in _NOT_ATTRIBUTES]


def attribute_value(study: Study, name: str) -> str:
    value = getattr(study, name)
    return str(value.value if isinstance(value, Enum) else value)


def categorical_attributes() -> list[str]:
    """Study attributes whose values are a fixed set (an enum, such as the evidence level)."""
    found = []
    for name in attribute_names():
        annotation = Study.model_fields[name].annotation
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            found.append(name)
    return found


def field_keys(a: Library, b: Library) -> list[str]:
    """Copy A's catalogue order, then B's fields A lacks, then fields no catalogue names."""
    keys = [d.key for d in a.catalogue]
    keys += [d.key for d in b.catalogue if d.key not in keys]
    extra = {k for lib in (a, b) for s in lib.studies for k in s.fields} - set(keys)
    return keys + sorted(extra)


def compare_libraries(a: Library, b: Library) -> Comparison:
    studies_a = {s.id: s for s in a.studies}
    studies_b = {s.id: s for s in b.studies}
    result = Comparison(a, b, studies_a=studies_a, studies_b=studies_b)
    keys = field_keys(a, b)
    order = [s.id for s in a.studies] + [s.id for s in b.studies if s.id not in studies_a]
    for study_id in order:
        if study_id not in studies_b:
            result.items.append(Difference(study_id, "", Outcome.ONLY_A))
            continue
        if study_id not in studies_a:
            result.items.append(Difference(study_id, "", Outcome.ONLY_B))
            continue
        sa, sb = studies_a[study_id], studies_b[study_id]
        for name in attribute_names():
            same = attribute_value(sa, name) == attribute_value(sb, name)
            result.items.append(
                Difference(study_id, ATTRIBUTE_PREFIX + name, Outcome.AGREE if same else Outcome.DIFFER,
                           () if same else ("value",), counts_as_agreement=same)
            )
        for key in keys:
            result.items.append(compare_entries(study_id, key, sa.field(key), sb.field(key)))
    paired = [(studies_a[i], studies_b[i]) for i in order if i in studies_a and i in studies_b]
    attributes = [ATTRIBUTE_PREFIX + name for name in attribute_names()]
    result.fields = [_field_figures(key, result.items, paired) for key in [*attributes, *keys]]
    result.kappas = categorical_kappas(paired)
    result.source_overlap = _source_overlap(paired)
    result.source_conflicts = sorted(
        sid for sid, source in a.sources.items() if sid in b.sources and b.sources[sid].sha256 != source.sha256
    )
    return result


# ------------------------------------------------------------------ figures


def _field_figures(key: str, items: list[Difference], paired: list[tuple[Study, Study]]) -> FieldFigures:
    cells = [i for i in items if i.field_key == key]
    both = either = 0
    for sa, sb in paired:
        x, y = _covered_by_source(sa.field(key)), _covered_by_source(sb.field(key))
        for source in x.keys() | y.keys():
            b, e = _jaccard_parts(x.get(source, []), y.get(source, []))
            both, either = both + b, either + e
    return FieldFigures(key, len(cells), sum(1 for i in cells if i.counts_as_agreement), both / either if either else None)


def _overlap_totals(comparison: Comparison) -> tuple[int, int]:
    both = either = 0
    studies_b = {s.id: s for s in comparison.b.studies}
    for sa in comparison.a.studies:
        sb = studies_b.get(sa.id)
        if sb is None:
            continue
        for key in {*sa.fields, *sb.fields}:
            x, y = _covered_by_source(sa.field(key)), _covered_by_source(sb.field(key))
            for source in x.keys() | y.keys():
                b, e = _jaccard_parts(x.get(source, []), y.get(source, []))
                both, either = both + b, either + e
    return both, either


def _covered_by_source(entry: FieldEntry) -> dict[str, list[tuple[int, int]]]:
    found: dict[str, list[tuple[int, int]]] = {}
    for source, start, end in spans(entry):
        found.setdefault(source, []).append((start, end))
    return found


def merged(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Half-open intervals joined where they overlap or touch, in order."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _length(intervals: list[tuple[int, int]]) -> int:
    return sum(end - start for start, end in intervals)


def _jaccard_parts(x: list[tuple[int, int]], y: list[tuple[int, int]]) -> tuple[int, int]:
    """(code points in both, code points in either) of two sets of quoted spans."""
    mx, my = merged(x), merged(y)
    both, i, j = 0, 0, 0
    while i < len(mx) and j < len(my):
        lo, hi = max(mx[i][0], my[j][0]), min(mx[i][1], my[j][1])
        both += max(0, hi - lo)
        if mx[i][1] < my[j][1]:
            i += 1
        else:
            j += 1
    return both, _length(mx) + _length(my) - both


def _source_overlap(paired: list[tuple[Study, Study]]) -> dict[str, float]:
    totals: dict[str, list[int]] = {}
    for sa, sb in paired:
        for key in {*sa.fields, *sb.fields}:
            x, y = _covered_by_source(sa.field(key)), _covered_by_source(sb.field(key))
            for source in x.keys() | y.keys():
                b, e = _jaccard_parts(x.get(source, []), y.get(source, []))
                total = totals.setdefault(source, [0, 0])
                total[0] += b
                total[1] += e
    return {source: b / e for source, (b, e) in sorted(totals.items()) if e}


def cohen_kappa(name: str, pairs: list[tuple[str, str]]) -> Kappa:
    """Cohen's κ of two raters' categories for the same items.

    κ = (p_o − p_e) / (1 − p_e), where p_o is the share of items both put in
    the same category and p_e = Σ_k (n_A,k / N)(n_B,k / N) the share expected
    by chance from each rater's own category counts. κ is 1 for full agreement,
    0 for what chance gives; it is undefined when p_e = 1.
    """
    n = len(pairs)
    if not n:
        return Kappa(name, 0, 0.0, 0.0, None)
    observed = sum(1 for x, y in pairs if x == y) / n
    count_a, count_b = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    expected = sum(count_a[k] * count_b[k] for k in count_a.keys() | count_b.keys()) / (n * n)
    kappa = None if expected == 1 else (observed - expected) / (1 - expected)
    return Kappa(name, n, observed, expected, kappa)


def _facet_category(entry: FieldEntry, facet: str) -> str:
    values = sorted({str(c.facets[facet]) for c in entry.claims if facet in c.facets})
    return " | ".join(values) if values else NONE_CATEGORY


def categorical_facets(studies: Iterable[Study]) -> list[str]:
    """Facets that hold words (species, cell origin, evidence level), not numbers."""
    kinds: dict[str, set[bool]] = {}
    for study in studies:
        for entry in study.fields.values():
            for claim in entry.claims:
                for name, value in claim.facets.items():
                    kinds.setdefault(name, set()).add(isinstance(value, str))
    return sorted(name for name, is_text in kinds.items() if is_text == {True})


def categorical_kappas(paired: list[tuple[Study, Study]]) -> list[Kappa]:
    """κ for every categorical study attribute (over every study both copies hold)
    and every categorical facet (over the studies and fields where either copy sets it)."""
    found = [
        cohen_kappa(ATTRIBUTE_PREFIX + name, [(attribute_value(a, name), attribute_value(b, name)) for a, b in paired])
        for name in categorical_attributes()
    ]
    for facet in categorical_facets([s for pair in paired for s in pair]):
        pairs = []
        for a, b in paired:
            for key in sorted({*a.fields, *b.fields}):
                x, y = _facet_category(a.field(key), facet), _facet_category(b.field(key), facet)
                if (x, y) != (NONE_CATEGORY, NONE_CATEGORY):
                    pairs.append((x, y))
        found.append(cohen_kappa(facet, pairs))
    return found


# ------------------------------------------------------------------ as data


def claim_data(claim: Claim) -> dict[str, Any]:
    return claim.model_dump(mode="json", exclude_none=True)


def comparison_data(comparison: Comparison) -> dict[str, Any]:
    """The comparison as JSON-ready data (``compare-libraries --json``)."""

    def side(studies: dict[str, Study], item: Difference) -> Any:
        study = studies.get(item.study_id)
        if study is None:
            return None
        if not item.field_key:
            return {"title": study.title}
        if item.is_attribute:
            return attribute_value(study, item.attribute)
        return [claim_data(c) for c in study.field(item.field_key).claims]

    def figures(f: FieldFigures) -> dict[str, Any]:
        return {"key": f.key, "cells": f.cells, "agreeing": f.agreeing,
                "percent_agreement": f.percent_agreement, "quote_overlap": f.quote_overlap}

    return {
        "a": str(comparison.a.root),
        "b": str(comparison.b.root),
        "differences": [
            {"study": i.study_id, "field": i.field_key, "outcome": i.outcome.value, "kinds": list(i.kinds),
             "counts_as_agreement": i.counts_as_agreement, "a": side(comparison.studies_a, i),
             "b": side(comparison.studies_b, i)}
            for i in comparison.differences
        ],
        "agreement": {"overall": figures(comparison.overall), "fields": [figures(f) for f in comparison.fields]},
        "kappa": [{"name": k.name, "n": k.n, "observed": k.observed, "expected": k.expected, "kappa": k.kappa}
                  for k in comparison.kappas],
        "quote_overlap_by_source": comparison.source_overlap,
        "source_conflicts": comparison.source_conflicts,
    }
