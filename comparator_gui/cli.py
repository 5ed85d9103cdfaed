"""Command line: ``comparator-gui [open|validate|schema|summary|screenshot|export|compare-libraries]``.

Only the GUI commands import Qt, and only when they run, so ``validate``,
``schema`` and ``export`` work on a machine with no display.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .domain.library import Library, library_stats
from .domain.loading import load_library
from .domain.problems import Severity
from .resources import bundled_library

Command = Callable[[argparse.Namespace], int]


def _library_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--library",
        type=Path,
        default=None,
        help="library folder (default: the bundled library)",
    )


def _load(args: argparse.Namespace) -> Library:
    return load_library(args.library or bundled_library())


def cmd_reanchor(args: argparse.Namespace) -> int:
    from .domain.anchoring import AnchorStatus
    from .domain.editing import LibraryEditor
    from .domain.reanchor import accept_all_moved, reanchor_items, settle_hashes

    library = _load(args)
    items = reanchor_items(library)
    for item in items:
        print(item.describe(library))
    moved = sum(1 for i in items if i.status is AnchorStatus.MOVED)
    review = [i for i in items if i.status is not AnchorStatus.MOVED]
    if args.write:
        editor = LibraryEditor(library)
        accepted = accept_all_moved(editor)
        settled = settle_hashes(editor)
        written = editor.save()
        print(f"wrote {len(written)} file(s): {accepted} moved quote(s) stored at their new offsets; "
              f"{len(settled)} source(s) marked current")
    else:
        print(f"{moved} moved (safe to store with --write), {len(review)} need a reviewer (fuzzy or orphaned); nothing written")
    return 1 if review else 0


def cmd_validate(args: argparse.Namespace) -> int:
    if args.reanchor:
        return cmd_reanchor(args)
    if args.write:
        print("--write goes with --reanchor", file=sys.stderr)
        return 2
    library = _load(args)
    for problem in library.problems:
        print(problem, file=sys.stderr if problem.severity is Severity.ERROR else sys.stdout)
    stats = library_stats(library)
    if stats.errors:
        print(f"{library.root}: {stats.errors} problem(s); {stats.summary()}", file=sys.stderr)
        return 1
    warned = f", {stats.warnings} warning(s)" if stats.warnings else ""
    print(f"{library.root}: OK: {stats.summary()}{warned}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from .domain.levels import study_level_text

    library = _load(args)
    stats = library_stats(library)
    print(f"{library.name}\n{stats.summary()}\n")
    for study in library.studies:
        print(f"- {study.short_title} [{study_level_text(study)}] ({study.institution})")
    for problem in library.problems:
        print(problem)
    return 1 if stats.errors else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .domain.schema import study_schema

    text = json.dumps(study_schema(), indent=2, ensure_ascii=False)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    from .app import run_app

    return run_app(args.library, smoke_test=args.smoke_test)


def cmd_add_source(args: argparse.Namespace) -> int:
    """Imports FILE (each reference of a RIS/.nbib file) and attaches it to a study."""
    from .domain.editing import EditError, LibraryEditor
    from .domain.intake.article import IntakeError
    from .domain.intake.duplicates import find_duplicates
    from .domain.intake.read import read_articles
    from .domain.intake.store import add_imported_source

    try:
        library = _load(args)
        found = read_articles(Path(args.file))
        editor = LibraryEditor(library)
        if args.study and args.study not in {s.id for s in library.studies}:
            raise EditError(f"no study {args.study!r} in {library.root}")
        added = []
        for article in found.articles:
            same = find_duplicates(article.text, library.meta.sources, library.texts)
            if same and same[0].exact:
                print(f"skipped: {same[0].message}", file=sys.stderr)
                continue
            if same:
                print(f"warning: {same[0].message}", file=sys.stderr)
            added.append(add_imported_source(editor, article))
        if not added:
            print(f"error: nothing imported from {Path(args.file).name}", file=sys.stderr)
            return 1
        study_id = args.study or editor.create_study(args.new_study).id
        for source in added:
            editor.attach_source(study_id, source.id)
        editor.save()
    except (IntakeError, EditError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for problem in found.problems:
        print(f"left out: {problem}", file=sys.stderr)
    for source in added:
        print(f"{source.id}\t{source.path}\t{study_id}\t{source.label}")
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    """Prints which study FILE is about and the sentences that may hold each field's evidence."""
    from .domain.intake.article import IntakeError
    from .domain.intake.read import read_article_file
    from .domain.intake.suggest import intake_report

    try:
        articles = read_article_file(Path(args.file))
        library = _load(args)
    except (IntakeError, OSError) as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    reports = [intake_report(article, library) for article in articles]
    if args.json:
        print(json.dumps(reports[0] if len(reports) == 1 else reports, ensure_ascii=False, indent=2))
        return 0
    for report in reports:
        studies = report["studies"]
        assert isinstance(studies, list)
        print("a new study" if report["new_study"] else f"study: {studies[0]['study']}")
        fields = report["fields"]
        assert isinstance(fields, dict)
        for key, items in fields.items():
            for item in items[:3]:
                print(f"{key}\t{item['start']}-{item['end']}\t{item['text']}")
    return 0


