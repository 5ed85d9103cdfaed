"""A hostile library for the export tests: the seeds plus one study whose values
carry HTML, formula prefixes, Arabic and an emoji, each backed by a real quote
from a new source text written here."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from comparator_gui.domain.anchoring import make_evidence
from comparator_gui.domain.library import Library
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.models import SCHEMA_VERSION, Source

HOSTILE_ID = "hostile-study"
HOSTILE_LABEL = "Hostile <b>study</b> & \"friends\""
SCRIPT = "<script>alert(1)</script>"
ARABIC = "النتائج مشجعة جدا"
EMOJI = "🧪"

# The emoji stands before most quotes, so a UTF-16 offset would be off by one.
SOURCE_TEXT = (
    f"Lab notes {EMOJI} from a test.\n"
    f"The sample was tagged {SCRIPT} by the intake script.\n"
    'The sheet held =HYPERLINK("x") in one cell.\n'
    "Scores moved by +1 in arm A and by -2 in arm B.\n"
    "Contact the team @x for the data.\n"
    f"Summary in Arabic: {ARABIC}.\n"
    "Animals: 12 rats in one report.\n"
    "Animals: 8 mice in the other report.\n"
)

#: field key -> the claims' values; each value's quote is the text after it in QUOTES.
VALUES: dict[str, list[str]] = {
    "institution": [SCRIPT],
    "condition": ['=HYPERLINK("x")'],
    "outcomes": ["+1 in arm A | -2 in arm B"],
    "dose": ["-2"],
    "safety": ["@x"],
    "follow_up": [f"{ARABIC} {EMOJI}"],
    "cell_source": ["\tTabbed value"],
    "subjects": ["12 rats", "8 mice"],
}
QUOTES: dict[str, list[str]] = {
    "institution": [f"tagged {SCRIPT} by the intake script"],
    "condition": ['=HYPERLINK("x") in one cell'],
    "outcomes": ["Scores moved by +1 in arm A and by -2 in arm B"],
    "dose": ["by -2 in arm B"],
    "safety": ["Contact the team @x"],
    "follow_up": [ARABIC],
    "cell_source": ["Lab notes 🧪 from a test"],
    "subjects": ["12 rats in one report", "8 mice in the other report"],
}


@dataclass
class Hostile:
    root: Path
    library: Library
    text: str


def add_hostile_study(root: Path) -> None:
    (root / "hostile.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    meta = json.loads((root / "library.json").read_text(encoding="utf-8"))
    meta["sources"].append(
        {
            "id": "hostile-src",
            "path": "hostile.txt",
            "title": f"Notes {SCRIPT} =cmd|' /C calc'!A0",
            "outlet": "<i>Outlet</i> & Co",
            "published": "2026",
            "url": "javascript:alert(1)",
            "language": "en",
            "sha256": hashlib.sha256(SOURCE_TEXT.encode("utf-8")).hexdigest(),
        }
    )
    (root / "library.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    fields = {}
    for key, values in VALUES.items():
        claims = []
        for value, quote in zip(values, QUOTES[key], strict=True):
            start = SOURCE_TEXT.index(quote)
            evidence = make_evidence("hostile-src", SOURCE_TEXT, start, start + len(quote))
            claims.append({"value": value, "evidence": [evidence.model_dump()]})
        fields[key] = {"claims": claims}
    study = {
        "schema_version": SCHEMA_VERSION,
        "id": HOSTILE_ID,
        "title": f"A hostile record {SCRIPT}",
        "short_title": HOSTILE_LABEL,
        "institution": "<img src=x onerror=alert(1)>",
        "evidence_level": "animal",
        "sources": ["hostile-src"],
        "fields": fields,
    }
    (root / "studies" / f"{HOSTILE_ID}.json").write_text(
        json.dumps(study, indent=2, ensure_ascii=False), encoding="utf-8"
    )


@pytest.fixture
def hostile(seed_copy: Path) -> Hostile:
    add_hostile_study(seed_copy)
    library = load_library(seed_copy)
    assert library.errors == [], library.errors
    assert HOSTILE_ID in [s.id for s in library.studies]
    return Hostile(seed_copy, library, SOURCE_TEXT)


@pytest.fixture
def seed_library(seed_copy: Path) -> Library:
    library = load_library(seed_copy)
    assert library.errors == []
    return library


def check_source_entry(entry: str, source: Source) -> None:
    """One entry of a sources list as a reader sees it (markup removed): the
    title (or "untitled"), author, outlet, date, URL and note, each once, and no
    doubled punctuation where the pieces meet."""
    assert (source.title or "untitled") in entry, entry
    for doubled in ("?.", "!.", "..", ". .", ", ."):
        assert doubled not in entry.replace("...", "…"), (doubled, entry)
    for whole in (source.note, source.url, source.title):
        if whole:  # each once; then out of the way, as they may contain the date
            assert entry.count(whole) == 1, (whole, entry)
            entry = entry.replace(whole, "")
    for part in (source.author, source.outlet, source.published):
        if part:
            assert entry.count(part) == 1, (part, entry)
