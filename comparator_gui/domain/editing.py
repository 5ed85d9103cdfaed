"""Editing a loaded library: sources, studies, claims and evidence. No Qt.

Every operation changes ``LibraryEditor.library`` in memory; ``save()`` writes
what changed, atomically, file by file. Undo works on snapshots: the caller
takes ``snapshot()`` before and after an operation and ``restore()``s either,
which gives back exactly the earlier JSON.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import recovery, writing
from .anchoring import make_evidence
from .checking import check_study, recheck_source_hashes
from .identifiers import slug as slug
from .identifiers import unique_id
from .library import STUDIES_DIR, Library

# new_library lives in library_folder.py (editing.py is at its size limit); imported from here as before
from .library_folder import new_library as new_library
from .migration import rewrite_older_files
from .models import (
    Claim,
    Evidence,
    EvidenceLevel,
    FieldEntry,
    LibraryMeta,
    Source,
    SourceType,
    Study,
    TrialPhase,
)
from .problems import Reporter
from .provenance import stamped
from .quality import note_basis, pin_note_basis
from .recovery import RECOVERY_VERSION as RECOVERY_VERSION
from .recovery import recovery_key as recovery_key
from .selection import fit_selection
from .writing import library_json, save_meta, save_study, study_json

SOURCES_DIR = "sources"


class EditError(ValueError):
    """An edit that cannot be made; the message says why, for the user."""


@dataclass(frozen=True)
class Snapshot:
    """Enough to put the library back exactly: the affected studies' JSON (None:
    the study did not exist), library.json's JSON, and unsaved source texts."""

    studies: dict[str, str | None]
    meta: str | None  # None: the edit leaves library.json alone
    pending_sources: dict[str, str]
    order: tuple[str, ...]


