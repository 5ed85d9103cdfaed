"""The "Which study is this?" dialog: the ranked candidates with their reasons,
and "a new study" (the default when no candidate passes). Never the grid's study."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.intake.study_match import StudyMatch
from ...domain.library import Library

NEW_STUDY = ""


class WhichStudyDialog(QDialog):
    def __init__(self, parent: QWidget | None, library: Library, match: StudyMatch, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Which study is this?")
        self.setObjectName("whichStudyDialog")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"“{title}” reports:"))
        self.choices = QListWidget()
        self.choices.setObjectName("studyCandidates")
        self.choices.setWordWrap(True)
        default = 0
        for candidate in match.candidates:
            study = library.study(candidate.study_id)
            verdict = "" if candidate.passes else " — below the threshold"
            text = f"{study.short_title}  (score {candidate.score:g}{verdict})\n    " + "\n    ".join(candidate.reasons)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, candidate.study_id)
            self.choices.addItem(item)
        new = QListWidgetItem("A new study" + ("  (no study matches)" if match.new_study else ""))
        new.setData(Qt.ItemDataRole.UserRole, NEW_STUDY)
        self.choices.addItem(new)
        best = match.best
        default = next(i for i, c in enumerate(match.candidates) if c is best) if best else len(match.candidates)
        self.choices.setCurrentRow(default)
        layout.addWidget(self.choices)
        self.title_edit = QLineEdit(title)
        self.title_edit.setObjectName("newStudyTitle")
        self.title_edit.setPlaceholderText("Title of the new study")
        layout.addWidget(QLabel("Title for a new study:"))
        layout.addWidget(self.title_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 420)

    def chosen(self) -> str:
        """A study id, or ``NEW_STUDY``."""
        item = self.choices.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else NEW_STUDY
