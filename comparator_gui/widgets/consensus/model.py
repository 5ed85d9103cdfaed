"""The list of differences: one row each, with its decision once made."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from ...domain.compare import Difference, Outcome
from ...domain.consensus import Choice
from ...session.consensus import Consolidation

_OUTCOME = {Outcome.DIFFER: "differ", Outcome.ONLY_A: "only in A", Outcome.ONLY_B: "only in B", Outcome.AGREE: "agree"}
CHOICE_TEXT = {Choice.A: "adopt A", Choice.B: "adopt B", Choice.BOTH: "keep both", Choice.EDIT: "edited"}


def _study_title(consolidation: Consolidation, study_id: str) -> str:
    comparison = consolidation.comparison
    study = comparison.studies_a.get(study_id) or comparison.studies_b.get(study_id)
    return study.short_title if study is not None else study_id


def item_what(consolidation: Consolidation, item: Difference) -> str:
    """What differs: a field's label, "Study's evidence level", or "The whole study"."""
    if not item.field_key:
        return "The whole study"
    if item.is_attribute:
        return f"Study's {item.attribute.replace('_', ' ')}"
    comparison = consolidation.comparison
    for library in (comparison.a, comparison.b):
        label = next((d.label for d in library.catalogue if d.key == item.field_key), None)
        if label:
            return label
    return item.field_key


def item_title(consolidation: Consolidation, item: Difference) -> str:
    """"Keio: iPS neural cells · Subjects": the study's short title and what differs."""
    return f"{_study_title(consolidation, item.study_id)} · {item_what(consolidation, item)}"


class DifferencesModel(QAbstractListModel):
    def __init__(self, consolidation: Consolidation) -> None:
        super().__init__()
        self.consolidation = consolidation

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.consolidation.items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.consolidation.items):
            return None
        item = self.consolidation.items[index.row()]
        decision = self.consolidation.decisions.get(item.item_id)
        how = _OUTCOME[item.outcome] + (f" ({', '.join(item.kinds)})" if item.kinds else "")
        if role == Qt.ItemDataRole.DisplayRole:
            mark = "✓" if decision else "○"
            done = f" → {CHOICE_TEXT[decision.choice]}" if decision else ""
            study = _study_title(self.consolidation, item.study_id)
            return f"{mark} {item_what(self.consolidation, item)}\n    {study}\n    {how}{done}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.item_id}: {how}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{item_title(self.consolidation, item)}, {how}, {'decided' if decision else 'not decided'}"
        return None

    def item_changed(self, item_id: str) -> None:
        for row, item in enumerate(self.consolidation.items):
            if item.item_id == item_id:
                index = self.index(row)
                self.dataChanged.emit(index, index)
