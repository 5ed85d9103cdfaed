"""The ``Library`` object: a loaded library in memory, and its figures.

What the loader (``loading``) read: the catalogue and sources, the studies,
every quote with where it was found in its source (``EvidenceRef``), and the
problems found, grouped so that an edit can replace what checking one study
found (``checking``). ``revision`` counts changes, for the caches here and any
a caller keeps. Reading the files is ``loading``'s job, writing ``writing``'s.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from .anchoring import Anchor, AnchorStatus
from .comparison import FieldStatus, field_status
from .disk import FileStamp
from .models import Evidence, FieldDef, LibraryMeta, Source, Study
from .problems import Problem, Severity, json_path

LIBRARY_FILE = "library.json"
STUDIES_DIR = "studies"


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    """One quote of one claim, with where it was found in its source."""

    study_id: str
    field_key: str
    claim_index: int
    evidence_index: int
    evidence: Evidence
    anchor: Anchor

    @property
    def json_path(self) -> str:
        return json_path(
            ["fields", self.field_key, "claims", self.claim_index, "evidence", self.evidence_index]
        )


@dataclass
class Library:
    root: Path
    meta: LibraryMeta
    #: Source id → text. Loaded libraries hold a ``SourceTexts``, which reads a
    #: text again from its file when it is asked for (see ``source_texts``).
    texts: MutableMapping[str, str] = field(default_factory=dict)
    studies: list[Study] = field(default_factory=list)
    study_files: dict[str, Path] = field(default_factory=dict)
    evidence: list[EvidenceRef] = field(default_factory=list)
    #: Every problem found, grouped by what it is about, in the order the
    #: loader met them (``problems`` reads them in that order). A study id
    #: holds what checking that loaded study found (``checking.check_study``),
    #: which an edit of the study replaces (``set_study_problems``); a file
    #: (Path) holds problems about that file as a whole (library.json and its
    #: sources, the studies folder, a study file not loaded), which only a
    #: reload changes.
    problem_groups: dict[str | Path, list[Problem]] = field(default_factory=dict)
    #: Files the loader could not fully read, with the first reason. Saving
    #: over one of them would lose what was not read, so ``save_study`` and
    #: ``save_meta`` refuse to.
    unread_files: dict[Path, str] = field(default_factory=dict)
    #: Sources library.json lists that could not be loaded (not in
    #: ``meta.sources``): a check counts the quotes citing them per study
    #: instead of calling each an unknown source.
    unloaded_sources: set[str] = field(default_factory=set)
    #: What the loader read of each file (study files, library.json, source
    #: texts): size, mtime and SHA-256 of the bytes; None: it was not there.
    #: A save checks its target against this first (``disk``), and a save
    #: records what it wrote. A file not in here is not checked.
    read_stamps: dict[Path, FileStamp | None] = field(default_factory=dict, compare=False)
    #: Files read from an older schema version (``migration``), with that
    #: version: the next save backs them up and rewrites them all.
    older_files: dict[Path, int] = field(default_factory=dict, compare=False)
    #: Counts changes to ``studies``, ``evidence``, ``meta`` and the problems
    #: (``bump_revision``); caches here and elsewhere are kept against it.
    revision: int = field(default=0, compare=False)
    #: ``evidence`` grouped by study, and the revision it was built at.
    _by_study: tuple[int, dict[str, list[EvidenceRef]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _sources_by_id: tuple[int, dict[str, Source]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def bump_revision(self) -> None:
        """Call after changing ``studies``, ``evidence``, ``meta`` (its sources
        included) or ``problem_groups``: caches built earlier are dropped."""
        self.revision += 1

    @property
    def name(self) -> str:
        return self.meta.name

    @property
    def catalogue(self) -> list[FieldDef]:
        return sorted(self.meta.fields, key=lambda f: (f.order, f.key))

    @property
    def sources(self) -> dict[str, Source]:
        """Sources by id. Asked for by every header and cell tooltip, so it is
        cached until the next ``revision``. Read only: the same dict is handed
        to every caller."""
        cached = self._sources_by_id
        if cached is None or cached[0] != self.revision:
            self._sources_by_id = cached = (self.revision, {source.id: source for source in self.meta.sources})
        return cached[1]

    def study(self, study_id: str) -> Study:
        for study in self.studies:
            if study.id == study_id:
                return study
        raise KeyError(study_id)

    def evidence_for(self, study_id: str, field_key: str | None = None) -> list[EvidenceRef]:
        """The study's quotes in ``evidence`` order, without a walk over every quote
        of the library (selecting a cell of 10,000 studies must stay instant).

        The grouping is cached until the next ``revision``: code that changes
        ``evidence`` must call ``bump_revision``, as the editor does."""
        refs = self._evidence_by_study().get(study_id, [])
        return [ref for ref in refs if field_key is None or ref.field_key == field_key]

    def _evidence_by_study(self) -> dict[str, list[EvidenceRef]]:
        cached = self._by_study
        if cached is None or cached[0] != self.revision:
            groups: dict[str, list[EvidenceRef]] = {}
            for ref in self.evidence:
                groups.setdefault(ref.study_id, []).append(ref)
            self._by_study = cached = (self.revision, groups)
        return cached[1]

    @property
    def problems(self) -> list[Problem]:
        """Every problem: library.json and its sources first, then each study
        file's in name order (a study's as of its last edit); a new list each time."""
        return [problem for group in self.problem_groups.values() for problem in group]

    def set_study_problems(self, study_id: str, problems: list[Problem] | None) -> None:
        """What checking ``study_id`` found now, in its place (a new study's
        last); None for a study that is gone. The caller bumps the revision."""
        if problems is None:
            self.problem_groups.pop(study_id, None)
        else:
            self.problem_groups[study_id] = problems

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


@dataclass(frozen=True)
class LibraryStats:
    studies: int
    sources: int
    claims: int
    quotes: int
    orphans: int
    disputed_fields: int
    errors: int
    warnings: int

    def summary(self) -> str:
        return (
            f"{self.studies} studies, {self.sources} sources, {self.claims} claims, "
            f"{self.quotes} evidence quotes, {self.orphans} orphans, "
            f"{self.disputed_fields} disputed fields"
        )


def library_stats(library: Library) -> LibraryStats:
    return LibraryStats(
        studies=len(library.studies),
        sources=len(library.meta.sources),
        claims=sum(len(entry.claims) for s in library.studies for entry in s.fields.values()),
        quotes=len(library.evidence),
        orphans=sum(1 for ref in library.evidence if ref.anchor.status is AnchorStatus.ORPHAN),
        disputed_fields=sum(
            1
            for s in library.studies
            for entry in s.fields.values()
            if field_status(entry) is FieldStatus.DISPUTED
        ),
        errors=len(library.errors),
        warnings=len(library.problems) - len(library.errors),
    )
