"""A PDF's text as a reader sees it, with pypdfium2. No Qt.

Each page's characters come from PDFium's text page with their boxes. They are
cut into line fragments by geometry (a jump in the baseline or a wide gap, so
two columns written line by line across the page come apart), the fragments
are put in reading order (a gutter free of text splits a page into columns,
read left then right, with full-width lines such as headings between), and
the lines are joined: a line-end hyphen is dropped only where it splits a word
("treat-" + "ment"), not where it belongs to one ("stem-" + "cell"); ligatures
are expanded. Every code point of the result remembers the page character it
came from, so a quote's place in the text gives its boxes on the page.
"""

from __future__ import annotations

import re
import statistics
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .article import ArticleMetadata, ImportedArticle, IntakeError, PageSpan
from .metadata import merge_metadata, metadata_from_text, pdf_date

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "ft", "ﬆ": "st"}
_HYPHENS = "-\u00ad\u2010\x02"
_SOFT_HYPHENS = "\u00ad\x02"
#: Second halves that are words of their own: "stem-" + "cell" keeps its hyphen.
_WORD_HALVES = frozenset(
    ["cell", "cells", "up", "based", "derived", "term", "year", "years", "old", "like", "free", "related", "specific", "induced", "label", "blind", "controlled", "matched", "dependent", "treated", "risk", "group", "month", "months", "week", "weeks", "day", "days", "dose", "time", "stage", "line", "type", "long", "short", "scale", "cord", "stem", "marrow", "human", "animal"]
)
NO_CHAR = (-1, -1)
#: PDFium may not be entered from two threads at once, even for two documents:
#: every call into it holds this lock (an import reads on a worker thread while
#: the Pages view renders on the UI thread). Held a page at a time, so neither
#: waits long for the other.
PDFIUM = threading.RLock()


@dataclass
class _Line:
    page: int
    chars: list[tuple[str, int]]  # (code point, PDFium char index)
    box: Box
    size: float

    @property
    def text(self) -> str:
        return "".join(c for c, _ in self.chars)


@dataclass(frozen=True)
class PdfText:
    """A PDF's text and, for each code point, its (page, PDFium char index);
    ``NO_CHAR`` for the spaces and line breaks put between lines."""

    article: ImportedArticle
    chars: tuple[tuple[int, int], ...]


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        detail = str(exc).lower()
        if "password" in detail or "security" in detail:
            raise IntakeError(
                f"{path.name} is encrypted: it cannot be read without its password. "
                "Save an unprotected copy (or print it to PDF) and import that."
            ) from None
        raise IntakeError(f"{path.name} is not a readable PDF: the file is damaged or is not a PDF ({exc}).") from None


def _fragments(textpage: pdfium.PdfTextPage, page: int) -> Iterator[_Line]:
    chars: list[tuple[str, int]] = []
    boxes: list[Box] = []
    sizes: list[float] = []
    pending_space: tuple[str, int] | None = None

    def flush() -> _Line | None:
        if not chars:
            return None
        line = _Line(
            page,
            list(chars),
            (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)),
            statistics.median(sizes) if sizes else 10.0,
        )
        chars.clear()
        boxes.clear()
        sizes.clear()
        return line

    for index in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage, index)
        char = chr(code) if code else ""
        generated = bool(pdfium_c.FPDFText_IsGenerated(textpage, index))
        if char in ("\r", "\n", "") or (generated and char != " "):
            if char in ("\r", "\n"):
                pending_space = None
                done = flush()
                if done:
                    yield done
            continue
        if char.isspace():
            if chars:
                pending_space = (" ", -1 if generated else index)
            continue
        box = textpage.get_charbox(index)
        size = float(pdfium_c.FPDFText_GetFontSize(textpage, index)) or (box[3] - box[1]) or 10.0
        if boxes:
            last = boxes[-1]
            height = max(size, 1.0)
            jump = abs(box[1] - last[1]) > 0.6 * height and abs(box[3] - last[3]) > 0.6 * height
            gap = box[0] - last[2]
            if jump or gap > max(2.0 * height, 12.0) or gap < -2.0 * height:
                pending_space = None
                done = flush()
                if done:
                    yield done
        if pending_space is not None and chars:
            chars.append(pending_space)
        pending_space = None
        for expanded in LIGATURES.get(char, char):
            chars.append((expanded, index))
        boxes.append(box)
        sizes.append(size)
    done = flush()
    if done:
        yield done


