"""The study details form: title, short title, institution, condition, evidence level, trial phase."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from ...domain.models import EvidenceLevel, Study, TrialPhase


class StudyDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, study: Study | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Study details" if study else "New study")
        self.title = QLineEdit(study.title if study else "")
        self.short_title = QLineEdit(study.short_title if study else "")
        self.institution = QLineEdit(study.institution if study else "")
        self.condition = QLineEdit(study.condition if study else "")
        self.level = QComboBox()
        # Strongest first, as the legend (Help → Evidence levels) lists them.
        for level in sorted(EvidenceLevel, key=lambda lv: lv.rank, reverse=True):
            self.level.addItem(f"{level.label} (CEBM {level.cebm})" if level.cebm else level.label, level)
        self.phase = QComboBox()
        self.phase.addItem("None stated", "")
        for phase in TrialPhase:
            self.phase.addItem(phase.label, phase)
        self.phase.setCurrentIndex(max(0, self.phase.findData(study.trial_phase if study and study.trial_phase else "")))
        if study:
            self.level.setCurrentIndex(self.level.findData(study.evidence_level))
        else:
            self.level.setCurrentIndex(self.level.findData(EvidenceLevel.UNKNOWN))
        for widget, name in (
            (self.title, "Study title"),
            (self.short_title, "Short title for column headers"),
            (self.institution, "Institution"),
            (self.condition, "Condition"),
            (self.level, "Evidence level (study design)"),
            (self.phase, "Trial phase"),
        ):
            widget.setAccessibleName(name)
        form = QFormLayout(self)
        form.addRow("&Title:", self.title)
        form.addRow("&Short title:", self.short_title)
        form.addRow("&Institution:", self.institution)
        form.addRow("&Condition:", self.condition)
        form.addRow("&Evidence level (design):", self.level)
        form.addRow("Trial &phase:", self.phase)
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
            "trial_phase": self.phase.currentData(),
        }
