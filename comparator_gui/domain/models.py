"""The record model: sources, evidence quotes, claims, fields and studies.

Plain pydantic, no Qt. Every file in a library carries ``schema_version``; see
``docs/format.md`` for when that number changes and ``migration`` for how a
file of an older version is read.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
    model_validator,
)

#: Version of the on-disk format this code reads and writes.
SCHEMA_VERSION = 2

#: What the app shows (and exports) for a field no source reports.
NOT_REPORTED = "not reported"

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")
]
FacetValue = str | int | float

#: Who added a claim or quote (the reviewer name in the settings) and when
#: (ISO 8601 UTC, seconds). Omitted from the JSON when unknown, so records
#: written before reviewers were named keep their bytes.
_Provenance = Annotated[
    str | None,
    Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="Who added it (the reviewer's name) or when (ISO 8601 UTC, seconds); absent when unknown.",
    ),
]


class _SharedFieldsSet(set[str]):
    """A set of field names that many records hold at once, so it may not change.

    pydantic gives every record its own set of the fields its input named
    (``model_fields_set``, which saving with ``exclude_unset`` relies on). A
    set of six names takes 700 bytes: with 10,000 studies, 350,000 records
    spent 190 MB on them, more than on their text. Records with the same names
    share one set instead; a record that is changed gets its own set first (see
    ``_Strict.__setattr__``), and a copy of a shared set is a plain set, as
    pydantic's ``model_copy(update=...)`` expects.
    """

    def _refuse(self, *args: object) -> Any:
        raise TypeError("a shared set of field names cannot change; copy it first")

    add = discard = remove = pop = clear = update = _refuse
    difference_update = intersection_update = symmetric_difference_update = _refuse
    __ior__ = __iand__ = __isub__ = __ixor__ = _refuse  # type: ignore[assignment]

    def __copy__(self) -> set[str]:
        return set(self)

    def __deepcopy__(self, memo: object) -> set[str]:
        return set(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (set, (list(self),))


_shared_fields_sets: dict[frozenset[str], _SharedFieldsSet] = {}


class _Strict(BaseModel):
    # Unknown keys are an error: a typo such as "evidance" must not silently
    # drop a reviewer's quotes.
    model_config = ConfigDict(extra="forbid")

    def model_post_init(self, context: Any, /) -> None:
        names = frozenset(self.__pydantic_fields_set__)
        shared = _shared_fields_sets.get(names)
        if shared is None:
            shared = _shared_fields_sets.setdefault(names, _SharedFieldsSet(names))
        object.__setattr__(self, "__pydantic_fields_set__", shared)

    def _own_fields_set(self) -> None:
        if type(self.__pydantic_fields_set__) is _SharedFieldsSet:
            object.__setattr__(self, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))

    def __setattr__(self, name: str, value: Any) -> None:
        self._own_fields_set()
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        self._own_fields_set()
        super().__delattr__(name)


class EvidenceLevel(StrEnum):
    """What the study's design can show, after the Oxford CEBM levels of evidence
    (2011, treatment benefits) with GRADE's starting certainty beside each.

    The scale is by design, not by drug-development phase (that is ``TrialPhase``,
    a separate label): a phase 1 trial may be a case series or a randomised trial.
    Every study in humans ranks above every study in animals or cells, so a
    systematic review of animal studies never outranks a randomised trial. Order
    matters: see ``rank``.
    """

    IN_VITRO = "in_vitro"
    ANIMAL = "animal"
    REVIEW_OF_ANIMAL_STUDIES = "review_of_animal_studies"
    CASE_REPORT = "case_report"
    CASE_SERIES = "case_series"
    CASE_CONTROL = "case_control"
    CONTROLLED_COHORT = "controlled_cohort"
    RANDOMISED_TRIAL = "randomised_trial"
    REVIEW_OF_RANDOMISED_TRIALS = "review_of_randomised_trials"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _LEVELS[self][0]

    @property
    def short(self) -> str:
        """A few words for column headers and slide cards."""
        return _LEVELS[self][1]

    @property
    def cebm(self) -> str:
        """The Oxford CEBM 2011 level ("1" strongest to "5"), or "" when none applies."""
        return _LEVELS[self][2]

    @property
    def grade_start(self) -> str:
        """GRADE's starting certainty for a body of such evidence, or ""."""
        return _LEVELS[self][3]

    @property
    def in_humans(self) -> bool | None:
        """True for studies in people, False for animal and laboratory work, None when unknown."""
        return None if self is EvidenceLevel.UNKNOWN else self not in _NOT_IN_HUMANS

    @property
    def population(self) -> str:
        """"human", "animal", "lab" or "" (unknown): what the level says about who was studied."""
        return _POPULATION[self]

    @property
    def rank(self) -> int:
        """Sort key, weakest first; unknown ranks lowest."""
        return _RANKS[self]

    @property
    def brief(self) -> str:
        """The short label with its CEBM level: "Case series · CEBM 4"."""
        return f"{self.short} · CEBM {self.cebm}" if self.cebm else self.short


