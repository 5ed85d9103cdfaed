"""Evidence levels in the window: sort by level, show only studies at or above a
level, and the legend (Help → Evidence levels)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from comparator_gui.domain.models import EvidenceLevel
from comparator_gui.widgets.grid.legend import HEADINGS, LevelLegend
from comparator_gui.widgets.main_window import MainWindow

OSAKA, MAYO, KEIO = "osaka-adsc-spheroids", "mayo-adsc-sci", "keio-ips-nsc-sci"


def shown_studies(window: MainWindow) -> list[str]:
    return list(window.model.layout_.study_ids)


def test_sorting_by_level_puts_the_animal_study_after_the_human_ones(seeded_window: MainWindow) -> None:
    window = seeded_window
    window.session.choices.study_order = [OSAKA, MAYO, KEIO]
    window.grid_feature.show_panel.fill_studies(window.library, window.session.choices)  # type: ignore[arg-type]
    window.grid_feature.sort_by_level()
    assert shown_studies(window)[-1] == OSAKA and set(shown_studies(window)[:2]) == {MAYO, KEIO}
    # Mayo stays before Keio: the same level keeps the order it had.
    assert shown_studies(window) == [MAYO, KEIO, OSAKA]
    headers = [window.model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert "[Animal study · CEBM 5]" in headers[2] and "human" in headers[0] and "human" in headers[1]
    # The Studies list shows the new order, as a reorder by hand would.
    assert window.grid_feature.show_panel.studies_panel.model.keys() == [MAYO, KEIO, OSAKA]
    assert window.session.choices.study_order == [MAYO, KEIO, OSAKA]


def test_the_sort_is_a_menu_command_with_a_key(seeded_window: MainWindow) -> None:
    action = seeded_window.actions_["grid.sort_by_level"]
    assert action.shortcut().toString() == "Ctrl+Shift+L" and action.isEnabled()
    seeded_window.session.choices.study_order = [OSAKA, KEIO, MAYO]
    action.trigger()
    assert shown_studies(seeded_window)[-1] == OSAKA


def test_a_level_floor_hides_the_weaker_studies(seeded_window: MainWindow) -> None:
    panel = seeded_window.grid_feature.show_panel
    combo = panel.level_floor
    combo.setCurrentIndex(combo.findText(EvidenceLevel.CASE_SERIES.short))
    assert panel.level_floor_rank == EvidenceLevel.CASE_SERIES.rank
    assert set(shown_studies(seeded_window)) == {MAYO, KEIO} and seeded_window.model.columnCount() == 2
    combo.setCurrentIndex(combo.findText(EvidenceLevel.RANDOMISED_TRIAL.short))
    assert shown_studies(seeded_window) == []
    combo.setCurrentIndex(0)  # Any level
    assert set(shown_studies(seeded_window)) == {MAYO, KEIO, OSAKA}


def test_the_legend_lists_the_levels_strongest_first_with_the_librarys_counts(seeded_window: MainWindow) -> None:
    seeded_window.actions_["grid.level_legend"].trigger()
    (legend,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, LevelLegend) and w.isVisible()]
    table = legend.table
    assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())] == list(HEADINGS)
    rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, 5)] for r in range(table.rowCount())}
    assert table.item(0, 0).text() == "Systematic review of randomised trials"
    assert rows["Randomised controlled trial"] == ["2", "High", "human", "0"]
    assert rows["Case series (uncontrolled)"] == ["4", "Very low", "human", "2"]
    assert rows["Animal study"] == ["5", "—", "animal", "1"]
    order = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert order.index("Randomised controlled trial") < order.index("Systematic review of animal studies")
    legend.close()
