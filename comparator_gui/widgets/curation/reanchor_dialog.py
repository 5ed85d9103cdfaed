"""Library → Review re-anchored quotes: accept, re-select or drop each quote
whose source text changed. An orphaned quote has no new place: its Accept
button is disabled, and the domain refuses it too."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from ...domain.anchoring import AnchorStatus
from ...domain.library import Library
from ...domain.reanchor import ReanchorItem, accept, accept_all_moved, drop, reanchor_items, settle_hashes
from ...qt.dialogs import lay_out_table_dialog
from ...session import AppSession

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Study", "Field", "Status", "Stored quote", "Found now")


class ReanchorModel(QAbstractTableModel):
    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self.library = library
        self.items: list[ReanchorItem] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.items = reanchor_items(self.library)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        item = self.items[index.row()]
        ref = item.ref
        if index.column() == 0:
            return ref.study_id
        if index.column() == 1:
            return ref.field_key
        if index.column() == 2:
            if item.status is AnchorStatus.FUZZY:
                return f"fuzzy ({ref.anchor.score:.0%})"
            return item.status.value
        if index.column() == 3:
            return ref.evidence.exact
        return item.found_text(self.library) or "—"

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None


class ReanchorDialog(QDialog):
    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        assert session.library is not None
        self.setWindowTitle("Review re-anchored quotes")
        self.model = ReanchorModel(session.library, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("Quotes whose source changed")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.accept_button = QPushButton("&Accept new place")
        self.reselect_button = QPushButton("&Re-select…")
        self.drop_button = QPushButton("&Drop quote")
        self.moved_button = QPushButton("Accept all &moved")
        close = QPushButton("Close")
        self.accept_button.clicked.connect(lambda: self._apply("Accept re-anchored quote", accept))
        self.drop_button.clicked.connect(lambda: self._apply("Drop quote", drop))
        self.reselect_button.clicked.connect(self._reselect)
        self.moved_button.clicked.connect(self._accept_moved)
        close.clicked.connect(self.accept)
        lay_out_table_dialog(self, self.summary, self.table, (self.accept_button, self.reselect_button, self.drop_button, self.moved_button), close)
        self.resize(960, 480)
        self._refresh()

    def _refresh(self) -> None:
        self.model.reload()
        counts: dict[str, int] = {}
        for item in self.model.items:
            counts[item.status.value] = counts.get(item.status.value, 0) + 1
        self.summary.setText(
            ", ".join(f"{n} {status}" for status, n in counts.items()) or "Every quote is where it was stored."
        )
        if self.model.items:
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.selected()
        self.accept_button.setEnabled(item is not None and item.ref.anchor.found)
        self.accept_button.setToolTip(
            "An orphaned quote was not found in the source: drop it, or re-select the words."
            if item is not None and not item.ref.anchor.found
            else ""
        )
        for button in (self.reselect_button, self.drop_button):
            button.setEnabled(item is not None)
        self.moved_button.setEnabled(any(i.status is AnchorStatus.MOVED for i in self.model.items))

    def selected(self) -> ReanchorItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.items[rows[0].row()] if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _apply(self, text: str, action: Any) -> None:
        item = self.selected()
        if item is None:
            return
        ids = [item.ref.study_id]
        self.session.run_edit(text, ids, lambda e: (action(e, item), settle_hashes(e)), meta=True)
        self._refresh()

    def _accept_moved(self) -> None:
        ids = sorted({i.ref.study_id for i in self.model.items})
        self.session.run_edit("Accept moved quotes", ids, lambda e: (accept_all_moved(e), settle_hashes(e)), meta=True)
        self._refresh()

    def _reselect(self) -> None:
        """Drop the quote and take the reviewer to its cell to select new words."""
        item = self.selected()
        if item is None:
            return
        ref = item.ref
        self._apply("Drop quote to re-select", drop)
        self.session.reveal_study(ref.study_id)
        self.session.select(ref.study_id, ref.field_key)
        self.session.show_status("Select the supporting words in the source, then press Ctrl+M.")
        self.accept()
