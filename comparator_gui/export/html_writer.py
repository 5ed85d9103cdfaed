"""HTML: one self-contained file (inline CSS, no scripts, no remote assets) with
a print stylesheet. Everything that comes from a record or a source is escaped,
and only http(s) URLs become links.

Up to six columns of values (see ``export.layout``) the comparison is one
table whose columns keep a readable minimum width: a wider table scrolls
sideways inside its box, its header row and label column staying in view.
Past that, one table per study (the per-study layout), each headed by the
study's title and evidence level."""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..domain.cell import DISPUTED_LABEL, NOT_REPORTED, NOTE_LABEL, QuotePresentation
from .files import Ticker, atomic_write_bytes
from .layout import resolve_layout, study_blocks
from .sheet import LEVELS_HEADING, Cell, Header, Progress, Sheet, SourceRef
from .text import source_sentences

STYLE = """
:root { color-scheme: light; }
body { font: 14px/1.45 "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif; color: #1d232b;
  margin: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .2rem; }
.byline { color: #555; margin: 0 0 1rem; }
.scroll { overflow: auto; max-height: 85vh; border: 1px solid #c9d1dc; }
table.comparison { border-collapse: separate; border-spacing: 0; width: 100%; }
.comparison th, .comparison td { border: 1px solid #c9d1dc; border-width: 0 1px 1px 0; padding: .45rem .55rem;
  vertical-align: top; text-align: start; overflow-wrap: break-word; min-width: 16rem; }
.comparison thead th { background: #dde4ee; position: sticky; top: 0; z-index: 2; }
.comparison thead th:first-child, .comparison tbody th { min-width: 9rem; width: 11rem; position: sticky;
  left: 0; z-index: 1; }
.comparison thead th:first-child { z-index: 3; }
.comparison tbody th { background: #f1f3f6; }
table.study { border-collapse: collapse; width: 100%; margin: 0 0 1.5rem; }
.study th, .study td { border: 1px solid #c9d1dc; padding: .45rem .55rem; vertical-align: top; text-align: start;
  overflow-wrap: break-word; }
.study tbody th { background: #f1f3f6; width: 22%; }
.study tr.section th { background: #e8ecf2; color: #4a5360; font-size: .85em; width: auto; }
section.study-block h2 { font-size: 1.15rem; margin: 1.2rem 0 .2rem; }
nav.studies ol { columns: 2 22rem; margin: 0 0 1rem; }
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
  .scroll { overflow: visible; max-height: none; border: 0; }
  .comparison th, .comparison td { min-width: 0; }
  .comparison thead { display: table-header-group; }
  .comparison thead th, .comparison tbody th { position: static; }
  .comparison tr, .study tr { break-inside: avoid; }
  section.study-block h2 { break-after: avoid; }
  td.disputed, .comparison thead th, .comparison tbody th, .study th {
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


def _grid(sheet: Sheet, ticker: Ticker) -> str:
    body: list[str] = []
    for row in sheet.rows:
        detail = f'<span class="detail">{_text(row.header.detail)}</span>' if row.header.detail else ""
        cells = "".join(_cell(cell) for cell in row.cells)
        body.append(f'<tr><th scope="row">{_text(row.header.label)}{detail}</th>{cells}</tr>')
        ticker.step()
    head = "".join(_header(header) for header in sheet.columns)
    return f"""<div class="scroll">
<table class="comparison">
<thead><tr><th scope="col">{_text(sheet.corner)}</th>{head}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
</div>"""


def _per_study(sheet: Sheet, ticker: Ticker) -> str:
    blocks = []
    for block in study_blocks(sheet):
        study = block.study
        detail = " · ".join(part for part in (study.institution, study.id) if part)
        rows = []
        for section in block.sections:
            rows.append(f'<tr class="section"><th colspan="2" scope="rowgroup">{_text(section.title)}</th></tr>')
            rows += [f'<tr><th scope="row">{_text(cell.field.label)}</th>{_cell(cell)}</tr>' for cell in section.cells]
        blocks.append(
            f'<section class="study-block" id="study-{_text(study.id)}"><h2>{_text(block.heading)}</h2>'
            f'<p class="detail">{_text(detail)}</p><table class="study">{"".join(rows)}</table></section>'
        )
        ticker.step()
    # A list of the studies first, each linked to its block: hundreds of blocks need a way in.
    index = "".join(
        f'<li><a href="#study-{_text(block.study.id)}">{_text(block.heading)}</a></li>' for block in study_blocks(sheet)
    )
    return f'<nav class="studies"><ol>{index}</ol></nav>\n' + "\n".join(blocks)


def _legend(sheet: Sheet) -> str:
    """The evidence levels the exported studies have, and what the scale is."""
    if not sheet.legend:
        return ""
    *levels, note = sheet.legend
    items = "\n".join(f'<li class="level">{_text(line)}</li>' for line in levels)
    return f'<section class="levels"><h2>{LEVELS_HEADING}</h2>\n<ul>\n{items}\n</ul>\n<p class="note">{_text(note)}</p>\n</section>'


def html_text(sheet: Sheet, *, progress: Progress | None = None, layout: str = "auto") -> str:
    chosen = resolve_layout(sheet, layout)
    ticker = Ticker(progress, (len(sheet.rows) if chosen == "grid" else len(sheet.studies)) + 1)
    content = _grid(sheet, ticker) if chosen == "grid" else _per_study(sheet, ticker)
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
{content}
<section class="sources"><h2>Sources</h2>
<ol>
{sources}
</ol>
</section>
{_legend(sheet)}
<footer>{title} · {_text(sheet.byline)}</footer>
</body>
</html>
"""
    ticker.finish()
    return page


def write_html(sheet: Sheet, output: Path, *, progress: Progress | None = None, layout: str = "auto") -> Path:
    atomic_write_bytes(output, html_text(sheet, progress=progress, layout=layout).encode("utf-8"))
    return output
