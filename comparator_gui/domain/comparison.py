"""Comparing studies field by field: agreed, disputed, not reported, differing."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from .models import FieldEntry, Study


class FieldStatus(StrEnum):
    AGREED = "agreed"  # one claim, however many sources back it
    DISPUTED = "disputed"  # sources about this study say different things
    NOT_REPORTED = "not_reported"


def _normal(value: str) -> str:
    return " ".join(value.casefold().split())


def field_status(entry: FieldEntry) -> FieldStatus:
    """Only value claims count: quotes showing the field is not given, or backing
    a note, leave it not reported or agreed."""
    values = {_normal(claim.value) for claim in entry.values}
    if not values:
        return FieldStatus.NOT_REPORTED
    return FieldStatus.DISPUTED if len(values) > 1 else FieldStatus.AGREED


def differs_across(studies: Iterable[Study], key: str) -> bool:
    """True when the studies do not all give the same value(s) for ``key``."""
    seen = {
        frozenset(_normal(claim.value) for claim in study.field(key).values)
        for study in studies
    }
    return len(seen) > 1
