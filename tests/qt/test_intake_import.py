"""Library → Import article… through the real window: a PDF made here, "Which
study is this?" defaulting to a new study, and two suggestions accepted with Enter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from comparator_gui.widgets.intake.which_study import NEW_STUDY, WhichStudyDialog
from comparator_gui.widgets.main_window import MainWindow
from tests.domain.pdf_samples import column_lines, make_pdf

ARTICLE = [
    "Neural Stem Cell Grafts Tested in Four People with Spinal Cord Injury",
    "Physicians at UC San Diego Health have completed a small first-in-human trial.",
    "The trial enrolled four patients who had lived with a chronic spinal cord injury.",
    "Spinal cord injury affects about 300,000 people in the United States every year.",
    "Each patient received a graft of 20 million human neural stem cells.",
    "No serious adverse events related to the cells were seen during the trial.",
    "The patients were followed for 18 months after the surgery.",
]


@pytest.fixture
def window(seeded_window: MainWindow) -> MainWindow:
    return seeded_window


def test_import_choose_new_study_accept_two_suggestions(
    window: MainWindow, qtbot, seed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    pdf = tmp_path / "ucsd.pdf"
    pdf.write_bytes(make_pdf([column_lines(56, 740, ARTICLE)]))
    seen: list[str] = []

    def answer(dialog: WhichStudyDialog) -> int:
        seen.append(dialog.chosen())
        assert dialog.choices.count() == 4  # three studies and "a new study"
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(WhichStudyDialog, "exec", answer)
    assert window.intake.import_file(pdf)
    assert seen == [NEW_STUDY]  # no candidate passes: never Keio, never the grid's study
    library = window.library
    assert library is not None
    study = library.studies[-1]
    assert study.id not in {"keio-ips-nsc-sci", "mayo-adsc-sci", "osaka-adsc-spheroids"}
    assert study.institution.startswith("UC San Diego") and study.evidence_level.value == "first_in_human"
    source_id = study.sources[0]
    text = library.texts[source_id]

    session = window.intake.session
    accepted: dict[str, str] = {}
    for key, words in (("subjects", "four patients"), ("safety", "No serious adverse events")):
        session.select(study.id, key)
        panel = window.intake.dock.list
        assert panel.rows, key
        source, suggestion, _conflict = panel.rows[0]
        assert source == source_id and words in suggestion.text
        panel.setFocus()
        qtbot.keyClick(panel, Qt.Key.Key_Return)
        accepted[key] = suggestion.text
    # Delete dismisses without quoting.
    session.select(study.id, "follow_up")
    before = len(window.intake.dock.list.rows)
    qtbot.keyClick(window.intake.dock.list, Qt.Key.Key_Delete)
    assert len(window.intake.dock.list.rows) == before - 1
    assert not library.study(study.id).field("follow_up").claims

    assert session.save()
    record = json.loads((seed_copy / "studies" / f"{study.id}.json").read_text(encoding="utf-8"))
    meta = json.loads((seed_copy / "library.json").read_text(encoding="utf-8"))
    path = next(s["path"] for s in meta["sources"] if s["id"] == source_id)
    stored = (seed_copy / path).read_text(encoding="utf-8")
    assert stored == text
    for key, sentence in accepted.items():
        (claim,) = record["fields"][key]["claims"]
        (evidence,) = claim["evidence"]
        assert evidence["exact"] == sentence == stored[evidence["start"] : evidence["end"]]
    assert "300,000" not in json.dumps(record)  # background statistics never suggested
