"""Reading files of an older schema version, and rewriting them on save.

A version-1 file is turned into version-2 JSON before validation
(``migrate_study``, ``migrate_meta``); what cannot be carried over exactly
comes back as a sentence for the problems list. Nothing is written here until
a save: ``back_up`` then copies every older file of the library, byte for
byte, into ``schema-v1-backup-<time>/`` in the library folder, and only then
are they rewritten (``editing.LibraryEditor.save``, ``comparator-gui migrate``).

What changed from 1 to 2 (``docs/format.md`` has the table):

- ``evidence_level`` is by design (Oxford CEBM, with GRADE's starting
  certainty), no longer a drug-development phase. A phase goes to the new
  ``trial_phase``; the design it does not say becomes ``unknown``, for a
  reviewer to set. ``preclinical_*`` map one to one.
- New optional keys: ``Study.trial_phase``, ``Claim.kind``,
  ``Source.source_type``, ``Source.peer_reviewed``. A version-1 file has none
  of them, so nothing else in it changes.
- The catalogue is the library's own: a migrated library keeps its fields
  (the new default fields are for new libraries and the bundled one).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import writing
from .library import LIBRARY_FILE, Library
from .models import SCHEMA_VERSION

BACKUP_PREFIX = "schema-v1-backup-"

#: Version-1 evidence level → (version-2 level, trial phase or None, why it is not exact or "").
_V1_LEVELS: dict[str, tuple[str, str | None, str]] = {
    "preclinical_in_vitro": ("in_vitro", None, ""),
    "preclinical_animal": ("animal", None, ""),
    "first_in_human": (
        "unknown", None,
        "'first_in_human' says when, not how the study was designed: set its design (Study details)",
    ),
    "phase_1": ("unknown", "phase_1", "'phase_1' is a trial phase, kept as the trial phase: set the study's design"),
    "phase_2": ("unknown", "phase_2", "'phase_2' is a trial phase, kept as the trial phase: set the study's design"),
    "phase_3": ("unknown", "phase_3", "'phase_3' is a trial phase, kept as the trial phase: set the study's design"),
    "systematic_review": (
        "unknown", None,
        "'systematic_review' does not say of what: choose a review of randomised trials or of animal studies",
    ),
    "unknown": ("unknown", None, ""),
}


@dataclass(frozen=True)
class Migrated:
    """A file's JSON brought to the current version, and what a reviewer should check."""

    data: Any
    from_version: int
    warnings: tuple[tuple[str, str], ...] = ()  # (JSON path, sentence)


def needs_migration(data: Any) -> bool:
    version = data.get("schema_version") if isinstance(data, dict) else None
    return isinstance(version, int) and not isinstance(version, bool) and 1 <= version < SCHEMA_VERSION


def migrate_study(data: dict[str, Any]) -> Migrated:
    """A study file's JSON (already checked to be an older version) as version 2."""
    version = data["schema_version"]
    out = dict(data)
    warnings: list[tuple[str, str]] = []
    level = out.get("evidence_level", "unknown")
    if isinstance(level, str) and level in _V1_LEVELS:
        new_level, phase, why = _V1_LEVELS[level]
        out["evidence_level"] = new_level
        if phase is not None and "trial_phase" not in out:
            out["trial_phase"] = phase
        if why:
            warnings.append(("$.evidence_level", f"schema 1 level {why}"))
    # Anything else is left for validation to name.
    out["schema_version"] = SCHEMA_VERSION
    return Migrated(out, version, tuple(warnings))


def migrate_meta(data: dict[str, Any]) -> Migrated:
    """``library.json``'s JSON as version 2: only the version changes."""
    out = dict(data)
    version = out["schema_version"]
    out["schema_version"] = SCHEMA_VERSION
    return Migrated(out, version)


def migration_warning(from_version: int) -> str:
    return (
        f"written in schema {from_version}; read as schema {SCHEMA_VERSION}. The next save rewrites it as "
        f"schema {SCHEMA_VERSION} after copying the schema-{from_version} files to {BACKUP_PREFIX}<time>/"
    )


def back_up(root: Path, files: list[Path], now: datetime | None = None) -> Path:
    """Copies ``files`` (inside ``root``) byte for byte to a new backup folder in
    ``root``, keeping their places relative to it; returns the folder."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    folder = root / f"{BACKUP_PREFIX}{stamp}"
    suffix = 1
    while folder.exists():  # two saves in one second
        suffix += 1
        folder = root / f"{BACKUP_PREFIX}{stamp}-{suffix}"
    for path in files:
        target = folder / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return folder


def rewrite_older_files(library: Library) -> Path | None:
    """Before a save: back up every file read from an older version, then write
    each again as the current version. None when there was none.

    Raises ``ChangedOnDisk`` (nothing copied or written) when one of them
    changed on disk since it was read.
    """
    older = dict(library.older_files)
    if not older:
        return None
    by_path = {path: study_id for study_id, path in library.study_files.items()}
    meta_path = library.root / LIBRARY_FILE
    writing.check_targets(library, [by_path[p] for p in older if p in by_path], meta_path in older, [])
    folder = back_up(library.root, [path for path in older if path.exists()])
    for path in older:
        if path == meta_path:
            writing.save_meta(library)
        elif path in by_path:
            writing.save_study(library, library.study(by_path[path]))
        library.older_files.pop(path, None)
        # The "read as schema 2" warnings no longer hold.
        library.problem_groups.pop(path, None)
    library.bump_revision()
    return folder
