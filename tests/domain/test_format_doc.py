"""docs/format.md's examples are the bundled library's own: every quote in them
stands in its source at the offsets shown (they had gone stale once)."""

from __future__ import annotations

import re

from comparator_gui.domain.loading import load_library
from comparator_gui.domain.models import SCHEMA_VERSION, EvidenceLevel
from tests.conftest import PROJECT, SEEDS

DOC = (PROJECT / "docs" / "format.md").read_text(encoding="utf-8")
QUOTE = re.compile(
    r'"source": "(?P<source>[^"]+)", "exact": "(?P<exact>[^"]+)",.*?"start": (?P<start>\d+), "end": (?P<end>\d+)', re.S
)


def test_every_example_quote_is_at_its_offsets() -> None:
    library = load_library(SEEDS)
    found = list(QUOTE.finditer(DOC))
    assert len(found) >= 2
    for match in found:
        text = library.texts[match["source"]]
        start, end = int(match["start"]), int(match["end"])
        assert text[start:end] == match["exact"], match.group(0)[:80]


def test_the_doc_names_the_current_version_and_every_level() -> None:
    assert f'"schema_version": {SCHEMA_VERSION},' in DOC and f"(now {SCHEMA_VERSION})" in DOC
    for level in EvidenceLevel:
        assert f"| `{level.value}` | {level.label} |" in DOC, level