def _reading_order(lines: list[_Line], width: float) -> list[_Line]:
    """Columns read one after another; lines spanning the gutter cut the page in sections."""
    narrow = [ln for ln in lines if ln.box[2] - ln.box[0] < 0.55 * width]
    gutter = None
    if len(narrow) >= 4:
        # the x where fewest narrow lines cross (a heading or byline may)
        crossing = {
            x: sum(1 for ln in narrow if ln.box[0] < x < ln.box[2])
            for x in range(int(width * 0.3), int(width * 0.7) + 1, 2)
        }
        fewest = min(crossing.values())
        runs: list[list[int]] = []
        for x, count in crossing.items():
            if count != fewest:
                continue
            if runs and x - runs[-1][-1] == 2:
                runs[-1].append(x)
            else:
                runs.append([x])
        if fewest <= 0.2 * len(narrow) and runs:
            best = max(runs, key=len)
            mid = best[len(best) // 2]
            left = sum(1 for ln in narrow if ln.box[2] <= mid)
            right = sum(1 for ln in narrow if ln.box[0] >= mid)
            if left >= 2 and right >= 2:
                gutter = mid
    by_top = sorted(lines, key=lambda ln: (-round(ln.box[1] / 2), ln.box[0]))
    if gutter is None:
        return by_top
    ordered: list[_Line] = []
    left_col: list[_Line] = []
    right_col: list[_Line] = []

    def close_section() -> None:
        ordered.extend(left_col + right_col)
        left_col.clear()
        right_col.clear()

    for line in by_top:
        if line.box[2] <= gutter:
            left_col.append(line)
        elif line.box[0] >= gutter:
            right_col.append(line)
        else:
            close_section()
            ordered.append(line)
    close_section()
    return ordered


def _hyphenation(prev: str, nxt: str, words: Counter[str], compounds: set[str]) -> str | None:
    """How a line-end hyphen between ``prev`` and ``nxt`` goes: "join" when it
    splits one word ("treat-" + "ment"), "keep" when it belongs to the word
    ("stem-" + "cell"), None when the line does not end in a hyphenated word."""
    if not prev or prev[-1] not in _HYPHENS:
        return None
    head = re.search(r"(\w+)$", prev[:-1])
    tail = re.match(r"(\w+)", nxt)
    if not head or not tail or not head.group(1)[-1].isalpha() or not tail.group(1)[0].isalnum():
        return None
    if prev[-1] in _SOFT_HYPHENS:
        return "join"
    left, right = head.group(1).lower(), tail.group(1).lower()
    if not right[0].islower() or f"{left}-{right}" in compounds:
        return "keep"
    if left + right in words:
        return "join"
    # the second half once is this line's own start; more often, it is a word of its own
    return "keep" if words[right] > 1 or right in _WORD_HALVES else "join"


def _join(lines: list[_Line]) -> tuple[str, list[tuple[int, int]], list[PageSpan]]:
    all_text = "\n".join(ln.text for ln in lines)
    words = Counter(re.findall(r"\w+", all_text.lower()))
    compounds = set(re.findall(r"\w+-\w+", all_text.lower()))
    out: list[str] = []
    where: list[tuple[int, int]] = []
    spans: list[PageSpan] = []
    page_start = 0
    prev: _Line | None = None
    for line in lines:
        chars = line.chars
        if prev is not None and prev.page != line.page:
            spans.append(PageSpan(prev.page, page_start, len(out)))
            out.append("\n")
            where.append(NO_CHAR)
            page_start = len(out)
        elif prev is not None:
            prev_text = prev.text
            gap = prev.box[1] - line.box[1]
            pitch = max(prev.size, line.size)
            went_up = line.box[3] > prev.box[3]  # the next column
            hyphen = _hyphenation(prev_text, line.text, words, compounds)
            if hyphen == "join":
                out.pop()  # the hyphen
                where.pop()
            elif hyphen == "keep":
                pass
            elif went_up or (gap <= 1.8 * pitch and abs(prev.size - line.size) <= 1.0):
                out.append(" ")
                where.append(NO_CHAR)  # a line wrapped, or the next column
            else:
                out.append("\n")
                where.append(NO_CHAR)
        if prev is None or prev.page != line.page:
            page_start = len(out)
        for char, index in chars:
            out.append(char)
            where.append((line.page, index) if index >= 0 else NO_CHAR)
        prev = line
    if prev is not None:
        spans.append(PageSpan(prev.page, page_start, len(out)))
    return "".join(out), where, spans


def _first_page_title(lines: list[_Line]) -> str | None:
    first = [ln for ln in lines if ln.page == 0 and len(ln.text.strip()) > 3]
    if not first:
        return None
    biggest = max(ln.size for ln in first)
    body = statistics.median(ln.size for ln in first)
    if biggest < body * 1.15:
        return None
    title = " ".join(ln.text.strip() for ln in first if ln.size >= biggest - 0.5)
    return title[:300] or None


def _info_metadata(document: pdfium.PdfDocument) -> ArticleMetadata:
    try:
        info = document.get_metadata_dict()
    except pdfium.PdfiumError:
        return ArticleMetadata()
    title = (info.get("Title") or "").strip()
    if re.search(r"\.(docx?|pdf|tex|indd)$|^untitled|^microsoft word", title, re.IGNORECASE):
        title = ""
    author = (info.get("Author") or "").strip()
    authors = tuple(a.strip() for a in re.split(r";|\band\b" if ";" in author else r",|;|\band\b", author) if a.strip())
    return ArticleMetadata(
        title=title or None,
        authors=authors,
        published=pdf_date(info.get("CreationDate") or ""),
    )


def read_pdf_text(path: Path, progress: Progress | None = None, cancelled: Cancelled | None = None) -> PdfText:
    """The PDF's text with each code point's page character; raises ``IntakeError``."""
    path = Path(path)
    with PDFIUM:
        document = _open(path)
    try:
        with PDFIUM:
            count = len(document)
        if count == 0:
            raise IntakeError(f"{path.name} has no pages.")
        lines: list[_Line] = []
        for page_no in range(count):
            if cancelled is not None and cancelled():
                raise IntakeError(f"Import of {path.name} cancelled; nothing was imported.")
            with PDFIUM:
                page = document[page_no]
                try:
                    textpage = page.get_textpage()
                    lines += _reading_order(list(_fragments(textpage, page_no)), page.get_width())
                    textpage.close()
                finally:
                    page.close()
            if progress is not None:
                progress(page_no + 1, count)
        if not any(ln.text.strip() for ln in lines):
            raise IntakeError(
                f"{path.name} has no text layer: its {count} page{'s' if count != 1 else ''} are images "
                "(a scan?). Run OCR on it first (for example `ocrmypdf in.pdf out.pdf`) and import the result."
            )
        text, where, spans = _join(lines)
        with PDFIUM:
            info = _info_metadata(document)
        meta = merge_metadata(info, ArticleMetadata(title=_first_page_title(lines)), metadata_from_text(text))
    finally:
        with PDFIUM:
            document.close()
    article = ImportedArticle(text=text, kind="pdf", metadata=meta, pages=tuple(spans), origin=path)
    return PdfText(article, tuple(where))


def read_pdf(path: Path, progress: Progress | None = None, cancelled: Cancelled | None = None) -> ImportedArticle:
    return read_pdf_text(path, progress, cancelled).article


def char_boxes(path: Path, chars: tuple[tuple[int, int], ...], start: int, end: int) -> dict[int, list[Box]]:
    """The boxes (PDF points) of the page characters behind ``text[start:end]``, by page."""
    wanted: dict[int, list[int]] = {}
    for page, index in chars[max(0, start) : max(0, end)]:
        if page >= 0 and (not wanted.get(page) or wanted[page][-1] != index):
            wanted.setdefault(page, []).append(index)
    out: dict[int, list[Box]] = {}
    with PDFIUM:
        document = _open(Path(path))
        try:
            for page_no, indexes in wanted.items():
                page = document[page_no]
                textpage = page.get_textpage()
                out[page_no] = [tuple(textpage.get_charbox(i)) for i in indexes]  # type: ignore[misc]
                textpage.close()
                page.close()
        finally:
            document.close()
    return out
