"""One page of a slide as widgets: a title row, then one card per study."""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLayout, QVBoxLayout, QWidget

from ...domain.cell import DISPUTED_SHORT, NOT_REPORTED_VALUE, NOTE_LABEL
from ...domain.comparison import FieldStatus
from ...domain.models import ClaimKind
from ...domain.slides import OverviewSlide, Slide, StudyCard, StudyCell
from .labels import NoteLabel, SlideLabel, label_overflow
from .sizing import SlideSizes

__all__ = [
    "DISPUTED_TEXT",
    "FIELD_NOTE",
    "NOTE_MARKER_TEXT",
    "NOT_REPORTED_TEXT",
    "CardState",
    "NoteKey",
    "SlideView",
    "cell_notes",
    "slide_notes",
]

NOT_REPORTED_TEXT = NOT_REPORTED_VALUE
DISPUTED_TEXT = DISPUTED_SHORT
#: What a note too long for the screen shows instead: that there is one.
NOTE_MARKER_TEXT = f"{NOTE_LABEL}: too long to show on this screen"
#: The claim index standing for a field's own note (not a claim's).
FIELD_NOTE = -1
#: A note on a page: (the study's column, the claim's index or FIELD_NOTE).
NoteKey = tuple[int, int]


class CardState:
    NORMAL = "normal"
    SPOT = "spot"
    DIM = "dim"


class SlideView(QWidget):
    """The widgets of one page: ``columns`` are indices into the slide's studies.

    Reviewer notes are shown in full, each under the claim (or, for the
    field's own note, the cell) it belongs to; a note in ``folded`` is shown
    only as a labelled marker (the fitter folds notes, longest first, only
    when the page would not otherwise fit).
    """

    def __init__(
        self,
        slide: Slide,
        columns: Sequence[int],
        sizes: SlideSizes,
        counter: str = "",
        parent: QWidget | None = None,
        weights: Sequence[int] | None = None,
        folded: AbstractSet[NoteKey] = frozenset(),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("slide")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.columns = tuple(columns)
        self.cards: list[QFrame] = []
        self._boxes: list[QVBoxLayout] = []

        self._outer = outer = QVBoxLayout(self)
        # The page never asks its window for a minimum size: it is fitted, not grown.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        side = sizes.side_px or sizes.margin_px
        outer.setContentsMargins(side, sizes.margin_px, side, sizes.margin_px)
        outer.setSpacing(sizes.gap_px)

        header = QHBoxLayout()
        header.setSpacing(sizes.gap_px)
        self.title = SlideLabel(slide.title, "title")
        header.addWidget(self.title, 1)
        self.counter = SlideLabel(counter, "counter")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.counter.setWordWrap(False)
        header.addWidget(self.counter, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(header)

        row = QHBoxLayout()
        row.setSpacing(sizes.card_gap_px or sizes.gap_px)
        if weights is None:
            weights = [1] * len(self.columns)
        for column, weight in zip(self.columns, weights, strict=True):
            card = QFrame()
            card.setObjectName("card")
            card.setProperty("state", CardState.NORMAL)
            # Highlighted as the grid highlights it (the stylesheet's [disputed="true"] rules).
            disputed = not isinstance(slide, OverviewSlide) and slide.cells[column].disputed
            card.setProperty("disputed", "true" if disputed else "false")
            box = QVBoxLayout(card)
            self._boxes.append(box)
            box.setContentsMargins(sizes.padding_px, sizes.padding_px, sizes.padding_px, sizes.padding_px)
            box.setSpacing(sizes.line_gap_px)
            if isinstance(slide, OverviewSlide):
                _fill_overview_card(box, slide.cards[column])
            else:
                _fill_field_card(box, slide.cells[column], column, sizes, folded)
            box.addStretch(1)
            row.addWidget(card, weight)
            self.cards.append(card)
        outer.addLayout(row)
        outer.addStretch(1)

    def labels(self) -> list[QLabel]:
        return self.findChildren(QLabel)

    def set_spotlight(self, column: int | None) -> None:
        """Dim every card but the one showing study ``column`` (None: no spotlight)."""
        for index, card in zip(self.columns, self.cards, strict=True):
            if column is None:
                state = CardState.NORMAL
            else:
                state = CardState.SPOT if index == column else CardState.DIM
            if card.property("state") != state:
                card.setProperty("state", state)
                for widget in (card, *card.findChildren(QLabel)):
                    widget.style().unpolish(widget)
                    widget.style().polish(widget)

    def activate_layouts(self) -> None:
        """Lay out every nested widget now, even while hidden (Qt defers that until shown)."""
        self._outer.activate()
        for box in self._boxes:
            box.activate()

    def fits(self, width: int, height: int) -> bool:
        """Whether every label's text fits its box when the page is ``width`` x ``height``."""
        if self.heightForWidth(width) > height:
            return False
        self.resize(width, height)
        self.activate_layouts()
        return all(label_overflow(label) == (0, 0) for label in self.labels())


def _fill_overview_card(box: QVBoxLayout, card: StudyCard) -> None:
    box.addWidget(SlideLabel(card.title, "heading"))
    box.addWidget(SlideLabel(card.institution, "value"))
    box.addWidget(SlideLabel(card.level or card.evidence_level, "value"))
    box.addWidget(SlideLabel(card.subjects_text, "value"))


def cell_notes(cell: StudyCell) -> list[tuple[int, str]]:
    """The cell's reviewer notes as (claim index, text); -1 is the field's own note."""
    notes = [(index, claim.note_text) for index, claim in enumerate(cell.claims) if claim.note_text]
    if cell.note_text:
        notes.append((FIELD_NOTE, cell.note_text))
    return notes


def slide_notes(slide: Slide, columns: Sequence[int]) -> list[tuple[NoteKey, str]]:
    """Every reviewer note on the page of ``slide`` showing ``columns``."""
    if isinstance(slide, OverviewSlide):
        return []
    return [((column, index), text) for column in columns for index, text in cell_notes(slide.cells[column])]


def _add_note(box: QVBoxLayout, text: str, folded: bool) -> None:
    box.addWidget(NoteLabel(NOTE_MARKER_TEXT if folded else text))


def _fill_field_card(
    box: QVBoxLayout, cell: StudyCell, column: int, sizes: SlideSizes, folded: AbstractSet[NoteKey]
) -> None:
    # Which studies are about animals and which about people, on every card
    # (in the study's own line: a line of its own split slides at 1024x768).
    box.addWidget(SlideLabel(f"{cell.study} · {cell.level}" if cell.level else cell.study, "study"))
    # A field not reported may still hold quotes: the words saying it is not
    # given (which then say "Not reported" themselves) or a quoted note.
    said = any(claim.kind is ClaimKind.NOT_REPORTED for claim in cell.claims)
    if (cell.status is FieldStatus.NOT_REPORTED or not cell.claims) and not said:
        box.addWidget(SlideLabel(NOT_REPORTED_TEXT, "missing"))
    if cell.status is FieldStatus.DISPUTED:
        box.addWidget(SlideLabel(DISPUTED_TEXT, "status"))
    for index, claim in enumerate(cell.claims):
        if index:
            box.addSpacing(sizes.gap_px)
        box.addWidget(SlideLabel(claim.value, "value" if claim.kind is None else "missing"))
        box.addWidget(SlideLabel(claim.quoted, "quote"))
        box.addWidget(SlideLabel(claim.citation, "source"))
        if claim.note_text:
            _add_note(box, claim.note_text, (column, index) in folded)
    if cell.note_text:
        _add_note(box, cell.note_text, (column, FIELD_NOTE) in folded)
