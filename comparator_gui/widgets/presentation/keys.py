"""What each key does in presentation mode: clicker keys, keyboard, number keys."""

from __future__ import annotations

from enum import Enum, auto

from PySide6.QtCore import Qt

__all__ = ["Action", "action_for", "spotlight_number"]

Key = Qt.Key


class Action(Enum):
    NEXT = auto()
    PREVIOUS = auto()
    FIRST = auto()
    LAST = auto()
    BLANK = auto()
    BIGGER = auto()
    SMALLER = auto()
    THEME = auto()
    CLEAR_SPOTLIGHT = auto()
    LEAVE = auto()


_ACTIONS: dict[int, Action] = {
    # Clickers send PageDown/PageUp (some Right/Left, Down/Up); a few send "." for black.
    **dict.fromkeys((Key.Key_PageDown, Key.Key_Right, Key.Key_Down, Key.Key_Space, Key.Key_Return, Key.Key_Enter), Action.NEXT),
    **dict.fromkeys((Key.Key_PageUp, Key.Key_Left, Key.Key_Up, Key.Key_Backspace), Action.PREVIOUS),
    Key.Key_Home: Action.FIRST,
    Key.Key_End: Action.LAST,
    **dict.fromkeys((Key.Key_B, Key.Key_Period), Action.BLANK),
    **dict.fromkeys((Key.Key_Plus, Key.Key_Equal), Action.BIGGER),
    **dict.fromkeys((Key.Key_Minus, Key.Key_Underscore), Action.SMALLER),
    Key.Key_T: Action.THEME,
    Key.Key_0: Action.CLEAR_SPOTLIGHT,
    Key.Key_Escape: Action.LEAVE,
}

NAVIGATION = frozenset({Action.NEXT, Action.PREVIOUS, Action.FIRST, Action.LAST})


def action_for(key: int) -> Action | None:
    return _ACTIONS.get(key)


def spotlight_number(key: int) -> int | None:
    """1 to 9 for the number keys 1 to 9 (main row or keypad), else None."""
    if Key.Key_1 <= key <= Key.Key_9:
        return key - Key.Key_0
    return None