#: label, short label, CEBM 2011 level, GRADE starting certainty. Weakest first.
_LEVELS: dict[EvidenceLevel, tuple[str, str, str, str]] = {
    EvidenceLevel.UNKNOWN: ("Design not stated", "Design not stated", "", ""),
    EvidenceLevel.IN_VITRO: ("Laboratory study (in vitro, mechanism)", "Lab study", "5", ""),
    EvidenceLevel.ANIMAL: ("Animal study", "Animal study", "5", ""),
    EvidenceLevel.REVIEW_OF_ANIMAL_STUDIES: ("Systematic review of animal studies", "Review of animal studies", "5", ""),
    EvidenceLevel.CASE_REPORT: ("Case report (one patient, uncontrolled)", "Case report", "4", "Very low"),
    EvidenceLevel.CASE_SERIES: ("Case series (uncontrolled)", "Case series", "4", "Very low"),
    EvidenceLevel.CASE_CONTROL: ("Case-control or historically controlled study", "Case-control", "4", "Low"),
    EvidenceLevel.CONTROLLED_COHORT: ("Non-randomised controlled cohort study", "Controlled cohort", "3", "Low"),
    EvidenceLevel.RANDOMISED_TRIAL: ("Randomised controlled trial", "Randomised trial", "2", "High"),
    EvidenceLevel.REVIEW_OF_RANDOMISED_TRIALS: (
        "Systematic review of randomised trials", "Review of randomised trials", "1", "High",
    ),
}
_RANKS = {level: rank for rank, level in enumerate(_LEVELS)}
_NOT_IN_HUMANS = frozenset({EvidenceLevel.IN_VITRO, EvidenceLevel.ANIMAL, EvidenceLevel.REVIEW_OF_ANIMAL_STUDIES})
_POPULATION = {
    level: ("" if level is EvidenceLevel.UNKNOWN else "lab" if level is EvidenceLevel.IN_VITRO
            else "animal" if level in _NOT_IN_HUMANS else "human")
    for level in EvidenceLevel
}


class TrialPhase(StrEnum):
    """The drug-development phase a study calls itself, a label beside the design."""

    EARLY_PHASE_1 = "early_phase_1"
    PHASE_1 = "phase_1"
    PHASE_1_2 = "phase_1_2"
    PHASE_2 = "phase_2"
    PHASE_2_3 = "phase_2_3"
    PHASE_3 = "phase_3"
    PHASE_4 = "phase_4"

    @property
    def label(self) -> str:
        return {
            TrialPhase.EARLY_PHASE_1: "Early phase 1",
            TrialPhase.PHASE_1: "Phase 1",
            TrialPhase.PHASE_1_2: "Phase 1/2",
            TrialPhase.PHASE_2: "Phase 2",
            TrialPhase.PHASE_2_3: "Phase 2/3",
            TrialPhase.PHASE_3: "Phase 3",
            TrialPhase.PHASE_4: "Phase 4",
        }[self]


class SourceType(StrEnum):
    """What kind of publication a source is."""

    JOURNAL_ARTICLE = "journal_article"
    PREPRINT = "preprint"
    CONFERENCE_ABSTRACT = "conference_abstract"
    REGISTRY_RECORD = "registry_record"
    PRESS_RELEASE = "press_release"
    NEWS_REPORT = "news_report"
    BLOG_POST = "blog_post"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class ClaimKind(StrEnum):
    """A claim that is not a value of the field. Its quotes are still verbatim evidence."""

    #: The source says the field is not given ("the details of the patients
    #: remain confidential"): the field still reads "not reported", now with its words.
    NOT_REPORTED = "not_reported"
    #: A reviewer's note that rests on quotes (a missing control group, say).
    NOTE = "note"


def _absent_when_none(description: str) -> Any:
    # Optional keys added in schema 2 are left out of the JSON when unset, so a
    # record that does not use them is written as before.
    return Field(default=None, exclude_if=lambda value: value is None, description=description)


class FieldDef(_Strict):
    """One row of the library's field catalogue."""

    key: Identifier
    label: str = Field(min_length=1)
    description: str = ""
    group: str = "General"
    order: int = 0
    #: Words that often stand near this field's evidence; suggestions use them
    #: (``<n>``, ``<dose>``, ``<percent>``, ``<duration>``: a number of that kind).
    hints: list[str] = Field(default_factory=list)

    @model_serializer(mode="wrap")
    def _drop_empty_hints(self, handler: SerializerFunctionWrapHandler) -> Any:
        # No hints: no key, so a library.json written before hints keeps its bytes.
        data = handler(self)
        if isinstance(data, dict) and not data.get("hints"):
            data.pop("hints", None)
        return data


