"""One comparison cell, presented: the words every view of a cell reads.

A cell is one study's entry for one field. ``present_cell`` turns it into a
:class:`CellPresentation`: the field's status (reported, disputed, not
reported), the status line the grid paints above the value, each claim with
its value, its quotes (the exact words, their source, where they stand in it
and whether they were found there verbatim) and its note, the field's note,
and each quote's citation. The grid (its model, delegate and tooltip), the
slides and every export take their words from here, so a cell reads the same
everywhere; each of them still lays the words out in its own way.

A field with more than one claim names each by its number ("Claim 2", or
"2." in the grid's compact value list), whether or not the claims disagree:
the editor asks "Which claim?" by the same numbers.

A claim with a kind is not a value: "not reported" with the words that say so
(``NOT_REPORTED_KIND``) or a reviewer's note that rests on quotes
(``QUOTED_NOTE_KIND``). Its quotes are shown and counted like any other, but
it never makes a field reported or disputed (``comparison.field_status``).

No Qt here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .anchoring import Anchor, AnchorStatus
from .cell_wording import (
    DISPUTED_LABEL,
    DISPUTED_SHORT,
    NOT_REPORTED_EXPLAINED,
    NOT_REPORTED_KIND,
    NOT_REPORTED_LINE,
    NOT_REPORTED_VALUE,
    NOTE_LABEL,
    NOTE_PREFIX,
    NOTE_STALE_LINE,
    NUMBERS_LINE,
    QUOTED_NOTE_KIND,
    REPORTED,
    labelled_note,
    quoted,
    source_caption,
)
from .comparison import FieldStatus, field_status
from .library import EvidenceRef, Library
from .models import NOT_REPORTED, ClaimKind, Source, Study
from .provenance import describe_parts
from .quality import NOTE_STALE, note_is_stale, unsupported_numbers

__all__ = [
    "DISPUTED_LABEL",
    "DISPUTED_SHORT",
    "NOTE_LABEL",
    "NOTE_PREFIX",
    "NOTE_STALE",
    "NOTE_STALE_LINE",
    "NOT_REPORTED",
    "NOT_REPORTED_EXPLAINED",
    "NOT_REPORTED_KIND",
    "NOT_REPORTED_LINE",
    "NOT_REPORTED_VALUE",
    "NUMBERS_LINE",
    "QUOTED_NOTE_KIND",
    "REPORTED",
    "CellPresentation",
    "ClaimPresentation",
    "QuotePresentation",
    "labelled_note",
    "present_cell",
    "present_study",
    "quoted",
    "source_caption",
]

_NOT_VERBATIM = (AnchorStatus.FUZZY, AnchorStatus.ORPHAN)


@dataclass(frozen=True, slots=True)
class QuotePresentation:
    """A verbatim quote and where it stands in its source (code points, end exclusive)."""

    text: str
    source_id: str
    #: The source's name (``Source.label``); None when the library has no such source.
    source_label: str | None
    #: Where the quote was found in the current source text; the stored
    #: position when it was not found.
    start: int
    end: int
    anchor: AnchorStatus
    #: The source's number in an export's list of sources (``[2]``), when there is one.
    source_number: int | None = None
    #: Who added the quote (the reviewer's name) and when (ISO 8601 UTC); None when not recorded.
    added_by: str | None = None
    added_at: str | None = None

    @property
    def added(self) -> str:
        """"added by Ana Silva, 2026-12-01 10:58 UTC"; "" when not recorded."""
        return describe_parts(self.added_by, self.added_at)

    @property
    def verbatim(self) -> bool:
        """Found word for word in its source (where it was stored or elsewhere)."""
        return self.anchor not in _NOT_VERBATIM

    @property
    def source_name(self) -> str:
        """The source's label, or its id when the library does not have it."""
        return self.source_label if self.source_label is not None else self.source_id

    @property
    def quoted(self) -> str:
        return quoted(self.text)

    @property
    def citation(self) -> str:
        """``[2] Title, characters 555–588``, with a warning when the quote was not found as stored,
        and who added it when that was recorded (``; added by Ana Silva, 2026-12-01 10:58 UTC``)."""
        if self.source_label is None:
            name = f"unknown source {self.source_id!r}"
        elif self.source_number is None:
            name = self.source_label
        else:
            name = f"[{self.source_number}] {self.source_label}"
        where = f"characters {self.start}–{self.end}"
        if self.anchor is AnchorStatus.ORPHAN:
            where = "quote not found in the current source text"
        elif self.anchor is AnchorStatus.FUZZY:
            where += " (approximate match; check against the source)"
        added = self.added
        return f"{name}, {where}; {added}" if added else f"{name}, {where}"

    @property
    def line(self) -> str:
        """The quote and its citation on one line of plain text."""
        return f"{self.quoted} ({self.citation})"


