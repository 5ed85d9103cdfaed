"""Presentation slides as plain data: an overview, then one slide per field.

No Qt here. The presentation window lays these out; the screenshot command and
the tests read them. Every value keeps the quote that best supports it (see
``supporting_quote``), the name of that quote's source and how many sources
back the claim, so a slide never shows a bare claim; reviewer notes travel
with the field or claim they belong to. A cell's words come from
``domain.cell``, as the grid's and the exports' do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .cell import NOTE_LABEL, ClaimPresentation, labelled_note, present_study, quoted, source_caption
from .comparison import FieldStatus, field_status
from .levels import level_text, population_word, study_level_text
from .library import Library
from .models import NOT_REPORTED, Claim, ClaimKind, Evidence, EvidenceLevel, FieldEntry, Study

__all__ = [
    "NOTE_LABEL",
    "ClaimCell",
    "FieldSlide",
    "OverviewSlide",
    "Slide",
    "StudyCard",
    "StudyCell",
    "build_slides",
    "level_text",
    "ordered_field_keys",
    "subject_counts",
    "subjects_kind",
    "subjects_summary",
    "supporting_quote",
]

def subjects_kind(level: EvidenceLevel) -> str:
    """Who a study's results are about: ``animal``, ``human``, ``lab`` (cells in a
    dish), or "" when the level does not say. An animal result and a human one
    must not sit side by side unmarked (the Osaka rat bone-healing result stood
    beside human motor results)."""
    return population_word(level)


@dataclass(frozen=True)
class ClaimCell:
    """One claim of a field: the value, its best supporting quote and that quote's source.

    ``sources`` is how many distinct sources back the claim; ``of_sources``,
    how many the study has when there is more than one to compare (else 0, and
    the count is not worth showing).
    """

    value: str
    quote: str
    source: str  # Source.label, or the source id when the source is not loaded
    sources: int = 1
    of_sources: int = 0
    note: str | None = None
    #: None for a value; a claim with a kind shows its words labelled (``value``).
    kind: ClaimKind | None = None

    @property
    def quoted(self) -> str:
        return quoted(self.quote)

    @property
    def citation(self) -> str:
        """The caption under the quote: its source, and how many sources back the claim."""
        return source_caption(self.source, self.sources, self.of_sources)

    @property
    def note_text(self) -> str | None:
        return labelled_note(self.note)


@dataclass(frozen=True)
class StudyCell:
    """One study's column on a field slide. No claims means not reported."""

    study_id: str
    study: str  # the study's short title
    status: FieldStatus
    claims: tuple[ClaimCell, ...]
    note: str | None = None  # the field's reviewer note
    #: The study's evidence level, saying "animal" or "human" (see ``level_text``).
    level: str = ""

    @property
    def note_text(self) -> str | None:
        return labelled_note(self.note)

    @property
    def disputed(self) -> bool:
        return self.status is FieldStatus.DISPUTED


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
    subjects: str = NOT_REPORTED  # what the subjects field says: see ``subjects_summary``
    #: The evidence level saying "animal" or "human" (see ``level_text``).
    level: str = ""

    @property
    def subjects_text(self) -> str:
        return f"Subjects: {self.subjects}"


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


def _count(claim: Claim) -> int | None:
    n = claim.facets.get("n")
    if isinstance(n, bool):
        return None
    if isinstance(n, int):
        return n
    if isinstance(n, float) and n.is_integer():
        return int(n)
    return None


def subject_counts(study: Study) -> tuple[int, ...]:
    """The distinct ``n`` facets of the subjects field, in claim order."""
    counts = [n for n in (_count(claim) for claim in study.field("subjects").claims) if n is not None]
    return tuple(dict.fromkeys(counts))


_IRREGULAR_PLURALS = {
    "mouse": "mice",
    "person": "people",
    "child": "children",
    "sheep": "sheep",
    "fish": "fish",
    "deer": "deer",
    "swine": "swine",
    "zebrafish": "zebrafish",
}


def _plural(species: str) -> str:
    """"rat" -> "rats", "mouse" -> "mice"; anything but one plain word is left as written."""
    word = species.strip()
    if not re.fullmatch(r"[a-z]+", word):
        return word
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    return word + "s"


def _either(items: Sequence[str]) -> str:
    """"a", "a or b", with "(sources disagree)" when there is more than one."""
    text = " or ".join(items)
    return f"{text} (sources disagree)" if len(items) > 1 else text


