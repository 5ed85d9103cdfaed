"""The comparison grid's model: one column per study, one row per field
(or transposed). Everything is computed lazily in ``data()``; the layout comes
from ``domain.view.layout`` and arrives through ``set_layout``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from ..domain.anchoring import AnchorStatus
from ..domain.comparison import FieldStatus, evidence_count, field_status
from ..domain.library import Library
from ..domain.models import NOT_REPORTED, FieldDef, Study
from ..domain.view import Layout
from .roles import Role
from .text import tooltip_html

Index = QModelIndex | QPersistentModelIndex


def study_year(library: Library, study: Study) -> int | None:
    sources = library.sources
    years = [sources[s].year for s in study.sources if s in sources and sources[s].year]
    return min(y for y in years if y is not None) if years else None


def study_header(library: Library, study: Study) -> str:
    year = study_year(library, study)
    # The year of the earliest report, not of the study: say so.
    meta = " · ".join(x for x in (study.institution, f"reported {year}" if year else "") if x)
    return f"{study.short_title}\n{meta}\n[{study.evidence_level.label}]"


NOTE_PREFIX = "Reviewer's note: "


def cell_text(study: Study, key: str) -> str:
    """The value(s), then each reviewer's note on a line of its own, labelled."""
    entry = study.field(key)
    if not entry.claims:
        lines = [f"{NOT_REPORTED[0].upper()}{NOT_REPORTED[1:]}"]
    elif len(entry.claims) == 1:
        lines = [entry.claims[0].value]
    else:
        lines = [f"{n}. {claim.value}" for n, claim in enumerate(entry.claims, start=1)]
    for n, claim in enumerate(entry.claims, start=1):
        if claim.note:
            which = f"(claim {n}) " if len(entry.claims) > 1 else ""
            lines.append(f"{NOTE_PREFIX}{which}{claim.note}")
    if entry.note:
        lines.append(f"{NOTE_PREFIX}{entry.note}")
    return "\n".join(lines)


def unverified_counts(library: Library, study_id: str) -> Counter[str]:
    """Field → the study's quotes not found verbatim in their source (fuzzy or orphaned)."""
    return Counter(
        ref.field_key
        for ref in library.evidence_for(study_id)
        if ref.anchor.status in (AnchorStatus.FUZZY, AnchorStatus.ORPHAN)
    )


