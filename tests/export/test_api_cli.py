"""The export API and the ``export`` command: selection, formats by suffix,
same bytes for the same input, progress, clear errors, no Qt outside PDF."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from comparator_gui.cli import main
from comparator_gui.domain.library import Library
from comparator_gui.export import FORMATS, UnknownSelection, build_sheet, export_library, format_for_path
from tests.conftest import PROJECT
from tests.export.test_csv import grid, read_rows

TEXT_FORMATS = ("xlsx", "csv", "html", "md")


def test_format_for_path() -> None:
    assert FORMATS == ("xlsx", "csv", "pdf", "html", "md", "docx")
    assert [format_for_path(f"a/b.{s}") for s in ("xlsx", "CSV", "pdf", "html", "htm", "md")] == [
        "xlsx", "csv", "pdf", "html", "html", "md",
    ]
    assert format_for_path("notes.txt") is None and format_for_path(Path("noext")) is None


def test_selection_keeps_the_given_order(seed_library: Library) -> None:
    sheet = build_sheet(seed_library, study_ids=["osaka-adsc-spheroids", "keio-ips-nsc-sci"], field_keys=["safety", "dose"])
    assert [s.id for s in sheet.studies] == ["osaka-adsc-spheroids", "keio-ips-nsc-sci"]
    assert [f.key for f in sheet.fields] == ["safety", "dose"]
    assert [row.header.label for row in sheet.rows] == ["Safety: serious adverse events", "Dose"]
    every = build_sheet(seed_library)
    assert [s.id for s in every.studies] == [s.id for s in seed_library.studies]
    assert [f.key for f in every.fields] == [f.key for f in seed_library.catalogue]
    # Only the sources the chosen studies cite, renumbered from 1.
    keio = build_sheet(seed_library, study_ids=["keio-ips-nsc-sci"])
    assert [(s.number, s.id) for s in keio.sources] == [(1, "afp-keio-2025")]


def test_unknown_selection_is_an_error(seed_library: Library, tmp_path: Path) -> None:
    with pytest.raises(UnknownSelection, match="'nope'"):
        export_library(seed_library, "csv", tmp_path / "x.csv", study_ids=["nope"])
    with pytest.raises(UnknownSelection, match="'nokey'"):
        export_library(seed_library, "csv", tmp_path / "x.csv", field_keys=["dose", "nokey"])
    with pytest.raises(ValueError, match="unknown export format"):
        export_library(seed_library, "odt", tmp_path / "x.odt")  # DOCX is a format since issue 15
    with pytest.raises(ValueError, match="CSV option"):
        export_library(seed_library, "xlsx", tmp_path / "x.xlsx", long=True)
    assert not [p for p in tmp_path.iterdir() if p.name != "library"]


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_same_input_same_bytes(fmt: str, seed_library: Library, tmp_path: Path) -> None:
    first = export_library(seed_library, fmt, tmp_path / f"a.{fmt}").read_bytes()
    second = export_library(seed_library, fmt, tmp_path / f"b.{fmt}").read_bytes()
    assert first == second


def test_same_input_same_pdf_bytes(seed_library: Library, tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    first = export_library(seed_library, "pdf", tmp_path / "a.pdf").read_bytes()
    second = export_library(seed_library, "pdf", tmp_path / "b.pdf").read_bytes()
    assert first == second
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")  # a day later
    third = export_library(seed_library, "pdf", tmp_path / "c.pdf").read_bytes()
    assert third != first and b"D:20260102000000" in third


@pytest.mark.parametrize("fmt", FORMATS)
def test_progress_runs_from_zero_to_total(fmt: str, seed_library: Library, tmp_path: Path, qapp: QApplication) -> None:
    calls: list[tuple[int, int]] = []
    export_library(seed_library, fmt, tmp_path / f"p.{fmt}", progress=lambda done, total: calls.append((done, total)))
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1]
    assert len({total for _, total in calls}) == 1
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert len(calls) >= len(seed_library.catalogue)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_new_export_gets_the_umask_mode_and_a_replaced_one_keeps_its_mode(
    fmt: str, seed_library: Library, tmp_path: Path, qapp: QApplication
) -> None:
    fields = ["subjects", "dose"]
    old = os.umask(0o022)
    try:
        new = export_library(seed_library, fmt, tmp_path / f"new.{fmt}", field_keys=fields)
        assert stat.S_IMODE(new.stat().st_mode) == 0o644  # not mkstemp's 0o600
        os.umask(0o027)
        assert stat.S_IMODE(export_library(seed_library, fmt, tmp_path / f"b.{fmt}", field_keys=fields)
                            .stat().st_mode) == 0o640
        kept = tmp_path / f"kept.{fmt}"
        kept.write_bytes(b"old")
        kept.chmod(0o600)
        export_library(seed_library, fmt, kept, field_keys=fields)
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600 and kept.read_bytes() != b"old"
    finally:
        os.umask(old)


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_an_export_stopped_by_its_progress_callback_leaves_the_old_file(
    fmt: str, seed_library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / f"keep.{fmt}"
    out.write_text("old", encoding="utf-8")

    def stop(done: int, total: int) -> None:
        if done == 3:
            raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        export_library(seed_library, fmt, out, progress=stop)
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in folder.iterdir()] == [out.name]


def test_cli_export_with_selection(seed_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sel.csv"
    code = main(["export", "--format", "csv", "--output", str(out), "--library", str(seed_copy),
                 "--study", "mayo-adsc-sci", "--study", "keio-ips-nsc-sci", "--field", "subjects", "--field", "dose"])
    assert code == 0, capsys.readouterr().err
    rows = read_rows(out)
    assert rows[0][1:] == ["Mayo: fat stem cells, spinal cord injury", "Keio: iPS neural stem cells, spinal cord injury"]
    assert [row[0] for row in rows[1:3]] == ["Subjects", "Dose"]
    assert grid(rows)[("Subjects", rows[0][1])].startswith("10 adults with spinal injuries")


def test_cli_long_and_transpose_and_suffix(seed_copy: Path, tmp_path: Path) -> None:
    assert main(["export", "--output", str(tmp_path / "l.csv"), "--library", str(seed_copy), "--long"]) == 0
    assert read_rows(tmp_path / "l.csv")[0][0] == "Study ID"
    assert main(["export", "-o", str(tmp_path / "t.md"), "--library", str(seed_copy), "--transpose"]) == 0
    assert "| Study | **Institution and team**" in (tmp_path / "t.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--study", "nope"], "unknown study id 'nope'; known: keio-ips-nsc-sci"),
        (["--field", "dose", "--field", "nokey"], "unknown field key 'nokey'"),
    ],
)
def test_cli_unknown_selection_exits_1(args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.csv"
    assert main(["export", "-o", str(out), *args]) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_cli_unknown_suffix_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "-o", str(tmp_path / "x.txt")]) == 1
    assert "cannot tell the format" in capsys.readouterr().err


def test_cli_pdf_in_a_fresh_process_creates_its_own_gui_application(tmp_path: Path) -> None:
    out = tmp_path / "cli.pdf"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    result = subprocess.run(
        [sys.executable, "-m", "comparator_gui.cli", "export", "--format", "pdf", "-o", str(out), "--field", "subjects"],
        cwd=PROJECT, capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Mice with spinal fractures" in " ".join(text.split())  # the value may wrap across lines


BLOCK_QT = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("Qt is blocked in this test: " + name)
sys.meta_path.insert(0, Block())
from comparator_gui.cli import main
code = main(sys.argv[1:])
assert not [m for m in sys.modules if m.startswith("PySide6")]
sys.exit(code)
"""


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_exports_other_than_pdf_run_without_qt(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"noqt.{fmt}"
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(BLOCK_QT), "export", "--format", fmt, "-o", str(out)],
        cwd=PROJECT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 1000


def test_pdf_really_needs_qt(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(BLOCK_QT), "export", "--format", "pdf", "-o", str(tmp_path / "x.pdf")],
        cwd=PROJECT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0 and "Qt is blocked" in result.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_runs_off_the_ui_thread(fmt: str, seed_library: Library, tmp_path: Path, qapp: QApplication) -> None:
    """In a QThread, as the main window runs it; the result is the same file."""
    seen: list[tuple[int, int]] = []
    errors: list[BaseException] = []
    out = tmp_path / f"thread.{fmt}"

    class Worker(QThread):
        def run(self) -> None:
            try:
                export_library(seed_library, fmt, out, progress=lambda d, t: seen.append((d, t)))
            except BaseException as exc:  # reported below, on the test's thread
                errors.append(exc)

    worker = Worker()
    worker.start()
    assert worker.wait(120_000) and not errors, errors
    assert seen[-1][0] == seen[-1][1]
    assert out.read_bytes() == export_library(seed_library, fmt, tmp_path / f"main.{fmt}").read_bytes()
