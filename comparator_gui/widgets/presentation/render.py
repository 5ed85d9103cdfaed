"""Render one presentation slide to a PNG without showing anything on screen."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ...domain.library import Library
from ...domain.slides import ordered_field_keys
from ...settings import PresentationSettings
from .window import PresentationWindow

__all__ = ["render_slide_png"]

_app: QApplication | None = None  # kept alive when this module had to create it


def presented(
    library: Library,
    study_ids: Sequence[str] | None,
    field_keys: Sequence[str] | None,
    settings: PresentationSettings | None,
) -> tuple[PresentationSettings, list[str], list[str]]:
    """What a rendered presentation shows when the caller does not say: every
    study, and the catalogue's fields in the presenter's order without the hidden ones."""
    settings = settings if settings is not None else PresentationSettings()
    if study_ids is None:
        study_ids = [study.id for study in library.studies]
    if field_keys is None:
        field_keys = ordered_field_keys(
            [definition.key for definition in library.catalogue], settings.field_order, settings.hidden_fields
        )
    return settings, list(study_ids), list(field_keys)


def _application() -> QApplication:
    global _app
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    if existing is not None:
        raise RuntimeError("a QCoreApplication without widgets is running; cannot render")
    # Offscreen unless the caller chose a platform: nothing flashes on screen.
    argv = ["comparator-gui"] if os.environ.get("QT_QPA_PLATFORM") else ["comparator-gui", "-platform", "offscreen"]
    _app = QApplication(argv)
    return _app


def render_slide_png(
    library: Library,
    slide_index: int,
    size: tuple[int, int],
    output: Path,
    settings: PresentationSettings | None = None,
    study_ids: Sequence[str] | None = None,
    field_keys: Sequence[str] | None = None,
) -> Path:
    """Write slide ``slide_index`` (0 is the overview) at ``size`` to ``output``.

    Studies default to all of the library's, fields to the catalogue in the
    presenter's saved order without the hidden ones. Raises ``IndexError`` for a
    slide the presentation does not have at that size, ``OSError`` when the
    file cannot be written.
    """
    app = _application()
    settings, study_ids, field_keys = presented(library, study_ids, field_keys, settings)
    width, height = size
    if width <= 0 or height <= 0:
        raise ValueError(f"size must be positive, not {width}x{height}")
    window = PresentationWindow(library, list(study_ids), list(field_keys), settings)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    try:
        window.resize(width, height)
        window.show()
        app.processEvents()
        if not 0 <= slide_index < window.slide_count:
            raise IndexError(
                f"no slide {slide_index}: at {width}x{height} this presentation has slides"
                f" 0 to {window.slide_count - 1} (0 is the overview)"
            )
        window.go_to(slide_index)
        app.processEvents()
        image = window.grab()
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(output), "PNG"):
            raise OSError(f"could not write {output}")
    finally:
        window.close()
        window.deleteLater()
    return output
