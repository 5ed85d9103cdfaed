"""The source pane: one tab per source of the selected study, the selected
field's quotes highlighted strongly and scrolled into view, the other fields'
quotes tinted by field with a legend, boilerplate dimmed and suggested
sentences underlined (``source_view.py``). Hover names the field(s) of a
passage; clicking a highlighted passage asks the window to select that
field's cell. A PDF source also has a *Pages* view (``page_view.py``) that
follows the same selection."""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ...domain.intake.store import boilerplate_of, source_pdf
from ...domain.library import Library
from ...domain.models import Source
from ...qt.field_colours import STRONG, field_tint, tint_order
from .page_view import PageView
from .source_view import BOILERPLATE_BACKGROUND, BOILERPLATE_TEXT, MenuHook, SourceView, Span

__all__ = ["SourcePane", "SourceView", "Span"]

#: Source views kept for reuse when switching between studies.
MAX_CACHED_VIEWS = 8


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
        layout = self._box = QVBoxLayout(self)
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
        self.page_view.quote_clicked.connect(self.field_activated)
        # The PDF's text read (on a worker thread): its highlights are placed, go to them.
        self.page_view.ready.connect(lambda: self._update_pages(at=self._pages_at))
        self._pages_at: int | None = None
        self.pages_button.toggled.connect(self._pages_toggled)
        self.tabs.currentChanged.connect(lambda _i: self._update_pages())
        layout.addWidget(self.pages_button)
        layout.addWidget(self.page_view, 1)
        layout.addWidget(self.legend)
        self._library: Library | None = None
        self._field_key = ""
        self._study_id: str | None = None
        #: Each field's tint number for the study shown (``tint_order``).
        self._tints: dict[str, int] = {}
        self._views: dict[str, SourceView] = {}
        #: Sources of the shown study whose text could not be read, with why.
        self._unreadable: dict[str, str] = {}
        #: Recently shown source views by source id, oldest first.
        self._cache: OrderedDict[str, SourceView] = OrderedDict()
        self.menu_hook: MenuHook | None = None
        #: The PDF of a source imported but not saved yet (not beside its text until Save).
        self.unsaved_pdf: Callable[[str], Path | None] = lambda _source_id: None
        #: Code-point spans the Suggestions panel lists for the selected field, by source.
        self._suggested: dict[str, list[tuple[int, int]]] = {}

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
        labels = {d.key: d.label for d in catalogue}
        refs = [ref for ref in library.evidence_for(study_id) if ref.anchor.found]
        order = self._tints = tint_order([d.key for d in catalogue], {ref.field_key for ref in refs})
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
            view.set_boilerplate(boilerplate_of(library, source_id))
            view.set_suggested(self._suggested.get(source_id, ()))
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
        dimmed = any(view.boilerplate for view in self._views.values())
        self.legend.setText(_legend_html(used, labels, order, field_key, dimmed))
        self._update_pages()

    def set_suggested(self, spans: dict[str, list[tuple[int, int]]]) -> None:
        """Underline these sentences (code points, by source id): the Suggestions
        panel's for the selected field."""
        self._suggested = spans
        for source_id, view in self._views.items():
            view.set_suggested(spans.get(source_id, ()))

    def current_pdf(self) -> Path | None:
        view, library = self.current_view(), self._library
        if view is None or library is None or view.source_id not in library.sources:
            return None
        return source_pdf(library, library.sources[view.source_id]) or self.unsaved_pdf(view.source_id)

    def _pages_toggled(self, on: bool) -> None:
        view = self.current_view()
        if on and view is not None:
            # the page of the text in view, unless the field's quote is shown instead
            self._update_pages(at=view.positions.to_code_point(view.cursorForPosition(view.rect().topLeft()).position()))
            return
        page, spans = self.page_view.current_page(), self.page_view.page_spans
        self._update_pages()
        if view is not None and 0 <= page < len(spans) and self.page_view.pdf == self.current_pdf():
            view.scroll_to(view.positions.to_qt(spans[page].start))  # back to the text of the page in view

    def _update_pages(self, at: int | None = None) -> None:
        """Show the Pages view when asked and the source has a PDF: the selected
        field's first quote in view, else the page of code point ``at``."""
        view, pdf = self.current_view(), self.current_pdf()
        self.pages_button.setVisible(pdf is not None)
        showing = pdf is not None and view is not None and self.pages_button.isChecked()
        self.tabs.setVisible(not showing)
        self.page_view.setVisible(showing)
        if showing and view is not None and pdf is not None:
            self._box.activate()  # the page view's width now: pages are fitted to it
            to_cp = view.positions.to_code_point
            quotes = [(to_cp(span.start), to_cp(span.end, end=True), span.field_key) for span in view.spans]
            tints = {key: field_tint(n) for key, n in self._tints.items()}
            self.page_view.show_pdf(pdf, view.text, quotes, self._field_key, tints)
            self._pages_at = at if self.page_view.reading else None  # once read, the page of ``at``
            if not self.page_view.scroll_to_selected() and at is not None:
                page = self.page_view.page_of(at)
                if page is not None:
                    self.page_view.scroll_to_page(page)

def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _tab_label(source: Source) -> str:
    """A short tab name (the full title is in the tooltip): who and when when
    the text names them, else the start of the title."""
    who = source.outlet or source.author
    if who:
        return _short(f"{who} {source.year or ''}".strip(), 24)
    return _short(source.label, 24)


def _legend_html(keys: list[str], labels: dict[str, str], order: dict[str, int], selected: str, dimmed: bool) -> str:
    items = []
    for key in keys:
        colour: QColor = STRONG if key == selected else field_tint(order[key])
        weight = "bold" if key == selected else "normal"
        items.append(
            f"<span style='background:{colour.name()}; color:#000'>&nbsp;&nbsp;&nbsp;&nbsp;</span>"
            f"&nbsp;<span style='font-weight:{weight}'>{html.escape(labels[key]).replace(' ', '&nbsp;')}</span>"
        )
    if dimmed:
        items.append(
            f"<span style='background:{BOILERPLATE_BACKGROUND.name()}; color:{BOILERPLATE_TEXT.name()}'>"
            "&nbsp;page frame&nbsp;</span>&nbsp;boilerplate"
        )
    return "<qt>Highlights: " + " &nbsp; ".join(items) + "</qt>" if items else ""
