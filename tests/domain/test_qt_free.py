"""The domain and the non-PDF exports run without Qt installed."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import PROJECT


def test_domain_imports_without_qt() -> None:
    # A meta-path hook makes any PySide6 import fail, as if Qt were uninstalled.
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith("PySide6."):
                    raise ImportError("Qt is blocked in this test: " + name)
        sys.meta_path.insert(0, Block())
        import comparator_gui.domain as domain
        for info in pkgutil.walk_packages(domain.__path__, "comparator_gui.domain."):
            importlib.import_module(info.name)
        from comparator_gui.cli import main
        sys.exit(main(["validate"]))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "OK: 3 studies" in result.stdout


def test_the_block_really_blocks() -> None:
    code = (
        "import sys\n"
        "class B:\n"
        "    def find_spec(self, n, p=None, t=None):\n"
        "        if n.startswith('PySide6'): raise ImportError(n)\n"
        "sys.meta_path.insert(0, B())\n"
        "import PySide6.QtCore\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode != 0 and "ImportError" in result.stderr
