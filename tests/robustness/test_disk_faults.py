"""Saving when the disk says no: a read-only folder, a full disk, a file the
loader could not read. Each save fails clearly and nothing on disk is lost."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from comparator_gui.domain import storage
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.models import Study
from comparator_gui.domain.storage import atomic_write_text
from comparator_gui.domain.writing import SaveRefused, save_meta, save_study, study_json

from .helpers import MAYO, SOURCE_TEXT, make_library, quote_study, temp_files


def _edited(study: Study) -> Study:
    return study.model_copy(update={"title": study.title + " (edited)"})


# --------------------------------------------------------------------- read-only folder


def _write_fails(folder: Path) -> bool:
    try:
        (folder / ".probe").write_text("x", encoding="utf-8")
    except OSError:
        return True
    (folder / ".probe").unlink()
    return False


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make ``path`` read-only in a way that also binds root: the immutable
    attribute (``chattr +i``) as root, permission bits otherwise."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root, and chattr is not installed: no read-only mechanism root obeys")
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"running as root, and chattr +i is not supported here: {done.stderr.strip()}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        try:
            yield
        finally:
            path.chmod(mode)


def test_read_only_studies_folder(seed_copy: Path) -> None:
    library = load_library(seed_copy)
    path = seed_copy / MAYO
    before = path.read_bytes()
    study = _edited(library.study("mayo-adsc-sci"))
    with read_only(path.parent):
        assert _write_fails(path.parent), "the read-only mechanism did not stop a write"
        with pytest.raises(PermissionError) as caught:
            save_study(library, study)
        # The message names the user's file, not a hidden temp file.
        assert caught.value.filename == str(path)
        assert str(path) in str(caught.value) and ".tmp" not in str(caught.value)
        assert path.read_bytes() == before
        assert temp_files(seed_copy) == []
    # Nothing lost: the edit is still in hand and saves once the folder is writable.
    assert library.study_files["mayo-adsc-sci"] == path
    save_study(library, study)
    assert load_library(seed_copy).study("mayo-adsc-sci") == study


def test_read_only_library_json(seed_copy: Path) -> None:
    library = load_library(seed_copy)
    path = seed_copy / "library.json"
    before = path.read_bytes()
    library.meta.name = "Renamed"
    with read_only(path), pytest.raises(PermissionError):
        save_meta(library)
    assert path.read_bytes() == before
    assert temp_files(seed_copy) == []


# --------------------------------------------------------------------- full disk


@contextlib.contextmanager
def tiny_filesystem(mountpoint: Path, size_kb: int) -> Iterator[Path]:
    mountpoint.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a real full disk needs a tmpfs mount (root); the simulated tests below still run")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(mountpoint)],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}); the simulated tests below still run")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)


def _fill(folder: Path) -> None:
    with (folder / "filler.bin").open("wb", buffering=0) as handle:
        block = b"\0" * 4096
        with contextlib.suppress(OSError):
            while True:
                handle.write(block)


def test_full_disk_real_tmpfs(tmp_path: Path) -> None:
    with tiny_filesystem(tmp_path / "mnt", 512) as mnt:
        root = make_library(mnt / "lib")
        library = load_library(root)
        path = library.study_files["good"]
        before = path.read_bytes()
        _fill(mnt)
        study = library.study("good").model_copy(update={"title": "x" * 20_000})
        with pytest.raises(OSError) as caught:
            save_study(library, study)
        assert caught.value.errno == errno.ENOSPC
        assert caught.value.filename == str(path)
        assert path.read_bytes() == before
        assert temp_files(root) == []
        assert load_library(root).problems == []
        # Space freed: the same edit saves.
        (mnt / "filler.bin").unlink()
        save_study(library, study)
        assert load_library(root).study("good") == study


@pytest.mark.parametrize("stage", ["write", "fsync", "replace"])
def test_full_disk_simulated(seed_copy: Path, monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    library = load_library(seed_copy)
    path = seed_copy / MAYO
    before = path.read_bytes()
    calls: list[str] = []

    def fail(*args: object, **kwargs: object) -> None:
        calls.append(stage)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if stage == "write":
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, handle: object) -> None:
                self.handle = handle

            def __enter__(self) -> Full:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()  # type: ignore[attr-defined]

            def write(self, data: bytes) -> int:
                self.handle.write(data[: len(data) // 2])  # type: ignore[attr-defined]
                fail()
                return 0

            def __getattr__(self, name: str) -> object:
                return getattr(self.handle, name)

        monkeypatch.setattr(storage.os, "fdopen", lambda *a, **k: Full(real_fdopen(*a, **k)))
    else:
        monkeypatch.setattr(storage.os, stage, fail)
    with pytest.raises(OSError) as caught:
        save_study(library, _edited(library.study("mayo-adsc-sci")))
    monkeypatch.undo()
    assert calls == [stage]
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(path)
    assert path.read_bytes() == before
    assert temp_files(seed_copy) == []
    assert load_library(seed_copy).errors == []


# --------------------------------------------------------------------- what a save keeps


def test_save_keeps_the_file_permissions(tmp_path: Path) -> None:
    # Before: the temp file's 0600 replaced a shared library's 0644.
    root = make_library(tmp_path / "lib")
    path = root / "studies" / "good.json"
    path.chmod(0o644)
    library = load_library(root)
    save_study(library, _edited(library.study("good")))
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    path.chmod(0o664)
    atomic_write_text(path, "{}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o664


def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "new.json", "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644


def test_save_refuses_to_overwrite_an_unreadable_study_file(seed_copy: Path) -> None:
    # Before: a new study with the same id overwrote the file that did not load.
    path = seed_copy / MAYO
    path.write_text(path.read_text(encoding="utf-8")[:-20], encoding="utf-8")  # truncated
    before = path.read_bytes()
    library = load_library(seed_copy)
    assert path in library.unread_files
    replacement = quote_study("mayo-adsc-sci", SOURCE_TEXT, "100 million cells")
    saved = save_study(library, replacement)
    assert saved == seed_copy / "studies" / "mayo-adsc-sci-2.json"
    assert path.read_bytes() == before


def test_save_meta_refuses_when_library_json_was_not_fully_read(seed_copy: Path) -> None:
    # Before: save_meta wrote the fallback name and no sources over it.
    path = seed_copy / "library.json"
    text = path.read_text(encoding="utf-8").replace('"schema_version": 2', '"schema_version": 3', 1)
    path.write_text(text, encoding="utf-8")
    library = load_library(seed_copy)
    with pytest.raises(SaveRefused) as caught:
        save_meta(library)
    assert str(caught.value).startswith("not saved: library.json could not be fully read (written by a newer")
    assert path.read_text(encoding="utf-8") == text
    assert temp_files(seed_copy) == []


def test_save_meta_refuses_when_a_source_was_dropped(seed_copy: Path) -> None:
    (seed_copy / "004_2fe5765ebb54253d.txt").unlink()
    library = load_library(seed_copy)
    assert len(library.meta.sources) == 4  # the entry whose text is missing is not in memory
    before = (seed_copy / "library.json").read_bytes()
    with pytest.raises(SaveRefused):
        save_meta(library)
    assert (seed_copy / "library.json").read_bytes() == before


def test_save_meta_after_a_warning_only_is_allowed(seed_copy: Path) -> None:
    path = seed_copy / "004_2fe5765ebb54253d.txt"
    path.write_text("Note.\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    library = load_library(seed_copy)
    assert library.errors == [] and library.problems
    save_meta(library)
    assert load_library(seed_copy).meta == library.meta


def test_duplicate_id_file_is_never_overwritten(seed_copy: Path) -> None:
    copy = seed_copy / "studies" / "zz-copy.json"
    copy.write_bytes((seed_copy / MAYO).read_bytes())
    library = load_library(seed_copy)
    save_study(library, _edited(library.study("mayo-adsc-sci")))
    assert copy.read_bytes() != (seed_copy / MAYO).read_bytes()
    assert library.study_files["mayo-adsc-sci"] == seed_copy / MAYO


def test_new_study_never_takes_another_studys_file(tmp_path: Path) -> None:
    # Before: study "bar" stored in studies/foo.json was overwritten by a new study "foo".
    root = make_library(tmp_path / "lib")
    (root / "studies" / "good.json").rename(root / "studies" / "foo.json")
    library = load_library(root)
    assert library.study_files["good"] == root / "studies" / "foo.json"
    before = (root / "studies" / "foo.json").read_bytes()
    new = quote_study("foo", SOURCE_TEXT, "lower back")
    assert save_study(library, new) == root / "studies" / "foo-2.json"
    assert (root / "studies" / "foo.json").read_bytes() == before
    reloaded = load_library(root)
    assert reloaded.problems == [] and {s.id for s in reloaded.studies} == {"good", "foo"}


def test_new_study_never_takes_a_file_that_appeared_after_loading(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", studies=[])
    library = load_library(root)
    new = quote_study("late", SOURCE_TEXT, "lower back")
    (root / "studies" / "late.json").write_text("written by another tool", encoding="utf-8")
    assert save_study(library, new).name == "late-2.json"
    assert (root / "studies" / "late.json").read_text(encoding="utf-8") == "written by another tool"
    # Saving again goes to the same file, not a third one.
    assert save_study(library, new).name == "late-2.json"
    assert (root / "studies" / "late-2.json").read_text(encoding="utf-8") == study_json(new, library.catalogue)


# --------------------------------------------------------------------- unlistable folder


def test_an_unlistable_studies_folder_is_a_problem_not_a_failed_load(
    seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated: root lists any folder whatever its permission bits, so the
    refusal a reviewer's account would get is raised here by hand."""
    import comparator_gui.domain.loading as loading_module

    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if Path(str(path)).name == "studies":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(loading_module.os, "scandir", scandir)
    library = load_library(seed_copy)
    assert library.studies == []
    assert [str(p) for p in library.problems] == [
        "studies: $: error: cannot read the studies folder: Permission denied; no studies loaded"
    ]
    assert len(library.meta.sources) == 5  # library.json and its sources still load
