"""File → Compare with another copy…, then the consolidation view, driven by its
keys on real widgets: each kind of difference resolved (adopt A, adopt B, keep
both, edit), a decision undone, the view closed and resumed, the consolidated
library written to a new folder and read back; both copies byte-identical."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from comparator_gui.widgets.consensus.view import ConsensusDialog
from comparator_gui.widgets.main_window import MainWindow
from tests.domain.consensus_copies import Copies, make_copies, read_json, study_files, tree_bytes


@pytest.fixture
def copies(tmp_path: Path) -> Copies:
    return make_copies(tmp_path / "copies")


@pytest.fixture
def window(qtbot, copies: Copies):  # type: ignore[no-untyped-def]
    win = MainWindow(persist=False)
    win.settings.reviewer_name = "Dana Reviewer"
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.load_library_now(copies.a)
    return win


def _open_view(window: MainWindow, qtbot, copies: Copies, monkeypatch: pytest.MonkeyPatch) -> ConsensusDialog:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(copies.b))
    with qtbot.waitSignal(window.consensus.opened, timeout=20_000):  # compared on a worker thread
        window.actions_["consensus.compare"].trigger()
    dialog = window.consensus.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # its own keys (Ctrl+Z) work in the active window
    dialog.list.setFocus()
    return dialog


def _go_to(dialog: ConsensusDialog, item_id: str) -> None:
    row = next(n for n, item in enumerate(dialog.consolidation.items) if item.item_id == item_id)
    dialog.select_row(row)
    assert dialog.current_item() is not None and dialog.current_item().item_id == item_id  # type: ignore[union-attr]


def _key(qtbot, dialog: ConsensusDialog, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(dialog.list, key, modifier)


def test_resolve_every_kind_of_difference_through_the_view(
    window: MainWindow, qtbot, copies: Copies, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    originals = {root: tree_bytes(root) for root in (copies.a, copies.b)}
    dialog = _open_view(window, qtbot, copies, monkeypatch)
    changed, quoted = "/".join(copies.changed), "/".join(copies.quoted)
    level = f"{copies.level}/@evidence_level"
    assert {i.item_id for i in dialog.consolidation.items} == {changed, quoted, level, copies.only_b}
    assert dialog.progress.value() == 0 and dialog.progress.maximum() == 4
    assert not dialog.write_button.isEnabled()

    # Both versions are shown, B's added quote marked as one only B has.
    _go_to(dialog, quoted)
    assert "only in this copy" in dialog.side_b.toPlainText()
    assert "only in this copy" not in dialog.side_a.toPlainText()
    _go_to(dialog, level)
    assert copies.new_level in dialog.side_b.toPlainText()
    assert not dialog.buttons[next(iter(c for c in dialog.buttons if c.value == "both"))].isEnabled()

    # B on the evidence level, then undone (Ctrl+Z): nothing decided again; redo and undo once more.
    _key(qtbot, dialog, Qt.Key.Key_B)
    assert dialog.consolidation.decisions[level].choice.value == "b" and dialog.progress.value() == 1
    _go_to(dialog, level)
    _key(qtbot, dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert level not in dialog.consolidation.decisions and dialog.progress.value() == 0
    _key(qtbot, dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert dialog.consolidation.decisions[level].choice.value == "b"
    dialog.undo()
    assert level not in dialog.consolidation.decisions

    # Adopt A for the level, keep both for the added quote, edit the changed value.
    _go_to(dialog, level)
    _key(qtbot, dialog, Qt.Key.Key_A)
    _go_to(dialog, quoted)
    _key(qtbot, dialog, Qt.Key.Key_K)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("Value agreed by both reviewers", True))
    _go_to(dialog, changed)
    _key(qtbot, dialog, Qt.Key.Key_E)
    assert dialog.progress.value() == 3
    # The view moved on to the one left: the study only B holds.
    assert dialog.current_item().item_id == copies.only_b  # type: ignore[union-attr]

    # Closed before the last decision and opened again: the three are back.
    dialog.close()
    dialog = _open_view(window, qtbot, copies, monkeypatch)
    assert dialog.progress.value() == 3
    assert dialog.current_item().item_id == copies.only_b  # type: ignore[union-attr]
    _key(qtbot, dialog, Qt.Key.Key_B)
    assert dialog.progress.value() == 4 and dialog.write_button.isEnabled()

    out = tmp_path / "consolidated"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    _key(qtbot, dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "written to" in dialog.status.text(), dialog.status.text()

    # The consolidated JSON.
    a_files, b_files, out_files = study_files(copies.a), study_files(copies.b), study_files(out)
    assert set(out_files) == set(a_files) | {copies.only_b}
    study = read_json(out_files[copies.level])
    assert study["evidence_level"] == read_json(a_files[copies.level])["evidence_level"]
    edited = study["fields"][copies.changed[1]]["claims"]
    a_claims = read_json(a_files[copies.changed[0]])["fields"][copies.changed[1]]["claims"]
    assert len(edited) == 1 and edited[0]["value"] == "Value agreed by both reviewers"
    assert edited[0]["added_by"] == "Dana Reviewer" and edited[0]["added_at"].endswith("Z")
    assert [(e["source"], e["start"], e["end"]) for e in edited[0]["evidence"]] == [
        (e["source"], e["start"], e["end"]) for e in a_claims[0]["evidence"]
    ]
    both = read_json(out_files[copies.quoted[0]])["fields"][copies.quoted[1]]["claims"]
    b_claims = read_json(b_files[copies.quoted[0]])["fields"][copies.quoted[1]]["claims"]
    assert both == b_claims  # the same value: one claim, with A's quotes and the one B added
    assert (both[0]["evidence"][-1]["source"], both[0]["evidence"][-1]["start"], both[0]["evidence"][-1]["end"]) == copies.added_span
    assert read_json(out_files[copies.only_b]) == read_json(b_files[copies.only_b])
    assert (out / "library.json").read_bytes() == (copies.a / "library.json").read_bytes()
    # Small diff: every file the decisions did not change is A's, byte for byte.
    untouched = {p: data for p, data in tree_bytes(out).items() if originals[copies.a].get(p) == data}
    assert set(tree_bytes(out)) - set(untouched) == {
        out_files[i].relative_to(out).as_posix() for i in (copies.level, copies.quoted[0], copies.only_b)
    } | ({out_files[copies.changed[0]].relative_to(out).as_posix()})
    # The decisions file, and both copies as they were.
    saved = json.loads(dialog.consolidation.file.path.read_text(encoding="utf-8"))
    assert {d["item"]: d["choice"] for d in saved["decisions"]} == {
        level: "a", quoted: "both", changed: "edit", copies.only_b: "b"
    }
    assert all(d["decided_by"] == "Dana Reviewer" for d in saved["decisions"])
    assert {root: tree_bytes(root) for root in (copies.a, copies.b)} == originals
    from comparator_gui.domain.loading import load_library

    assert not load_library(out).errors

    # A second write into the same, now full, folder is refused.
    _key(qtbot, dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "not empty" in dialog.status.text()


def test_compare_says_why_it_does_not_start(
    window: MainWindow, qtbot, copies: Copies, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, title, _text: told.append(title))
    feature = window.consensus
    assert not feature.compare_with(copies.a)  # the open library itself
    twin = tmp_path / "twin"
    shutil.copytree(copies.a, twin)
    assert feature.compare_with(twin)
    qtbot.waitUntil(lambda: feature.task is None, timeout=20_000)
    assert told == ["The same folder", "The copies agree"] and feature.dialog is None
    library = window.library
    assert library is not None
    study = library.studies[0]
    key = next(k for k, e in study.fields.items() if e.claims)
    assert window.session.run_edit("value", [study.id], lambda ed: ed.set_value(study.id, key, 0, "Changed, not saved"))
    assert not feature.compare_with(copies.b)
    assert told[-1] == "Save first" and feature.task is None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)  # on closing
