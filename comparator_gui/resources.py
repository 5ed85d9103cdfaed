"""Where the app's bundled files live: the seed library and resources/.

The project runs from its checkout (``pip install -e .``), so both folders sit
beside the package. Read through here, never by a path built elsewhere.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def bundled_library() -> Path:
    return PROJECT_ROOT / "seeds"


def resources_dir() -> Path:
    return PROJECT_ROOT / "resources"


def schema_path() -> Path:
    return resources_dir() / "study.schema.json"
