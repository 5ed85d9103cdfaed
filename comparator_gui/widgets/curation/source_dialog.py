"""Add a source: import an article file (PDF, web page, text, Markdown, RIS or .nbib)
or paste text, and confirm its metadata in one form."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ...domain.intake.article import ImportedArticle, IntakeError
from ...domain.intake.duplicates import find_duplicates
from ...domain.intake.store import source_note
from ...domain.library import Library
from ...domain.models import SourceType
from ...qt.article_reading import read_in_background
from ...qt.text import message_html

FILE_FILTER = "Articles (*.pdf *.html *.htm *.txt *.md *.markdown *.ris *.nbib);;All files (*)"


class SourceDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, library: Library | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add source")
        self.library = library
        self.imported_from: Path | None = None
        self.articles: list[ImportedArticle] = []
        self.article: ImportedArticle | None = None
        self._imported_text = ""
        self._shown = ""
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Paste the article's text here, or import a file.")
        self.text.setAccessibleName("Source text")
        self.import_button = QPushButton("&Import file…")
        self.import_button.clicked.connect(self.choose_file)
        self.origin = QLabel()
        self.origin.setTextFormat(Qt.TextFormat.PlainText)
        self.origin.setWordWrap(True)
        #: A RIS/.nbib file's references: which one this form adds.
        self.reference = QComboBox()
        self.reference.setAccessibleName("Reference")
        self.reference.currentIndexChanged.connect(self._show_reference)
        self.reference.setVisible(False)
        self.duplicate = QLabel()
        self.duplicate.setTextFormat(Qt.TextFormat.PlainText)
        self.duplicate.setWordWrap(True)
        self.duplicate.setStyleSheet("color: #a04000; font-weight: bold;")
        self.duplicate.setVisible(False)
        self.title = QLineEdit()
        self.author = QLineEdit()
        self.outlet = QLineEdit()
        self.published = QLineEdit()
        self.published.setPlaceholderText("as the text gives it, e.g. April 3, 2024")
        self.url = QLineEdit()
        self.language = QLineEdit("en")
        self.kind = QComboBox()
        self.kind.addItem("Not recorded", "")
        for kind in SourceType:
            self.kind.addItem(kind.label, kind.value)
        self.peer_reviewed = QComboBox()
        for label, value in (("Not known", ""), ("Yes", "yes"), ("No", "no")):
            self.peer_reviewed.addItem(label, value)
        self.kind.setAccessibleName("Kind of publication")
        self.peer_reviewed.setAccessibleName("Peer reviewed")
        for widget, name in (
            (self.title, "Title"), (self.author, "Author"), (self.outlet, "Outlet"),
            (self.published, "Date"), (self.url, "URL"), (self.language, "Language"),
        ):
            widget.setAccessibleName(name)
        form = QFormLayout(self)
        form.addRow(self.import_button, self.origin)
        form.addRow(self.reference)
        form.addRow(self.duplicate)
        form.addRow("&Text:", self.text)
        form.addRow("T&itle:", self.title)
        form.addRow("&Author:", self.author)
        form.addRow("&Outlet:", self.outlet)
        form.addRow("&Date:", self.published)
        form.addRow("&URL:", self.url)
        form.addRow("&Language:", self.language)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Peer reviewed:", self.peer_reviewed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.text.textChanged.connect(lambda: self.ok_button.setEnabled(bool(self.text.toPlainText().strip())))
        form.addRow(buttons)
        self.resize(720, 640)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import article", "", FILE_FILTER)
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> bool:
        try:  # off the UI thread, with progress and Cancel
            found = read_in_background(self.parentWidget() or self, path)
        except (IntakeError, OSError) as exc:
            QMessageBox.warning(self, "Cannot import", message_html(str(exc)))
            return False
        if found is None:
            return False  # cancelled: nothing read is kept
        if found.problems:
            QMessageBox.information(
                self, "Some references left out",
                message_html(f"{len(found.problems)} reference(s) could not be imported:\n" + "\n".join(found.problems)),
            )
        self.imported_from = path
        self.articles = found.articles
        self.reference.blockSignals(True)
        self.reference.clear()
        for article in self.articles:
            self.reference.addItem((article.metadata.title or article.text[:80]).strip())
        self.reference.blockSignals(False)
        self.reference.setVisible(len(self.articles) > 1)
        self._show_reference(0)
        return True

    def _show_reference(self, index: int) -> None:
        if not 0 <= index < len(self.articles):
            return
        article = self.article = self.articles[index]
        self._imported_text = article.text
        self.text.setPlainText(article.text)
        # Qt normalises line ends in the editor; keep the file's own text unless
        # the reviewer changes it here.
        self._shown = self.text.toPlainText()
        meta = article.metadata
        for widget, value in (
            (self.title, meta.title), (self.author, "; ".join(meta.authors)), (self.outlet, meta.outlet),
            (self.published, meta.published), (self.url, meta.url),
        ):
            widget.setText(value or "")
            widget.setCursorPosition(0)
        path = self.imported_from
        how = {
            "pdf": f" (text of {len(article.pages)} PDF page{'s' if len(article.pages) != 1 else ''}; the PDF is kept beside it)",
            "html": f" (reduced from HTML to its text; {len(article.boilerplate)} boilerplate passage(s) marked)",
            "ris": f" (reference {index + 1} of {len(self.articles)}: title and abstract)",
            "nbib": f" (PubMed record {index + 1} of {len(self.articles)}: title and abstract)",
        }.get(article.kind, "")
        self.origin.setText(f"{path.name if path else ''}{how}")
        self.duplicate.setVisible(False)
        if self.library is not None:
            same = find_duplicates(article.text, self.library.meta.sources, self.library.texts)
            if same:
                self.duplicate.setText("⚠ " + same[0].message)
                self.duplicate.setVisible(True)

    @property
    def pdf_origin(self) -> Path | None:
        """The PDF to keep beside the text, when the text is the PDF's own."""
        article = self.article
        if article is None or article.kind != "pdf" or article.origin is None:
            return None
        return article.origin if self.text.toPlainText() == self._shown else None

    @property
    def boilerplate(self) -> tuple[tuple[int, int], ...]:
        """The web page's boilerplate spans, while the text is the page's own."""
        article = self.article
        if article is None or self.text.toPlainText() != self._shown:
            return ()
        return article.boilerplate

    def values(self) -> dict[str, str]:
        note = source_note(self.article) if self.article is not None else ""
        text = self.text.toPlainText()
        if self.article is not None and text == self._shown:
            text = self._imported_text
        return {
            "text": text,
            "title": self.title.text().strip(),
            "author": self.author.text().strip(),
            "outlet": self.outlet.text().strip(),
            "published": self.published.text().strip(),
            "url": self.url.text().strip(),
            "language": self.language.text().strip() or "en",
            "note": note,
            "source_type": str(self.kind.currentData() or ""),
            "peer_reviewed": str(self.peer_reviewed.currentData() or ""),
        }
