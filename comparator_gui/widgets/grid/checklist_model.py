"""A small ordered, checkable list (which studies / fields to show, and in
which order), with proper begin/end notifications for moves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from ...qt.text import tooltip_html

Index = QModelIndex | QPersistentModelIndex


@dataclass
class CheckItem:
    key: str
    label: str
    checked: bool = True
    tooltip: str = ""


class ChecklistModel(QAbstractListModel):
    #: Emitted after a check or order change, with (ordered keys, hidden keys).
    choices_changed = Signal(list, set)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[CheckItem] = []

    def set_items(self, items: list[CheckItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[CheckItem]:
        return list(self._items)

    def keys(self) -> list[str]:
        return [item.key for item in self._items]

    def hidden(self) -> set[str]:
        return {item.key for item in self._items if not item.checked}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return item.label
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if item.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_html([item.tooltip]) if item.tooltip else None
        if role == Qt.ItemDataRole.UserRole:
            return item.key
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(value)
        self._items[index.row()].checked = state == Qt.CheckState.Checked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.choices_changed.emit(self.keys(), self.hidden())
        return True

    def move(self, row: int, delta: int) -> int:
        """Moves row by ``delta`` (±1); returns the new row, or ``row`` if it could not move."""
        target = row + delta
        if not (0 <= row < len(self._items) and 0 <= target < len(self._items)) or delta == 0:
            return row
        # beginMoveRows wants the destination *before* which the row lands.
        destination = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._items.insert(target, self._items.pop(row))
        self.endMoveRows()
        self.choices_changed.emit(self.keys(), self.hidden())
        return target
