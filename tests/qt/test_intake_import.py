"""Add source → Import file… with a PDF and a RIS file made in the test: the form
is filled from the file (the reviewer confirms it), the text is the PDF's
verbatim, the PDF is what Add source keeps, and a second import of the same
article is named as a duplicate."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from comparator_gui.domain.editing import LibraryEditor, new_library
from comparator_gui.domain.intake.read import read_article_file
from comparator_gui.domain.loading import load_library
from comparator_gui.widgets.curation.source_dialog import SourceDialog

from ..domain.pdf_samples import column_lines, make_pdf


def _pdf(tmp_path: Path) -> Path:
    runs = [(72, 730, 18, "Neural Stem Cells in Chronic Spinal Cord Injury")]
    runs += column_lines(72, 690, ["Four patients received neural", "stem cells (NCT01772810)."])
    path = tmp_path / "ucsd.pdf"
    path.write_bytes(make_pdf([runs], info={"Author": "Joseph Ciacci; Martin Marsala", "CreationDate": "D:20180201"}))
    return path


def test_import_pdf_fills_the_form_and_keeps_the_pdf(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    root = new_library(tmp_path / "lib", "Intake")
    library = load_library(root)
    pdf = _pdf(tmp_path)
    dialog = SourceDialog(None, library)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(pdf), ""))
    dialog.import_button.click()
    assert dialog.title.text() == "Neural Stem Cells in Chronic Spinal Cord Injury"
    assert dialog.author.text() == "Joseph Ciacci; Martin Marsala"
    assert dialog.published.text() == "2018-02-01"
    assert dialog.origin.text() == "ucsd.pdf (text of 1 PDF page; the PDF is kept beside it)"
    assert not dialog.duplicate.isVisible() and dialog.ok_button.isEnabled()
    values = dialog.values()
    assert values["text"] == read_article_file(pdf)[0].text
    assert values["note"].endswith("NCT01772810")
    assert dialog.pdf_origin == pdf

    # what the curation feature does with it: the source, and its PDF on save
    editor = LibraryEditor(library)
    source = editor.add_source(**values)
    editor.pending_originals[source.id] = dialog.pdf_origin
    editor.save()
    assert (root / source.path).with_suffix(".pdf").read_bytes() == pdf.read_bytes()

    again = SourceDialog(None, library)
    qtbot.addWidget(again)
    again.show()
    assert again.load_file(pdf)
    assert again.duplicate.isVisible()
    assert again.duplicate.text() == (
        f"⚠ This article is the same text as the source “Neural Stem Cells in Chronic Spinal Cord Injury” ({source.id})."
    )
    # the reviewer edits the text: it is no longer the PDF's, so the PDF is not kept
    again.text.setPlainText(again.text.toPlainText() + " Edited.")
    assert again.pdf_origin is None


def test_import_ris_lists_its_references(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ris = tmp_path / "refs.ris"
    ris.write_text(
        "TY  - JOUR\nTI  - First trial\nAB  - Ten adults.\nER  -\n\nTY  - JOUR\nTI  - Second trial\nPY  - 2020\n"
        "AB  - Four patients.\nER  -\n",
        encoding="utf-8",
    )
    dialog = SourceDialog(None, None)
    qtbot.addWidget(dialog)
    assert dialog.load_file(ris)
    assert [dialog.reference.itemText(i) for i in range(dialog.reference.count())] == ["First trial", "Second trial"]
    dialog.reference.setCurrentIndex(1)
    assert dialog.title.text() == "Second trial" and dialog.published.text() == "2020"
    assert dialog.values()["text"] == "Second trial\n\nFour patients.\n"
