"""Encodings, BOMs, line ends and NUL bytes in records and in source texts.

Decisions (see docs/reliability.md):
- Records are UTF-8 JSON; a BOM and CRLF line ends are accepted (saving writes
  plain UTF-8 with LF; the records are unchanged).
- Source texts are kept verbatim; offsets count code points of the decoded text,
  CR included, with a leading BOM dropped (an encoding signature, not text).
- A NUL byte means the file is not UTF-8 text (UTF-16, binary): refused, reported.
"""

from __future__ import annotations

import json
from pathlib import Path

from comparator_gui.domain.anchoring import AnchorStatus, Utf16Index, anchor, make_evidence
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.problems import Severity
from comparator_gui.domain.writing import save_study

from .helpers import MAYO, SOURCE_TEXT, edit_json, errors, make_library, quote_study, study_ids

ALL = {"osaka-adsc-spheroids", "mayo-adsc-sci", "keio-ips-nsc-sci"}
BOM = b"\xef\xbb\xbf"


# --------------------------------------------------------------------- records


def test_record_not_utf8(seed_copy: Path) -> None:
    path = seed_copy / MAYO
    raw = path.read_bytes()
    at = raw.index(b"Mayo Clinic")
    path.write_bytes(raw[:at] + b"\xe9" + raw[at:])  # Latin-1 'é'
    assert errors(seed_copy) == [f"{MAYO}: $: error: not UTF-8 (byte {at})"]
    assert study_ids(seed_copy) == ALL - {"mayo-adsc-sci"}


def test_record_with_bom_and_crlf_loads_the_same_and_saves_clean(seed_copy: Path) -> None:
    before = load_library(seed_copy).study("mayo-adsc-sci")
    path = seed_copy / MAYO
    path.write_bytes(BOM + path.read_bytes().replace(b"\n", b"\r\n"))
    library = load_library(seed_copy)
    assert library.problems == []
    assert library.study("mayo-adsc-sci") == before
    save_study(library, library.study("mayo-adsc-sci"))
    saved = path.read_bytes()
    assert not saved.startswith(BOM) and b"\r" not in saved
    assert load_library(seed_copy).study("mayo-adsc-sci") == before


def test_record_in_utf16_is_named_as_such(seed_copy: Path) -> None:
    path = seed_copy / MAYO
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16-le"))
    assert errors(seed_copy) == [
        f"{MAYO}: $: error: contains a NUL byte (byte 1): not a UTF-8 text file (UTF-16, or binary?)"
    ]
    assert study_ids(seed_copy) == ALL - {"mayo-adsc-sci"}


def test_record_with_a_nul_character_in_a_value(seed_copy: Path) -> None:
    edit_json(seed_copy / MAYO, lambda d: d["fields"]["safety"]["claims"][0].update(value="safe\u0000ish"))
    assert errors(seed_copy) == [
        f"{MAYO}: $.fields.safety.claims[0].value: error: contains a NUL character (\\u0000); not loaded"
    ]
    assert study_ids(seed_copy) == ALL - {"mayo-adsc-sci"}


def test_record_with_a_nul_character_in_a_key(seed_copy: Path) -> None:
    edit_json(seed_copy / MAYO, lambda d: d["fields"]["safety"]["claims"][0]["facets"].update({"n\u0000": 1}))
    (error,) = errors(seed_copy)
    assert "\x00" not in error
    assert error == (
        f'{MAYO}: $.fields.safety.claims[0].facets["n\\\\u0000"]: error: contains a NUL character (\\u0000); not loaded'
    )
    assert study_ids(seed_copy) == ALL - {"mayo-adsc-sci"}


def test_record_with_a_raw_nul_byte(seed_copy: Path) -> None:
    path = seed_copy / MAYO
    raw = path.read_bytes()
    at = raw.index(b"Mayo Clinic")
    path.write_bytes(raw[:at] + b"\x00" + raw[at:])
    assert errors(seed_copy) == [
        f"{MAYO}: $: error: contains a NUL byte (byte {at}): not a UTF-8 text file (UTF-16, or binary?)"
    ]


def test_record_with_nan_is_reported(seed_copy: Path) -> None:
    # Python's json reads NaN, other tools do not; a NaN facet would also never
    # compare equal to itself after a round trip.
    text = (seed_copy / MAYO).read_text(encoding="utf-8")
    (seed_copy / MAYO).write_text(text.replace('"facets": {}', '"facets": {"n": NaN}', 1), encoding="utf-8")
    (error,) = errors(seed_copy)
    assert error.endswith(".facets.n: error: not a finite number (nan); JSON has no NaN or Infinity")


# --------------------------------------------------------------------- sources


def test_source_with_bom_offsets_count_from_after_the_bom(tmp_path: Path) -> None:
    # The record was made by a tool that read the text as a browser or editor
    # does (BOM dropped); the quote must stay where it was put.
    root = make_library(tmp_path / "lib", text=BOM + SOURCE_TEXT.encode())
    library = load_library(root)
    assert library.problems == []
    assert library.texts["src"] == SOURCE_TEXT
    (ref,) = library.evidence
    assert ref.anchor.status is AnchorStatus.KEPT


