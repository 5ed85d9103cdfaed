"""The real app in a real X server: the window appears with the studies loaded."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import PROJECT


@pytest.mark.xvfb
def test_app_starts_under_xvfb() -> None:
    if shutil.which("xvfb-run") is None:
        if os.environ.get("CI"):
            pytest.fail("xvfb-run is missing on CI: ./run tests should have installed xvfb")
        pytest.skip("xvfb-run not installed (./run tests installs it)")
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable, "-m", "comparator_gui.cli", "open", "--smoke-test"],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke: platform=xcb visible=True exposed=True studies=3 fields=20" in result.stdout