@dataclass
class LibraryEditor:
    library: Library
    #: Texts of sources added since the last save: written to disk on save.
    pending_sources: dict[str, str] = field(default_factory=dict)
    #: Files a new source was read from (a PDF), copied beside its text on save.
    pending_originals: dict[str, Path] = field(default_factory=dict)
    reviewer: str | None = None  # who makes the edits: stamped on new claims and quotes (provenance.py)
    migration_backup: Path | None = None  # where the last save copied the older-version files (migration.py)

    def __post_init__(self) -> None:
        # Only the studies an edit touches are ever serialised: opening a
        # library of 10,000 studies costs nothing here. ``_baseline`` holds a
        # touched study's JSON as last saved (None: not on disk).
        self._baseline: dict[str, str | None] = {}
        #: library.json as last saved, taken when an edit first changes it (None:
        #: unchanged since); with 10,000 sources, writing it costs 0.2 s.
        self._meta_baseline: str | None = None

    # ------------------------------------------------------------------ state

    def _current_json(self, study_id: str) -> str | None:
        try:
            return study_json(self.library.study(study_id), self.library.catalogue)
        except KeyError:
            return None

    def _touch(self, study_id: str) -> None:
        """Call before changing a study: remembers how it was when last saved."""
        if study_id not in self._baseline:
            self._baseline[study_id] = self._current_json(study_id)

    def changed_studies(self) -> dict[str, str | None]:
        """Touched studies whose JSON differs from the last save (None: removed)."""
        out = {}
        for study_id, saved in self._baseline.items():
            current = self._current_json(study_id)
            if current != saved:
                out[study_id] = current
        return out

    @property
    def modified(self) -> bool:
        return bool(self.changed_studies()) or self._meta_changed()

    def touch_meta(self) -> None:
        """Call before changing ``library.meta`` (sources, catalogue)."""
        if self._meta_baseline is None:
            self._meta_baseline = library_json(self.library.meta)

    def _meta_changed(self) -> bool:
        return self._meta_baseline is not None and library_json(self.library.meta) != self._meta_baseline

    def snapshot(self, study_ids: list[str] | tuple[str, ...] = (), include_meta: bool = True) -> Snapshot:
        catalogue = self.library.catalogue
        studies: dict[str, str | None] = {}
        for study_id in study_ids:
            try:
                studies[study_id] = study_json(self.library.study(study_id), catalogue)
            except KeyError:
                studies[study_id] = None
        return Snapshot(
            studies=studies,
            meta=library_json(self.library.meta) if include_meta else None,
            pending_sources=dict(self.pending_sources),
            order=tuple(s.id for s in self.library.studies),
        )

    def restore(self, snapshot: Snapshot) -> None:
        library = self.library
        if snapshot.meta is not None:
            self.touch_meta()
            library.meta = LibraryMeta.model_validate_json(snapshot.meta)
        for source_id in list(self.pending_sources):
            if source_id not in snapshot.pending_sources:
                library.texts.pop(source_id, None)
        self.pending_sources = dict(snapshot.pending_sources)
        library.texts.update(self.pending_sources)
        by_id = {s.id: s for s in library.studies}
        for study_id, data in snapshot.studies.items():
            self._touch(study_id)
            if data is None:
                by_id.pop(study_id, None)
            else:
                by_id[study_id] = Study.model_validate(json.loads(data))
        library.studies = [by_id[i] for i in snapshot.order if i in by_id]
        self._reindex(list(snapshot.studies))
        if snapshot.meta is not None:
            recheck_source_hashes(library)  # an undone "accept" brings its source's warning back

    def _reindex(self, study_ids: list[str]) -> None:
        """Check the changed studies again, as the loader does: their quotes'
        places and their problems replace the old ones (a study no longer in
        the library loses both), and the library's revision moves on."""
        library = self.library
        changed = set(study_ids)
        # A new list, not one changed in place: a caller may hold the old one.
        evidence = [ref for ref in library.evidence if ref.study_id not in changed]
        reporter = Reporter(library.root)
        known_sources = {source.id for source in library.meta.sources}
        catalogue = {definition.key for definition in library.meta.fields}
        # A copy: a source found unreadable now is reported with this check's
        # problems, not taken for one the loader could not load.
        unloaded_sources = set(library.unloaded_sources)
        for study in library.studies:
            if study.id in changed:
                changed.discard(study.id)
                # A study not saved yet is reported against the file it would get.
                path = library.study_files.get(study.id, library.root / STUDIES_DIR / f"{study.id}.json")
                refs, problems = check_study(
                    study,
                    path,
                    reporter=reporter,
                    texts=library.texts,
                    known_sources=known_sources,
                    catalogue=catalogue,
                    unloaded_sources=unloaded_sources,
                )
                evidence.extend(refs)
                library.set_study_problems(study.id, problems)
        for gone in changed:
            library.set_study_problems(gone, None)
        library.evidence = evidence
        library.bump_revision()

    def _replace(self, study: Study) -> None:
        self._touch(study.id)
        library = self.library
        library.studies = [study if s.id == study.id else s for s in library.studies]
        self._reindex([study.id])

    def _study(self, study_id: str) -> Study:
        try:
            return self.library.study(study_id).model_copy(deep=True)
        except KeyError:
            raise EditError(f"no study {study_id!r}") from None

    # ------------------------------------------------------------------ sources

    def add_source(
        self,
        text: str,
        *,
        title: str | None = None,
        author: str | None = None,
        outlet: str | None = None,
        published: str | None = None,
        url: str | None = None,
        language: str = "en",
        note: str | None = None,
        source_type: str = "",  # a SourceType value; "": not recorded
        peer_reviewed: str = "",  # "yes", "no"; "": not known
    ) -> Source:
        """Adds a source kept verbatim; its file is written on save."""
        if not text.strip():
            raise EditError("the source text is empty")
        if "\x00" in text:
            raise EditError("the source text contains NUL characters; it is not plain text")
        taken = {s.id for s in self.library.meta.sources}
        source_id = unique_id(slug(" ".join(p for p in (title or "", published or "") if p) or "source", "source"), taken)
        path = f"{SOURCES_DIR}/{source_id}.txt"
        while (self.library.root / path).exists():
            source_id = unique_id(source_id + "-new", taken)
            path = f"{SOURCES_DIR}/{source_id}.txt"
        source = Source(
            id=source_id,
            path=path,
            title=title or None,
            author=author or None,
            outlet=outlet or None,
            published=published or None,
            url=url or None,
            language=language or "en",
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            note=note or None,
            source_type=SourceType(source_type) if source_type else None,
            peer_reviewed={"yes": True, "no": False}.get(peer_reviewed),
        )
        self.touch_meta()
        self.library.meta.sources.append(source)
        self.library.texts[source_id] = text
        self.pending_sources[source_id] = text
        self.library.bump_revision()
        return source

    # ------------------------------------------------------------------ studies

    def create_study(
        self,
        title: str,
        short_title: str = "",
        institution: str = "",
        condition: str = "",
        evidence_level: EvidenceLevel = EvidenceLevel.UNKNOWN,
        sources: list[str] | None = None,
        trial_phase: TrialPhase | str | None = None,  # "" or None: no phase
    ) -> Study:
        if not title.strip():
            raise EditError("a study needs a title")
        taken = {s.id for s in self.library.studies}
        study = Study(
            id=unique_id(slug(short_title or title, "study"), taken),
            title=title.strip(),
            short_title=(short_title or title).strip(),
            institution=institution.strip(),
            condition=condition.strip(),
            evidence_level=evidence_level,
            trial_phase=TrialPhase(trial_phase) if trial_phase else None,
            sources=[],
            fields={d.key: FieldEntry() for d in self.library.catalogue},
        )
        self._touch(study.id)
        self.library.studies.append(study)
        self._reindex([study.id])
        for source_id in sources or []:
            self.attach_source(study.id, source_id)
        return study

    def update_study(
        self,
        study_id: str,
        *,
        title: str | None = None,
        short_title: str | None = None,
        institution: str | None = None,
        condition: str | None = None,
        evidence_level: EvidenceLevel | None = None,
        trial_phase: TrialPhase | str | None = None,  # "": no phase
    ) -> Study:
        study = self._study(study_id)
        if trial_phase is not None:
            study.trial_phase = TrialPhase(trial_phase) if trial_phase else None
        changes = {
            "title": title,
            "short_title": short_title,
            "institution": institution,
            "condition": condition,
            "evidence_level": evidence_level,
        }
        for name, value in changes.items():
            if value is not None:
                setattr(study, name, value.strip() if isinstance(value, str) else value)
        if not study.title or not study.short_title:
            raise EditError("a study needs a title and a short title")
        self._replace(study)
        return study

    def attach_source(self, study_id: str, source_id: str) -> Study:
        if source_id not in self.library.sources:
            raise EditError(f"no source {source_id!r} in this library")
        study = self._study(study_id)
        if source_id not in study.sources:
            study.sources.append(source_id)
        self._replace(study)
        return study

    # ------------------------------------------------------------------ evidence and values

    def add_evidence(
        self,
        study_id: str,
        field_key: str,
        source_id: str,
        start: int,
        end: int,
        *,
        claim_index: int | None = 0,
        new_claim_value: str | None = None,
        snap: bool | None = None,
    ) -> Evidence:
        """Quote ``text[start:end]`` (code points) of ``source_id`` for a field.

        ``claim_index``: the claim the quote supports; None, or a field with no
        claims yet, starts a new claim whose value is ``new_claim_value`` (by
        default the quote itself, for the reviewer to rewrite). ``snap``: widen a
        half-word selection to whole words (True), refuse it (False), or take it as is (None).
        """
        text = self.library.texts.get(source_id)
        if text is None:
            raise EditError(f"no text for source {source_id!r}")
        if not 0 <= start < end <= len(text):
            raise EditError("select some text in the source first")
        # A selection with surrounding blanks anchors poorly and reads badly.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            raise EditError("the selection holds only blanks")
        start, end, cut = fit_selection(text, start, end, snap)
        if cut:
            raise EditError(cut)
        evidence = stamped(make_evidence(source_id, text, start, end), self.reviewer)
        study = self._study(study_id)
        if source_id not in study.sources:
            study.sources.append(source_id)
        entry = pin_note_basis(study.fields.setdefault(field_key, FieldEntry()))  # an older note: stale after this
        if claim_index is None or not entry.claims:
            entry.claims.append(stamped(Claim(value=(new_claim_value or evidence.exact).strip(), evidence=[evidence]), self.reviewer, evidence.added_at))
        else:
            if not 0 <= claim_index < len(entry.claims):
                raise EditError(f"no claim {claim_index + 1} in this field")
            entry.claims[claim_index].evidence.append(evidence)
        self._replace(study)
        return evidence

    def set_value(self, study_id: str, field_key: str, claim_index: int, value: str) -> None:
        value = value.strip()
        if not value:
            raise EditError("a value cannot be empty; remove its quotes to make the field 'not reported'")
        study = self._study(study_id)
        claims = study.field(field_key).claims
        if not 0 <= claim_index < len(claims):
            raise EditError("mark a quote for this field first: every value needs its evidence")
        claims[claim_index].value = value
        self._replace(study)

    def remove_evidence(self, study_id: str, field_key: str, claim_index: int, evidence_index: int) -> None:
        """Removes one quote; a claim left with no quote is removed with it."""
        study = self._study(study_id)
        claims = study.field(field_key).claims
        try:
            claim = claims[claim_index]
            del claim.evidence[evidence_index]
        except IndexError:
            raise EditError("that quote is no longer there") from None
        if not claim.evidence:
            del claims[claim_index]
        self._replace(study)

    def set_note(self, study_id: str, field_key: str, note: str, claim_index: int | None = None) -> None:
        study = self._study(study_id)
        entry = study.fields.setdefault(field_key, FieldEntry())
        target = entry if claim_index is None else entry.claims[claim_index]
        target.note = note.strip() or None
        if target is entry:  # what the note is written against: the claims as they are now
            entry.note_basis = note_basis(entry) if entry.note else None
        self._replace(study)

    def replace_evidence(self, study_id: str, field_key: str, claim_index: int, evidence_index: int, evidence: Evidence) -> None:
        study = self._study(study_id)
        study.field(field_key).claims[claim_index].evidence[evidence_index] = evidence
        self._replace(study)

    def update_source_hash(self, source_id: str) -> None:
        """Record the source's current text as the one its quotes are anchored in."""
        text = self.library.texts[source_id]
        self.touch_meta()
        for source in self.library.meta.sources:
            if source.id == source_id:
                digest = hashlib.sha256(text.encode("utf-8")).hexdigest()  # another text: boilerplate found in the old one goes
                source.boilerplate, source.sha256 = (source.boilerplate if digest == source.sha256 else []), digest
        self.library.bump_revision()
        recheck_source_hashes(self.library)

    # ------------------------------------------------------------------ saving

    def save(self) -> list[Path]:
        """Writes what changed: new source files, then studies, then library.json.

        None over a file changed on disk since it was read (checked first, and before each
        replace). If one fails, those written are whole, the rest as they were, and the
        edits stay in memory (and in the recovery file) to try again.
        """
        library, changed = self.library, self.changed_studies()
        new_files = {source_id: library.root / library.sources[source_id].path for source_id in self.pending_sources}
        writing.check_targets(library, list(changed), self._meta_changed(), list(new_files.values()))
        self.migration_backup = rewrite_older_files(library) or self.migration_backup
        written: list[Path] = []
        for source_id, path in new_files.items():
            written.append(writing.write_new_file(library, path, self.pending_sources[source_id]))
            del self.pending_sources[source_id]
            if (original := self.pending_originals.pop(source_id, None)) is not None:
                from .intake.store import keep_original  # a PDF beside its text

                written.append(keep_original(library, path, original))
        for study_id, data in changed.items():
            # a removed study (an undone "new study") loses its file too
            done = save_study(library, library.study(study_id)) if data else writing.remove_study_file(library, study_id)
            written += [done] if done is not None else []
            self._baseline[study_id] = data  # saved: this is the new baseline
        if self._meta_changed():
            written.append(save_meta(library))
        self._meta_baseline = None
        return written

    def mark_saved(self, study_id: str | None = None) -> None:
        """Take what is held now as on disk (a reload): ``study_id``'s, or library.json's (None)."""
        if study_id is None:
            self._meta_baseline = None
        else:
            self._baseline[study_id] = self._current_json(study_id)

    @property
    def saved_meta(self) -> str:  # library.json as last saved or read
        return self._meta_baseline or library_json(self.library.meta)

    # ------------------------------------------------------------------ recovery (recovery.py)

    def recovery_json(self) -> str:
        """Everything unsaved, for the autosave file (``recovery.recovery_json``)."""
        return recovery.recovery_json(self)

    def apply_recovery(self, text: str) -> None:
        """Puts the library in the state of a recovery file (unsaved: save to keep it)."""
        recovery.apply_recovery(self, text)
