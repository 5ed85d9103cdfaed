"""Undo history as data: each step is the library before and after one edit.

The editor's ``Snapshot`` already gives back the exact earlier JSON, so a step
needs no command objects; ``undo`` and ``redo`` hand back the snapshot to
restore. Whether the library is modified is the editor's to say (it compares
JSON with the last save), so the history keeps no "clean" mark.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.editing import Snapshot


@dataclass(frozen=True)
class Step:
    text: str  # what the reviewer did, for "Undo <text>"
    before: Snapshot
    after: Snapshot


class History:
    def __init__(self) -> None:
        self._steps: list[Step] = []
        self._done = 0  # steps applied; those past it can be redone

    def clear(self) -> None:
        self._steps.clear()
        self._done = 0

    def push(self, step: Step) -> None:
        del self._steps[self._done :]  # a new edit forgets what could be redone
        self._steps.append(step)
        self._done += 1

    @property
    def can_undo(self) -> bool:
        return self._done > 0

    @property
    def can_redo(self) -> bool:
        return self._done < len(self._steps)

    @property
    def undo_text(self) -> str:
        return self._steps[self._done - 1].text if self.can_undo else ""

    @property
    def redo_text(self) -> str:
        return self._steps[self._done].text if self.can_redo else ""

    def undo(self) -> Step | None:
        if not self.can_undo:
            return None
        self._done -= 1
        return self._steps[self._done]

    def redo(self) -> Step | None:
        if not self.can_redo:
            return None
        self._done += 1
        return self._steps[self._done - 1]

    def __len__(self) -> int:
        return len(self._steps)
