"""Loading a library folder: ``library.json``, its sources and one JSON file per study.

Every check reports a :class:`Problem` (file, JSON path, reason) and the loader
goes on: a bad study file does not stop the good ones, a bad source entry does
not stop the others. Each file is read the fast way when it can be, else the
careful way (``reading``, ``validation``); each study read is checked by
``checking.check_study``. Nothing here writes; see ``writing``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import collector
from .catalogue import DEFAULT_FIELDS
from .checking import check_study, source_changed_reason
from .disk import FileStamp, is_copy_name, stamp_of
from .library import LIBRARY_FILE, STUDIES_DIR, Library
from .migration import Migrated, migrate_meta, migrate_study, migration_warning, needs_migration
from .models import FieldDef, LibraryMeta, Source, Study
from .problems import Problem, Reporter, Severity, json_path
from .reading import (
    MAX_RECORD_BYTES,
    MAX_SOURCE_BYTES,
    NotRegular,
    TooLarge,
    decode_source,
    parse_fast,
    parse_json,
    read_bounded,
    read_with_stat,
    report_unreadable,
)
from .source_texts import SourceTexts
from .validation import check_version, validate

Progress = Callable[[int, int], None]


class LoadCancelled(Exception):
    """Raised when the caller's ``cancelled`` callback says stop."""


def study_files(root: Path) -> list[Path]:
    folder = root / STUDIES_DIR
    if not folder.is_dir():
        return []
    # Names sorted as strings: sorting 10,000 Path objects took 0.1 s.
    with os.scandir(folder) as entries:
        names = sorted(entry.name for entry in entries if entry.name.endswith(".json"))
    return [folder / name for name in names]


