"""Where the app's bundled files live: the seed library and the resources folder.

Both ship inside the package, in ``comparator_gui/bundled/`` (``seeds/`` and
``resources/``), declared as package data in pyproject.toml, so an installed
wheel carries them as well as a checkout does. Read them through here, never by
a path built elsewhere.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["bundled_dir", "bundled_library", "resources_dir", "schema_path"]

BUNDLED = "bundled"


def bundled_dir() -> Path:
    """``comparator_gui/bundled/`` as a real folder on disk.

    The library loader, the exports and Qt all want real paths, so this returns a
    ``Path`` rather than a ``Traversable``. That holds wherever the app is
    installed the usual ways: pip unzips a wheel into site-packages, and an
    editable install (``pip install -e .``, what ``./run`` does) points the
    import at the checkout, so ``importlib.resources.files`` gives a folder in
    both. Run from a zip (a zipapp, a zipped site-packages), it does not, and we
    say so rather than hand on a path that is not there.
    """
    traversable = files("comparator_gui") / BUNDLED
    if not isinstance(traversable, Path) or not traversable.is_dir():
        raise RuntimeError(
            f"the bundled library and resources are not a folder on disk ({traversable!r}); "
            "Study Comparator must be installed unzipped (pip install, or pip install -e from a checkout)"
        )
    return traversable


def bundled_library() -> Path:
    return bundled_dir() / "seeds"


def resources_dir() -> Path:
    return bundled_dir() / "resources"


def schema_path() -> Path:
    return resources_dir() / "study.schema.json"
