"""The application session: one object that holds what the window works on
(the library, its editor, the undo history, the view choices, the selected
cell, the settings) and announces every change. No Qt.

Features (``widgets/<feature>/``) subscribe to its events and call its
methods; this is the only way they reach each other. The main window only
assembles them. Edits go through ``run_edit``, so each one is undoable,
re-anchors and re-checks the studies it touched, and is announced once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from ..domain import collector
from ..domain.disk import ChangedOnDisk
from ..domain.editing import EditError, LibraryEditor, Snapshot, recovery_key
from ..domain.library import Library, LibraryStats, library_stats
from ..domain.models import SCHEMA_VERSION
from ..domain.storage import atomic_write_text
from ..domain.view import Layout, SearchIndex, ViewChoices, ordered
from ..settings import LibraryView, Settings, config_dir
from .disk import DiskSync
from .events import Event
from .history import History, Step
from .recovery_originals import discard_originals, keep_originals, restore_originals, with_originals

Edit = Callable[[LibraryEditor], object]


@dataclass(frozen=True)
class Cell:
    study_id: str
    field_key: str


@dataclass(frozen=True)
class SourceSelection:
    """Words selected in a source, in code points of its text."""

    source_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class MarkRequest:
    """A reviewer accepted a suggested span: quote ``source_id[start:end]`` for
    ``field_key`` of ``study_id`` through the mark flow (``new_claim``: as a new
    claim, because it disagrees with the field's claims)."""

    study_id: str
    field_key: str
    source_id: str
    start: int
    end: int
    new_claim: bool = False


@dataclass(frozen=True)
class Notice:
    """Something the reviewer must read: shown in a message box by the window."""

    level: Literal["info", "warning", "error"]
    title: str
    text: str


@dataclass(frozen=True)
class MenuEntry:
    """One entry of a context menu contributed by a feature (Qt-free)."""

    text: str
    run: Callable[[], object] | None = None
    enabled: bool = True
    children: tuple[MenuEntry, ...] = ()


@dataclass(frozen=True)
class QuoteAt:
    """A quote under the mouse in the source pane."""

    study_id: str
    field_key: str
    claim_index: int
    evidence_index: int


@dataclass(frozen=True)
class SourceContext:
    """Where a context menu was asked for in the source pane."""

    source_id: str
    has_selection: bool
    quotes: tuple[QuoteAt, ...]


SourceMenuProvider = Callable[[SourceContext], list[MenuEntry]]


def recovery_path(root: Path) -> Path:
    """Where unsaved edits of the library in ``root`` are kept between autosaves and a crash."""
    return config_dir() / "recovery" / f"{recovery_key(root)}.json"


@dataclass
class _Events:
    #: A new library is in the session (the grid shows it next).
    library_changed: Event[[Library]] = field(default_factory=lambda: Event("library_changed"))
    #: The new library is on screen: grid, panels, first sources.
    library_shown: Event[[Library]] = field(default_factory=lambda: Event("library_shown"))
    #: These studies changed in place (an edit, undo, redo, recovery).
    records_changed: Event[[list[str]]] = field(default_factory=lambda: Event("records_changed"))
    #: The selected cell; ``immediate`` False: its sources may follow in the next event.
    selection_changed: Event[[Cell | None, bool]] = field(default_factory=lambda: Event("selection_changed"))
    #: The grid shows other studies or fields (search, filters, order).
    layout_changed: Event[[Layout]] = field(default_factory=lambda: Event("layout_changed"))
    modified_changed: Event[[bool]] = field(default_factory=lambda: Event("modified_changed"))
    saved: Event[[list[Path]]] = field(default_factory=lambda: Event("saved"))
    notice: Event[[Notice]] = field(default_factory=lambda: Event("notice"))
    #: A line for the status bar.
    status: Event[[str]] = field(default_factory=lambda: Event("status"))
    #: Show this study in the grid (unhide it, clear a search that hides it) and select it.
    reveal_requested: Event[[str]] = field(default_factory=lambda: Event("reveal_requested"))
    #: Anything an action's enabled-when may depend on has changed.
    state_changed: Event[[]] = field(default_factory=lambda: Event("state_changed"))
    #: Quote this span through the mark flow (the curation feature runs it).
    mark_requested: Event[[MarkRequest]] = field(default_factory=lambda: Event("mark_requested"))
    #: The sentences the Suggestions panel lists now, code-point spans by source id
    #: (the source pane underlines them).
    suggestions_shown: Event[[dict[str, list[tuple[int, int]]]]] = field(
        default_factory=lambda: Event("suggestions_shown")
    )


class AppSession:
    def __init__(self, settings: Settings, persist: bool = True) -> None:
        self.settings = settings
        #: False for the screenshot command: nothing is written to the config dir.
        self.persist = persist
        self.events = _Events()
        self.library: Library | None = None
        self.editor: LibraryEditor | None = None
        self.history = History()
        self.choices = ViewChoices()
        #: What the grid shows now (studies and fields, in order): exports and slides follow it.
        self.layout = Layout([], [])
        self.selection: Cell | None = None
        #: (study id, field key, claim index) that got the last quote marked: the cell says so.
        self.last_quote: tuple[str, str, int] | None = None
        self.search_index: SearchIndex | None = None
        #: Asked before the library is closed or replaced: each returns False to stop it.
        self.close_guards: list[Callable[[], bool]] = []
        self.source_menu_providers: list[SourceMenuProvider] = []
        self._source_selection: Callable[[], SourceSelection | None] = lambda: None
        #: Changes on disk: what changed, reload, compare, the choices after a refused save.
        self.disk = DiskSync(self)
        self._stats: tuple[int, LibraryStats] | None = None
        #: Bumped on every change to the records: counts are recomputed once per change.
        self._changes = 0

    # ------------------------------------------------------------------ the library

    def set_library(self, library: Library, stats: LibraryStats | None = None, index: SearchIndex | None = None) -> None:
        """Make ``library`` the session's. ``stats`` and ``index``: already computed
        for it (the loader thread does both); otherwise computed when asked."""
        # Out of the cyclic collector's reach before anything else is made (see
        # ``collector``): a full pass over a 10,000-study library took ~1 s.
        collector.keep_out_of_collection()
        self.remember_view()
        self.library = library
        self.editor = LibraryEditor(library)
        self.history.clear()
        self._changes += 1
        self._stats = (self._changes, stats) if stats is not None else None
        self.search_index = index if index is not None and index.library is library else None
        view = self.settings.view_for(library.root)
        study_ids = [s.id for s in library.studies]
        field_keys = [d.key for d in library.catalogue]
        self.choices = ViewChoices(
            study_order=ordered(study_ids, view.study_order),
            hidden_studies=set(view.hidden_studies) & set(study_ids),
            field_order=ordered(field_keys, view.field_order),
            hidden_fields=set(view.hidden_fields) & set(field_keys),
            search=self.choices.search,
            disputed_only=self.choices.disputed_only,
            differences_only=self.choices.differences_only,
            transposed=view.transposed,
        )
        self.selection = None
        self.last_quote = None
        self.events.library_changed.emit(library)
        self.events.modified_changed.emit(False)
        self.events.state_changed.emit()

    def library_is_shown(self) -> None:
        """Called by the grid once the new library is on screen."""
        if self.library is None:
            return
        self.settings.remember_library(self.library.root)
        self.events.library_shown.emit(self.library)

    def may_close_library(self) -> bool:
        """Before closing or replacing the library: True when every guard agrees
        (the curation feature asks about unsaved edits)."""
        return all(guard() for guard in list(self.close_guards))

    @property
    def stats(self) -> LibraryStats | None:
        """The library's counts, walked once per change to the records."""
        if self.library is None:
            return None
        if self._stats is None or self._stats[0] != self._changes:
            self._stats = (self._changes, library_stats(self.library))
        return self._stats[1]

    def remember_view(self) -> None:
        """Put the current view choices into the settings (per library)."""
        if self.library is None:
            return
        view: LibraryView = self.settings.view_for(self.library.root)
        view.study_order = list(self.choices.study_order)
        view.hidden_studies = sorted(self.choices.hidden_studies)
        view.field_order = list(self.choices.field_order)
        view.hidden_fields = sorted(self.choices.hidden_fields)
        view.transposed = self.choices.transposed

    # ------------------------------------------------------------------ what the grid shows

    def set_layout(self, layout: Layout) -> None:
        self.layout = layout
        self.events.layout_changed.emit(layout)

    def visible_selection(self) -> tuple[list[str], list[str]]:
        """The study ids and field keys the grid shows, in order (for export and presenting)."""
        return list(self.layout.study_ids), list(self.layout.field_keys)

    def select(self, study_id: str, field_key: str, immediate: bool = True) -> None:
        """Select a cell; announced only when it is another cell."""
        cell = Cell(study_id, field_key)
        if cell == self.selection:
            return
        self.selection = cell
        self.events.selection_changed.emit(cell, immediate)
        self.events.state_changed.emit()

    def clear_selection(self) -> None:
        if self.selection is not None:
            self.selection = None
            self.events.selection_changed.emit(None, True)
            self.events.state_changed.emit()

    def reveal_study(self, study_id: str) -> None:
        self.events.reveal_requested.emit(study_id)

    def request_mark(self, request: MarkRequest) -> None:
        """Ask for ``request``'s span to be quoted; the reviewer confirms in the mark flow."""
        self.events.mark_requested.emit(request)

    def show_suggestions(self, spans: dict[str, list[tuple[int, int]]]) -> None:
        """The Suggestions panel lists these spans (by source id) for the selected field."""
        self.events.suggestions_shown.emit(spans)

    def show_status(self, text: str) -> None:
        self.events.status.emit(text)

    def tell(self, level: Literal["info", "warning", "error"], title: str, text: str) -> None:
        self.events.notice.emit(Notice(level, title, text))

    # ------------------------------------------------------------------ the source pane's selection

    def provide_source_selection(self, provider: Callable[[], SourceSelection | None]) -> None:
        """The source pane registers how to read the words selected in it."""
        self._source_selection = provider

    def source_selection(self) -> SourceSelection | None:
        return self._source_selection()

    def source_menu(self, context: SourceContext) -> list[MenuEntry]:
        return [entry for provider in self.source_menu_providers for entry in provider(context)]

    # ------------------------------------------------------------------ edits

    @property
    def modified(self) -> bool:
        return self.editor is not None and self.editor.modified

    def run_edit(self, text: str, study_ids: list[str], edit: Edit, meta: bool = False) -> bool:
        """Apply ``edit`` as one undoable step. A refused edit is explained (a
        ``notice``), never raised, and leaves the library exactly as it was.

        ``meta``: the edit may change library.json (sources), so its undo
        snapshot includes it; most edits touch only studies and skip that cost.
        """
        editor = self.editor
        if editor is None:
            return False
        before = editor.snapshot(study_ids, include_meta=meta)
        editor.reviewer = self.settings.reviewer_name or None  # stamped on the claims and quotes it adds
        try:
            edit(editor)
        except (EditError, OSError) as exc:  # OSError: a source file changed or went away
            editor.restore(before)
            self.tell("warning", text, str(exc))
            return False
        created = [s.id for s in editor.library.studies if s.id not in before.order]
        after = editor.snapshot([*study_ids, *created], include_meta=meta)
        self.history.push(Step(text, _widen(before, after), after))
        self._changed(list(after.studies))
        return True

    def undo(self) -> bool:
        step = self.history.undo()
        if step is None or self.editor is None:
            return False
        self.last_quote = None  # the cell's "new quote" marker would name an undone quote
        self.editor.restore(step.before)
        self._changed(list(step.before.studies))
        return True

    def redo(self) -> bool:
        step = self.history.redo()
        if step is None or self.editor is None:
            return False
        self.last_quote = None
        self.editor.restore(step.after)
        self._changed(list(step.after.studies))
        return True

    def _changed(self, study_ids: list[str]) -> None:
        self._changes += 1
        if self.search_index is not None:
            self.search_index.refresh(study_ids)  # re-indexes only what changed
        self.events.records_changed.emit(study_ids)
        self.events.modified_changed.emit(self.modified)
        self.events.state_changed.emit()

    # ------------------------------------------------------------------ saving and recovery

    def save(self) -> bool:
        """Write what changed. A refused or failed save is explained and keeps
        the edits (in memory and in the recovery file)."""
        if self.editor is None:
            return False
        migrating = dict(self.editor.library.older_files)  # read from an older schema: rewritten by this save
        try:
            written = self.editor.save()
        except ChangedOnDisk as exc:  # nothing written: the reviewer chooses (``disk``)
            self.disk.refused(exc)
            return False
        except OSError as exc:
            self.tell(
                "error", "Not saved",
                f"The library could not be saved:\n{exc}\n\nYour edits are kept in the window and in the "
                "recovery file; nothing on disk was half-written.",
            )
            self.write_recovery()
            return False
        self.discard_recovery()
        backup = self.editor.migration_backup
        if migrating and backup is not None:
            edits = f"Saved {len(written)} edited file(s); " if written else ""
            self.show_status(
                f"{edits}rewrote {len(migrating)} file(s) as schema {SCHEMA_VERSION}; the schema-"
                f"{min(migrating.values())} originals are in {backup.name}/."
            )
        else:
            self.show_status(f"Saved {len(written)} file(s).")
        self.events.modified_changed.emit(self.modified)
        self.events.saved.emit(written)
        self.events.state_changed.emit()
        return True

    def write_recovery(self) -> bool:
        """Best effort: a failing recovery write is shown, never raised, so that it
        cannot take the edits in the window down with it."""
        if self.editor is None or not self.persist:
            return False
        path = recovery_path(self.editor.library.root)
        if not self.editor.modified:
            self.discard_recovery()
            return False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # an unsaved import's PDF is copied into the app's folder, and named there
            atomic_write_text(path, with_originals(self.editor.recovery_json(), keep_originals(self.editor, path)))
        except OSError as exc:
            self.show_status(f"Could not write the recovery file {path}: {exc}")
            return False
        return True

    def discard_recovery(self) -> None:
        if self.editor is not None:
            recovery_path(self.editor.library.root).unlink(missing_ok=True)
            discard_originals(recovery_path(self.editor.library.root))

    def pending_recovery(self) -> tuple[Path, str] | None:
        """The recovery file of the open library, if a crash left one, and when it was written."""
        if self.editor is None:
            return None
        path = recovery_path(self.editor.library.root)
        if not path.exists():
            return None
        return path, time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime))

    def restore_recovery(self, path: Path) -> bool:
        """Put the library in the state of the recovery file (unsaved: save to keep it)."""
        if self.editor is None:
            return False
        try:
            text = path.read_text(encoding="utf-8")
            self.editor.apply_recovery(text)
            missing = restore_originals(self.editor, text)
        except (OSError, ValueError, EditError) as exc:
            self.tell("warning", "Recovery failed", f"{path}: {exc}")
            return False
        if missing:
            self.tell("warning", "Recovery", "The text of every unsaved source is back, but these PDFs kept for "
                      f"them are gone, so they will not be kept beside their text: {', '.join(missing)}")
        self._changed([s.id for s in self.editor.library.studies])
        self.show_status("Unsaved edits restored: save to keep them.")
        return True


def _widen(before: Snapshot, after: Snapshot) -> Snapshot:
    """``before`` naming every study ``after`` names (a new one as None), so that
    undoing a "new study" removes it again."""
    return replace(before, studies={study_id: before.studies.get(study_id) for study_id in after.studies})
