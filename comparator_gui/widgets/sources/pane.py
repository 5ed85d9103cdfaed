"""The source pane: one tab per source of the selected study, the selected
field's quotes highlighted strongly and scrolled into view, the other fields'
quotes tinted by field with a legend. Hover names the field(s) of a passage;
clicking a highlighted passage asks the window to select that field's cell."""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFontMetrics,
    QMouseEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ...domain.intake.store import source_pdf
from ...domain.library import EvidenceRef, Library
from ...domain.models import Source
from ...qt.field_colours import STRONG, STRONG_TEXT, field_tint
from ...qt.positions import QtPositions
from .page_view import PageView


@dataclass(frozen=True)
class Span:
    """A quote's place in one source, in Qt (UTF-16) positions."""

    start: int
    end: int
    field_key: str
    ref: EvidenceRef


#: Source views kept for reuse when switching between studies.
MAX_CACHED_VIEWS = 8

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
        selections = []
        for span in tints + strong:  # strong last: it paints on top
            selection = QTextEdit.ExtraSelection()
            selection.format = self._formats[span.field_key]  # type: ignore[attr-defined]
            selection.cursor = self._cursor(span.start, span.end)  # type: ignore[attr-defined]
            selections.append(selection)
        self.setExtraSelections(selections)

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

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        spans = self.spans_at(self._position(event.position().toPoint()))
        if spans:
            names = list(dict.fromkeys(self.labels.get(s.field_key, s.field_key) for s in spans))
            QToolTip.showText(
                event.globalPosition().toPoint(),
                "<qt>Evidence for: " + ", ".join(f"<b>{html.escape(n)}</b>" for n in names) + "</qt>",
                self.viewport(),
            )
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


