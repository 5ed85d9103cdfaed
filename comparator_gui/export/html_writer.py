"""HTML: one self-contained file (inline CSS, no scripts, no remote assets) with
a print stylesheet. Everything that comes from a record or a source is escaped,
and only http(s) URLs become links."""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..domain.cell import DISPUTED_LABEL, NOT_REPORTED, NOTE_LABEL, QuotePresentation
from .files import Ticker, atomic_write_bytes
from .sheet import Cell, Header, Progress, Sheet, SourceRef
from .text import source_sentences

STYLE = """
:root { color-scheme: light; }
body { font: 14px/1.45 "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif; color: #1d232b;
  margin: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .2rem; }
.byline { color: #555; margin: 0 0 1rem; }
table.comparison { border-collapse: collapse; width: 100%; table-layout: fixed; }
.comparison th, .comparison td { border: 1px solid #c9d1dc; padding: .45rem .55rem; vertical-align: top;
  text-align: start; overflow-wrap: anywhere; }
.comparison thead th { background: #dde4ee; position: sticky; top: 0; }
.comparison thead th:first-child, .comparison tbody th { width: 14%; }
.comparison tbody th { background: #f1f3f6; }
.detail { display: block; font-weight: normal; font-size: .85em; color: #4a5360; }
.value { font-weight: 600; margin: 0 0 .25rem; }
.claim + .claim { border-top: 1px dashed #c77700; margin-top: .45rem; padding-top: .45rem; }
blockquote { margin: .15rem 0 .35rem .6rem; padding-left: .5rem; border-left: 3px solid #9db0c8;
  font-style: italic; color: #333; }
.cite { display: block; font-style: normal; font-size: .82em; color: #4a5360; }
td.disputed { background: #fdf1d6; border-left: 4px solid #c77700; }
.status { font-weight: 700; color: #8a4b00; margin: 0 0 .3rem; }
td.not-reported .missing { font-style: italic; color: #666; }
.note { font-size: .85em; color: #4a5360; }
.sources li { margin-bottom: .3rem; overflow-wrap: anywhere; }
footer { margin-top: 1.5rem; color: #555; font-size: .85em; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; font-size: 9pt; }
  .comparison thead { display: table-header-group; }
  .comparison thead th { position: static; }
  .comparison tr { break-inside: avoid; }
  td.disputed, .comparison thead th, .comparison tbody th {
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""


def _text(value: str) -> str:
    return escape(value, quote=True)


def _header(header: Header) -> str:
    detail = f'<span class="detail">{_text(header.detail)}</span>' if header.detail else ""
    return f'<th scope="col">{_text(header.label)}{detail}</th>'


def _cite(quote: QuotePresentation) -> str:
    if quote.source_number is None:
        return f'<cite class="cite">{_text(quote.citation)}</cite>'
    return f'<cite class="cite"><a href="#source-{quote.source_number}">{_text(quote.citation)}</a></cite>'


def _cell(cell: Cell) -> str:
    parts: list[str] = []
    if not cell.reported:
        parts.append(f'<p class="missing">{_text(NOT_REPORTED)}</p>')
    if cell.disputed:
        parts.append(f'<p class="status">{_text(DISPUTED_LABEL)}</p>')
    for claim in cell.claims:
        quotes = "".join(f'<blockquote dir="auto">{_text(q.quoted)}{_cite(q)}</blockquote>' for q in claim.quotes)
        # The label in the markup as it stands (it holds nothing to escape), the record's note escaped.
        note = f'<p class="note">{NOTE_LABEL}: {_text(claim.note)}</p>' if claim.note else ""
        parts.append(
            f'<div class="claim"><p class="value" dir="auto">{_text(claim.title)}</p>{quotes}{note}</div>'
        )
    if cell.note:
        parts.append(f'<p class="note">{NOTE_LABEL}: {_text(cell.note)}</p>')
    # data-status: disputed, not_reported, agreed (two or more sources) or reported (one).
    return (
        f'<td class="{cell.status_name.replace("_", "-")}" data-study="{_text(cell.study.id)}"'
        f' data-field="{_text(cell.field.key)}" data-status="{cell.status_name}">{"".join(parts)}</td>'
    )


def _source(source: SourceRef) -> str:
    title, *rest = source_sentences(source)
    bits = [f"<cite>{_text(title)}</cite>", *(_text(part) for part in rest)]
    if source.url.startswith(("https://", "http://")):
        bits.append(f'<a href="{_text(source.url)}">{_text(source.url)}</a>')
    elif source.url:
        bits.append(_text(source.url))
    return f'<li id="source-{source.number}" value="{source.number}">{" ".join(bits)}</li>'


def html_text(sheet: Sheet, *, progress: Progress | None = None) -> str:
    ticker = Ticker(progress, len(sheet.rows) + 1)
    body: list[str] = []
    for row in sheet.rows:
        detail = f'<span class="detail">{_text(row.header.detail)}</span>' if row.header.detail else ""
        cells = "".join(_cell(cell) for cell in row.cells)
        body.append(f'<tr><th scope="row">{_text(row.header.label)}{detail}</th>{cells}</tr>')
        ticker.step()
    head = "".join(_header(header) for header in sheet.columns)
    sources = "\n".join(_source(source) for source in sheet.sources)
    title = _text(sheet.library_name)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{_text(sheet.app)}">
<title>{title}: comparison</title>
<style>{STYLE}</style>
</head>
<body>
<header><h1>{title}</h1><p class="byline">{_text(sheet.byline)}</p></header>
<table class="comparison">
<thead><tr><th scope="col">{_text(sheet.corner)}</th>{head}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
<section class="sources"><h2>Sources</h2>
<ol>
{sources}
</ol>
</section>
<footer>{title} · {_text(sheet.byline)}</footer>
</body>
</html>
"""
    ticker.finish()
    return page


def write_html(sheet: Sheet, output: Path, *, progress: Progress | None = None) -> Path:
    atomic_write_bytes(output, html_text(sheet, progress=progress).encode("utf-8"))
    return output
