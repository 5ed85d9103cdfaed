"""``comparator-gui export``: write the comparison as XLSX, CSV, PDF, HTML or Markdown.

Registered by ``cli.py`` when this module exists. Only ``--format pdf`` loads Qt.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .export import FORMATS, format_for_path


def add_command(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "export",
        help="write the comparison, with its evidence, as XLSX, CSV, PDF, HTML or Markdown",
        description=(
            "Write one column per study and one row per field (or transposed), each value with "
            "its supporting quotes and their sources. The export date is SOURCE_DATE_EPOCH when set."
        ),
    )
    parser.add_argument(
        "--format", choices=FORMATS, default=None,
        help="output format (default: from the output file's suffix)",
    )
    parser.add_argument("--output", "-o", type=Path, required=True, help="file to write")
    parser.add_argument("--library", type=Path, default=None, help="library folder (default: the bundled library)")
    parser.add_argument(
        "--study", dest="studies", action="append", metavar="ID",
        help="include this study (repeat; order kept; default: all)",
    )
    parser.add_argument(
        "--field", dest="fields", action="append", metavar="KEY",
        help="include this field (repeat; order kept; default: all)",
    )
    parser.add_argument("--transpose", action="store_true", help="one row per study, one column per field")
    parser.add_argument("--long", action="store_true", help="CSV only: one row per evidence quote")
    parser.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from .domain.loading import load_library
    from .domain.problems import Severity
    from .export import UnknownSelection, export_library
    from .resources import bundled_library

    fmt = args.format or format_for_path(args.output)
    if fmt is None:
        print(
            f"export: cannot tell the format from {str(args.output)!r}; give --format "
            f"({', '.join(FORMATS)}) or a file ending in .xlsx, .csv, .pdf, .html or .md",
            file=sys.stderr,
        )
        return 1
    library = load_library(args.library or bundled_library())
    if not library.studies:
        print(f"export: no studies could be loaded from {library.root}", file=sys.stderr)
        for problem in library.problems:
            print(problem, file=sys.stderr)
        return 1
    errors = [p for p in library.problems if p.severity is Severity.ERROR]
    for problem in errors:
        print(f"warning: {problem}", file=sys.stderr)
    try:
        path = export_library(
            library, fmt, args.output,
            study_ids=args.studies, field_keys=args.fields,
            transpose=args.transpose, long=args.long,
        )
    except UnknownSelection as exc:
        print(f"export: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"export: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"export: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {path} ({fmt})")
    return 0
