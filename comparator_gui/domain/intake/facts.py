"""Facts read from an article's words for intake: cell and condition terms,
species, numbers of subjects, doses, and where numbers stand. No Qt.

Shared by ``study_match`` (which study is this?) and ``suggest`` (which
sentences hold a field's evidence, and do they disagree with a claim?).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..quality import numbers_in

#: Intervention and cell terms: canonical name → pattern.
CELL_TERMS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "iPS cells": r"\biPSC?s?\b|induced pluripotent",
        "neural stem cells": r"neural stem|neural progenitor",
        "fat-derived (adipose) stem cells": r"adipose|fat-derived|\bADSCs?\b|body fat|fat tissue|from fat|own fat",
        "spheroids": r"spheroid",
        "mesenchymal stem cells": r"mesenchymal|\bMSCs?\b",
        "bone marrow cells": r"bone marrow",
        "umbilical cord cells": r"umbilical",
        "embryonic stem cells": r"embryonic stem|\bESCs?\b",
        "β-tricalcium phosphate": r"tricalcium phosphate",
        "autologous cells": r"autologous",
    }.items()
}

#: Conditions: canonical name → pattern.
CONDITIONS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "spinal cord injury": r"spinal cord (?:injur|trauma|damage)|\bSCI\b|spinal cords? of",
        "spinal fracture": r"(?:spinal|spine|vertebral) fractures?|fractures? (?:of|in) the spine",
        "osteoporosis": r"osteoporo",
        "stroke": r"\bstroke",
        "Parkinson's disease": r"parkinson",
        "ALS": r"\bALS\b|amyotrophic",
        "heart failure": r"heart failure",
        "knee osteoarthritis": r"osteoarthritis",
        "multiple sclerosis": r"multiple sclerosis",
    }.items()
}

SPECIES: dict[str, re.Pattern[str]] = {
    "rat": re.compile(r"\brats?\b", re.IGNORECASE),
    "mouse": re.compile(r"\bmice\b|\bmouse\b", re.IGNORECASE),
    "human": re.compile(r"\bpatients?\b|\badults\b|\bparticipants\b|\bvolunteers\b|\bpeople with\b", re.IGNORECASE),
}

_SUBJECT_NOUNS = (
    r"patients|adults|participants|people|subjects|volunteers|men|women|children|rats|mice|animals|dogs|pigs|monkeys"
)
_SMALL = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|hundred"
_COUNT = re.compile(
    rf"\b(?P<num>\d[\d,]*|{_SMALL})\s+(?:[A-Za-z-]+\s+){{0,2}}?(?P<noun>{_SUBJECT_NOUNS})\b", re.IGNORECASE
)
_DOSE = re.compile(
    r"\b(?P<num>\d[\d.,]*\s*(?:million|billion|thousand)?|(?:one|two|three|five|ten|a) (?:hundred )?(?:million|billion))"
    r"\s+(?:[A-Za-z-]+\s+){0,6}?cells\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\b\d+(?:\.\d+)?\s?(?:%|per ?cent\b)", re.IGNORECASE)
_DURATION = re.compile(
    rf"\b(?:\d+(?:\s?[-–]\s?\d+)?|{_SMALL}|a|an)[\s-](?:days?|weeks?|months?|years?)\b", re.IGNORECASE
)
_BACKGROUND = re.compile(
    r"\b(?:each|every|per|a) year\b|\bannually\b|\bnew cases\b|\bprevalence\b|\bincidence\b|"
    r"\bin (?:the US|the U\.S\.|the United States|Japan|Europe|the UK|the world)(?: alone)?\b|\bworldwide\b|"
    r"\bmillions of\b|\bnatural(?:ly)? recover|\brecover(?:s|ed)? on (?:its|their) own\b",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"subscribe|newsletter|sign up|©|all rights reserved|\(\d{3}\) \d{3}-\d{4}|for more information, please visit|"
    r"invalid email|thanks for subscribing|reach out to|cookie|advertisement|share this|related articles?\b",
    re.IGNORECASE,
)


def _worth(written: str) -> Decimal | None:
    found = numbers_in(written)
    if not found:
        return None
    value = found[0][1]
    for _text, more in found[1:]:  # "100 million" reads as one number already
        value = max(value, more)
    return value


def is_background(sentence: str) -> bool:
    """Background statistics: how many people have the condition, per year, in a country."""
    return bool(re.search(r"\d|million|thousand|hundred", sentence, re.IGNORECASE)) and bool(
        _BACKGROUND.search(sentence)
    )


def looks_like_boilerplate(sentence: str) -> bool:
    """Newsletter boxes, contact lines, copyright: what a plain-text page keeps of its frame."""
    return bool(_BOILERPLATE.search(sentence))


def terms(text: str, vocabulary: dict[str, re.Pattern[str]]) -> set[str]:
    return {name for name, pattern in vocabulary.items() if pattern.search(text)}


def species(text: str) -> set[str]:
    return terms(text, SPECIES)


def subject_counts(text: str) -> set[int]:
    """Numbers of subjects stated: "10 adults", "four patients" (not "150,000 patients in Japan")."""
    found: set[int] = set()
    for match in _COUNT.finditer(text):
        value = _worth(match["num"])
        if value is not None and 0 < value < 100_000 and value == int(value):
            found.add(int(value))
    return found


def doses(text: str) -> set[int]:
    """Numbers of cells given: "100 million expanded autologous stem cells"."""
    found: set[int] = set()
    for match in _DOSE.finditer(text):
        value = _worth(match["num"])
        if value is not None and value >= 1000:
            found.add(int(value))
    return found


@dataclass(frozen=True)
class NumberMark:
    """A number inside a sentence, in code points of the whole text."""

    start: int
    end: int
    kind: str  # "n", "dose", "percent", "duration"

    def to_json(self, text: str) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": text[self.start : self.end], "kind": self.kind}


def number_marks(text: str, start: int = 0, end: int | None = None) -> list[NumberMark]:
    """n, doses, percentages and durations in ``text[start:end]``, first first, none overlapping."""
    end = len(text) if end is None else end
    piece = text[start:end]
    marks: list[NumberMark] = []
    for kind, pattern in (("dose", _DOSE), ("n", _COUNT), ("percent", _PERCENT), ("duration", _DURATION)):
        for match in pattern.finditer(piece):
            if kind in ("n", "dose") and _worth(match["num"]) is None:
                continue
            if kind == "duration" and not re.search(r"\d|" + _SMALL, match.group(0), re.IGNORECASE):
                continue
            a, b = start + match.start(), start + match.end()
            if all(b <= m.start or a >= m.end for m in marks):
                marks.append(NumberMark(a, b, kind))
    return sorted(marks, key=lambda m: m.start)


@dataclass(frozen=True)
class Facts:
    species: frozenset[str]
    n: frozenset[int]
    dose_cells: frozenset[int]

    @classmethod
    def of(cls, text: str) -> Facts:
        return cls(frozenset(species(text)), frozenset(subject_counts(text)), frozenset(doses(text)))
