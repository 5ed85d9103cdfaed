"""A cell reads the same in the grid, on a slide and in the exports: each of
them takes its words from the presenter (domain/cell.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from comparator_gui.domain.cell import present_cell
from comparator_gui.domain.library import Library
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.slides import FieldSlide, build_slides
from comparator_gui.domain.view import Layout
from comparator_gui.export import build_sheet, export_library
from comparator_gui.qt.item_data import item_data
from comparator_gui.qt.roles import Role
from comparator_gui.qt.text import tooltip_html
from comparator_gui.widgets.grid.delegate import CellDelegate
from comparator_gui.widgets.grid.model import ComparisonModel
from tests.conftest import SEEDS

OSAKA = "osaka-adsc-spheroids"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(SEEDS)


def _cells(library: Library) -> list[tuple[str, str]]:
    return [(study.id, definition.key) for study in library.studies for definition in library.catalogue]


def test_the_grid_shows_the_presenters_words(qapp: QApplication, library: Library) -> None:
    model = ComparisonModel()
    model.set_library(library, Layout([s.id for s in library.studies], [d.key for d in library.catalogue]))
    labels = {definition.key: definition.label for definition in library.catalogue}
    for study_id, key in _cells(library):
        shown = present_cell(library, library.study(study_id), key)
        index = model.index_of(study_id, key)
        assert item_data(index) == shown.value_text
        assert item_data(index, Role.STATUS_LINE) == shown.status_line
        assert CellDelegate._status_text(index) == shown.status_line  # the line the delegate paints
        assert item_data(index, Role.STATUS) is shown.status
        tooltip = item_data(index, Qt.ItemDataRole.ToolTipRole)
        assert tooltip == tooltip_html(shown.detail_lines(), shown.heading(labels[key]))
        assert all(f"{claim.title} — {claim.cited}" in shown.detail_lines() for claim in shown.claims)
    osaka = model.index_of(OSAKA, "subjects")
    assert item_data(osaka, Role.STATUS_LINE) == "⚠ DISPUTED · 2 claims · 4 quotes"


def test_a_slide_shows_the_presenters_words(library: Library) -> None:
    keys = [definition.key for definition in library.catalogue]
    slides = build_slides(library, [s.id for s in library.studies], keys)
    for slide in slides[1:]:
        assert isinstance(slide, FieldSlide)
        for cell in slide.cells:
            shown = present_cell(library, library.study(cell.study_id), slide.key)
            assert cell.status is shown.status and cell.note_text == shown.note_text
            assert [claim.value for claim in cell.claims] == [claim.labelled_value for claim in shown.claims]
            for on_slide, claim in zip(cell.claims, shown.claims, strict=True):
                quote = next(quote for quote in claim.quotes if quote.text == on_slide.quote)
                assert on_slide.quoted == quote.quoted
                assert on_slide.citation.startswith(f"— {quote.source_name}")
                assert on_slide.note_text == claim.note_text


def test_csv_and_xlsx_cells_are_the_presenters_text(tmp_path: Path, library: Library) -> None:
    sheet = build_sheet(library)
    numbers = {source.id: source.number for source in sheet.sources}
    labels = {definition.key: definition.label for definition in library.catalogue}
    studies = {study.id: study.short_title for study in library.studies}
    expected = {
        (labels[key], studies[study_id]): present_cell(
            library, library.study(study_id), key, source_numbers=numbers
        ).text
        for study_id, key in _cells(library)
    }

    with export_library(library, "csv", tmp_path / "cmp.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    head, *body = rows  # issue 15: the CSV is the table alone, nothing after it
    assert {(row[0], head[col]): row[col] for row in body for col in range(1, len(head))} == expected

    book = openpyxl.load_workbook(export_library(library, "xlsx", tmp_path / "cmp.xlsx"))
    ws = book["Comparison"]
    head = [c.value for c in ws[1]]
    found = {}
    for row in ws.iter_rows(min_row=2):
        if row[0].value is None:
            break
        for col in range(1, len(head)):
            found[(row[0].value, head[col].split("\n")[0])] = row[col].value
    assert found == expected
    osaka = library.study(OSAKA).short_title
    assert found[("Subjects", osaka)].startswith("DISPUTED: the sources differ\nClaim 1: Rats")
