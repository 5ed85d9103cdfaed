"""The page view of a PDF source: each page rendered with pypdfium2 at the
pane's width, the quotes' highlights drawn from pypdfium2's character boxes of
the quoted code points (``domain/intake/pdf.py`` remembers, for each code point
of the text, the page character it came from).

Pages are laid out at once (each its size) but rendered only when scrolled
near, so a 500-page PDF opens as fast as a short one and a resize re-renders
a screenful, not the whole file. The PDF's text, which places the highlights,
is read on a worker thread (a 500-page PDF takes ~15 s): the pages show at
once, their highlights when it is done (``ready``). Clicking a highlight
selects its field, as in the text view.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from ...domain.intake.article import IntakeError, PageSpan
from ...domain.intake.pdf import PDFIUM, Box, PdfText, char_boxes, read_pdf_text

SELECTED = QColor(255, 191, 0, 110)
OTHER = QColor(120, 160, 255, 60)
#: Room left beside a page (the scroll bar, the layout's margins).
MARGIN = 28
MIN_SCALE, MAX_SCALE = 0.3, 4.0
SPACING = 8
#: (start, end, field key): a quote's code points in the source text.
Quote = tuple[int, int, str]


class _Page(QLabel):
    clicked = Signal(int, QPoint)  # page number, the point clicked in the page's pixels

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number
        self.setAccessibleName(f"Page {number + 1}")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("background: white")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self.clicked.emit(self.number, event.position().toPoint())


class PageView(QScrollArea):
    #: A highlight was clicked: the field key of its quote.
    quote_clicked = Signal(str)
    #: The PDF's text is read: the highlights are placed (or the view says why not).
    ready = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("PDF pages")
        # The body is sized here (``_size_body``), so page places and the scroll
        # range are known at once, not after the next layout pass.
        self.setWidgetResizable(False)
        self._body = QWidget()
        self.setWidget(self._body)
        self.pdf: Path | None = None
        self._read: PdfText | None = None
        self._sizes: list[tuple[float, float]] = []  # each page's width and height in points
        self._boxes: dict[int, list[tuple[Box, str]]] = {}
        self._selected = ""
        self._tints: dict[str, QColor] = {}
        #: Pixels per PDF point: the widest page fits the view's width.
        self.scale = 1.0
        #: Highlight rectangles by page, in the page image's pixels, and their fields.
        self.rects: dict[int, list[QRectF]] = {}
        self.rect_fields: dict[int, list[str]] = {}
        self.pages: list[_Page] = []
        self.rendered: set[int] = set()
        self.message = ""
        #: True while the PDF's text is being read (the highlights follow).
        self.reading = False
        self._stop_reading = threading.Event()
        self._want: tuple[str, list[Quote]] = ("", [])
        #: (the PDF, its PdfText or the exception), put here by the reading thread.
        #: It is polled, not signalled: a Python thread that emits a Qt signal is
        #: adopted by Qt, and an adopted thread alive at exit aborts the app.
        self._done: list[tuple[Path, object]] = []
        self._poll = QTimer(self)
        self._poll.setInterval(40)
        self._poll.timeout.connect(self._check_read)
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(60)
        self._refit.timeout.connect(self._fit_width)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._render_visible())

    # ------------------------------------------------------------------ what is shown

    def show_pdf(
        self, pdf: Path, text: str, quotes: list[Quote], selected: str, tints: dict[str, QColor] | None = None
    ) -> None:
        """Pages of ``pdf`` with ``quotes`` (code points of ``text``) highlighted,
        ``selected``'s strongly, the others in their field's tint (as in the text view).
        Another PDF's pages show at once; its highlights once its text is read (``ready``)."""
        self._tints = {key: QColor(colour.red(), colour.green(), colour.blue(), 150) for key, colour in (tints or {}).items()}
        self._want, self._selected = (text, quotes), selected
        if self.pdf != pdf:
            self._open(pdf)
        self._place_quotes()

    def _open(self, pdf: Path) -> None:
        import pypdfium2 as pdfium

        self._stop_reading.set()  # a read of another PDF under way is of no use now
        self.pdf, self._read, self.message, self.reading = pdf, None, "", True
        try:
            with PDFIUM:
                document = pdfium.PdfDocument(str(pdf))
                try:
                    self._sizes = [(document[n].get_width(), document[n].get_height()) for n in range(len(document))]
                finally:
                    document.close()
        except pdfium.PdfiumError as exc:
            self._sizes, self.reading = [], False
            self.message = f"{pdf.name} cannot be shown: {exc}"
        for label in self.pages:
            label.deleteLater()
        self.pages = []
        for number in range(len(self._sizes)):
            label = _Page(number)
            label.clicked.connect(self._on_page_clicked)
            label.setParent(self._body)
            label.show()
            self.pages.append(label)
        if not self.reading:
            return
        stop = self._stop_reading = threading.Event()
        done = self._done  # the thread touches no Qt object, this view included

        def read() -> None:
            try:
                result: object = read_pdf_text(pdf, cancelled=stop.is_set)
            except Exception as exc:  # the view says why; nothing else depends on it
                result = exc
            if not stop.is_set():
                done.append((pdf, result))  # taken on the UI thread (``_check_read``)

        threading.Thread(target=read, name=f"pages of {pdf.name}", daemon=True).start()
        self._poll.start()

    def _check_read(self) -> None:
        while self._done:
            pdf, result = self._done.pop(0)
            if pdf == self.pdf and self.reading:
                self._on_read(result)
        if not self.reading:
            self._poll.stop()

    def _on_read(self, result: object) -> None:
        self.reading = False
        if isinstance(result, PdfText):
            self._read = result
        else:
            self.message = str(result) if isinstance(result, IntakeError) else f"The PDF's text could not be read: {result}"
        self._place_quotes()
        self.ready.emit()

    def _place_quotes(self) -> None:
        text, quotes = self._want
        read, pdf = self._read, self.pdf
        self._boxes = {}
        if self.reading:
            self.message = ""
        elif read is None or read.article.text != text:
            self.message = self.message or "The source text is no longer the PDF's: its highlights cannot be placed."
        elif pdf is not None:
            self.message = ""
            for start, end, field_key in quotes:
                for page, found in char_boxes(pdf, read.chars, start, end).items():
                    self._boxes.setdefault(page, []).extend((box, field_key) for box in found)
        self._fit_width(force=True)

    def wait_until_read(self, timeout: float = 30.0) -> bool:
        """For scripts and tests: handle events until the PDF's text is read."""
        deadline = QDeadlineTimer(int(timeout * 1000))
        while self.reading and not deadline.hasExpired():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.01)  # not a busy loop: the reading thread needs the interpreter too
        return not self.reading

    @property
    def page_spans(self) -> tuple[PageSpan, ...]:
        """Where each page's text lies in the source text (empty when it is not the PDF's)."""
        return self._read.article.pages if self._read is not None and not self.message else ()

    def page_of(self, code_point: int) -> int | None:
        for span in self.page_spans:
            if code_point < span.end or span is self.page_spans[-1]:
                return span.page
        return None

    def _layout_rects(self) -> None:
        scale = self.scale
        self.rects, self.rect_fields = {}, {}
        for number, (_width, height) in enumerate(self._sizes):
            # the selected field's last: drawn on top
            found = sorted(self._boxes.get(number, []), key=lambda b: b[1] == self._selected)
            self.rects[number] = [
                QRectF(left * scale, (height - top) * scale, (right - left) * scale, (top - bottom) * scale)
                for (left, bottom, right, top), _key in found
            ]
            self.rect_fields[number] = [key for _box, key in found]

    def _fit_width(self, force: bool = False) -> None:
        if not self._sizes:
            return
        widest = max(width for width, _height in self._sizes)
        scale = min(MAX_SCALE, max(MIN_SCALE, (self.viewport().width() - MARGIN) / widest))
        if not force and abs(scale - self.scale) < 0.005:
            return
        # Keep the page at the top of the view where it is, in proportion.
        page, within = self._page_at(self.verticalScrollBar().value()), 0.0
        if self.pages and 0 <= page < len(self.pages) and self.pages[page].height():
            within = (self.verticalScrollBar().value() - self.pages[page].y()) / self.pages[page].height()
        self.scale = scale
        self._layout_rects()
        self.rendered.clear()
        for number, (width, height) in enumerate(self._sizes):
            label = self.pages[number]
            label.clear()
            label.setFixedSize(round(width * scale), round(height * scale))
        self._size_body()
        if not force and self.pages:
            self.verticalScrollBar().setValue(self.pages[page].y() + round(within * self.pages[page].height()))
        self._render_visible()

    def _size_body(self) -> None:
        """Pages one under the other, centred; placed here rather than by a
        layout, so their places and the scroll range hold at once."""
        room = self.viewport().width()
        widest = max((label.width() for label in self.pages), default=0)
        y = SPACING
        for label in self.pages:
            label.move(max(SPACING, (max(room, widest + 2 * SPACING) - label.width()) // 2), y)
            y += label.height() + SPACING
        self._body.resize(max(room, widest + 2 * SPACING), y)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._size_body()
        self._refit.start()

    def _render_visible(self) -> None:
        if not self.pages or self.pdf is None:
            return
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        wanted = [
            n for n, label in enumerate(self.pages)
            if n not in self.rendered and label.y() < bottom + label.height() and label.y() + 2 * label.height() > top
        ]
        if wanted:
            self._render(wanted)

    def _render(self, numbers: list[int]) -> None:
        import pypdfium2 as pdfium

        images = []
        with PDFIUM:  # PDFium a page at a time; the painting needs no lock
            document = pdfium.PdfDocument(str(self.pdf))
            try:
                for number in numbers:
                    page = document[number]
                    bitmap = page.render(scale=self.scale, rev_byteorder=False)
                    images.append(
                        QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_BGR888).copy()
                    )
                    page.close()
            finally:
                document.close()
        for number, image in zip(numbers, images, strict=True):
            painter = QPainter(image)
            for rect, key in zip(self.rects.get(number, []), self.rect_fields.get(number, []), strict=True):
                painter.fillRect(rect, SELECTED if key == self._selected else self._tints.get(key, OTHER))
            painter.end()
            self.pages[number].setPixmap(QPixmap.fromImage(image))
            self.rendered.add(number)

    # ------------------------------------------------------------------ where the view is

    def current_page(self) -> int:
        """The page being read: the one a third of the way down the view."""
        return self._page_at(self.verticalScrollBar().value() + self.viewport().height() // 3)

    def _page_at(self, y: int) -> int:
        for label in self.pages:
            if label.y() + label.height() + SPACING > y:
                return label.number
        return max(0, len(self.pages) - 1)

    def scroll_to_page(self, number: int, y: float = 0.0) -> None:
        """Show page ``number`` with its pixel row ``y`` a third of the way down the view."""
        if not 0 <= number < len(self.pages):
            return
        self._size_body()
        target = self.pages[number].y() + round(y) - (self.viewport().height() // 3 if y else 0)
        self.verticalScrollBar().setValue(max(0, target))
        self._render_visible()

    def scroll_to_selected(self) -> bool:
        """Show the selected field's first highlight; False when it has none here."""
        for number in sorted(self.rect_fields):
            for rect, key in zip(self.rects[number], self.rect_fields[number], strict=True):
                if key == self._selected:
                    self.scroll_to_page(number, rect.y())
                    return True
        return False

    def _on_page_clicked(self, number: int, point: QPoint) -> None:
        for rect, key in zip(self.rects.get(number, []), self.rect_fields.get(number, []), strict=True):
            if rect.adjusted(-1, -1, 1, 1).contains(point.toPointF()):
                self.quote_clicked.emit(key)
                return
