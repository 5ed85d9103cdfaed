"""Problems found while reading a library: where (file, JSON path) and why,
and the ``Reporter`` that words them for one library."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


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


class Reporter:
    """Problems found while reading one library, each naming its file relative
    to the library's folder; one instance per load (or per re-check)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        #: Where ``report`` puts problems; the loader swaps in a list per group.
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        if path == self.root:
            return str(path)
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def report(self, path: Path, where: str, reason: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(self.problem(path, where, reason, severity))

    def problem(self, path: Path, where: str, reason: str, severity: Severity = Severity.ERROR) -> Problem:
        # Keys and values come from the file: control characters (a terminal
        # escape, a NUL) are shown as \uXXXX, never passed on raw.
        where, reason = CONTROL.sub(escape_char, where), CONTROL.sub(escape_char, reason)
        return Problem(self.rel(path), where, reason, severity)


#: Characters never shown raw in a message: C0/C1 controls and lone surrogates.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def escape_char(match: re.Match[str]) -> str:
    """The matched character as ``\\uXXXX``."""
    return f"\\u{ord(match.group(0)):04x}"
