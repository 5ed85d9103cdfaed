"""The list of differences: one row each, with its decision once made."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from ...domain.compare import Difference, Outcome
from ...domain.consensus import Choice
from ...session.consensus import Consolidation

_OUTCOME = {Outcome.DIFFER: "differ", Outcome.ONLY_A: "only in A", Outcome.ONLY_B: "only in B", Outcome.AGREE: "agree"}
CHOICE_TEXT = {Choice.A: "adopt A", Choice.B: "adopt B", Choice.BOTH: "keep both", Choice.EDIT: "edited"}


def item_title(consolidation: Consolidation, item: Difference) -> str:
    """"Keio: iPS neural cells · Subjects": the study's short title and the field's label."""
    library = consolidation.comparison.a
    try:
        study = library.study(item.study_id).short_title
    except KeyError:
        study = consolidation.comparison.b.study(item.study_id).short_title
    if not item.field_key:
        return f"{study} (the whole study)"
    if item.is_attribute:
        return f"{study} · study {item.attribute.replace('_', ' ')}"
    labels = {d.key: d.label for d in [*consolidation.comparison.b.catalogue, *library.catalogue]}
    return f"{study} · {labels.get(item.field_key, item.field_key)}"


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
            return f"{mark} {item_title(self.consolidation, item)}\n    {how}{done}"
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
