"""Ids made from titles: ``slug`` for a readable id, ``unique_id`` so it is not taken."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str, fallback: str = "item") -> str:
    """Lower-case ASCII words joined by hyphens, at most 48 characters; ``fallback`` when none is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:48].strip("-")
    return out or fallback


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``, ... the first not in ``taken``."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
