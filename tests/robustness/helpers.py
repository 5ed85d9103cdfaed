"""Small real libraries on disk for the robustness tests, and ways to read them back."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from comparator_gui.domain.anchoring import make_evidence
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.models import SCHEMA_VERSION, Claim, FieldEntry, Study
from comparator_gui.domain.problems import Severity
from comparator_gui.domain.storage import dumps

OSAKA = "studies/osaka-adsc-spheroids.json"
MAYO = "studies/mayo-adsc-sci.json"
KEIO = "studies/keio-ips-nsc-sci.json"

SOURCE_TEXT = (
    "Line one of the article.\n"
    "Ten adults received 100 million cells in the lower back.\n"
    "No serious adverse events were seen after two years.\n"
)


def edit_json(path: Path, change: Callable[[Any], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def problems(root: Path) -> list[str]:
    return [str(p) for p in load_library(root).problems]


def errors(root: Path) -> list[str]:
    return [str(p) for p in load_library(root).problems if p.severity is Severity.ERROR]


def study_ids(root: Path) -> set[str]:
    return {s.id for s in load_library(root).studies}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def quote_study(study_id: str, text: str, quote: str, source_id: str = "src", **extra: Any) -> Study:
    """A one-field study whose single claim quotes ``quote`` from ``text``."""
    start = text.index(quote)
    evidence = make_evidence(source_id, text, start, start + len(quote))
    return Study(
        id=study_id,
        title=f"Study {study_id}",
        short_title=study_id,
        sources=[source_id],
        # A value that states no number: one its quote did not give would be warned about.
        fields={"dose": FieldEntry(claims=[Claim(value="Cells, as quoted", evidence=[evidence])])},
        **extra,
    )


def make_library(
    root: Path,
    text: str | bytes = SOURCE_TEXT,
    studies: list[Study] | None = None,
    source_path: str = "source.txt",
) -> Path:
    """A library folder with one source (``src``) and the given studies.

    With no studies given it holds one, ``good``, quoting ``SOURCE_TEXT``.
    """
    raw = text.encode("utf-8") if isinstance(text, str) else text
    root.mkdir(parents=True, exist_ok=True)
    (root / source_path).write_bytes(raw)
    meta = {
        "schema_version": SCHEMA_VERSION,
        "name": "Test library",
        "sources": [{"id": "src", "path": source_path, "sha256": sha256(raw)}],
    }
    (root / "library.json").write_text(dumps(meta), encoding="utf-8")
    (root / "studies").mkdir(exist_ok=True)
    if studies is None:
        studies = [quote_study("good", SOURCE_TEXT, "100 million cells")]
    for study in studies:
        (root / "studies" / f"{study.id}.json").write_text(
            dumps(study.model_dump(mode="json", exclude_none=True)), encoding="utf-8"
        )
    return root


def temp_files(folder: Path) -> list[Path]:
    """Leftovers of ``atomic_write_text`` (``.NAME.XXXX.tmp``)."""
    return sorted(p for p in folder.rglob(".*.tmp"))
