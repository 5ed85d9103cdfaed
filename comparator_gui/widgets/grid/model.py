"""The comparison grid's model: one column per study, one row per field
(or transposed). Everything is computed lazily in ``data()``; the layout comes
from ``domain.view.layout`` and arrives through ``set_layout``. A cell's words
(value, status line, tooltip) come from ``domain.cell``, as the slides' and the
exports' do."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from ...domain.cell import CellPresentation, present_cell
from ...domain.levels import level_line, study_level_text
from ...domain.library import Library
from ...domain.models import FieldDef, Study
from ...domain.view import Layout
from ...qt.roles import Role
from ...qt.text import tooltip_html

Index = QModelIndex | QPersistentModelIndex


def study_year(library: Library, study: Study) -> int | None:
    sources = library.sources
    years = [sources[s].year for s in study.sources if s in sources and sources[s].year]
    return min(y for y in years if y is not None) if years else None


def study_header(library: Library, study: Study) -> str:
    year = study_year(library, study)
    # The year of the earliest report, not of the study: say so.
    meta = " · ".join(x for x in (study.institution, f"reported {year}" if year else "") if x)
    return f"{study.short_title}\n{meta}\n[{study_level_text(study)}]"


#: Presentations kept at most: a screenful is a few hundred cells, and scrolling
#: through 10,000 studies must not keep one for every cell seen.
PRESENTATIONS_KEPT = 4096

#: The roles ``data()`` answers from a cell's presentation.
_PRESENTED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ToolTipRole,
        Role.STATUS,
        Role.STATUS_LINE,
        Role.EVIDENCE_COUNT,
        Role.UNVERIFIED,
        Role.CLAIMS,
    }
)


class ComparisonModel(QAbstractTableModel):
    #: (study id, field key, new text): the reviewer edited a value in place.
    #: The model does not change the record itself; the editing controller
    #: turns this into an undoable command.
    value_edited = Signal(str, str, str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        #: (study id, field key, claim index) of the last quote marked (``AppSession.last_quote``).
        self.last_quote: tuple[str, str, int] | None = None
        self.editable = False
        self._library: Library | None = None
        self._studies: dict[str, Study] = {}
        self._fields: dict[str, FieldDef] = {}
        self._layout = Layout([], [])
        self._transposed = False
        #: (study id, field key) → (the study as presented, its presentation),
        #: built when the cell is first asked for: ``data()`` is called many
        #: times per painted cell, and cells never painted are never presented.
        #: Valid for one ``Library.revision`` (``_presented_at``); the study
        #: object is compared too, in case a study is replaced without a bump.
        self._presented: dict[tuple[str, str], tuple[Study, CellPresentation]] = {}
        self._presented_at = -1
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
        self._presented = {}
        self._headers = {}
        self._layout = layout
        self.endResetModel()

    def presentation(self, study: Study, key: str) -> CellPresentation:
        """How the cell reads (see ``domain.cell``), built on first use."""
        library = self._library
        assert library is not None
        if library.revision != self._presented_at:
            self._presented = {}
            self._presented_at = library.revision
        cached = self._presented.get((study.id, key))
        if cached is not None and cached[0] is study:
            return cached[1]
        shown = present_cell(library, study, key)
        if len(self._presented) >= PRESENTATIONS_KEPT:
            del self._presented[next(iter(self._presented))]  # the oldest
        self._presented[(study.id, key)] = (study, shown)
        return shown

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
                self._presented = {}
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
            self._presented = {}
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
        if role == Role.STUDY_ID:
            return study_id
        if role == Role.FIELD_KEY:
            return key
        if role == Role.SEARCH_MATCH:
            return (study_id, key) in self._layout.matches
        study = self._studies[study_id]
        if role == Qt.ItemDataRole.EditRole:
            claims = study.field(key).claims
            return claims[0].value if len(claims) == 1 else None
        if role not in _PRESENTED_ROLES:
            return None
        shown = self.presentation(study, key)
        if role == Qt.ItemDataRole.DisplayRole:
            return shown.value_text
        if role == Role.STATUS_LINE:
            last = self.last_quote
            if last is not None and last[:2] == (study_id, key) and len(shown.claims) > 1:
                # Which claim the reviewer's last quote went to, until the next mark.
                return f"{shown.status_line} · new quote → claim {last[2] + 1}"
            return shown.status_line
        if role == Role.STATUS:
            return shown.status
        if role == Qt.ItemDataRole.FontRole:
            if shown.reported:
                return None
            font = QFont()
            font.setItalic(True)
            return font
        if role == Role.EVIDENCE_COUNT:
            return shown.quote_count
        if role == Role.UNVERIFIED:
            return shown.unverified
        if role == Role.CLAIMS:
            return [claim.value for claim in shown.claims]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{study.short_title}, {self._fields[key].label}: {shown.value_text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_html(shown.detail_lines(), shown.heading(self._fields[key].label))
        return None

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
                # The level in full, with GRADE's starting certainty (Help → Evidence levels explains).
                return tooltip_html([study.title, study.institution, study.condition, level_line(study)], study.short_title)
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
