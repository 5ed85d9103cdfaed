"""A consolidation under way: the two copies compared, the decisions made so
far (saved after each one), and their undo history. No Qt.

The consensus view (``widgets/consensus/``) shows it; this object decides,
undoes, redoes, and writes the consolidated library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..domain.compare import Comparison, Difference
from ..domain.consensus import Choice, Decision, DecisionsFile, Written, decision_now, write_consolidated


@dataclass(frozen=True)
class _Step:
    item_id: str
    before: Decision | None
    after: Decision | None


@dataclass
class Consolidation:
    comparison: Comparison
    file: DecisionsFile
    reviewer: str | None = None
    decisions: dict[str, Decision] = field(default_factory=dict)
    #: Decisions read back from the file that no longer apply (a side changed since).
    stale: int = 0
    _undo: list[_Step] = field(default_factory=list)
    _redo: list[_Step] = field(default_factory=list)

    @classmethod
    def start(cls, comparison: Comparison, decisions_file: Path, reviewer: str | None) -> Consolidation:
        """Begin, or resume from the decisions saved for these two copies."""
        saved = DecisionsFile.open(decisions_file, comparison.a.root, comparison.b.root)
        current = saved.current(comparison)
        return cls(comparison, saved, reviewer, current, stale=len(saved.decisions) - len(current))

    @property
    def items(self) -> list[Difference]:
        return self.comparison.differences

    @property
    def progress(self) -> tuple[int, int]:
        """(decided, differences)."""
        return sum(1 for i in self.items if i.item_id in self.decisions), len(self.items)

    @property
    def complete(self) -> bool:
        decided, total = self.progress
        return decided == total

    def next_undecided(self, after: int) -> int | None:
        """The row of the first undecided difference after row ``after`` (wrapping round)."""
        count = len(self.items)
        for step in range(1, count + 1):
            row = (after + step) % count
            if self.items[row].item_id not in self.decisions:
                return row
        return None

    def decide(self, item: Difference, choice: Choice, value: str | None = None) -> Decision:
        """Record a decision (``ConsensusError`` when it cannot apply) and save the decisions."""
        decision = decision_now(self.comparison, item, choice, value, self.reviewer)
        step = _Step(item.item_id, self.decisions.get(item.item_id), decision)
        self._set(item.item_id, decision)
        self._undo.append(step)
        self._redo.clear()
        return decision

    def _set(self, item_id: str, decision: Decision | None) -> None:
        if decision is None:
            self.decisions.pop(item_id, None)
            self.file.decisions.pop(item_id, None)
        else:
            self.decisions[item_id] = decision
            self.file.decisions[item_id] = decision
        self.file.save()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> str | None:
        """Take back the last decision; returns its item id (None: nothing to undo)."""
        if not self._undo:
            return None
        step = self._undo.pop()
        self._set(step.item_id, step.before)
        self._redo.append(step)
        return step.item_id

    def redo(self) -> str | None:
        if not self._redo:
            return None
        step = self._redo.pop()
        self._set(step.item_id, step.after)
        self._undo.append(step)
        return step.item_id

    def write(self, out: Path) -> Written:
        return write_consolidated(self.comparison, self.decisions, out, self.reviewer)
