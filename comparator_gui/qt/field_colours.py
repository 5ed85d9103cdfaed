"""One tint per field of the catalogue, for the source pane's highlights and legend.

Light tints keep black text above 7:1 contrast; the selected field's quotes use
the strong colour instead. Colour is never the only cue: hovering names the
field, and the legend spells it out.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

STRONG = QColor("#FFB300")
STRONG_TEXT = QColor("#000000")

_TINTS = [
    "#CFE8FF", "#D7F5D0", "#F9D8F0", "#E5DBFF", "#FFE2C6", "#D0F2EE",
    "#F4E9B8", "#FFD6D6", "#DDE8C8", "#E0E0F5", "#F5DCC8", "#C8EAF5",
]


def field_tint(order: int) -> QColor:
    return QColor(_TINTS[order % len(_TINTS)])
