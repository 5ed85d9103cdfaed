"""Edits that reorganise records: claims (move a quote, merge claims) and the
links between studies and sources (detach, remove, delete, rename). No Qt.

Each is a function of a ``LibraryEditor``, so the session runs it like any
other edit: one undoable step, re-checked, announced. Each refuses with an
``EditError`` that says why, before it changes anything. Nothing here
deletes a source's text file: a removed source is only unlisted.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .catalogue import FACET_CHOICES
from .editing import EditError, LibraryEditor
from .models import Claim, ClaimKind, FacetValue, FieldEntry, Study
from .provenance import stamped
from .source_texts import SourceTexts

#: What a study or source id may be (``models.Identifier``).
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


@dataclass(frozen=True)
class Citation:
    """Where a source is quoted: one quote of one claim."""

    study_id: str
    field_key: str
    claim_index: int
    evidence_index: int
    exact: str


def citations(editor: LibraryEditor, source_id: str, study_id: str | None = None) -> list[Citation]:
    """Every quote from ``source_id`` (in one study, or in all), in record order:
    what removing or detaching the source would take with it."""
    found = []
    for study in editor.library.studies:
        if study_id is not None and study.id != study_id:
            continue
        for key, entry in study.fields.items():
            for c_index, claim in enumerate(entry.claims):
                for e_index, evidence in enumerate(claim.evidence):
                    if evidence.source == source_id:
                        found.append(Citation(study.id, key, c_index, e_index, evidence.exact))
    return found


def studies_citing(editor: LibraryEditor, source_id: str) -> list[str]:
    """Studies that list ``source_id`` or quote it."""
    return [
        study.id
        for study in editor.library.studies
        if source_id in study.sources or any(c.study_id == study.id for c in citations(editor, source_id, study.id))
    ]


# ------------------------------------------------------------------ claims


def move_evidence(
    editor: LibraryEditor, study_id: str, field_key: str, claim_index: int, evidence_index: int, to_claim: int | None
) -> int:
    """Move one quote to another claim of the same field (``to_claim`` None: a
    new claim, its value the quote, for the reviewer to rewrite). A claim left
    without quotes goes. Returns the index of the claim that holds the quote."""
    study = editor._study(study_id)
    claims = study.field(field_key).claims
    if not 0 <= claim_index < len(claims) or not 0 <= evidence_index < len(claims[claim_index].evidence):
        raise EditError("that quote is no longer there")
    if to_claim is not None and not 0 <= to_claim < len(claims):
        raise EditError(f"no claim {to_claim + 1} in this field")
    if to_claim == claim_index:
        raise EditError("the quote already supports that claim")
    source = claims[claim_index]
    evidence = source.evidence.pop(evidence_index)
    if to_claim is None:
        claims.append(stamped(Claim(value=evidence.exact.strip(), evidence=[evidence]), editor.reviewer))
        target = len(claims) - 1
    else:
        claims[to_claim].evidence.append(evidence)
        target = to_claim
    if not source.evidence:
        del claims[claim_index]
        if target > claim_index:
            target -= 1
    editor._replace(study)
    return target


def add_claim_of_kind(
    editor: LibraryEditor,
    study_id: str,
    field_key: str,
    kind: ClaimKind,
    value: str,
    source_id: str,
    start: int,
    end: int,
    *,
    snap: bool | None = None,
) -> int:
    """A new claim that is not a value, with its first quote: the words showing
    the source does not give the field (``not_reported``: the field stays not
    reported) or a reviewer's note resting on them (``note``). Returns its index."""
    if not value.strip():
        raise EditError("say what the quote shows (the claim's words)")
    editor.add_evidence(study_id, field_key, source_id, start, end, claim_index=None, new_claim_value=value, snap=snap)
    study = editor._study(study_id)
    claims = study.field(field_key).claims
    claims[-1].kind = kind
    editor._replace(study)
    return len(claims) - 1


def facet_value(text: str) -> FacetValue:
    """A facet typed as text: a whole number, a decimal, or the words as they are."""
    cleaned = text.strip().replace(",", "").replace("_", "")
    for kind in (int, float):
        try:
            number = kind(cleaned)
        except ValueError:
            continue
        if isinstance(number, float) and not math.isfinite(number):
            break
        return number
    return text.strip()


def set_facets(
    editor: LibraryEditor, study_id: str, field_key: str, claim_index: int, facets: dict[str, FacetValue | None]
) -> None:
    """Set (or, for None or "", remove) facets of one claim. A facet with a fixed
    set of values (``catalogue.FACET_CHOICES``) takes only one of them."""
    study = editor._study(study_id)
    claims = study.field(field_key).claims
    if not 0 <= claim_index < len(claims):
        raise EditError(f"no claim {claim_index + 1} in this field")
    claim = claims[claim_index]
    changed = dict(claim.facets)
    for name, value in facets.items():
        if not name.strip():
            raise EditError("a facet needs a name")
        if value is None or value == "":
            changed.pop(name, None)
            continue
        allowed = FACET_CHOICES.get(name)
        if allowed is not None and value not in allowed:
            raise EditError(f"{name} must be one of: {', '.join(allowed)}")
        changed[name] = value
    claim.facets = changed
    editor._replace(study)


