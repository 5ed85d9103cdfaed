"""Two reviewers' copies compared, as text lines and as one HTML page. No Qt.

What ``comparator-gui compare-libraries A B`` prints and writes with ``--html``.
Everything that came from a record is escaped.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..domain.compare import (
    OUTCOME_WORDS,
    Comparison,
    Difference,
    FieldFigures,
    Kappa,
    Outcome,
    attribute_value,
)
from ..domain.library import Library
from ..domain.storage import atomic_write_text


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def kappa_text(k: Kappa) -> str:
    value = "undefined (one category only)" if k.kappa is None else f"{k.kappa:.3f}"
    return f"κ {k.name}: {value} (n={k.n}, p_o={k.observed:.3f}, p_e={k.expected:.3f})"


def figures_text(f: FieldFigures) -> str:
    return (f"{f.key}: {f.agreeing}/{f.cells} agree ({_percent(f.percent_agreement)}), "
            f"quote overlap {_ratio(f.quote_overlap)}")


def side_text(library: Library, item: Difference) -> str:
    """What one copy holds for ``item``, in one line."""
    try:
        study = library.study(item.study_id)
    except KeyError:
        return "(no such study)"
    if not item.field_key:
        return study.title
    if item.is_attribute:
        return attribute_value(study, item.attribute)
    claims = study.field(item.field_key).claims
    if not claims:
        return "not reported"
    return " ‖ ".join(f"{c.value} [{len(c.evidence)} quote(s)]" for c in claims)


def report_lines(comparison: Comparison) -> list[str]:
    lines = [f"A: {comparison.a.root}", f"B: {comparison.b.root}", ""]
    differences = comparison.differences
    lines.append(f"{len(differences)} difference(s)")
    for item in differences:
        lines.append(item.describe())
        if item.outcome is not Outcome.ONLY_B:
            lines.append(f"  A: {side_text(comparison.a, item)}")
        if item.outcome is not Outcome.ONLY_A:
            lines.append(f"  B: {side_text(comparison.b, item)}")
    lines += ["", "Agreement (a cell agrees when its values or its quotes are the same):",
              figures_text(comparison.overall)]
    lines += [f"  {figures_text(f)}" for f in comparison.fields]
    lines += ["", "Cohen's kappa, categorical attributes and facets:"]
    lines += [f"  {kappa_text(k)}" for k in comparison.kappas]
    lines += ["", "Quote overlap by source (code points quoted by both / by either):"]
    lines += [f"  {source}: {value:.3f}" for source, value in comparison.source_overlap.items()]
    for source in comparison.source_conflicts:
        lines.append(f"warning: source {source} has other text in A and B (SHA-256 differs)")
    return lines


_STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin-bottom: 2em; }
th, td { border: 1px solid #bbb; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eee; }
td.differ { background: #fff3cd; } td.only_a, td.only_b { background: #e8f0fe; }
"""


def report_html(comparison: Comparison) -> str:
    e = escape
    rows = []
    for item in comparison.differences:
        rows.append(
            f"<tr><td>{e(item.study_id)}</td><td>{e(item.field_key or '(study)')}</td>"
            f"<td class='{e(item.outcome.value)}'>{e(OUTCOME_WORDS[item.outcome])}"
            f"{(' · ' + e(', '.join(item.kinds))) if item.kinds else ''}</td>"
            f"<td>{e(side_text(comparison.a, item)) if item.outcome is not Outcome.ONLY_B else '—'}</td>"
            f"<td>{e(side_text(comparison.b, item)) if item.outcome is not Outcome.ONLY_A else '—'}</td></tr>"
        )
    figures = [
        f"<tr><td>{e(f.key)}</td><td>{f.agreeing}/{f.cells}</td><td>{_percent(f.percent_agreement)}</td>"
        f"<td>{_ratio(f.quote_overlap)}</td></tr>"
        for f in [comparison.overall, *comparison.fields]
    ]
    kappas = [
        f"<tr><td>{e(k.name)}</td><td>{k.n}</td><td>{k.observed:.3f}</td><td>{k.expected:.3f}</td>"
        f"<td>{'undefined' if k.kappa is None else f'{k.kappa:.3f}'}</td></tr>"
        for k in comparison.kappas
    ]
    return "\n".join([
        "<!DOCTYPE html>", "<html lang='en'><head><meta charset='utf-8'>",
        "<title>Two copies compared</title>", f"<style>{_STYLE}</style></head><body>",
        "<h1>Two copies compared</h1>",
        f"<p>A: <code>{e(str(comparison.a.root))}</code><br>B: <code>{e(str(comparison.b.root))}</code></p>",
        f"<h2>Differences ({len(comparison.differences)})</h2>",
        "<table><tr><th>Study</th><th>Field</th><th>Outcome</th><th>A</th><th>B</th></tr>", *rows, "</table>",
        "<h2>Agreement</h2><p>A cell agrees when its values or its quotes are the same; "
        "quote overlap is the code points quoted by both copies over those quoted by either.</p>",
        "<table><tr><th>Field</th><th>Agree</th><th>Percent</th><th>Quote overlap</th></tr>", *figures, "</table>",
        "<h2>Cohen's κ</h2><p>κ = (p<sub>o</sub> − p<sub>e</sub>) / (1 − p<sub>e</sub>)</p>",
        "<table><tr><th>Item</th><th>n</th><th>p<sub>o</sub></th><th>p<sub>e</sub></th><th>κ</th></tr>",
        *kappas, "</table>", "</body></html>", "",
    ])


def write_report_html(comparison: Comparison, path: Path) -> None:
    atomic_write_text(path, report_html(comparison))
