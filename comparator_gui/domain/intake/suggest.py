"""Suggested evidence: for each catalogue field, the sentences of a new source
most likely to hold its evidence, ranked by BM25 (bm25s). No Qt.

A field's query is its label and description (weight 1), its ``hints``
(weight 1.5; ``<n>``, ``<dose>``, ``<percent>``, ``<duration>`` stand for
numbers of those kinds) and the words of the library's accepted quotes for it,
weighted by how often they occur in that field's quotes and how few other
fields' quotes use them. Deterministic: the same text and library give the
same suggestions. Each has a "why" and its numbers marked. Background
statistics and boilerplate are never suggested.

Suggestions point at sentences; only a reviewer turns one into a value.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from ..catalogue import DEFAULT_FIELDS
from ..library import Library
from ..models import FieldDef, Study
from .article import ImportedArticle
from .facts import Facts, NumberMark, is_background, looks_like_boilerplate, number_marks

MAX_SUGGESTIONS = 5

_STOP = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "had", "has", "have", "he", "her", "his", "i", "in", "into", "is", "it", "its", "of", "on", "or", "our", "she", "so", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "was", "we", "were", "what", "when", "where", "which", "while", "who", "will", "with", "would", "you", "your", "not", "no", "can", "could", "may", "might", "also", "only", "just", "more", "most", "other", "some", "any", "each", "how"]
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_ABBREVIATIONS = re.compile(r"(?:\b(?:Dr|Prof|Mr|Mrs|Ms|St|vs|Fig|No|al|e\.g|i\.e|approx)|\b[A-Z])\.$")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_NUMBER_TOKENS = {"n": "<n>", "dose": "<dose>", "percent": "<percent>", "duration": "<duration>"}
_MIN_SCORE = 0.05


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Lower-cased, lightly stemmed words without stop words, then a token per kind of number."""
    words = [_stem(w) for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP]
    return words + [_NUMBER_TOKENS[m.kind] for m in number_marks(text)]


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """The text's sentences and lines (headings are lines), spans in code points, blanks trimmed."""
    found: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        cuts = [line.start()]
        for match in _SENTENCE_END.finditer(line.group(0)):
            before = line.group(0)[: match.start() + 1]
            if _ABBREVIATIONS.search(before):
                continue
            cuts.append(line.start() + match.end())
        cuts.append(line.end())
        for a, b in itertools.pairwise(cuts):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a and re.search(r"[^\W\d_]{2}", text[a:b]):
                found.append(Sentence(a, b, text[a:b]))
    return found


@dataclass(frozen=True)
class Suggestion:
    field_key: str
    start: int
    end: int
    text: str
    score: float
    why: str
    numbers: tuple[NumberMark, ...] = ()

    def to_json(self, source_text: str) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": self.score,
            "why": self.why,
            "numbers": [m.to_json(source_text) for m in self.numbers],
        }


@dataclass(frozen=True)
class Conflict:
    """A suggestion that disagrees with an existing claim: offered as a new claim."""

    field_key: str
    claim: str  # the existing claim's value
    suggestion: Suggestion
    reason: str

    def to_json(self) -> dict[str, object]:
        return {"field": self.field_key, "claim": self.claim, "suggestion": self.suggestion.text,
                "start": self.suggestion.start, "end": self.suggestion.end, "reason": self.reason}


