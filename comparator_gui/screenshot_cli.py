"""``comparator-gui screenshot``: render the window (or a presentation slide)
offscreen to a PNG, for the README and for looking at every UI change."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got {text!r}") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"size {text} is out of range")
    return width, height


def add_command(commands: Any) -> None:
    parser = commands.add_parser("screenshot", help="render the window to a PNG, offscreen")
    parser.add_argument("--output", type=Path, required=True, help="PNG file to write")
    parser.add_argument("--select", metavar="STUDY_ID:FIELD_KEY", help="select this cell first")
    parser.add_argument("--size", type=_size, default=(1280, 800), metavar="WxH")
    parser.add_argument("--library", type=Path, default=None)
    parser.add_argument("--search", default="", help="type this into the search box first")
    parser.add_argument("--presentation", action="store_true", help="render a presentation slide instead")
    parser.add_argument("--slide", type=int, default=0, help="slide number for --presentation (0 = overview)")
    parser.add_argument("--theme", default=None, help="theme name (light/dark)")
    parser.set_defaults(func=run)


def _quiet_offscreen_notices() -> None:
    """The offscreen platform says it cannot size native windows once per dock
    widget; that is not news to someone taking a screenshot. Everything else
    Qt says still goes to stderr."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if "does not support propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .app import application
    from .domain.loading import load_library
    from .resources import bundled_library

    app = application()
    _quiet_offscreen_notices()
    library_path = args.library or bundled_library()
    if args.presentation:
        from .settings import PresentationSettings
        from .widgets.presentation.render import render_slide_png

        settings = PresentationSettings(theme=args.theme) if args.theme else None
        try:
            render_slide_png(load_library(library_path), args.slide, args.size, args.output, settings)
        except IndexError as error:
            print(f"comparator-gui screenshot: {error}", file=sys.stderr)
            return 1
        print(args.output)
        return 0

    from .settings import Settings
    from .widgets.main_window import MainWindow

    window = MainWindow(settings=Settings(theme=args.theme or "light"), persist=False)
    window.resize(*args.size)
    window.load_library_now(library_path)
    if args.search:
        window.set_search(args.search)
    if args.select:
        study_id, _, field_key = args.select.partition(":")
        if not window.select_cell(study_id, field_key):
            print(f"no visible cell {args.select!r}", file=sys.stderr)
            return 1
    window.show()
    for _ in range(5):
        app.processEvents()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(args.output)):
        print(f"could not write {args.output}", file=sys.stderr)
        return 1
    window.close()
    print(args.output)
    return 0
