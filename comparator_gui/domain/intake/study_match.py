"""Which study is this article about? Ranks the library's studies, each with
the reasons for its score, and says "a new study" when none passes the
threshold. No Qt, deterministic.

Evidence for a study: its institution named; its investigators named; a
registry ID or DOI it carries; intervention and cell terms and the condition
it shares; its number of subjects, species and dose agreeing. Against it:
another institution named instead of its own; another n, species or dose.
The study selected in the grid plays no part.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass

from ..library import Library
from ..models import Study
from .article import ImportedArticle
from .facts import CELL_TERMS, CONDITIONS, Facts, is_background, terms

#: A candidate must score at least this to be offered before "a new study".
THRESHOLD = 3.0

_ID = re.compile(
    r"\b(10\.\d{4,9}/[^\s\"<>]+|NCT\d{8}|jRCT[a-z]?\d{7,10}|UMIN\d{9}|ISRCTN\d{8}|ChiCTR[-\w]*\d{6,}|ACTRN\d{14})",
    re.IGNORECASE,
)
_INSTITUTION = re.compile(
    r"\b(?:University of [A-Z][\w-]*(?: [A-Z][\w-]*)*|UC [A-Z][a-z]+(?: [A-Z][a-z]+)?|"
    r"(?:[A-Z][\w-]+ ){1,4}(?:University|Institute|Clinic|Hospital|College|Medical Center|Centre|Center)\b)"
)
_GENERIC = {"university", "of", "the", "institute", "clinic", "hospital", "college", "medical", "center", "centre",
            "school", "and", "graduate", "medicine", "tokyo", "research"}
_TITLES = re.compile(r"\b(?:Professor|Prof\.|Dr\.?|Doctor|student|researcher)\s+")
_NAME = re.compile(r"\b([A-Z][a-z]+) ([A-Z][a-z]+)\b")


@dataclass(frozen=True)
class Candidate:
    study_id: str
    score: float
    reasons: tuple[str, ...]
    passes: bool


@dataclass(frozen=True)
class StudyMatch:
    candidates: list[Candidate]  # best first
    threshold: float = THRESHOLD

    @property
    def new_study(self) -> bool:
        return not any(c.passes for c in self.candidates)

    @property
    def best(self) -> Candidate | None:
        """The first candidate that passes, or None: "a new study"."""
        return next((c for c in self.candidates if c.passes), None)


def _core(institution: str) -> list[str]:
    """The distinctive words of an institution's name: 'Osaka Metropolitan University' → osaka, metropolitan."""
    return [w for w in re.findall(r"[a-z0-9]+", institution.lower()) if w not in _GENERIC]


def _names(institution: str, text: str) -> set[tuple[str, str]]:
    core = set(_core(institution))
    found: set[tuple[str, str]] = set()
    for first, last in _NAME.findall(_TITLES.sub("", text)):
        if first.lower() in core or last.lower() in core or last.lower() in _GENERIC or first.lower() in _GENERIC:
            continue
        found.add((first, last))
    return found


@dataclass(frozen=True)
class _Profile:
    study: Study
    text: str
    core: list[str]
    investigators: set[tuple[str, str]]
    ids: set[str]
    cells: set[str]
    conditions: set[str]
    facts: Facts
    hashes: set[str]


def _profile(library: Library, study: Study, exclude: Collection[str]) -> _Profile:
    parts = [study.title, study.short_title, study.institution, study.condition]
    institution_words = [study.institution]
    n: set[int] = set()
    kinds: set[str] = set()
    dose: set[int] = set()
    for key, entry in study.fields.items():
        for claim in entry.claims:
            quotes = [e.exact for e in claim.evidence if e.source not in exclude]
            if not quotes:
                continue
            parts.append(claim.value)
            parts.extend(quotes)
            if key == "institution":
                institution_words.append(claim.value)
                institution_words.extend(quotes)
            facets = claim.facets
            if isinstance(facets.get("n"), int):
                n.add(int(facets["n"]))  # type: ignore[arg-type]
            if isinstance(facets.get("species"), str):
                kinds.add(str(facets["species"]))
            if isinstance(facets.get("dose_cells"), int | float):
                dose.add(int(facets["dose_cells"]))  # type: ignore[arg-type]
    sources = [library.sources[s] for s in study.sources if s in library.sources and s not in exclude]
    ids_text = " ".join([*parts, *(f"{s.url or ''} {s.note or ''}" for s in sources)])
    text = "\n".join(parts)
    return _Profile(
        study=study,
        text=text,
        core=_core(study.institution),
        investigators=_names(study.institution, "\n".join(institution_words)),
        ids={m.lower().rstrip(".,;)") for m in _ID.findall(ids_text)},
        cells=terms(text, CELL_TERMS),
        conditions=terms(text, CONDITIONS),
        facts=Facts(frozenset(kinds), frozenset(n), frozenset(dose)),
        hashes={s.sha256 for s in sources},
    )


def _has_words(text: str, words: list[str]) -> bool:
    return bool(words) and all(re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE) for w in words)