class Source(_Strict):
    """A source text inside the library folder, kept verbatim as UTF-8."""

    id: Identifier
    path: str = Field(min_length=1, description="Relative to the library folder.")
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: str | None = Field(
        default=None, description="The date as the text gives it."
    )
    url: str | None = None
    language: str = "en"
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    note: str | None = None
    source_type: SourceType | None = _absent_when_none("What kind of publication it is; absent: not recorded.")
    peer_reviewed: bool | None = _absent_when_none("Whether it passed peer review; absent: not known.")
    #: A web page's frame (navigation, ads, newsletter boxes, comments) in the
    #: text whose hash is ``sha256``: code-point [start, end) spans, dimmed in the
    #: source pane, never suggested, quoted only once confirmed. Omitted from the
    #: JSON when empty, so a library.json written before it keeps its bytes.
    boilerplate: list[tuple[Annotated[int, Field(ge=0)], Annotated[int, Field(ge=0)]]] = Field(
        default_factory=list,
        exclude_if=lambda spans: not spans,
        description="Boilerplate spans of the text, code points, end exclusive; valid for the text with this sha256.",
    )

    @property
    def label(self) -> str:
        """A name for menus and citations, even when the text has no title."""
        if self.title:
            return self.title
        who = self.outlet or self.author or self.id
        return f"{who}, {self.published}" if self.published else who

    @property
    def kind_text(self) -> str:
        """"News report, not peer reviewed", "Journal article", or "" when neither is recorded."""
        parts = [self.source_type.label] if self.source_type is not None else []
        if self.peer_reviewed is not None:
            parts.append("peer reviewed" if self.peer_reviewed else "not peer reviewed")
        text = ", ".join(parts)
        return text[:1].upper() + text[1:]

    @property
    def year(self) -> int | None:
        match = re.search(r"\b(19|20)\d\d\b", self.published or "")
        return int(match.group(0)) if match else None


class Evidence(_Strict):
    """A verbatim quote, anchored as a W3C TextQuote + TextPosition selector.

    ``start``/``end`` count Unicode code points, end exclusive.
    """

    source: Identifier
    exact: str = Field(min_length=1)
    prefix: str = ""
    suffix: str = ""
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    added_by: _Provenance = None
    added_at: _Provenance = None

    @model_validator(mode="after")
    def _span_matches_quote(self) -> Evidence:
        if self.end - self.start != len(self.exact):
            raise ValueError(
                f"end - start ({self.end - self.start}) must equal the quote's "
                f"length ({len(self.exact)})"
            )
        return self


class Claim(_Strict):
    """One version of a field's value, with the quotes that support it.

    With a ``kind`` it is not a value: the quotes show that the source does not
    give the field (``not_reported``) or back a reviewer's note (``note``).
    """

    value: str = Field(min_length=1)
    kind: ClaimKind | None = _absent_when_none("Absent: a value. not_reported or note: see ClaimKind.")
    evidence: list[Evidence] = Field(min_length=1)
    facets: dict[str, FacetValue] = Field(default_factory=dict)
    note: str | None = Field(
        default=None, description="The reviewer's reading; shown labelled as such."
    )
    added_by: _Provenance = None
    added_at: _Provenance = None


class FieldEntry(_Strict):
    """A field of a study: no value claims means "not reported"; several, disputed.

    Claims with a ``kind`` (quotes that show the field is not given, quoted notes)
    are kept with the values but never count as one.
    """

    claims: list[Claim] = Field(default_factory=list)
    note: str | None = None
    note_basis: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{16}$",
        description=(
            "What the note was written against: a short hash of the claims' values and quotes when the "
            "note was written or last confirmed (see domain/quality.py: note_basis). When the claims no "
            "longer hash the same, the note may be out of date. Absent: the note counts as confirmed."
        ),
    )

    @property
    def values(self) -> list[Claim]:
        """The claims that give the field a value (not "not reported" evidence or notes)."""
        return [claim for claim in self.claims if claim.kind is None]

    @property
    def reported(self) -> bool:
        return any(claim.kind is None for claim in self.claims)


class Study(_Strict):
    schema_version: int = SCHEMA_VERSION
    id: Identifier
    title: str = Field(min_length=1)
    short_title: str = Field(min_length=1)
    institution: str = ""
    condition: str = ""
    evidence_level: EvidenceLevel = EvidenceLevel.UNKNOWN
    trial_phase: TrialPhase | None = _absent_when_none("The phase the study calls itself, if any.")
    sources: list[Identifier] = Field(default_factory=list)
    fields: dict[str, FieldEntry] = Field(default_factory=dict)

    def field(self, key: str) -> FieldEntry:
        """The entry for ``key``; an absent field reads as not reported."""
        return self.fields.get(key) or FieldEntry()


class LibraryMeta(_Strict):
    """``library.json``: the library's name, field catalogue and sources."""

    schema_version: int = SCHEMA_VERSION
    name: str = Field(min_length=1)
    description: str = ""
    fields: list[FieldDef] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
