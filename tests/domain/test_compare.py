"""compare-libraries on two copies of the bundled library with known differences:
every difference found, nothing else, and the figures (percent agreement, Cohen's
κ, quote overlap) equal to what this test works out by hand from the JSON files."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from comparator_gui.cli import main
from comparator_gui.domain.compare import cohen_kappa, compare_libraries, merged
from comparator_gui.domain.loading import load_library

from .consensus_copies import Copies, make_copies, read_json, study_files, tree_bytes


@pytest.fixture
def copies(tmp_path: Path) -> Copies:
    return make_copies(tmp_path)


def _kappa_by_hand(pairs: list[tuple[str, str]]) -> float | None:
    n = len(pairs)
    p_o = sum(1 for x, y in pairs if x == y) / n
    a, b = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    p_e = sum((a[k] / n) * (b[k] / n) for k in set(a) | set(b))
    return None if p_e == 1 else (p_o - p_e) / (1 - p_e)


def _paired(copies: Copies) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    a, b = study_files(copies.a), study_files(copies.b)
    return [(read_json(a[i]), read_json(b[i])) for i in sorted(a) if i in b]


def _covered(study: dict[str, Any], key: str) -> set[tuple[str, int]]:
    """Every (source, code point) quoted for ``key``."""
    return {
        (e["source"], point)
        for claim in study["fields"].get(key, {}).get("claims", [])
        for e in claim["evidence"]
        for point in range(e["start"], e["end"])
    }


def test_every_known_difference_and_nothing_else(copies: Copies, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare-libraries", str(copies.a), str(copies.b), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    found = {(d["study"], d["field"]): d for d in report["differences"]}
    assert set(found) == {copies.changed, copies.quoted, (copies.only_b, ""), (copies.level, "@evidence_level")}
    changed, quoted = found[copies.changed], found[copies.quoted]
    assert (changed["outcome"], changed["kinds"]) == ("differ", ["value"])
    assert changed["b"][0]["value"] == changed["a"][0]["value"] + " (as reviewer B reads it)"
    assert (quoted["outcome"], quoted["kinds"]) == ("differ", ["quotes"])
    assert len(quoted["b"][0]["evidence"]) == len(quoted["a"][0]["evidence"]) + 1
    added = quoted["b"][0]["evidence"][-1]
    assert (added["source"], added["start"], added["end"]) == copies.added_span
    assert found[(copies.only_b, "")]["outcome"] == "only_b" and found[(copies.only_b, "")]["a"] is None
    level = found[(copies.level, "@evidence_level")]
    assert (level["outcome"], level["b"]) == ("differ", copies.new_level)
    # Same value or same quotes: both field differences still count as agreement.
    assert changed["counts_as_agreement"] and quoted["counts_as_agreement"]
    assert not level["counts_as_agreement"]


def test_figures_match_the_hand_computation(copies: Copies, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare-libraries", str(copies.a), str(copies.b), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    paired = _paired(copies)
    assert len(paired) == 3  # the study only B holds is not a pair

    # Cohen's κ of the evidence level over the three paired studies.
    levels = [(a["evidence_level"], b["evidence_level"]) for a, b in paired]
    kappas = {k["name"]: k for k in report["kappa"]}
    expected = _kappa_by_hand(levels)
    assert expected is not None and expected < 1
    assert kappas["@evidence_level"]["kappa"] == pytest.approx(expected)
    assert kappas["@evidence_level"]["n"] == 3
    assert kappas["@evidence_level"]["observed"] == pytest.approx(2 / 3)

    # Categorical facets (words, not numbers): per study and field where either copy sets one.
    facet_names = {
        name for a, _ in paired for entry in a["fields"].values() for claim in entry.get("claims", [])
        for name, value in claim.get("facets", {}).items() if isinstance(value, str)
    }
    assert facet_names and facet_names <= set(kappas)
    for name in facet_names:
        pairs = []
        for a, b in paired:
            for key in sorted(set(a["fields"]) | set(b["fields"])):
                x, y = (" | ".join(sorted({str(c["facets"][name]) for c in s["fields"].get(key, {}).get("claims", [])
                                           if name in c.get("facets", {})})) or "(none)" for s in (a, b))
                if (x, y) != ("(none)", "(none)"):
                    pairs.append((x, y))
        assert kappas[name]["n"] == len(pairs)
        by_hand = _kappa_by_hand(pairs)
        if by_hand is None:
            assert kappas[name]["kappa"] is None
        else:
            assert kappas[name]["kappa"] == pytest.approx(by_hand)

    # Percent agreement: every field agrees on every paired study (value-only and
    # quote-only differences count as agreement); only the evidence level does not.
    fields = {f["key"]: f for f in report["agreement"]["fields"]}
    assert fields["@evidence_level"]["agreeing"] == 2 and fields["@evidence_level"]["cells"] == 3
    assert fields["@evidence_level"]["percent_agreement"] == pytest.approx(200 / 3)
    overall = report["agreement"]["overall"]
    assert overall["cells"] == 3 * len(fields) and overall["agreeing"] == overall["cells"] - 1

    # Quote overlap of the field that gained a quote: code points quoted by both / by either.
    key = copies.quoted[1]
    both = sum(len(_covered(a, key) & _covered(b, key)) for a, b in paired)
    either = sum(len(_covered(a, key) | _covered(b, key)) for a, b in paired)
    assert both < either
    assert fields[key]["quote_overlap"] == pytest.approx(both / either)
    assert fields[copies.changed[1]]["quote_overlap"] == 1.0 or copies.changed[1] == key


def test_text_and_html_reports_and_exit_codes(copies: Copies, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    before = {root: tree_bytes(root) for root in (copies.a, copies.b)}
    done = subprocess.run(
        [sys.executable, "-m", "comparator_gui.cli", "compare-libraries", str(copies.a), str(copies.b), "--html", str(report)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "4 difference(s)" in done.stdout
    assert f"{copies.level}/@evidence_level: differ (value)" in done.stdout
    assert f"{copies.only_b}: only in B" in done.stdout

    class Rows(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.cells: list[str] = []

        def handle_data(self, data: str) -> None:
            self.cells.append(data)

    parser = Rows()
    parser.feed(report.read_text(encoding="utf-8"))
    text = " ".join(parser.cells)
    assert "Differences (4)" in text and copies.only_b in text and "Cohen" in text
    assert {root: tree_bytes(root) for root in (copies.a, copies.b)} == before  # comparing writes nothing

    same = subprocess.run(
        [sys.executable, "-m", "comparator_gui.cli", "compare-libraries", str(copies.a), str(copies.a)],
        capture_output=True, text=True, check=False,
    )
    assert same.returncode == 0 and "0 difference(s)" in same.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "comparator_gui.cli", "compare-libraries", str(copies.a), str(tmp_path / "nowhere")],
        capture_output=True, text=True, check=False,
    )
    assert missing.returncode == 2 and "nowhere is not a library folder" in missing.stderr


def test_kappa_and_overlap_helpers_on_textbook_cases() -> None:
    # Two raters, 50 items: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no (p_o = .7, p_e = .5, κ = .4).
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    kappa = cohen_kappa("t", pairs)
    assert (kappa.observed, kappa.expected) == pytest.approx((0.7, 0.5))
    assert kappa.kappa == pytest.approx(0.4)
    assert cohen_kappa("one category", [("x", "x")] * 4).kappa is None
    assert merged([(5, 9), (0, 3), (3, 4), (8, 12)]) == [(0, 4), (5, 12)]


def test_identical_copies_agree_fully(copies: Copies) -> None:
    library = load_library(copies.a)
    comparison = compare_libraries(library, load_library(copies.a))
    assert comparison.differences == []
    assert comparison.overall.percent_agreement == 100.0 and comparison.overall.quote_overlap == 1.0