@dataclass(frozen=True, slots=True)
class ClaimPresentation:
    """One claim of a field: its value, its quotes and the reviewer's note on it."""

    number: int  # from 1, in the field's order
    value: str
    quotes: tuple[QuotePresentation, ...]
    note: str | None = None
    #: The field has other claims: this one goes by its number.
    numbered: bool = False
    #: Numbers the value states that none of its quotes gives, as the value writes them.
    unsupported_numbers: tuple[str, ...] = ()
    #: Who added the claim (the reviewer's name) and when (ISO 8601 UTC); None when not recorded.
    added_by: str | None = None
    added_at: str | None = None
    #: None for a value; else what the claim is instead (see ``ClaimKind``).
    kind: ClaimKind | None = None

    @property
    def added(self) -> str:
        return describe_parts(self.added_by, self.added_at)

    @property
    def is_value(self) -> bool:
        return self.kind is None

    @property
    def labelled_value(self) -> str:
        """The value, or for a claim with a kind, its words after what it is:
        ``Not reported, as the source says: Details of the patients not given``."""
        if self.kind is ClaimKind.NOT_REPORTED:
            return f"{NOT_REPORTED_KIND}: {self.value}"
        if self.kind is ClaimKind.NOTE:
            return f"{QUOTED_NOTE_KIND}: {self.value}"
        return self.value

    @property
    def prefix(self) -> str:
        """``Claim 2: `` when the field has several claims, else nothing."""
        return f"Claim {self.number}: " if self.numbered else ""

    @property
    def title(self) -> str:
        """``Claim 2: value`` when the field has several claims, else the (labelled) value."""
        return self.prefix + self.labelled_value

    @property
    def note_text(self) -> str | None:
        """The note, labelled, as shown under the claim."""
        return labelled_note(self.note)

    @property
    def source_ids(self) -> tuple[str, ...]:
        """The sources the quotes come from, each once, in the quotes' order."""
        return tuple(dict.fromkeys(quote.source_id for quote in self.quotes))

    def provenance_lines(self) -> list[str]:
        """Who added the claim, and who its quotes (the tooltip's lines; none when nothing was recorded)."""
        lines = [f"Claim {self.added}"] if self.added else []
        by_whom = Counter(quote.added_by for quote in self.quotes if quote.added_by)
        if by_whom:
            lines.append("Quotes added by " + ", ".join(f"{who} ({n})" for who, n in by_whom.items()))
        return lines

    @property
    def cited(self) -> str:
        """The names of the sources the quotes come from, each once: ``A; B``."""
        return "; ".join(dict.fromkeys(quote.source_name for quote in self.quotes))