class SourcePane(QWidget):
    field_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Source texts")
        self.heading = QLabel("Select a cell to see its evidence.")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.heading.setObjectName("sourceHeading")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Sources of the selected study")
        self.tabs.setDocumentMode(True)
        # Every source by its full title and quote counts, however many there
        # are: with four sources the tabs alone hid some behind scroll arrows.
        self.picker = QComboBox()
        self.picker.setAccessibleName("Choose a source")
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.picker.setMinimumContentsLength(24)
        self.picker.activated.connect(self.tabs.setCurrentIndex)
        self.tabs.currentChanged.connect(self._follow_tab)
        self.picker.hide()
        self._choices: list[tuple[str, str]] = []
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)  # built from escaped labels only
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName("Highlight legend")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.picker)
        layout.addWidget(self.tabs, 1)
        # "Text | Pages": a PDF source's pages, its quotes drawn on them (page_view.py)
        self.pages_button = QPushButton("Pages")
        self.pages_button.setCheckable(True)
        self.pages_button.setToolTip("Show the PDF's pages with the quotes highlighted, or the text")
        self.pages_button.hide()
        self.page_view = PageView()
        self.page_view.hide()
        self.pages_button.toggled.connect(lambda _on: self._update_pages())
        self.tabs.currentChanged.connect(lambda _i: self._update_pages())
        layout.addWidget(self.pages_button)
        layout.addWidget(self.page_view, 1)
        layout.addWidget(self.legend)
        self._library: Library | None = None
        self._field_key = ""
        self._study_id: str | None = None
        self._views: dict[str, SourceView] = {}
        #: Sources of the shown study whose text could not be read, with why.
        self._unreadable: dict[str, str] = {}
        #: Recently shown source views by source id, oldest first.
        self._cache: OrderedDict[str, SourceView] = OrderedDict()
        self.menu_hook: MenuHook | None = None

    def views(self) -> dict[str, SourceView]:
        return dict(self._views)

    def _follow_tab(self, index: int) -> None:
        if 0 <= index < self.picker.count() and self.picker.currentIndex() != index:
            self.picker.blockSignals(True)
            self.picker.setCurrentIndex(index)
            self.picker.blockSignals(False)

    def current_view(self) -> SourceView | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, SourceView) else None

    def clear(self, keep_views: bool = False) -> None:
        """Forget the shown study. ``keep_views``: keep its source views for
        reuse (switching studies); otherwise (a new library) drop them all."""
        self._study_id = None
        self._views.clear()
        self._unreadable = {}
        while self.tabs.count():
            page = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if page is not None and not isinstance(page, SourceView):
                page.deleteLater()  # a notice; views are kept in ``_cache``
        if not keep_views:
            for view in self._cache.values():
                view.deleteLater()
            self._cache.clear()
        self.heading.setText("Select a cell to see its evidence.")
        self.legend.clear()
        self._fill_picker([])

    def _view_for(self, source_id: str, text: str, label: str) -> SourceView:
        """The view of a source, reused while its text is the same: laying out
        a long source again for every study switch cost hundreds of ms."""
        view = self._cache.pop(source_id, None)
        # Equal, not identical: a text read again from its file is a new string.
        if view is not None and view.text != text:
            view.deleteLater()
            view = None
        if view is None:
            view = SourceView(source_id, text)
            view.span_clicked.connect(self.field_activated)
        view.setAccessibleName(f"Source: {label}")
        view.menu_hook = self.menu_hook
        self._cache[source_id] = view
        while len(self._cache) > MAX_CACHED_VIEWS:
            oldest_id, oldest = next(iter(self._cache.items()))
            if oldest_id in self._views:
                break
            del self._cache[oldest_id]
            oldest.deleteLater()
        return view

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._choices:
            self._fill_picker(self._choices)  # shorten the titles for the new width

    def _fill_picker(self, choices: list[tuple[str, str]]) -> None:
        """One entry per tab: "title — counts". A long title is shortened in its
        middle so the counts stay in sight (the whole title is the tooltip)."""
        self._choices = choices
        current = self.picker.currentIndex()
        self.picker.blockSignals(True)
        self.picker.clear()
        metrics = QFontMetrics(self.picker.font())
        # The pane's width, not the picker's: a hidden widget reports 640.
        room = max(self.width() - 12, 240) - 48  # the drop-down arrow and margins
        for n, (text, tooltip) in enumerate(choices):
            title, dash, counts = text.rpartition(" — ")
            if dash and metrics.horizontalAdvance(text) > room:
                title = metrics.elidedText(title, Qt.TextElideMode.ElideMiddle, room - metrics.horizontalAdvance(dash + counts))
                text = f"{title}{dash}{counts}"
            self.picker.addItem(text)
            self.picker.setItemData(n, tooltip, Qt.ItemDataRole.ToolTipRole)
        if 0 <= current < len(choices):
            self.picker.setCurrentIndex(current)
        self.picker.blockSignals(False)
        self.picker.setVisible(len(choices) > 1)

    def show_cell(self, library: Library, study_id: str, field_key: str) -> None:
        """Show the study's sources with ``field_key``'s quotes highlighted. The
        tab stays where the reviewer was when it holds quotes for this field
        (after marking one, say); otherwise the first tab that does is shown."""
        self._library, self._field_key = library, field_key
        current = self.current_view()
        was_on = current.source_id if current is not None and study_id == self._study_id else None
        study = library.study(study_id)
        sources = library.sources
        texts: dict[str, str] = {}
        unreadable: dict[str, str] = {}
        for source_id in study.sources:
            if source_id not in library.texts:
                continue
            try:  # a text not kept in memory is read again (see domain.source_texts)
                texts[source_id] = library.texts[source_id]
            except OSError as exc:
                unreadable[source_id] = str(exc)
        if study_id != self._study_id or list(self._views) != list(texts) or unreadable != self._unreadable or any(
            view.text != texts[source_id] for source_id, view in self._views.items()
        ):
            self.clear(keep_views=True)
            self._study_id = study_id
            for source_id, text in texts.items():
                view = self._view_for(source_id, text, sources[source_id].label)
                self._views[source_id] = view
                self.tabs.addTab(view, sources[source_id].label)
            # After the views, so tab i is still view i below.
            self._unreadable = unreadable
            for source_id, reason in unreadable.items():
                notice = QLabel(f"This source cannot be shown: {reason}")
                notice.setTextFormat(Qt.TextFormat.PlainText)
                notice.setWordWrap(True)
                notice.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                notice.setMargin(12)
                self.tabs.addTab(notice, f"⚠ {_tab_label(sources[source_id])}")
        catalogue = library.catalogue
        order = {d.key: i for i, d in enumerate(catalogue)}
        labels = {d.key: d.label for d in catalogue}
        refs = [ref for ref in library.evidence_for(study_id) if ref.anchor.found]
        first_tab: int | None = None
        keep_tab: int | None = None
        choices: list[tuple[str, str]] = []  # (picker text, full title) per tab
        # The quotes' Qt positions only change with the quotes (every edit moves
        # the library's revision on): worked out once, not on every field
        # selected (1,000 quotes in one source took ~3 ms each time).
        revision = library.revision
        for tab, (source_id, view) in enumerate(self._views.items()):
            cached = view.spans_for
            if cached is not None and cached[0] == study_id and cached[1] == revision:
                spans = cached[2]
            else:
                spans = [
                    Span(view.positions.to_qt(ref.anchor.start), view.positions.to_qt(ref.anchor.end), ref.field_key, ref)
                    for ref in refs
                    if ref.evidence.source == source_id
                ]
                view.spans_for = (study_id, revision, spans)
            holds = [s for s in spans if s.field_key == field_key]
            if holds:  # scroll first: only quotes near the view get their highlight set now
                view.scroll_to(min(s.start for s in holds))
            view.set_spans(spans, labels, field_key, order)
            label = sources[source_id].label
            short = _tab_label(sources[source_id])
            self.tabs.setTabText(tab, f"● {short}" if holds else short)
            field_label = labels.get(field_key, field_key)
            choices.append(
                (f"{'● ' if holds else ''}{label} — {len(holds)} for {field_label}, {len(spans)} in all", label)
            )
            if holds and source_id == was_on:
                keep_tab = tab
            self.tabs.setTabToolTip(
                tab,
                f"<qt>{html.escape(label)}<br>"
                + (f"{len(holds)} quote(s) for {html.escape(labels.get(field_key, field_key))}" if holds else "No quote for this field")
                + "</qt>",
            )
            if holds and first_tab is None:
                first_tab = tab
        for source_id, reason in self._unreadable.items():
            choices.append((f"⚠ {sources[source_id].label} — cannot be shown", reason))
        self._fill_picker(choices)
        if keep_tab is not None or first_tab is not None:
            self.tabs.setCurrentIndex(keep_tab if keep_tab is not None else first_tab)  # type: ignore[arg-type]
        self._follow_tab(self.tabs.currentIndex())
        field_label = labels.get(field_key, field_key)
        count = sum(1 for ref in refs if ref.field_key == field_key and ref.evidence.source in self._views)
        hidden = sum(1 for ref in refs if ref.field_key == field_key and ref.evidence.source in self._unreadable)
        not_shown = f"{hidden} quote(s) in a source that cannot be shown"
        if count:
            status = f"{count} quote(s) highlighted" + (f"; {not_shown}" if hidden else "")
        else:
            status = not_shown if hidden else "not reported in these sources"
        self.heading.setText(f"{study.short_title} — {field_label}: {status}")
        on_screen = {ref.field_key for ref in refs if ref.evidence.source in self._views}
        used = [key for key in labels if key in on_screen]
        self.legend.setText(_legend_html(used, labels, order, field_key))
        self._update_pages()

    def current_pdf(self) -> Path | None:
        view, library = self.current_view(), self._library
        if view is None or library is None or view.source_id not in library.sources:
            return None
        return source_pdf(library, library.sources[view.source_id])

    def _update_pages(self) -> None:
        view, pdf = self.current_view(), self.current_pdf()
        self.pages_button.setVisible(pdf is not None)
        showing = pdf is not None and view is not None and self.pages_button.isChecked()
        self.tabs.setVisible(not showing)
        self.page_view.setVisible(showing)
        if showing and view is not None and pdf is not None:
            to_cp = view.positions.to_code_point
            quotes = [
                (to_cp(span.start), to_cp(span.end, end=True), span.field_key == self._field_key) for span in view.spans
            ]
            self.page_view.show_pdf(pdf, view.text, quotes)

def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _tab_label(source: Source) -> str:
    """A short tab name (the full title is in the tooltip): who and when when
    the text names them, else the start of the title."""
    who = source.outlet or source.author
    if who:
        return _short(f"{who} {source.year or ''}".strip(), 24)
    return _short(source.label, 24)


def _legend_html(keys: list[str], labels: dict[str, str], order: dict[str, int], selected: str) -> str:
    items = []
    for key in keys:
        colour: QColor = STRONG if key == selected else field_tint(order[key])
        weight = "bold" if key == selected else "normal"
        items.append(
            f"<span style='background:{colour.name()}; color:#000'>&nbsp;&nbsp;&nbsp;&nbsp;</span>"
            f"&nbsp;<span style='font-weight:{weight}'>{html.escape(labels[key]).replace(' ', '&nbsp;')}</span>"
        )
    return "<qt>Highlights: " + " &nbsp; ".join(items) + "</qt>" if items else ""
