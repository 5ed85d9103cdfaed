"""Who added a claim or a quote, and when: stamped through the session from the
reviewer name in the settings, written to the JSON, and absent from records
written before (they keep their bytes)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from comparator_gui.domain.loading import load_library
from comparator_gui.domain.models import Claim, Evidence
from comparator_gui.domain.provenance import describe, stamped
from comparator_gui.domain.writing import study_json
from comparator_gui.session import AppSession
from comparator_gui.settings import Settings, load_settings, save_settings

from ..domain.consensus_copies import tree_bytes

ISO_SECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def _words(text: str, n: int) -> tuple[int, int]:
    match = list(re.finditer(r"\w+(?:\W+\w+){3}", text))[n]
    return match.span()


def test_existing_records_keep_their_bytes(seed_copy: Path) -> None:
    library = load_library(seed_copy)
    for study in library.studies:
        path = library.study_files[study.id]
        assert study_json(study, library.catalogue) == path.read_text(encoding="utf-8")
        assert "added_by" not in path.read_text(encoding="utf-8")


def test_new_claims_and_quotes_are_stamped_with_the_reviewer(seed_copy: Path, tmp_path: Path) -> None:
    settings = Settings(reviewer_name="Ana Silva")
    save_settings(settings, tmp_path / "settings.json")
    assert load_settings(tmp_path / "settings.json").reviewer_name == "Ana Silva"
    session = AppSession(settings)
    session.set_library(load_library(seed_copy))
    library = session.library
    assert library is not None
    study = library.studies[0]
    key = next(k for k, e in study.fields.items() if e.claims)
    source = study.sources[0]
    text = library.texts[source]
    before_claims = len(study.field(key).claims)
    start, end = _words(text, 5)
    untouched = tree_bytes(seed_copy)
    t0 = datetime.now(UTC).replace(microsecond=0)
    assert session.run_edit("quote", [study.id], lambda ed: ed.add_evidence(study.id, key, source, start, end, claim_index=0))
    start2, end2 = _words(text, 9)
    session.settings.reviewer_name = ""  # nobody named: the time only
    assert session.run_edit("claim", [study.id], lambda ed: ed.add_evidence(study.id, key, source, start2, end2, claim_index=None))
    assert session.save()
    saved = json.loads(library.study_files[study.id].read_text(encoding="utf-8"))
    claims = saved["fields"][key]["claims"]
    quote = claims[0]["evidence"][-1]
    assert quote["added_by"] == "Ana Silva" and ISO_SECONDS.match(quote["added_at"])
    assert datetime.fromisoformat(quote["added_at"]) >= t0
    assert "added_by" not in claims[0]  # the claim was there before: only the quote is new
    assert len(claims) == before_claims + 1
    new_claim = claims[-1]
    assert "added_by" not in new_claim and ISO_SECONDS.match(new_claim["added_at"])
    assert "added_by" not in new_claim["evidence"][0]
    # Only the edited study's file changed.
    changed = {p for p, data in tree_bytes(seed_copy).items() if untouched.get(p) != data}
    assert changed == {library.study_files[study.id].relative_to(seed_copy).as_posix()}


def test_describe_reads_as_a_sentence() -> None:
    quote = stamped(Evidence(source="s", exact="word", start=0, end=4), "Bo Li", "2026-12-01T10:58:43Z")
    assert describe(quote) == "added by Bo Li, 2026-12-01 10:58 UTC"
    claim = Claim(value="v", evidence=[quote])
    assert describe(claim) == ""
    assert describe(stamped(claim, "  ", "2026-01-02T03:04:05Z")) == "added 2026-01-02 03:04 UTC"
