"""Claims beyond a value and its quotes (Edit menu): quoting words that are not
a value ("the source says this is not given", a reviewer's note resting on
quotes), and a claim's typed facets (cell origin, safety data, ...)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog

from ...domain import record_edits
from ...domain.cell import NOT_REPORTED_KIND, QUOTED_NOTE_KIND
from ...domain.models import ClaimKind
from .facets_dialog import FacetsDialog

if TYPE_CHECKING:
    from .feature import CurationFeature

#: (dialog title, question, the claim's words to start from) per kind.
_ASK = {
    ClaimKind.NOT_REPORTED: (
        "Not given, as the source says",
        "The selection shows the source does not give this field. In a few words, what is not given?\n"
        f"(The cell reads “{NOT_REPORTED_KIND}: …”; the field stays not reported.)",
        "Not given",
    ),
    ClaimKind.NOTE: (
        "Reviewer's note with a quote",
        f"Your note, resting on the selected words (shown as “{QUOTED_NOTE_KIND}: …”; it is not a value):",
        "",
    ),
}


def mark_kind(feature: CurationFeature, kind: ClaimKind, words: str | None = None) -> bool:
    """Quote the selection for a new claim of ``kind`` in the selected cell's field.
    ``words``: the claim's words (asked for when None)."""
    cell, library = feature._cell(), feature.session.library
    selection = feature._selection() if cell is not None else None
    if cell is None or selection is None or library is None or not feature._confirm_boilerplate(selection):
        return False
    study_id, key = cell.study_id, cell.field_key
    if words is None:
        title, question, start = _ASK[kind]
        words, ok = QInputDialog.getText(feature.parent_widget, title, question, text=start)
        if not ok or not words.strip():
            return False
    snap = feature.session.settings.snap_to_words
    done = feature.run(
        f"{_ASK[kind][0]}: {feature._label(key)}", [study_id],
        lambda e: record_edits.add_claim_of_kind(
            e, study_id, key, kind, words, selection.source_id, selection.start, selection.end, snap=snap
        ),
    )
    if done:
        feature.session.select(study_id, key)
    return done


def edit_facets(feature: CurationFeature) -> bool:
    """Edit → Claim facets…: the selected cell's value claim (asked which when several)."""
    cell, library = feature._cell(), feature.session.library
    if cell is None or library is None:
        return False
    study_id, key = cell.study_id, cell.field_key
    entry = library.study(study_id).field(key)
    values = [index for index, claim in enumerate(entry.claims) if claim.kind is None]
    if not values:
        feature.session.show_status("This field has no value yet: quote one first (Ctrl+M), then set its facets.")
        return False
    index = values[0]
    if len(values) > 1:
        items = [f"Claim {i + 1}: {entry.claims[i].value[:70]}" for i in values]
        choice, ok = QInputDialog.getItem(feature.parent_widget, "Which claim?", "Facets of which claim?", items, 0, False)
        if not ok:
            return False
        index = values[items.index(choice)]
    dialog = FacetsDialog(feature.parent_widget, key, feature._label(key), entry.claims[index])
    if dialog.exec() != FacetsDialog.DialogCode.Accepted:
        return False
    changes = dialog.changes()
    if not changes:
        return False
    return feature.run(
        f"Facets of {feature._label(key)}", [study_id],
        lambda e: record_edits.set_facets(e, study_id, key, index, changes),
    )
