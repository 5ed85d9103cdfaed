"""QActions, menus and the F1 list, made from the action table
(``session/actions.py``), and the small context each feature is given.

A feature binds a handler to an action id; it never adds menu items of its
own, so the menus read in the table's order whichever feature came first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from ..session import AppSession
from ..session.actions import ACTIONS, BY_ID, MENUS, shortcut_rows


def key_sequence(shortcut: str) -> QKeySequence:
    if shortcut.startswith("std:"):
        return QKeySequence(QKeySequence.StandardKey[shortcut[4:]])
    return QKeySequence(shortcut)


def key_text(shortcut: str) -> str:
    """A shortcut as the platform writes it (Ctrl+O, ⌘O), for the F1 list."""
    if shortcut.startswith("std:"):
        bindings = QKeySequence.keyBindings(QKeySequence.StandardKey[shortcut[4:]])
        return ", ".join(b.toString(QKeySequence.SequenceFormat.NativeText) for b in bindings) or "—"
    return shortcut


class Actions:
    """One QAction per table entry (submenus: one QMenu), owned by ``window``.

    Enabled states and dynamic texts follow the session's ``state_changed``.
    """

    def __init__(self, session: AppSession, window: QWidget) -> None:
        self.session = session
        self.window = window
        self._actions: dict[str, QAction] = {}
        self._submenus: dict[str, QMenu] = {}
        #: Ids a feature has bound: an entry of the table nobody binds is a menu item that does nothing.
        self.bound: set[str] = set()
        groups: dict[str, QActionGroup] = {}
        for spec in ACTIONS:
            if spec.kind == "submenu":
                menu = QMenu(spec.text, window)
                self._submenus[spec.id] = menu
            elif spec.kind == "action":
                action = QAction(spec.text, window)
                if spec.shortcut:
                    action.setShortcut(key_sequence(spec.shortcut))
                action.setCheckable(spec.checkable)
                action.setObjectName(spec.id)
                if spec.group:
                    group = groups.get(spec.group)
                    if group is None:
                        group = groups[spec.group] = QActionGroup(window)
                    group.addAction(action)
                window.addAction(action)  # shortcuts work with the menu bar hidden (full screen)
                self._actions[spec.id] = action
        session.events.state_changed.connect(self.refresh)
        self.refresh()

    def __getitem__(self, action_id: str) -> QAction:
        return self._actions[action_id]

    def submenu(self, action_id: str) -> QMenu:
        return self._submenus[action_id]

    def bind(self, action_id: str, handler: Callable[[], object]) -> QAction:
        """Run ``handler`` when the action is triggered (menu, key or toolbar)."""
        action = self._actions[action_id]
        action.triggered.connect(lambda _checked=False: handler())
        self.bound.add(action_id)
        return action

    def bind_toggle(self, action_id: str, handler: Callable[[bool], object]) -> QAction:
        action = self._actions[action_id]
        action.toggled.connect(handler)
        self.bound.add(action_id)
        return action

    def bind_submenu(self, action_id: str, fill: Callable[[QMenu], None]) -> QMenu:
        """``fill`` is called with the (cleared) submenu each time it is about to show."""
        menu = self._submenus[action_id]

        def refill() -> None:
            menu.clear()
            fill(menu)

        menu.aboutToShow.connect(refill)
        self.bound.add(action_id)
        return menu

    def refresh(self) -> None:
        for spec_id, action in self._actions.items():
            spec = BY_ID[spec_id]
            action.setEnabled(spec.enabled_when(self.session))
            if spec.dynamic_text is not None:
                action.setText(spec.dynamic_text(self.session))

    def toolbar_actions(self) -> list[QAction]:
        return [self._actions[spec.id] for spec in ACTIONS if spec.toolbar]

    def build_menus(self, bar: QMenuBar) -> None:
        """The menu bar, in the table's order; a submenu such as View → Theme
        sits where its first entry comes in the table."""
        menus: dict[str, QMenu] = {}

        def menu_for(path: str) -> QMenu:
            menu = menus.get(path)
            if menu is None:
                parent = path.rpartition("/")[0]
                title = MENUS[path]
                menu = menus[path] = menu_for(parent).addMenu(title) if parent else bar.addMenu(title)
            return menu

        for path in MENUS:
            if "/" not in path:
                menu_for(path)  # top-level menus in MENUS order, even if empty
        for spec in ACTIONS:
            if not spec.menu:
                continue
            menu = menu_for(spec.menu)
            if spec.kind == "separator":
                menu.addSeparator()
            elif spec.kind == "submenu":
                menu.addMenu(self._submenus[spec.id])
            elif spec.kind == "action":
                menu.addAction(self._actions[spec.id])


def shortcuts_html() -> str:
    """The F1 list as an HTML table, read from the action table."""
    import html

    rows = "".join(
        f"<tr><td>{html.escape(what)}</td><td><b>{html.escape(key_text(key))}</b></td></tr>" for what, key in shortcut_rows()
    )
    return f"<table cellspacing=6>{rows}</table>"


@dataclass(frozen=True)
class FeatureContext:
    """What a feature is given instead of the main window: the session, the
    actions to bind, and a widget to parent its dialogs on."""

    session: AppSession
    actions: Actions
    parent: QWidget
