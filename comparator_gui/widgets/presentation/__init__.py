"""Presentation mode: full-screen slides for a projector, driven by a clicker.

Wire ``PresentationWindow`` to F5 / View > Present and ``render_slide_png`` to
``comparator-gui screenshot --presentation``.
"""

from __future__ import annotations

from .render import render_slide_png
from .themes import THEMES
from .window import PresentationWindow

__all__ = ["THEMES", "PresentationWindow", "render_slide_png"]
