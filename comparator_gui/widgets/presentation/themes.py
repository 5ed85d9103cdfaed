"""The presentation themes: a colour table per theme, read by the stylesheet
template and by the contrast test (every text colour on the background it is
drawn on reaches 7:1, WCAG AAA)."""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

__all__ = ["DEFAULT_THEME", "THEMES", "next_theme", "theme_colours"]

DEFAULT_THEME: Final = "dark"

_DARK = {
    "bg": "#0b0d12",
    "surface": "#171b24",
    "dim_surface": "#0f1218",
    "border": "#465066",  # not text: card outline only
    "dim_border": "#262c38",
    "fg": "#ffffff",
    "accent": "#ffd766",
    "quote": "#d6e4ff",
    "muted": "#c9ced8",
    "warn": "#ffb4a8",
    "dim": "#a3a9b4",
    "disputed_surface": "#2a2416",  # a disputed card, amber as in the grid
    "blank": "#000000",
}

_LIGHT = {
    "bg": "#ffffff",
    "surface": "#f2f4f7",
    "dim_surface": "#fbfbfc",
    "border": "#8c93a0",  # not text: card outline only
    "dim_border": "#d5d9e0",
    "fg": "#000000",
    "accent": "#0b3d91",
    "quote": "#1d2b45",
    "muted": "#3b4250",
    "warn": "#7a1800",
    "dim": "#4f5560",
    "disputed_surface": "#fbeed0",  # a disputed card, amber as in the grid
    "blank": "#000000",  # blanking is black whatever the theme, as in presentation software
}

#: Theme name -> colour name -> "#rrggbb". Read-only.
THEMES: Final = MappingProxyType(
    {"dark": MappingProxyType(_DARK), "light": MappingProxyType(_LIGHT)}
)


def theme_colours(name: str) -> MappingProxyType[str, str]:
    """The colours of ``name``; an unknown name (an old settings file) gets the default."""
    return THEMES.get(name, THEMES[DEFAULT_THEME])


def next_theme(name: str) -> str:
    names = list(THEMES)
    index = names.index(name) if name in THEMES else -1
    return names[(index + 1) % len(names)]
