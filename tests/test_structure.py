"""Small rooms: the main window only assembles, no module grows past 500
lines, features reach each other only through the session. The layer
contracts themselves are import-linter's (``./run tests`` runs it); this
checks what it cannot, and names the module that broke the rule."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "comparator_gui"
FEATURES = ("grid", "sources", "curation", "presentation", "export", "library", "intake")


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "bundled" not in p.parts)


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_the_main_window_only_assembles() -> None:
    assert _lines(PACKAGE / "widgets" / "main_window.py") < 300


def test_no_module_is_over_500_lines() -> None:
    long = {str(p.relative_to(PACKAGE)): _lines(p) for p in _modules() if _lines(p) > 500}
    assert long == {}


def _imported(path: Path) -> set[str]:
    """Every module ``path`` imports, written out in full, lazy imports included."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = f"{base}.{node.module}" if base and node.module else base or node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_features_meet_only_through_the_session() -> None:
    offences = []
    for feature in FEATURES:
        for path in (PACKAGE / "widgets" / feature).rglob("*.py"):
            for name in _imported(path):
                if name.startswith("comparator_gui.widgets.main_window"):
                    offences.append(f"{path.relative_to(PACKAGE)} imports the main window")
                for other in FEATURES:
                    if other != feature and name.startswith(f"comparator_gui.widgets.{other}"):
                        offences.append(f"{path.relative_to(PACKAGE)} imports the {other} feature")
    assert offences == []


def test_every_feature_has_its_folder() -> None:
    for feature in FEATURES:
        assert (PACKAGE / "widgets" / feature / "__init__.py").is_file(), feature
        assert (PACKAGE / "widgets" / feature / "feature.py").is_file(), feature
