"""HTML read back with html.parser: the table's cells hold the right values and
quotes, everything from a record is text, and the file needs nothing else."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from comparator_gui.domain.cell import NOT_REPORTED_KIND, QUOTED_NOTE_KIND
from comparator_gui.domain.library import Library
from comparator_gui.domain.models import Claim, ClaimKind
from comparator_gui.export import export_library
from tests.export.conftest import (
    ARABIC,
    EMOJI,
    HOSTILE_LABEL,
    QUOTES,
    SCRIPT,
    VALUES,
    Hostile,
    check_source_entry,
)


class Page(HTMLParser):
    """Collects the comparison table as rows of cells (text, attributes, parts),
    every start tag seen, and every href/src."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.links: list[str] = []
        self.rows: list[list[dict[str, object]]] = []
        self.cell: dict[str, object] | None = None
        self.part: list[str] | None = None
        self.sources: list[str] = []
        self.source: list[str] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        self.links += [v for k, v in attrs if k in ("href", "src") and v]
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.cell = {"tag": tag, "attrs": found, "text": [], "values": [], "quotes": []}
            self.rows[-1].append(self.cell)
        elif tag == "p" and self.cell is not None and found.get("class") == "value":
            self.part = []
            self.cell["values"].append(self.part)  # type: ignore[attr-defined]
        elif tag == "blockquote" and self.cell is not None:
            self.part = []
            self.cell["quotes"].append(self.part)  # type: ignore[attr-defined]
        elif tag == "cite":
            self.part = None
        elif tag == "li" and ("class", "level") not in attrs:  # the sources' list, not the levels' legend
            self.source = []
            self.sources.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.cell = None
        if tag in ("p", "blockquote"):
            self.part = None
        if tag == "li" and self.source is not None:
            self.sources[-1] = "".join(self.source)
            self.source = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.cell is not None:
            self.cell["text"].append(data)  # type: ignore[attr-defined]
        if self.part is not None:
            self.part.append(data)
        if self.source is not None:
            self.source.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def cells(page: Page) -> dict[tuple[str, str], dict[str, object]]:
    def label(cell: dict[str, object]) -> str:
        return "".join(cell["text"][:1])  # type: ignore[index]

    head, *body = page.rows
    return {(label(row[0]), label(head[c])): row[c] for row in body for c in range(1, len(head))}


def joined(parts: object) -> list[str]:
    return ["".join(p) for p in parts]  # type: ignore[attr-defined]


def shown(claim: Claim) -> str:
    """A claim's value as every export shows it: a claim that is not a value says what it is."""
    if claim.kind is ClaimKind.NOT_REPORTED:
        return f"{NOT_REPORTED_KIND}: {claim.value}"
    return f"{QUOTED_NOTE_KIND}: {claim.value}" if claim.kind is ClaimKind.NOTE else claim.value


def test_html_cells_hold_values_and_quotes(tmp_path: Path, seed_library: Library) -> None:
    page = parse(export_library(seed_library, "html", tmp_path / "cmp.html"))
    grid = cells(page)
    labels = {f.key: f.label for f in seed_library.catalogue}
    for study in seed_library.studies:
        for key, entry in study.fields.items():
            cell = grid[(labels[key], study.short_title)]
            assert cell["attrs"]["data-study"] == study.id  # type: ignore[index]
            values = joined(cell["values"])
            quotes = joined(cell["quotes"])
            assert [v.removeprefix(f"Claim {i}: ") for i, v in enumerate(values, 1)] == [shown(c) for c in entry.claims]
            assert quotes == [f"“{e.exact}”" for c in entry.claims for e in c.evidence]
    osaka = seed_library.study("osaka-adsc-spheroids").short_title
    assert grid[("Subjects", osaka)]["attrs"]["class"] == "disputed"  # type: ignore[index]
    assert "DISPUTED" in "".join(grid[("Subjects", osaka)]["text"])  # type: ignore[arg-type]
    keio = seed_library.study("keio-ips-nsc-sci").short_title
    assert "".join(grid[("Funding", keio)]["text"]).startswith("not reported")  # type: ignore[arg-type]
    assert len(page.sources) == len(seed_library.meta.sources)
    for entry, source in zip(page.sources, seed_library.meta.sources, strict=True):
        check_source_entry(entry, source)
    text = "".join(page.text)
    assert seed_library.name in text and "Exported 2026-01-01 by Study Comparator 0.1.0" in text


def test_html_is_self_contained_with_a_print_stylesheet(tmp_path: Path, seed_library: Library) -> None:
    out = export_library(seed_library, "html", tmp_path / "cmp.html")
    page = parse(out)
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert all(link.startswith(("#", "https://", "http://")) for link in page.links)
    assert not [link for link in page.links if link.startswith("http") and "medicalxpress" not in link]
    source = out.read_text(encoding="utf-8")
    assert "@media print" in source and "table-header-group" in source


def test_hostile_record_is_text_in_html(tmp_path: Path, hostile: Hostile) -> None:
    page = parse(export_library(hostile.library, "html", tmp_path / "h.html"))
    assert "script" not in page.tags and "img" not in page.tags and "b" not in page.tags and "i" not in page.tags
    assert "javascript:alert(1)" not in page.links
    grid = cells(page)
    labels = {f.key: f.label for f in hostile.library.catalogue}
    for key, values in VALUES.items():
        cell = grid[(labels[key], HOSTILE_LABEL)]
        got = [v.removeprefix(f"Claim {i}: ") if len(values) > 1 else v for i, v in enumerate(joined(cell["values"]), 1)]
        assert got == values
        assert joined(cell["quotes"]) == [f"“{q}”" for q in QUOTES[key]]
    assert joined(grid[("Institution and team", HOSTILE_LABEL)]["values"]) == [SCRIPT]
    assert joined(grid[("Follow-up", HOSTILE_LABEL)]["values"]) == [f"{ARABIC} {EMOJI}"]
    hostile_source = next(s for s in page.sources if s.startswith("Notes"))
    assert SCRIPT in hostile_source and "<i>Outlet</i> & Co" in hostile_source and "javascript:alert(1)" in hostile_source


def test_data_status_says_reported_for_one_source_and_agreed_only_for_several(
    tmp_path: Path, seed_library: Library
) -> None:
    grid = cells(parse(export_library(seed_library, "html", tmp_path / "cmp.html")))
    labels = {f.key: f.label for f in seed_library.catalogue}
    seen = set()
    for study in seed_library.studies:
        for key, entry in study.fields.items():
            attrs = grid[(labels[key], study.short_title)]["attrs"]
            sources = {e.source for c in entry.claims for e in c.evidence}
            if not entry.values:  # quotes that show it is not given leave it not reported
                expected = "not_reported"
            elif len({" ".join(c.value.casefold().split()) for c in entry.values}) > 1:
                expected = "disputed"
            else:
                expected = "agreed" if len(sources) > 1 else "reported"
            assert attrs["data-status"] == expected, (study.id, key)  # type: ignore[index]
            assert attrs["class"] == expected.replace("_", "-")  # type: ignore[index]
            seen.add(expected)
    assert {"reported", "agreed", "disputed", "not_reported"} <= seen
