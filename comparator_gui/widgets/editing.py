"""Building and checking records in the window: sources, studies, evidence,
values, notes; undo/redo, Save, autosave to a recovery file, and the prompt
on closing with unsaved changes.

Every change goes through ``LibraryEditor`` (no Qt) wrapped in an undoable
``SnapshotCommand``; the window is told which studies changed and repaints.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox

from ..domain.editing import EditError, LibraryEditor, Snapshot, new_library, recovery_key
from ..domain.storage import atomic_write_text
from ..qt.edit_commands import SnapshotCommand
from ..qt.text import message_html
from ..settings import config_dir
from .source_dialog import SourceDialog
from .source_pane import SourceView, Span
from .study_dialog import StudyDialog

if TYPE_CHECKING:
    from .main_window import MainWindow

#: Unsaved edits reach the recovery file this long after the last change.
AUTOSAVE_DELAY_MS = 1500


def recovery_path(root: Path) -> Path:
    return config_dir() / "recovery" / f"{recovery_key(root)}.json"


class EditingController(QObject):
    #: Emitted after every change to the records (edit, undo, redo, recovery).
    changed = Signal()
    saved = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.editor: LibraryEditor | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self.write_recovery)
        window.model.value_edited.connect(self._on_value_edited)
        window.source_pane.menu_hook = self._extend_source_menu
        window.library_loaded.connect(self._on_library_loaded)
        self._build_actions()

    # ------------------------------------------------------------------ actions

    def _act(self, text: str, slot: Callable[[], object], shortcut: object = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))  # type: ignore[call-overload]
        action.triggered.connect(lambda _=False: slot())
        self.window.addAction(action)
        return action

    def _build_actions(self) -> None:
        window = self.window
        file_menu: QMenu = window.file_menu
        self.save_action = self._act("&Save", self.save, QKeySequence.StandardKey.Save)
        self.new_library_action = self._act("&New library…", self.new_library_dialog, QKeySequence.StandardKey.New)
        first = file_menu.actions()[0]
        file_menu.insertAction(first, self.new_library_action)
        file_menu.insertAction(window.export_action, self.save_action)
        file_menu.insertSeparator(window.export_action)

        self.undo_action = self.undo_stack.createUndoAction(window, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(window, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        window.addAction(self.undo_action)
        window.addAction(self.redo_action)
        edit = window.menuBar().insertMenu(window.view_menu.menuAction(), QMenu("&Edit", window))
        edit_menu: QMenu = edit.menu()  # type: ignore[assignment]
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.mark_action = self._act("Use selection as &evidence for this field", self.mark_evidence, "Ctrl+M")
        self.new_claim_action = self._act("Use selection for a &new claim (sources disagree)…", self.mark_new_claim, "Ctrl+Shift+M")
        self.edit_value_action = self._act("Edit &value…", self.edit_value_dialog, "F2")
        self.note_action = self._act("Reviewer &note…", self.note_dialog, "Ctrl+Shift+N")
        for action in (self.mark_action, self.new_claim_action, self.edit_value_action, self.note_action):
            edit_menu.addAction(action)

        library = window.menuBar().insertMenu(window.view_menu.menuAction(), QMenu("&Library", window))
        library_menu: QMenu = library.menu()  # type: ignore[assignment]
        self.add_source_action = self._act("Add &source…", self.add_source_dialog, "Ctrl+Shift+O")
        self.new_study_action = self._act("New s&tudy…", self.new_study_dialog, "Ctrl+Shift+T")
        self.edit_study_action = self._act("Study &details…", self.edit_study_dialog)
        self.attach_menu = QMenu("&Attach source to this study", window)
        self.attach_menu.aboutToShow.connect(self._fill_attach_menu)
        for action in (self.add_source_action, self.new_study_action, self.edit_study_action):
            library_menu.addAction(action)
        library_menu.addMenu(self.attach_menu)
        library_menu.addSeparator()
        self.reanchor_action = self._act("&Review re-anchored quotes…", self.review_reanchoring)
        library_menu.addAction(self.reanchor_action)

    # ------------------------------------------------------------------ state

    @property
    def modified(self) -> bool:
        return self.editor is not None and self.editor.modified

    def _on_clean_changed(self, _clean: bool) -> None:
        self._update_modified()

    def _update_modified(self) -> None:
        if not shiboken6.isValid(self.window):
            return  # the window is being destroyed
        self.window.setWindowModified(self.modified)
        self.save_action.setEnabled(self.editor is not None)

    def _on_library_loaded(self, _library: object) -> None:
        library = self.window.library
        assert library is not None
        self.editor = LibraryEditor(library)
        self.undo_stack.clear()
        self.window.model.editable = True
        self.window.setWindowTitle(f"{library.name}[*] — Study Comparator")
        self._update_modified()
        self._offer_recovery()

    def _refresh(self, study_ids: list[str]) -> None:
        self.window.after_edit(study_ids)
        self._update_modified()
        self._autosave.start()
        self.changed.emit()

    def run(self, text: str, study_ids: list[str], edit: Callable[[LibraryEditor], object], meta: bool = False) -> bool:
        """Apply ``edit`` as one undoable command; a refused edit is explained, not raised.

        ``meta``: the edit may change library.json (sources), so its undo
        snapshot includes it; most edits touch only studies and skip that cost.
        """
        editor = self.editor
        if editor is None:
            return False
        before = editor.snapshot(study_ids, include_meta=meta)
        try:
            edit(editor)
        except (EditError, OSError) as exc:  # OSError: a source file changed or went away
            editor.restore(before)
            QMessageBox.warning(self.window, text, message_html(str(exc)))
            return False
        created = [s.id for s in editor.library.studies if s.id not in before.order]
        after = editor.snapshot([*study_ids, *created], include_meta=meta)
        self.undo_stack.push(SnapshotCommand(editor, text, _widen(before, after), after, self._refresh))
        return True

    # ------------------------------------------------------------------ evidence

    def _selection(self) -> tuple[SourceView, int, int] | None:
        view = self.window.source_pane.current_view()
        span = view.selection_code_points() if view is not None else None
        if view is None or span is None:
            QMessageBox.information(
                self.window, "Select text first",
                "Select the supporting words in the source pane, then use them as evidence.",
            )
            return None
        return view, span[0], span[1]

    def mark_evidence(self, field_key: str | None = None, claim_index: int | None = 0) -> bool:
        cell = self.window.current_cell()
        selection = self._selection()
        if cell is None or selection is None:
            return False
        study_id, current_field = cell
        key = field_key or current_field
        view, start, end = selection
        label = self.window.model.field_def(key).label if key in self.window.visible_selection()[1] else key
        done = self.run(
            f"Evidence for {label}",
            [study_id],
            lambda e: e.add_evidence(study_id, key, view.source_id, start, end, claim_index=claim_index),
        )
        if done:
            self.window.select_cell(study_id, key)
        return done

    def mark_new_claim(self, value: str | None = None) -> bool:
        cell = self.window.current_cell()
        selection = self._selection()
        if cell is None or selection is None:
            return False
        study_id, key = cell
        view, start, end = selection
        if value is None:
            value, ok = QInputDialog.getText(
                self.window, "New claim", "What does this source say? (the value of the new claim)",
                text=view.text[start:end].strip(),
            )
            if not ok or not value.strip():
                return False
        return self.run(
            "New claim",
            [study_id],
            lambda e: e.add_evidence(study_id, key, view.source_id, start, end, claim_index=None, new_claim_value=value),
        )

    def remove_quote(self, span: Span) -> bool:
        ref = span.ref
        # Locate the quote again by content: an earlier edit may have moved it.
        study = self.window.library.study(ref.study_id) if self.window.library else None
        if study is None:
            return False
        return self.run(
            "Remove quote",
            [ref.study_id],
            lambda e: e.remove_evidence(ref.study_id, ref.field_key, ref.claim_index, ref.evidence_index),
        )

    def _extend_source_menu(self, view: SourceView, menu: QMenu, spans: list[Span]) -> None:
        if self.editor is None or self.window.current_cell() is None:
            return
        menu.addSeparator()
        has_selection = view.selection_code_points() is not None
        study_id, _ = self.window.current_cell()  # type: ignore[misc]
        use = menu.addMenu("Use as evidence for")
        use.setEnabled(has_selection)
        labels = {d.key: d.label for d in self.window.library.catalogue} if self.window.library else {}
        for field_key, label in labels.items():
            action = use.addAction(label)
            action.triggered.connect(lambda _=False, k=field_key: self.mark_evidence(k))
        new_claim = menu.addAction("Use for a new claim of this field…")
        new_claim.setEnabled(has_selection)
        new_claim.triggered.connect(lambda _=False: self.mark_new_claim())
        for span in spans:
            if span.ref.study_id != study_id:
                continue
            action = menu.addAction(f"Remove this quote from {labels.get(span.field_key, span.field_key)}")
            action.triggered.connect(lambda _=False, s=span: self.remove_quote(s))

    # ------------------------------------------------------------------ values and notes

    def _on_value_edited(self, study_id: str, key: str, text: str) -> None:
        # After the in-place editor has closed: the edit resets the model,
        # which must not happen while the view is still committing.
        QTimer.singleShot(0, lambda: self.run("Edit value", [study_id], lambda e: e.set_value(study_id, key, 0, text)))

    def edit_value_dialog(self) -> bool:
        cell = self.window.current_cell()
        if cell is None or self.window.library is None:
            return False
        study_id, key = cell
        claims = self.window.library.study(study_id).field(key).claims
        if not claims:
            QMessageBox.information(
                self.window, "Not reported yet",
                "Mark a quote for this field first (select text in the source, Ctrl+M): every value needs its evidence.",
            )
            return False
        index = 0
        if len(claims) > 1:
            items = [f"{n}. {c.value}" for n, c in enumerate(claims, start=1)]
            choice, ok = QInputDialog.getItem(self.window, "Edit value", "Which claim?", items, 0, False)
            if not ok:
                return False
            index = items.index(choice)
        value, ok = QInputDialog.getMultiLineText(self.window, "Edit value", "Value:", claims[index].value)
        if not ok or not value.strip() or value.strip() == claims[index].value:
            return False
        return self.run("Edit value", [study_id], lambda e: e.set_value(study_id, key, index, value))

    def note_dialog(self) -> bool:
        cell = self.window.current_cell()
        if cell is None or self.window.library is None:
            return False
        study_id, key = cell
        entry = self.window.library.study(study_id).field(key)
        note, ok = QInputDialog.getMultiLineText(
            self.window, "Reviewer note",
            "Your reading (shown labelled as the reviewer's, never as the source's):", entry.note or "",
        )
        if not ok:
            return False
        return self.run("Reviewer note", [study_id], lambda e: e.set_note(study_id, key, note))

    # ------------------------------------------------------------------ sources and studies

    def add_source_dialog(self) -> bool:
        dialog = SourceDialog(self.window)
        if dialog.exec() != SourceDialog.DialogCode.Accepted:
            return False
        values = dialog.values()
        return self.add_source(**values)

    def add_source(self, text: str, **metadata: str) -> bool:
        cell = self.window.current_cell()
        study_id = cell[0] if cell else None
        attach = False
        if study_id is not None and self.window.library is not None:
            study = self.window.library.study(study_id)
            answer = QMessageBox.question(
                self.window, "Attach source",
                message_html(
                    f"Is this article about the selected study, “{study.short_title}”?\n\n"
                    "One study reported by several articles is one record with several sources."
                ),
            )
            attach = answer == QMessageBox.StandardButton.Yes
        targets = [study_id] if attach and study_id else []

        def edit(e: LibraryEditor) -> None:
            source = e.add_source(text, **metadata)
            if attach and study_id:
                e.attach_source(study_id, source.id)

        return self.run("Add source", targets, edit, meta=True)

    def new_study_dialog(self) -> bool:
        dialog = StudyDialog(self.window)
        if dialog.exec() != StudyDialog.DialogCode.Accepted:
            return False
        return self.new_study(**dialog.values())  # type: ignore[arg-type]

    def new_study(self, **values: object) -> bool:
        created: list[str] = []

        def edit(e: LibraryEditor) -> None:
            created.append(e.create_study(**values).id)  # type: ignore[arg-type]

        done = self.run("New study", [], edit)
        if done and created:
            self.window.reveal_study(created[0])
        return done

    def edit_study_dialog(self) -> bool:
        cell = self.window.current_cell()
        if cell is None or self.window.library is None:
            return False
        study_id = cell[0]
        dialog = StudyDialog(self.window, self.window.library.study(study_id))
        if dialog.exec() != StudyDialog.DialogCode.Accepted:
            return False
        values = dialog.values()
        return self.run("Study details", [study_id], lambda e: e.update_study(study_id, **values))  # type: ignore[arg-type]

    def _fill_attach_menu(self) -> None:
        self.attach_menu.clear()
        library = self.window.library
        cell = self.window.current_cell()
        if library is None or cell is None:
            self.attach_menu.addAction("(select a study's cell first)").setEnabled(False)
            return
        study = library.study(cell[0])
        for source in library.meta.sources:
            if source.id in study.sources:
                continue
            action = self.attach_menu.addAction(source.label)
            action.triggered.connect(lambda _=False, s=source.id: self.attach_source(cell[0], s))
        if not self.attach_menu.actions():
            self.attach_menu.addAction("(every source is attached)").setEnabled(False)

    def attach_source(self, study_id: str, source_id: str) -> bool:
        return self.run("Attach source", [study_id], lambda e: e.attach_source(study_id, source_id))

    def new_library_dialog(self) -> bool:
        if not self.maybe_save():
            return False
        folder = QFileDialog.getExistingDirectory(self.window, "Folder for the new library")
        if not folder:
            return False
        name, ok = QInputDialog.getText(self.window, "New library", "Library name:", text=Path(folder).name)
        if not ok:
            return False
        try:
            new_library(Path(folder), name)
        except (EditError, OSError) as exc:
            QMessageBox.warning(self.window, "New library", message_html(str(exc)))
            return False
        self.window.load_library_now(folder)
        return True

    def review_reanchoring(self) -> None:
        from .reanchor_dialog import ReanchorDialog

        if self.window.library is None:
            return
        ReanchorDialog(self, self.window).exec()

    # ------------------------------------------------------------------ saving and recovery

    def save(self) -> bool:
        if self.editor is None:
            return False
        try:
            written = self.editor.save()
        except OSError as exc:
            QMessageBox.critical(
                self.window, "Not saved",
                message_html(
                    f"The library could not be saved:\n{exc}\n\nYour edits are kept in the window and in the "
                    "recovery file; nothing on disk was half-written."
                ),
            )
            self.write_recovery()
            return False
        self.undo_stack.setClean()
        self.discard_recovery()
        self._update_modified()
        self.window.status_label.setText(f"Saved {len(written)} file(s).")
        self.saved.emit()
        return True

    def write_recovery(self) -> bool:
        """Best effort: a failing recovery write is shown, never raised, so that it
        cannot take the edits in the window down with it."""
        if self.editor is None:
            return False
        path = recovery_path(self.editor.library.root)
        if not self.editor.modified:
            self.discard_recovery()
            return False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(path, self.editor.recovery_json())
        except OSError as exc:
            self.window.status_label.setText(f"Could not write the recovery file {path}: {exc}")
            return False
        return True

    def discard_recovery(self) -> None:
        if self.editor is None:
            return
        recovery_path(self.editor.library.root).unlink(missing_ok=True)

    def _offer_recovery(self) -> None:
        assert self.editor is not None
        path = recovery_path(self.editor.library.root)
        if not path.exists():
            return
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime))
        answer = QMessageBox.question(
            self.window, "Recover unsaved edits?",
            f"This library has edits from {when} that were never saved (the app closed unexpectedly).\n\n"
            "Restore them? (No keeps them aside; Discard deletes them.)",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Discard,
        )
        if answer == QMessageBox.StandardButton.Yes:
            try:
                self.editor.apply_recovery(path.read_text(encoding="utf-8"))
            except (OSError, ValueError, EditError) as exc:
                QMessageBox.warning(self.window, "Recovery failed", message_html(f"{path}: {exc}"))
                return
            self._refresh([s.id for s in self.editor.library.studies])
            self.window.status_label.setText("Unsaved edits restored: save to keep them.")
        elif answer == QMessageBox.StandardButton.Discard:
            path.unlink(missing_ok=True)

    def maybe_save(self) -> bool:
        """Before closing or replacing the library: True when it is fine to go on."""
        if not self.modified:
            return True
        answer = QMessageBox.question(
            self.window, "Unsaved changes",
            "The library has unsaved changes. Save them?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.discard_recovery()
            return True
        return False


def _widen(before: Snapshot, after: Snapshot) -> Snapshot:
    """``before`` naming every study ``after`` names (a new one as None), so that
    undoing a "new study" removes it again."""
    return replace(before, studies={study_id: before.studies.get(study_id) for study_id in after.studies})


__all__ = ["EditingController", "recovery_path"]
