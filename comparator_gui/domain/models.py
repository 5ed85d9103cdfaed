"""The record model: sources, evidence quotes, claims, fields and studies.

Plain pydantic, no Qt. Every file in a library carries ``schema_version``; see
``docs/schema.md`` for when that number changes.
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
SCHEMA_VERSION = 1

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
    """How strong the design is, weakest first. Order matters: see ``rank``."""

    PRECLINICAL_IN_VITRO = "preclinical_in_vitro"
    PRECLINICAL_ANIMAL = "preclinical_animal"
    FIRST_IN_HUMAN = "first_in_human"
    PHASE_1 = "phase_1"
    PHASE_2 = "phase_2"
    PHASE_3 = "phase_3"
    SYSTEMATIC_REVIEW = "systematic_review"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]

    @property
    def rank(self) -> int:
        """Sort key; a first clinical study and a phase 1 trial rank alike."""
        return _LEVEL_RANKS[self]


_LEVEL_LABELS = {
    EvidenceLevel.PRECLINICAL_IN_VITRO: "Preclinical (lab)",
    EvidenceLevel.PRECLINICAL_ANIMAL: "Preclinical (animal)",
    EvidenceLevel.FIRST_IN_HUMAN: "First clinical study",
    EvidenceLevel.PHASE_1: "Phase 1 trial",
    EvidenceLevel.PHASE_2: "Phase 2 trial",
    EvidenceLevel.PHASE_3: "Phase 3 trial",
    EvidenceLevel.SYSTEMATIC_REVIEW: "Systematic review",
    EvidenceLevel.UNKNOWN: "Level not stated",
}
_LEVEL_RANKS = {
    EvidenceLevel.UNKNOWN: 0,
    EvidenceLevel.PRECLINICAL_IN_VITRO: 1,
    EvidenceLevel.PRECLINICAL_ANIMAL: 2,
    EvidenceLevel.FIRST_IN_HUMAN: 3,
    EvidenceLevel.PHASE_1: 3,
    EvidenceLevel.PHASE_2: 4,
    EvidenceLevel.PHASE_3: 5,
    EvidenceLevel.SYSTEMATIC_REVIEW: 6,
}


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
    """One version of a field's value, with the quotes that support it."""

    value: str = Field(min_length=1)
    evidence: list[Evidence] = Field(min_length=1)
    facets: dict[str, FacetValue] = Field(default_factory=dict)
    note: str | None = Field(
        default=None, description="The reviewer's reading; shown labelled as such."
    )
    added_by: _Provenance = None
    added_at: _Provenance = None


class FieldEntry(_Strict):
    """A field of a study: no claims means "not reported"; several, disputed."""

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
    def reported(self) -> bool:
        return bool(self.claims)


class Study(_Strict):
    schema_version: int = SCHEMA_VERSION
    id: Identifier
    title: str = Field(min_length=1)
    short_title: str = Field(min_length=1)
    institution: str = ""
    condition: str = ""
    evidence_level: EvidenceLevel = EvidenceLevel.UNKNOWN
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
