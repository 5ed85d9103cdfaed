"""A deterministic synthetic library for the benchmarks.

    python benchmarks/make_library.py N [--seed S] [--output DIR]

writes a library of ``N`` studies (``library.json``, ``studies/*.json`` and
``sources/*.txt``) in the format the app reads, with everything a real review
library has: sources from 2 KB to 1 MB of text (some with Arabic, some with
emoji, so code-point and UTF-16 offsets differ), twelve catalogue fields,
disputed fields (two claims), fields not reported, a few quotes whose stored
position is stale (re-anchored as "moved"), and one study whose 1 MB source
holds 1,000 evidence quotes (``BIG_STUDY``). The same ``N`` and seed always
give the same bytes. Never written into the repository: the benchmarks use a
temporary folder.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The version the app reads and writes (``models.SCHEMA_VERSION``): an older one
#: would send every file down the migration path and time that instead.
SCHEMA_VERSION = 2
CONTEXT = 32
#: The study whose 1 MB source holds ``BIG_QUOTES`` quotes.
BIG_STUDY = "study-00000"
BIG_SOURCE = "src-00000-0"
BIG_QUOTES = 1_000
BIG_SOURCE_CHARS = 1_000_000

FIELDS = [
    ("institution", "Institution and team", "Context"),
    ("condition", "Condition", "Context"),
    ("study_design", "Study design / evidence level", "Context"),
    ("subjects", "Subjects", "Population"),
    ("cell_source", "Cell source", "Intervention"),
    ("cell_preparation", "Cell preparation", "Intervention"),
    ("delivery_method", "Delivery method", "Intervention"),
    ("dose", "Dose", "Intervention"),
    ("outcomes", "Outcomes", "Results"),
    ("safety", "Safety", "Results"),
    ("follow_up", "Follow-up", "Results"),
    ("publication", "Publication", "Context"),
]
# Six, as in schema 1: the same random draws, so the synthetic libraries keep their content.
LEVELS = ["in_vitro", "animal", "case_series", "controlled_cohort", "randomised_trial", "review_of_randomised_trials"]

_WORDS = ["stem", "cells", "spheroids", "adipose", "derived", "mesenchymal", "spinal", "cord", "injury", "fracture", "vertebral", "osteoporotic", "rats", "mice", "patients", "trial", "phase", "safety", "outcome", "motor", "sensory", "function", "bone", "healing", "regeneration", "implanted", "injected", "intrathecal", "dose", "million", "follow", "months", "weeks", "improvement", "adverse", "events", "serious", "none", "observed", "cohort", "participants", "randomised", "placebo", "controlled", "open", "label", "investigators", "university", "hospital", "clinic", "reported", "published", "journal", "scaffold", "graft", "neural", "progenitor", "induced", "pluripotent", "transplantation", "lesion", "recovery", "score", "significant", "measured", "baseline", "assessment", "imaging", "MRI", "histology", "tissue", "density", "strength"]
_ARABIC = [
    "أظهرت الدراسة تحسنا ملحوظا في وظيفة الحركة لدى المرضى.",
    "تم حقن الخلايا الجذعية المشتقة من الدهون في الحبل الشوكي.",
    "لم تُسجل أي آثار جانبية خطيرة خلال فترة المتابعة.",
]
_EMOJI = ["🧬", "🐀", "🦴", "💉", "📈", "🧪", "✅"]
_INSTITUTIONS = ["Osaka Metropolitan University", "Mayo Clinic", "Keio University", "Karolinska Institutet",
                 "University of Toronto", "Charité Berlin", "Seoul National University", "Cairo University"]


@dataclass
class _Text:
    text: str
    sentences: list[tuple[int, int]]  # code-point spans of whole sentences


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 22))]
    words[0] = words[0].capitalize()
    if rng.random() < 0.3:
        words.insert(rng.randint(1, len(words) - 1), str(rng.randint(2, 400)))
    return " ".join(words) + "."


def _source_text(rng: random.Random, chars: int, arabic: bool, emoji: bool) -> _Text:
    """About ``chars`` code points of paragraphs; sentence spans for quoting."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    # A pool of sentences reused with variation keeps 1 MB fast to make.
    pool = [_sentence(rng) for _ in range(400)]
    counter = 0
    while length < chars:
        counter += 1
        if arabic and rng.random() < 0.08:
            sentence = rng.choice(_ARABIC)
        else:
            sentence = f"{rng.choice(pool)[:-1]} ({counter})."
        if emoji and rng.random() < 0.1:
            sentence = f"{rng.choice(_EMOJI)} {sentence}"
        spans.append((length, length + len(sentence)))
        parts.append(sentence)
        length += len(sentence)
        sep = "\n\n" if rng.random() < 0.15 else " "
        parts.append(sep)
        length += len(sep)
    return _Text("".join(parts), spans)


def _source_chars(rng: random.Random) -> int:
    """2 KB to 1 MB, skewed like a real review: mostly abstracts and news pieces."""
    roll = rng.random()
    if roll < 0.95:
        return rng.randint(2_000, 6_000)
    if roll < 0.995:
        return rng.randint(6_000, 64_000)
    return rng.randint(64_000, 1_000_000)


