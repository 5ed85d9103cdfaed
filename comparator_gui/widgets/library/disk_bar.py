"""The bar that says a file changed on disk, and what can be done about it.

It sits above the Problems list (the panel opens without taking the focus,
so typing goes on undisturbed): one file at a time, with its choices.

- A study file that changed, with no unsaved edits here: *Reload*, *Compare…*.
- A study file that changed while it has unsaved edits here (also after a
  refused Save): *Reload theirs* (yours set aside in the recovery folder;
  Ctrl+Z brings it back), *Keep mine as a copy* (``studies/<id>.mine.json``),
  *Keep theirs*, *Compare…*.
- library.json, a source text, a new study file: *Reload library* (every
  unsaved edit kept), *Compare…*.
- The library is open in another window or process: said once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.disk import DiskChange
from ...domain.disk_sync import Comparison
from ...domain.library_lock import Holder
from ...domain.problems import Problem, Severity
from ...session import AppSession


@dataclass(frozen=True)
class _Item:
    change: DiskChange | None = None
    elsewhere: str = ""


class DiskBar(QFrame):
    #: The reviewer chose something: the watcher should look again.
    acted = Signal()

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("diskBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Changes on disk")
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setObjectName("diskBarText")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.label, 1)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, tip in (
            ("reload", "Reload", "Show the file as it is on disk now"),
            ("theirs_aside", "Reload theirs", "Show their version; yours is kept in the recovery folder, and Undo brings it back"),
            ("copy", "Keep mine as a copy", "Write your version beside theirs as studies/<id>.mine.json, then show theirs"),
            ("theirs", "Keep theirs", "Drop your edit to this study (Undo brings it back)"),
            ("reload_library", "Reload library", "Read the library again; your unsaved edits are kept"),
            ("compare", "Compare…", "Show what differs between the file on disk and what the app holds"),
            ("dismiss", "Dismiss", "Hide this until the file changes again"),
        ):
            button = QPushButton(text)
            button.setObjectName(f"disk_{key}")
            button.setToolTip(tip)
            button.setAccessibleName(text)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click never takes the focus from the grid
            button.clicked.connect(lambda _=False, k=key: self._act(k))
            row.addWidget(button)
            self.buttons[key] = button
        self._items: list[_Item] = []
        self._dismissed: set[tuple[Path, str | None]] = set()
        self._refused: set[Path] = set()
        self._elsewhere = ""
        self.compare_dialogs: list[CompareDialog] = []
        self.hide()

    # ------------------------------------------------------------------ what to show

    def set_changes(self, changes: list[DiskChange]) -> None:
        current = {change.path for change in changes}
        self._refused &= current
        shown = [change for change in changes if (change.path, change.disk_sha256) not in self._dismissed]
        # a refused save's files first: they are what the reviewer just asked about
        self._items = [_Item(change) for change in shown if change.path in self._refused]
        self._items += [_Item(elsewhere=self._elsewhere)] if self._elsewhere else []
        self._items += [_Item(change) for change in shown if change.path not in self._refused]
        self._show_first()

    def refused(self, changes: list[DiskChange]) -> None:
        """Save was refused because of these files: say so, whatever was dismissed."""
        self._refused |= {change.path for change in changes}
        self._dismissed -= {(change.path, change.disk_sha256) for change in changes}

    def open_elsewhere(self, holders: list[Holder]) -> None:
        self._elsewhere = (
            "This library is also open in " + "; ".join(holder.sentence for holder in holders)
            + ". Changes saved there are noticed here, and Save here never overwrites them."
        ) if holders else ""

    def problems(self) -> list[Problem]:
        """One warning per changed file, for the Problems panel."""
        out = []
        for item in self._items:
            change = item.change
            if change is not None:
                reason = f"{change.sentence}; Save never overwrites it: reload it or compare (the bar above)"
                if change.path in self._refused:
                    reason = "not saved: " + reason
                out.append(Problem(change.rel, "$", reason, Severity.WARNING))
        return out

    def current(self) -> _Item | None:
        return self._items[0] if self._items else None

    def _edited(self, change: DiskChange) -> bool:
        editor = self.session.editor
        return change.study_id is not None and editor is not None and change.study_id in editor.changed_studies()

    def _show_first(self) -> None:
        item = self.current()
        if item is None:
            self.hide()
            return
        shown: set[str] = {"dismiss"}
        change = item.change
        if change is None:
            text = item.elsewhere
        else:
            text = ("Not saved: " if change.path in self._refused else "") + change.sentence + "."
            if change.what == "study" and self._edited(change):
                text += " You have unsaved edits to it; Save will not overwrite their version."
                shown |= {"theirs_aside", "copy", "theirs", "compare"}
            elif change.what == "study":
                shown |= {"reload", "compare"}
            else:
                text += " Reload the library to see it (your unsaved edits are kept)."
                shown |= {"reload_library", "compare"}
        if len(self._items) > 1:
            text += f"   ({len(self._items) - 1} more)"
        self.label.setText(text)
        for key, button in self.buttons.items():
            button.setVisible(key in shown)
        self.show()

    # ------------------------------------------------------------------ choices

    def _act(self, key: str) -> None:
        item = self.current()
        if item is None:
            return
        change = item.change
        disk = self.session.disk
        if key == "dismiss":
            if change is None:
                self._elsewhere = ""
            else:
                self._dismissed.add((change.path, change.disk_sha256))
            self._items.pop(0)
            self._show_first()
            return
        if change is None:
            return
        if key == "compare":
            self.compare(change.path)
            return
        if key == "reload_library":
            disk.reload()
        elif change.study_id is not None:
            keep = {"reload": "drop", "theirs_aside": "aside", "copy": "copy", "theirs": "drop"}[key]
            disk.take_theirs(change.study_id, keep)  # type: ignore[arg-type]
        self.acted.emit()

    def compare(self, path: Path) -> CompareDialog | None:
        comparison = self.session.disk.compare(path)
        if comparison is None:
            return None
        dialog = CompareDialog(comparison, self.window())
        self.compare_dialogs = [d for d in self.compare_dialogs if d.isVisible()] + [dialog]
        dialog.show()  # not modal: the reviewer can go on working beside it
        return dialog


class CompareDialog(QDialog):
    """What differs between a file on disk and what the app holds (non-modal)."""

    def __init__(self, comparison: Comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.setWindowTitle(f"Compare {comparison.rel}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        summary = QLabel(comparison.summary)
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.diff = QPlainTextEdit()
        self.diff.setReadOnly(True)
        self.diff.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font: QFont = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.diff.setFont(font)
        self.diff.setPlainText(comparison.diff or ("(no difference in content)" if not comparison.differs else "(not a text record: see above)"))
        self.diff.setAccessibleName("Differences: lines starting with - are the app's, + the disk's")
        layout.addWidget(self.diff, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(760, 520)
