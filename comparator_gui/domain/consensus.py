"""Consolidating two reviewers' copies: a decision per difference, saved as it is
made, and a consolidated library written to a new folder. No Qt.

For each difference ``compare.py`` lists, the reviewers choose:

- ``a`` / ``b``: adopt that copy's version (of a field, a study attribute, or a
  study that only one copy holds: adopting the copy without it leaves it out);
- ``both``: keep both copies' claims as one disputed field (claims with the same
  value are joined, their quotes pooled);
- ``edit``: a value of their own, supported by both copies' quotes (for an
  attribute: the attribute's new value).

Decisions are kept in a JSON file (``DecisionsFile``) rewritten after each one,
so the work can be resumed. Each decision remembers a fingerprint of both sides
as they were; a side changed since makes it stale, and it is asked again.

The consolidated library starts as a copy of A's folder; only the studies the
decisions change are rewritten (with ``writing``'s stable formatting), so its
diff against either copy is small. Neither copy is ever written to.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from .compare import Comparison, Difference, Outcome, attribute_value, normal_value, spans
from .editing import EditError, LibraryEditor
from .library import Library
from .loading import load_library
from .models import Claim, FieldEntry, Study
from .provenance import now_utc, stamped
from .storage import atomic_write_text, dumps

DECISIONS_VERSION = 1


class ConsensusError(ValueError):
    """A decision that cannot apply, or a consolidated library that cannot be written; the message says why."""


class Choice(StrEnum):
    A = "a"
    B = "b"
    BOTH = "both"
    EDIT = "edit"


@dataclass(frozen=True)
class Decision:
    item_id: str
    choice: Choice
    #: The reviewers' own value (``edit`` only).
    value: str | None = None
    fingerprint: str = ""
    decided_by: str | None = None
    decided_at: str | None = None


def choices_for(item: Difference) -> tuple[Choice, ...]:
    """What may be chosen for ``item``: a whole study cannot be edited, an attribute not kept twice."""
    if not item.field_key:
        return (Choice.A, Choice.B, Choice.BOTH)
    if item.is_attribute:
        return (Choice.A, Choice.B, Choice.EDIT)
    return (Choice.A, Choice.B, Choice.BOTH, Choice.EDIT)


def side_data(studies: dict[str, Study], item: Difference) -> Any:
    """What one copy (its studies by id) holds for ``item``, as JSON-ready data (None: nothing)."""
    study = studies.get(item.study_id)
    if study is None:
        return None
    if not item.field_key:
        return study.model_dump(mode="json", exclude_none=True)
    if item.is_attribute:
        return attribute_value(study, item.attribute)
    return study.field(item.field_key).model_dump(mode="json", exclude_none=True)


def fingerprint(comparison: Comparison, item: Difference) -> str:
    data = [side_data(comparison.studies_a, item), side_data(comparison.studies_b, item)]
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


# ------------------------------------------------------------------ the decisions file


@dataclass
class DecisionsFile:
    """Decisions for one pair of copies, rewritten atomically after each change."""

    path: Path
    a: str = ""
    b: str = ""
    decisions: dict[str, Decision] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path, a: Path, b: Path) -> DecisionsFile:
        """The decisions saved at ``path`` (none when there is no file yet).

        A file that cannot be read is an error naming it: decisions are the
        reviewers' work and are never silently dropped."""
        found = cls(path, str(Path(a).resolve()), str(Path(b).resolve()))
        if not path.exists():
            return found
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("schema_version") != DECISIONS_VERSION:
                raise ValueError(f"not a decisions file of version {DECISIONS_VERSION}")
            for row in data.get("decisions", []):
                decision = Decision(
                    item_id=str(row["item"]), choice=Choice(row["choice"]), value=row.get("value"),
                    fingerprint=str(row.get("fingerprint", "")), decided_by=row.get("decided_by"),
                    decided_at=row.get("decided_at"),
                )
                found.decisions[decision.item_id] = decision
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConsensusError(f"{path}: the saved decisions cannot be read ({exc})") from exc
        return found

    def save(self) -> None:
        rows = []
        for d in self.decisions.values():
            row: dict[str, Any] = {"item": d.item_id, "choice": d.choice.value, "fingerprint": d.fingerprint}
            for key, value in (("value", d.value), ("decided_by", d.decided_by), ("decided_at", d.decided_at)):
                if value is not None:
                    row[key] = value
            rows.append(row)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, dumps({"schema_version": DECISIONS_VERSION, "a": self.a, "b": self.b, "decisions": rows}))

    def current(self, comparison: Comparison) -> dict[str, Decision]:
        """The decisions that still apply: their item still differs, and neither side changed since."""
        out = {}
        for item in comparison.differences:
            decision = self.decisions.get(item.item_id)
            if decision is not None and decision.fingerprint == fingerprint(comparison, item):
                out[item.item_id] = decision
        return out


