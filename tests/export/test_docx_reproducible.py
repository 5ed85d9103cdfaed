"""A DOCX export is the same bytes whenever it is made: the zip members carry
the export's date, not the clock (python-docx stamps them with the time)."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

from comparator_gui.domain.library import Library
from comparator_gui.export import export_library


def test_two_exports_a_second_apart_are_identical(seed_library: Library, tmp_path: Path) -> None:
    first = export_library(seed_library, "docx", tmp_path / "a.docx").read_bytes()
    time.sleep(1.1)
    second = export_library(seed_library, "docx", tmp_path / "b.docx").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a.docx") as package:
        assert {info.date_time[:3] for info in package.infolist()} == {(2026, 1, 1)}  # SOURCE_DATE_EPOCH in conftest
        from docx import Document

        assert Document(tmp_path / "a.docx").paragraphs  # still a document Word and python-docx read
