"""Kill a process that is saving a study, 200 times at random moments: the file
is always the old version or the new one, whole, and the library loads."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from comparator_gui.domain.loading import load_library
from comparator_gui.domain.writing import study_json

from .crash_worker import versions
from .helpers import make_library, temp_files

PROJECT = Path(__file__).resolve().parents[2]
KILLS = 200


@pytest.mark.slow
def test_sigkill_during_save_never_leaves_a_partial_file(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib")
    library = load_library(root)
    big, small = versions(library)
    expected = {
        study_json(big, library.catalogue).encode(): "A",
        study_json(small, library.catalogue).encode(): "B",
    }
    path = library.study_files["good"]
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.robustness.crash_worker", str(root)],
        cwd=PROJECT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert server.stdin is not None and server.stdout is not None
    seen = {"A": 0, "B": 0, "original": 0}
    mid_write = 0
    started = time.monotonic()
    try:
        assert server.stdout.readline().strip() == "ready"
        original = path.read_bytes()
        for kill in range(KILLS):
            server.stdin.write("go\n")
            server.stdin.flush()
            pid = int(server.stdout.readline())
            time.sleep(rng.uniform(0.0, 0.04))
            os.kill(pid, signal.SIGKILL)
            ended = server.stdout.readline().strip()
            where = f"kill {kill + 1} (seed {seed})"
            assert ended == f"signal {signal.SIGKILL}", f"{where}: the worker ended by itself: {ended!r}"

            data = path.read_bytes()
            version = expected.get(data) or ("original" if data == original else None)
            assert version is not None, f"{where}: {len(data):,} bytes that are neither version"
            seen[version] += 1
            leftovers = temp_files(root)
            if leftovers:
                mid_write += 1
                # A half-written temp file never confuses the loader.
                assert load_library(root).problems == [], where
                for leftover in leftovers:
                    leftover.unlink()
            reloaded = load_library(root)
            assert reloaded.problems == [], f"{where}: {reloaded.problems}"
            assert reloaded.study("good") in (big, small) or version == "original"
    finally:
        server.stdin.close()
        server.wait(timeout=30)
        server.stdout.close()
    elapsed = time.monotonic() - started
    # The kills landed while saving, and saves completed in between: the test
    # exercised the window it is about.
    assert mid_write >= KILLS // 10, f"only {mid_write} kills interrupted a write (seed {seed})"
    assert seen["A"] > 0 and seen["B"] > 0, seen
    assert elapsed < 60, f"{elapsed:.1f} s"
    print(f"{KILLS} kills in {elapsed:.1f} s: {mid_write} mid-write, versions seen {seen}, seed {seed}")
