"""The presentation stylesheet: resources/themes/presentation.qss.template
filled in with a theme's colours and a slide's sizes."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from string import Template

from ...resources import resources_dir
from .sizing import SlideSizes
from .themes import theme_colours

__all__ = ["TEMPLATE_NAME", "render_stylesheet", "template_path"]

TEMPLATE_NAME = "presentation.qss.template"


def template_path() -> Path:
    return resources_dir() / "themes" / TEMPLATE_NAME


@cache
def _template() -> Template:
    return Template(template_path().read_text(encoding="utf-8"))


def render_stylesheet(theme: str, sizes: SlideSizes) -> str:
    """The stylesheet for ``theme`` at ``sizes``; a missing variable raises KeyError."""
    return _template().substitute({**theme_colours(theme), **sizes.template_values()})
