"""``comparator-gui export``: write the comparison as XLSX, CSV, PDF, HTML, Markdown or DOCX.

Registered by ``cli.py`` when this module exists. Only ``--format pdf`` loads Qt.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .export import FORMATS, LAYOUTS, format_for_path

if TYPE_CHECKING:
    from .domain.library import Library

PAGE_SIZES = ("a4", "letter")
ORIENTATIONS = ("landscape", "portrait")


def add_command(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "export",
        help="write the comparison, with its evidence, as XLSX, CSV, PDF, HTML, Markdown or DOCX",
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
    parser.add_argument("--sources", action="store_true",
                        help="CSV only: the table of sources (each CSV file holds one table)")
    parser.add_argument("--layout", choices=LAYOUTS, default="auto",
                        help="grid (fields × studies) or one block per study; auto: the grid up to "
                             "six columns of values (PDF, DOCX, HTML)")
    parser.add_argument("--handout", action="store_true",
                        help="the presentation's slides as a PDF handout instead: one slide per 16:9 page")
    parser.add_argument("--page-size", choices=PAGE_SIZES, default="a4", help="PDF and DOCX paper (default a4)")
    parser.add_argument("--orientation", choices=ORIENTATIONS, default="landscape",
                        help="PDF and DOCX (default landscape)")
    parser.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from .domain.loading import load_library
    from .domain.problems import Severity
    from .export import Options, UnknownSelection, export_library
    from .resources import bundled_library

    fmt = args.format or format_for_path(args.output)
    if args.handout and fmt not in (None, "pdf"):
        print("export: the handout is a PDF; give --format pdf or a file ending in .pdf", file=sys.stderr)
        return 1
    if fmt is None:
        print(
            f"export: cannot tell the format from {str(args.output)!r}; give --format "
            f"({', '.join(FORMATS)}) or a file ending in .xlsx, .csv, .pdf, .html, .md or .docx",
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
    if args.handout:
        return _handout(args, library)
    try:
        path = export_library(
            library, fmt, args.output,
            study_ids=args.studies, field_keys=args.fields,
            transpose=args.transpose, long=args.long,
            options=Options(layout=args.layout, page_size=args.page_size, orientation=args.orientation,
                            sources=args.sources),
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


def _handout(args: argparse.Namespace, library: Library) -> int:
    from .export import UnknownSelection
    from .widgets.presentation.handout import write_handout

    known_studies = [s.id for s in library.studies]
    known_fields = [d.key for d in library.catalogue]
    unknown = [s for s in args.studies or [] if s not in known_studies]
    unknown += [f for f in args.fields or [] if f not in known_fields]
    if unknown:
        print(f"export: {UnknownSelection(f'unknown study id or field key {unknown}')}", file=sys.stderr)
        return 1
    try:
        path = write_handout(library, args.output, study_ids=args.studies, field_keys=args.fields)
    except OSError as exc:
        print(f"export: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {path} (slide handout, PDF)")
    return 0
