"""The consolidation view: each difference with both copies' versions side by
side, their quotes shown in their source, and the four decisions on keys.

Keys: Up/Down move through the differences; A adopts A, B adopts B, K keeps
both as disputed claims, E edits; Ctrl+Z / Ctrl+Shift+Z undo and redo a
decision; Ctrl+Return writes the consolidated library. Each decision is saved
at once (``Consolidation``), so closing the view loses nothing.
"""

from __future__ import annotations

from enum import Enum
from html import escape
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain.compare import Difference
from ...domain.consensus import Choice, ConsensusError, choices_for
from ...domain.consensus_sides import Side, side
from ...domain.models import Study
from ...session.consensus import Consolidation
from .model import DifferencesModel, item_title

#: Quotes only this copy has, and quotes both copies have.
OWN_QUOTE, SHARED_QUOTE = "#ffd166", "#dde3ea"

_BUTTONS = (
    (Choice.A, "Adopt A", "A"),
    (Choice.B, "Adopt B", "B"),
    (Choice.BOTH, "Keep both (disputed)", "K"),
    (Choice.EDIT, "Edit…", "E"),
)


def side_html(found: Side) -> str:
    """One copy's version as HTML; everything from a record or a source is escaped."""
    e = escape
    parts = [f"<p>{'<br>'.join(e(line) for line in found.lines if line)}</p>"] if found.lines else []
    for n, claim in enumerate(found.claims, 1):
        head = f"Claim {n} of {len(found.claims)}: " if len(found.claims) > 1 else ""
        parts.append(f"<p><b>{e(head)}{e(claim.value)}</b>")
        if claim.provenance:
            parts.append(f"<br><small>{e(claim.provenance)}</small>")
        if claim.facets:
            parts.append(f"<br><small>facets: {e(claim.facets)}</small>")
        if claim.note:
            parts.append(f"<br><i>Reviewer's note: {e(claim.note)}</i>")
        parts.append("</p>")
        for quote in claim.quotes:
            colour = SHARED_QUOTE if quote.shared else OWN_QUOTE
            who = f" · {quote.provenance}" if quote.provenance else ""
            tag = "" if quote.shared else " · only in this copy"
            parts.append(
                f"<p style='margin-left:12px'><small>{e(quote.source_label)}{e(tag)}{e(who)}</small><br>"
                f"{e(quote.before)}<span style='background:{colour}'>{e(quote.exact)}</span>{e(quote.after)}</p>"
            )
    if found.field_note:
        parts.append(f"<p><i>Field note: {e(found.field_note)}</i></p>")
    return "\n".join(parts)


_KEYS: dict[int, Choice] = {
    Qt.Key.Key_A.value: Choice.A, Qt.Key.Key_B.value: Choice.B, Qt.Key.Key_K.value: Choice.BOTH, Qt.Key.Key_E.value: Choice.EDIT,
}