@dataclass(frozen=True)
class Suggestions:
    fields: dict[str, list[Suggestion]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    #: Sentences left out: background statistics and boilerplate, with the reason.
    skipped: list[tuple[Sentence, str]] = field(default_factory=list)


def default_hints(key: str) -> list[str]:
    for definition in DEFAULT_FIELDS:
        if definition.key == key:
            return list(definition.hints)
    return []


@dataclass(frozen=True)
class _Query:
    weights: dict[str, float]
    origin: dict[str, str]  # token → "label", "hint" or "example"
    examples: list[tuple[str, frozenset[str]]]


class Suggester:
    """The queries of a library's fields, built once; ``suggest`` ranks a text's sentences."""

    def __init__(self, fields: Iterable[FieldDef], examples: Mapping[str, list[str]]) -> None:
        self.fields = list(fields)
        per_field = {f.key: [frozenset(tokens(q)) for q in examples.get(f.key, [])] for f in self.fields}
        used_by: Counter[str] = Counter()
        for f in self.fields:
            seen = set(tokens(f"{f.label} {f.description}")) | set(tokens(" ".join(f.hints or default_hints(f.key))))
            for quote in per_field[f.key]:
                seen |= quote
            used_by.update(seen)
        count = max(len(self.fields), 1)
        self.queries: dict[str, _Query] = {}
        for f in self.fields:
            weights: dict[str, float] = {}
            origin: dict[str, str] = {}
            quotes = per_field[f.key]
            if quotes:
                frequency: Counter[str] = Counter(t for q in quotes for t in q)
                for token, times in frequency.items():
                    weights[token] = (times / len(quotes)) * math.log(1 + count / used_by[token])
                    origin[token] = "example"
            description = f.description.split("; facet")[0]
            for token in tokens(f"{f.label} {description}"):
                weights[token] = weights.get(token, 0.0) + math.log(1 + count / used_by[token])
                origin[token] = "label"
            for hint in f.hints or default_hints(f.key):
                for token in tokens(hint) if not hint.startswith("<") else [hint]:
                    weights[token] = weights.get(token, 0.0) + 1.5 * math.log(1 + count / max(used_by[token], 1))
                    origin[token] = "hint"
            self.queries[f.key] = _Query(
                weights, origin, [(q, frozenset(tokens(q))) for q in examples.get(f.key, [])]
            )

    @classmethod
    def for_library(cls, library: Library, exclude_sources: Collection[str] = ()) -> Suggester:
        examples: dict[str, list[str]] = {}
        for study in library.studies:
            for key, entry in study.fields.items():
                for claim in entry.claims:
                    for evidence in claim.evidence:
                        if evidence.source not in exclude_sources:
                            examples.setdefault(key, []).append(evidence.exact)
        return cls(library.catalogue, examples)

    def suggest(
        self,
        text: str,
        boilerplate: Iterable[tuple[int, int]] = (),
        study: Study | None = None,
        limit: int = MAX_SUGGESTIONS,
    ) -> Suggestions:
        spans = list(boilerplate)
        kept: list[Sentence] = []
        skipped: list[tuple[Sentence, str]] = []
        for sentence in sentences(text):
            if any(a < sentence.end and sentence.start < b for a, b in spans) or looks_like_boilerplate(sentence.text):
                skipped.append((sentence, "boilerplate"))
            elif is_background(sentence.text):
                skipped.append((sentence, "background statistics"))
            else:
                kept.append(sentence)
        result = Suggestions(skipped=skipped)
        if not kept:
            return result
        corpus = [tokens(s.text) for s in kept]
        # Imported here: bm25s brings numpy (~0.2 s), which a window that never
        # suggests should not pay for at start-up.
        import bm25s

        retriever = bm25s.BM25()
        retriever.index([c or ["<empty>"] for c in corpus], show_progress=False)
        vocabulary = set(retriever.vocab_dict)
        per_token: dict[str, list[float]] = {}
        for query in self.queries.values():
            for token in query.weights:
                if token in vocabulary and token not in per_token:
                    per_token[token] = [float(v) for v in retriever.get_scores([token])]
        for f in self.fields:
            query = self.queries[f.key]
            ranked: list[tuple[float, int, list[tuple[float, str]]]] = []
            for index in range(len(kept)):
                parts = [(query.weights[t] * per_token[t][index], t) for t in query.weights if t in per_token]
                parts = [p for p in parts if p[0] > 0]
                score = sum(p[0] for p in parts)
                if score > _MIN_SCORE:
                    ranked.append((score, index, parts))
            ranked.sort(key=lambda item: (-round(item[0], 9), kept[item[1]].start))
            chosen = []
            for score, index, parts in ranked[:limit]:
                sentence = kept[index]
                chosen.append(
                    Suggestion(
                        f.key, sentence.start, sentence.end, sentence.text, round(score, 4),
                        self._why(query, parts, corpus[index]),
                        tuple(number_marks(text, sentence.start, sentence.end)),
                    )
                )
            if chosen:
                result.fields[f.key] = chosen
        if study is not None:
            result.conflicts.extend(conflicts(study, result.fields))
        return result

    @staticmethod
    def _why(query: _Query, parts: list[tuple[float, str]], words: list[str]) -> str:
        parts = sorted(parts, key=lambda p: (-p[0], p[1]))[:4]
        groups: dict[str, list[str]] = {}
        for _score, token in parts:
            groups.setdefault(query.origin.get(token, "example"), []).append(token)
        said = {"label": "the field's words", "hint": "hint words", "example": "words of accepted quotes"}
        pieces = [f"{said[k]}: {', '.join(v)}" for k, v in groups.items()]
        numbers = sorted({w.strip("<>") for w in words if w.startswith("<")})
        if numbers:
            pieces.append(f"numbers: {', '.join(numbers)}")
        mine = set(words)
        best = max(query.examples, key=lambda e: (len(e[1] & mine) / (len(e[1]) or 1), -len(e[0])), default=None)
        if best is not None and best[1] & mine:
            pieces.append(f"like “{best[0][:60]}”")
        return "; ".join(pieces)


def conflicts(study: Study, suggested: Mapping[str, list[Suggestion]], top: int = 3) -> list[Conflict]:
    """Suggestions disagreeing with every claim of their field on species, n or dose."""
    found: list[Conflict] = []
    for key, suggestions in suggested.items():
        entry = study.fields.get(key)
        if entry is None or not entry.claims:
            continue
        for suggestion in suggestions[:top]:
            facts = Facts.of(suggestion.text)
            for facet, mine in (("species", facts.species), ("n", facts.n), ("dose_cells", facts.dose_cells)):
                theirs = [c for c in entry.claims if facet in c.facets]
                if not mine or not theirs:
                    continue
                if any(c.facets[facet] in mine for c in theirs):
                    continue
                values = ", ".join(str(v) for v in sorted(mine, key=str))
                found.append(Conflict(key, theirs[0].value, suggestion,
                                      f"{facet} {values} here; the claim says {theirs[0].facets[facet]}"))
                break
    return found


def suggest(
    text: str,
    library: Library,
    *,
    boilerplate: Iterable[tuple[int, int]] = (),
    study: Study | None = None,
    exclude_sources: Collection[str] = (),
    limit: int = MAX_SUGGESTIONS,
) -> Suggestions:
    """Up to ``limit`` sentences of ``text`` per field of ``library``'s catalogue, best first."""
    return Suggester.for_library(library, exclude_sources).suggest(text, boilerplate, study, limit)


def intake_report(article: ImportedArticle, library: Library) -> dict[str, object]:
    """What ``comparator-gui suggest --json`` prints: the article's metadata, the
    ranked studies, whether it is a new study, each field's suggestions (offsets
    are code points of ``article.text``, the text an import stores) and conflicts
    with the best study's claims."""
    from .study_match import match_study

    match = match_study(article, library)
    best = library.study(match.best.study_id) if match.best else None
    found = suggest(article.text, library, boilerplate=article.boilerplate, study=best)
    meta = article.metadata
    return {
        "source": {"title": meta.title, "published": meta.published, "url": meta.url, "outlet": meta.outlet,
                   "authors": list(meta.authors)},
        "text_sha256": hashlib.sha256(article.text.encode("utf-8")).hexdigest(),
        "studies": [{"study": c.study_id, "score": c.score, "reasons": list(c.reasons)} for c in match.candidates],
        "new_study": match.new_study,
        "fields": {key: [s.to_json(article.text) for s in items] for key, items in found.fields.items()},
        "conflicts": [c.to_json() for c in found.conflicts],
    }
