"""Intake benchmark: suggested evidence and "which study is this?".

Labelled set:
- the bundled library, leave-one-source-out: each source's quotes are hidden
  (they count neither as examples nor for study matching), the source's text is
  suggested on and matched as if new, and the reviewers' quotes are compared
  with the suggestions (a quote is found at rank k when a suggested sentence of
  its field overlaps it);
- the short articles in benchmarks/intake_articles/ (written for this
  benchmark; two are about studies that are not in the library), labelled in
  labels.json with their study (null: a new study) and quotes per field.

Prints top-1/3/5 recall per field, study-match accuracy and false merges, the
time for suggestions after import and for a 20-page PDF import, each with its goal.

    .venv/bin/python benchmarks/intake.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from comparator_gui.domain.intake.read import read_article_file  # noqa: E402
from comparator_gui.domain.intake.study_match import match_study  # noqa: E402
from comparator_gui.domain.intake.suggest import Suggester  # noqa: E402
from comparator_gui.domain.library import Library  # noqa: E402
from comparator_gui.domain.loading import load_library  # noqa: E402
from comparator_gui.resources import bundled_library  # noqa: E402

ARTICLES = Path(__file__).resolve().parent / "intake_articles"
KS = (1, 3, 5)

Hits = dict[str, list[int]]  # field → [quotes, found in top 1, top 3, top 5]


def _count(hits: Hits, key: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    rank = next((i for i, (a, b) in enumerate(spans) if a < end and start < b), None)
    row = hits.setdefault(key, [0, 0, 0, 0])
    row[0] += 1
    for j, k in enumerate(KS):
        row[j + 1] += rank is not None and rank < k


def leave_one_out(library: Library, hits: Hits, times: list[float], matches: list[tuple[str, str | None, str | None]]) -> None:
    owner = {s: study.id for study in library.studies for s in study.sources}
    for source in library.meta.sources:
        text = library.texts[source.id]
        began = time.perf_counter()
        result = Suggester.for_library(library, {source.id}).suggest(text)
        times.append(time.perf_counter() - began)
        match = match_study(text, library, exclude_sources={source.id})
        matches.append((source.id, owner.get(source.id), match.best.study_id if match.best else None))
        for study in library.studies:
            for key, entry in study.fields.items():
                for claim in entry.claims:
                    for ev in claim.evidence:
                        if ev.source == source.id:
                            spans = [(s.start, s.end) for s in result.fields.get(key, [])]
                            _count(hits, key, spans, ev.start, ev.end)


def articles(library: Library, hits: Hits, times: list[float], matches: list[tuple[str, str | None, str | None]]) -> None:
    labels = json.loads((ARTICLES / "labels.json").read_text(encoding="utf-8"))
    suggester = Suggester.for_library(library)
    for name, label in sorted(labels.items()):
        article = read_article_file(ARTICLES / name)[0]
        began = time.perf_counter()
        match = match_study(article, library)
        best = library.study(match.best.study_id) if match.best else None
        result = suggester.suggest(article.text, article.boilerplate, best)
        times.append(time.perf_counter() - began)
        matches.append((name, label["study"], match.best.study_id if match.best else None))
        for key, quotes in label["fields"].items():
            spans = [(s.start, s.end) for s in result.fields.get(key, [])]
            for quote in quotes:
                start = article.text.index(quote)
                _count(hits, key, spans, start, start + len(quote))


def pdf_import_time(repeat: int) -> float | None:
    try:
        from tests.domain.pdf_samples import column_lines, make_pdf
    except ImportError:
        return None
    words = (ARTICLES / "mayo-celltop.txt").read_text(encoding="utf-8").split()
    lines = [" ".join(words[i : i + 12]) for i in range(0, len(words), 12)]
    page = (lines * 8)[:52]
    pdf = make_pdf([column_lines(56, 740, page) for _ in range(20)])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "paper.pdf"
        path.write_bytes(pdf)
        runs = []
        for _ in range(repeat):
            began = time.perf_counter()
            read_article_file(path)
            runs.append(time.perf_counter() - began)
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of the timed parts (the median is printed)")
    args = parser.parse_args(argv)
    library = load_library(bundled_library())
    hits: Hits = {}
    times: list[float] = []
    matches: list[tuple[str, str | None, str | None]] = []
    for _ in range(max(args.repeat, 1)):
        hits, matches = {}, []
        run_times: list[float] = []
        leave_one_out(library, hits, run_times, matches)
        articles(library, hits, run_times, matches)
        times.extend(run_times)

    print("Suggested evidence: recall of the reviewers' quotes (a suggested sentence of the field overlaps the quote)")
    print(f"{'field':<18}{'quotes':>7}{'top-1':>8}{'top-3':>8}{'top-5':>8}")
    total = [0, 0, 0, 0]
    order = [f.key for f in library.catalogue]
    for key in sorted(hits, key=lambda k: (order.index(k) if k in order else len(order), k)):
        row = hits[key]
        total = [a + b for a, b in zip(total, row, strict=True)]
        print(f"{key:<18}{row[0]:>7}" + "".join(f"{row[j] / row[0]:>8.2f}" for j in (1, 2, 3)))
    print(f"{'all':<18}{total[0]:>7}" + "".join(f"{total[j] / total[0]:>8.2f}" for j in (1, 2, 3))
          + "   goal: top-3 >= 0.85")

    right = sum(expected == got for _name, expected, got in matches)
    false_merges = [(n, e, g) for n, e, g in matches if g is not None and g != e]
    new_right = sum(1 for _n, e, g in matches if e is None and g is None)
    new_total = sum(1 for _n, e, _g in matches if e is None)
    print(f"\nStudy match: {right}/{len(matches)} right ({right / len(matches):.0%}); "
          f"new studies recognised {new_right}/{new_total}; false merges {len(false_merges)}   goal: 100%, 0 false merges")
    for name, expected, got in matches:
        if expected != got:
            print(f"  wrong: {name}: expected {expected or 'a new study'}, got {got or 'a new study'}")

    print(f"\nSuggestions after import (study match + all fields, one article): median "
          f"{statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms   goal: <= 1 s")
    pdf = pdf_import_time(max(args.repeat, 1))
    if pdf is not None:
        print(f"PDF import of a 20-page paper: median {pdf * 1000:.0f} ms   goal: <= 1 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
