"""Changes on disk in the real window (issue 14, item 7): the watcher notices,
the bar offers the choices, Save never overwrites an outside change and keeps
the reviewer's edit, a second window is warned. Real files, real widgets."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from comparator_gui.domain.loading import load_library
from comparator_gui.session.app_session import recovery_path
from comparator_gui.widgets.library.disk_bar import CompareDialog, DiskBar
from comparator_gui.widgets.main_window import MainWindow

OSAKA = "studies/osaka-adsc-spheroids.json"
MAYO = "studies/mayo-adsc-sci.json"


def _outside_edit(path: Path, suffix: str) -> bytes:
    """What another program (a second window, git, a sync client) would write."""
    data = json.loads(path.read_text(encoding="utf-8"))
    key = "title" if "title" in data else "name"
    data[key] += suffix
    raw = json.dumps(data, indent=4).encode("utf-8")
    path.write_bytes(raw)
    return raw


def _note(win: MainWindow, study_id: str, text: str) -> None:
    assert win.session.run_edit("Reviewer note", [study_id], lambda e: e.set_note(study_id, "dose", text))


def _close(win: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    # let the grid finish laying out first (it fits its columns in a later event)
    QTest.qWait(100)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    win.close()
    QTest.qWait(100)  # the grid fits its columns after a close too (a timer with no context object)
    win.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def opened(qtbot, seed_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = MainWindow()
    win.resize(1280, 800)
    win.show()
    win.load_library_now(seed_copy)
    yield win
    _close(win, monkeypatch)


def _bar(win: MainWindow) -> DiskBar:
    return win.library_feature.disk_bar


def _bar_says(win: MainWindow, text: str) -> bool:
    bar = _bar(win)
    return bar.isVisibleTo(win) and text in bar.label.text()


def test_outside_changes_survive_save_and_the_edit_is_not_lost(opened: MainWindow, qtbot, seed_copy: Path) -> None:  # type: ignore[no-untyped-def]
    """The issue's test: change a study file and library.json on disk, edit the
    same study in the app, Save: both outside changes survive (the save is
    refused with a message naming the file) and the edit is still in memory and
    in the recovery file."""
    win = opened
    theirs_study = _outside_edit(seed_copy / OSAKA, " (edited elsewhere)")
    theirs_meta = _outside_edit(seed_copy / "library.json", " (renamed elsewhere)")
    _note(win, "osaka-adsc-spheroids", "my reading, typed in the app")
    win.actions_["curation.save"].trigger()  # Ctrl+S; a QMessageBox here would fail the test

    assert (seed_copy / OSAKA).read_bytes() == theirs_study
    assert (seed_copy / "library.json").read_bytes() == theirs_meta
    assert win.session.modified and win.isWindowModified()
    library = win.session.library
    assert library is not None and library.study("osaka-adsc-spheroids").field("dose").note == "my reading, typed in the app"
    recovery = json.loads(recovery_path(seed_copy).read_text(encoding="utf-8"))
    assert recovery["studies"]["osaka-adsc-spheroids"]["fields"]["dose"]["note"] == "my reading, typed in the app"
    # the message names the file, in the bar and the status line, and Problems lists it
    assert _bar_says(win, f"Not saved: {OSAKA} changed on disk")
    assert OSAKA in win.status_label.text() and "Not saved" in win.status_label.text()
    rows = [(p.file, p.reason) for p in win.problems_model.problems()]
    assert any(file == OSAKA and reason.startswith("not saved") for file, reason in rows)
    assert any(file == "library.json" and "changed on disk" in reason for file, reason in rows)
    bar = _bar(win)
    for key in ("theirs_aside", "copy", "theirs", "compare"):
        assert bar.buttons[key].isVisibleTo(win), key


def test_the_watcher_notices_a_change_and_ignores_the_apps_own_save(opened: MainWindow, qtbot, seed_copy: Path) -> None:  # type: ignore[no-untyped-def]
    win = opened
    _note(win, "keio-ips-nsc-sci", "saved by the app")
    assert win.session.save()
    qtbot.wait(700)  # longer than the debounce: the app's own write is not reported
    assert not _bar(win).isVisibleTo(win)
    _outside_edit(seed_copy / MAYO, " (from git pull)")
    qtbot.waitUntil(lambda: _bar_says(win, f"{MAYO} changed on disk"), timeout=5000)
    assert win.problems_dock.isVisible()
    assert _bar(win).buttons["reload"].isVisibleTo(win)
    # Reload: the study as on disk, nothing unsaved, the bar goes
    _bar(win).buttons["reload"].click()
    library = win.session.library
    assert library is not None and library.study("mayo-adsc-sci").title.endswith("(from git pull)")
    assert not win.session.modified
    qtbot.waitUntil(lambda: not _bar(win).isVisibleTo(win), timeout=3000)


def test_keep_mine_as_a_copy(opened: MainWindow, qtbot, seed_copy: Path) -> None:  # type: ignore[no-untyped-def]
    win = opened
    _note(win, "mayo-adsc-sci", "mine")
    _outside_edit(seed_copy / MAYO, " (theirs)")
    assert not win.session.save()
    assert _bar_says(win, "Not saved")
    _bar(win).buttons["copy"].click()
    copy = seed_copy / "studies" / "mayo-adsc-sci.mine.json"
    assert json.loads(copy.read_text(encoding="utf-8"))["fields"]["dose"]["note"] == "mine"
    library = win.session.library
    assert library is not None and library.study("mayo-adsc-sci").title.endswith("(theirs)")
    assert not win.session.modified
    qtbot.waitUntil(lambda: not _bar(win).isVisibleTo(win), timeout=3000)
    # reopening: the copy is listed, never loaded as a second "mayo-adsc-sci"
    reloaded = load_library(seed_copy)
    assert len(reloaded.studies) == 3 and reloaded.errors == []


def test_reload_theirs_sets_mine_aside_and_undo_brings_it_back(opened: MainWindow, qtbot, seed_copy: Path) -> None:  # type: ignore[no-untyped-def]
    win = opened
    _note(win, "mayo-adsc-sci", "mine")
    theirs = _outside_edit(seed_copy / MAYO, " (theirs)")
    assert not win.session.save()
    _bar(win).buttons["theirs_aside"].click()
    library = win.session.library
    assert library is not None and library.study("mayo-adsc-sci").title.endswith("(theirs)")
    [aside] = list(win.session.disk.set_aside_folder().glob("mayo-adsc-sci-*.json"))
    assert json.loads(aside.read_text(encoding="utf-8"))["fields"]["dose"]["note"] == "mine"
    assert str(aside) in win.status_label.text()
    assert (seed_copy / MAYO).read_bytes() == theirs
    win.actions_["curation.undo"].trigger()
    assert library.study("mayo-adsc-sci").field("dose").note == "mine" and win.session.modified


def test_library_json_changed_reload_keeps_unsaved_edits(opened: MainWindow, qtbot, seed_copy: Path) -> None:  # type: ignore[no-untyped-def]
    win = opened
    _note(win, "keio-ips-nsc-sci", "unsaved edit")
    _outside_edit(seed_copy / "library.json", " (renamed elsewhere)")
    qtbot.waitUntil(lambda: _bar_says(win, "library.json changed on disk"), timeout=5000)
    # Compare: which file, and whether it differs from what the app holds
    _bar(win).buttons["compare"].click()
    dialog = _bar(win).compare_dialogs[-1]
    assert isinstance(dialog, CompareDialog) and not dialog.isModal() and dialog.isVisible()
    assert dialog.comparison.differs and "(renamed elsewhere)" in dialog.diff.toPlainText()
    dialog.close()
    _bar(win).buttons["reload_library"].click()
    library = win.session.library
    assert library is not None and library.name.endswith("(renamed elsewhere)")
    assert library.study("keio-ips-nsc-sci").field("dose").note == "unsaved edit" and win.session.modified
    qtbot.waitUntil(lambda: not _bar(win).isVisibleTo(win), timeout=3000)
    assert win.session.save()
    assert load_library(seed_copy).study("keio-ips-nsc-sci").field("dose").note == "unsaved edit"


def test_conflict_markers_are_in_the_problems_panel(qtbot, seed_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    path = seed_copy / MAYO
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3:3] = ["<<<<<<< HEAD\n", "=======\n", ">>>>>>> origin/main\n"]
    path.write_text("".join(lines), encoding="utf-8")
    win = MainWindow()
    win.show()
    win.load_library_now(seed_copy)
    rows = [f"{p.file}: {p.json_path}: {p.reason}" for p in win.problems_model.problems()]
    assert any(row.startswith(f"{MAYO}: $: unresolved git merge conflict (line 4)") for row in rows), rows
    assert win.problems_dock.isVisible()
    _close(win, monkeypatch)


def test_a_second_window_is_warned_the_library_is_open_elsewhere(qtbot, seed_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    first = MainWindow()
    first.show()
    first.load_library_now(seed_copy)
    assert not _bar(first).isVisibleTo(first)
    second = MainWindow()
    second.show()
    second.load_library_now(seed_copy)  # opens all the same: a warning, never a block
    assert second.session.library is not None
    assert _bar_says(second, "also open in another window of this app")
    assert not _bar(first).isVisibleTo(first)  # the first window is not interrupted
    # Closed windows remove their notes. (They are deleted only at the end: deleting
    # one of two open windows crashes PySide in the grid's or pane's pending
    # events, before this feature too; the app opens one window per process.)
    QTest.qWait(100)
    second.close()
    first.close()
    QTest.qWait(100)
    third = MainWindow()
    third.show()
    third.load_library_now(seed_copy)
    assert not _bar(third).isVisibleTo(third)
    QTest.qWait(100)
    third.close()
    for win in (first, second, third):
        win.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
