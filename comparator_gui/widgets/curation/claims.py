"""Asking the reviewer which claim a quote supports, and which claims to merge.

A field with several claims (sources that disagree, or one source saying two
things) must never have a quote filed under the first claim by default: the
reviewer picks, and may start a new claim instead.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget

from ...domain.models import ClaimKind, FieldEntry
from ...domain.record_edits import duplicate_claims

NEW_CLAIM = "A new claim (this source says something else)"
#: ``choose_claim``'s answer when the reviewer starts a new claim.
NEW = -1


_KINDS = {ClaimKind.NOT_REPORTED: " (says it is not given)", ClaimKind.NOTE: " (reviewer's note)"}


def _label(number: int, value: str, kind: ClaimKind | None = None) -> str:
    short = value if len(value) <= 70 else value[:69] + "…"
    return f"Claim {number}{_KINDS.get(kind, '') if kind else ''}: {short}"


def choose_claim(parent: QWidget | None, entry: FieldEntry, field_label: str, quote: str) -> int | None:
    """The index of the claim the quote supports, ``NEW`` for a new claim, or
    None when the reviewer cancels. Asked unless the field has no claim or one
    value claim: a quote must not silently join words that say the field is not
    given, or a note."""
    if not entry.claims or (len(entry.claims) == 1 and entry.claims[0].kind is None):
        return 0
    items = [_label(n, claim.value, claim.kind) for n, claim in enumerate(entry.claims, start=1)] + [NEW_CLAIM]
    shown = quote if len(quote) <= 90 else quote[:89] + "…"
    choice, ok = QInputDialog.getItem(
        parent, "Which claim?", f"{field_label} has {len(entry.claims)} claims. Which one does “{shown}” support?",
        items, 0, False,
    )
    if not ok:
        return None
    index = items.index(choice)
    return NEW if index == len(entry.claims) else index


def choose_merge(parent: QWidget | None, entry: FieldEntry, field_label: str) -> tuple[int, int] | None:
    """(claim to merge, claim to keep), or None. Claims that read the same are offered first."""
    if len(entry.claims) < 2:
        return None
    pairs = duplicate_claims(entry)
    pairs += [(a, b) for a in range(len(entry.claims)) for b in range(a + 1, len(entry.claims)) if (a, b) not in pairs]
    items = [
        f"Claim {b + 1} into claim {a + 1}: “{entry.claims[b].value}” → “{entry.claims[a].value}”"
        + ("  (they read the same)" if n < len(duplicate_claims(entry)) else "")
        for n, (a, b) in enumerate(pairs)
    ]
    choice, ok = QInputDialog.getItem(
        parent, "Merge claims",
        f"Merge two claims of {field_label} that say the same thing. The kept claim's value stays; "
        "the quotes and notes of both are kept. Claims that disagree are a dispute: keep them apart.",
        items, 0, False,
    )
    if not ok:
        return None
    into, merged = pairs[items.index(choice)]
    return merged, into
