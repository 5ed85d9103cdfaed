"""CSV read back with the csv module: values and quotes in the right cells,
UTF-8 BOM, RFC 4180 quoting, formula prefixes neutralised."""

from __future__ import annotations

import csv
from pathlib import Path

from comparator_gui.domain.library import Library
from comparator_gui.export import export_library
from comparator_gui.export.text import FORMULA_PREFIXES
from tests.export.conftest import ARABIC, EMOJI, HOSTILE_ID, HOSTILE_LABEL, QUOTES, SCRIPT, VALUES, Hostile


def read_rows(path: Path) -> list[list[str]]:
    """The file read strictly: one rectangular table, every row the header's width."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no UTF-8 BOM"
    assert b"\r\n" in raw
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, strict=True))
    widths = {len(row) for row in rows}
    assert widths == {len(rows[0])}, f"rows of widths {sorted(widths)}: not one rectangular table"
    return rows


def table(rows: list[list[str]]) -> list[list[str]]:
    """The comparison (or evidence) table: the whole file (issue 15: nothing follows it)."""
    return rows


def grid(rows: list[list[str]]) -> dict[tuple[str, str], str]:
    head, *body = table(rows)
    return {(row[0], head[col]): row[col] for row in body for col in range(1, len(head))}


def test_wide_csv_puts_each_value_and_quote_under_its_study(tmp_path: Path, seed_library: Library) -> None:
    out = export_library(seed_library, "csv", tmp_path / "cmp.csv")
    rows = read_rows(out)
    head = table(rows)[0]
    assert head == ["Field", *(s.short_title for s in seed_library.studies)]
    cells = grid(rows)
    labels = {f.key: f.label for f in seed_library.catalogue}
    for study in seed_library.studies:
        for key, entry in study.fields.items():
            cell = cells[(labels[key], study.short_title)]
            for claim in entry.claims:
                assert claim.value in cell
                for evidence in claim.evidence:
                    assert f"“{evidence.exact}”" in cell
    osaka = seed_library.study("osaka-adsc-spheroids")
    subjects = cells[("Subjects", osaka.short_title)]
    assert subjects.startswith("DISPUTED")
    assert "Claim 1: Rats" in subjects and "Claim 2: Mice" in subjects
    assert cells[("Funding", seed_library.study("keio-ips-nsc-sci").short_title)].startswith("not reported")
    # Not reported, with the words that say so.
    dose = cells[("Dose", seed_library.study("keio-ips-nsc-sci").short_title)].split("\n")
    assert dose[:2] == ["not reported", "Not reported, as the source says: Number of cells not given; it was "
                        "determined from safety experiments in animals"]


def test_csv_sources_are_a_table_of_their_own(tmp_path: Path, seed_library: Library) -> None:
    """Issue 15: the sources no longer trail the comparison (pandas and R read
    them as bogus rows); ``sources`` writes them as a file of their own."""
    from comparator_gui.export import Options

    wide = read_rows(export_library(seed_library, "csv", tmp_path / "cmp.csv"))
    assert len(wide) == 1 + len(seed_library.catalogue)
    assert not any(row[0] in ("Source", "Library", "Exported", "App") for row in wide)
    long = read_rows(export_library(seed_library, "csv", tmp_path / "long.csv", long=True))
    assert all(row[0] in {s.id for s in seed_library.studies} for row in long[1:])
    trailer = read_rows(export_library(seed_library, "csv", tmp_path / "src.csv", options=Options(sources=True)))
    assert trailer[0][:3] == ["Source", "Source ID", "Title"]
    ids = [row[1] for row in trailer[1:]]
    assert ids == [s.id for s in seed_library.meta.sources]
    assert trailer[0] == ["Source", "Source ID", "Title", "Outlet", "Published", "URL", "Author", "Note"]
    for number, source in enumerate(seed_library.meta.sources, start=1):
        row = trailer[number]
        assert row == [
            f"[{number}]", source.id, source.title or "untitled", source.outlet or "", source.published or "",
            source.url or "", source.author or "", source.note or "",
        ]
    # A source with an author and no outlet: the author is not passed off as the outlet.
    authored = [n for n, s in enumerate(seed_library.meta.sources, start=1) if s.author and not s.outlet]
    assert authored and all(trailer[n][3] == "" and trailer[n][6] for n in authored)


def test_long_csv_has_one_row_per_quote_with_code_point_offsets(tmp_path: Path, hostile: Hostile) -> None:
    rows = read_rows(export_library(hostile.library, "csv", tmp_path / "long.csv", long=True))
    head, *body = table(rows)
    assert head[:4] == ["Study ID", "Study", "Field key", "Field"]
    col = {name: head.index(name) for name in head}
    quoted = [row for row in body if row[col["Quote"]]]
    assert len(quoted) == len(hostile.library.evidence)
    for row in quoted:
        source = hostile.library.texts[row[col["Source ID"]]]
        quote = row[col["Quote"]]
        quote = quote[1:] if quote.startswith("'") and quote[1:2] in ("=", "+", "-", "@") else quote
        assert source[int(row[col["Start"]]) : int(row[col["End"]])] == quote
    hostile_rows = [row for row in body if row[col["Study ID"]] == HOSTILE_ID]
    assert [row[col["Field key"]] for row in hostile_rows][:2] == ["institution", "condition"]
    assert {row[col["Value"]] for row in hostile_rows if row[col["Field key"]] == "subjects"} == {"12 rats", "8 mice"}
    assert all(row[col["Status"]] == "disputed" for row in hostile_rows if row[col["Field key"]] == "subjects")


def test_hostile_values_arrive_intact_and_neutralised(tmp_path: Path, hostile: Hostile) -> None:
    rows = read_rows(export_library(hostile.library, "csv", tmp_path / "h.csv", study_ids=[HOSTILE_ID]))
    for row in rows:
        for value in row:
            assert not value.startswith(FORMULA_PREFIXES), value
    cells = grid(rows)
    labels = {f.key: f.label for f in hostile.library.catalogue}
    assert table(rows)[0] == ["Field", HOSTILE_LABEL]
    for key, values in VALUES.items():
        cell = cells[(labels[key], HOSTILE_LABEL)]
        for quote in QUOTES[key]:
            assert f"“{quote}”" in cell
        if len(values) == 1:
            expected = values[0]
            if expected.startswith(FORMULA_PREFIXES):
                expected = "'" + expected
            assert cell.split("\n")[0] == expected
    assert cells[("Institution and team", HOSTILE_LABEL)].startswith(SCRIPT)
    assert cells[("Condition", HOSTILE_LABEL)].startswith("'=HYPERLINK(\"x\")")
    assert cells[("Follow-up", HOSTILE_LABEL)].startswith(f"{ARABIC} {EMOJI}")
    # The source title begins harmlessly, but its trailing '=cmd|' is inside; the
    # URL is kept as text (the sources are a table of their own since issue 15).
    from comparator_gui.export import Options

    listed = read_rows(export_library(hostile.library, "csv", tmp_path / "hs.csv", study_ids=[HOSTILE_ID],
                                      options=Options(sources=True)))
    for row in listed:
        for value in row:
            assert not value.startswith(FORMULA_PREFIXES), value
    source_row = next(row for row in listed if row[1:2] == ["hostile-src"])
    assert source_row[5] == "javascript:alert(1)"


def test_transposed_csv_has_one_row_per_study(tmp_path: Path, seed_library: Library) -> None:
    rows = read_rows(
        export_library(
            seed_library, "csv", tmp_path / "t.csv", transpose=True,
            study_ids=["mayo-adsc-sci", "keio-ips-nsc-sci"], field_keys=["dose", "subjects"],
        )
    )
    head, *body = table(rows)
    assert head == ["Study", "Dose", "Subjects"]
    mayo, keio = seed_library.study("mayo-adsc-sci"), seed_library.study("keio-ips-nsc-sci")
    assert [row[0] for row in body] == [mayo.short_title, keio.short_title]
    assert body[0][2].startswith(mayo.field("subjects").claims[0].value)
    assert not keio.field("dose").reported
    assert body[1][1].split("\n")[0] == "not reported"
    assert "“The number of cells implanted was carefully determined based on safety experiments in animals”" in body[1][1]


def test_long_csv_keeps_not_reported_fields_notes_and_source_titles(tmp_path: Path, seed_library: Library) -> None:
    rows = read_rows(export_library(seed_library, "csv", tmp_path / "long.csv", long=True))
    head, *body = table(rows)
    # The old columns keep their names and places; the new ones come after them.
    assert head == [
        "Study ID", "Study", "Field key", "Field", "Status", "Claim", "Value",
        "Source", "Source ID", "Quote", "Start", "End", "Anchor", "Source title", "Note",
        "Claim added by", "Claim added at", "Quote added by", "Quote added at",
    ]
    col = {name: head.index(name) for name in head}
    titles = {s.id: s.title or "untitled" for s in seed_library.meta.sources}
    missing = [(study.id, f.key) for study in seed_library.studies for f in seed_library.catalogue
               if not study.field(f.key).claims]
    assert missing, "the seed library has no not-reported field to check"
    assert len(body) == len(seed_library.evidence) + len(missing)
    rows_for = {}
    for row in body:
        rows_for.setdefault((row[col["Study ID"]], row[col["Field key"]]), []).append(row)
        if row[col["Quote"]]:
            assert row[col["Source title"]] == titles[row[col["Source ID"]]]
            assert row[col["Source"]].startswith("[")
    for key in missing:
        (row,) = rows_for[key]
        assert row[col["Status"]] == "not_reported"
        assert row[col["Value"]] == "not reported"
        assert row[col["Claim"]] == row[col["Quote"]] == row[col["Source"]] == row[col["Start"]] == ""
    # Every note in the library reaches the Note column of its field's rows, labelled.
    checked = 0
    for study in seed_library.studies:
        for f in seed_library.catalogue:
            entry = study.field(f.key)
            notes = [c.note for c in entry.claims if c.note] + ([entry.note] if entry.note else [])
            for note in notes:
                column = [row[col["Note"]] for row in rows_for[(study.id, f.key)]]
                assert any("Reviewer's note" in cell and note in cell for cell in column), (study.id, f.key)
                checked += 1
            for number, claim in enumerate(entry.claims, start=1):
                if claim.note:
                    for row in rows_for[(study.id, f.key)]:
                        if row[col["Claim"]] == str(number):
                            assert claim.note in row[col["Note"]]
    assert checked >= 5


def test_long_csv_says_which_rows_are_not_values(tmp_path: Path, seed_library: Library) -> None:
    """Keio's dose: not reported, with the article's words that say so; the row
    says what its claim is, so a script does not read it as a dose."""
    rows = read_rows(export_library(seed_library, "csv", tmp_path / "long.csv", long=True))
    head, *body = table(rows)
    col = {name: head.index(name) for name in head}
    (dose,) = [r for r in body if r[col["Study ID"]] == "keio-ips-nsc-sci" and r[col["Field key"]] == "dose"]
    assert dose[col["Status"]] == "not_reported"
    assert dose[col["Value"]].startswith("Not reported, as the source says: Number of cells not given")
    assert dose[col["Quote"]] == "The number of cells implanted was carefully determined based on safety experiments in animals"
