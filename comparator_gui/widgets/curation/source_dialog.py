"""Add a source: import a .txt/.md/.html file or paste text, and describe it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
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

from ...domain.editing import EditError
from ...domain.importing import read_article
from ...qt.text import message_html


class SourceDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add source")
        self.imported_from: Path | None = None
        self._imported_text = ""
        self._shown = ""
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Paste the article's text here, or import a file.")
        self.text.setAccessibleName("Source text")
        self.import_button = QPushButton("&Import file…")
        self.import_button.clicked.connect(self.choose_file)
        self.origin = QLabel()
        self.origin.setTextFormat(Qt.TextFormat.PlainText)
        self.title = QLineEdit()
        self.author = QLineEdit()
        self.outlet = QLineEdit()
        self.published = QLineEdit()
        self.published.setPlaceholderText("as the text gives it, e.g. April 3, 2024")
        self.url = QLineEdit()
        self.language = QLineEdit("en")
        for widget, name in (
            (self.title, "Title"), (self.author, "Author"), (self.outlet, "Outlet"),
            (self.published, "Date"), (self.url, "URL"), (self.language, "Language"),
        ):
            widget.setAccessibleName(name)
        form = QFormLayout(self)
        form.addRow(self.import_button, self.origin)
        form.addRow("&Text:", self.text)
        form.addRow("T&itle:", self.title)
        form.addRow("&Author:", self.author)
        form.addRow("&Outlet:", self.outlet)
        form.addRow("&Date:", self.published)
        form.addRow("&URL:", self.url)
        form.addRow("&Language:", self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.text.textChanged.connect(lambda: self.ok_button.setEnabled(bool(self.text.toPlainText().strip())))
        form.addRow(buttons)
        self.resize(720, 640)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import article", "", "Articles (*.txt *.md *.html *.htm);;All files (*)")
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        try:
            text, title = read_article(path)
        except (EditError, OSError) as exc:
            QMessageBox.warning(self, "Cannot import", message_html(str(exc)))
            return
        self.imported_from = path
        self._imported_text = text
        self.text.setPlainText(text)
        # Qt normalises line ends in the editor; keep the file's own text unless
        # the reviewer changes it here.
        self._shown = self.text.toPlainText()
        if title and not self.title.text():
            self.title.setText(title)
        reduced = " (reduced from HTML to its text)" if path.suffix.lower() in (".html", ".htm") else ""
        self.origin.setText(f"{path.name}{reduced}")

    def values(self) -> dict[str, str]:
        note = ""
        if self.imported_from is not None:
            note = f"Imported from {self.imported_from.name}"
            if self.imported_from.suffix.lower() in (".html", ".htm"):
                note += ", reduced from HTML to its readable text"
        text = self.text.toPlainText()
        if self.imported_from is not None and text == self._shown:
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
        }
