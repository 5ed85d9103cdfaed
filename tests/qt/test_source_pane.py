"""The source pane's colours and labels: distinct, readable, never cut mid-label."""

from __future__ import annotations

from PySide6.QtGui import QColor

from comparator_gui.qt.field_colours import _TINTS, STRONG, STRONG_TEXT, field_tint


def _lum(c: QColor) -> float:
    def ch(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())


def _contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((_lum(a), _lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_field_tints_keep_black_text_readable_and_differ_from_each_other() -> None:
    tints = [field_tint(i) for i in range(len(_TINTS))]
    for tint in [*tints, STRONG]:
        assert _contrast(STRONG_TEXT, tint) >= 7, tint.name()
    for i, a in enumerate(tints):
        for b in tints[i + 1 :]:
            # Hue apart, or clearly lighter/darker: never two near-identical pastels.
            hue_gap = min(abs(a.hslHue() - b.hslHue()), 360 - abs(a.hslHue() - b.hslHue()))
            assert hue_gap >= 20 or a.hslHue() < 0 or b.hslHue() < 0, (a.name(), b.name())
