"""The action table drives the window: menus in its order, every entry bound
to a handler, shortcuts unique, the F1 list read from it, enabled-when kept."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from comparator_gui.qt.actions import key_sequence, shortcuts_html
from comparator_gui.session.actions import ACTIONS, MENUS, shortcut_rows
from comparator_gui.widgets.main_window import MainWindow


@pytest.fixture
def window(qtbot):  # type: ignore[no-untyped-def]
    win = MainWindow(persist=False)
    qtbot.addWidget(win)
    return win


def _entries(menu: QMenu) -> list[str]:
    out = []
    for action in menu.actions():
        if action.isSeparator():
            out.append("-")
        elif action.menu() is not None:
            out.append(f"{action.text()} ▸")
        else:
            out.append(action.text())
    return out


def test_menus_follow_the_table(window: MainWindow) -> None:
    bar = window.menuBar()
    top = {a.text(): a.menu() for a in bar.actions()}
    assert list(top) == [title for path, title in MENUS.items() if "/" not in path]
    for path, title in MENUS.items():
        if "/" in path:
            continue
        expected = []
        for spec in ACTIONS:
            if spec.menu == path:
                expected.append(
                    "-" if spec.kind == "separator" else f"{spec.text} ▸" if spec.kind == "submenu" else spec.text
                )
            elif spec.menu.startswith(path + "/") and f"{MENUS[spec.menu]} ▸" not in expected:
                expected.append(f"{MENUS[spec.menu]} ▸")
        menu = top[title]
        assert isinstance(menu, QMenu)
        # Undo/Redo name the step to undo; with none they read as in the table.
        assert _entries(menu) == expected, title


def test_every_command_in_the_table_is_bound(window: MainWindow) -> None:
    wanted = {spec.id for spec in ACTIONS if spec.kind in ("action", "submenu")}
    assert wanted - window.actions_.bound == set()


def test_no_two_commands_share_a_key(qapp) -> None:  # type: ignore[no-untyped-def]
    keys = [(spec, key_sequence(spec.shortcut).toString()) for spec in ACTIONS if spec.shortcut and spec.kind == "action"]
    # A standard key can be unbound on a platform (Quit on some Linux desktops); ours never are.
    assert all(text for spec, text in keys if not spec.shortcut.startswith("std:"))
    bound = [text for _, text in keys if text]
    assert len(bound) == len(set(bound)), bound
    assert len(bound) >= 18  # every command of the table that has a key of its own


def test_the_f1_list_is_read_from_the_table(qapp) -> None:  # type: ignore[no-untyped-def]
    text = html.unescape(re.sub(r"<[^>]+>", "|", shortcuts_html()))
    for what, key in shortcut_rows():
        assert what in text
        shown = QKeySequence(QKeySequence.StandardKey[key[4:]]).toString(QKeySequence.SequenceFormat.NativeText) if key.startswith("std:") else key
        assert shown in text, (what, key)
    assert "Use selection as evidence for this field" in text or "Quote the selected source words" in text
    assert "Ctrl+Shift+M" in text and "F5" in text and "Alt+Up / Alt+Down" in text


def test_enabled_when_follows_the_session(window: MainWindow, seed_copy: Path) -> None:
    actions = window.actions_
    assert not actions["curation.save"].isEnabled() and not actions["export.export"].isEnabled()
    window.load_library_now(seed_copy)
    assert actions["curation.save"].isEnabled() and actions["export.export"].isEnabled()
    undo: QAction = actions["curation.undo"]
    assert not undo.isEnabled()
    window.editing.run("Reviewer note", ["keio-ips-nsc-sci"], lambda e: e.set_note("keio-ips-nsc-sci", "dose", "x"))
    assert undo.isEnabled() and undo.text() == "&Undo Reviewer note"
    undo.trigger()
    assert not undo.isEnabled() and actions["curation.redo"].text() == "&Redo Reviewer note"
    assert window.library is not None and window.library.study("keio-ips-nsc-sci").field("dose").note != "x"


def test_view_menu_toggles_and_toolbar_boxes_agree(window: MainWindow, seed_copy: Path) -> None:
    window.load_library_now(seed_copy)
    transpose = window.actions_["grid.transpose"]
    transpose.trigger()
    assert window.transpose_box.isChecked() and window.model.transposed
    window.transpose_box.setChecked(False)
    assert not transpose.isChecked() and not window.model.transposed
