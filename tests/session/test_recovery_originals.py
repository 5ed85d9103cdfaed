"""An imported PDF that is not saved yet survives a crash: the recovery file
names a copy of it in the app's own folder. The crash is a real process
killed with SIGKILL after its autosave; the PDF it was imported from is gone
by the time the library is opened again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from comparator_gui.domain.editing import LibraryEditor
from comparator_gui.domain.intake.read import read_article_file
from comparator_gui.domain.intake.store import add_imported_source
from comparator_gui.domain.loading import load_library
from comparator_gui.session import AppSession
from comparator_gui.session.app_session import recovery_path
from comparator_gui.session.recovery_originals import originals_dir
from comparator_gui.settings import Settings
from tests.conftest import PROJECT
from tests.domain.pdf_samples import column_lines, make_pdf

LINES = [
    "Neural Stem Cell Grafts Tested in Four People with Spinal Cord Injury",
    "The trial enrolled four patients who had lived with a chronic spinal cord injury.",
]

#: Imports the PDF into the library as a new study, autosaves, and dies
#: without saving (SIGKILL: no atexit, no close handlers).
CRASHING = """
import os, signal, sys
from pathlib import Path
from comparator_gui.domain.intake.read import read_article_file
from comparator_gui.domain.intake.store import add_imported_source
from comparator_gui.domain.loading import load_library
from comparator_gui.session import AppSession
from comparator_gui.settings import Settings

root, pdf = Path(sys.argv[1]), Path(sys.argv[2])
session = AppSession(Settings())
session.set_library(load_library(root))
(article,) = read_article_file(pdf)

def edit(e):
    source = add_imported_source(e, article)
    e.attach_source(e.create_study("Four people with neural stem cell grafts").id, source.id)

assert session.run_edit("Import article", [], edit, meta=True)
assert session.write_recovery()
print("autosaved", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_unsaved_pdf_import_survives_a_crash(seed_copy: Path, tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    pdf = downloads / "ucsd.pdf"
    data = make_pdf([column_lines(56, 740, LINES)])
    pdf.write_bytes(data)
    run = subprocess.run(
        [sys.executable, "-c", CRASHING, str(seed_copy), str(pdf)],
        cwd=PROJECT, env=os.environ.copy(), capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert run.stdout.strip() == "autosaved"
    pdf.unlink()  # the downloads folder was cleaned before the app was opened again
    recovery = recovery_path(seed_copy)
    named = json.loads(recovery.read_text(encoding="utf-8"))["pending_originals"]
    (source_id, copy), = named.items()
    assert Path(copy).parent == originals_dir(recovery) and Path(copy).read_bytes() == data
    assert not list((seed_copy / "sources").glob("*.pdf"))  # nothing in the library before Save

    session = AppSession(Settings())
    session.set_library(load_library(seed_copy))
    pending = session.pending_recovery()
    assert pending is not None
    assert session.restore_recovery(pending[0])
    assert session.save()
    library = load_library(seed_copy)
    source = library.sources[source_id]
    kept = (seed_copy / source.path).with_suffix(".pdf")
    assert kept.read_bytes() == data  # the PDF beside its text, as an import saved at once leaves it
    assert "four patients" in library.texts[source_id]
    assert not recovery.exists() and not originals_dir(recovery).exists()  # saved: nothing kept aside


def test_copies_follow_the_unsaved_sources(seed_copy: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(make_pdf([column_lines(56, 740, LINES)]))
    session = AppSession(Settings())
    session.set_library(load_library(seed_copy))
    (article,) = read_article_file(pdf)

    def edit(e: LibraryEditor) -> None:
        add_imported_source(e, article)

    assert session.run_edit("Import article", [], edit, meta=True)
    assert session.write_recovery()
    folder = originals_dir(recovery_path(seed_copy))
    assert len(list(folder.iterdir())) == 1
    assert session.undo()  # the import undone: its copy goes with the next autosave
    session.write_recovery()
    assert not folder.exists() or not list(folder.iterdir())
    assert session.redo() and session.write_recovery()
    assert len(list(folder.iterdir())) == 1
    session.discard_recovery()
    assert not folder.exists()
