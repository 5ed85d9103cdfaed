"""The Suggestions dock: for the selected cell's field, the suggested sentences
of the selected study's sources. Enter accepts (the mark flow on that span),
Delete dismisses. Nothing is filled without the reviewer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...domain.intake.suggest import Suggestion

Row = tuple[str, Suggestion, bool]  # source id, suggestion, conflicts with a claim


class SuggestionList(QListWidget):
    def __init__(self, accept: Callable[[Row], None], dismiss: Callable[[Row], None]) -> None:
        super().__init__()
        self.setObjectName("suggestionList")
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self._accept, self._dismiss = accept, dismiss
        self.rows: list[Row] = []
        self.itemActivated.connect(lambda _item: self._accept_current())

    def show_rows(self, rows: list[Row], text_of: Callable[[str], str]) -> None:
        self.clear()
        self.rows = rows
        for source_id, s, conflict in rows:
            source_text = text_of(source_id)
            numbers = ", ".join(f"{source_text[m.start:m.end]} ({m.kind})" for m in s.numbers)
            lines = [("⚠ conflicts with a claim: offered as a new claim\n" if conflict else "") + f"“{s.text}”",
                     f"why: {s.why}", f"{source_id} · {s.start}–{s.end} · score {s.score:.2f}"]
            if numbers:
                lines.insert(1, f"numbers: {numbers}")
            item = QListWidgetItem("\n".join(lines))
            item.setToolTip(s.why)
            self.addItem(item)
        if rows:
            self.setCurrentRow(0)

    def _accept_current(self) -> None:
        row = self.currentRow()
        if 0 <= row < len(self.rows):
            self._accept(self.rows[row])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._accept_current()
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            row = self.currentRow()
            if 0 <= row < len(self.rows):
                self._dismiss(self.rows[row])
            return
        super().keyPressEvent(event)


class SuggestionsDock(QDockWidget):
    def __init__(self, accept: Callable[[Row], None], dismiss: Callable[[Row], None]) -> None:
        super().__init__("Suggestions")
        self.setObjectName("suggestionsDock")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.heading = QLabel("Select a cell to see suggested evidence for its field.")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.list = SuggestionList(accept, dismiss)
        layout.addWidget(self.list)
        hint = QLabel("Enter: quote it (you confirm in the mark flow) · Delete: dismiss")
        hint.setEnabled(False)
        layout.addWidget(hint)
        self.setWidget(body)
