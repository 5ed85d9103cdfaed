"""Edit → Claim facets…: the typed values a claim carries for sorting and
comparing (species, n, cell origin, safety data, publication status, ...).

A facet with a fixed set of values is a list to choose from; any other is typed.
The field's usual facets are offered even when unset; others the claim has are
shown too. Nothing here writes: ``changes()`` is handed to ``record_edits.set_facets``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ...domain.catalogue import FACET_CHOICES, FIELD_FACETS
from ...domain.models import Claim, FacetValue
from ...domain.record_edits import facet_value

NONE = "(not set)"


class FacetsDialog(QDialog):
    def __init__(self, parent: QWidget | None, field_key: str, field_label: str, claim: Claim) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Facets: {field_label}")
        self._before = dict(claim.facets)
        self.editors: dict[str, QComboBox | QLineEdit] = {}
        form = QFormLayout(self)
        intro = QLabel(f"Typed values of “{claim.value}”, for sorting and comparing. Leave one empty to remove it.")
        intro.setWordWrap(True)
        form.addRow(intro)
        names = list(dict.fromkeys([*FIELD_FACETS.get(field_key, ()), *claim.facets]))
        for name in names:
            current = claim.facets.get(name)
            editor: QComboBox | QLineEdit
            if name in FACET_CHOICES:
                editor = QComboBox()
                editor.addItem(NONE, "")
                for choice in FACET_CHOICES[name]:
                    editor.addItem(choice.replace("_", " "), choice)
                editor.setCurrentIndex(max(0, editor.findData(current if current is not None else "")))
            else:
                editor = QLineEdit("" if current is None else str(current))
            editor.setAccessibleName(f"Facet {name}")
            self.editors[name] = editor
            form.addRow(f"{name}:", editor)
        self.new_name, self.new_value = QLineEdit(), QLineEdit()
        self.new_name.setPlaceholderText("another facet's name")
        self.new_value.setPlaceholderText("its value")
        form.addRow(self.new_name, self.new_value)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(460, self.sizeHint().height())

    def changes(self) -> dict[str, FacetValue | None]:
        """The facets that differ from the claim's: a value, or None to remove one."""
        out: dict[str, FacetValue | None] = {}
        for name, editor in self.editors.items():
            text = str(editor.currentData() or "") if isinstance(editor, QComboBox) else editor.text()
            value = facet_value(text) if text.strip() else None
            if value != self._before.get(name):
                out[name] = value
        if self.new_name.text().strip() and self.new_value.text().strip():
            out[self.new_name.text().strip()] = facet_value(self.new_value.text())
        return out
