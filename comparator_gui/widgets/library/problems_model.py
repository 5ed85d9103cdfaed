"""The problems panel's model: one row per load problem."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...domain.problems import Problem, Severity
from ...qt.text import tooltip_html

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Severity", "File", "JSON path", "Problem")


class ProblemsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._problems: list[Problem] = []

    def set_problems(self, problems: list[Problem]) -> None:
        self.beginResetModel()
        self._problems = list(problems)
        self.endResetModel()

    def problems(self) -> list[Problem]:
        return list(self._problems)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._problems):
            return None
        problem = self._problems[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_html([problem.file, problem.json_path, problem.reason])
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return "Error" if problem.severity is Severity.ERROR else "Warning"
            return (problem.file, problem.json_path, problem.reason)[column - 1]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None
