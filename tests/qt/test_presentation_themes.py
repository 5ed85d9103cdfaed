"""High contrast: every text colour on the background it is drawn on reaches 7:1 (WCAG AAA).

Two checks: the stylesheet template pairs each text colour with a background
(computed from the theme table), and the labels on screen, in every theme and
spotlight state, carry those colours (read from their palettes after styling).
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from comparator_gui.domain.library import Library
from comparator_gui.domain.loading import load_library
from comparator_gui.settings import PresentationSettings
from comparator_gui.widgets.presentation import THEMES, PresentationWindow
from comparator_gui.widgets.presentation.sizing import SlideSizes
from comparator_gui.widgets.presentation.stylesheet import render_stylesheet, template_path
from tests.conftest import SEEDS

AAA = 7.0


def luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of "#rrggbb"."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # WCAG's own example value


def template_pairs() -> list[tuple[str, str, str]]:
    """(selector, text colour variable, background variable) for every rule that sets a text colour."""
    text = re.sub(r"/\*.*?\*/", "", template_path().read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"\$\{(\w+)\}", r"@\1", text)  # variables' braces are not blocks
    pairs = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        colour = re.search(r"(?<![-\w])color:\s*@(\w+)", body)
        background = re.search(r"background-color:\s*@(\w+)", body)
        if colour:
            assert background, f"{selector.strip()}: sets a text colour without its background"
            pairs.append((selector.strip(), colour.group(1), background.group(1)))
    return pairs


def test_the_template_has_no_literal_colours() -> None:
    text = template_path().read_text(encoding="utf-8")
    assert not re.findall(r"#[0-9a-fA-F]{3,8}\b", text)
    assert not re.findall(r"\b(?:rgb|rgba|hsl)\(", text)


def test_the_template_pairs_every_text_colour_with_its_background() -> None:
    pairs = template_pairs()
    roles = {selector for selector, _, _ in pairs}
    # The styles that matter from the back row, including dimmed and "not reported".
    for role in ("title", "value", "quote", "source", "status", "missing", "study", "counter"):
        assert any(f'role="{role}"' in selector for selector in roles), role
    assert any('state="dim"' in selector for selector in roles)


@pytest.mark.parametrize("theme", list(THEMES))
def test_every_text_pair_reaches_aaa(theme: str) -> None:
    colours = THEMES[theme]
    low = [
        f"{selector}: {fg} {colours[fg]} on {bg} {colours[bg]} = {contrast(colours[fg], colours[bg]):.2f}"
        for selector, fg, bg in template_pairs()
        if contrast(colours[fg], colours[bg]) < AAA
    ]
    assert low == []


@pytest.mark.parametrize("theme", list(THEMES))
def test_the_stylesheet_renders_without_leftover_variables(theme: str) -> None:
    stylesheet = render_stylesheet(theme, SlideSizes.for_body(28, 1024, 768))
    assert "${" not in stylesheet and "$" not in stylesheet
    assert THEMES[theme]["bg"] in stylesheet


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(SEEDS)


@pytest.mark.parametrize("theme", list(THEMES))
@pytest.mark.parametrize("spotlight", [None, 1], ids=["no-spotlight", "spotlight"])
def test_labels_on_screen_reach_aaa(qtbot: QtBot, library: Library, theme: str, spotlight: int | None) -> None:
    window = PresentationWindow(
        library,
        [study.id for study in library.studies],
        [definition.key for definition in library.catalogue],
        PresentationSettings(theme=theme),
    )
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    window.set_spotlight(spotlight)
    seen_roles: set[str] = set()
    for index in range(window.slide_count):
        window.go_to(index)
        assert window.view is not None
        for label in window.view.labels():
            palette = label.palette()
            fg = palette.color(label.foregroundRole()).name()
            bg = palette.color(QPalette.ColorRole.Window).name()
            assert bg in THEMES[theme].values(), f"{label.text()!r}: background {bg} is not a theme colour"
            assert contrast(fg, bg) >= AAA, f"{theme} {label.property('role')} {label.text()!r}: {fg} on {bg}"
            seen_roles.add(str(label.property("role")))
        image = window.grab().toImage()
        assert image.pixelColor(2, 2) == QColor(THEMES[theme]["bg"])
    assert {"value", "quote", "source", "missing", "status"} <= seen_roles
