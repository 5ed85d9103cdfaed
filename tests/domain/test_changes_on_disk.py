"""Changes on disk are never overwritten (issue 14, item 7), without Qt: the
loader's record of what it read, the save check (before writing and just before
each replace), the choices after a refused save, merge-conflict markers, the
"open elsewhere" notes. Real files in tmp dirs."""

from __future__ import annotations

import hashlib
import json
import os
import socket
from pathlib import Path

import pytest

from comparator_gui.domain import disk_sync, library_lock, writing
from comparator_gui.domain.disk import ChangedOnDisk, is_copy_name, scan
from comparator_gui.domain.editing import LibraryEditor
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.problems import Severity
from comparator_gui.session import AppSession
from comparator_gui.session.app_session import recovery_path
from comparator_gui.settings import Settings

OSAKA = "studies/osaka-adsc-spheroids.json"
MAYO = "studies/mayo-adsc-sci.json"


def _outside_edit(path: Path, change: str) -> bytes:
    """Change a record the way another program would (its own layout)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if "title" in data:
        data["title"] = data["title"] + change
    else:
        data["name"] = data["name"] + change
    raw = json.dumps(data, indent=1).encode("utf-8")
    path.write_bytes(raw)
    return raw


def _note(editor: LibraryEditor, study_id: str, text: str) -> None:
    editor.set_note(study_id, "dose", text)


def test_the_loader_records_size_mtime_and_sha_of_every_file_it_read(seed_copy: Path) -> None:
    library = load_library(seed_copy)
    stamps = library.read_stamps
    for rel in ("library.json", OSAKA, MAYO):
        path = seed_copy / rel
        raw = path.read_bytes()
        stamp = stamps[path]
        assert stamp is not None and stamp.size == len(raw) and stamp.mtime_ns == path.stat().st_mtime_ns
    assert sum(1 for p in stamps if p.suffix == ".txt") == 5  # every source text
    assert scan(library.root, stamps, library.study_files) == []


def test_save_refuses_a_study_changed_on_disk_and_keeps_the_edit(seed_copy: Path) -> None:
    library = load_library(seed_copy)
    editor = LibraryEditor(library)
    _note(editor, "osaka-adsc-spheroids", "my reading")
    theirs = _outside_edit(seed_copy / OSAKA, " (their change)")
    with pytest.raises(ChangedOnDisk) as refused:
        editor.save()
    assert "studies/osaka-adsc-spheroids.json" in str(refused.value)
    assert [c.rel for c in refused.value.changes] == [OSAKA] and refused.value.changes[0].kind == "changed"
    assert (seed_copy / OSAKA).read_bytes() == theirs  # their change survives
    assert editor.modified and library.study("osaka-adsc-spheroids").field("dose").note == "my reading"
    assert not list((seed_copy / "studies").glob(".*.tmp"))


def test_a_change_between_the_first_check_and_the_replace_is_caught(seed_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = load_library(seed_copy)
    editor = LibraryEditor(library)
    _note(editor, "mayo-adsc-sci", "mine")
    real_check = writing.check_targets

    def then_someone_writes(*args: object, **kwargs: object) -> None:
        real_check(*args, **kwargs)  # type: ignore[arg-type]
        _outside_edit(seed_copy / MAYO, " (written while we saved)")

    monkeypatch.setattr(writing, "check_targets", then_someone_writes)
    before = None
    with pytest.raises(ChangedOnDisk):
        before = (seed_copy / MAYO).read_bytes()
        editor.save()
    assert before is not None and b"written while we saved" in (seed_copy / MAYO).read_bytes()
    assert not list((seed_copy / "studies").glob(".*.tmp")) and editor.modified


def test_the_apps_own_save_is_recorded_and_a_touch_is_not_a_change(seed_copy: Path) -> None:
    library = load_library(seed_copy)
    editor = LibraryEditor(library)
    _note(editor, "mayo-adsc-sci", "first")
    editor.save()
    assert scan(library.root, library.read_stamps, library.study_files) == []
    os.utime(seed_copy / MAYO, ns=(1, 1))  # same bytes, new mtime: not a change (the SHA decides)
    assert scan(library.root, library.read_stamps, library.study_files) == []
    _note(editor, "mayo-adsc-sci", "second")
    assert editor.save() == [seed_copy / MAYO]


def test_library_json_changed_on_disk_is_never_overwritten(seed_copy: Path) -> None:
    library = load_library(seed_copy)
    editor = LibraryEditor(library)
    editor.add_source("A new article about cells.\n", title="New article")
    theirs = _outside_edit(seed_copy / "library.json", " (renamed elsewhere)")
    with pytest.raises(ChangedOnDisk) as refused:
        editor.save()
    assert [c.what for c in refused.value.changes] == ["library"]
    assert (seed_copy / "library.json").read_bytes() == theirs
    assert not (seed_copy / "sources").exists()  # nothing written at all


def test_a_deleted_study_file_and_a_new_study_file_are_changes(seed_copy: Path) -> None:
    library = load_library(seed_copy)
    (seed_copy / MAYO).unlink()
    (seed_copy / "studies" / "new-one.json").write_text("{}", encoding="utf-8")
    found = {(c.rel, c.kind, c.what) for c in scan(library.root, library.read_stamps, library.study_files)}
    assert found == {(MAYO, "deleted", "study"), ("studies/new-one.json", "appeared", "new-study")}
    editor = LibraryEditor(library)
    _note(editor, "mayo-adsc-sci", "mine")
    with pytest.raises(ChangedOnDisk):
        editor.save()
    assert not (seed_copy / MAYO).exists()


def test_merge_conflict_markers_are_reported_with_their_line(seed_copy: Path) -> None:
    path = seed_copy / MAYO
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[11:11] = ["<<<<<<< HEAD\n", lines[11], "=======\n", lines[11], ">>>>>>> theirs\n"]
    path.write_text("".join(lines), encoding="utf-8")
    library = load_library(seed_copy)
    problems = [str(p) for p in library.problems if p.file == MAYO]
    assert len(problems) == 1
    assert problems[0].startswith(f"{MAYO}: $: error: unresolved git merge conflict (line 12); ")
    assert "======= at line 14" in problems[0] and ">>>>>>> at line 16" in problems[0]
    assert {s.id for s in library.studies} == {"osaka-adsc-spheroids", "keio-ips-nsc-sci"}  # the rest loads
    assert path in library.unread_files  # and it is never saved over


def test_a_kept_copy_is_listed_never_loaded_as_a_duplicate(seed_copy: Path) -> None:
    (seed_copy / "studies" / "mayo-adsc-sci.mine.json").write_bytes((seed_copy / MAYO).read_bytes())
    library = load_library(seed_copy)
    assert len(library.studies) == 3 and library.errors == []
    [copy] = [p for p in library.problems if p.file == "studies/mayo-adsc-sci.mine.json"]
    assert copy.severity is Severity.WARNING and "not loaded" in copy.reason
    assert is_copy_name("x.mine-2.json") and not is_copy_name("mine.json") and not is_copy_name("x-mine.json")


def test_take_theirs_keep_mine_as_copy_and_undo(seed_copy: Path) -> None:
    library = load_library(seed_copy)
    editor = LibraryEditor(library)
    _note(editor, "mayo-adsc-sci", "mine")
    _outside_edit(seed_copy / MAYO, " (theirs)")
    copy = disk_sync.keep_mine_as_copy(editor, "mayo-adsc-sci")
    assert copy == seed_copy / "studies" / "mayo-adsc-sci.mine.json"
    assert json.loads(copy.read_text(encoding="utf-8"))["fields"]["dose"]["note"] == "mine"
    study = library.study("mayo-adsc-sci")
    assert study.title.endswith("(theirs)") and study.field("dose").note != "mine"
    assert not editor.modified
    _note(editor, "keio-ips-nsc-sci", "other edit")
    assert editor.save() == [seed_copy / "studies" / "keio-ips-nsc-sci.json"]
    assert load_library(seed_copy).study("mayo-adsc-sci").title.endswith("(theirs)")


def test_reload_keeps_unsaved_edits_and_merges_sources_added_on_both_sides(seed_copy: Path) -> None:
    library = load_library(seed_copy)
    editor = LibraryEditor(library)
    mine = editor.add_source("My new article.\n", title="Mine")
    _note(editor, "keio-ips-nsc-sci", "unsaved")
    _note(editor, "mayo-adsc-sci", "mine too")
    # elsewhere: a source added to library.json, and mayo's file changed
    (seed_copy / "theirs.txt").write_text("Their article.\n", encoding="utf-8")
    data = json.loads((seed_copy / "library.json").read_text(encoding="utf-8"))
    data["sources"].append({"id": "theirs", "path": "theirs.txt", "sha256": hashlib.sha256(b"Their article.\n").hexdigest()})
    (seed_copy / "library.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    _outside_edit(seed_copy / MAYO, " (theirs)")

    reloaded = disk_sync.reload_keeping_edits(editor, load_library(seed_copy))
    new = reloaded.editor
    assert {s.id for s in new.library.meta.sources} >= {"theirs", mine.id} and reloaded.meta_conflicts == []
    assert new.library.study("keio-ips-nsc-sci").field("dose").note == "unsaved"
    assert new.library.study("mayo-adsc-sci").field("dose").note == "mine too"
    # mayo's edit was based on the old file: saving still refuses to overwrite theirs
    with pytest.raises(ChangedOnDisk) as refused:
        new.save()
    assert [c.rel for c in refused.value.changes] == [MAYO]
    disk_sync.take_theirs(new, "mayo-adsc-sci")
    new.save()
    saved = load_library(seed_copy)
    assert {s.id for s in saved.meta.sources} >= {"theirs", mine.id}
    assert saved.study("mayo-adsc-sci").title.endswith("(theirs)")
    assert saved.study("keio-ips-nsc-sci").field("dose").note == "unsaved"


def test_compare_says_whether_the_file_differs(seed_copy: Path) -> None:
    library = load_library(seed_copy)
    editor = LibraryEditor(library)
    same = disk_sync.compare(editor, seed_copy / MAYO)
    assert not same.differs and same.diff == ""
    _outside_edit(seed_copy / MAYO, " (theirs)")
    other = disk_sync.compare(editor, seed_copy / MAYO)
    assert other.differs and "(theirs)" in other.diff and other.summary.startswith(MAYO)


def test_second_holder_is_seen_stale_notes_are_not(tmp_path: Path) -> None:
    folder = tmp_path / "locks"
    first, holders = library_lock.acquire(folder, tmp_path)
    assert first is not None and holders == []
    second, holders = library_lock.acquire(folder, tmp_path)
    assert [h.this_process for h in holders] == [True]
    library_lock.release(second)
    # a note from a dead process on this host is stale: removed, not reported
    dead = folder / "999999999-dead.json"
    dead.write_text(json.dumps({"pid": 999_999_999, "host": socket.gethostname(), "since": "x", "token": "t"}))
    assert library_lock.others(folder, mine=first) == [] and not dead.exists()
    library_lock.release(first)
    assert list(folder.iterdir()) == []


def test_session_save_refused_keeps_the_edit_in_memory_and_in_the_recovery_file(seed_copy: Path) -> None:
    """The test from the issue, without Qt: a study file and library.json change
    on disk, the same study is edited in the app, Save: both outside changes
    survive, and the edit is in memory and in the recovery file."""
    session = AppSession(Settings())
    session.set_library(load_library(seed_copy))
    theirs_study = _outside_edit(seed_copy / OSAKA, " (theirs)")
    theirs_meta = _outside_edit(seed_copy / "library.json", " (theirs)")
    assert session.run_edit("note", ["osaka-adsc-spheroids"], lambda e: _note(e, "osaka-adsc-spheroids", "mine"))
    heard: list[ChangedOnDisk] = []
    session.disk.conflict_handlers.append(heard.append)
    assert not session.save()
    assert [c.rel for c in heard[0].changes] == [OSAKA]
    assert (seed_copy / OSAKA).read_bytes() == theirs_study and (seed_copy / "library.json").read_bytes() == theirs_meta
    assert session.modified and session.library is not None
    assert session.library.study("osaka-adsc-spheroids").field("dose").note == "mine"
    recovery = json.loads(recovery_path(seed_copy).read_text(encoding="utf-8"))
    assert recovery["studies"]["osaka-adsc-spheroids"]["fields"]["dose"]["note"] == "mine"
    # "reload theirs": their version shown, mine set aside, Undo brings it back
    kept = session.disk.take_theirs("osaka-adsc-spheroids", "aside")
    assert kept is not None and json.loads(kept.read_text(encoding="utf-8"))["fields"]["dose"]["note"] == "mine"
    assert session.library.study("osaka-adsc-spheroids").title.endswith("(theirs)") and not session.modified
    assert session.undo() and session.library.study("osaka-adsc-spheroids").field("dose").note == "mine"
