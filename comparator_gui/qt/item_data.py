"""Reading a model index's data from Python without PySide6 6.12's None bug.

``QModelIndex.data()`` in PySide6 6.12 returns ``None`` for an invalid QVariant
without taking a reference to it; on Python 3.11, where None is not immortal,
enough such calls deallocate None and abort the interpreter
("none_dealloc"). Calling the Python model's own ``data()`` avoids the C++
round trip. All models here are Python models. Measured in
tests/qt/test_item_data.py, which fails when the workaround stops working.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


def item_data(index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    model = index.model()
    if model is None or not index.isValid():
        return None
    return model.data(index, role)
