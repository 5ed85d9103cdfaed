"""Comparison sheets that keep the evidence: XLSX, CSV, PDF, HTML, Markdown.

Every format is written from the same :class:`~.sheet.Sheet`, so they show the
same values, quotes, citations and statuses. Only ``export.pdf`` imports Qt,
and only when a PDF is written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..domain.collector import paused as collector_paused
from ..domain.library import Library
from .sheet import Sheet, UnknownSelection, build_sheet, export_time

FORMATS = ("xlsx", "csv", "pdf", "html", "md")

_SUFFIXES = {".xlsx": "xlsx", ".csv": "csv", ".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md"}


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
) -> Path:
    """Write an already built sheet; see ``export_library``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if long and fmt != "csv":
        raise ValueError("the long (one row per quote) table is a CSV option; XLSX has it as its Evidence sheet")
    if long and sheet.transpose:
        raise ValueError("the long table has one row per quote; it cannot also be transposed")
    output = Path(output)
    with collector_paused():
        return _write(sheet, fmt, output, long=long, progress=progress)


def _write(sheet: Sheet, fmt: str, output: Path, *, long: bool,
           progress: Callable[[int, int], None] | None) -> Path:
    if fmt == "csv":
        from .csv_writer import write_csv

        return write_csv(sheet, output, long=long, progress=progress)
    if fmt == "xlsx":
        from .xlsx import write_xlsx

        return write_xlsx(sheet, output, progress=progress)
    if fmt == "html":
        from .html_writer import write_html

        return write_html(sheet, output, progress=progress)
    if fmt == "md":
        from .markdown import write_markdown

        return write_markdown(sheet, output, progress=progress)
    from .pdf import write_pdf

    return write_pdf(sheet, output, progress=progress)


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
) -> Path:
    """Write ``library``'s comparison to ``output`` in ``fmt`` (one of ``FORMATS``).

    ``study_ids``/``field_keys``: None means all, in library order; a list means
    those, in that order (``UnknownSelection``, a ValueError, for an unknown one).
    ``long`` (CSV only): one row per quote. ``progress(done, total)`` is called
    as rows are written, ending with ``done == total``; raising from it stops the
    export. No Qt is touched except for PDF; run it in a QThread to keep the UI
    responsive. The file is written atomically: a failed export leaves the old one.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    with collector_paused():
        sheet = build_sheet(library, study_ids=study_ids, field_keys=field_keys, transpose=transpose)
        return write_sheet(sheet, fmt, output, long=long, progress=progress)


__all__ = [
    "FORMATS",
    "Sheet",
    "UnknownSelection",
    "build_sheet",
    "export_library",
    "export_time",
    "format_for_path",
    "write_sheet",
]
