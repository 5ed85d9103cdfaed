"""The application session without Qt: edits, undo, saving, selection and the
events the widgets subscribe to, on a real copy of the bundled library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from comparator_gui.domain.loading import load_library
from comparator_gui.domain.writing import study_json
from comparator_gui.session import AppSession, Cell
from comparator_gui.session.app_session import Notice, recovery_path
from comparator_gui.session.events import Event
from comparator_gui.session.history import History
from comparator_gui.settings import Settings


@pytest.fixture
def session(seed_copy: Path) -> AppSession:
    session = AppSession(Settings())
    session.set_library(load_library(seed_copy))
    return session


def _record(session: AppSession) -> dict[str, list[object]]:
    heard: dict[str, list[object]] = {}
    events = session.events
    for name in ("records_changed", "selection_changed", "modified_changed", "notice", "status", "saved"):
        event: Event[...] = getattr(events, name)
        event.connect(lambda *args, _n=name: heard.setdefault(_n, []).append(args))
    return heard


def test_an_edit_is_announced_undone_and_redone_exactly(session: AppSession) -> None:
    library = session.library
    assert library is not None
    heard = _record(session)
    before = study_json(library.study("keio-ips-nsc-sci"), library.catalogue)
    assert session.run_edit("Reviewer note", ["keio-ips-nsc-sci"], lambda e: e.set_note("keio-ips-nsc-sci", "dose", "checked"))
    after = study_json(library.study("keio-ips-nsc-sci"), library.catalogue)
    assert after != before and session.modified
    assert heard["records_changed"] == [(["keio-ips-nsc-sci"],)]
    assert heard["modified_changed"] == [(True,)]
    assert session.history.undo_text == "Reviewer note" and not session.history.can_redo

    assert session.undo()
    assert study_json(library.study("keio-ips-nsc-sci"), library.catalogue) == before
    assert not session.modified and heard["modified_changed"][-1] == (False,)
    assert session.history.redo_text == "Reviewer note"
    assert session.redo()
    assert study_json(library.study("keio-ips-nsc-sci"), library.catalogue) == after
    assert not session.redo()  # nothing left to redo


def test_a_refused_edit_is_a_notice_and_changes_nothing(session: AppSession) -> None:
    library = session.library
    assert library is not None
    heard = _record(session)
    before = study_json(library.study("mayo-adsc-sci"), library.catalogue)
    done = session.run_edit("Edit value", ["mayo-adsc-sci"], lambda e: e.set_value("mayo-adsc-sci", "dose", 0, "   "))
    assert done is False
    (notice,) = heard["notice"]
    assert notice == (Notice("warning", "Edit value", "a value cannot be empty; remove its quotes to make the field 'not reported'"),)
    assert study_json(library.study("mayo-adsc-sci"), library.catalogue) == before
    assert not session.history.can_undo and "records_changed" not in heard


def test_a_new_edit_forgets_what_could_be_redone() -> None:
    history = History()
    assert not history.can_undo and history.undo() is None
    from comparator_gui.domain.editing import Snapshot
    from comparator_gui.session.history import Step

    empty = Snapshot({}, None, {}, ())
    history.push(Step("one", empty, empty))
    history.push(Step("two", empty, empty))
    assert history.undo() is not None and history.redo_text == "two"
    history.push(Step("three", empty, empty))
    assert not history.can_redo and history.undo_text == "three" and len(history) == 2


def test_undoing_a_new_study_removes_it(session: AppSession) -> None:
    library = session.library
    assert library is not None
    assert session.run_edit("New study", [], lambda e: e.create_study(title="Temporary study", short_title="Temp"))
    assert [s.short_title for s in library.studies][-1] == "Temp"
    session.undo()
    assert "Temp" not in [s.short_title for s in library.studies] and not session.modified


def test_save_writes_and_clears_the_recovery_file(session: AppSession, seed_copy: Path) -> None:
    heard = _record(session)
    session.run_edit("note", ["keio-ips-nsc-sci"], lambda e: e.set_note("keio-ips-nsc-sci", "dose", "checked"))
    assert session.write_recovery()
    path = recovery_path(seed_copy)
    assert "checked" in path.read_text(encoding="utf-8")
    assert session.pending_recovery() is not None
    assert session.save()
    assert not path.exists() and not session.modified
    saved = json.loads((seed_copy / "studies" / "keio-ips-nsc-sci.json").read_text(encoding="utf-8"))
    assert saved["fields"]["dose"]["note"] == "checked"
    assert heard["status"][-1] == ("Saved 1 file(s).",)
    assert [p.name for p in heard["saved"][0][0]] == ["keio-ips-nsc-sci.json"]  # type: ignore[index]


def test_selection_is_announced_once_per_new_cell(session: AppSession) -> None:
    heard = _record(session)
    session.select("keio-ips-nsc-sci", "dose", immediate=False)
    session.select("keio-ips-nsc-sci", "dose")  # the same cell: nothing new
    session.select("mayo-adsc-sci", "dose")
    assert heard["selection_changed"] == [
        (Cell("keio-ips-nsc-sci", "dose"), False),
        (Cell("mayo-adsc-sci", "dose"), True),
    ]
    session.clear_selection()
    assert heard["selection_changed"][-1] == (None, True) and session.selection is None


def test_close_guards_can_stop_closing(session: AppSession) -> None:
    answers = [True]
    session.close_guards.append(lambda: answers[0])
    assert session.may_close_library()
    answers[0] = False
    assert not session.may_close_library()


def test_view_choices_are_remembered_per_library(session: AppSession, seed_copy: Path) -> None:
    session.choices.hidden_studies = {"mayo-adsc-sci"}
    session.choices.transposed = True
    session.remember_view()
    view = session.settings.view_for(seed_copy)
    assert view.hidden_studies == ["mayo-adsc-sci"] and view.transposed
    again = AppSession(session.settings)
    again.set_library(load_library(seed_copy))
    assert again.choices.hidden_studies == {"mayo-adsc-sci"} and again.choices.transposed


def test_stats_follow_edits(session: AppSession) -> None:
    stats = session.stats
    assert stats is not None and stats.quotes == 72
    library = session.library
    assert library is not None
    text = library.texts["afp-keio-2025"]
    start = text.index("The safety of the procedure")
    session.run_edit(
        "Evidence", ["keio-ips-nsc-sci"],
        lambda e: e.add_evidence("keio-ips-nsc-sci", "safety", "afp-keio-2025", start, start + 27),
    )
    assert session.stats is not None and session.stats.quotes == 73
