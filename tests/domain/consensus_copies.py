"""Two reviewers' copies of the bundled library with known differences, built
from whatever the bundled library holds (no study id, field key or evidence
level is named here, so the catalogue and the level scale may change):

- ``changed``: a field whose value copy B words otherwise (same quotes);
- ``quoted``: a field to which copy B adds a quote (same value);
- ``only_b``: a study only copy B holds (a copy of one of the studies, renamed);
- ``level``: a study whose evidence level copy B sets to a level no study in A has.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from comparator_gui.domain.anchoring import make_evidence
from comparator_gui.domain.models import Study

SEEDS = Path(__file__).resolve().parents[2] / "comparator_gui" / "bundled" / "seeds"


@dataclass(frozen=True)
class Copies:
    a: Path
    b: Path
    #: (study id, field key) of each known difference.
    changed: tuple[str, str]
    quoted: tuple[str, str]
    only_b: str
    level: str
    new_level: str
    #: The quote B added: (source id, start, end).
    added_span: tuple[str, int, int]


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def study_files(root: Path) -> dict[str, Path]:
    return {read_json(p)["id"]: p for p in sorted((root / "studies").glob("*.json"))}


def _single_claim_fields(study: dict[str, Any]) -> list[str]:
    return [k for k, entry in study["fields"].items() if len(entry.get("claims", [])) == 1]


def _unquoted_words(text: str, taken: list[tuple[int, int]]) -> tuple[int, int]:
    """The span of four whole words that no quote of the field touches."""
    for match in re.finditer(r"\w+(?:\W+\w+){3}", text):
        start, end = match.span()
        if all(end <= s or start >= e for s, e in taken):
            return start, end
    raise AssertionError("no unquoted words in the source")


def make_copies(root: Path) -> Copies:
    a, b = root / "reviewer-a", root / "reviewer-b"
    shutil.copytree(SEEDS, a)
    shutil.copytree(SEEDS, b)
    files = study_files(b)
    ids = sorted(files)
    assert len(ids) >= 2, "the bundled library should hold at least two studies"
    first, second = read_json(files[ids[0]]), read_json(files[ids[1]])

    changed_key = _single_claim_fields(first)[0]
    first["fields"][changed_key]["claims"][0]["value"] += " (as reviewer B reads it)"

    levels = [str(m.value) for m in Study.model_fields["evidence_level"].annotation]  # type: ignore[union-attr]
    used = {read_json(p)["evidence_level"] for p in files.values()}
    new_level = next(level for level in levels if level not in used)
    first["evidence_level"] = new_level
    write_json(files[ids[0]], first)

    quoted_key = _single_claim_fields(second)[0]
    claim = second["fields"][quoted_key]["claims"][0]
    source_id = claim["evidence"][0]["source"]
    meta = read_json(b / "library.json")
    source_path = next(s["path"] for s in meta["sources"] if s["id"] == source_id)
    text = (b / source_path).read_text(encoding="utf-8")
    taken = [(e["start"], e["end"]) for e in claim["evidence"] if e["source"] == source_id]
    start, end = _unquoted_words(text, taken)
    claim["evidence"].append(make_evidence(source_id, text, start, end).model_dump(mode="json", exclude_none=True))
    write_json(files[ids[1]], second)

    extra = read_json(files[ids[-1]])
    extra["id"] = "reviewer-b-extra-study"
    extra["short_title"] = "Only in B: " + extra["short_title"]
    write_json(b / "studies" / "reviewer-b-extra-study.json", extra)
    return Copies(a, b, (ids[0], changed_key), (ids[1], quoted_key), extra["id"], ids[0], new_level,
                  (source_id, start, end))


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (its relative path → its bytes)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