def load_library(
    root: Path | str,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Library:
    """Read the library in ``root``; problems are in ``Library.problems``."""
    # Making hundreds of thousands of objects wakes the cyclic collector again
    # and again, to walk all of them and free nothing (a third of the time of
    # a 10,000-study load): see ``collector``.
    # Resuming the collector with them still in its reach would only move the
    # walk to the next allocation (0.7 s after a 10,000-study load), so they
    # leave its reach first.
    with collector.paused():
        library = _load_library(Path(root), progress, cancelled)
        collector.keep_out_of_collection()
    return library


def _load_library(root: Path, progress: Progress | None, cancelled: Callable[[], bool] | None) -> Library:
    reporter = Reporter(root)
    if not root.is_dir():
        reporter.report(root, "$", "not a folder")
        meta = LibraryMeta(name=root.name or "Library", fields=list(DEFAULT_FIELDS))
        return Library(root, meta, problem_groups={root: reporter.problems})
    stamps: dict[Path, FileStamp | None] = {}
    older: dict[Path, int] = {}
    meta, sources = _read_meta(reporter, stamps, older)
    # library.json's problems come first; its sources' are added to them at
    # the end, in library.json order.
    meta_problems, reporter.problems = reporter.problems, []
    groups: dict[str | Path, list[Problem]] = {root / LIBRARY_FILE: meta_problems}
    unread: dict[Path, str] = {}
    library = Library(
        root=root, meta=meta, texts=sources.texts, unread_files=unread, unloaded_sources=sources.failed,
        read_stamps=stamps, older_files=older,
    )
    listed = {source.id for source in meta.sources}
    catalogue = {definition.key for definition in meta.fields}
    try:
        files = study_files(root)
    except OSError as exc:  # listed, but not listable (permissions)
        folder = root / STUDIES_DIR
        groups[folder] = [
            reporter.problem(folder, "$", f"cannot read the studies folder: {exc.strerror or exc}; no studies loaded")
        ]
        files = []
    for done, path in enumerate(files):
        if cancelled is not None and cancelled():
            raise LoadCancelled()
        if progress is not None:
            progress(done, len(files))
        if is_copy_name(path.name):
            groups[path] = [
                reporter.problem(
                    path, "$",
                    "a copy of a reviewer's version, kept when Save found the study file changed on disk; not loaded "
                    "as a study. Compare it with the study's file, merge by hand, then delete it",
                    Severity.WARNING,
                )
            ]
            continue
        try:
            raw, info = read_with_stat(path, MAX_RECORD_BYTES)
        except (OSError, TooLarge, NotRegular) as exc:
            found = reporter.problems = []
            report_unreadable(reporter, path, exc)
            groups[path] = found
            unread.setdefault(path, found[0].reason)
            continue
        stamps[path] = stamp_of(raw, info)
        study = parse_fast(raw, Study)
        if study is None:
            found = reporter.problems = []
            ok, data = parse_json(reporter, path, raw)
            ok = ok and check_version(reporter, path, data)
            if ok and needs_migration(data):
                migrated = migrate_study(data)
                _report_migration(reporter, path, migrated, library)
                data = migrated.data
            study = validate(reporter, path, Study, data, []) if ok else None
            if study is None:
                groups[path] = found
                unread.setdefault(path, found[0].reason if found else "not read")
                continue
            if found:  # warnings: the file was migrated
                groups[path] = found
        if study.id in library.study_files:
            first = reporter.rel(library.study_files[study.id])
            groups[path] = [reporter.problem(path, "$.id", f"duplicate study id {study.id!r} (already in {first}); not loaded")]
            unread.setdefault(path, f"duplicate study id {study.id!r}")
            continue
        library.studies.append(study)
        library.study_files[study.id] = path
        refs, groups[study.id] = check_study(
            study,
            path,
            reporter=reporter,
            texts=library.texts,
            known_sources=listed,
            catalogue=catalogue,
            unloaded_sources=sources.failed,
            ensure=sources.ensure,
        )
        library.evidence.extend(refs)
    sources.finish(cancelled)
    stamps.update(sources.stamps)
    if progress is not None:
        progress(len(files), len(files))
    # Sources that could not be read are not the library's (as when they were
    # read first); their problems go with library.json's, in its order.
    meta.sources = [source for source in meta.sources if source.id not in sources.failed]
    meta_problems.extend(sources.problems())
    if not meta_problems:
        del groups[root / LIBRARY_FILE]
    library.problem_groups = groups
    meta_errors = [p for p in library.problems if p.file == LIBRARY_FILE and p.severity is Severity.ERROR]
    if meta_errors and (root / LIBRARY_FILE).exists():
        unread.setdefault(root / LIBRARY_FILE, meta_errors[0].reason)
    library.evidence_for("")  # group the quotes by study here, off the UI thread
    return library


def _report_migration(reporter: Reporter, path: Path, migrated: Migrated, library: Library | None) -> None:
    """Says that ``path`` was read from an older version and what to check; notes it for the next save."""
    reporter.report(path, "$.schema_version", migration_warning(migrated.from_version), Severity.WARNING)
    for where, sentence in migrated.warnings:
        reporter.report(path, where, sentence, Severity.WARNING)
    if library is not None:
        library.older_files[path] = migrated.from_version


def _read_meta(
    reporter: Reporter, stamps: dict[Path, FileStamp | None], older: dict[Path, int]
) -> tuple[LibraryMeta, _SourceFiles]:
    """``library.json``, its sources listed but not yet read (see ``_SourceFiles``)."""
    path = reporter.root / LIBRARY_FILE
    empty = LibraryMeta(name=reporter.root.name or "Library", fields=list(DEFAULT_FIELDS))
    files = _SourceFiles(reporter, path)
    if not os.path.lexists(path):
        stamps[path] = None  # read: not there (a library.json appearing later is someone else's)
        reporter.report(path, "$", "no library.json: using the default field catalogue and no sources")
        return empty, files
    try:
        raw, info = read_with_stat(path, MAX_RECORD_BYTES)
    except (OSError, TooLarge, NotRegular) as exc:
        report_unreadable(reporter, path, exc)
        return empty, files
    stamps[path] = stamp_of(raw, info)
    fast = parse_fast(raw, LibraryMeta)
    indexed_sources: list[tuple[int, Source]]
    if fast is not None:
        meta = fast
        meta.fields = list(meta.fields) or list(DEFAULT_FIELDS)
        indexed_sources = list(enumerate(meta.sources))
    else:
        ok, data = parse_json(reporter, path, raw)
        if not ok or not check_version(reporter, path, data):
            return empty, files
        if needs_migration(data):
            migrated = migrate_meta(data)
            _report_migration(reporter, path, migrated, None)
            older[path] = migrated.from_version
            data = migrated.data
        raw_sources = data.get("sources", [])
        raw_fields = data.get("fields", [])
        head = validate(
            reporter,
            path,
            LibraryMeta,
            {k: v for k, v in data.items() if k not in ("sources", "fields")},
            [],
        )
        meta = head if head is not None else empty.model_copy()
        meta.fields = _read_list(reporter, path, "fields", raw_fields, FieldDef) or list(DEFAULT_FIELDS)
        indexed_sources = _read_list(reporter, path, "sources", raw_sources, Source, keep_index=True)
    keys: set[str] = set()
    for index, definition in enumerate(list(meta.fields)):
        if definition.key in keys:
            reporter.report(path, json_path(["fields", index, "key"]), f"duplicate field key {definition.key!r}")
            meta.fields.remove(definition)
        keys.add(definition.key)

    sources: list[Source] = []
    seen: set[str] = set()
    for index, source in indexed_sources:
        if source.id in seen:
            files.report(index, json_path(["sources", index]) + ".id", f"duplicate source id {source.id!r}")
            continue
        seen.add(source.id)
        sources.append(source)
        files.pending[source.id] = (index, source)
    meta.sources = sources
    return meta, files


def _read_list(
    reporter: Reporter,
    path: Path,
    key: str,
    raw: Any,
    model: type[BaseModel],
    keep_index: bool = False,
) -> list[Any]:
    """Validates each element on its own, so one bad entry costs only itself."""
    if not isinstance(raw, list):
        reporter.report(path, json_path([key]), f"expected a list, found {type(raw).__name__}")
        return []
    out: list[Any] = []
    for index, item in enumerate(raw):
        parsed = validate(reporter, path, model, item, [key, index])
        if parsed is not None:
            out.append((index, parsed) if keep_index else parsed)
    return out


class _SourceFiles:
    """The sources ``library.json`` lists, each read (checked, hashed, its text
    kept in ``texts``) when a study first cites it, and the rest at the end.

    One read per source, and not every text in memory at once: reading them
    all before the studies (as before) held ~120 MB of text at 10,000 studies
    and read each source a second time when its quotes were checked. Problems
    with the sources are reported in ``library.json`` order, as before: kept
    apart here and put back in order by ``problems()``.
    """

    def __init__(self, reporter: Reporter, path: Path) -> None:
        self.reporter = reporter
        self.path = path
        self.texts = SourceTexts(lambda file: read_bounded(file, MAX_SOURCE_BYTES), decode_source)
        #: id → (index in library.json's sources, entry), in that order
        self.pending: dict[str, tuple[int, Source]] = {}
        #: Sources listed in library.json that could not be loaded: quotes citing
        #: them are counted per study instead of reported one by one.
        self.failed: set[str] = set()
        self._problems: list[tuple[int, list[Problem]]] = []
        #: What was read of each source file (``disk``).
        self.stamps: dict[Path, FileStamp | None] = {}
        root = reporter.root
        self._root = root
        self._real_root_prefix = os.path.join(str(root.resolve()), "")
        #: Resolved folder per folder a source path names (``source_path``).
        self._real_folders: dict[str, str] = {}

    def report(self, index: int, where: str, reason: str) -> None:
        self._problems.append((index, [self.reporter.problem(self.path, where, reason)]))

    def ensure(self, source_id: str) -> None:
        """Read ``source_id`` now if it is listed and not read yet."""
        item = self.pending.pop(source_id, None)
        if item is None:
            return
        index, source = item
        reporter, collected = self.reporter, self.reporter.problems
        reporter.problems = []  # this source's problems, to be put in library.json order
        try:
            read = self._read_source(json_path(["sources", index]), source)
        finally:
            mine, reporter.problems = reporter.problems, collected
        self._problems.append((index, mine))
        if read is None:
            self.failed.add(source_id)
        else:
            text, digest, location = read
            self.texts.add_file(source_id, location, digest, text)

    def finish(self, cancelled: Callable[[], bool] | None) -> None:
        """Read the sources no study cited (they are checked all the same)."""
        for source_id in list(self.pending):
            if cancelled is not None and cancelled():
                raise LoadCancelled()
            self.ensure(source_id)

    def problems(self) -> list[Problem]:
        return [problem for _, found in sorted(self._problems, key=lambda item: item[0]) for problem in found]

    def _source_path(self, where: str, relative: str) -> Path | None:
        if os.path.isabs(relative):
            self.reporter.report(self.path, where, f"source path {relative!r} is absolute; it must lie inside the library folder")
            return None
        # What ``Path.resolve`` gives, without resolving every folder of every
        # path again (a quarter of a 10,000-source load): a folder is resolved
        # once, and the file's own name only when it is a link (or "..").
        joined = os.path.join(str(self._root), relative)
        folder, name = os.path.split(joined)
        real_folder = self._real_folders.get(folder)
        if real_folder is None:
            real_folder = self._real_folders[folder] = os.path.realpath(folder)
        if name in ("", ".", "..") or os.path.islink(joined):
            resolved = os.path.realpath(joined)
        else:
            resolved = os.path.join(real_folder, name)
        if not resolved.startswith(self._real_root_prefix):
            self.reporter.report(self.path, where, f"source path {relative!r} leads outside the library folder")
            return None
        return Path(resolved)

    def _read_source(self, where: str, source: Source) -> tuple[str, str, Path] | None:
        """The source's text, the SHA-256 of its bytes and its file; None (reported) when unreadable."""
        path, report = self.path, self.reporter.report
        location = self._source_path(where + ".path", source.path)
        if location is None:
            return None
        try:
            raw, info = read_with_stat(location, MAX_SOURCE_BYTES)
        except TooLarge as exc:
            report(path, where, f"source file {source.path!r} is {exc.size:,} bytes, over the {MAX_SOURCE_BYTES:,}-byte limit; not read")
            return None
        except NotRegular:
            report(path, where + ".path", f"source file {source.path!r} is not a regular file; not read")
            return None
        except OSError as exc:
            report(path, where + ".path", f"cannot read source file {source.path!r}: {exc.strerror or exc}")
            return None
        if b"\x00" in raw:
            report(
                path, where + ".path",
                f"source file {source.path!r} contains a NUL byte (byte {raw.index(0)}): "
                "not UTF-8 text (UTF-16, or binary?); not read",
            )
            return None
        try:
            text = decode_source(raw)
        except UnicodeDecodeError as exc:
            report(path, where + ".path", f"source file {source.path!r} is not UTF-8 (byte {exc.start})")
            return None
        stamp = self.stamps[location] = stamp_of(raw, info)
        digest = stamp.sha256
        if digest != source.sha256:
            report(
                path,
                where + ".sha256",
                source_changed_reason(source.path),
                Severity.WARNING,
            )
        return text, digest, location
