"""Every command of the window, declared once: id, text, shortcut, menu and
when it is enabled. No Qt.

The menus, the toolbar and the F1 list of shortcuts are built from this table
(``qt/actions.py``), and features bind a handler to an id; tests read it too.
A shortcut is a portable key string ("Ctrl+E") or, with ``std:``, one of Qt's
standard keys ("std:Open"), which follow the platform's conventions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..domain.quality import note_is_stale
from .app_session import AppSession

Predicate = Callable[[AppSession], bool]
Kind = Literal["action", "submenu", "separator", "key"]


def always(_session: AppSession) -> bool:
    return True


def has_library(session: AppSession) -> bool:
    return session.library is not None


def has_cell(session: AppSession) -> bool:
    return session.library is not None and session.selection is not None


def has_claims_to_merge(session: AppSession) -> bool:
    cell, library = session.selection, session.library
    if cell is None or library is None:
        return False
    try:
        return len(library.study(cell.study_id).field(cell.field_key).claims) > 1
    except KeyError:
        return False


def has_stale_note(session: AppSession) -> bool:
    """The selected cell's note was written before its field's claims last changed."""
    cell, library = session.selection, session.library
    if cell is None or library is None:
        return False
    try:
        return note_is_stale(library.study(cell.study_id).field(cell.field_key))
    except KeyError:
        return False


def can_undo(session: AppSession) -> bool:
    return session.history.can_undo


def can_redo(session: AppSession) -> bool:
    return session.history.can_redo


def undo_text(session: AppSession) -> str:
    return f"&Undo {session.history.undo_text}".strip()


def redo_text(session: AppSession) -> str:
    return f"&Redo {session.history.redo_text}".strip()


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str = ""
    #: The menu path ("view/theme" is the Theme submenu of View); "" for none.
    menu: str = ""
    shortcut: str = ""
    enabled_when: Predicate = always
    checkable: bool = False
    #: Actions sharing a group are exclusive (the theme).
    group: str = ""
    toolbar: bool = False
    #: Text that follows the session (Undo/Redo name the step).
    dynamic_text: Callable[[AppSession], str] | None = None
    #: "submenu": filled by a feature when shown; "separator"; "key": a key a
    #: widget handles itself, listed in F1 only.
    kind: Kind = "action"
    #: What F1 calls it, when not the menu text.
    help: str = ""

    @property
    def plain_text(self) -> str:
        return self.help or self.text.replace("&&", "\x00").replace("&", "").replace("\x00", "&").rstrip("…")


def _separator(menu: str, n: int) -> ActionSpec:
    return ActionSpec(id=f"{menu}.separator{n}", menu=menu, kind="separator")


#: Menu path → title, in menu-bar order ("view/theme": a submenu of View).
MENUS: dict[str, str] = {
    "file": "&File",
    "edit": "&Edit",
    "library": "&Library",
    "view": "&View",
    "view/theme": "&Theme",
    "help": "&Help",
}

ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("library.new", "&New library…", "file", "std:New"),
    ActionSpec("library.open", "&Open library folder…", "file", "std:Open", help="Open a library folder"),
    ActionSpec("library.open_bundled", "Open the &bundled library", "file"),
    ActionSpec("library.recent", "&Recent libraries", "file", kind="submenu"),
    _separator("file", 1),
    ActionSpec("curation.save", "&Save", "file", "std:Save", enabled_when=has_library, help="Save the library"),
    _separator("file", 2),
    ActionSpec("export.export", "&Export…", "file", "Ctrl+E", enabled_when=has_library, help="Export the comparison"),
    ActionSpec("presentation.handout", "Export slide &handout (PDF)…", "file", enabled_when=has_library,
               help="Export the slides as a PDF handout, one 16:9 page each"),
    ActionSpec("consensus.compare", "Compa&re with another copy…", "file", enabled_when=has_library,
               help="Compare with another reviewer's copy of this library, and consolidate the differences"),
    _separator("file", 3),
    ActionSpec("window.quit", "&Quit", "file", "std:Quit"),
    # Edit
    ActionSpec("curation.undo", "&Undo", "edit", "std:Undo", enabled_when=can_undo, dynamic_text=undo_text, help="Undo"),
    ActionSpec("curation.redo", "&Redo", "edit", "std:Redo", enabled_when=can_redo, dynamic_text=redo_text, help="Redo"),
    _separator("edit", 1),
    ActionSpec(
        "curation.mark", "Use selection as &evidence for this field", "edit", "Ctrl+M", enabled_when=has_cell,
        help="Quote the selected source words as evidence for the selected field",
    ),
    ActionSpec(
        "curation.new_claim", "Use selection for a &new claim (sources disagree)…", "edit", "Ctrl+Shift+M",
        enabled_when=has_cell, help="Quote the selection for a new claim (a source that disagrees)",
    ),
    ActionSpec(
        "curation.snap_words", "Snap selections to whole &words", "edit", checkable=True,
        help="Widen a selection marked as evidence to whole words (off: a selection that cuts a word is refused)",
    ),
    ActionSpec("consensus.reviewer", "Reviewer na&me…", "edit",
               help="Set your name, recorded with every claim and quote you add"),
    ActionSpec("curation.edit_value", "Edit &value…", "edit", "F2", enabled_when=has_cell, help="Edit the selected value"),
    ActionSpec("curation.note", "Reviewer &note…", "edit", "Ctrl+Shift+N", enabled_when=has_cell, help="Write a reviewer's note"),
    ActionSpec(
        "curation.confirm_note", "Con&firm note", "edit", enabled_when=has_stale_note,
        help="Confirm that the selected field's note still holds after its claims changed",
    ),
    ActionSpec(
        "curation.mark_not_given", "Selection says this field is not &given…", "edit", enabled_when=has_cell,
        help="Quote the selected words as showing the source does not give this field",
    ),
    ActionSpec(
        "curation.mark_note", "Quote selection for a reviewer's n&ote…", "edit", enabled_when=has_cell,
        help="Quote the selected words under a reviewer's note (not a value)",
    ),
    ActionSpec(
        "curation.facets", "Claim &facets…", "edit", enabled_when=has_cell,
        help="Set the selected value's typed facets (species, n, cell origin, safety data, ...)",
    ),
    ActionSpec(
        "curation.merge_claims", "&Merge claims…", "edit", enabled_when=has_claims_to_merge,
        help="Merge two claims of the selected field that say the same",
    ),
    # Library
    ActionSpec("curation.add_source", "Add &source…", "library", "Ctrl+Shift+O", enabled_when=has_library, help="Add a source (article)"),
    ActionSpec("intake.import", "&Import article…", "library", "Ctrl+Shift+I", enabled_when=has_library,
               help="Import an article (PDF, web page, text, RIS): which study is it, and suggested evidence"),
    ActionSpec("curation.new_study", "New s&tudy…", "library", "Ctrl+Shift+T", enabled_when=has_library, help="New study"),
    ActionSpec("curation.study_details", "Study &details…", "library", enabled_when=has_cell),
    ActionSpec("curation.attach", "&Attach source to this study", "library", kind="submenu"),
    ActionSpec("curation.detach", "D&etach source from this study", "library", kind="submenu"),
    ActionSpec("curation.sources", "Sour&ces…", "library", enabled_when=has_library, help="Manage the sources"),
    _separator("library", 2),
    ActionSpec("curation.rename_study", "Rename study &id…", "library", enabled_when=has_cell),
    ActionSpec("curation.delete_study", "Delete this stud&y…", "library", enabled_when=has_cell),
    _separator("library", 1),
    ActionSpec("curation.reanchor", "&Review re-anchored quotes…", "library", enabled_when=has_library),
    # View
    ActionSpec("presentation.present", "&Present", "view", "F5", enabled_when=has_library, help="Present (full screen)"),
    _separator("view", 1),
    ActionSpec("grid.find", "&Find", "view", "std:Find", help="Find (search values and quotes)"),
    ActionSpec("grid.transpose", "Studies as rows", "view", "Ctrl+T", checkable=True, help="Transpose studies and fields"),
    ActionSpec("grid.disputed_only", "Disputed only", "view", "Ctrl+D", checkable=True, help="Disputed fields only"),
    ActionSpec("grid.differences_only", "Differences only", "view", "Ctrl+Shift+D", checkable=True),
    ActionSpec(
        "grid.sort_by_level", "Sort studies by evidence &level", "view", "Ctrl+Shift+L", enabled_when=has_library,
        help="Order the studies by evidence level, strongest first",
    ),
    _separator("view", 2),
    ActionSpec(
        "grid.show_panel", "Studies && fields…", "view", checkable=True, toolbar=True,
        help="Choose and order the studies and fields to show",
    ),
    ActionSpec("library.problems", "Problems", "view", "Ctrl+P", checkable=True, help="Show or hide the problems panel"),
    ActionSpec(
        "intake.suggestions", "Suggested evidence", "view", checkable=True,
        help="Show or hide the sentences suggested as evidence for the selected field",
    ),
    ActionSpec("window.theme_light", "Light", "view/theme", checkable=True, group="theme", help="Light theme"),
    ActionSpec("window.theme_dark", "Dark", "view/theme", checkable=True, group="theme", help="Dark theme"),
    # Help
    ActionSpec("window.shortcuts", "&Keyboard shortcuts", "help", "std:HelpContents"),
    ActionSpec("grid.level_legend", "&Evidence levels", "help", help="The evidence levels: what each means"),
    ActionSpec("window.about", "&About Study Comparator", "help"),
    # Keys that widgets handle themselves: listed in F1 only.
    ActionSpec("grid.move_entry", kind="key", shortcut="Alt+Up / Alt+Down", help="Move the selected study or field up / down"),
    ActionSpec("grid.move_cell", kind="key", shortcut="Arrow keys, Tab", help="Move between cells"),
)

BY_ID: dict[str, ActionSpec] = {spec.id: spec for spec in ACTIONS}


def shortcut_rows() -> list[tuple[str, str]]:
    """(what it does, key) for every command with a key, in table order: the F1 list."""
    return [(spec.plain_text, spec.shortcut) for spec in ACTIONS if spec.shortcut and spec.kind in ("action", "key")]
