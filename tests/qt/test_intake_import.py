"""Library → Import article… through the real window: a PDF made here, "Which
study is this?" defaulting to a new study, and two suggestions accepted with
Enter, Enter (the trim dialog shows the span; one of them trimmed with the keys)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from comparator_gui.widgets.curation.trim_dialog import TrimDialog
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


def when_shown(kind: type[QWidget], act: Callable[[QWidget], None]) -> list[str]:
    """Run ``act`` on the modal dialog of ``kind`` once it is shown (a dialog's
    exec() blocks the test until something answers it). Returns a list that
    gets the dialog's title, so a test can check it was shown."""
    seen: list[str] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            seen.append(dialog.windowTitle())
            act(dialog)
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return seen


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
    assert study.institution.startswith("UC San Diego")
    # "A small first-in-human trial" says when, not how it was designed: the reviewer sets the level.
    assert study.evidence_level.value == "unknown" and study.trial_phase is None
    source_id = study.sources[0]
    text = library.texts[source_id]

    session = window.intake.session
    accepted: dict[str, str] = {}
    for key, words, trim in (
        ("subjects", "four patients", 0),
        ("safety", "No serious adverse events", 3),  # Shift+Ctrl+Left ×3: "… during the trial." loses "the trial."
    ):
        session.select(study.id, key)
        panel = window.intake.dock.list
        assert panel.rows, key
        source, suggestion, _conflict = panel.rows[0]
        assert source == source_id and words in suggestion.text

        def answer(dialog: QWidget, trim: int = trim) -> None:
            assert isinstance(dialog, TrimDialog)
            for _ in range(trim):
                qtbot.keyClick(dialog.edit, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)

        shown = when_shown(TrimDialog, answer)
        panel.setFocus()
        qtbot.keyClick(panel, Qt.Key.Key_Return)
        assert shown, "Enter on a suggestion opens the trim dialog"
        accepted[key] = suggestion.text
    assert accepted["safety"].endswith("during the trial.")
    accepted["safety"] = accepted["safety"].removesuffix(" the trial.")
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
