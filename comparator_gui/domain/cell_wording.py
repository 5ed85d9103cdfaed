"""The words a cell's status is shown in, in every register (grid status line,
export heading, slide), and the small helpers that put them together. No Qt.

Kept apart from ``cell`` (which builds the presentation) so that every view
can use the same words without importing the presenter.
"""

from __future__ import annotations

from .models import NOT_REPORTED
from .quality import NOTE_STALE

# Each register of a cell's status has its own words (a status line in the
# grid, a heading in an export or on a slide); all of them are here.

#: How a reviewer's note is introduced wherever one is shown.
NOTE_LABEL = "Reviewer's note"
#: The start of a line that holds a reviewer's note (the grid sets those lines in italics).
NOTE_PREFIX = f"{NOTE_LABEL}: "
#: What stands where the value would, in the grid and on a slide, when no source reports the field.
NOT_REPORTED_VALUE = NOT_REPORTED[0].upper() + NOT_REPORTED[1:]
#: The grid's status line for a field no source reports.
NOT_REPORTED_LINE = NOT_REPORTED.upper()
#: Why a cell reads "not reported", for a tooltip.
NOT_REPORTED_EXPLAINED = "None of this study's sources reports this field."
#: The heading of a disputed cell in an export.
DISPUTED_LABEL = "DISPUTED: the sources differ"
#: The heading of a disputed cell on a slide.
DISPUTED_SHORT = "Sources disagree"
#: An export's status for a field with one value from a single source (nothing to agree with).
REPORTED = "reported"
#: How a claim of kind ``not_reported`` is introduced: the source says the field is not given.
NOT_REPORTED_KIND = f"{NOT_REPORTED_VALUE}, as the source says"
#: How a claim of kind ``note`` is introduced: a reviewer's note backed by quotes.
QUOTED_NOTE_KIND = f"{NOTE_LABEL} (quoted)"

#: The status line's mark for a field whose note was written before its claims last changed.
NOTE_STALE_LINE = f"⚠ {NOTE_STALE.upper()}"
#: The status line's mark for a value that states a number none of its quotes gives.
NUMBERS_LINE = "⚠ NUMBER NOT IN QUOTES"


def quoted(text: str) -> str:
    """A quote in curly quotation marks."""
    return f"“{text}”"


def labelled_note(note: str | None) -> str | None:
    """``Reviewer's note: ...`` for a note shown next to what it is about; None for no note."""
    return f"{NOTE_PREFIX}{note}" if note else None


def source_caption(source: str, sources: int = 1, of_sources: int = 0) -> str:
    """The caption under a quote shown alone: its source and, when the study has
    more than one to compare (``of_sources`` > 1), how many back the claim."""
    text = f"— {source}"
    if of_sources > 1:
        text += f" · {sources} of {of_sources} sources"
    return text


# ------------------------------------------------------------------ presentations
