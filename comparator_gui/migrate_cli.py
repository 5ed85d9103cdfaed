"""``comparator-gui migrate``: rewrite a library's older-version files as the current schema.

What the app does on the first save of an older library, without opening it:
every file read from an older version is copied, byte for byte, to
``schema-v1-backup-<time>/`` in the library folder, then written again as the
current version. What a reviewer must check (a level that had no exact
counterpart) is printed, one line per file and place.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .domain.disk import ChangedOnDisk
from .domain.library import Library
from .domain.loading import load_library
from .domain.migration import rewrite_older_files
from .domain.models import SCHEMA_VERSION
from .domain.problems import Severity
from .domain.writing import SaveRefused


def add_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "migrate",
        help=f"rewrite a library's older files as schema {SCHEMA_VERSION}, after a backup",
        description=(
            f"Rewrite every file of the library written in an older schema as schema {SCHEMA_VERSION}. "
            "The old files are first copied to schema-v1-backup-<time>/ in the library folder."
        ),
    )
    parser.add_argument("library", type=Path, help="the library folder")
    parser.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    parser.set_defaults(func=cmd_migrate)


def _relative(library: Library, path: Path) -> str:
    return path.relative_to(library.root).as_posix() if path.is_relative_to(library.root) else str(path)


def cmd_migrate(args: argparse.Namespace) -> int:
    library = load_library(args.library)
    older = dict(library.older_files)
    errors = [problem for problem in library.problems if problem.severity is Severity.ERROR]
    for problem in library.problems:
        if problem.severity is Severity.WARNING and problem.json_path != "$.schema_version" and any(
            problem.file == _relative(library, path) for path in older
        ):
            print(f"check: {problem}")
    if not older:
        print(f"{library.root}: every file is schema {SCHEMA_VERSION} already; nothing to do")
        return 1 if errors else 0
    for path, version in older.items():
        print(f"{_relative(library, path)}: schema {version} → {SCHEMA_VERSION}")
    if args.dry_run:
        print(f"{len(older)} file(s) would be rewritten; nothing written (--dry-run)")
        return 0
    try:
        backup = rewrite_older_files(library)
    except (ChangedOnDisk, SaveRefused, OSError) as exc:
        print(f"not migrated: {exc}", file=sys.stderr)
        return 1
    print(f"{len(older)} file(s) rewritten; the schema-{min(older.values())} files are in {_relative(library, backup)}/" if backup else "")
    for problem in errors:
        print(f"not migrated (could not be read): {problem}", file=sys.stderr)
    return 1 if errors else 0
