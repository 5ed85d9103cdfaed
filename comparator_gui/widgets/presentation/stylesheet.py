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


#: A disputed card, highlighted as the grid highlights a disputed cell: amber,
#: with a border in the warning colour. Every label on it takes the card's
#: background; a dimmed card (spotlight elsewhere) stays dimmed. (Kept here, not
#: in the shared template, with the same rule: a text colour only with its background.)
DISPUTED_RULES = Template("""
QFrame#card[disputed="true"] {
    background-color: ${disputed_surface};
    border-color: ${warn};
}
QFrame#card[disputed="true"] QLabel {
    background-color: ${disputed_surface};
}
QFrame#card[state="dim"][disputed="true"] {
    background-color: ${dim_surface};
    border-color: ${dim_border};
}
QFrame#card[state="dim"][disputed="true"] QLabel {
    color: ${dim};
    background-color: ${dim_surface};
}
""")


def render_stylesheet(theme: str, sizes: SlideSizes) -> str:
    """The stylesheet for ``theme`` at ``sizes``; a missing variable raises KeyError."""
    values = {**theme_colours(theme), **sizes.template_values()}
    return _template().substitute(values) + DISPUTED_RULES.substitute(values)