def test_adding_a_bom_to_a_source_moves_no_quote(seed_copy: Path) -> None:
    path = seed_copy / "004_2fe5765ebb54253d.txt"
    path.write_bytes(BOM + path.read_bytes())
    library = load_library(seed_copy)
    assert library.errors == []
    assert [p.json_path for p in library.problems] == ["$.sources[4].sha256"]  # the text changed: one warning
    assert all(ref.anchor.status is AnchorStatus.KEPT for ref in library.evidence)


def test_crlf_source_keeps_offsets_in_code_points_of_the_verbatim_text(tmp_path: Path) -> None:
    text = SOURCE_TEXT.replace("\n", "\r\n") + "Emoji 🧪 then\r\nthe end.\r\n"
    quote = "lower back.\r\nNo serious"  # spans a CRLF
    study = quote_study("crlf", text, quote)
    root = make_library(tmp_path / "lib", text=text, studies=[study])
    library = load_library(root)
    assert library.problems == []
    assert library.texts["src"] == text  # not newline-translated
    (ref,) = library.evidence
    assert ref.anchor.status is AnchorStatus.KEPT
    assert (ref.anchor.start, ref.anchor.end) == (text.index(quote), text.index(quote) + len(quote))
    # The view converts those code points to Qt's UTF-16 units consistently.
    late = text.index("the end")
    index = Utf16Index(text)
    assert index.to_utf16(late) == late + 1  # one astral character before it
    assert index.to_code_point(index.to_utf16(late)) == late


def test_source_converted_to_crlf_reports_and_reanchors(seed_copy: Path) -> None:
    # git's autocrlf on Windows does this to a checked-out library.
    path = seed_copy / "004_2fe5765ebb54253d.txt"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    library = load_library(seed_copy)
    assert library.errors == []
    keio = [ref for ref in library.evidence if ref.study_id == "keio-ips-nsc-sci"]
    assert keio and all(ref.anchor.found for ref in keio)
    text = library.texts[keio[0].evidence.source]
    assert all(text[r.anchor.start : r.anchor.end].replace("\r", "") == r.evidence.exact.replace("\r", "")
               for r in keio if r.anchor.status is not AnchorStatus.FUZZY)


def test_source_with_a_nul_byte_is_refused(seed_copy: Path) -> None:
    # Before: it loaded silently, and the NUL went on to the view and exports.
    path = seed_copy / "004_2fe5765ebb54253d.txt"
    raw = path.read_bytes()
    path.write_bytes(raw[:100] + b"\x00" + raw[100:])
    library = load_library(seed_copy)
    assert str(library.problems[0]) == (
        "library.json: $.sources[4].path: error: source file '004_2fe5765ebb54253d.txt' contains a "
        "NUL byte (byte 100): not UTF-8 text (UTF-16, or binary?); not read"
    )
    others = [p for p in library.problems[1:]]
    assert others and all(p.file == "studies/keio-ips-nsc-sci.json" for p in others)
    assert {s.id for s in library.studies} == ALL


def test_source_in_utf16_is_refused_not_garbled(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", text=SOURCE_TEXT.encode("utf-16-le"))
    library = load_library(root)
    assert library.errors[0].severity is Severity.ERROR
    assert "contains a NUL byte (byte 1)" in library.errors[0].reason
    assert library.texts == {}


def test_anchoring_and_loader_agree_on_the_text(tmp_path: Path) -> None:
    # make_evidence on the loader's text gives offsets the loader keeps.
    raw = BOM + "Ünïcödé 😀 text\r\nwith\u00a0odd spaces and a quote here.".encode()
    root = make_library(tmp_path / "lib", text=raw, studies=[])
    text = load_library(root).texts["src"]
    at = text.index("a quote here")
    evidence = make_evidence("src", text, at, at + len("a quote here"))
    assert anchor(text, evidence).status is AnchorStatus.KEPT
    study = quote_study("x", text, "a quote here")
    (root / "studies" / "x.json").write_text(
        json.dumps(study.model_dump(mode="json"), ensure_ascii=False), encoding="utf-8"
    )
    (ref,) = load_library(root).evidence
    assert ref.anchor.status is AnchorStatus.KEPT and ref.evidence.start == at


def test_record_with_a_lone_surrogate(seed_copy: Path) -> None:
    # Before: it loaded, and the next save failed with UnicodeEncodeError
    # (not an OSError), so the edit could not be written at all.
    text = (seed_copy / MAYO).read_text(encoding="utf-8")
    (seed_copy / MAYO).write_text(text.replace('"Mayo Clinic"', '"Mayo \\ud83d Clinic"', 1), encoding="utf-8")
    assert errors(seed_copy) == [
        f"{MAYO}: $.institution: error: contains a lone surrogate (\\ud83d), which is not text; not loaded"
    ]
    assert study_ids(seed_copy) == ALL - {"mayo-adsc-sci"}


def test_problem_messages_carry_no_control_characters(seed_copy: Path) -> None:
    # A key such as ESC[2J would clear the terminal of whoever runs `validate`.
    edit_json(seed_copy / MAYO, lambda d: d.update({"\x1b[2J\x07": 1}))
    (error,) = errors(seed_copy)
    assert error == f"{MAYO}: $[\"\\u001b[2J\\u0007\"]: error: unknown field (not part of the record format)"
