"""Guards the workaround in qt/item_data.py for PySide6's None refcount bug."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt

from comparator_gui.domain.loading import load_library
from comparator_gui.domain.view import ViewChoices, layout
from comparator_gui.qt.item_data import item_data
from comparator_gui.widgets.grid.model import ComparisonModel
from tests.conftest import SEEDS


def test_item_data_keeps_none_alive() -> None:
    library = load_library(SEEDS)
    model = ComparisonModel()
    model.set_library(library, layout(library, ViewChoices()))
    index = model.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(2000):
        assert item_data(index, Qt.ItemDataRole.UserRole + 99) is None
    # A few references may come and go elsewhere; thousands lost would be the bug.
    assert abs(sys.getrefcount(None) - before) < 100


def test_qt_calls_that_return_nothing_keep_none_alive() -> None:
    # PySide6 6.12.0 on Python 3.11 lost a None reference here on every call and
    # aborted the interpreter after a few thousand (see pyproject.toml).
    from PySide6.QtCore import QObject

    holder = QObject()
    before = sys.getrefcount(None)
    for _ in range(2000):
        holder.setObjectName("x")
    assert abs(sys.getrefcount(None) - before) < 100
