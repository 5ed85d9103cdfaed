"""The page view of a PDF source: each page rendered with pypdfium2, the
quotes' highlights drawn from pypdfium2's character boxes of the quoted code
points (``domain/intake/pdf.py`` remembers, for each code point of the text,
the page character it came from)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from ...domain.intake.article import IntakeError
from ...domain.intake.pdf import PdfText, char_boxes, read_pdf_text

SCALE = 1.4  # pixels per PDF point
SELECTED = QColor(255, 191, 0, 110)
OTHER = QColor(120, 160, 255, 60)


class PageView(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("PDF pages")
        self.setWidgetResizable(True)
        self._body = QWidget()
        self._layout = QVBoxLayout(self._body)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self._body)
        self.pdf: Path | None = None
        self._read: PdfText | None = None
        #: Highlight rectangles drawn, by page, in the page image's pixels.
        self.rects: dict[int, list[QRectF]] = {}
        self.pages: list[QLabel] = []
        self.message = ""

    def show_pdf(self, pdf: Path, text: str, quotes: list[tuple[int, int, bool]]) -> None:
        """Pages of ``pdf`` with ``quotes`` (code points of ``text``; True: the
        selected field's) highlighted."""
        import pypdfium2 as pdfium

        for label in self.pages:
            label.deleteLater()
        self.pages, self.rects, self.message = [], {}, ""
        if self.pdf != pdf or self._read is None:
            try:
                self._read = read_pdf_text(pdf)
            except IntakeError as exc:
                self._read, self.message = None, str(exc)
        self.pdf = pdf
        read = self._read
        if read is None or read.article.text != text:
            self.message = self.message or "The source text is no longer the PDF's: its highlights cannot be placed."
            read = None
        boxes: dict[int, list[tuple[tuple[float, float, float, float], bool]]] = {}
        if read is not None:
            for start, end, selected in quotes:
                for page, found in char_boxes(pdf, read.chars, start, end).items():
                    boxes.setdefault(page, []).extend((box, selected) for box in found)
        document = pdfium.PdfDocument(str(pdf))
        try:
            for number in range(len(document)):
                page = document[number]
                height = page.get_height()
                bitmap = page.render(scale=SCALE, rev_byteorder=False)
                qimage = QImage(
                    bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_BGR888
                ).copy()
                painter = QPainter(qimage)
                rects = []
                for (left, bottom, right, top), selected in sorted(boxes.get(number, []), key=lambda b: b[1]):
                    rect = QRectF(left * SCALE, (height - top) * SCALE, (right - left) * SCALE, (top - bottom) * SCALE)
                    painter.fillRect(rect, SELECTED if selected else OTHER)
                    rects.append(rect)
                painter.end()
                self.rects[number] = rects
                label = QLabel()
                label.setPixmap(QPixmap.fromImage(qimage))
                label.setAccessibleName(f"Page {number + 1}")
                self._layout.addWidget(label)
                self.pages.append(label)
                page.close()
        finally:
            document.close()
        first = next((p for p in sorted(self.rects) if self.rects[p]), None)
        if first is not None:
            self.ensureWidgetVisible(self.pages[first])