@dataclass(frozen=True, slots=True)
class CellPresentation:
    """One study's field as every view shows it.

    ``status`` is ``FieldStatus.AGREED`` for a reported field (one value,
    however many sources give it), ``DISPUTED`` when its claims differ, and
    ``NOT_REPORTED`` when it has none.
    """

    study_id: str
    field_key: str
    status: FieldStatus
    claims: tuple[ClaimPresentation, ...]
    note: str | None  # the reviewer's note on the field as a whole
    #: The field's note was written (or confirmed) before its claims last changed.
    note_stale: bool = False

    @property
    def reported(self) -> bool:
        return self.status is not FieldStatus.NOT_REPORTED

    @property
    def disputed(self) -> bool:
        return self.status is FieldStatus.DISPUTED

    @property
    def values(self) -> tuple[ClaimPresentation, ...]:
        """The claims that are values (not "not reported" evidence or quoted notes)."""
        return tuple(claim for claim in self.claims if claim.is_value)

    @property
    def quotes(self) -> tuple[QuotePresentation, ...]:
        return tuple(quote for claim in self.claims for quote in claim.quotes)

    @property
    def quote_count(self) -> int:
        return sum(len(claim.quotes) for claim in self.claims)

    @property
    def unverified(self) -> int:
        """How many quotes were not found verbatim in their source (fuzzy or orphaned)."""
        return sum(1 for claim in self.claims for quote in claim.quotes if quote.anchor in _NOT_VERBATIM)

    @property
    def warnings(self) -> tuple[str, ...]:
        """What a reviewer should check beyond the quotes' places, a sentence each:
        a note that may be out of date, a value's numbers that no quote gives."""
        found = []
        if self.note_stale:
            found.append(
                f"⚠ The reviewer's {NOTE_STALE}: the field's claims changed after it was written "
                "(Edit → Confirm note once it still holds)."
            )
        for claim in self.claims:
            if claim.unsupported_numbers:
                numbers = ", ".join(f"“{number}”" for number in claim.unsupported_numbers)
                which = f"Claim {claim.number}" if claim.numbered else "The value"
                found.append(f"⚠ {which} states {numbers}, which none of its quotes gives.")
        return tuple(found)

    @property
    def note_text(self) -> str | None:
        """The field's note, labelled."""
        return labelled_note(self.note)

    @property
    def status_line(self) -> str:
        """``NOT REPORTED``, ``3 quotes`` or ``⚠ DISPUTED · 2 claims · 4 quotes``,
        then ``· ⚠ n NOT VERBATIM`` when quotes were not found as stored,
        ``· ⚠ NUMBER NOT IN QUOTES`` when a value states a number no quote of it
        gives, and ``· ⚠ NOTE MAY BE OUT OF DATE`` for a note older than the claims."""
        quotes = self.quote_count
        count = f"{quotes} quote{'s' if quotes != 1 else ''}"
        if not self.reported:
            # Quotes here show where the source says the field is not given.
            line = f"{NOT_REPORTED_LINE} · {count}" if quotes else NOT_REPORTED_LINE
            return f"{line} · {NOTE_STALE_LINE}" if self.note_stale else line
        unverified = self.unverified
        if unverified:
            count += f" · ⚠ {unverified} NOT VERBATIM"
        if any(claim.unsupported_numbers for claim in self.claims):
            count += f" · {NUMBERS_LINE}"
        if self.note_stale:
            count += f" · {NOTE_STALE_LINE}"
        if self.disputed:
            return f"⚠ DISPUTED · {len(self.values)} claims · {count}"
        return count

    @property
    def status_name(self) -> str:
        """``disputed``, ``not_reported``, ``agreed`` (one value, quoted from two or
        more sources) or ``reported`` (one value from one source: nothing to agree with)."""
        if self.status is not FieldStatus.AGREED:
            return self.status.value
        sources = {quote.source_id for claim in self.claims for quote in claim.quotes}
        return FieldStatus.AGREED.value if len(sources) > 1 else REPORTED

    @property
    def value_text(self) -> str:
        """The value(s), then each reviewer's note on a line of its own, labelled
        (the grid's cell: its quotes are highlighted in the source pane)."""
        claims, values = self.claims, self.values
        if not values:
            said = any(claim.kind is ClaimKind.NOT_REPORTED for claim in claims)
            lines = [] if said else [NOT_REPORTED_VALUE]
        elif len(values) == 1 and not claims[0].numbered:
            lines = [values[0].value]
        else:
            lines = [f"{claim.number}. {claim.value}" for claim in values]
        lines += [
            f"{claim.number}. {claim.labelled_value}" if claim.numbered else claim.labelled_value
            for claim in claims
            if not claim.is_value
        ]
        for claim in claims:
            if claim.note:
                which = f"(claim {claim.number}) " if claim.numbered else ""
                lines.append(f"{NOTE_PREFIX}{which}{claim.note}")
        if self.note:
            lines.append(f"{NOTE_PREFIX}{self.note}")
        return "\n".join(lines)

    @property
    def text(self) -> str:
        """The whole cell as plain text: its status when it is not a plain value,
        then each value with its quotes and their citations, then the notes."""
        lines: list[str] = []
        if not self.reported:
            lines.append(NOT_REPORTED)
        if self.disputed:
            lines.append(DISPUTED_LABEL)
        for claim in self.claims:
            lines.append(claim.title)
            lines.extend(quote.line for quote in claim.quotes)
            if claim.note:
                lines.append(f"{NOTE_PREFIX}{claim.note}")
        if self.note:
            lines.append(f"{NOTE_PREFIX}{self.note}")
        return "\n".join(lines)

    def evidence_note(self, claim: ClaimPresentation | None) -> str:
        """The reviewer's notes that bear on one quote of ``claim`` (or on the cell,
        for None) when the quote stands apart from the cell, as in a table of
        quotes: the claim's note, then the field's, each saying what it is about
        when the field has several claims."""
        several = len(self.claims) > 1
        lines = []
        if claim is not None and not claim.is_value:
            lines.append(claim.labelled_value)
        if claim is not None and claim.note:
            label = f"{NOTE_LABEL} on claim {claim.number}" if claim.numbered else NOTE_LABEL
            lines.append(f"{label}: {claim.note}")
        if self.note:
            label = f"{NOTE_LABEL} on the field" if several else NOTE_LABEL
            lines.append(f"{label}: {self.note}")
        return "\n".join(lines)

    def heading(self, field_label: str) -> str:
        """A title for the cell's details: the field's label, and "disputed" when it is."""
        return f"{field_label}: disputed" if self.disputed else field_label

    def detail_lines(self) -> list[str]:
        """The cell in detail, a line each (the grid's tooltip): why it is empty or
        what to check, each claim with the sources that give it and its note,
        then the field's note."""
        lines: list[str] = []
        if not self.reported:
            lines.append(NOT_REPORTED_EXPLAINED)
        unverified = self.unverified
        if unverified:
            lines.append(
                f"⚠ {unverified} quote(s) not found verbatim in the source: see the problems panel "
                "(Library → Review re-anchored quotes)."
            )
        lines.extend(self.warnings)
        for claim in self.claims:
            lines.append(f"{claim.title} — {claim.cited}")
            lines.extend(claim.provenance_lines())
            if claim.note:
                lines.append(f"{NOTE_PREFIX}{claim.note}")
        if self.note:
            lines.append(f"{NOTE_PREFIX}{self.note}")
        return lines


