"""Issue 16, item 4, through the real window: "not reported" can carry the words
that say so, and a reviewer's note can carry quotes. Neither is a value: the
field stays not reported (or agreed), the JSON says which kind, the quote is verbatim."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QInputDialog

from comparator_gui.domain.cell import NOT_REPORTED_KIND, QUOTED_NOTE_KIND
from comparator_gui.domain.comparison import FieldStatus, field_status
from comparator_gui.domain.models import ClaimKind
from comparator_gui.qt.item_data import item_data
from comparator_gui.qt.roles import Role
from comparator_gui.widgets.curation.claims import NEW_CLAIM
from comparator_gui.widgets.main_window import MainWindow
from tests.qt.test_quality_marks import _select_part

KEIO, SOURCE = "keio-ips-nsc-sci", "afp-keio-2025"


@pytest.fixture
def window(seeded_window: MainWindow) -> MainWindow:
    return seeded_window


def _answer_text(monkeypatch: pytest.MonkeyPatch, words: str, asked: list[str]) -> None:
    def get_text(parent, title, label, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(title)
        return words, True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))


def test_selection_says_a_field_is_not_given(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    library = window.library
    assert library is not None
    window.select_cell(KEIO, "cell_origin")
    start, end = _select_part(window, SOURCE, "derived from mature, specialized cells")
    asked: list[str] = []
    _answer_text(monkeypatch, "Whether the cells were the patients' own or a donor's is not given", asked)
    window.actions_["curation.mark_not_given"].trigger()
    assert asked == ["Not given, as the source says"]
    entry = library.study(KEIO).field("cell_origin")
    (claim,) = entry.claims
    assert claim.kind is ClaimKind.NOT_REPORTED and field_status(entry) is FieldStatus.NOT_REPORTED
    assert claim.evidence[0].exact == "derived from mature, specialized cells"
    index = window.model.index_of(KEIO, "cell_origin")
    # (The field's note predates the new claim: it is marked as maybe out of date, as for any claim.)
    assert item_data(index, Role.STATUS_LINE).startswith("NOT REPORTED · 1 quote")
    assert item_data(index).startswith(f"{NOT_REPORTED_KIND}: Whether the cells were")
    # Saved with its kind, the quote verbatim at its code points.
    assert window.session.save()
    saved = json.loads(library.study_files[KEIO].read_text(encoding="utf-8"))
    (stored,) = saved["fields"]["cell_origin"]["claims"]
    assert stored["kind"] == "not_reported" and (stored["evidence"][0]["start"], stored["evidence"][0]["end"]) == (start, end)
    assert library.texts[SOURCE][start:end] == stored["evidence"][0]["exact"]
    # Undo takes it back.
    window.editing.undo_action.trigger()
    assert library.study(KEIO).field("cell_origin").claims == []


def test_a_note_with_a_quote_and_then_a_value_asks_which_claim(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    library = window.library
    assert library is not None
    window.select_cell(KEIO, "comparator")
    _select_part(window, SOURCE, "is now looking to move towards a clinical trial")
    asked: list[str] = []
    _answer_text(monkeypatch, "A controlled trial is still to come", asked)
    window.actions_["curation.mark_note"].trigger()
    entry = library.study(KEIO).field("comparator")
    assert [c.kind for c in entry.claims] == [ClaimKind.NOTE] and not entry.reported
    assert item_data(window.model.index_of(KEIO, "comparator")).startswith(f"Not reported\n{QUOTED_NOTE_KIND}: A controlled")
    # A value quoted next: the field's only claim is a note, so the reviewer is
    # asked (never filed under the note), and chooses a new claim.
    questions: list[str] = []

    def get_item(parent, title, label, items, *args, **kwargs):  # type: ignore[no-untyped-def]
        questions.append(label)
        assert items[0].startswith("Claim 1 (reviewer's note): ") and items[-1] == NEW_CLAIM
        return NEW_CLAIM, True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    _answer_text(monkeypatch, "None described", asked)
    _select_part(window, SOURCE, "two out of the four patients")
    window.editing.mark_action.trigger()
    assert len(questions) == 1
    entry = library.study(KEIO).field("comparator")
    assert [c.kind for c in entry.claims] == [ClaimKind.NOTE, None] and entry.reported
    assert field_status(entry) is FieldStatus.AGREED  # a note beside one value is no dispute


def test_claim_facets_are_set_through_their_dialog(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QComboBox, QLineEdit

    from comparator_gui.widgets.curation.facets_dialog import FacetsDialog

    library = window.library
    assert library is not None
    mayo = "mayo-adsc-sci"

    def answer(dialog: FacetsDialog) -> int:
        origin = dialog.editors["cell_origin"]
        assert isinstance(origin, QComboBox) and origin.currentData() == "autologous"
        assert [origin.itemData(i) for i in range(origin.count())] == ["", "autologous", "allogeneic", "xenogeneic", "not_stated"]
        origin.setCurrentIndex(origin.findData("not_stated"))
        dialog.new_name.setText("donors")
        dialog.new_value.setText("1,000")
        return FacetsDialog.DialogCode.Accepted

    monkeypatch.setattr(FacetsDialog, "exec", answer)
    window.select_cell(mayo, "cell_origin")
    window.actions_["curation.facets"].trigger()
    assert library.study(mayo).field("cell_origin").claims[0].facets == {"cell_origin": "not_stated", "donors": 1000}
    assert window.session.history.undo_text == "Facets of Cell origin"

    def clear_n(dialog: FacetsDialog) -> int:
        n = dialog.editors["n"]
        assert isinstance(n, QLineEdit) and n.text() == "10"
        n.setText("")
        return FacetsDialog.DialogCode.Accepted

    monkeypatch.setattr(FacetsDialog, "exec", clear_n)
    window.select_cell(mayo, "subjects")
    window.actions_["curation.facets"].trigger()
    assert library.study(mayo).field("subjects").claims[0].facets == {"species": "human"}
