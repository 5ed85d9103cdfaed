"""A version-1 library in the real window: it opens with what to check in the
problems panel, and Save migrates it (with a backup) and says so."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from comparator_gui.widgets.main_window import MainWindow
from tests.conftest import PROJECT


def test_open_a_version_1_library_then_save(seeded_window: MainWindow, tmp_path: Path) -> None:
    window = seeded_window
    root = tmp_path / "v1"
    shutil.copytree(PROJECT / "tests" / "fixtures" / "library-v1", root)
    window.load_library_now(root)
    rows = [window.problems_model.index(r, 3).data() for r in range(window.problems_model.rowCount())]
    assert len(rows) == 6 and sum("read as schema 2" in row for row in rows) == 4
    assert any("'phase_1' is a trial phase" in row for row in rows)
    said: list[str] = []
    window.session.events.status.connect(said.append)
    assert window.session.save()
    assert said[-1].startswith("rewrote 4 file(s) as schema 2; the schema-1 originals are in schema-v1-backup-")
    assert window.problems_model.rowCount() == 0  # the migration's warnings went with it
    assert json.loads((root / "studies" / "keio-ips-nsc-sci.json").read_text(encoding="utf-8"))["schema_version"] == 2
    (backup,) = root.glob("schema-v1-backup-*")
    assert (backup / "library.json").read_bytes() == (PROJECT / "tests" / "fixtures" / "library-v1" / "library.json").read_bytes()
