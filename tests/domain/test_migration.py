"""Schema 1 → 2: a version-1 library (the bundled seeds as they were) opens,
loses no quote, and is rewritten as version 2 on save, after a byte-exact backup."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from comparator_gui.cli import main
from comparator_gui.domain.disk import ChangedOnDisk
from comparator_gui.domain.editing import LibraryEditor
from comparator_gui.domain.library import Library
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.migration import BACKUP_PREFIX, migrate_study
from comparator_gui.domain.models import SCHEMA_VERSION, EvidenceLevel, TrialPhase
from comparator_gui.domain.problems import Severity
from tests.conftest import PROJECT

V1 = PROJECT / "tests" / "fixtures" / "library-v1"
JSON_FILES = ["library.json", *(f"studies/{p.name}" for p in sorted((V1 / "studies").glob("*.json")))]


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    root = tmp_path / "v1"
    shutil.copytree(V1, root)
    return root


def quotes(library: Library) -> list[tuple[str, str, str, int, int, str, str]]:
    return sorted(
        (ref.study_id, ref.field_key, ref.evidence.source, ref.evidence.start, ref.evidence.end,
         ref.evidence.exact, ref.anchor.status.value)
        for ref in library.evidence
    )


def test_the_fixture_is_version_1() -> None:
    for name in JSON_FILES:
        assert json.loads((V1 / name).read_text(encoding="utf-8"))["schema_version"] == 1, name


def test_a_version_1_library_opens_with_every_quote_and_says_what_to_check(v1_copy: Path) -> None:
    library = load_library(v1_copy)
    assert library.errors == []
    assert {p.relative_to(v1_copy).as_posix() for p in library.older_files} == set(JSON_FILES)
    assert set(library.older_files.values()) == {1}
    # Every quote, verbatim where it was: 60 of them, none lost or moved.
    assert len(library.evidence) == 60 and all(status == "kept" for *_, status in quotes(library))
    levels = {s.id: (s.evidence_level, s.trial_phase) for s in library.studies}
    assert levels == {
        "osaka-adsc-spheroids": (EvidenceLevel.ANIMAL, None),
        # A phase is not a design: it is kept as the phase, and the design left for a reviewer.
        "mayo-adsc-sci": (EvidenceLevel.UNKNOWN, TrialPhase.PHASE_1),
        "keio-ips-nsc-sci": (EvidenceLevel.UNKNOWN, None),
    }
    warnings = [str(p) for p in library.problems]
    assert all(p.severity is Severity.WARNING for p in library.problems)
    assert "studies/mayo-adsc-sci.json: $.evidence_level: warning: schema 1 level 'phase_1' is a trial phase, " \
           "kept as the trial phase: set the study's design" in warnings
    assert any(w.startswith("library.json: $.schema_version: warning: written in schema 1; read as schema 2") for w in warnings)


def test_saving_backs_up_the_version_1_files_then_rewrites_them(v1_copy: Path) -> None:
    before = {name: (v1_copy / name).read_bytes() for name in JSON_FILES}
    library = load_library(v1_copy)
    kept = quotes(library)
    editor = LibraryEditor(library)
    editor.set_note("osaka-adsc-spheroids", "follow_up", "No report gives a follow-up.")  # any edit, then Save
    editor.save()
    (backup,) = [p for p in v1_copy.iterdir() if p.name.startswith(BACKUP_PREFIX)]
    assert editor.migration_backup == backup
    for name, data in before.items():
        assert (backup / name).read_bytes() == data, name  # byte for byte
        assert json.loads((v1_copy / name).read_text(encoding="utf-8"))["schema_version"] == SCHEMA_VERSION
    assert library.older_files == {} and library.problems == []
    reloaded = load_library(v1_copy)
    assert reloaded.problems == [] and reloaded.older_files == {}
    assert quotes(reloaded) == kept
    assert reloaded.study("osaka-adsc-spheroids").field("follow_up").note == "No report gives a follow-up."
    # The migrated study keeps its phase; the next save has nothing more to migrate.
    assert reloaded.study("mayo-adsc-sci").trial_phase is TrialPhase.PHASE_1
    LibraryEditor(reloaded).save()
    assert len([p for p in v1_copy.iterdir() if p.name.startswith(BACKUP_PREFIX)]) == 1


def test_a_version_1_file_changed_on_disk_is_not_migrated_over(v1_copy: Path) -> None:
    library = load_library(v1_copy)
    mayo = v1_copy / "studies" / "mayo-adsc-sci.json"
    changed = mayo.read_text(encoding="utf-8").replace("Mayo Clinic; team not named", "Mayo Clinic, Rochester")
    mayo.write_text(changed, encoding="utf-8")
    with pytest.raises(ChangedOnDisk):
        LibraryEditor(library).save()
    assert mayo.read_text(encoding="utf-8") == changed  # the other reviewer's change stands
    assert not [p for p in v1_copy.iterdir() if p.name.startswith(BACKUP_PREFIX)]  # nothing copied or written
    assert json.loads((v1_copy / "library.json").read_text(encoding="utf-8"))["schema_version"] == 1


def test_migrate_command_then_validate_is_clean(v1_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate", str(v1_copy), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "studies/mayo-adsc-sci.json: schema 1 → 2" in out and "nothing written" in out
    assert json.loads((v1_copy / "library.json").read_text(encoding="utf-8"))["schema_version"] == 1
    assert main(["migrate", str(v1_copy)]) == 0
    out = capsys.readouterr().out
    assert "check: studies/keio-ips-nsc-sci.json: $.evidence_level" in out  # what a reviewer must set
    assert "4 file(s) rewritten" in out
    assert main(["validate", "--library", str(v1_copy)]) == 0
    out = capsys.readouterr().out
    assert "warning" not in out
    assert out.strip().endswith("OK: 3 studies, 5 sources, 31 claims, 60 evidence quotes, 0 orphans, 1 disputed fields")
    assert main(["migrate", str(v1_copy)]) == 0
    assert "nothing to do" in capsys.readouterr().out


def test_a_newer_file_is_neither_read_nor_migrated(v1_copy: Path) -> None:
    path = v1_copy / "studies" / "osaka-adsc-spheroids.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["schema_version"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(data), encoding="utf-8")
    library = load_library(v1_copy)
    assert path not in library.older_files and "osaka-adsc-spheroids" not in {s.id for s in library.studies}


@pytest.mark.parametrize(
    ("v1", "v2", "phase", "warned"),
    [
        ("preclinical_in_vitro", "in_vitro", None, False),
        ("preclinical_animal", "animal", None, False),
        ("first_in_human", "unknown", None, True),
        ("phase_1", "unknown", "phase_1", True),
        ("phase_2", "unknown", "phase_2", True),
        ("phase_3", "unknown", "phase_3", True),
        ("systematic_review", "unknown", None, True),
        ("unknown", "unknown", None, False),
    ],
)
def test_every_version_1_level_has_a_mapping(v1: str, v2: str, phase: str | None, warned: bool) -> None:
    migrated = migrate_study({"schema_version": 1, "id": "x", "evidence_level": v1})
    assert migrated.data["evidence_level"] == v2 and migrated.data.get("trial_phase") == phase
    assert bool(migrated.warnings) is warned and migrated.data["schema_version"] == 2
