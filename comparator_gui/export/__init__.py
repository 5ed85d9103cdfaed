"""Comparison sheets that keep the evidence: XLSX, CSV, PDF, HTML, Markdown, DOCX.

Every format is written from the same :class:`~.sheet.Sheet`, so they show the
same values, quotes, citations and statuses. Only ``export.pdf`` imports Qt,
and only when a PDF is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..domain.collector import paused as collector_paused
from ..domain.library import Library
from .layout import LAYOUTS, resolve_layout
from .sheet import Sheet, UnknownSelection, build_sheet, export_time


@dataclass(frozen=True)
class Options:
    """How a sheet is laid out and printed, beyond what it holds.

    ``layout``: ``auto`` (the grid up to six columns of values, one block per
    study past that), ``grid`` or ``per-study``; PDF, DOCX and HTML follow it.
    ``page_size`` (``a4``, ``letter``) and ``orientation`` (``landscape``,
    ``portrait``): PDF and DOCX. ``sources`` (CSV only): the table of sources
    instead of the comparison, so each CSV file is one rectangular table.
    """

    layout: str = "auto"
    page_size: str = "a4"
    orientation: str = "landscape"
    sources: bool = False

    def check(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"unknown layout {self.layout!r}; choose one of {', '.join(LAYOUTS)}")
        if self.page_size not in ("a4", "letter"):
            raise ValueError(f"unknown page size {self.page_size!r}; choose a4 or letter")
        if self.orientation not in ("landscape", "portrait"):
            raise ValueError(f"unknown orientation {self.orientation!r}; choose landscape or portrait")

FORMATS = ("xlsx", "csv", "pdf", "html", "md", "docx")

_SUFFIXES = {".xlsx": "xlsx", ".csv": "csv", ".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md", ".docx": "docx"}


def format_for_path(path: str | Path) -> str | None:
    """The export format a file name asks for by its suffix, or None."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def write_sheet(
    sheet: Sheet,
    fmt: str,
    output: Path,
    *,
    long: bool = False,
    progress: Callable[[int, int], None] | None = None,
    options: Options | None = None,
) -> Path:
    """Write an already built sheet; see ``export_library``."""
    options = options or Options()
    options.check()
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if long and fmt != "csv":
        raise ValueError("the long (one row per quote) table is a CSV option; XLSX has it as its Evidence sheet")
    if long and sheet.transpose:
        raise ValueError("the long table has one row per quote; it cannot also be transposed")
    if options.sources and fmt != "csv":
        raise ValueError("the table of sources alone is a CSV option; the other formats list the sources")
    if options.sources and long:
        raise ValueError("choose the long table or the table of sources: a CSV file holds one table")
    output = Path(output)
    with collector_paused():
        return _write(sheet, fmt, output, long=long, progress=progress, options=options)


def _write(sheet: Sheet, fmt: str, output: Path, *, long: bool,
           progress: Callable[[int, int], None] | None, options: Options) -> Path:
    if fmt == "csv":
        from .csv_writer import write_csv

        return write_csv(sheet, output, long=long, sources=options.sources, progress=progress)
    if fmt == "docx":
        from .docx_writer import write_docx

        return write_docx(sheet, output, progress=progress, layout=options.layout, page_size=options.page_size,
                          orientation=options.orientation)
    if fmt == "xlsx":
        from .xlsx import write_xlsx

        return write_xlsx(sheet, output, progress=progress)
    if fmt == "html":
        from .html_writer import write_html

        return write_html(sheet, output, progress=progress, layout=options.layout)
    if fmt == "md":
        from .markdown import write_markdown

        return write_markdown(sheet, output, progress=progress)
    from .pdf import write_pdf

    return write_pdf(sheet, output, progress=progress, layout=options.layout, page_size=options.page_size,
                     orientation=options.orientation)


def export_library(
    library: Library,
    fmt: str,
    output: Path,
    *,
    study_ids: list[str] | None = None,
    field_keys: list[str] | None = None,
    transpose: bool = False,
    long: bool = False,
    progress: Callable[[int, int], None] | None = None,
    options: Options | None = None,
) -> Path:
    """Write ``library``'s comparison to ``output`` in ``fmt`` (one of ``FORMATS``).

    ``study_ids``/``field_keys``: None means all, in library order; a list means
    those, in that order (``UnknownSelection``, a ValueError, for an unknown one).
    ``long`` (CSV only): one row per quote. ``options``: layout, paper and
    the CSV table of sources (see ``Options``). ``progress(done, total)`` is called
    as rows are written, ending with ``done == total``; raising from it stops the
    export. No Qt is touched except for PDF; run it in a QThread to keep the UI
    responsive. The file is written atomically: a failed export leaves the old one.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    with collector_paused():
        sheet = build_sheet(library, study_ids=study_ids, field_keys=field_keys, transpose=transpose)
        return write_sheet(sheet, fmt, output, long=long, progress=progress, options=options)


__all__ = [
    "FORMATS",
    "LAYOUTS",
    "Options",
    "Sheet",
    "UnknownSelection",
    "build_sheet",
    "export_library",
    "export_time",
    "format_for_path",
    "resolve_layout",
    "write_sheet",
]