def merge_claims(editor: LibraryEditor, study_id: str, field_key: str, merged: int, into: int) -> None:
    """Fold claim ``merged`` into claim ``into``: its quotes (each once) and its
    note join the kept claim, whose value stays. For two claims that say the
    same thing; claims that disagree stay apart (that is a dispute)."""
    study = editor._study(study_id)
    claims = study.field(field_key).claims
    if merged == into or not (0 <= merged < len(claims) and 0 <= into < len(claims)):
        raise EditError("choose two different claims of this field")
    kept, gone = claims[into], claims[merged]
    held = {(e.source, e.start, e.end, e.exact) for e in kept.evidence}
    kept.evidence.extend(e for e in gone.evidence if (e.source, e.start, e.end, e.exact) not in held)
    notes = [n for n in (kept.note, gone.note) if n]
    kept.note = "\n".join(dict.fromkeys(notes)) or None
    for name, value in gone.facets.items():
        kept.facets.setdefault(name, value)
    del claims[merged]
    editor._replace(study)


def duplicate_claims(entry: FieldEntry) -> list[tuple[int, int]]:
    """Pairs of claims (earlier, later) whose values read the same apart from
    case, spacing and punctuation: merge candidates."""
    seen: dict[str, int] = {}
    pairs = []
    for index, claim in enumerate(entry.claims):
        key = re.sub(r"[\W_]+", " ", claim.value.casefold()).strip()
        if key in seen:
            pairs.append((seen[key], index))
        else:
            seen[key] = index
    return pairs


# ------------------------------------------------------------------ sources and studies


def _drop_quotes_from(study: Study, source_id: str) -> None:
    for entry in study.fields.values():
        for claim in entry.claims:
            claim.evidence = [e for e in claim.evidence if e.source != source_id]
        entry.claims = [claim for claim in entry.claims if claim.evidence]


def detach_source(editor: LibraryEditor, study_id: str, source_id: str) -> int:
    """Take ``source_id`` off a study, with the study's quotes from it (a claim
    left without quotes goes). The source stays in the library. Returns the
    number of quotes removed."""
    study = editor._study(study_id)
    if source_id not in study.sources and not citations(editor, source_id, study_id):
        raise EditError(f"source {source_id!r} is not attached to this study")
    removed = len(citations(editor, source_id, study_id))
    study.sources = [s for s in study.sources if s != source_id]
    _drop_quotes_from(study, source_id)
    editor._replace(study)
    return removed


def remove_source(editor: LibraryEditor, source_id: str) -> list[Citation]:
    """Unlist ``source_id`` from the library and detach it from every study,
    with their quotes from it. Its text file stays on disk. Returns the quotes
    removed (``citations`` lists them first, for the reviewer to confirm)."""
    library = editor.library
    if source_id not in library.sources:
        raise EditError(f"no source {source_id!r} in this library")
    removed = citations(editor, source_id)
    for study_id in studies_citing(editor, source_id):
        detach_source(editor, study_id, source_id)
    editor.touch_meta()
    library.meta.sources = [s for s in library.meta.sources if s.id != source_id]
    editor.pending_sources.pop(source_id, None)
    library.bump_revision()
    return removed


def delete_study(editor: LibraryEditor, study_id: str) -> None:
    """Remove a study from the library; its file is deleted when the library is saved."""
    library = editor.library
    try:
        library.study(study_id)
    except KeyError:
        raise EditError(f"no study {study_id!r}") from None
    editor._touch(study_id)
    library.studies = [s for s in library.studies if s.id != study_id]
    editor._reindex([study_id])


def _check_new_id(new_id: str, taken: set[str], kind: str) -> None:
    if not _ID.match(new_id):
        raise EditError(
            f"{new_id!r} cannot be a {kind} id: use letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    if new_id in taken:
        raise EditError(f"there is already a {kind} {new_id!r}")


def rename_study(editor: LibraryEditor, study_id: str, new_id: str) -> None:
    """Give a study a new id (its file is renamed on save: the new file is
    written before the old one is removed)."""
    library = editor.library
    study = editor._study(study_id)
    _check_new_id(new_id, {s.id for s in library.studies}, "study")
    renamed = study.model_copy(update={"id": new_id})
    editor._touch(new_id)  # first: save writes the new file before deleting the old
    editor._touch(study_id)
    library.studies = [renamed if s.id == study_id else s for s in library.studies]
    editor._reindex([study_id, new_id])


def rename_source(editor: LibraryEditor, source_id: str, new_id: str) -> list[str]:
    """Give a source a new id, in library.json and in every study that lists or
    quotes it (its file keeps its name). Returns the studies changed."""
    library = editor.library
    if source_id not in library.sources:
        raise EditError(f"no source {source_id!r} in this library")
    _check_new_id(new_id, set(library.sources), "source")
    changed = studies_citing(editor, source_id)
    editor.touch_meta()
    library.meta.sources = [
        s.model_copy(update={"id": new_id}) if s.id == source_id else s for s in library.meta.sources
    ]
    # The text answers to both ids: undoing the rename must find it by the old one.
    texts = library.texts
    if isinstance(texts, SourceTexts):
        texts.alias(new_id, source_id)
    else:
        texts[new_id] = texts[source_id]
    if source_id in editor.pending_sources:
        editor.pending_sources[new_id] = editor.pending_sources.pop(source_id)
    library.bump_revision()
    for study_id in changed:
        study = editor._study(study_id)
        study.sources = [new_id if s == source_id else s for s in study.sources]
        for entry in study.fields.values():
            for claim in entry.claims:
                for evidence in claim.evidence:
                    if evidence.source == source_id:
                        evidence.source = new_id
        editor._replace(study)
    return changed
