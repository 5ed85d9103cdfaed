"""Checking one study against its library: anchoring its quotes, and what is wrong.

``check_study`` is the one place a study's quotes are anchored in their
sources and its references checked (sources listed in library.json, fields in
the catalogue). The loader calls it for each study it reads and the editor for
each study an edit, undo or redo changes, so a study's problems read the same
after an edit as after a reload.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from pathlib import Path

from .anchoring import Anchor, AnchorStatus, anchor
from .catalogue import FACET_CHOICES
from .library import LIBRARY_FILE, EvidenceRef, Library
from .models import Claim, Evidence, Study
from .problems import Problem, Reporter, Severity, json_path
from .quality import NOTE_STALE, note_is_stale, unsupported_numbers, unsupported_reason, values_with_numbers
from .selection import half_word_reason

#: The warning for a field whose note was written before its claims last changed.
STALE_NOTE_REASON = f"{NOTE_STALE}: the field's claims changed after the reviewer's note was written (Edit → Confirm note)"


def check_study(
    study: Study,
    path: Path,
    *,
    reporter: Reporter,
    texts: Mapping[str, str],
    known_sources: Container[str],
    catalogue: Container[str],
    unloaded_sources: set[str],
    ensure: Callable[[str], None] | None = None,
) -> tuple[list[EvidenceRef], list[Problem]]:
    """``study``'s quotes anchored in their sources, in record order, and the
    problems found with it, reported against ``path`` (its file).

    ``texts``: source id → text (``Library.texts``); ``known_sources`` the ids
    library.json lists and ``catalogue`` the field keys it defines. Quotes
    citing a source in ``unloaded_sources`` (listed, not loadable) are counted
    per source rather than called unknown; a source whose text cannot be read
    now is reported (against library.json) and added to it. ``ensure(id)``,
    when given, is called before a source is first used (the loader reads each
    source when a study first cites it).
    """
    problems: list[Problem] = []

    def report(where: str, reason: str, severity: Severity = Severity.ERROR) -> None:
        problems.append(reporter.problem(path, where, reason, severity))

    for index, source_id in enumerate(study.sources):
        if ensure is not None:
            ensure(source_id)
        if source_id in unloaded_sources:
            continue  # reported once, with the quotes that cite it
        if source_id not in known_sources:
            report(json_path(["sources", index]), f"unknown source id {source_id!r} (not in library.json)")
    refs: list[EvidenceRef] = []
    listed, append, kept = set(study.sources), refs.append, AnchorStatus.KEPT
    study_texts: dict[str, str | None] = {}  # this study's sources, each asked for once

    def text_of(source_id: str) -> str | None:
        if source_id not in study_texts:
            if ensure is not None:
                ensure(source_id)
            try:
                study_texts[source_id] = texts.get(source_id)
            except OSError as exc:  # changed or gone since it was read
                problems.append(reporter.problem(reporter.root / LIBRARY_FILE, "$.sources", f"source {source_id!r}: {exc}"))
                unloaded_sources.add(source_id)
                study_texts[source_id] = None
        return study_texts[source_id]

    unloaded: dict[str, int] = {}
    claims: list[tuple[str, int, Claim]] = []  # for the numbers' check, below
    for key, entry in study.fields.items():
        if key not in catalogue:
            report(json_path(["fields", key]), f"field {key!r} is not in the library's field catalogue; it is not shown", Severity.WARNING)
        for c_index, claim in enumerate(entry.claims):
            for e_index, evidence in enumerate(claim.evidence):
                source_id = evidence.source
                text = study_texts[source_id] if source_id in study_texts else text_of(source_id)
                if text is None:
                    if source_id in unloaded_sources:
                        unloaded[source_id] = unloaded.get(source_id, 0) + 1
                    else:
                        where = json_path(["fields", key, "claims", c_index, "evidence", e_index])
                        report(where + ".source", f"unknown source id {source_id!r}")
                    result = Anchor(AnchorStatus.ORPHAN, score=0.0)
                else:
                    if source_id not in listed:
                        where = json_path(["fields", key, "claims", c_index, "evidence", e_index])
                        report(where + ".source", f"source {source_id!r} is not listed in the study's sources")
                    result = anchor(text, evidence)
                    if result.status is not kept:  # a kept quote has nothing to report
                        where = json_path(["fields", key, "claims", c_index, "evidence", e_index])
                        report(*_anchor_problem(where, evidence, result, text))
                    if result.status is kept or result.status is AnchorStatus.MOVED:  # verbatim: are its ends whole words?
                        cut = half_word_reason(text, result.start, result.end)
                        if cut is not None:
                            where = json_path(["fields", key, "claims", c_index, "evidence", e_index])
                            report(where, cut, Severity.WARNING)
                append(EvidenceRef(study.id, key, c_index, e_index, evidence, result))
            if claim.kind is None:  # only a value states numbers its quotes must give
                claims.append((key, c_index, claim))
            if claim.facets:
                for facet, value in claim.facets.items():
                    allowed = FACET_CHOICES.get(facet)
                    if allowed is not None and value not in allowed:
                        where = json_path(["fields", key, "claims", c_index, "facets", facet])
                        report(where, f"{value!r} is not one of {', '.join(allowed)}", Severity.WARNING)
        if entry.note_basis is not None and note_is_stale(entry):
            report(json_path(["fields", key, "note"]), STALE_NOTE_REASON, Severity.WARNING)
    # A value's numbers that none of its quotes gives; the values are scanned
    # together first, since most state no number at all.
    for index in values_with_numbers([claim.value for _key, _index, claim in claims]):
        key, c_index, claim = claims[index]
        missing = unsupported_numbers(claim.value, (evidence.exact for evidence in claim.evidence))
        if missing:
            report(json_path(["fields", key, "claims", c_index, "value"]), unsupported_reason(missing), Severity.WARNING)
    for source_id, count in unloaded.items():
        report(
            "$.fields",
            f"{count} quote(s) cite source {source_id!r}, which could not be loaded (see the library.json problem); "
            "they are shown as orphans",
        )
    return refs, problems


def _anchor_problem(where: str, evidence: Evidence, result: Anchor, text: str) -> tuple[str, str, Severity]:
    """Where, why and how bad, for a quote not kept at its stored place."""
    quote = evidence.exact if len(evidence.exact) <= 60 else evidence.exact[:57] + "..."
    if result.status is AnchorStatus.MOVED:
        return (
            where,
            f"quote found at {result.start}-{result.end}, not at its stored {evidence.start}-{evidence.end}",
            Severity.WARNING,
        )
    if result.status is AnchorStatus.FUZZY:
        # Not verbatim is an error: the record would put words in the source's mouth.
        found = text[result.start : result.end]
        shown = found if len(found) <= 60 else found[:57] + "..."
        return (
            where,
            f"quote is not verbatim in source {evidence.source!r}: the record says {quote!r}, "
            f"the source at {result.start}-{result.end} says {shown!r} (similarity {_similarity(result.score)}); "
            "a reviewer must accept the source's words or drop the quote",
            Severity.ERROR,
        )
    return where, f"quote not found in source {evidence.source!r}: {quote!r}", Severity.ERROR


def _similarity(score: float) -> str:
    """A score that never rounds a difference away ("1.00" for 0.996)."""
    text = f"{score:.3f}"
    return "0.999" if text == "1.000" and score < 1 else text


def source_changed_reason(source_path: str) -> str:
    """The warning for a source whose file no longer hashes as library.json says."""
    return f"source file {source_path!r} has changed since its quotes were anchored; quotes re-anchored"


def recheck_source_hashes(library: Library) -> None:
    """library.json's "source changed" warnings as a reload would give them now.

    Accepting re-anchored quotes records each settled source's hash
    (``reanchor.settle_hashes``); undoing that restores the old hash. Either way
    the warning must follow, or the Problems panel lists what was already fixed.
    Only sources read from a file have a digest to compare; other problems of
    library.json stay as they are.
    """
    path = library.root / LIBRARY_FILE
    group = library.problem_groups.get(path, [])
    digest_of = getattr(library.texts, "digest", None)
    if digest_of is None:
        return
    reporter = Reporter(library.root)
    stale: dict[str, Problem] = {}
    for index, source in enumerate(library.meta.sources):
        digest = digest_of(source.id)
        if digest is not None and digest != source.sha256:
            stale[source_changed_reason(source.path)] = reporter.problem(
                path, json_path(["sources", index]) + ".sha256", source_changed_reason(source.path), Severity.WARNING
            )
    all_reasons = {source_changed_reason(source.path) for source in library.meta.sources}
    kept = [p for p in group if p.reason not in all_reasons or p.reason in stale]
    present = {p.reason for p in kept}
    updated = kept + [problem for reason, problem in stale.items() if reason not in present]
    if updated != group:
        others = {key: problems for key, problems in library.problem_groups.items() if key != path}
        # library.json's problems come first, as the loader lists them.
        library.problem_groups = {path: updated, **others} if updated else others
        library.bump_revision()
