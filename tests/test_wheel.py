"""A wheel of the project carries the bundled library and resources, and the app
installed from it runs from any folder.

Everything here is offline: the wheel is built with this venv's setuptools and no
build isolation, installed with ``--no-index --no-deps`` into a fresh venv, and
that venv borrows the dependencies (PySide6, pydantic, ...) from this one through
a ``.pth`` file. A path line in a ``.pth`` only goes on ``sys.path``; the ``.pth``
files inside the folder it names (this venv's editable-install hook among them)
are not run, so the fresh venv imports the installed package, not the checkout,
which the first check confirms.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import PROJECT

pytestmark = pytest.mark.slow

BUNDLED = PROJECT / "comparator_gui" / "bundled"
# Left out of the copy the wheel is built from: local state, never package input.
NOT_COPIED = {".git", ".venv", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis",
              ".import_linter_cache", "build", "dist", "__pycache__"}


def _run(args: list[str | Path], cwd: Path, env: dict[str, str], timeout: float = 180) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout, check=False)
    assert result.returncode == 0, f"{args} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def offline_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"}}
    env.update(PIP_NO_INDEX="1", PIP_NO_CACHE_DIR="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
               QT_QPA_PLATFORM="offscreen")
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory, offline_env: dict[str, str]) -> Path:
    """The wheel, built from a copy of the checkout (a build writes build/ and
    *.egg-info beside pyproject.toml; the checkout stays as it is)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(PROJECT, source,
                    ignore=lambda _d, names: [n for n in names if n in NOT_COPIED or n.endswith(".egg-info")])
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
          "-w", work / "dist", source], cwd=work, env=offline_env, timeout=300)
    (built,) = (work / "dist").glob("study_comparator-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory, offline_env: dict[str, str]) -> Path:
    """A fresh venv holding the wheel; its site-packages folder."""
    venv = tmp_path_factory.mktemp("venv") / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=venv.parent, env=offline_env)
    site = Path(_run([venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     cwd=venv.parent, env=offline_env).stdout.strip())
    _run([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--no-deps", "--no-index",
          "--no-cache-dir", "--quiet", wheel], cwd=venv.parent, env=offline_env)
    ours = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (site / "zz_project_dependencies.pth").write_text("".join(f"{p}\n" for p in ours), encoding="utf-8")
    return site


def test_wheel_holds_the_seed_library_and_resources(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        bundled = sorted(p for p in BUNDLED.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        assert len([p for p in bundled if p.parent.name == "seeds" and p.suffix == ".txt"]) == 5
        for path in bundled:
            name = path.relative_to(PROJECT).as_posix()
            assert name in names, f"{name} is not in the wheel"
            assert archive.read(name) == path.read_bytes(), f"{name} differs in the wheel"
    assert "comparator_gui/bundled/seeds/library.json" in names
    assert "comparator_gui/bundled/resources/study.schema.json" in names
    assert "comparator_gui/bundled/resources/themes/presentation.qss.template" in names
    dist_info = "-".join(wheel.name.split("-")[:2]) + ".dist-info"
    assert {n.split("/")[0] for n in names} == {"comparator_gui", dist_info}, "only the package goes in the wheel"


def test_installed_wheel_runs_from_another_folder(installed: Path, offline_env: dict[str, str],
                                                  tmp_path: Path) -> None:
    venv_bin = installed.parents[2] / "bin"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    where = _run([venv_bin / "python", "-c",
                  "import comparator_gui, comparator_gui.resources as r; print(comparator_gui.__file__); "
                  "print(r.bundled_library()); print(r.schema_path())"],
                 cwd=elsewhere, env=offline_env).stdout.splitlines()
    for line in where:
        assert Path(line).resolve().is_relative_to(installed.resolve()), f"{line} is not the installed package"
        assert not Path(line).resolve().is_relative_to(PROJECT), line

    validate = _run([venv_bin / "comparator-gui", "validate"], cwd=elsewhere, env=offline_env)
    assert "seeds: OK: 3 studies, 5 sources" in validate.stdout
    assert str(installed.resolve()) in str(Path(validate.stdout.split(": OK:")[0]).resolve())

    shot = _run([venv_bin / "comparator-gui", "screenshot", "--output", "x.png"], cwd=elsewhere, env=offline_env)
    png = elsewhere / "x.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", shot.stdout + shot.stderr
    assert png.stat().st_size > 10_000

    # The presentation reads its stylesheet template from the bundled resources.
    _run([venv_bin / "comparator-gui", "screenshot", "--presentation", "--slide", "1", "--size", "1024x768",
          "--output", "slide.png"], cwd=elsewhere, env=offline_env)
    assert (elsewhere / "slide.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
