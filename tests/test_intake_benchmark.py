"""benchmarks/intake.py runs once at its smallest and prints each figure with its goal."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import PROJECT


def test_intake_benchmark_prints_its_figures() -> None:
    run = subprocess.run(
        [sys.executable, str(PROJECT / "benchmarks" / "intake.py"), "--repeat", "1"],
        capture_output=True, text=True, timeout=300, cwd=PROJECT, check=True,
    )
    out = run.stdout
    assert "goal: top-3 >= 0.85" in out and "false merges 0" in out and "goal: <= 1 s" in out
    assert "Study match: 10/10 right (100%)" in out
    total = next(line for line in out.splitlines() if line.startswith("all "))
    assert float(total.split()[3]) >= 0.85  # top-3 recall