class ComparisonModel(QAbstractTableModel):
    #: (study id, field key, new text): the reviewer edited a value in place.
    #: The model does not change the record itself; the editing controller
    #: turns this into an undoable command.
    value_edited = Signal(str, str, str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.editable = False
        self._library: Library | None = None
        self._studies: dict[str, Study] = {}
        self._fields: dict[str, FieldDef] = {}
        self._layout = Layout([], [])
        self._transposed = False
        #: Per study, counted when its cells are first shown: counting all
        #: 180,000 quotes of 10,000 studies held up showing the library.
        self._unverified: dict[str, Counter[str]] = {}
        #: Header text per study id, built on first use: a keystroke with
        #: thousands of columns must not re-derive every study's year.
        self._headers: dict[str, str] = {}

    # ------------------------------------------------------------------ state

    @property
    def library(self) -> Library | None:
        return self._library

    @property
    def layout_(self) -> Layout:
        return self._layout

    @property
    def transposed(self) -> bool:
        return self._transposed

    def set_library(self, library: Library | None, layout: Layout) -> None:
        self.beginResetModel()
        self._library = library
        self._studies = {s.id: s for s in library.studies} if library else {}
        self._fields = {d.key: d for d in library.catalogue} if library else {}
        self._unverified = {}
        self._headers = {}
        self._layout = layout
        self.endResetModel()

    def _unverified_in(self, study_id: str) -> Counter[str]:
        counts = self._unverified.get(study_id)
        if counts is None:
            counts = Counter()
            if self._library is not None:
                counts = self._unverified[study_id] = unverified_counts(self._library, study_id)
        return counts

    def set_layout(self, layout: Layout, transposed: bool | None = None) -> None:
        if layout == self._layout and (transposed is None or transposed == self._transposed):
            return
        self.beginResetModel()
        self._layout = layout
        if transposed is not None:
            self._transposed = transposed
        self.endResetModel()

    def refresh(self, layout: Layout, transposed: bool | None = None) -> None:
        """Records changed (an edit, undo, redo): take the library's current
        studies and the new layout together, so no view ever asks for a study
        that is gone."""
        if layout == self._layout and (transposed is None or transposed == self._transposed):
            # Same cells, new contents: repaint without a reset, which would
            # drop the selection, the scroll position and an open editor.
            if self._library is not None:
                self._studies = {s.id: s for s in self._library.studies}
                self._fields = {d.key: d for d in self._library.catalogue}
                self._unverified = {}
                self._headers = {}
            if self.rowCount() and self.columnCount():
                self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
                self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, self.rowCount() - 1)
            return
        self.beginResetModel()
        if self._library is not None:
            self._studies = {s.id: s for s in self._library.studies}
            self._fields = {d.key: d for d in self._library.catalogue}
            self._unverified = {}
            self._headers = {}
        self._layout = layout
        if transposed is not None:
            self._transposed = transposed
        self.endResetModel()

    # ------------------------------------------------------------------ addressing

    def cell_of(self, index: Index) -> tuple[str, str]:
        """(study id, field key) of a cell."""
        study_axis, field_axis = (index.row(), index.column()) if self._transposed else (index.column(), index.row())
        return self._layout.study_ids[study_axis], self._layout.field_keys[field_axis]

    def index_of(self, study_id: str, field_key: str) -> QModelIndex:
        try:
            s = self._layout.study_ids.index(study_id)
            f = self._layout.field_keys.index(field_key)
        except ValueError:
            return QModelIndex()
        return self.index(s, f) if self._transposed else self.index(f, s)

    def field_def(self, key: str) -> FieldDef:
        return self._fields[key]

    # ------------------------------------------------------------------ Qt API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._layout.study_ids if self._transposed else self._layout.field_keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._layout.field_keys if self._transposed else self._layout.study_ids)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable:
            study_id, key = self.cell_of(index)
            # One claim: edit it in place. None (mark a quote first) or several
            # (disputed: edit each through the Edit menu) are not edited here.
            if len(self._studies[study_id].field(key).claims) == 1:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.editable:
            return False
        study_id, key = self.cell_of(index)
        text = str(value).strip()
        claims = self._studies[study_id].field(key).claims
        if len(claims) != 1 or not text:
            return False
        if text != claims[0].value:
            self.value_edited.emit(study_id, key, text)
        return True  # unchanged text is a successful no-op, not a refusal

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._library is None:
            return None
        study_id, key = self.cell_of(index)
        study = self._studies[study_id]
        entry = study.field(key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = cell_text(study, key)
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{study.short_title}, {self._fields[key].label}: {text}"
            return text
        if role == Qt.ItemDataRole.EditRole:
            return entry.claims[0].value if len(entry.claims) == 1 else None
        if role == Role.STUDY_ID:
            return study_id
        if role == Role.FIELD_KEY:
            return key
        if role == Role.STATUS:
            return field_status(entry)
        if role == Role.EVIDENCE_COUNT:
            return evidence_count(entry)
        if role == Role.SEARCH_MATCH:
            return (study_id, key) in self._layout.matches
        if role == Role.UNVERIFIED:
            return self._unverified_in(study_id)[key]
        if role == Role.CLAIMS:
            return [claim.value for claim in entry.claims]
        if role == Qt.ItemDataRole.FontRole and not entry.claims:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(study, key)
        return None

    def _tooltip(self, study: Study, key: str) -> str:
        entry = study.field(key)
        sources = self._library.sources if self._library else {}
        status = field_status(entry)
        lines: list[str] = []
        if status is FieldStatus.NOT_REPORTED:
            lines.append("None of this study's sources reports this field.")
        unverified = self._unverified_in(study.id)[key]
        if unverified:
            lines.append(
                f"⚠ {unverified} quote(s) not found verbatim in the source: see the problems panel "
                "(Library → Review re-anchored quotes)."
            )
        for n, claim in enumerate(entry.claims, start=1):
            cited = "; ".join(
                dict.fromkeys(sources[e.source].label if e.source in sources else e.source for e in claim.evidence)
            )
            prefix = f"Claim {n}: " if status is FieldStatus.DISPUTED else ""
            lines.append(f"{prefix}{claim.value} — {cited}")
            if claim.note:
                lines.append(f"Reviewer's note: {claim.note}")
        if entry.note:
            lines.append(f"Reviewer's note: {entry.note}")
        title = f"{self._fields[key].label}: disputed" if status is FieldStatus.DISPUTED else self._fields[key].label
        return tooltip_html(lines, title)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._library is None:
            return None
        study_axis = Qt.Orientation.Vertical if self._transposed else Qt.Orientation.Horizontal
        if orientation == study_axis:
            if not 0 <= section < len(self._layout.study_ids):
                return None
            study = self._studies[self._layout.study_ids[section]]
            if role == Qt.ItemDataRole.DisplayRole:
                header = self._headers.get(study.id)
                if header is None:
                    header = self._headers[study.id] = study_header(self._library, study)
                return header
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip_html([study.title, study.institution, study.condition], study.short_title)
            if role == Role.STUDY_ID:
                return study.id
            return None
        if not 0 <= section < len(self._layout.field_keys):
            return None
        definition = self._fields[self._layout.field_keys[section]]
        if role == Qt.ItemDataRole.DisplayRole:
            return definition.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_html([definition.description], definition.label)
        if role == Role.FIELD_KEY:
            return definition.key
        return None
