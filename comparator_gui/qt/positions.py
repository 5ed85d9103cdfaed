"""From code-point offsets in a source text to positions in Qt's text widgets, and back.

Two differences to bridge: Qt counts UTF-16 units (an emoji is two), and a
QTextDocument turns each CRLF into one line break (the "\\r" disappears). The
source text itself stays verbatim; only its display drops the "\\r" of CRLF.
"""

from __future__ import annotations

import bisect
import re

from ..domain.anchoring import Utf16Index

_CRLF = re.compile("\r\n")


class QtPositions:
    def __init__(self, text: str) -> None:
        #: Original indices of the "\\r" of each CRLF, which the display drops.
        self._dropped = [m.start() for m in _CRLF.finditer(text)]
        #: Display positions of the "\\n" that follows each dropped "\\r".
        self._after = [r - k for k, r in enumerate(self._dropped)]
        # A lone CR is a line break to Qt too; as "\n" it keeps its place.
        self.display = text.replace("\r\n", "\n").replace("\r", "\n") if self._dropped or "\r" in text else text
        self._utf16 = Utf16Index(self.display)

    def to_qt(self, index: int) -> int:
        """Qt position of code point ``index`` of the original text."""
        return self._utf16.to_utf16(index - bisect.bisect_left(self._dropped, index))

    def to_code_point(self, position: int, end: bool = False) -> int:
        """Original code point of a Qt position; ``end``: as an exclusive end,
        so a selection ending at a line break does not take its "\\r"."""
        display = self._utf16.to_code_point(position)
        before = bisect.bisect_left if end else bisect.bisect_right
        return display + before(self._after, display)
