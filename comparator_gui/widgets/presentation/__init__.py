"""Presentation mode: full-screen slides for a projector, driven by a clicker.

``PresentationFeature`` (``feature.py``) wires F5 / View > Present;
``render_slide_png`` serves ``comparator-gui screenshot --presentation``.
The slide machinery is imported when first asked for, not when the window
starts: a window that never presents should not pay for it at start-up.
"""

from __future__ import annotations

from typing import Any

__all__ = ["THEMES", "PresentationWindow", "render_slide_png"]


def __getattr__(name: str) -> Any:
    if name == "PresentationWindow":
        from .window import PresentationWindow

        return PresentationWindow
    if name == "THEMES":
        from .themes import THEMES

        return THEMES
    if name == "render_slide_png":
        from .render import render_slide_png

        return render_slide_png
    raise AttributeError(name)
