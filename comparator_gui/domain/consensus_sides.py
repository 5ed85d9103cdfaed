"""What each copy holds for one difference, laid out for reading side by side. No Qt.

A field's side lists its claims, each with who added it, and its quotes in
their source: a few words either side of the quote, and whether the other copy
quotes the same span (so the view can mark the quotes only one copy has).
"""

from __future__ import annotations

from dataclasses import dataclass

from .compare import Difference, attribute_value, spans
from .library import Library
from .models import NOT_REPORTED
from .provenance import describe

#: Code points of source text shown either side of a quote.
CONTEXT = 120


@dataclass(frozen=True)
class QuoteInSource:
    source_label: str
    before: str
    exact: str
    after: str
    #: The other copy quotes exactly this span too.
    shared: bool
    provenance: str


@dataclass(frozen=True)
class ClaimSide:
    value: str
    provenance: str = ""
    facets: str = ""
    note: str = ""
    quotes: tuple[QuoteInSource, ...] = ()


@dataclass(frozen=True)
class Side:
    """One copy's version: ``lines`` for a study or attribute, ``claims`` for a field."""

    present: bool
    lines: tuple[str, ...] = ()
    claims: tuple[ClaimSide, ...] = ()
    field_note: str = ""


def _context(library: Library, source: str, start: int, end: int, exact: str) -> tuple[str, str]:
    text = library.texts.get(source)
    if text is None or text[start:end] != exact:
        return "", ""  # the text moved or is missing: the quote alone, never a wrong context
    before = text[max(0, start - CONTEXT):start]
    after = text[end:end + CONTEXT]
    return ("…" if start > CONTEXT else "") + before, after + ("…" if end + CONTEXT < len(text) else "")


def side(library: Library, other: Library, item: Difference) -> Side:
    try:
        study = library.study(item.study_id)
    except KeyError:
        return Side(False, ("(this copy does not hold this study)",))
    if not item.field_key:
        reported = sum(1 for entry in study.fields.values() if entry.claims)
        level = getattr(study.evidence_level, "label", str(study.evidence_level))
        return Side(True, (study.title, study.institution, level, f"{reported} field(s) reported, {len(study.sources)} source(s)"))
    if item.is_attribute:
        value = getattr(study, item.attribute)
        label = getattr(value, "label", None)
        text = attribute_value(study, item.attribute)
        return Side(True, (f"{label} ({text})" if label else text,))
    entry = study.field(item.field_key)
    if not entry.claims:
        return Side(False, (NOT_REPORTED,), field_note=entry.note or "")
    try:
        theirs = spans(other.study(item.study_id).field(item.field_key))
    except KeyError:
        theirs = set()
    claims = []
    for claim in entry.claims:
        quotes = []
        for e in claim.evidence:
            before, after = _context(library, e.source, e.start, e.end, e.exact)
            source = library.sources.get(e.source)
            quotes.append(QuoteInSource(source.label if source else e.source, before, e.exact, after,
                                        (e.source, e.start, e.end) in theirs, describe(e)))
        facets = ", ".join(f"{k} = {v}" for k, v in claim.facets.items())
        claims.append(ClaimSide(claim.value, describe(claim), facets, claim.note or "", tuple(quotes)))
    return Side(True, claims=tuple(claims), field_note=entry.note or "")
