"""The study details form: title, short title, institution, condition, evidence level."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from ...domain.models import EvidenceLevel, Study


class StudyDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, study: Study | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Study details" if study else "New study")
        self.title = QLineEdit(study.title if study else "")
        self.short_title = QLineEdit(study.short_title if study else "")
        self.institution = QLineEdit(study.institution if study else "")
        self.condition = QLineEdit(study.condition if study else "")
        self.level = QComboBox()
        for level in sorted(EvidenceLevel, key=lambda lv: lv.rank):
            self.level.addItem(level.label, level)
        if study:
            self.level.setCurrentIndex(self.level.findData(study.evidence_level))
        else:
            self.level.setCurrentIndex(self.level.findData(EvidenceLevel.UNKNOWN))
        for widget, name in (
            (self.title, "Study title"),
            (self.short_title, "Short title for column headers"),
            (self.institution, "Institution"),
            (self.condition, "Condition"),
            (self.level, "Evidence level"),
        ):
            widget.setAccessibleName(name)
        form = QFormLayout(self)
        form.addRow("&Title:", self.title)
        form.addRow("&Short title:", self.short_title)
        form.addRow("&Institution:", self.institution)
        form.addRow("&Condition:", self.condition)
        form.addRow("&Evidence level:", self.level)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.title.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        self.ok_button.setEnabled(bool(self.title.text().strip()))
        form.addRow(buttons)
        self.resize(520, self.sizeHint().height())

    def values(self) -> dict[str, object]:
        return {
            "title": self.title.text(),
            "short_title": self.short_title.text() or self.title.text(),
            "institution": self.institution.text(),
            "condition": self.condition.text(),
            "evidence_level": self.level.currentData(),
        }
