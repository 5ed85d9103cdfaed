"""When Python's cyclic garbage collector may run.

A loaded library is hundreds of thousands of small, long-lived objects with no
reference cycles among them (records, quotes, anchors), and an export or a
load makes hundreds of thousands more. The cyclic collector starts a pass every
700 allocations and now and then walks every tracked object: with 10,000
studies one such full pass holds the interpreter for about a second, on
whichever thread happened to allocate (a keystroke, the first cell shown), and
frees nothing. Reference counting frees everything that is not in a cycle, with
or without the collector.

Two tools, both process-wide because the collector is:

- ``paused()`` while a load or an export makes its objects; nested and
  concurrent pauses are counted, and the last one out leaves the collector as
  the first one found it;
- ``keep_out_of_collection()`` once a library has been loaded: what exists now
  moves to the collector's permanent generation, which its passes skip. A
  library released later is still freed by reference counting.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """The cyclic collector off for the duration, back as it was after."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()


def keep_out_of_collection() -> None:
    """Move every object tracked now out of reach of the collector's passes.

    Called with a freshly loaded library: its objects are never garbage while
    the library is open, and are freed by reference counting when it is let go
    (they hold no cycles; ``tests/qt/test_main_window.py`` checks that a
    library replaced in the window is freed without a collection)."""
    gc.freeze()
