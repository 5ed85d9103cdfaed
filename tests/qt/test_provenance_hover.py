"""Who added a quote, on hover: the grid cell's tooltip and the highlighted quote
in the source pane name the reviewer set in Edit → Reviewer name…."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from comparator_gui.widgets.main_window import MainWindow


def test_the_reviewer_shows_on_hover(seeded_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window = seeded_window
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("  Ana Silva ", True))
    window.actions_["consensus.reviewer"].trigger()
    assert window.settings.reviewer_name == "Ana Silva"
    library = window.library
    assert library is not None
    study = library.studies[0]
    key = next(k for k, e in study.fields.items() if e.claims)
    source = study.sources[0]
    start, end = next(re.finditer(r"\w+(?:\W+\w+){3}", library.texts[source])).span()
    assert window.session.run_edit(
        "quote", [study.id], lambda ed: ed.add_evidence(study.id, key, source, start, end, claim_index=None)
    )
    window.select_cell(study.id, key)
    tooltip = window.model.data(window.model.index_of(study.id, key), Qt.ItemDataRole.ToolTipRole)
    assert "Claim added by Ana Silva, " in tooltip and "Quotes added by Ana Silva (1)" in tooltip
    view = window.source_pane.views()[source]
    span = next(s for s in view.spans if s.ref.evidence.start == start and s.ref.evidence.end == end)
    lines = view.hover_lines(span.start)
    assert any(line.startswith("Quote added by Ana Silva, ") for line in lines), lines
    older = next(s for s in view.spans if s.ref.evidence.added_by is None and not (s.start <= span.start < s.end))
    assert not any("added by" in line for line in view.hover_lines(older.start))
