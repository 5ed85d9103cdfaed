"""Reading an article file into source text: .txt and .md verbatim, .html
reduced to its readable text (scripts, styles and navigation dropped)."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

from .editing import EditError
from .reading import MAX_SOURCE_BYTES, decode_source

_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "li", "ul", "ol",
    "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "table", "blockquote", "pre", "figcaption", "dd", "dt",
}
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "nav", "iframe", "button", "form"}


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str]:
    """(readable text, document title) of an HTML page."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n", " ".join(parser.title.split())


def read_article(path: Path) -> tuple[str, str]:
    """(source text, suggested title) of an article file."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        raise EditError(f"{path.name} is {size:,} bytes, over the {MAX_SOURCE_BYTES:,}-byte limit for a source")
    try:
        text = decode_source(path.read_bytes())
    except UnicodeDecodeError as exc:
        raise EditError(f"{path.name} is not UTF-8 text (byte {exc.start})") from None
    if path.suffix.lower() in (".html", ".htm"):
        return html_to_text(text)
    first = next((line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip()), "")
    return text, first[:200]