def decisions_path(folder: Path, a: Path, b: Path) -> Path:
    """Where the decisions for copies ``a`` and ``b`` are kept in ``folder`` (the app's data folder)."""
    key = hashlib.sha256(f"{Path(a).resolve()}\n{Path(b).resolve()}".encode()).hexdigest()[:16]
    return folder / f"{key}.json"


# ------------------------------------------------------------------ applying decisions


def _evidence_key(claim: Claim) -> set[tuple[str, int, int]]:
    return {(e.source, e.start, e.end) for e in claim.evidence}


def both_entry(a: FieldEntry, b: FieldEntry) -> FieldEntry:
    """A's claims, then B's: a claim of B with the value of one of A's adds its quotes to it."""
    merged = a.model_copy(deep=True)
    for claim in b.claims:
        same = next((c for c in merged.claims if normal_value(c.value) == normal_value(claim.value)), None)
        if same is None:
            merged.claims.append(claim.model_copy(deep=True))
            continue
        have = _evidence_key(same)
        same.evidence += [e.model_copy() for e in claim.evidence if (e.source, e.start, e.end) not in have]
        for name, value in claim.facets.items():
            same.facets.setdefault(name, value)
    notes = [n for n in dict.fromkeys([a.note, b.note]) if n]
    merged.note = "\n\n".join(notes) or None
    merged.note_basis = None  # the note now stands against other claims: counted as confirmed
    return merged


def edited_entry(a: FieldEntry, b: FieldEntry, value: str, reviewer: str | None) -> FieldEntry:
    """One claim with the reviewers' own ``value``, supported by every quote of both copies."""
    value = value.strip()
    if not value:
        raise ConsensusError("an edited value cannot be empty")
    evidence = []
    seen: set[tuple[str, int, int]] = set()
    for claim in [*a.claims, *b.claims]:
        for e in claim.evidence:
            if (e.source, e.start, e.end) not in seen:
                seen.add((e.source, e.start, e.end))
                evidence.append(e.model_copy())
    if not evidence:
        raise ConsensusError("neither copy quotes anything for this field: an edited value needs a quote")
    facets = dict((a.claims or b.claims)[0].facets)
    claim = stamped(Claim(value=value, evidence=evidence, facets=facets), reviewer)
    return FieldEntry(claims=[claim], note=a.note or b.note)


def _ensure_sources(study: Study) -> Study:
    for source in (e.source for entry in study.fields.values() for c in entry.claims for e in c.evidence):
        if source not in study.sources:
            study.sources.append(source)
    return study


def _decided_entry(decision: Decision, a: FieldEntry, b: FieldEntry, reviewer: str | None) -> FieldEntry:
    if decision.choice is Choice.A:
        return a.model_copy(deep=True)
    if decision.choice is Choice.B:
        return b.model_copy(deep=True)
    if decision.choice is Choice.BOTH:
        return both_entry(a, b)
    return edited_entry(a, b, decision.value or "", decision.decided_by or reviewer)


def consolidated_study(comparison: Comparison, study_id: str, decisions: dict[str, Decision], reviewer: str | None) -> Study | None:
    """The study as the decisions make it (None: left out). Cells that agree are A's."""
    a, b = comparison.studies_a.get(study_id), comparison.studies_b.get(study_id)
    if a is None or b is None:
        decision = decisions.get(study_id)
        if decision is None:
            raise ConsensusError(f"{study_id}: no decision yet")
        keep = a if a is not None else b
        wanted = decision.choice is Choice.BOTH or (decision.choice is Choice.A) == (a is not None)
        return keep.model_copy(deep=True) if keep is not None and wanted else None
    study = a.model_copy(deep=True)
    for item in comparison.differences_of(study_id):
        decision = decisions.get(item.item_id)
        if decision is None:
            raise ConsensusError(f"{item.item_id}: no decision yet")
        if decision.choice not in choices_for(item):
            raise ConsensusError(f"{item.item_id}: '{decision.choice.value}' cannot apply here")
        if item.is_attribute:
            value: Any = {Choice.A: getattr(a, item.attribute), Choice.B: getattr(b, item.attribute)}.get(
                decision.choice, decision.value)
            try:
                study = Study.model_validate({**study.model_dump(), item.attribute: value})
            except ValueError as exc:
                raise ConsensusError(f"{item.item_id}: {value!r} is not a valid {item.attribute}") from exc
            continue
        entry = _decided_entry(decision, a.field(item.field_key), b.field(item.field_key), reviewer)
        if entry.claims or entry.note:
            study.fields[item.field_key] = entry
        else:
            study.fields.pop(item.field_key, None)
    return _ensure_sources(study)


