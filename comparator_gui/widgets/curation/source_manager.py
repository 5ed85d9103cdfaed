"""Library → Sources…: every source of the library with the studies it is
attached to, how many quotes it backs and its metadata (sources attached to
no study included), and the commands to detach, rename or remove one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ...domain import record_edits as edits
from ...domain.record_edits import Citation
from ...qt.dialogs import lay_out_table_dialog
from ...qt.text import message_html
from ...session import AppSession

COLUMNS = ("Source", "Id", "Studies", "Quotes", "Published", "Outlet / author", "URL")


def describe_quotes(quoted: list[Citation], limit: int = 12) -> str:
    """The quotes a removal takes with it, as the reviewer is asked to confirm them."""
    lines = [f"• {c.study_id} · {c.field_key}: “{c.exact if len(c.exact) <= 80 else c.exact[:79] + '…'}”" for c in quoted[:limit]]
    if len(quoted) > limit:
        lines.append(f"… and {len(quoted) - limit} more")
    return "\n".join(lines)


class SourceManager(QDialog):
    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Sources")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("Sources of the library")
        self.detach_button = QPushButton("&Detach from a study…")
        self.rename_button = QPushButton("Re&name id…")
        self.remove_button = QPushButton("&Remove from library…")
        close = QPushButton("Close")
        self.detach_button.clicked.connect(self.detach)
        self.rename_button.clicked.connect(self.rename)
        self.remove_button.clicked.connect(self.remove)
        close.clicked.connect(self.accept)
        lay_out_table_dialog(self, self.summary, self.table, (self.detach_button, self.rename_button, self.remove_button), close)
        self.resize(1000, 420)
        self.refresh()

    def refresh(self) -> None:
        library, editor = self.session.library, self.session.editor
        if library is None or editor is None:
            return
        titles = {s.id: s.short_title for s in library.studies}
        sources = library.meta.sources
        self.table.setRowCount(len(sources))
        unattached = 0
        for row, source in enumerate(sources):
            studies = edits.studies_citing(editor, source.id)
            unattached += not studies
            quotes = len(edits.citations(editor, source.id))
            cells = (
                source.label,
                source.id,
                "; ".join(titles.get(s, s) for s in studies) or "— attached to no study",
                str(quotes),
                source.published or "",
                source.outlet or source.author or "",
                source.url or "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 320))
        self.summary.setText(
            f"{len(sources)} sources, {unattached} attached to no study. "
            "Removing a source unlists it and removes its quotes; its text file stays in the library folder."
        )
        if sources and not self.table.selectionModel().selectedRows():
            self.table.selectRow(0)

    def selected_source(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 1) if rows else None
        return item.text() if item is not None else None

    def select_source(self, source_id: str) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 1)
            if item is not None and item.text() == source_id:
                self.table.selectRow(row)

    def detach(self) -> None:
        source_id, editor, library = self.selected_source(), self.session.editor, self.session.library
        if source_id is None or editor is None or library is None:
            return
        studies = edits.studies_citing(editor, source_id)
        if not studies:
            QMessageBox.information(self, "Detach source", "This source is attached to no study.")
            return
        titles = {s.id: s.short_title for s in library.studies}
        items = [f"{titles.get(s, s)} ({len(edits.citations(editor, source_id, s))} quotes)" for s in studies]
        choice, ok = QInputDialog.getItem(self, "Detach source", "Detach it from which study? Its quotes there go with it.", items, 0, False)
        if ok:
            study_id = studies[items.index(choice)]
            self.session.run_edit("Detach source", [study_id], lambda e: edits.detach_source(e, study_id, source_id))
            self.refresh()

    def rename(self) -> None:
        source_id, editor = self.selected_source(), self.session.editor
        if source_id is None or editor is None:
            return
        new_id, ok = QInputDialog.getText(self, "Rename source id", "New id (every study that cites it follows):", text=source_id)
        if ok and new_id.strip() and new_id.strip() != source_id:
            changed = edits.studies_citing(editor, source_id)
            new = new_id.strip()
            if self.session.run_edit("Rename source", changed, lambda e: edits.rename_source(e, source_id, new), meta=True):
                self.refresh()
                self.select_source(new)

    def remove(self) -> None:
        source_id, editor = self.selected_source(), self.session.editor
        if source_id is None or editor is None:
            return
        quoted = edits.citations(editor, source_id)
        text = f"Remove source “{source_id}” from the library?\n\n"
        text += (
            f"These {len(quoted)} quote(s) are removed with it:\n{describe_quotes(quoted)}"
            if quoted
            else "No quote cites it."
        )
        text += "\n\nIts text file stays in the library folder. You can undo this (Ctrl+Z)."
        answer = QMessageBox.question(self, "Remove source", message_html(text))
        if answer == QMessageBox.StandardButton.Yes:
            changed = edits.studies_citing(editor, source_id)
            self.session.run_edit("Remove source", changed, lambda e: edits.remove_source(e, source_id), meta=True)
            self.refresh()
