"""CSV: UTF-8 with a BOM (so Excel detects the encoding), RFC 4180 quoting.

The wide table has one column per study (or per field, transposed); ``long``
gives one row per quote instead (plus one row, without a quote, for each field
no source reports), each with the reviewer's notes that bear on it; ``sources``
gives the table of sources the citations' numbers point to. Each file is one
rectangular table, every row as wide as the header, with nothing after it, so
pandas, R and a strict csv reader read it as it is. Every cell that a
spreadsheet would read as a formula is neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from ..domain.cell import NOT_REPORTED, provenance_columns
from .files import Ticker, atomic_write_bytes
from .sheet import Progress, Sheet
from .text import neutralise

#: New columns go at the end, so scripts that read the columns by position keep working.
EVIDENCE_COLUMNS = (
    "Study ID", "Study", "Field key", "Field", "Status", "Claim", "Value",
    "Source", "Source ID", "Quote", "Start", "End", "Anchor", "Source title", "Note",
    "Claim added by", "Claim added at", "Quote added by", "Quote added at",
)
SOURCE_COLUMNS = ("Source", "Source ID", "Title", "Outlet", "Published", "URL", "Author", "Note")


def _wide_rows(sheet: Sheet, ticker: Ticker) -> Iterable[list[str]]:
    yield [sheet.corner, *(header.label for header in sheet.columns)]
    for row in sheet.rows:
        yield [row.header.label, *(cell.text for cell in row.cells)]
        ticker.step()


def _long_rows(sheet: Sheet, ticker: Ticker) -> Iterable[list[str]]:
    yield list(EVIDENCE_COLUMNS)
    for cell, claim, quote in sheet.evidence_rows():
        where = [cell.study.id, cell.study.label, cell.field.key, cell.field.label, cell.status_name]
        what = [str(claim.number), claim.labelled_value] if claim is not None else ["", NOT_REPORTED]
        if quote is None:
            found = ["", "", "", "", "", "", ""]
        else:
            source = sheet.source_of(quote)
            found = [
                source.tag if source else "", quote.source_id, quote.text, str(quote.start), str(quote.end),
                quote.anchor.value, source.display_title if source else "",
            ]
        yield [*where, *what, *found, cell.evidence_note(claim), *(value or "" for value in provenance_columns(claim, quote))]
    ticker.step(len(sheet.rows))


def _source_rows(sheet: Sheet, ticker: Ticker) -> Iterable[list[str]]:
    yield list(SOURCE_COLUMNS)
    for source in sheet.sources:
        yield [
            source.tag, source.id, source.display_title, source.outlet, source.published, source.url,
            source.author, source.note,
        ]
    ticker.step(len(sheet.rows))


def csv_text(sheet: Sheet, *, long: bool = False, sources: bool = False, progress: Progress | None = None) -> str:
    ticker = Ticker(progress, len(sheet.rows) + 1)
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    if sources:
        rows = _source_rows(sheet, ticker)
    else:
        rows = _long_rows(sheet, ticker) if long else _wide_rows(sheet, ticker)
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
    ticker.finish()
    return "\ufeff" + buffer.getvalue()


def write_csv(sheet: Sheet, output: Path, *, long: bool = False, sources: bool = False,
              progress: Progress | None = None) -> Path:
    atomic_write_bytes(output, csv_text(sheet, long=long, sources=sources, progress=progress).encode("utf-8"))
    return output
