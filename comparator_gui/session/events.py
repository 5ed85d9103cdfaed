"""A minimal, Qt-free signal: subscribers are called in the order they connected.

The session lives below Qt (its tests run without a QApplication), so it
cannot use Qt signals; widgets connect plain callables instead. Everything
runs on the UI thread, so no locking: an emit calls each subscriber at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec

P = ParamSpec("P")


class Event(Generic[P]):
    """``connect`` a callable, ``emit`` to call them all with the same arguments."""

    __slots__ = ("_name", "_subscribers")

    def __init__(self, name: str) -> None:
        self._name = name
        self._subscribers: list[Callable[P, object]] = []

    def connect(self, callback: Callable[P, object]) -> None:
        self._subscribers.append(callback)

    def disconnect(self, callback: Callable[P, object]) -> None:
        self._subscribers.remove(callback)

    def emit(self, *args: P.args, **kwargs: P.kwargs) -> None:
        # A copy: a subscriber may connect or disconnect while being called.
        for callback in list(self._subscribers):
            callback(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Event {self._name}: {len(self._subscribers)} subscribers>"
