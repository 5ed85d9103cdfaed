"""Bringing what changed on disk into an open library without losing an edit. No Qt.

When a file changed on disk since it was read (``disk``), the reviewer chooses:

- ``take_theirs``: the study as it is on disk now replaces the one in memory
  and counts as saved (the caller runs it as an undoable edit, so Ctrl+Z
  brings the reviewer's version back; ``set_aside`` keeps it in a file too);
- ``keep_mine_as_copy``: the reviewer's version is written beside theirs as
  ``studies/<id>.mine.json`` (never over a file; the loader lists such copies
  and never loads them as studies), then theirs is taken;
- ``reload_keeping_edits``: the whole library read again (library.json,
  sources, new study files), with every unsaved edit carried over. An edited
  study keeps the stamp its edit was based on, so a save still refuses to
  overwrite its file if that changed; library.json is theirs with the
  reviewer's changes merged in, source by source (``merge_meta``).

``compare`` says what differs between a file and what the app holds.
"""

from __future__ import annotations

import difflib
import json
import time
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from .disk import COPY_MARK, FileStamp, check_unchanged, relative, sha256_of_file, stamp_of
from .editing import EditError, LibraryEditor
from .library import LIBRARY_FILE, Library
from .models import LibraryMeta, Study
from .problems import Reporter
from .reading import (
    MAX_RECORD_BYTES,
    NotRegular,
    TooLarge,
    parse_fast,
    parse_json,
    read_with_stat,
    report_unreadable,
)
from .storage import atomic_write_text
from .validation import check_version, validate
from .writing import library_json, study_json


def read_study_file(library: Library, path: Path) -> tuple[Study, FileStamp] | None:
    """The study in ``path`` now, with what was read; None when there is no
    file. ``EditError`` (with the loader's reason) when it cannot be read."""
    reporter = Reporter(library.root)
    try:
        raw, info = read_with_stat(path, MAX_RECORD_BYTES)
    except FileNotFoundError:
        return None
    except (OSError, TooLarge, NotRegular) as exc:
        report_unreadable(reporter, path, exc)
        raw, info = b"", None
    study = parse_fast(raw, Study) if raw else None
    if study is None and raw:
        ok, data = parse_json(reporter, path, raw)
        study = validate(reporter, path, Study, data, []) if ok and check_version(reporter, path, data) else None
    if study is None:
        reasons = "; ".join(f"{p.json_path}: {p.reason}" for p in reporter.problems[:3]) or "not read"
        raise EditError(f"{relative(library.root, path)} cannot be read as it is on disk now: {reasons}")
    return study, stamp_of(raw, info)


def take_theirs(editor: LibraryEditor, study_id: str) -> None:
    """Replace ``study_id`` in memory by its file as it is on disk now (a
    study whose file was deleted is removed), taken as saved."""
    library = editor.library
    path = library.study_files.get(study_id)
    if path is None:
        raise EditError(f"study {study_id!r} has no file on disk yet")
    found = read_study_file(library, path)
    if found is not None and found[0].id != study_id:
        raise EditError(
            f"{relative(library.root, path)} now holds study {found[0].id!r}, not {study_id!r}: reload the library"
        )
    before = editor.snapshot([study_id], include_meta=False)
    theirs = study_json(found[0], library.catalogue) if found is not None else None
    order = before.order if found is not None else tuple(i for i in before.order if i != study_id)
    editor.restore(replace(before, studies={study_id: theirs}, order=order))
    editor.mark_saved(study_id)
    library.read_stamps[path] = found[1] if found is not None else None
    if found is None:
        library.study_files.pop(study_id, None)


def set_aside(folder: Path, name: str, text: str) -> Path:
    """Keep ``text`` (the reviewer's version of a file) in ``folder`` under a
    new name: ``<name>-<time>.json``. Never over another file."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{name}-{time.strftime('%Y%m%d-%H%M%S')}"
    for n in range(1, 1000):
        path = folder / (f"{stem}.json" if n == 1 else f"{stem}-{n}.json")
        if not path.exists():
            atomic_write_text(path, text, partial(check_unchanged, folder, {path: None}, path))
            return path
    raise OSError(f"no free name in {folder} for {name}")


def copy_path(library: Library, study_id: str) -> Path:
    """``studies/<id>.mine.json``, or ``.mine-2.json``, ...: a name no file has."""
    folder = library.root / "studies"
    for n in range(1, 1000):
        path = folder / (f"{study_id}{COPY_MARK}.json" if n == 1 else f"{study_id}{COPY_MARK}-{n}.json")
        if not path.exists():
            return path
    raise OSError(f"no free name for a copy of {study_id!r}")


def keep_mine_as_copy(editor: LibraryEditor, study_id: str) -> Path:
    """Write the reviewer's version of ``study_id`` to ``studies/<id>.mine.json``
    (never over a file), then take theirs. Returns the copy's path."""
    library = editor.library
    mine = study_json(library.study(study_id), library.catalogue)
    path = copy_path(library, study_id)
    atomic_write_text(path, mine, lambda: check_unchanged(library.root, {path: None}, path))
    take_theirs(editor, study_id)
    return path


# ---------------------------------------------------------------------- the whole library again