def _score(article_text: str, ids: set[str], digest: str, facts: Facts, profile: _Profile) -> Candidate:
    score = 0.0
    reasons: list[str] = []

    def add(points: float, why: str) -> None:
        nonlocal score
        score += points
        reasons.append(f"{why} ({points:+g})")

    study = profile.study
    if digest in profile.hashes:
        add(10, "the same text as one of its sources")
    if profile.ids & ids:
        add(6, f"registry ID or DOI {', '.join(sorted(profile.ids & ids))}")
    if _has_words(article_text, profile.core):
        add(3, f"institution: {study.institution} is named")
    elif profile.core:
        others = sorted({m.strip() for m in _INSTITUTION.findall(article_text)})
        if others:
            add(-3, f"institution: the article names {', '.join(others[:3])}, not {study.institution}")
    named = sorted(f"{first} {last}" for first, last in profile.investigators
                   if re.search(rf"\b{re.escape(last)}\b", article_text))
    if named:
        add(min(2.0 * len(named), 4.0), f"investigators named: {', '.join(named)}")
    article_cells = terms(article_text, CELL_TERMS)
    shared_cells = sorted(article_cells & profile.cells)
    if shared_cells:
        add(min(1.0 * len(shared_cells), 3.0), f"cells and intervention agree: {', '.join(shared_cells)}")
    other_cells = sorted(article_cells - profile.cells)
    if other_cells and profile.cells:
        add(-0.5 * min(len(other_cells), 2), f"cells not in this study: {', '.join(other_cells)}")
    article_conditions = terms(article_text, CONDITIONS)
    shared_conditions = sorted(article_conditions & profile.conditions)
    if shared_conditions:
        add(1.5, f"condition agrees: {', '.join(shared_conditions)}")
    elif article_conditions and profile.conditions:
        add(-1.5, f"condition differs: {', '.join(sorted(article_conditions))}, not {', '.join(sorted(profile.conditions))}")
    if facts.n and profile.facts.n:
        if facts.n & profile.facts.n:
            add(1, f"n agrees: {', '.join(str(v) for v in sorted(facts.n & profile.facts.n))} subjects")
        else:
            add(-1.5, f"n disagrees: the article gives {', '.join(str(v) for v in sorted(facts.n))}, "
                      f"the study {', '.join(str(v) for v in sorted(profile.facts.n))}")
    if facts.species and profile.facts.species:
        if facts.species & profile.facts.species:
            add(0.5, f"species agrees: {', '.join(sorted(facts.species & profile.facts.species))}")
        else:
            add(-1.5, f"species disagrees: {', '.join(sorted(facts.species))}, "
                      f"not {', '.join(sorted(profile.facts.species))}")
    if facts.dose_cells and profile.facts.dose_cells:
        if facts.dose_cells & profile.facts.dose_cells:
            add(1, f"dose agrees: {', '.join(f'{v:,}' for v in sorted(facts.dose_cells & profile.facts.dose_cells))} cells")
        else:
            add(-1, "dose disagrees: " + ", ".join(f"{v:,}" for v in sorted(facts.dose_cells)) + " cells")
    score = round(score, 2)
    return Candidate(study.id, score, tuple(reasons), score >= THRESHOLD)


def article_text(article: ImportedArticle | str) -> str:
    return article if isinstance(article, str) else article.text


def match_study(
    article: ImportedArticle | str,
    library: Library,
    exclude_sources: Collection[str] = (),
) -> StudyMatch:
    """Every study of ``library`` scored against ``article``, best first.

    ``exclude_sources``: sources whose quotes do not count (to match a source
    as if it were new, as the benchmark does).
    """
    text = article_text(article)
    ids = {m.lower().rstrip(".,;)") for m in _ID.findall(text)}
    if isinstance(article, ImportedArticle):
        meta = article.metadata
        ids |= {i.lower() for i in (meta.doi, *meta.registry_ids) if i}
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    # Background statistics ("150,000 patients in Japan") are no study's n.
    kept = " ".join(line for line in re.split(r"(?<=[.!?])\s+|\n+", text) if not is_background(line))
    facts = Facts.of(kept)
    candidates = [
        _score(text, ids, digest, facts, _profile(library, study, exclude_sources)) for study in library.studies
    ]
    candidates.sort(key=lambda c: (-c.score, c.study_id))
    return StudyMatch(candidates)


def new_study_details(text: str) -> dict[str, str]:
    """What a new study's row can show from the article alone: the first institution
    named, the conditions, the evidence level (by design) and trial phase its words state ("" when unsaid)."""
    institutions = [m.strip() for m in _INSTITUTION.findall(text)]
    conditions = sorted(terms(text, CONDITIONS))
    # The level is by design; words that name one are rare in news reports, so
    # most new studies start as "unknown" for the reviewer to set.
    level = ""
    if re.search(r"\brandomi[sz]ed\b", text, re.IGNORECASE):
        level = "randomised_trial"
    elif re.search(r"\bcase series\b", text, re.IGNORECASE):
        level = "case_series"
    elif re.search(r"\bcase report\b", text, re.IGNORECASE):
        level = "case_report"
    elif re.search(r"\b(?:rats?|mice|animal (?:study|trials?|model))\b", text, re.IGNORECASE):
        level = "animal"
    phase = ""
    if found := re.search(r"\bphase (1|I|2|II|3|III)\b", text, re.IGNORECASE):
        phase = {"1": "phase_1", "I": "phase_1", "2": "phase_2", "II": "phase_2"}.get(found.group(1).upper(), "phase_3")
    return {
        "institution": institutions[0] if institutions else "",
        "condition": ", ".join(conditions).capitalize() if conditions else "",
        "evidence_level": level,
        "trial_phase": phase,
    }
