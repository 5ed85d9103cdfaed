"""Search as it is typed: results reused from earlier keystrokes (a growing
word narrows the last result, a deleted letter comes from the cache) must equal
a search from scratch, and an edit must be searchable at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from comparator_gui.domain.view import SearchIndex, ViewChoices, layout
from comparator_gui.qt.item_data import item_data
from comparator_gui.qt.roles import Role
from comparator_gui.widgets.main_window import MainWindow
from tests.conftest import SEEDS


@pytest.fixture
def window(qtbot):  # type: ignore[no-untyped-def]
    win = MainWindow(persist=False)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    return win


def _fresh(window: MainWindow, text: str) -> tuple[list[str], list[str], set[tuple[str, str]]]:
    assert window.library is not None
    choices = ViewChoices(**{**window.session.choices.__dict__, "search": text})
    shown = layout(window.library, choices, SearchIndex(window.library))
    return shown.study_ids, shown.field_keys, set(shown.matches)  # type: ignore[call-overload]


def test_typed_search_equals_a_search_from_scratch(window: MainWindow) -> None:
    window.load_library_now(SEEDS)
    typed = ["m", "mi", "mic", "mice", "mic", "mi", "m", "", "ce", "mice", "ice", "osaka", "xyzzy", "x", ""]
    for text in typed:
        window.set_search(text)
        shown = window.model.layout_
        ids, keys, matches = _fresh(window, text)
        assert shown.study_ids == ids, text
        assert shown.field_keys == keys, text
        assert set(shown.matches) == matches, text  # type: ignore[call-overload]
        for sid in shown.study_ids:
            for key in shown.field_keys:
                index = window.model.index_of(sid, key)
                assert item_data(index, Role.SEARCH_MATCH) is ((sid, key) in matches), (text, sid, key)


def test_hidden_study_is_not_searched(window: MainWindow) -> None:
    window.load_library_now(SEEDS)
    window.set_search("mice")
    assert window.model.layout_.study_ids == ["osaka-adsc-spheroids"]
    model = window.studies_panel.model
    keys = model.keys()
    window.grid_feature._on_studies_changed(keys, {"osaka-adsc-spheroids"})
    assert window.model.layout_.study_ids == []
    window.grid_feature._on_studies_changed(keys, set())
    assert window.model.layout_.study_ids == ["osaka-adsc-spheroids"]


def test_an_edit_is_found_by_the_next_search(window: MainWindow, seed_copy: Path) -> None:
    window.load_library_now(seed_copy)
    window.set_search("zebrafishword")
    assert window.model.columnCount() == 0
    window.set_search("")
    window.editing.run(
        "note", ["keio-ips-nsc-sci"], lambda e: e.set_note("keio-ips-nsc-sci", "dose", "zebrafishword checked")
    )
    window.set_search("zebrafishword")
    assert window.model.layout_.study_ids == ["keio-ips-nsc-sci"]
    assert window.model.layout_.field_keys == ["dose"]
    window.editing.undo_action.trigger()
    assert window.model.columnCount() == 0


def test_edits_do_not_pile_up_in_the_frozen_generation(
    qtbot, window: MainWindow, seed_copy: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """A library and its search index are frozen out of the collector once; an
    edit re-indexes a study but must not freeze again (a freeze also keeps any
    cyclic garbage of the moment, for good)."""
    import gc

    from comparator_gui.domain import collector

    window.load_library_now(seed_copy)
    qtbot.waitUntil(lambda: window.session.search_index is not None and window.session.search_index.complete)
    qtbot.wait(20)  # the timer's last slice, which freezes the finished index
    frozen = gc.get_freeze_count()
    freezes: list[int] = []
    real_freeze = collector.keep_out_of_collection
    monkeypatch.setattr(collector, "keep_out_of_collection", lambda: (freezes.append(1), real_freeze()))
    try:
        for n in range(5):
            window.editing.run(
                "note", ["keio-ips-nsc-sci"], lambda e, n=n: e.set_note("keio-ips-nsc-sci", "dose", f"checked {n}")
            )
            qtbot.waitUntil(lambda: window.session.search_index is not None and window.session.search_index.complete)
            qtbot.wait(20)
        assert freezes == []
        assert gc.get_freeze_count() <= frozen
    finally:
        while window.session.history.can_undo:
            window.editing.undo_action.trigger()
