"""A new, empty library folder. No Qt."""

from __future__ import annotations

from pathlib import Path

from .library import LIBRARY_FILE
from .models import LibraryMeta
from .storage import atomic_write_text
from .writing import library_json


def new_library(root: Path, name: str, catalogue: LibraryMeta | None = None) -> Path:
    """Creates an empty library folder with the default field catalogue."""
    from .catalogue import DEFAULT_FIELDS
    from .editing import EditError

    root = Path(root)
    if (root / LIBRARY_FILE).exists():
        raise EditError(f"{root} already holds a library")
    (root / "studies").mkdir(parents=True, exist_ok=True)
    meta = catalogue or LibraryMeta(name=name.strip() or root.name, fields=list(DEFAULT_FIELDS))
    atomic_write_text(root / LIBRARY_FILE, library_json(meta))
    return root
