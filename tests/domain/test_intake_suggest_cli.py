"""comparator-gui suggest FILE --json: its shape, code-point offsets, and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from comparator_gui.cli import main
from comparator_gui.domain.intake.read import read_article_file

ARTICLES = Path(__file__).resolve().parents[2] / "benchmarks" / "intake_articles"


def test_suggest_json_shape_and_offsets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Astral characters before the sentences: offsets must count code points, not UTF-16 units.
    article = tmp_path / "mayo.txt"
    article.write_text("🧪🧬 " + (ARTICLES / "mayo-celltop.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["suggest", str(article), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"source", "text_sha256", "studies", "new_study", "fields", "conflicts"}
    assert set(report["source"]) == {"title", "published", "url", "outlet", "authors"}
    assert report["new_study"] is False and report["studies"][0]["study"] == "mayo-adsc-sci"
    scores = [s["score"] for s in report["studies"]]
    assert scores == sorted(scores, reverse=True) and all(s["reasons"] for s in report["studies"])
    text = read_article_file(article)[0].text
    assert len(report["fields"]) >= 8
    for items in report["fields"].values():
        assert 1 <= len(items) <= 5
        for item in items:
            assert {"start", "end", "text", "score", "why"} <= set(item)
            assert text[item["start"] : item["end"]] == item["text"]
    assert isinstance(report["conflicts"], list)


def test_suggest_new_study(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", str(ARTICLES / "ucsd-nsc-sci.txt"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["new_study"] is True


def test_suggest_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", str(tmp_path / "missing.txt"), "--json"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "\n" not in err
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 \xff")
    assert main(["suggest", str(bad), "--json"]) == 1
    assert "not UTF-8" in capsys.readouterr().err