def _evidence(source_id: str, text: str, start: int, end: int, stale: bool) -> dict[str, Any]:
    stored = start + 7 if stale else start  # a stale position: found again by its quote
    return {
        "source": source_id,
        "exact": text[start:end],
        "prefix": text[max(0, start - CONTEXT) : start],
        "suffix": text[end : end + CONTEXT],
        "start": stored,
        "end": stored + (end - start),
    }


def _study(rng: random.Random, number: int, sources: list[tuple[str, _Text]], quotes_wanted: int) -> dict[str, Any]:
    study_id = f"study-{number:05d}"
    institution = rng.choice(_INSTITUTIONS)
    fields: dict[str, Any] = {}
    # The big study: ``quotes_wanted`` quotes spread evenly over its claims
    # (every field reported, every fifth disputed).
    big = quotes_wanted > 20
    n_claims = len(FIELDS) + len(range(0, len(FIELDS), 5))
    per_claim = [quotes_wanted // n_claims + (1 if i < quotes_wanted % n_claims else 0) for i in range(n_claims)]
    for index, (key, _label, _group) in enumerate(FIELDS):
        if not big and rng.random() < 0.12:
            fields[key] = {"claims": []}  # not reported
            continue
        disputed = index % 5 == 0 if big else rng.random() < 0.08 and len(sources) > 1
        claims = []
        for claim_no in range(2 if disputed else 1):
            source_id, text = sources[(index + claim_no) % len(sources)]
            count = per_claim.pop() if big else rng.choice((1, 1, 1, 2, 2, 3))
            evidence = []
            for _ in range(count):
                start, end = rng.choice(text.sentences)
                evidence.append(_evidence(source_id, text.text, start, end, stale=rng.random() < 0.002))
            value = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 12)))
            claim: dict[str, Any] = {"value": f"{value} ({claim_no + 1})" if disputed else value, "evidence": evidence}
            if key == "subjects":
                claim["facets"] = {"n": rng.randint(4, 400), "species": rng.choice(["rat", "mouse", "human"])}
            elif key == "dose":
                claim["facets"] = {"dose_cells": float(rng.randint(1, 100)) * 1e6}
            claims.append(claim)
        fields[key] = {"claims": claims}
    return {
        "schema_version": SCHEMA_VERSION,
        "id": study_id,
        "title": f"Synthetic study {number}: {' '.join(rng.choice(_WORDS) for _ in range(6))}",
        "short_title": f"Study {number}: {rng.choice(_WORDS)} {rng.choice(_WORDS)}",
        "institution": institution,
        "condition": rng.choice(["Spinal cord injury", "Osteoporotic vertebral fracture", "Stroke"]),
        "evidence_level": rng.choice(LEVELS),
        "sources": [source_id for source_id, _ in sources],
        "fields": fields,
    }


def make_library(count: int, output: Path, seed: int = 0) -> Path:
    """Write the library of ``count`` studies into ``output`` (created); returns it."""
    rng = random.Random(seed)
    output.mkdir(parents=True, exist_ok=True)
    (output / "studies").mkdir(exist_ok=True)
    (output / "sources").mkdir(exist_ok=True)
    source_entries: list[dict[str, Any]] = []
    for number in range(count):
        big = number == 0
        n_sources = 1 if big else rng.choices((1, 2, 3), weights=(80, 15, 5))[0]
        sources: list[tuple[str, _Text]] = []
        for s in range(n_sources):
            source_id = f"src-{number:05d}-{s}"
            chars = BIG_SOURCE_CHARS if big else _source_chars(rng)
            text = _source_text(rng, chars, arabic=big or rng.random() < 0.1, emoji=big or rng.random() < 0.05)
            raw = text.text.encode("utf-8")
            rel = f"sources/{source_id}.txt"
            (output / rel).write_bytes(raw)
            source_entries.append({
                "id": source_id,
                "path": rel,
                "title": f"Source {s + 1} of study {number}",
                "outlet": rng.choice(["Journal of Regenerative Medicine", "Medical Xpress", "AFP", "EurekAlert"]),
                "published": f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "language": "en",
                "sha256": hashlib.sha256(raw).hexdigest(),
            })
            sources.append((source_id, text))
        study = _study(rng, number, sources, BIG_QUOTES if big else 0)
        (output / "studies" / f"{study['id']}.json").write_text(_dumps(study), encoding="utf-8")
    meta = {
        "schema_version": SCHEMA_VERSION,
        "name": f"Synthetic library ({count} studies, seed {seed})",
        "description": "Made by benchmarks/make_library.py; not real studies.",
        "fields": [
            {"key": key, "label": label, "description": f"{label}.", "group": group, "order": n}
            for n, (key, label, group) in enumerate(FIELDS, start=1)
        ],
        "sources": source_entries,
    }
    (output / "library.json").write_text(_dumps(meta), encoding="utf-8")
    return output


def _dumps(data: Any) -> str:
    # As comparator_gui.domain.storage.dumps writes a library file.
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of studies")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=Path, default=None, help="folder to write (default: ./synthetic-N)")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("count must be at least 1")
    output = args.output or Path(f"synthetic-{args.count}")
    make_library(args.count, output, args.seed)
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
