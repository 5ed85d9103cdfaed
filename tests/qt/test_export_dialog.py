"""File → Export… from the window: DOCX is offered, a CSV export writes the
comparison and its sources as two tables, and Cancel stops a long export
leaving the file on disk as it was."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QPushButton

from comparator_gui.widgets.export.feature import FILTERS, sources_path
from comparator_gui.widgets.main_window import MainWindow
from tests.conftest import SEEDS


@pytest.fixture
def window(qtbot):  # type: ignore[no-untyped-def]
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    return win


def _load(qtbot, win: MainWindow, path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(win.library_loaded, timeout=10_000):
        win.open_library(path)


def _export_to(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, target: Path, chosen: str = "") -> None:  # type: ignore[no-untyped-def]
    _load(qtbot, window, SEEDS)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), chosen))


def test_the_dialog_offers_word(qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import docx

    assert "Word document (*.docx)" in FILTERS.split(";;")
    target = tmp_path / "sheet"  # no suffix: the chosen filter's
    _export_to(qtbot, window, monkeypatch, target, "Word document (*.docx)")
    with qtbot.waitSignal(window.export_finished, timeout=30_000) as blocker:
        window.actions_["export.export"].trigger()
    assert blocker.args == [tmp_path / "sheet.docx"]
    text = "\n".join(p.text for t in docx.Document(str(tmp_path / "sheet.docx")).tables
                     for row in t.rows for c in row.cells for p in c.paragraphs)
    assert "10 adults with spinal injuries" in text


def test_csv_from_the_window_writes_two_tables(qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "sheet.csv"
    _export_to(qtbot, window, monkeypatch, target)
    with qtbot.waitSignal(window.export_finished, timeout=30_000):
        window.actions_["export.export"].trigger()
    for path, first in ((target, "Field"), (sources_path(target), "Source")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle, strict=True))
        assert rows[0][0] == first and {len(row) for row in rows} == {len(rows[0])}


def test_cancel_stops_the_export_and_keeps_the_old_file(qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"the old file")
    _export_to(qtbot, window, monkeypatch, target)
    with qtbot.waitSignal(window.export_finished, timeout=30_000) as blocker:
        window.actions_["export.export"].trigger()
        dialog = window.exporting.progress_dialog
        assert dialog is not None and dialog.labelText().startswith("Exporting to sheet.pdf")
        button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
        button.click()
    assert blocker.args == [None]
    assert target.read_bytes() == b"the old file"
    assert window.exporting.progress_dialog is None


def test_file_menu_writes_the_slide_handout(qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    target = tmp_path / "slides"  # ".pdf" is added
    _export_to(qtbot, window, monkeypatch, target)
    with qtbot.waitSignal(window.presenting.handout_written, timeout=60_000) as blocker:
        window.actions_["presentation.handout"].trigger()
    assert blocker.args == [tmp_path / "slides.pdf"]
    info = subprocess.run(["pdfinfo", str(tmp_path / "slides.pdf")], check=True, capture_output=True, text=True).stdout
    library = window.library
    assert library is not None  # the overview, then a slide per field (each fits on one page here)
    assert "720 x 405 pts" in info and f"Pages:           {1 + len(library.catalogue)}" in info


def test_the_handout_shows_progress_and_cancel_keeps_the_old_file(qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    target = tmp_path / "slides.pdf"
    target.write_bytes(b"the old file")
    _export_to(qtbot, window, monkeypatch, target)
    seen: list[str] = []

    def press_cancel() -> None:
        dialog = window.presenting.handout_progress
        if dialog is None or dialog.value() < 1:
            QTimer.singleShot(5, press_cancel)
            return
        seen.append(dialog.labelText())
        next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel").click()

    QTimer.singleShot(0, press_cancel)
    with qtbot.waitSignal(window.presenting.handout_written, timeout=60_000) as blocker:
        window.actions_["presentation.handout"].trigger()  # drawn on this thread: returns when done or cancelled
    assert blocker.args == [None]
    assert target.read_bytes() == b"the old file"
    assert seen and seen[0].startswith("Fitting slide ") and seen[0].endswith(" to a 16:9 page…"), seen
    assert window.presenting.handout_progress is None
    assert "cancelled" in window.status_label.text()
