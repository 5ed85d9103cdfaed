"""Light and dark palettes for the desktop window (Fusion style).

Cell tints in the grid are light colours that keep dark text readable, so the
dark theme keeps the grid's cells light-on-dark only through the palette's
Base/Text pair; the tinted states fall back to dark text on light tints."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("light", "dark")


def _palette(name: str) -> QPalette:
    palette = QPalette()
    if name == "dark":
        colours = {
            QPalette.ColorRole.Window: "#1F2328",
            QPalette.ColorRole.WindowText: "#F0F3F6",
            QPalette.ColorRole.Base: "#15181C",
            QPalette.ColorRole.AlternateBase: "#22272E",
            QPalette.ColorRole.Text: "#F0F3F6",
            QPalette.ColorRole.Button: "#2D333B",
            QPalette.ColorRole.ButtonText: "#F0F3F6",
            QPalette.ColorRole.Highlight: "#1F6FEB",
            QPalette.ColorRole.HighlightedText: "#FFFFFF",
            QPalette.ColorRole.ToolTipBase: "#2D333B",
            QPalette.ColorRole.ToolTipText: "#F0F3F6",
            QPalette.ColorRole.PlaceholderText: "#9DA7B3",
        }
    else:
        colours = {
            QPalette.ColorRole.Window: "#F6F7F9",
            QPalette.ColorRole.WindowText: "#111827",
            QPalette.ColorRole.Base: "#FFFFFF",
            QPalette.ColorRole.AlternateBase: "#F3F4F6",
            QPalette.ColorRole.Text: "#111827",
            QPalette.ColorRole.Button: "#E5E7EB",
            QPalette.ColorRole.ButtonText: "#111827",
            QPalette.ColorRole.Highlight: "#1D4ED8",
            QPalette.ColorRole.HighlightedText: "#FFFFFF",
            QPalette.ColorRole.ToolTipBase: "#FFFFE8",
            QPalette.ColorRole.ToolTipText: "#111827",
            QPalette.ColorRole.PlaceholderText: "#4B5563",
        }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


def apply_theme(app: QApplication | None, name: str) -> None:
    if app is None:
        return
    # Setting the style again re-polishes every widget; once is enough.
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(_palette(name if name in THEMES else "light"))
