"""Help → Evidence levels: the scale the grid's headers use, strongest first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.levels import LEGEND_NOTE, legend
from ...domain.library import Library

HEADINGS = ("Evidence level (study design)", "Oxford CEBM", "GRADE starts", "Who", "Studies here")


class LevelLegend(QDialog):
    """The evidence levels, strongest first, with how many of the library's studies have each."""

    def __init__(self, parent: QWidget | None, library: Library | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Evidence levels")
        counts: dict[str, int] = {}
        for study in library.studies if library is not None else []:
            counts[study.evidence_level.value] = counts.get(study.evidence_level.value, 0) + 1
        rows = legend()
        self.table = QTableWidget(len(rows), len(HEADINGS))
        self.table.setHorizontalHeaderLabels(list(HEADINGS))
        self.table.setAccessibleName("Evidence levels, strongest first")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, level in enumerate(rows):
            cells = (level.label, level.cebm or "—", level.grade_start or "—", level.population or "—",
                     str(counts.get(level.level.value, 0)))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(HEADINGS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        note = QLabel(LEGEND_NOTE)
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(720, 460)


def show_level_legend(parent: QWidget | None, library: Library | None) -> LevelLegend:
    """Shows the legend, not modal: it can stay open beside the grid."""
    dialog = LevelLegend(parent, library)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
