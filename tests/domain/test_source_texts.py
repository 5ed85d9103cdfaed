"""Source texts are read from disk when asked, not all kept: a text read again
must be the one its quotes were checked against, and loading with a tiny cache
must check every quote exactly as loading with everything in memory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from comparator_gui.domain import source_texts
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.problems import Severity
from comparator_gui.domain.reading import decode_source
from comparator_gui.domain.source_texts import SourceChanged, SourceTexts


def _files(root: Path) -> dict[str, Path]:
    meta = json.loads((root / "library.json").read_text(encoding="utf-8"))
    return {s["id"]: root / s["path"] for s in meta["sources"]}


@pytest.fixture
def tiny_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source_texts, "CACHE_CHARS", 1)  # every text but the last is read again


def test_a_tiny_cache_loads_and_checks_exactly_as_a_large_one(seed_copy: Path, tiny_cache: None) -> None:
    small = load_library(seed_copy)
    source_texts.CACHE_CHARS = 10**9
    large = load_library(seed_copy)
    assert [(r.study_id, r.field_key, r.claim_index, r.evidence_index, r.anchor) for r in small.evidence] == [
        (r.study_id, r.field_key, r.claim_index, r.evidence_index, r.anchor) for r in large.evidence
    ]
    assert small.problems == large.problems
    assert [s.id for s in small.meta.sources] == [s.id for s in large.meta.sources]
    for source_id, path in _files(seed_copy).items():
        assert small.texts[source_id] == decode_source(path.read_bytes())


def test_a_text_changed_on_disk_after_loading_is_refused_not_shown(seed_copy: Path, tiny_cache: None) -> None:
    library = load_library(seed_copy)
    files = _files(seed_copy)
    first, *others = files
    with files[first].open("ab") as handle:
        handle.write(b" (edited)")
    for source_id in others:  # the others are read again and are unchanged
        assert library.texts[source_id] == decode_source(files[source_id].read_bytes())
    with pytest.raises(SourceChanged, match=files[first].name + r".*changed on disk after the library was opened"):
        library.texts[first]
    assert isinstance(SourceChanged("x"), OSError)  # callers that report file errors report this one
    assert first in library.texts  # still a source of the library, just not readable as it was


def test_texts_set_by_the_editor_stay_in_memory() -> None:
    def unreadable(path: Path) -> bytes:
        raise AssertionError(f"read {path}")

    texts = SourceTexts(unreadable, decode_source, cache_chars=1)
    texts["new"] = "imported text"
    texts.update({"other": "more"})
    assert texts["new"] == "imported text" and texts["other"] == "more"
    assert sorted(texts) == ["new", "other"] and len(texts) == 2
    del texts["new"]
    assert "new" not in texts and texts.get("new") is None
    with pytest.raises(KeyError):
        del texts["new"]


def test_source_problems_keep_library_json_order(seed_copy: Path) -> None:
    """Sources are read when a study first cites them, yet their problems are
    listed as before: with library.json's, in its order, before the studies'."""
    meta_path = seed_copy / "library.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["sources"][0]["path"] = "missing.txt"
    meta["sources"][3]["path"] = "../../etc/passwd"
    meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    problems = [p for p in load_library(seed_copy).problems if p.severity is Severity.ERROR]
    where = [(p.file, p.json_path) for p in problems]
    assert where[:2] == [("library.json", "$.sources[0].path"), ("library.json", "$.sources[3].path")]
    assert all(file != "library.json" for file, _ in where[2:])
