"""An imported PDF kept beside its text on save, and `comparator-gui add-source`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from comparator_gui.cli import main
from comparator_gui.domain.editing import LibraryEditor, new_library
from comparator_gui.domain.intake.read import read_article_file
from comparator_gui.domain.intake.store import add_imported_source, source_pdf
from comparator_gui.domain.loading import load_library

from .pdf_samples import make_pdf


def _pdf(tmp_path: Path) -> Path:
    path = tmp_path / "trial.pdf"
    path.write_bytes(
        make_pdf(
            [[(72, 720, 18, "Neural stem cells in four patients"), (72, 690, 11, "Four patients were treated (NCT01321333).")]],
            info={"Author": "R. Ciacci", "CreationDate": "D:20250101"},
        )
    )
    return path


def test_pdf_kept_beside_its_text_only_on_save(tmp_path: Path) -> None:
    root = new_library(tmp_path / "lib", "Test")
    editor = LibraryEditor(load_library(root))
    (article,) = read_article_file(_pdf(tmp_path))
    source = add_imported_source(editor, article)
    assert source.title == "Neural stem cells in four patients"
    assert source.author == "R. Ciacci" and source.published == "2025-01-01"
    assert source.note == "Imported from trial.pdf, its text extracted from the PDF (kept beside it). NCT01321333"
    assert not (root / "sources").exists() or not list((root / "sources").glob("*"))
    written = editor.save()
    text_path = root / source.path
    assert text_path in written and text_path.with_suffix(".pdf") in written
    assert text_path.read_text(encoding="utf-8") == article.text
    assert text_path.with_suffix(".pdf").read_bytes() == _pdf(tmp_path).read_bytes()
    assert source_pdf(load_library(root), source) == text_path.with_suffix(".pdf")


def test_add_source_cli_new_study_then_duplicate_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = new_library(tmp_path / "lib", "Test")
    pdf = _pdf(tmp_path)
    assert main(["add-source", str(pdf), "--library", str(root), "--new-study", "UCSD neural stem cells"]) == 0
    out = capsys.readouterr().out.strip().split("\t")
    source_id, path, study_id = out[0], out[1], out[2]
    assert (root / path).with_suffix(".pdf").is_file()
    study = json.loads((root / "studies" / f"{study_id}.json").read_text(encoding="utf-8"))
    assert study["sources"] == [source_id] and study["title"] == "UCSD neural stem cells"
    assert main(["add-source", str(pdf), "--library", str(root), "--study", study_id]) == 1
    err = capsys.readouterr().err
    assert f"skipped: This article is the same text as the source “Neural stem cells in four patients” ({source_id})." in err


def test_add_source_cli_bad_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = new_library(tmp_path / "lib", "Test")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 nothing")
    assert main(["add-source", str(bad), "--library", str(root), "--new-study", "X"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: bad.pdf is not a readable PDF") and err.count("\n") == 1
    assert list((root / "studies").glob("*.json")) == []