def provenance_columns(
    claim: ClaimPresentation | None, quote: QuotePresentation | None
) -> tuple[str | None, str | None, str | None, str | None]:
    """Claim added by, claim added at, quote added by, quote added at: the evidence sheets' last
    four columns (None where nothing was recorded)."""
    return (
        claim.added_by if claim is not None else None,
        claim.added_at if claim is not None else None,
        quote.added_by if quote is not None else None,
        quote.added_at if quote is not None else None,
    )


# ------------------------------------------------------------------ building

_Anchors = Mapping[tuple[int, int], Anchor]


def _present(
    study: Study,
    key: str,
    sources: Mapping[str, Source],
    anchors: _Anchors,
    source_numbers: Mapping[str, int] | None,
) -> CellPresentation:
    entry = study.field(key)
    numbered = len(entry.claims) > 1
    claims = []
    for c_index, claim in enumerate(entry.claims):
        quotes = []
        for e_index, evidence in enumerate(claim.evidence):
            found = anchors.get((c_index, e_index))
            # A quote with no anchor was never checked against its source: not verbatim.
            status = found.status if found is not None else AnchorStatus.ORPHAN
            start, end = (found.start, found.end) if found is not None and found.found else (evidence.start, evidence.end)
            source = sources.get(evidence.source)
            quotes.append(
                QuotePresentation(
                    evidence.exact,
                    evidence.source,
                    source.label if source is not None else None,
                    start,
                    end,
                    status,
                    source_numbers.get(evidence.source) if source_numbers is not None else None,
                    evidence.added_by,
                    evidence.added_at,
                )
            )
        missing = tuple(unsupported_numbers(claim.value, (quote.text for quote in quotes)))
        claims.append(
            ClaimPresentation(
                c_index + 1, claim.value, tuple(quotes), claim.note or None, numbered,
                # A claim that is not a value states no number for its quotes to give.
                missing if claim.kind is None else (), claim.added_by, claim.added_at, claim.kind,
            )
        )
    stale = entry.note_basis is not None and note_is_stale(entry)
    return CellPresentation(study.id, key, field_status(entry), tuple(claims), entry.note or None, stale)


def _anchors(refs: Iterable[EvidenceRef]) -> dict[str, dict[tuple[int, int], Anchor]]:
    grouped: dict[str, dict[tuple[int, int], Anchor]] = {}
    for ref in refs:
        grouped.setdefault(ref.field_key, {})[(ref.claim_index, ref.evidence_index)] = ref.anchor
    return grouped


def present_cell(
    library: Library, study: Study, key: str, *, source_numbers: Mapping[str, int] | None = None
) -> CellPresentation:
    """How ``study``'s field ``key`` reads, with each quote where the library
    found it in its source. ``source_numbers`` (source id → number) numbers the
    citations, as an export's list of sources does.

    Cheap enough to call for each cell painted; nothing is cached here."""
    anchors = _anchors(library.evidence_for(study.id, key)).get(key, {})
    return _present(study, key, library.sources, anchors, source_numbers)


def present_study(
    library: Library, study: Study, keys: Iterable[str], *, source_numbers: Mapping[str, int] | None = None
) -> dict[str, CellPresentation]:
    """``present_cell`` for several fields of one study, looking its quotes up once."""
    anchors = _anchors(library.evidence_for(study.id))
    sources = library.sources
    return {key: _present(study, key, sources, anchors.get(key, {}), source_numbers) for key in keys}
