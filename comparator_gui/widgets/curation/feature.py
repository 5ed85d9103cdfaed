"""The curation feature: building and checking records. Sources, studies,
evidence, values, notes; undo and redo, Save, autosave to a recovery file,
the prompt before unsaved edits are lost, and the re-anchor review.

Every change is a domain edit run by ``AppSession.run_edit``, so it is one
undoable step and the other features hear of it from the session.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from ...domain import record_edits
from ...domain.editing import LibraryEditor
from ...domain.intake.store import in_boilerplate, keep_boilerplate
from ...domain.models import ClaimKind
from ...domain.selection import snap_to_words
from ...qt.actions import FeatureContext
from ...qt.text import message_html
from ...session import Cell, SourceSelection
from ...session.app_session import Edit, MarkRequest, MenuEntry, QuoteAt, SourceContext
from .claims import NEW, choose_claim, choose_merge
from .kinds import edit_facets, mark_kind
from .notes import NoteCommands
from .records import RecordCommands
from .source_dialog import SourceDialog
from .study_dialog import StudyDialog
from .text_dialog import get_text
from .trim_dialog import TrimDialog

#: Unsaved edits reach the recovery file this long after the last change.
AUTOSAVE_DELAY_MS = 1500


class CurationFeature(QObject):
    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.parent)
        self.session = session = context.session
        self.parent_widget = context.parent
        self.actions = actions = context.actions
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(session.write_recovery)
        self.save_action = actions.bind("curation.save", self.save)
        self.undo_action = actions.bind("curation.undo", session.undo)
        self.redo_action = actions.bind("curation.redo", session.redo)
        self.mark_action = actions.bind("curation.mark", self.mark_evidence)
        session.events.mark_requested.connect(self._mark_requested)
        self.new_claim_action = actions.bind("curation.new_claim", self.mark_new_claim)
        actions.bind("curation.edit_value", self.edit_value_dialog)
        actions.bind("curation.note", self.note_dialog)
        actions.bind("curation.add_source", self.add_source_dialog)
        actions.bind("curation.new_study", self.new_study_dialog)
        actions.bind("curation.study_details", self.edit_study_dialog)
        actions.bind("curation.reanchor", self.review_reanchoring)
        actions.bind_submenu("curation.attach", self._fill_attach_menu)
        actions.bind("curation.merge_claims", self.merge_claims_dialog)
        actions.bind("curation.mark_not_given", lambda: mark_kind(self, ClaimKind.NOT_REPORTED))
        actions.bind("curation.mark_note", lambda: mark_kind(self, ClaimKind.NOTE))
        actions.bind("curation.facets", lambda: edit_facets(self))
        self.records = RecordCommands(context)
        self.notes = NoteCommands(context)  # Confirm note; snap selections to whole words
        session.close_guards.append(self.maybe_save)
        session.source_menu_providers.append(self._source_menu)
        session.events.records_changed.connect(lambda _ids: self._autosave.start())
        session.events.library_shown.connect(lambda _library: self._offer_recovery())

    # ------------------------------------------------------------------ state

    @property
    def modified(self) -> bool:
        return self.session.modified

    def run(self, text: str, study_ids: list[str], edit: Edit, meta: bool = False) -> bool:
        """One undoable edit (see ``AppSession.run_edit``); a refused one is explained."""
        return self.session.run_edit(text, study_ids, edit, meta)

    def _cell(self) -> Cell | None:
        return self.session.selection if self.session.library is not None else None

    def _label(self, field_key: str) -> str:
        library = self.session.library
        labels = {d.key: d.label for d in library.catalogue} if library else {}
        return labels.get(field_key, field_key)

    # ------------------------------------------------------------------ evidence

    def _selection(self) -> SourceSelection | None:
        selection = self.session.source_selection()
        if selection is None:
            QMessageBox.information(
                self.parent_widget, "Select text first",
                "Select the supporting words in the source pane, then use them as evidence.",
            )
        return selection

    def _confirm_boilerplate(self, selection: SourceSelection) -> bool:
        """True unless the words lie in the source's boilerplate and the reviewer
        says not to quote them (a page's frame is seldom evidence)."""
        library = self.session.library
        if library is None or not in_boilerplate(library, selection.source_id, selection.start, selection.end):
            return True
        answer = QMessageBox.question(
            self.parent_widget, "Quote boilerplate?",
            "These words are in the web page's boilerplate (navigation, ads, newsletter boxes, related "
            "headlines or comments), not in the article itself:\n\n"
            f"“{selection.text.strip()[:300]}”\n\nQuote them anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _mark_requested(self, request: MarkRequest) -> None:
        """A suggestion accepted: the mark flow on exactly its span, which the
        reviewer may trim first (``TrimDialog``); claims are asked as usual."""
        library = self.session.library
        if library is None or request.source_id not in library.texts:
            return
        text = library.texts[request.source_id]
        self.session.select(request.study_id, request.field_key)
        trim = TrimDialog(
            self.parent_widget, text, request.start, request.end, self._label(request.field_key),
            snap=self.session.settings.snap_to_words,
        )
        chosen = trim.span() if trim.exec() == TrimDialog.DialogCode.Accepted else None
        trim.deleteLater()
        if chosen is None:
            return
        span = SourceSelection(request.source_id, chosen[0], chosen[1], text[chosen[0] : chosen[1]])
        if request.new_claim:
            self.mark_new_claim(field_key=request.field_key, span=span)
        else:
            self.mark_evidence(field_key=request.field_key, span=span)

    def mark_evidence(
        self, field_key: str | None = None, claim_index: int | None = None, span: SourceSelection | None = None
    ) -> bool:
        """Quote the selected words for a field (the selected cell's by default).

        ``claim_index``: the claim the quote supports. None asks the reviewer
        when the field has several claims (never a silent "the first one"),
        and the answer may be a new claim.
        """
        cell, library = self._cell(), self.session.library
        selection = (span or self._selection()) if cell is not None else None
        if cell is None or selection is None or library is None or not self._confirm_boilerplate(selection):
            return False
        study_id = cell.study_id
        key = field_key or cell.field_key
        label = self._label(key)
        if claim_index is None:
            entry = library.study(study_id).fields.get(key)
            chosen = choose_claim(self.parent_widget, entry, label, selection.text) if entry is not None else 0
            if chosen is None:
                return False
            if chosen == NEW:
                return self.mark_new_claim(field_key=key, span=selection, confirmed=True)
            claim_index = chosen
        snap = self.session.settings.snap_to_words  # a half-word selection is extended, or refused
        return self._mark(
            f"Evidence for {label}", study_id, key, claim_index,
            lambda e: e.add_evidence(
                study_id, key, selection.source_id, selection.start, selection.end, claim_index=claim_index, snap=snap
            ),
        )

    def _mark(self, text: str, study_id: str, key: str, claim_index: int | None, edit: Edit) -> bool:
        """Run a marking edit; the cell then shows which claim got the quote
        (``AppSession.last_quote``, set before the edit is announced), and so
        does the status bar. ``claim_index`` None: a new claim."""
        library, session = self.session.library, self.session
        assert library is not None
        entry = library.study(study_id).fields.get(key)
        claims_before = len(entry.claims) if entry is not None else 0
        target = claims_before if claim_index is None or not claims_before else claim_index
        previous, session.last_quote = session.last_quote, (study_id, key, target)
        if not self.run(text, [study_id], edit):
            session.last_quote = previous
            return False
        session.select(study_id, key)
        claims = library.study(study_id).field(key).claims
        where = f"claim {target + 1} of {len(claims)}" if len(claims) > 1 else "its claim"
        session.show_status(f"Quote added to {self._label(key)}, {where}: “{claims[target].value}”.")
        return True

    def mark_new_claim(
        self, value: str | None = None, field_key: str | None = None, span: SourceSelection | None = None,
        confirmed: bool = False,
    ) -> bool:
        """``confirmed``: the boilerplate question was already asked."""
        cell = self._cell()
        selection = (span or self._selection()) if cell is not None else None
        if cell is None or selection is None or not (confirmed or self._confirm_boilerplate(selection)):
            return False
        study_id, key = cell.study_id, field_key or cell.field_key
        if value is None:
            value, ok = QInputDialog.getText(
                self.parent_widget, "New claim", "What does this source say? (the value of the new claim)",
                text=self._quoted_words(selection),
            )
            if not ok or not value.strip():
                return False
        return self._mark(
            "New claim", study_id, key, None,
            lambda e: e.add_evidence(
                study_id, key, selection.source_id, selection.start, selection.end, claim_index=None,
                new_claim_value=value, snap=self.session.settings.snap_to_words,
            ),
        )

    def _quoted_words(self, selection: SourceSelection) -> str:
        """The words a mark will quote: the selection, widened to whole words when
        the setting says so (as ``add_evidence`` will widen it)."""
        library = self.session.library
        if not self.session.settings.snap_to_words or library is None:
            return selection.text.strip()
        try:
            text = library.texts[selection.source_id]
        except (KeyError, OSError):
            return selection.text.strip()
        start, end = snap_to_words(text, selection.start, selection.end)
        return text[start:end].strip()

    def remove_quote(self, study_id: str, field_key: str, claim_index: int, evidence_index: int) -> bool:
        return self.run(
            "Remove quote", [study_id], lambda e: e.remove_evidence(study_id, field_key, claim_index, evidence_index)
        )

    def _source_menu(self, context: SourceContext) -> list[MenuEntry]:
        cell, library = self._cell(), self.session.library
        if cell is None or library is None:
            return []
        labels = {d.key: d.label for d in library.catalogue}
        use = MenuEntry(
            "Use as evidence for",
            enabled=context.has_selection,
            children=tuple(MenuEntry(label, partial(self.mark_evidence, key)) for key, label in labels.items()),
        )
        entries = [use, MenuEntry("Use for a new claim of this field…", lambda: self.mark_new_claim(), context.has_selection)]
        for quote in context.quotes:
            if quote.study_id != cell.study_id:
                continue
            label = labels.get(quote.field_key, quote.field_key)
            claims = library.study(quote.study_id).field(quote.field_key).claims
            moves = [
                MenuEntry(f"Claim {n + 1}: {claim.value}", partial(self.move_quote, quote, n))
                for n, claim in enumerate(claims)
                if n != quote.claim_index
            ]
            moves.append(MenuEntry("A new claim", partial(self.move_quote, quote, None)))
            entries.append(MenuEntry(f"Move this {label} quote to", children=tuple(moves)))
            entries.append(
                MenuEntry(
                    f"Remove this quote from {label}",
                    partial(self.remove_quote, quote.study_id, quote.field_key, quote.claim_index, quote.evidence_index),
                )
            )
        return entries

    def move_quote(self, quote: QuoteAt, to_claim: int | None) -> bool:
        """Move a quote to another claim of its field (None: a new claim)."""
        study_id, key = quote.study_id, quote.field_key
        held: list[int] = []

        def edit(e: LibraryEditor) -> None:
            held.append(
                record_edits.move_evidence(e, study_id, key, quote.claim_index, quote.evidence_index, to_claim)
            )

        if not self.run("Move quote", [study_id], edit):
            return False
        self.session.last_quote = (study_id, key, held[0])
        self.session.select(study_id, key)
        self.session.show_status(f"Quote moved to claim {held[0] + 1} of {self._label(key)}.")
        return True

    def merge_claims_dialog(self) -> bool:
        cell, library = self._cell(), self.session.library
        if cell is None or library is None:
            return False
        study_id, key = cell.study_id, cell.field_key
        chosen = choose_merge(self.parent_widget, library.study(study_id).field(key), self._label(key))
        if chosen is None:
            return False
        merged, into = chosen
        return self.run("Merge claims", [study_id], lambda e: record_edits.merge_claims(e, study_id, key, merged, into))

    # ------------------------------------------------------------------ values and notes

    def edit_value_dialog(self) -> bool:
        cell, library = self._cell(), self.session.library
        if cell is None or library is None:
            return False
        study_id, key = cell.study_id, cell.field_key
        claims = library.study(study_id).field(key).claims
        if not claims:
            QMessageBox.information(
                self.parent_widget, "Not reported yet",
                "Mark a quote for this field first (select text in the source, Ctrl+M): every value needs its evidence.",
            )
            return False
        index = 0
        if len(claims) > 1:
            items = [f"{n}. {c.value}" for n, c in enumerate(claims, start=1)]
            choice, ok = QInputDialog.getItem(self.parent_widget, "Edit value", "Which claim?", items, 0, False)
            if not ok:
                return False
            index = items.index(choice)
        value, ok = get_text(self.parent_widget, "Edit value", f"Value of {self._label(key)} (say only what its quotes say):", claims[index].value)
        if not ok or not value.strip() or value.strip() == claims[index].value:
            return False
        return self.run("Edit value", [study_id], lambda e: e.set_value(study_id, key, index, value))

    def note_dialog(self) -> bool:
        cell, library = self._cell(), self.session.library
        if cell is None or library is None:
            return False
        study_id, key = cell.study_id, cell.field_key
        entry = library.study(study_id).field(key)
        note, ok = get_text(
            self.parent_widget, "Reviewer note",
            "Your reading (shown labelled as the reviewer's, never as the source's):", entry.note or "",
        )
        if not ok:
            return False
        return self.run("Reviewer note", [study_id], lambda e: e.set_note(study_id, key, note))

    # ------------------------------------------------------------------ sources and studies

    def add_source_dialog(self) -> bool:
        dialog = SourceDialog(self.parent_widget, self.session.library)
        if dialog.exec() != SourceDialog.DialogCode.Accepted:
            return False
        return self.add_source(**dialog.values(), original=dialog.pdf_origin, boilerplate=dialog.boilerplate)

    def import_files(self, paths: list[Path]) -> int:
        """Articles dropped on the window: each opens the Add source form filled
        from its file, for the reviewer to confirm. Returns how many were added."""
        added = 0
        for path in paths:
            dialog = SourceDialog(self.parent_widget, self.session.library)
            if not dialog.load_file(path) or dialog.exec() != SourceDialog.DialogCode.Accepted:
                continue
            added += self.add_source(**dialog.values(), original=dialog.pdf_origin, boilerplate=dialog.boilerplate)
        return added

    def add_source(
        self, text: str, original: Path | None = None, boilerplate: tuple[tuple[int, int], ...] = (), **metadata: str
    ) -> bool:
        cell, library = self._cell(), self.session.library
        study_id = cell.study_id if cell else None
        attach = False
        if study_id is not None and library is not None:
            study = library.study(study_id)
            answer = QMessageBox.question(
                self.parent_widget, "Attach source",
                message_html(
                    f"Is this article about the selected study, “{study.short_title}”?\n\n"
                    "One study reported by several articles is one record with several sources."
                ),
            )
            attach = answer == QMessageBox.StandardButton.Yes
        targets = [study_id] if attach and study_id else []

        def edit(e: LibraryEditor) -> None:
            source = e.add_source(text, **metadata)
            keep_boilerplate(source, text, boilerplate)  # a web page's frame, dimmed after a reload too
            if original is not None:  # a PDF, kept beside its text on save
                e.pending_originals[source.id] = original
            if attach and study_id:
                e.attach_source(study_id, source.id)

        return self.run("Add source", targets, edit, meta=True)

    def new_study_dialog(self) -> bool:
        dialog = StudyDialog(self.parent_widget)
        if dialog.exec() != StudyDialog.DialogCode.Accepted:
            return False
        return self.new_study(**dialog.values())

    def new_study(self, **values: object) -> bool:
        created: list[str] = []

        def edit(e: LibraryEditor) -> None:
            created.append(e.create_study(**values).id)  # type: ignore[arg-type]

        done = self.run("New study", [], edit)
        if done and created:
            self.session.reveal_study(created[0])
        return done

    def edit_study_dialog(self) -> bool:
        cell, library = self._cell(), self.session.library
        if cell is None or library is None:
            return False
        study_id = cell.study_id
        dialog = StudyDialog(self.parent_widget, library.study(study_id))
        if dialog.exec() != StudyDialog.DialogCode.Accepted:
            return False
        values = dialog.values()
        return self.run("Study details", [study_id], lambda e: e.update_study(study_id, **values))  # type: ignore[arg-type]

    def _fill_attach_menu(self, menu: QMenu) -> None:
        cell, library = self._cell(), self.session.library
        if library is None or cell is None:
            menu.addAction("(select a study's cell first)").setEnabled(False)
            return
        study = library.study(cell.study_id)
        for source in library.meta.sources:
            if source.id in study.sources:
                continue
            action = menu.addAction(source.label)
            action.triggered.connect(lambda _=False, s=source.id: self.attach_source(cell.study_id, s))
        if not menu.actions():
            menu.addAction("(every source is attached)").setEnabled(False)

    def attach_source(self, study_id: str, source_id: str) -> bool:
        return self.run("Attach source", [study_id], lambda e: e.attach_source(study_id, source_id))

    def review_reanchoring(self) -> None:
        from .reanchor_dialog import ReanchorDialog

        if self.session.library is not None:
            ReanchorDialog(self.session, self.parent_widget).exec()

    # ------------------------------------------------------------------ saving and recovery

    def save(self) -> bool:
        return self.session.save()

    def _offer_recovery(self) -> None:
        pending = self.session.pending_recovery()
        if pending is None:
            return
        path, when = pending
        answer = QMessageBox.question(
            self.parent_widget, "Recover unsaved edits?",
            f"This library has edits from {when} that were never saved (the app closed unexpectedly).\n\n"
            "Restore them? (No keeps them aside; Discard deletes them.)",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Discard,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.session.restore_recovery(path)
        elif answer == QMessageBox.StandardButton.Discard:
            self.session.discard_recovery()  # the file and the PDFs kept with it

    def maybe_save(self) -> bool:
        """Before closing or replacing the library: True when it is fine to go on."""
        if not self.session.modified:
            return True
        answer = QMessageBox.question(
            self.parent_widget, "Unsaved changes",
            "The library has unsaved changes. Save them?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.session.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.session.discard_recovery()
            return True
        return False
