"""Markdown read back: the table's cells hold the values, each quote is a
numbered footnote, and record text cannot open tags, links or cells."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from comparator_gui.domain.library import Library
from comparator_gui.export import export_library
from comparator_gui.export.markdown import md
from tests.export.conftest import (
    ARABIC,
    EMOJI,
    HOSTILE_ID,
    HOSTILE_LABEL,
    QUOTES,
    SCRIPT,
    VALUES,
    Hostile,
    check_source_entry,
)
from tests.export.test_html import shown

PIPE = re.compile(r"(?<!\\)\|")
NOTE_REF = re.compile(r"\[\^(\d+)\]")


def plain(markdown: str) -> str:
    """What a reader sees of inline Markdown text: escapes and entities undone."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown))


def read(path: Path) -> tuple[list[list[str]], dict[int, str], list[str]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    rows = [[c.strip() for c in PIPE.split(line)[1:-1]] for line in lines if line.startswith("|")]
    notes = {}
    for line in lines:
        match = re.match(r"\[\^(\d+)\]: (.*)$", line)
        if match:
            notes[int(match.group(1))] = match.group(2)
    return rows, notes, lines


def claims_in(cell: str) -> list[tuple[str, list[int]]]:
    """Each claim of a cell: its value text and the footnote numbers after it."""
    out = []
    for part in cell.split("<br>"):
        refs = [int(n) for n in NOTE_REF.findall(part)]
        if refs:
            out.append((plain(NOTE_REF.split(part)[0]), refs))
    return out


def test_markdown_table_with_footnoted_quotes(tmp_path: Path, seed_library: Library) -> None:
    rows, notes, lines = read(export_library(seed_library, "md", tmp_path / "cmp.md"))
    head, rule, *body = rows
    assert set("".join(rule)) == {"-"}
    assert len({len(row) for row in rows}) == 1
    assert [plain(h.split("<br>")[0]).strip("*") for h in head[1:]] == [s.short_title for s in seed_library.studies]
    assert sorted(notes) == list(range(1, len(seed_library.evidence) + 1))
    labels = {f.key: f.label for f in seed_library.catalogue}
    by_label = {plain(row[0]).strip("*"): row for row in body}
    for column, study in enumerate(seed_library.studies, start=1):
        for key, entry in study.fields.items():
            got = claims_in(by_label[labels[key]][column])
            assert [v.removeprefix(f"Claim {i}: ") for i, (v, _) in enumerate(got, 1)] == [shown(c) for c in entry.claims]
            for (_, refs), claim in zip(got, entry.claims, strict=True):
                assert [plain(notes[n]).split("” (")[0] + "”" for n in refs] == [f"“{e.exact}”" for e in claim.evidence]
    assert plain(by_label["Funding"][1]).startswith("*not reported*")
    start = lines.index("## Sources") + 2
    entries = lines[start : start + len(seed_library.meta.sources)]
    for number, (entry, source) in enumerate(zip(entries, seed_library.meta.sources, strict=True), start=1):
        assert entry.startswith(f"{number}. ")
        check_source_entry(plain(entry.removeprefix(f"{number}. ")), source)
    assert any(line.endswith("<https://medicalxpress.com/news/2025-03-japanese-scientists-stem-cell-treatment.html>") for line in lines)
    assert lines[0] == f"# {seed_library.name}"
    assert plain(lines[2]) == "Exported 2026-01-01 by Study Comparator 0.1.0"


def test_hostile_record_stays_inert_in_markdown(tmp_path: Path, hostile: Hostile) -> None:
    out = export_library(hostile.library, "md", tmp_path / "h.md", study_ids=[HOSTILE_ID])
    text = out.read_text(encoding="utf-8")
    assert "<script" not in text and "<b>" not in text and "<img" not in text and "<i>" not in text
    assert "](javascript" not in text and "<javascript" not in text
    rows, notes, _ = read(out)
    assert len({len(row) for row in rows}) == 1 and len(rows[0]) == 2
    labels = {f.key: f.label for f in hostile.library.catalogue}
    by_label = {plain(row[0]).strip("*"): row[1] for row in rows[2:]}
    for key, values in VALUES.items():
        got = claims_in(by_label[labels[key]])
        expected = [" ".join(v.split()) for v in values]
        assert [v.removeprefix(f"Claim {i}: ") if len(values) > 1 else v for i, (v, _) in enumerate(got, 1)] == expected
        refs = [n for _, ns in got for n in ns]
        assert [plain(notes[n]).split("” (")[0] + "”" for n in refs] == [f"“{q}”" for q in QUOTES[key]]
    assert claims_in(by_label["Institution and team"])[0][0] == SCRIPT
    assert claims_in(by_label["Follow-up"])[0][0] == f"{ARABIC} {EMOJI}"


def test_markdown_renders_to_a_table_without_live_html(tmp_path: Path, hostile: Hostile) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    from tests.export.test_html import Page

    out = export_library(hostile.library, "md", tmp_path / "h.md")
    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(out.read_text(encoding="utf-8"))
    page = Page()
    page.feed(rendered)
    assert "script" not in page.tags and "img" not in page.tags and "i" not in page.tags
    assert "javascript:alert(1)" not in page.links
    assert page.tags.count("table") == 1
    assert len(page.rows) == len(hostile.library.catalogue) + 1
    assert {len(row) for row in page.rows} == {len(hostile.library.studies) + 1}
    assert SCRIPT in "".join(page.text)



RECORD_TEXT = [
    "Bone & Joint Research",
    "p < 0.05 and n > 3",
    "AT&T &amp; &#60;b&#62; &copy;",
    "<b>bold</b> <!-- c --> <?php ?> <https://x.test> <javascript:alert(1)>",
    "*stars* _under_ `code` [link](https://x.test) ![img](x.png) ~~gone~~ $x$ a|b \\ back",
]


@pytest.mark.parametrize("text", RECORD_TEXT)
def test_md_reads_as_written_and_renders_as_text(text: str) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    from tests.export.test_html import Page

    escaped = md(text)
    # Rendered as a table cell, the reader sees exactly the record's text, with no live markup.
    rendered = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(
        f"| a |\n|---|\n| {escaped} |\n"
    )
    page = Page()
    page.feed(rendered)
    assert set(page.tags) == {"table", "thead", "tr", "th", "tbody", "td"}, (escaped, rendered)
    assert page.links == []
    assert "".join(page.rows[1][0]["text"]).strip() == text  # type: ignore[arg-type]
    # Read as plain Markdown, text with nothing to hide is left alone.
    if text in ("Bone & Joint Research", "p < 0.05 and n > 3"):
        assert escaped == text


def test_markdown_keeps_ampersands_readable_and_notes_one_way(tmp_path: Path, hostile: Hostile) -> None:
    text = export_library(hostile.library, "md", tmp_path / "h.md").read_text(encoding="utf-8")
    assert "&amp;" not in text
    assert HOSTILE_LABEL.replace("<", "&lt;") in text  # 'Hostile &lt;b>study&lt;/b> & "friends"'
    notes = [
        note for study in hostile.library.studies for entry in study.fields.values()
        for note in [entry.note, *(c.note for c in entry.claims)] if note
    ]
    assert len(notes) >= 5
    for note in notes:
        # Each note, from a claim or a field, on its own line of the cell and labelled the same way.
        assert f"<br>*Reviewer's note:* {md(note)}" in text, note
    assert "(Reviewer's note" not in text