def cmd_compare_libraries(args: argparse.Namespace) -> int:
    """Compares two reviewers' copies; exit 0 when they agree throughout, 1 when they differ, 2 on an error."""
    from .domain.compare import compare_libraries, comparison_data
    from .export.compare_report import report_lines, write_report_html

    libraries = []
    for path in (Path(args.a), Path(args.b)):
        if not path.is_dir():
            print(f"error: {path} is not a library folder", file=sys.stderr)
            return 2
        library = load_library(path)
        if library.errors:
            for problem in library.errors:
                print(problem, file=sys.stderr)
            print(f"error: {path} has {len(library.errors)} problem(s); fix them before comparing", file=sys.stderr)
            return 2
        libraries.append(library)
    comparison = compare_libraries(*libraries)
    if args.html:
        write_report_html(comparison, Path(args.html))
    if args.json:
        print(json.dumps(comparison_data(comparison), ensure_ascii=False, indent=2))
    else:
        print("\n".join(report_lines(comparison)))
    return 1 if comparison.differences else 0


def build_parser(extra: Sequence[Callable[[argparse._SubParsersAction], None]] = ()) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    parser = argparse.ArgumentParser(
        prog="comparator-gui",
        description="Put studies side by side, each value with the source words that support it.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command")

    p_open = commands.add_parser("open", help="open the comparison window (the default)")
    _library_arg(p_open)
    p_open.add_argument("--smoke-test", action="store_true", help="quit once the library is on screen (for CI)")
    p_open.set_defaults(func=cmd_open)

    p_validate = commands.add_parser("validate", help="check a library; exit 1 with one line per problem")
    _library_arg(p_validate)
    p_validate.add_argument("--reanchor", action="store_true", help="list quotes whose source text changed (moved, fuzzy, orphaned)")
    p_validate.add_argument("--write", action="store_true", help="with --reanchor: store moved quotes at their new offsets")
    p_validate.set_defaults(func=cmd_validate)

    p_summary = commands.add_parser("summary", help="print the library's studies and counts")
    _library_arg(p_summary)
    p_summary.set_defaults(func=cmd_summary)

    p_schema = commands.add_parser("schema", help="print the JSON Schema of a study record")
    p_schema.add_argument("--output", help="write to this file instead of printing")
    p_schema.set_defaults(func=cmd_schema)

    p_add = commands.add_parser("add-source", help="import an article file (PDF, HTML, text, RIS, .nbib) into a study")
    p_add.add_argument("file", help="the article file")
    _library_arg(p_add)
    target = p_add.add_mutually_exclusive_group(required=True)
    target.add_argument("--study", help="attach it to this study (its id)")
    target.add_argument("--new-study", metavar="TITLE", help="create a study with this title for it")
    p_add.set_defaults(func=cmd_add_source)

    p_suggest = commands.add_parser("suggest", help="which study an article is about, and sentences to quote per field")
    p_suggest.add_argument("file", help="the article file")
    _library_arg(p_suggest)
    p_suggest.add_argument("--json", action="store_true", help="print one JSON object (a list for several references)")
    p_suggest.set_defaults(func=cmd_suggest)

    p_compare = commands.add_parser(
        "compare-libraries", help="compare two reviewers' copies of a library: differences, agreement, Cohen's kappa"
    )
    p_compare.add_argument("a", help="the first copy (library folder)")
    p_compare.add_argument("b", help="the second copy (library folder)")
    p_compare.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    p_compare.add_argument("--html", metavar="REPORT", help="also write the comparison as an HTML page")
    p_compare.set_defaults(func=cmd_compare_libraries)

    for add in extra:
        add(commands)
    return parser


def _extra_commands() -> list[Callable[[argparse._SubParsersAction], None]]:  # type: ignore[type-arg]
    # Feature modules register their own sub-commands; a missing optional
    # feature module must not break validate/schema.
    found = []
    for module_name in ("screenshot_cli", "export_cli", "migrate_cli"):
        try:
            module = __import__(f"{__package__}.{module_name}", fromlist=["add_command"])
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{module_name}":
                raise
            continue
        found.append(module.add_command)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(_extra_commands())
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["open", *(sys.argv[1:] if argv is None else argv)])
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