def subjects_summary(entry: FieldEntry) -> str:
    """What a subjects field says, in one line for the overview, from its claims only.

    No claims: "not reported". One claim (or claims that say the same): its
    value as written. Claims that disagree: when every claim names a species
    and the species or the counts (``n``) differ, the species and the numbers,
    each with "(sources disagree)" where they differ and "number not reported"
    when no claim gives one; otherwise the values themselves, joined by "or".
    """
    claims = entry.values  # a quoted note ("details of the patients not given") is not a count
    if not claims:
        return NOT_REPORTED
    values = list(dict.fromkeys(" ".join(claim.value.split()) for claim in claims))
    if field_status(entry) is not FieldStatus.DISPUTED:
        return values[0]
    species = [claim.facets.get("species") for claim in claims]
    kinds = list(dict.fromkeys(_plural(kind) for kind in species if isinstance(kind, str) and kind.strip()))
    counts = [_count(claim) for claim in claims]
    numbers = list(dict.fromkeys(str(n) if n is not None else NOT_REPORTED for n in counts))
    facets_explain = len(kinds) > 1 or len(numbers) > 1
    if not facets_explain or not all(isinstance(kind, str) and kind.strip() for kind in species):
        return _either(values)
    number = f"number {NOT_REPORTED}" if all(n is None for n in counts) else f"n = {_either(numbers)}"
    return f"{_either(kinds)}; {number}"


# --------------------------------------------------------------- quote choice

_NUMBER_WORDS = {
    word: index
    for index, word in enumerate(
        (
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
            "nineteen", "twenty",
        )
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}

#: Words that say nothing about what a value claims (and "number not reported").
_STOPWORDS = frozenset(
    re.split(
        r"\s+",
        """a about after all also an and any are as at be been before being but by can could did do does
        for from had has have he her his how i if in into is it its made may more most no nor not of on
        one only or other our out over she so some such than that the their them then there these they
        this those through to too under up very was we were what when where which while who whom why will
        with within without would you number reported""".strip(),
    )
)

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _terms(text: str) -> tuple[set[str], set[str]]:
    """The numbers (digits or number words) and the content-word stems of ``text``."""
    numbers: set[str] = set()
    words: set[str] = set()
    for token in _TOKEN.findall(text.casefold().replace("’", "'")):
        if token[0].isdigit():
            numbers.add(token.replace(",", ""))
        elif token in _NUMBER_WORDS:
            numbers.add(str(_NUMBER_WORDS[token]))
        elif token not in _STOPWORDS and len(token) > 1:
            words.add(_stem(token))
    return numbers, words


def _best_quote(value: str, quotes: Sequence[str]) -> int:
    """The index of the quote that best supports ``value``: see ``supporting_quote``."""
    value_numbers, value_words = _terms(value)

    def rank(index: int) -> tuple[int, int, int, int]:
        numbers, words = _terms(quotes[index])
        return (len(numbers & value_numbers), len(words & value_words), -len(quotes[index]), -index)

    return max(range(len(quotes)), key=rank)


def supporting_quote(claim: Claim) -> Evidence:
    """The claim's quote that best supports its value.

    Ranked by how many of the value's numbers the quote gives (as digits or
    words: "two out of the four" backs "2 of 4"), then how many of its content
    words, then shortness (a room reads a short quote); ties go to the first.
    """
    return claim.evidence[_best_quote(claim.value, [evidence.exact for evidence in claim.evidence])]


def _study_source_count(study: Study) -> int:
    cited = {evidence.source for entry in study.fields.values() for claim in entry.claims for evidence in claim.evidence}
    return len(cited | set(study.sources))


def _claim_cell(claim: ClaimPresentation, study_sources: int) -> ClaimCell:
    quote = claim.quotes[_best_quote(claim.value, [quote.text for quote in claim.quotes])]
    backing = len(claim.source_ids)
    return ClaimCell(
        value=claim.labelled_value,
        quote=quote.text,
        source=quote.source_name,
        sources=backing,
        of_sources=max(study_sources, backing) if max(study_sources, backing) > 1 else 0,
        note=claim.note,
        kind=claim.kind,
    )


def build_slides(library: Library, study_ids: Sequence[str], field_keys: Sequence[str]) -> list[Slide]:
    """The overview slide, then one slide per field key, studies in the given order.

    Raises ``KeyError`` for a study id or field key the library does not have.
    """
    by_id = {study.id: study for study in library.studies}  # Library.study walks the list: n² at 10,000
    studies = [by_id[study_id] for study_id in study_ids]
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
                    evidence_level=study.evidence_level.short,
                    subjects=subjects_summary(study.field("subjects")),
                    level=study_level_text(study, cebm=False),
                )
                for study in studies
            ),
        )
    ]
    source_counts = {study.id: _study_source_count(study) for study in studies}
    shown = [present_study(library, study, field_keys) for study in studies]
    for key in field_keys:
        definition = fields[key]
        cells = []
        for study, cells_of_study in zip(studies, shown, strict=True):
            cell = cells_of_study[key]
            cells.append(
                StudyCell(
                    study_id=study.id,
                    study=study.short_title,
                    status=cell.status,
                    claims=tuple(_claim_cell(claim, source_counts[study.id]) for claim in cell.claims),
                    note=cell.note,
                    level=study_level_text(study, cebm=False),
                )
            )
        slides.append(FieldSlide(key=key, label=definition.label, group=definition.group, cells=tuple(cells)))
    return slides
