"""One source text in the source pane: read-only, its quotes highlighted (the
selected field's strongly, the others tinted by field), a web page's
boilerplate dimmed, and the sentences the Suggestions panel lists for the
selected field underlined with dots. Hover names what a passage is; clicking
a highlighted passage asks the pane to select that field's cell."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QContextMenuEvent, QMouseEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from ...domain.library import EvidenceRef
from ...domain.provenance import describe
from ...qt.field_colours import STRONG, STRONG_TEXT, field_tint
from ...qt.positions import QtPositions

#: Boilerplate: grey text on a lighter grey (5.3:1), so it reads as "not the article".
BOILERPLATE_TEXT = QColor("#696969")
BOILERPLATE_BACKGROUND = QColor("#EFEFEF")
#: The dotted underline of a suggested sentence.
SUGGESTED = QColor("#6D28D9")


@dataclass(frozen=True)
class Span:
    """A quote's place in one source, in Qt (UTF-16) positions."""

    start: int
    end: int
    field_key: str
    ref: EvidenceRef


#: Called with (view, menu, spans under the mouse) before a context menu shows,
#: so the sources feature can add the entries other features contribute.
MenuHook = Callable[["SourceView", QMenu, list["Span"]], None]


class SourceView(QPlainTextEdit):
    """One source text, read-only, with highlight spans."""

    span_clicked = Signal(str)  # field key

    def __init__(self, source_id: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source_id = source_id
        self.text = text
        self.positions = QtPositions(text)
        #: (study id, the library's revision, this source's spans for that study)
        self.spans_for: tuple[str, int, list[Span]] | None = None
        self.spans: list[Span] = []
        self.labels: dict[str, str] = {}
        #: The text's boilerplate and the suggested sentences, in Qt positions.
        self.boilerplate: list[tuple[int, int]] = []
        self.suggested: list[tuple[int, int]] = []
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setPlainText(self.positions.display)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self._press: QPoint | None = None
        self.menu_hook: MenuHook | None = None
        self._cursors: dict[tuple[int, int], QTextCursor] = {}
        self._formats: dict[str, QTextCharFormat] = {}
        self._dim = QTextCharFormat()
        self._dim.setForeground(BOILERPLATE_TEXT)
        self._dim.setBackground(BOILERPLATE_BACKGROUND)
        self._dotted = QTextCharFormat()
        self._dotted.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        self._dotted.setUnderlineColor(SUGGESTED)
        self._selected: str | None = None
        self._rescope = QTimer(self)
        self._rescope.setSingleShot(True)
        self._rescope.setInterval(30)
        self._rescope.timeout.connect(self._apply_selections)
        self.verticalScrollBar().valueChanged.connect(lambda _: self._rescope.start())

    def selection_code_points(self) -> tuple[int, int] | None:
        """The selected text as a code-point span of ``self.text``, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.positions.to_code_point(cursor.selectionStart(), end=False)
        end = self.positions.to_code_point(cursor.selectionEnd(), end=True)
        return (start, end) if end > start else None

    def select_code_points(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.positions.to_qt(start))
        cursor.setPosition(self.positions.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        if self.menu_hook is not None:
            self.menu_hook(self, menu, self.spans_at(self._position(event.pos())))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _cursor(self, start: int, end: int) -> QTextCursor:
        """A cursor over ``start:end``, made once per view: positioning cursors
        in a 1 MB document is the slow part of highlighting (20 µs each)."""
        cursor = self._cursors.get((start, end))
        if cursor is None:
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            self._cursors[(start, end)] = cursor
        return cursor

    def _qt_spans(self, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        to_qt, size = self.positions.to_qt, len(self.text)
        return [(to_qt(a), to_qt(b)) for a, b in spans if 0 <= a < b <= size]

    def set_boilerplate(self, spans: Iterable[tuple[int, int]]) -> None:
        """Dim these code-point spans (the source's boilerplate)."""
        qt_spans = self._qt_spans(spans)
        if qt_spans != self.boilerplate:
            self.boilerplate = qt_spans
            self._apply_selections()

    def set_suggested(self, spans: Iterable[tuple[int, int]]) -> None:
        """Underline these code-point spans with dots (suggested sentences)."""
        qt_spans = self._qt_spans(spans)
        if qt_spans != self.suggested:
            self.suggested = qt_spans
            self._apply_selections()

    def set_spans(self, spans: list[Span], labels: dict[str, str], selected: str | None, order: dict[str, int]) -> None:
        self.spans = spans
        self.labels = labels
        self._selected = selected
        formats: dict[str, QTextCharFormat] = {}
        for key in {span.field_key for span in spans}:
            fmt = QTextCharFormat()
            fmt.setForeground(STRONG_TEXT)  # the tints are light: dark text in any theme
            if key == selected:
                fmt.setBackground(STRONG)
                fmt.setFontUnderline(True)
            else:
                fmt.setBackground(field_tint(order.get(key, 0)))
            formats[key] = fmt
        self._formats = formats
        self._apply_selections()

    def _visible_range(self) -> tuple[int, int]:
        """Qt positions from one screen above the view to one screen below it."""
        top = self.cursorForPosition(QPoint(0, 0)).position()
        bottom = self.cursorForPosition(QPoint(self.viewport().width(), self.viewport().height())).position()
        page = max(2000, bottom - top)
        return top - page, bottom + page

    def _apply_selections(self) -> None:
        # Qt lays out the text under every extra selection on each change: with
        # 1,000 quotes through a 1 MB source that took 12 ms. Only quotes within
        # a screen of the view are set, refreshed (30 ms after) as it scrolls.
        low, high = self._visible_range()
        selected = self._selected
        near = [s for s in self.spans if s.end >= low and s.start <= high]
        tints = [s for s in near if s.field_key != selected]
        strong = [s for s in near if s.field_key == selected]
        layers: list[tuple[QTextCharFormat, int, int]] = [
            (self._dim, a, b) for a, b in self.boilerplate if b >= low and a <= high
        ]  # first: a quote in boilerplate shows as a quote
        layers += [(self._formats[s.field_key], s.start, s.end) for s in tints + strong]  # strong on top
        layers += [(self._dotted, a, b) for a, b in self.suggested if b >= low and a <= high]
        selections = []
        for fmt, start, end in layers:
            selection = QTextEdit.ExtraSelection()
            selection.format = fmt  # type: ignore[attr-defined]
            selection.cursor = self._cursor(start, end)  # type: ignore[attr-defined]
            selections.append(selection)
        self.setExtraSelections(selections)

    def texts_of(self, spans: list[tuple[int, int]]) -> list[str]:
        """The text under Qt-position spans (``boilerplate``, ``suggested``), for tests and checks."""
        return [self._cursor(a, b).selectedText() for a, b in spans]

    def shown_layers(self) -> dict[str, list[str]]:
        """What is dimmed and dotted right now (near the visible part of the text)."""
        out: dict[str, list[str]] = {"dimmed": [], "dotted": []}
        for selection in self.extraSelections():
            fmt = selection.format  # type: ignore[attr-defined]
            if fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine:
                out["dotted"].append(selection.cursor.selectedText())  # type: ignore[attr-defined]
            elif fmt.background().color() == BOILERPLATE_BACKGROUND:
                out["dimmed"].append(selection.cursor.selectedText())  # type: ignore[attr-defined]
        return out

    def strong_texts(self) -> list[str]:
        """The text Qt highlights strongly for the selected field (for tests and
        checks): every such quote, including those set only once scrolled to."""
        return [self._cursor(s.start, s.end).selectedText() for s in self.spans if s.field_key == self._selected]

    def shown_strong_texts(self) -> list[str]:
        """Strong highlights set right now (near the visible part of the text)."""
        out = []
        for selection in self.extraSelections():
            if selection.format.background().color() == STRONG:  # type: ignore[attr-defined]
                out.append(selection.cursor.selectedText())  # type: ignore[attr-defined]
        return out

    def scroll_to(self, position: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        self.setTextCursor(cursor)
        self.centerCursor()

    def spans_at(self, position: int) -> list[Span]:
        return [span for span in self.spans if span.start <= position < span.end]

    def _position(self, point: QPoint) -> int:
        return self.cursorForPosition(point).position()

    def hover_lines(self, position: int) -> list[str]:
        """The tooltip's lines (HTML) for the text at ``position``: whose evidence it is, who quoted it."""
        spans = self.spans_at(position)
        lines = []
        if spans:
            names = list(dict.fromkeys(self.labels.get(s.field_key, s.field_key) for s in spans))
            lines.append("Evidence for: " + ", ".join(f"<b>{html.escape(n)}</b>" for n in names))
            added = dict.fromkeys(describe(s.ref.evidence) for s in spans)  # who quoted it (issue 17)
            lines += [f"Quote {html.escape(text)}" for text in added if text]
        if any(a <= position < b for a, b in self.suggested):
            lines.append("Suggested for the selected field (see the Suggestions panel)")
        if any(a <= position < b for a, b in self.boilerplate):
            lines.append("Boilerplate of the web page (navigation, ads, boxes): quoting it asks first")
        return lines

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        lines = self.hover_lines(self._position(event.position().toPoint()))
        if lines:
            QToolTip.showText(event.globalPosition().toPoint(), "<qt>" + "<br>".join(lines) + "</qt>", self.viewport())
        else:
            QToolTip.hideText()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        point = event.position().toPoint()
        pressed, self._press = self._press, None
        # A click, not a drag that selects text for a new quote.
        if pressed is None or (point - pressed).manhattanLength() > 4 or self.textCursor().hasSelection():
            return
        spans = self.spans_at(self._position(point))
        if spans:
            self.span_clicked.emit(spans[0].field_key)
