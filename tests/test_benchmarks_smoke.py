"""The benchmark, run at a tiny size so it cannot rot. It checks that every
figure is printed with its goal; it asserts nothing about timings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT

BENCHMARKS = PROJECT / "benchmarks"


def test_make_library_is_deterministic_and_loads(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import make_library
    finally:
        sys.path.remove(str(BENCHMARKS))
    from comparator_gui.domain.library import library_stats
    from comparator_gui.domain.loading import load_library

    first = make_library.make_library(3, tmp_path / "a", seed=7)
    second = make_library.make_library(3, tmp_path / "b", seed=7)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)

    library = load_library(first)
    stats = library_stats(library)
    assert stats.studies == 3 and stats.errors == 0 and stats.orphans == 0
    big = library.texts[make_library.BIG_SOURCE]
    assert len(big) >= make_library.BIG_SOURCE_CHARS
    assert any(ord(ch) > 0xFFFF for ch in big) and any("\u0600" <= ch <= "\u06ff" for ch in big)
    assert len(library.evidence_for(make_library.BIG_STUDY)) == make_library.BIG_QUOTES
    record = json.loads((first / "studies" / f"{make_library.BIG_STUDY}.json").read_text(encoding="utf-8"))
    from comparator_gui.domain.models import SCHEMA_VERSION

    assert record["schema_version"] == make_library.SCHEMA_VERSION == SCHEMA_VERSION
    assert library.older_files == {}  # read straight, not migrated


def test_run_prints_every_figure_with_its_goal(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", STUDY_COMPARATOR_CONFIG_DIR=str(tmp_path / "config"))
    out = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--sizes", "2,4", "--repeats", "1", "--pdf-limit", "5",
         "--keep", str(tmp_path / "libraries")],
        capture_output=True, text=True, timeout=240, env=env, check=False, cwd=PROJECT,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    text = out.stdout
    assert "Machine:" in text
    for figure, goal in [
        ("cold start to first painted window", "≤ 1.5× bare window"),
        ("load + validate 2 studies", ""),
        ("load + validate 4 studies", ""),
        ("search keystroke, 4 studies", "≤ 16 ms"),
        ("select a cell: 1 MB source, 1,000 quotes", "≤ 16 ms"),
        ("export XLSX, 2 studies", "≤ 1 s"),
        ("export CSV, 2 studies", ""),
        ("export HTML, 2 studies", ""),
        ("export MD, 2 studies", ""),
        ("export PDF, 2 studies", ""),
        ("peak memory, 4 studies", "≤ 300 MB"),
        ("longest UI-thread stall", "≤ 100 ms"),
        ("Cancel during a load", "≤ 100 ms"),
    ]:
        line = next((row for row in text.splitlines() if figure in row), None)
        assert line is not None, f"{figure!r} missing from:\n{text}"
        assert goal in line
        if goal:
            assert line.rstrip(" |").endswith(("ok", "MISSED")), line
    assert "figures with a goal reach it" in text