def merge_meta(base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """library.json three ways: what only the reviewer changed (since ``base``,
    as read) goes into theirs; sources are merged one by one, by id, so sources
    added on both sides are all kept. Where both changed the same thing,
    theirs is kept and it is named in the list returned."""
    out = dict(theirs)
    conflicts: list[str] = []
    for key in sorted((set(base) | set(mine) | set(theirs)) - {"sources"}):
        b, m, t = base.get(key), mine.get(key), theirs.get(key)
        if m in (b, t):
            continue
        if t == b:
            if m is None:
                out.pop(key, None)
            else:
                out[key] = m
        else:
            conflicts.append(key)
    by_id = {name: {s["id"]: s for s in side.get("sources", [])} for name, side in (("b", base), ("m", mine), ("t", theirs))}
    ids = [s["id"] for s in theirs.get("sources", [])]
    ids += [i for i in by_id["m"] if i not in by_id["t"]]
    sources = []
    for source_id in ids:
        b, m, t = by_id["b"].get(source_id), by_id["m"].get(source_id), by_id["t"].get(source_id)
        if m in (b, t):
            chosen = t
        elif t == b:
            chosen = m
        else:
            chosen = t
            conflicts.append(f"sources[{source_id}]")
        if chosen is not None:
            sources.append(chosen)
    out["sources"] = sources
    return out, conflicts


@dataclass(frozen=True)
class Reloaded:
    editor: LibraryEditor
    #: Unsaved studies carried over.
    kept: list[str]
    #: library.json entries both sides changed: theirs kept, the reviewer's set aside.
    meta_conflicts: list[str]


def reload_keeping_edits(editor: LibraryEditor, fresh: Library) -> Reloaded:
    """An editor on ``fresh`` (the library just loaded again) holding every
    unsaved edit of ``editor``. See the module's docstring."""
    old = editor.library
    unsaved = json.loads(editor.recovery_json())
    their_meta = json.loads(library_json(fresh.meta))
    unsaved["meta"], conflicts = merge_meta(json.loads(editor.saved_meta), unsaved["meta"], their_meta)
    new = LibraryEditor(fresh)
    new.apply_recovery(json.dumps(unsaved))
    if unsaved["meta"] == their_meta:
        new.mark_saved(None)
    for study_id in unsaved["studies"]:
        path = old.study_files.get(study_id)
        if path is None:
            continue
        fresh.study_files.setdefault(study_id, path)
        if path in old.read_stamps:
            # the version the edit was based on: a save still refuses if the file changed
            fresh.read_stamps[path] = old.read_stamps[path]
    return Reloaded(new, sorted(unsaved["studies"]), conflicts)


# ---------------------------------------------------------------------- compare


@dataclass(frozen=True)
class Comparison:
    rel: str
    #: What the app holds differs from the file on disk now.
    differs: bool
    summary: str
    #: Unified diff, app → disk (empty when not text or no difference).
    diff: str


def compare(editor: LibraryEditor, path: Path) -> Comparison:
    """What differs between ``path`` on disk and what the app holds of it."""
    library = editor.library
    rel = relative(library.root, path)
    stamp = library.read_stamps.get(path)
    by_path = {p: i for i, p in library.study_files.items()}
    held: str | None = None
    if path in by_path:
        try:
            held = study_json(library.study(by_path[path]), library.catalogue)
        except KeyError:
            held = None
    elif path == library.root / LIBRARY_FILE:
        held = library_json(library.meta)
    try:
        disk_bytes: bytes | None = path.read_bytes()
    except OSError:
        disk_bytes = None
    read_sha = stamp.sha256[:12] if stamp else "none"
    disk_sha = sha256_of_file(path) if disk_bytes is not None else None
    if held is None:  # a source text, or a file the app does not hold
        differs = (disk_sha or "") != (stamp.sha256 if stamp else "")
        summary = (
            f"{rel}: read as SHA-256 {read_sha}…, on disk now "
            f"{'missing' if disk_sha is None else disk_sha[:12] + '…'}: "
            f"{'it differs from what the app read' if differs else 'the same bytes as the app read'}."
        )
        return Comparison(rel, differs, summary, "")
    disk_text = disk_bytes.decode("utf-8", errors="replace").replace("\r\n", "\n") if disk_bytes is not None else ""
    if disk_text.startswith("\ufeff"):
        disk_text = disk_text[1:]
    normalised = _normalise(library, disk_text, path in by_path)
    differs = normalised != held
    diff = "".join(
        difflib.unified_diff(
            held.splitlines(keepends=True), normalised.splitlines(keepends=True),
            fromfile=f"{rel} (in the app)", tofile=f"{rel} (on disk)", n=2,
        )
    )
    unsaved = path in by_path and by_path[path] in editor.changed_studies()
    summary = (
        f"{rel}: {'missing on disk' if disk_bytes is None else 'differs from' if differs else 'the same as'}"
        f"{' what the app holds' if disk_bytes is not None else ''}"
        f"{' (the app holds unsaved edits to it)' if unsaved else ''}."
    )
    return Comparison(rel, differs, summary, diff)


def _normalise(library: Library, text: str, is_study: bool) -> str:
    """A record laid out as the app writes it, so a diff shows content, not layout."""
    try:
        if is_study:
            return study_json(Study.model_validate_json(text), library.catalogue)
        return library_json(LibraryMeta.model_validate_json(text))
    except ValueError:
        return text
