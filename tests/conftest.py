"""Shared fixtures. Qt runs offscreen; settings never touch the real config dir."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Before anything imports Qt: with no display and no platform, Qt aborts the process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "comparator_gui" / "bundled" / "seeds"


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("STUDY_COMPARATOR_CONFIG_DIR", str(config))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01, for stable exports
    return config


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled library."""
    target = tmp_path / "library"
    shutil.copytree(SEEDS, target)
    return target
