"""Library commands that reorganise records: detach a source from the
selected study, delete or rename the study, and the source manager. Each
change is one undoable step through the session; what a change takes with it
(quotes, a study's file) is said before it is made."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from ...domain import record_edits as edits
from ...qt.actions import FeatureContext
from ...qt.text import message_html
from .source_manager import SourceManager, describe_quotes


class RecordCommands(QObject):
    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self.session = context.session
        self.parent_widget = context.parent
        actions = context.actions
        actions.bind_submenu("curation.detach", self._fill_detach_menu)
        actions.bind("curation.sources", self.source_manager)
        actions.bind("curation.delete_study", self.delete_study_dialog)
        actions.bind("curation.rename_study", self.rename_study_dialog)

    def _selected_study(self) -> str | None:
        cell = self.session.selection
        return cell.study_id if cell is not None and self.session.library is not None else None

    def _fill_detach_menu(self, menu: QMenu) -> None:
        study_id, library = self._selected_study(), self.session.library
        if study_id is None or library is None:
            menu.addAction("(select a study's cell first)").setEnabled(False)
            return
        for source_id in library.study(study_id).sources:
            source = library.sources.get(source_id)
            action = menu.addAction(source.label if source is not None else source_id)
            action.triggered.connect(lambda _=False, s=source_id: self.detach_source(study_id, s))
        if not menu.actions():
            menu.addAction("(no source attached)").setEnabled(False)

    def detach_source(self, study_id: str, source_id: str, confirm: bool = True) -> bool:
        editor = self.session.editor
        if editor is None:
            return False
        quoted = edits.citations(editor, source_id, study_id)
        if confirm and quoted:
            answer = QMessageBox.question(
                self.parent_widget, "Detach source",
                message_html(
                    f"Detach “{source_id}” from this study? These {len(quoted)} quote(s) go with it:\n"
                    f"{describe_quotes(quoted)}\n\nThe source stays in the library. You can undo this (Ctrl+Z)."
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        return self.session.run_edit("Detach source", [study_id], lambda e: edits.detach_source(e, study_id, source_id))

    def delete_study_dialog(self) -> bool:
        study_id, library = self._selected_study(), self.session.library
        if study_id is None or library is None:
            return False
        study = library.study(study_id)
        quotes = len(library.evidence_for(study_id))
        answer = QMessageBox.question(
            self.parent_widget, "Delete study",
            message_html(
                f"Delete the study “{study.short_title}” ({quotes} quotes)? Its file is removed when you save; "
                "its sources stay in the library. You can undo this (Ctrl+Z)."
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        if not self.session.run_edit("Delete study", [study_id], lambda e: edits.delete_study(e, study_id)):
            return False
        self.session.show_status(f"Deleted “{study.short_title}”: save to remove its file, Ctrl+Z to bring it back.")
        return True

    def rename_study_dialog(self) -> bool:
        study_id = self._selected_study()
        if study_id is None:
            return False
        new_id, ok = QInputDialog.getText(
            self.parent_widget, "Rename study id", "New id (its file is renamed when you save):", text=study_id
        )
        new = new_id.strip()
        if not ok or not new or new == study_id:
            return False
        if not self.session.run_edit("Rename study", [study_id, new], lambda e: edits.rename_study(e, study_id, new)):
            return False
        self.session.reveal_study(new)
        return True

    def source_manager(self) -> None:
        if self.session.library is not None:
            SourceManager(self.session, self.parent_widget).exec()
