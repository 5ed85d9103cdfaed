"""Problems found while reading a library: where (file, JSON path) and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # something was not loaded, or a quote has no anchor
    WARNING = "warning"  # loaded, but a reviewer should look (moved/fuzzy quote)


@dataclass(frozen=True)
class Problem:
    file: str
    json_path: str
    reason: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.file}: {self.json_path}: {self.severity.value}: {self.reason}"


def json_path(loc: Sequence[str | int]) -> str:
    """``("fields", "dose", "claims", 0)`` → ``$.fields.dose.claims[0]``."""
    out = "$"
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier():
            out += f".{part}"
        else:
            escaped = part.replace("\\", "\\\\").replace('"', '\\"')
            out += f'["{escaped}"]'
    return out
