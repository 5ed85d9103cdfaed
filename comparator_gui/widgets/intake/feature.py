"""Library → Import article…: read a file, ask which study it reports (ranked
candidates with reasons, or a new study), add it through the session; then the
Suggestions dock points to sentences for the selected cell's field.

Accepting a suggestion asks the curation feature, through the session
(``AppSession.request_mark``), to run its mark flow on exactly that span.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from ...domain.editing import LibraryEditor
from ...domain.intake.article import ARTICLE_SUFFIXES, ImportedArticle, IntakeError
from ...domain.intake.store import add_imported_source, boilerplate_of
from ...domain.intake.study_match import match_study, new_study_details
from ...domain.intake.suggest import Suggester, Suggestions, conflicts
from ...domain.library import Library
from ...domain.models import EvidenceLevel
from ...qt.actions import FeatureContext
from ...qt.article_reading import read_in_background
from ...session import Cell
from ...session.app_session import MarkRequest
from .panel import Row, SuggestionsDock
from .which_study import NEW_STUDY, WhichStudyDialog


class IntakeFeature:
    def __init__(self, context: FeatureContext) -> None:
        self.session = context.session
        self.parent_widget = context.parent
        context.actions.bind("intake.import", self.import_dialog)
        self.dock = SuggestionsDock(self._accept, self._dismiss)
        # Hidden until asked for (View → Suggestions) or an article is imported:
        # the comparison needs the width, and ranking costs time on every cell.
        self.dock.hide()
        toggle = context.actions.bind_toggle("intake.suggestions", self.dock.setVisible)
        self.dock.visibilityChanged.connect(toggle.setChecked)
        self.dock.visibilityChanged.connect(self._on_dock_shown)
        self._cache: dict[tuple[str, int], Suggestions] = {}
        self._suggester: tuple[int, Suggester] | None = None
        self._dismissed: set[tuple[str, str, int, int]] = set()
        self.session.events.selection_changed.connect(lambda cell, _immediate: self.show_cell(cell))
        self.session.events.records_changed.connect(lambda _ids: self.show_cell(self.session.selection))
        self.session.events.library_changed.connect(lambda _library: self._forget())

    # ------------------------------------------------------------------ import

    def import_dialog(self) -> bool:
        patterns = " ".join(f"*{s}" for s in ARTICLE_SUFFIXES)
        name, _ = QFileDialog.getOpenFileName(
            self.parent_widget, "Import article", "", f"Articles ({patterns});;All files (*)"
        )
        return bool(name) and self.import_file(Path(name))

    def import_file(self, path: Path) -> bool:
        library = self.session.library
        if library is None:
            return False
        try:  # off the UI thread, with progress and Cancel (a 500-page PDF takes a while)
            found = read_in_background(self.parent_widget, path)
        except (IntakeError, OSError) as exc:
            self.session.tell("warning", "Import article", str(exc))
            return False
        if found is None:
            self.session.show_status(f"Import of {path.name} cancelled; nothing was imported.")
            return False
        if found.problems:
            self.session.tell(
                "info", "Some references left out",
                f"{len(found.problems)} reference(s) could not be imported:\n" + "\n".join(found.problems),
            )
        return any([self._import(library, article, path) for article in found.articles])

    def _import(self, library: Library, article: ImportedArticle, path: Path) -> bool:
        match = match_study(article, library)
        title = article.metadata.title or path.stem
        dialog = WhichStudyDialog(self.parent_widget, library, match, title)
        if dialog.exec() != WhichStudyDialog.DialogCode.Accepted:
            return False
        study_id = dialog.chosen()
        new_title = dialog.title_edit.text().strip() or title
        details = new_study_details(article.text)
        chosen: list[str] = []

        def edit(e: LibraryEditor) -> None:
            source = add_imported_source(e, article)
            target = study_id
            if target == NEW_STUDY:
                target = e.create_study(
                    new_title, institution=details["institution"], condition=details["condition"],
                    evidence_level=EvidenceLevel(details["evidence_level"] or "unknown"),
                    trial_phase=details["trial_phase"],
                ).id
            e.attach_source(target, source.id)
            chosen.append(target)

        targets = [study_id] if study_id != NEW_STUDY else []
        if not self.session.run_edit("Import article", targets, edit, meta=True):
            return False
        self.session.reveal_study(chosen[0])
        self.dock.show()
        self.dock.raise_()
        return True

    # ------------------------------------------------------------------ suggestions

    def _forget(self) -> None:
        self._cache.clear()
        self._suggester = None
        self._dismissed.clear()

    def _suggestions(self, library: Library, source_id: str) -> Suggestions:
        # The library's accepted quotes are the examples: rebuilt when they change.
        if self._suggester is None or self._suggester[0] != library.revision:
            self._suggester = (library.revision, Suggester.for_library(library))
            self._cache.clear()
        key = (source_id, library.revision)
        if key not in self._cache:
            self._cache[key] = self._suggester[1].suggest(library.texts[source_id], boilerplate_of(library, source_id))
        return self._cache[key]

    def rows(self, cell: Cell) -> list[Row]:
        library = self.session.library
        if library is None:
            return []
        study = library.study(cell.study_id)
        rows: list[Row] = []
        for source_id in study.sources:
            try:
                found = self._suggestions(library, source_id)
            except (KeyError, OSError):  # no text, or it changed on disk: the pane says so
                continue
            mine = found.fields.get(cell.field_key, [])[:3]
            disagreeing = {(c.suggestion.start, c.suggestion.end) for c in conflicts(study, {cell.field_key: mine})}
            quoted = {(e.start, e.end) for entry in [study.fields.get(cell.field_key)] if entry
                      for claim in entry.claims for e in claim.evidence if e.source == source_id}
            for s in mine:
                if (source_id, cell.field_key, s.start, s.end) in self._dismissed:
                    continue
                if any(a < s.end and s.start < b for a, b in quoted):
                    continue  # already evidence
                rows.append((source_id, s, (s.start, s.end) in disagreeing))
        return rows

    def _on_dock_shown(self, shown: bool) -> None:
        self.show_cell(self.session.selection)  # hidden: the underlines go too

    def show_cell(self, cell: Cell | None) -> None:
        if self.dock.isHidden():
            self.session.show_suggestions({})
            return  # worked out when the dock is shown
        library = self.session.library
        if cell is None or library is None:
            self.dock.heading.setText("Select a cell to see suggested evidence for its field.")
            self.dock.list.show_rows([], lambda _s: "")
            self.session.show_suggestions({})
            return
        label = next((f.label for f in library.catalogue if f.key == cell.field_key), cell.field_key)
        rows = self.rows(cell)
        study = library.study(cell.study_id)
        self.dock.heading.setText(
            f"{label} — {study.short_title}: {len(rows)} suggested sentence(s)" if rows
            else f"{label} — {study.short_title}: no suggestions left"
        )
        self.dock.list.show_rows(rows, lambda s: self._text(library, s))
        spans: dict[str, list[tuple[int, int]]] = {}
        for source_id, suggestion, _conflict in rows:
            spans.setdefault(source_id, []).append((suggestion.start, suggestion.end))
        self.session.show_suggestions(spans)  # dotted underlines in the source pane

    @staticmethod
    def _text(library: Library, source_id: str) -> str:
        try:
            return library.texts[source_id]
        except (KeyError, OSError):
            return ""

    def _accept(self, row: Row) -> None:
        cell = self.session.selection
        if cell is None:
            return
        source_id, suggestion, conflict = row
        self.session.request_mark(
            MarkRequest(cell.study_id, cell.field_key, source_id, suggestion.start, suggestion.end, new_claim=conflict)
        )

    def _dismiss(self, row: Row) -> None:
        cell = self.session.selection
        if cell is None:
            return
        source_id, suggestion, _conflict = row
        self._dismissed.add((source_id, cell.field_key, suggestion.start, suggestion.end))
        self.show_cell(cell)
