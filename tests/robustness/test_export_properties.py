"""Property-based tests for the exports (landed in comparator_gui.export): any
text the loader accepts exports to every text format without a crash, and none
of it becomes markup or a formula. The export team's own hostile-value tests
(tests/export) check the exact rendering; these look for inputs they missed."""

from __future__ import annotations

import csv
import html.parser
import shutil
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comparator_gui.domain.loading import load_library
from comparator_gui.export import export_library
from comparator_gui.export.text import is_formula_like

from .helpers import SOURCE_TEXT, make_library, quote_study

# What the loader lets through: anything but NUL and lone surrogates.
_pieces = st.sampled_from(['<b>x</b>', '<img src="file:///etc/passwd">', '=HYPERLINK("http://x")', "+1", "-1",
                           "@A1", "\t=1", "\r=1", "\x0b", "\x1b[2J", "&amp;", "]]>", "😀", "\u202e"])
loadable_text = st.lists(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=10)
    | _pieces,
    min_size=1, max_size=4,
).map("".join)


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=loadable_text, title=loadable_text)
def test_any_loadable_text_exports_as_text(tmp_path: Path, value: str, title: str) -> None:
    root = tmp_path / "lib"
    shutil.rmtree(root, ignore_errors=True)
    study = quote_study("s1", SOURCE_TEXT, "100 million cells")
    study.title = study.short_title = title
    study.fields["dose"].claims[0].value = value
    make_library(root, studies=[study])
    library = load_library(root)
    assert library.errors == []
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)

    for fmt in ("csv", "md", "html", "xlsx"):
        export_library(library, fmt, out / f"sheet.{fmt}")

    with (out / "sheet.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            for cell in row:
                assert not is_formula_like(cell), cell

    parser = _Tags()
    parser.feed((out / "sheet.html").read_text(encoding="utf-8"))
    assert not {"b", "img", "script"} & set(parser.tags)

    workbook = openpyxl.load_workbook(out / "sheet.xlsx")
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value  # stored as text, never as a formula
    workbook.close()