class ConsensusDialog(QDialog):
    def __init__(self, consolidation: Consolidation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.consolidation = consolidation
        comparison = consolidation.comparison
        self.setWindowTitle("Consolidate two copies — Study Comparator")
        self.setObjectName("consensusDialog")
        self.resize(1240, 760)
        self.model = DifferencesModel(consolidation)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Differences")
        self.list.setUniformItemSizes(True)
        self.list.setSpacing(3)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._show_current())
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.decision_label = QLabel()
        self.decision_label.setTextFormat(Qt.TextFormat.PlainText)
        self.side_a, self.side_b = QTextBrowser(), QTextBrowser()
        sides = QGridLayout()
        for column, (name, library, browser) in enumerate(
            (("A", comparison.a, self.side_a), ("B", comparison.b, self.side_b))
        ):
            label = QLabel(f"Copy {name}: {library.root}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setToolTip(str(library.root))
            browser.setAccessibleName(f"Copy {name}")
            browser.setOpenLinks(False)
            sides.addWidget(label, 0, column)
            sides.addWidget(browser, 1, column)
        legend = QLabel(
            f"<span style='background:{OWN_QUOTE}'>&nbsp;quoted only in this copy&nbsp;</span> &nbsp; "
            f"<span style='background:{SHARED_QUOTE}'>&nbsp;quoted in both copies&nbsp;</span>"
        )
        legend.setTextFormat(Qt.TextFormat.RichText)  # fixed words, nothing from a record
        sides.addWidget(legend, 2, 0, 1, 2)
        self.buttons: dict[Choice, QPushButton] = {}
        row = QHBoxLayout()
        for choice, text, key in _BUTTONS:
            button = QPushButton(f"{text}   [{key}]")
            button.clicked.connect(lambda _=False, c=choice: self.decide(c))
            self.buttons[choice] = button
            row.addWidget(button)
        row.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.decision_label)
        right_layout.addLayout(sides, 1)
        right_layout.addLayout(row)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([400, 840])
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)  # the label says it, readable over any part of the bar
        self.progress_label = QLabel()
        self.undo_button, self.redo_button = QPushButton("&Undo (Ctrl+Z)"), QPushButton("&Redo (Ctrl+Shift+Z)")
        self.write_button = QPushButton("&Write consolidated library… (Ctrl+Return)")
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        self.write_button.clicked.connect(self.write)
        self._key(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo), self.undo)
        self._key([*QKeySequence.keyBindings(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Shift+Z")], self.redo)
        self._key([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")], self.write)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        bottom = QHBoxLayout()
        for widget in (self.progress_label, self.progress, self.undo_button, self.redo_button, self.write_button):
            bottom.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.status)
        if consolidation.stale:
            self.status.setText(f"{consolidation.stale} saved decision(s) no longer apply (a copy changed since): decide them again.")
        # The list would take a letter for a search, so the decision keys are
        # read before it (and before the two sides) sees them.
        for watched in (self.list, self.side_a, self.side_b):
            watched.installEventFilter(self)
        first = consolidation.next_undecided(-1)
        self.select_row(first if first is not None else 0)
        self._refresh()
        self.list.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            choice = _KEYS.get(int(event.key())) if not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier else None
            if choice is not None:
                self.decide(choice)
                return True
        return super().eventFilter(watched, event)

    def _key(self, keys: list[QKeySequence], run: object) -> None:
        action = QAction(self)
        # One action for all of a command's keys (a platform's Redo may already be Ctrl+Shift+Z).
        action.setShortcuts(list({key.toString(): key for key in keys}.values()))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(run)  # type: ignore[arg-type]
        self.addAction(action)

    # ------------------------------------------------------------------ showing

    def current_item(self) -> Difference | None:
        row = self.list.currentIndex().row()
        items = self.consolidation.items
        return items[row] if 0 <= row < len(items) else None

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row)
            self.list.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.list.scrollTo(index)

    def _show_current(self) -> None:
        item = self.current_item()
        comparison = self.consolidation.comparison
        if item is None:
            self.title.clear()
            self.side_a.clear()
            self.side_b.clear()
            return
        self.title.setText(item_title(self.consolidation, item))
        self.side_a.setHtml(side_html(side(comparison.a, comparison.b, item)))
        self.side_b.setHtml(side_html(side(comparison.b, comparison.a, item)))
        for choice, button in self.buttons.items():
            button.setEnabled(choice in choices_for(item))
        self._show_decision(item)

    def _show_decision(self, item: Difference) -> None:
        decision = self.consolidation.decisions.get(item.item_id)
        how = ", ".join(item.kinds) or item.outcome.value.replace("_", " ")
        if decision is None:
            self.decision_label.setText(f"Differs: {how}. Not decided yet.")
        else:
            value = f": {decision.value}" if decision.value else ""
            who = f" by {decision.decided_by}" if decision.decided_by else ""
            self.decision_label.setText(f"Differs: {how}. Decided{who}: {decision.choice.value}{value}")

    def _refresh(self) -> None:
        decided, total = self.consolidation.progress
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(decided)
        self.progress_label.setText(f"{decided} of {total} differences decided")
        self.undo_button.setEnabled(self.consolidation.can_undo)
        self.redo_button.setEnabled(self.consolidation.can_redo)
        self.write_button.setEnabled(self.consolidation.complete)
        item = self.current_item()
        if item is not None:
            self._show_decision(item)

    # ------------------------------------------------------------------ deciding

    def _edited_value(self, item: Difference) -> str | None:
        comparison = self.consolidation.comparison
        if item.is_attribute:
            annotation = Study.model_fields[item.attribute].annotation
            current = str(getattr(comparison.a.study(item.study_id), item.attribute))
            if isinstance(annotation, type) and issubclass(annotation, Enum):
                values = [str(member.value) for member in annotation]
                start = values.index(current) if current in values else 0
                text, ok = QInputDialog.getItem(self, "Edit", item_title(self.consolidation, item), values, start, False)
            else:
                text, ok = QInputDialog.getText(self, "Edit", item_title(self.consolidation, item), text=current)
            return text if ok else None
        claims = (comparison.a.study(item.study_id).field(item.field_key).claims
                  or comparison.b.study(item.study_id).field(item.field_key).claims)
        text, ok = QInputDialog.getMultiLineText(
            self, "Edit the consolidated value",
            f"{item_title(self.consolidation, item)}\nThe value, supported by both copies' quotes:",
            claims[0].value if claims else "",
        )
        return text if ok else None

    def decide(self, choice: Choice) -> bool:
        item = self.current_item()
        if item is None or choice not in choices_for(item):
            return False
        value = None
        if choice is Choice.EDIT:
            value = self._edited_value(item)
            if value is None:
                return False
        try:
            self.consolidation.decide(item, choice, value)
        except (ConsensusError, OSError) as exc:
            self.status.setText(f"Not decided: {exc}")
            return False
        self.status.clear()
        self.model.item_changed(item.item_id)
        self._refresh()
        row = self.consolidation.next_undecided(self.list.currentIndex().row())
        if row is not None:
            self.select_row(row)
        return True

    def _after_history(self, item_id: str | None) -> None:
        if item_id is None:
            return
        self.model.item_changed(item_id)
        rows = [n for n, i in enumerate(self.consolidation.items) if i.item_id == item_id]
        if rows:
            self.select_row(rows[0])
        self._refresh()

    def undo(self) -> None:
        self._after_history(self.consolidation.undo())

    def redo(self) -> None:
        self._after_history(self.consolidation.redo())

    # ------------------------------------------------------------------ writing

    def write(self) -> Path | None:
        if not self.consolidation.complete:
            decided, total = self.consolidation.progress
            self.status.setText(f"{total - decided} difference(s) still to decide before writing.")
            return None
        start = str(self.consolidation.comparison.a.root.parent)
        folder = QFileDialog.getExistingDirectory(self, "Write the consolidated library to a new, empty folder", start)
        if not folder:
            return None
        try:
            written = self.consolidation.write(Path(folder))
        except (ConsensusError, OSError) as exc:
            self.status.setText(f"Not written: {exc}")
            return None
        self.status.setText(
            f"Consolidated library written to {written.folder} ({len(written.files)} file(s) differ from copy A). "
            "Both copies are as they were."
        )
        return written.folder
