"""F5 from the comparison window presents what the window shows; Esc returns to it unchanged."""

from __future__ import annotations

from PySide6.QtCore import Qt

from comparator_gui.widgets.main_window import MainWindow
from tests.conftest import SEEDS


def test_f5_presents_visible_choice_and_esc_restores(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    with qtbot.waitSignal(window.library_loaded, timeout=10_000):
        window.open_library(SEEDS)
    window.disputed_box.setChecked(True)  # only "Subjects" remains
    window.select_cell("osaka-adsc-spheroids", "subjects")
    window.grid.setFocus()
    before = (window.current_cell(), window.model.layout_, window.geometry(), window.search.text())

    qtbot.keyClick(window.grid, Qt.Key.Key_F5)
    presentation = window.presenting.presentation
    assert presentation is not None and presentation.isVisible()
    assert len(presentation.slides) == 2  # overview + the one visible field (pages may split them)
    qtbot.keyClick(presentation, Qt.Key.Key_PageDown)
    assert presentation.slide_index == 1
    qtbot.keyClick(presentation, Qt.Key.Key_T)  # switch theme: remembered
    theme = window.settings.presentation.theme

    with qtbot.waitSignal(presentation.finished, timeout=5_000):
        qtbot.keyClick(presentation, Qt.Key.Key_Escape)
    assert window.presenting.presentation is None
    assert (window.current_cell(), window.model.layout_, window.geometry(), window.search.text()) == before
    assert theme in ("dark", "light") and window.settings.presentation.theme == theme
