"""One tint per field of the catalogue, for the source pane's highlights and legend.

Light tints keep black text above 7:1 contrast; the selected field's quotes use
the strong colour instead. Colour is never the only cue: hovering names the
field, and the legend spells it out.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

STRONG = QColor("#FFB300")
STRONG_TEXT = QColor("#000000")

# Twelve light tints spread round the colour wheel, ordered so that fields
# next to each other in the catalogue differ most; all keep black text
# above 7:1 (tests/qt/test_source_pane.py).
_TINTS = [
    "#BFDBFE",  # blue
    "#BBF7A0",  # green
    "#FBCFE8",  # pink
    "#C4B5FD",  # violet
    "#FED7AA",  # orange
    "#A7F3D0",  # emerald
    "#FEF08A",  # yellow
    "#FECACA",  # red
    "#D9F99D",  # lime (outcomes: a colour, not grey, which reads as "disabled")
    "#A5F3FC",  # cyan
    "#F0ABFC",  # magenta
    "#D9D9D9",  # grey
]


def field_tint(order: int) -> QColor:
    return QColor(_TINTS[order % len(_TINTS)])


def tint_order(catalogue_keys: list[str], quoted: set[str]) -> dict[str, int]:
    """Each field's tint number for one study: the fields it quotes take the tints
    first, in catalogue order, then the rest. With twenty fields and twelve tints,
    a tint repeats within a study only past the twelfth field it quotes (in
    catalogue order, Outcomes took Institution's blue)."""
    keys = [key for key in catalogue_keys if key in quoted] + [key for key in catalogue_keys if key not in quoted]
    return {key: n for n, key in enumerate(keys)}