@dataclass(frozen=True)
class Written:
    folder: Path
    files: list[Path]


def write_consolidated(comparison: Comparison, decisions: dict[str, Decision], out: Path, reviewer: str | None = None) -> Written:
    """Write the consolidated library to ``out``, a new or empty folder.

    Every difference needs a decision first (``ConsensusError`` names the first
    without one). Nothing is written to either copy."""
    a_root, b_root = comparison.a.root.resolve(), comparison.b.root.resolve()
    out = Path(out)
    if out.resolve() in (a_root, b_root) or a_root in out.resolve().parents or b_root in out.resolve().parents:
        raise ConsensusError(f"{out}: write the consolidated library outside both copies")
    if out.exists() and any(out.iterdir()):
        raise ConsensusError(f"{out} is not empty: choose a new folder")
    order = [*comparison.studies_a, *(i for i in comparison.studies_b if i not in comparison.studies_a)]
    studies = {study_id: consolidated_study(comparison, study_id, decisions, reviewer) for study_id in order}
    shutil.copytree(a_root, out, ignore=shutil.ignore_patterns(".git"), dirs_exist_ok=True)
    library = load_library(out)
    editor = LibraryEditor(library, reviewer=reviewer)
    _add_b_only(comparison, editor)
    try:
        have = {s.id for s in library.studies}
        for study_id in studies:
            editor._touch(study_id)  # how it was: only what changed is written
        kept = [s for s in (studies.get(s.id, s) for s in library.studies) if s is not None]
        library.studies = kept + [s for i, s in studies.items() if s is not None and i not in have]
        editor._reindex(list(studies))
        files = editor.save()
    except (EditError, OSError) as exc:
        raise ConsensusError(f"{out}: the consolidated library could not be written ({exc})") from exc
    return Written(out, files)


def _add_b_only(comparison: Comparison, editor: LibraryEditor) -> None:
    """B's sources and catalogue fields that A lacks, added to the consolidated copy of A."""
    library, b = editor.library, comparison.b
    missing_sources = [s for s in b.meta.sources if s.id not in library.sources]
    missing_fields = [d for d in b.meta.fields if d.key not in {f.key for f in library.meta.fields}]
    if not missing_sources and not missing_fields:
        return
    editor.touch_meta()
    library.meta.fields.extend(d.model_copy() for d in missing_fields)
    for source in missing_sources:
        text = b.texts.get(source.id)
        if text is None:
            raise ConsensusError(f"{b.root / source.path}: source {source.id} of B cannot be read")
        library.meta.sources.append(source.model_copy())
        editor.pending_sources[source.id] = text
        library.texts[source.id] = text
        pdf = (b.root / source.path).with_suffix(".pdf")
        if pdf.is_file():
            editor.pending_originals[source.id] = pdf
    library.bump_revision()


def decision_now(comparison: Comparison, item: Difference, choice: Choice, value: str | None, reviewer: str | None) -> Decision:
    """A decision on ``item`` made now by ``reviewer``, checked against what the item allows."""
    if choice not in choices_for(item):
        raise ConsensusError(f"{item.item_id}: '{choice.value}' cannot apply here")
    if choice is Choice.EDIT and not (value or "").strip():
        raise ConsensusError(f"{item.item_id}: an edited value cannot be empty")
    return Decision(item.item_id, choice, value.strip() if value else None, fingerprint(comparison, item),
                    (reviewer or "").strip() or None, now_utc())


def quoted_spans(library: Library, item: Difference) -> set[tuple[str, int, int]]:
    """Every span one copy quotes for ``item`` (a field's quotes; none for an attribute or study)."""
    if not item.field_key or item.is_attribute:
        return set()
    try:
        return spans(library.study(item.study_id).field(item.field_key))
    except KeyError:
        return set()


__all__ = [
    "Choice", "ConsensusError", "Decision", "DecisionsFile", "Outcome", "Written", "choices_for",
    "consolidated_study", "decision_now", "decisions_path", "fingerprint", "quoted_spans", "write_consolidated",
]
