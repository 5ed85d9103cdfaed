"""The grid's controls: the find bar with its filters, and the "Show" panel
that chooses and orders the studies and fields."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ...domain.library import Library
from ...domain.models import EvidenceLevel
from ...domain.view import ViewChoices
from .checklist_model import CheckItem
from .checklist_panel import ChecklistPanel


class FindBar(QToolBar):
    """Find: a search box and three filters. The View menu's actions of the
    same names toggle the same boxes."""

    def __init__(self) -> None:
        super().__init__("Find and filter")
        self.setObjectName("filterBar")
        self.setMovable(False)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search values and quotes…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search values and quotes")
        self.search.setMinimumWidth(260)
        self.disputed_box = QCheckBox("Disputed only")
        self.disputed_box.setAccessibleName("Show only disputed fields")
        self.differences_box = QCheckBox("Differences only")
        self.differences_box.setAccessibleName("Show only fields whose values differ between studies")
        self.transpose_box = QCheckBox("Studies as rows")
        self.transpose_box.setAccessibleName("Transpose: one row per study")
        self.addWidget(QLabel(" Find: "))
        self.addWidget(self.search)
        self.addSeparator()
        self.addWidget(self.disputed_box)
        self.addWidget(self.differences_box)
        self.addWidget(self.transpose_box)
        self.addSeparator()


class ShowPanel(QDockWidget):
    """Which studies and fields to show, and in what order; studies by evidence level."""

    #: The lowest evidence level's rank to show (0: every level).
    level_floor_changed = Signal(int)

    def __init__(self) -> None:
        super().__init__("Show")
        self.setObjectName("showDock")
        self.studies_panel = ChecklistPanel("Studies")
        self.fields_panel = ChecklistPanel("Fields")
        self.level_floor = QComboBox()
        self.level_floor.setAccessibleName("Show only studies with at least this evidence level")
        self.level_floor.addItem("Any level", 0)
        for level in sorted(EvidenceLevel, key=lambda lv: lv.rank, reverse=True):
            if level is not EvidenceLevel.UNKNOWN:
                self.level_floor.addItem(level.short, level.rank)
        self.level_floor.currentIndexChanged.connect(lambda _: self.level_floor_changed.emit(self.level_floor_rank))
        self.strongest_first = QPushButton("Strongest evidence first")
        self.strongest_first.setToolTip("Order the studies by evidence level, strongest first (Ctrl+Shift+L)")
        level_label = QLabel("Evidence level at &least:")
        level_label.setBuddy(self.level_floor)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.addWidget(self.studies_panel, 1)
        column.addWidget(level_label)
        column.addWidget(self.level_floor)
        column.addWidget(self.strongest_first)
        column.addWidget(self.fields_panel, 2)
        holder.setMaximumWidth(230)
        self.setWidget(holder)

    @property
    def level_floor_rank(self) -> int:
        return int(self.level_floor.currentData() or 0)

    def clear(self) -> None:
        self.studies_panel.model.set_items([])
        self.fields_panel.model.set_items([])

    def fill(self, library: Library, choices: ViewChoices) -> None:
        self.fill_studies(library, choices)
        fields = {d.key: d for d in library.catalogue}
        self.fields_panel.model.set_items(
            [
                CheckItem(key, fields[key].label, key not in choices.hidden_fields, fields[key].description)
                for key in choices.field_order
                if key in fields
            ]
        )

    def fill_studies(self, library: Library, choices: ViewChoices) -> None:
        studies = {s.id: s for s in library.studies}
        self.studies_panel.model.set_items(
            [
                CheckItem(sid, studies[sid].short_title, sid not in choices.hidden_studies, studies[sid].title)
                for sid in choices.study_order
                if sid in studies
            ]
        )

    def studies_differ(self, library: Library) -> bool:
        """True when the Studies list no longer names the library's studies as they are."""
        model = self.studies_panel.model
        studies = {s.id: s for s in library.studies}
        if set(studies) != set(model.keys()):
            return True
        return any(item.label != studies[sid].short_title for sid, item in zip(model.keys(), model.items(), strict=True))
