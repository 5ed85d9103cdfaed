"""Who added a claim or a quote, and when: stamped by the edits that create them. No Qt.

The reviewer's name comes from the settings through the session
(``LibraryEditor.reviewer``); the domain never reads settings itself. An edit
made with no name set leaves ``added_by`` out and still records the time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TypeVar

from .models import Claim, Evidence

Stamped = TypeVar("Stamped", Claim, Evidence)


def now_utc() -> str:
    """The time now as ISO 8601 UTC to the second: ``2026-12-01T10:58:43Z``."""
    return datetime.now(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def stamped(record: Stamped, reviewer: str | None, when: str | None = None) -> Stamped:
    """``record`` marked as added by ``reviewer`` (blank: nobody named) at ``when`` (default: now)."""
    record.added_by = (reviewer or "").strip() or None
    record.added_at = when or now_utc()
    return record


def describe(record: Claim | Evidence) -> str:
    """"added by Ana Silva, 2026-12-01 10:58 UTC", or "" when nothing was recorded."""
    return describe_parts(record.added_by, record.added_at)


def describe_parts(who: str | None, at: str | None) -> str:
    when = (at or "").replace("T", " ").removesuffix("Z")[:16]
    if who and when:
        return f"added by {who}, {when} UTC"
    if who:
        return f"added by {who}"
    return f"added {when} UTC" if when else ""
