"""Plain text into Qt places that guess rich text (tooltips): escape, then wrap."""

from __future__ import annotations

import html


def tooltip_html(lines: list[str], title: str = "") -> str:
    """A tooltip that Qt must treat as rich text, with every record value escaped.

    Qt decides per string whether a tooltip is rich text; a value such as
    ``<b>x</b>`` would otherwise render bold. Escaping and wrapping in
    ``<qt>`` makes the outcome independent of what the record holds.
    """
    body = "".join(f"<p style='white-space:pre-wrap'>{html.escape(line)}</p>" for line in lines)
    head = f"<b>{html.escape(title)}</b>" if title else ""
    return f"<qt>{head}{body}</qt>"


def message_html(text: str) -> str:
    """Text for a QMessageBox (which also guesses rich text), escaped and with
    its line breaks kept."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"
