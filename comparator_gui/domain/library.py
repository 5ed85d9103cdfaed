"""Reading a library folder: ``library.json`` plus one JSON file per study.

Every check reports a :class:`Problem` (file, JSON path, reason) and the loader
goes on: a bad study file does not stop the good ones, a bad source entry does
not stop the others. Nothing here writes; see ``storage`` and ``save_study``.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import stat
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import collector
from .anchoring import Anchor, AnchorStatus, anchor
from .catalogue import DEFAULT_FIELDS
from .comparison import FieldStatus, field_status
from .models import SCHEMA_VERSION, Evidence, FieldDef, LibraryMeta, Source, Study
from .problems import Problem, Severity, json_path
from .source_texts import SourceTexts
from .storage import atomic_write_text, dumps

LIBRARY_FILE = "library.json"
STUDIES_DIR = "studies"
#: Record files larger than this are refused unread (a record is a few KB).
MAX_RECORD_BYTES = 8 * 1024 * 1024
#: Source texts larger than this are refused unread.
MAX_SOURCE_BYTES = 32 * 1024 * 1024

Progress = Callable[[int, int], None]


class LoadCancelled(Exception):
    """Raised when the caller's ``cancelled`` callback says stop."""


class SaveRefused(OSError):
    """A save that would overwrite a file the loader could not fully read.

    An ``OSError`` so that a caller's "could not save" handler shows it; the
    message says which file and why. Nothing has been written.
    """


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    """One quote of one claim, with where it was found in its source."""

    study_id: str
    field_key: str
    claim_index: int
    evidence_index: int
    evidence: Evidence
    anchor: Anchor

    @property
    def json_path(self) -> str:
        return json_path(
            ["fields", self.field_key, "claims", self.claim_index, "evidence", self.evidence_index]
        )


@dataclass
class Library:
    root: Path
    meta: LibraryMeta
    #: Source id → text. Loaded libraries hold a ``SourceTexts``, which reads a
    #: text again from its file when it is asked for (see ``source_texts``).
    texts: MutableMapping[str, str] = field(default_factory=dict)
    studies: list[Study] = field(default_factory=list)
    study_files: dict[str, Path] = field(default_factory=dict)
    evidence: list[EvidenceRef] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Files the loader could not fully read, with the first reason. Saving
    #: over one of them would lose what was not read, so ``save_study`` and
    #: ``save_meta`` refuse to.
    unread_files: dict[Path, str] = field(default_factory=dict)
    #: ``evidence`` grouped by study, with the list and length it was built
    #: from: rebuilt when ``evidence`` is replaced or grows or shrinks.
    _by_study: tuple[list[EvidenceRef], int, dict[str, list[EvidenceRef]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _sources_by_id: tuple[list[Source], int, dict[str, Source]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def name(self) -> str:
        return self.meta.name

    @property
    def catalogue(self) -> list[FieldDef]:
        return sorted(self.meta.fields, key=lambda f: (f.order, f.key))

    @property
    def sources(self) -> dict[str, Source]:
        """Sources by id. Asked for by every header and cell tooltip, so it is
        cached against ``meta.sources`` and its length (see ``evidence_for``).
        Read only: the same dict is handed to every caller."""
        sources, cached = self.meta.sources, self._sources_by_id
        if cached is None or cached[0] is not sources or cached[1] != len(sources):
            self._sources_by_id = cached = (sources, len(sources), {source.id: source for source in sources})
        return cached[2]

    def study(self, study_id: str) -> Study:
        for study in self.studies:
            if study.id == study_id:
                return study
        raise KeyError(study_id)

    def evidence_for(self, study_id: str, field_key: str | None = None) -> list[EvidenceRef]:
        """The study's quotes in ``evidence`` order, without a walk over every quote
        of the library (selecting a cell of 10,000 studies must stay instant).

        The grouping is cached against the ``evidence`` list and its length;
        code that replaces one entry in place (same length) must assign a new
        list instead, as the editor does."""
        refs = self._evidence_by_study().get(study_id, [])
        return [ref for ref in refs if field_key is None or ref.field_key == field_key]

    def _evidence_by_study(self) -> dict[str, list[EvidenceRef]]:
        evidence, cached = self.evidence, self._by_study
        if cached is None or cached[0] is not evidence or cached[1] != len(evidence):
            groups: dict[str, list[EvidenceRef]] = {}
            for ref in evidence:
                groups.setdefault(ref.study_id, []).append(ref)
            self._by_study = cached = (evidence, len(evidence), groups)
        return cached[2]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


@dataclass(frozen=True)
class LibraryStats:
    studies: int
    sources: int
    claims: int
    quotes: int
    orphans: int
    disputed_fields: int
    errors: int
    warnings: int

    def summary(self) -> str:
        return (
            f"{self.studies} studies, {self.sources} sources, {self.claims} claims, "
            f"{self.quotes} evidence quotes, {self.orphans} orphans, "
            f"{self.disputed_fields} disputed fields"
        )


def library_stats(library: Library) -> LibraryStats:
    return LibraryStats(
        studies=len(library.studies),
        sources=len(library.meta.sources),
        claims=sum(len(entry.claims) for s in library.studies for entry in s.fields.values()),
        quotes=len(library.evidence),
        orphans=sum(1 for ref in library.evidence if ref.anchor.status is AnchorStatus.ORPHAN),
        disputed_fields=sum(
            1
            for s in library.studies
            for entry in s.fields.values()
            if field_status(entry) is FieldStatus.DISPUTED
        ),
        errors=len(library.errors),
        warnings=len(library.problems) - len(library.errors),
    )


# --------------------------------------------------------------------------- reading


class _Reader:
    """Collects problems while reading one library; one instance per load."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = root.resolve()
        self._real_root_prefix = os.path.join(str(self.real_root), "")
        #: Resolved folder per folder a source path names (``source_path``).
        self._real_folders: dict[str, str] = {}
        self.problems: list[Problem] = []
        self.unread: dict[Path, str] = {}
        #: Sources listed in library.json that could not be loaded: quotes citing
        #: them are counted per study instead of reported one by one.
        self.failed_sources: set[str] = set()

    def rel(self, path: Path) -> str:
        if path == self.root:
            return str(path)
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def report(self, path: Path, where: str, reason: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(self.problem(path, where, reason, severity))

    def problem(self, path: Path, where: str, reason: str, severity: Severity = Severity.ERROR) -> Problem:
        # Keys and values come from the file: control characters (a terminal
        # escape, a NUL) are shown as \uXXXX, never passed on raw.
        where, reason = _CONTROL.sub(_escape, where), _CONTROL.sub(_escape, reason)
        return Problem(self.rel(path), where, reason, severity)

    def unread_file(self, path: Path, reason: str) -> None:
        self.unread.setdefault(path, reason)

    def read_json(self, path: Path) -> tuple[bool, Any]:
        """``(True, parsed file)``, or ``(False, None)`` after reporting why it could not be read."""
        try:
            raw = _read_bounded(path, MAX_RECORD_BYTES)
        except _TooLarge as exc:
            self.report(path, "$", f"file is {exc.size:,} bytes, over the {MAX_RECORD_BYTES:,}-byte limit for a record; not read")
            return False, None
        except _NotRegular:
            self.report(path, "$", "not a regular file; not read")
            return False, None
        except OSError as exc:
            self.report(path, "$", f"cannot read file: {exc.strerror or exc}")
            return False, None
        if not raw.strip():
            self.report(path, "$", f"empty file ({len(raw)} bytes)")
            return False, None
        if b"\x00" in raw:
            self.report(path, "$", f"contains a NUL byte (byte {raw.index(0)}): not a UTF-8 text file (UTF-16, or binary?)")
            return False, None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            self.report(path, "$", f"not UTF-8 (byte {exc.start})")
            return False, None
        try:
            data = json.loads(text, object_pairs_hook=_object_pairs)
        except json.JSONDecodeError as exc:
            self.report(path, "$", f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
            return False, None
        except RecursionError:
            self.report(path, "$", "JSON nested too deeply to read")
            return False, None
        except ValueError as exc:  # e.g. an integer longer than Python converts
            self.report(path, "$", f"malformed JSON: {exc}"[:300])
            return False, None
        duplicates = [(loc, key) for loc, value in _walk(data) if isinstance(value, _Duplicates) for key in value.duplicates]
        for loc, key in duplicates:
            self.report(
                path,
                json_path([*loc, key]),
                f"duplicate key {key!r} in one JSON object; which one is meant is unclear, so the file is not loaded",
            )
        if duplicates:
            return False, None
        return True, data

    def read_fast(self, path: Path, model: type[_M]) -> _M | None:
        """``model`` read straight from the file's bytes by pydantic's JSON parser,
        or None when the file needs the careful path (``read_json``,
        ``check_version``, ``validate``), which then says exactly what is wrong.

        The careful path parses into Python objects, walks every value and
        validates the result: three passes in Python over every record. This
        one gives the same record, or None, in one pass in Rust plus a few
        scans of the bytes: strict mode accepts no input the careful (lax)
        validation would read differently, and a file with anything the
        careful path reports that the parser would let through (a NUL, a lone
        surrogate, a control character, NaN or Infinity, a key written twice, a
        missing or newer ``schema_version``) is sent there.
        """
        try:
            raw = _read_bounded(path, MAX_RECORD_BYTES)
        except (OSError, _TooLarge, _NotRegular):
            return None
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        # Any \u escape (which can hide a NUL, half a surrogate pair, a control
        # character or a colon) and JSON's non-numbers go the careful way.
        if b"\x00" in raw or b"\\u" in raw or b"NaN" in raw or b"Infinity" in raw:
            return None
        try:
            parsed = model.model_validate_json(raw, strict=True)
        except ValueError:  # ValidationError, and JSON errors
            return None
        version = getattr(parsed, "schema_version", None)
        if "schema_version" not in parsed.model_fields_set or not isinstance(version, int) or not 1 <= version <= SCHEMA_VERSION:
            return None
        if isinstance(parsed, Study) and not _finite_facets(parsed):
            return None  # 1e999 parses as inf
        # A key written twice is resolved silently by the parser. Every key is
        # followed by exactly one colon and every other colon lies inside a
        # string (escapes excluded above), so the bytes hold a duplicate key
        # exactly when they have more colons than the record written back out
        # with the keys it was given.
        if raw.count(b":") != parsed.model_dump_json(exclude_unset=True).count(":"):
            return None
        return parsed

    def check_version(self, path: Path, data: Any) -> bool:
        if not isinstance(data, dict):
            self.report(path, "$", f"expected a JSON object, found {type(data).__name__}")
            return False
        version = data.get("schema_version")
        if version is None:
            self.report(path, "$.schema_version", "missing: every library file states its schema_version")
            return False
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.report(path, "$.schema_version", f"not a schema version: {version!r}")
            return False
        if version > SCHEMA_VERSION:
            self.report(
                path,
                "$.schema_version",
                f"written by a newer version of the app (schema {version}, this app reads up to "
                f"{SCHEMA_VERSION}); not loaded and never overwritten",
            )
            return False
        return True

    def validate(self, path: Path, model: type[BaseModel], data: Any, prefix: list[str | int]) -> Any:
        bad = False
        for loc, value in _walk(data):
            if isinstance(value, str) and "\x00" in value:
                # The JSON path itself must not carry a raw NUL into messages.
                shown = [part.replace("\x00", "\\u0000") if isinstance(part, str) else part for part in loc]
                self.report(path, json_path([*prefix, *shown]), "contains a NUL character (\\u0000); not loaded")
                bad = True
            elif isinstance(value, str) and (half := _SURROGATE.search(value)):
                # JSON can escape half of a UTF-16 pair ("\ud800"); such text
                # cannot be written back as UTF-8, so a later save would fail.
                shown = [_SURROGATE.sub(_escape, part) if isinstance(part, str) else part for part in loc]
                self.report(
                    path, json_path([*prefix, *shown]),
                    f"contains a lone surrogate ({_escape(half)}), which is not text; not loaded",
                )
                bad = True
            elif isinstance(value, float) and not math.isfinite(value):
                self.report(path, json_path([*prefix, *loc]), f"not a finite number ({value}); JSON has no NaN or Infinity")
                bad = True
        if bad:
            return None
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                self.report(path, json_path([*prefix, *error["loc"]]), _reason(error))
            return None

    def source_path(self, path: Path, where: str, relative: str) -> Path | None:
        if os.path.isabs(relative):
            self.report(path, where, f"source path {relative!r} is absolute; it must lie inside the library folder")
            return None
        # What ``Path.resolve`` gives, without resolving every folder of every
        # path again (a quarter of a 10,000-source load): a folder is resolved
        # once, and the file's own name only when it is a link (or "..").
        joined = os.path.join(str(self.root), relative)
        folder, name = os.path.split(joined)
        real_folder = self._real_folders.get(folder)
        if real_folder is None:
            real_folder = self._real_folders[folder] = os.path.realpath(folder)
        if name in ("", ".", "..") or os.path.islink(joined):
            resolved = os.path.realpath(joined)
        else:
            resolved = os.path.join(real_folder, name)
        if not resolved.startswith(self._real_root_prefix):
            self.report(path, where, f"source path {relative!r} leads outside the library folder")
            return None
        return Path(resolved)

    def read_source(self, path: Path, where: str, source: Source) -> tuple[str, str, Path] | None:
        """The source's text, the SHA-256 of its bytes and its file; None (reported) when unreadable."""
        location = self.source_path(path, where + ".path", source.path)
        if location is None:
            return None
        try:
            raw = _read_bounded(location, MAX_SOURCE_BYTES)
        except _TooLarge as exc:
            self.report(path, where, f"source file {source.path!r} is {exc.size:,} bytes, over the {MAX_SOURCE_BYTES:,}-byte limit; not read")
            return None
        except _NotRegular:
            self.report(path, where + ".path", f"source file {source.path!r} is not a regular file; not read")
            return None
        except OSError as exc:
            self.report(path, where + ".path", f"cannot read source file {source.path!r}: {exc.strerror or exc}")
            return None
        if b"\x00" in raw:
            self.report(
                path, where + ".path",
                f"source file {source.path!r} contains a NUL byte (byte {raw.index(0)}): "
                "not UTF-8 text (UTF-16, or binary?); not read",
            )
            return None
        try:
            text = decode_source(raw)
        except UnicodeDecodeError as exc:
            self.report(path, where + ".path", f"source file {source.path!r} is not UTF-8 (byte {exc.start})")
            return None
        digest = hashlib.sha256(raw).hexdigest()
        if digest != source.sha256:
            self.report(
                path,
                where + ".sha256",
                f"source file {source.path!r} has changed since its quotes were anchored; quotes re-anchored",
                Severity.WARNING,
            )
        return text, digest, location


def decode_source(raw: bytes) -> str:
    """A source file's bytes as the text that quote offsets count in.

    UTF-8, verbatim (CRLF stays CRLF), except that a leading byte-order mark is
    an encoding signature, not text: it is dropped, so offset 0 is the first
    character a reader sees, as in a browser or editor, and an editor that adds
    or removes a BOM does not shift every quote. ``sha256`` still covers the raw
    bytes. Raises ``UnicodeDecodeError``.
    """
    return raw.decode("utf-8-sig")


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class _NotRegular(Exception):
    pass


def _read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, never more in memory.

    Opened non-blocking and checked with ``fstat`` on the open file, so a named
    pipe or a device (``/dev/zero`` reports size 0) is refused, not read forever.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular()
        if info.st_size > limit:
            raise _TooLarge(info.st_size)
    except BaseException:
        os.close(fd)
        raise
    # read(n) would allocate n bytes up front: ask for what fstat reported, then
    # check the file has not grown since.
    with open(fd, "rb") as handle:
        data = handle.read(info.st_size + 1)
        if len(data) > info.st_size:
            data += handle.read(limit + 1 - len(data))
    if len(data) > limit:
        raise _TooLarge(len(data))
    return data


_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"


_M = TypeVar("_M", bound=BaseModel)


def _finite_facets(study: Study) -> bool:
    return all(
        math.isfinite(value)
        for entry in study.fields.values()
        for claim in entry.claims
        for value in claim.facets.values()
        if isinstance(value, float)
    )


class _Duplicates(dict[str, Any]):
    """A parsed JSON object in which some key appeared more than once."""

    duplicates: list[str]


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    marked = _Duplicates(obj)
    seen: set[str] = set()
    marked.duplicates = []
    for key, _ in pairs:
        if key in seen and key not in marked.duplicates:
            marked.duplicates.append(key)
        seen.add(key)
    return marked


def _walk(data: Any) -> Iterator[tuple[list[str | int], Any]]:
    """Every value in parsed JSON with its location, without recursion (any depth)."""
    stack: list[tuple[list[str | int], Any]] = [([], data)]
    while stack:
        loc, value = stack.pop()
        yield loc, value
        if isinstance(value, dict):
            stack.extend(([*loc, str(k)], v) for k, v in reversed(value.items()))
            for key in value:
                yield [*loc, str(key)], key
        elif isinstance(value, list):
            stack.extend(([*loc, i], v) for i, v in reversed(list(enumerate(value))))


def _reason(error: Any) -> str:
    message = str(error.get("msg", "invalid"))
    if error.get("type") == "missing":
        return "missing required field"
    if error.get("type") == "extra_forbidden":
        return "unknown field (not part of the record format)"
    value = error.get("input")
    if "input" in error and not isinstance(value, dict | list):
        return f"{message} (found {value!r})"[:300]
    return message[:300]


def _read_meta(reader: _Reader) -> tuple[LibraryMeta, _SourceFiles]:
    """``library.json``, its sources listed but not yet read (see ``_SourceFiles``)."""
    path = reader.root / LIBRARY_FILE
    empty = LibraryMeta(name=reader.root.name or "Library", fields=list(DEFAULT_FIELDS))
    files = _SourceFiles(reader, path)
    if not path.exists():
        reader.report(path, "$", "no library.json: using the default field catalogue and no sources")
        return empty, files
    fast = reader.read_fast(path, LibraryMeta)
    indexed_sources: list[tuple[int, Source]]
    if fast is not None:
        meta = fast
        meta.fields = list(meta.fields) or list(DEFAULT_FIELDS)
        indexed_sources = list(enumerate(meta.sources))
    else:
        ok, data = reader.read_json(path)
        if not ok or not reader.check_version(path, data):
            return empty, files
        raw_sources = data.get("sources", [])
        raw_fields = data.get("fields", [])
        head = reader.validate(
            path,
            LibraryMeta,
            {k: v for k, v in data.items() if k not in ("sources", "fields")},
            [],
        )
        meta = head if head is not None else empty.model_copy()
        meta.fields = _read_list(reader, path, "fields", raw_fields, FieldDef) or list(DEFAULT_FIELDS)
        indexed_sources = _read_list(reader, path, "sources", raw_sources, Source, keep_index=True)
    keys: set[str] = set()
    for index, definition in enumerate(list(meta.fields)):
        if definition.key in keys:
            reader.report(path, json_path(["fields", index, "key"]), f"duplicate field key {definition.key!r}")
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


class _SourceFiles:
    """The sources ``library.json`` lists, each read (checked, hashed, its text
    kept in ``texts``) when a study first cites it, and the rest at the end.

    One read per source, and not every text in memory at once: reading them
    all before the studies (as before) held ~120 MB of text at 10,000 studies
    and read each source a second time when its quotes were checked. Problems
    with the sources are reported in ``library.json`` order, as before: kept
    apart here and put back in order by ``problems()``.
    """

    def __init__(self, reader: _Reader, path: Path) -> None:
        self.reader = reader
        self.path = path
        self.texts = SourceTexts(lambda file: _read_bounded(file, MAX_SOURCE_BYTES), decode_source)
        #: id → (index in library.json's sources, entry), in that order
        self.pending: dict[str, tuple[int, Source]] = {}
        self._problems: list[tuple[int, list[Problem]]] = []

    def report(self, index: int, where: str, reason: str) -> None:
        self._problems.append((index, [self.reader.problem(self.path, where, reason)]))

    def ensure(self, source_id: str) -> None:
        """Read ``source_id`` now if it is listed and not read yet."""
        item = self.pending.pop(source_id, None)
        if item is None:
            return
        index, source = item
        reader, collected = self.reader, self.reader.problems
        reader.problems = []  # this source's problems, to be put in library.json order
        try:
            read = reader.read_source(self.path, json_path(["sources", index]), source)
        finally:
            mine, reader.problems = reader.problems, collected
        self._problems.append((index, mine))
        if read is None:
            reader.failed_sources.add(source_id)
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


def _read_list(
    reader: _Reader,
    path: Path,
    key: str,
    raw: Any,
    model: type[BaseModel],
    keep_index: bool = False,
) -> list[Any]:
    """Validates each element on its own, so one bad entry costs only itself."""
    if not isinstance(raw, list):
        reader.report(path, json_path([key]), f"expected a list, found {type(raw).__name__}")
        return []
    out: list[Any] = []
    for index, item in enumerate(raw):
        parsed = reader.validate(path, model, item, [key, index])
        if parsed is not None:
            out.append((index, parsed) if keep_index else parsed)
    return out


def _check_study(
    reader: _Reader,
    path: Path,
    study: Study,
    library: Library,
    known: set[str] | None = None,
    catalogue: set[str] | None = None,
    ensure: Callable[[str], None] | None = None,
) -> None:
    """Cross-file checks for one study; appends its anchored evidence.

    ``known`` (source ids) and ``catalogue`` (field keys) are the library's,
    passed in by a caller checking many studies so they are built once.
    """
    if known is None:
        known = {source.id for source in library.meta.sources}
    for index, source_id in enumerate(study.sources):
        if ensure is not None:
            ensure(source_id)
        if source_id in reader.failed_sources:
            continue  # reported once, with the quotes that cite it
        if source_id not in known:
            reader.report(path, json_path(["sources", index]), f"unknown source id {source_id!r} (not in library.json)")
    if catalogue is None:
        catalogue = {definition.key for definition in library.meta.fields}
    listed, append, kept = set(study.sources), library.evidence.append, AnchorStatus.KEPT
    texts: dict[str, str | None] = {}  # this study's sources, each asked for once

    def text_of(source_id: str) -> str | None:
        if source_id not in texts:
            if ensure is not None:
                ensure(source_id)
            try:
                texts[source_id] = library.texts.get(source_id)
            except OSError as exc:  # changed or gone since it was read a moment ago
                reader.report(reader.root / LIBRARY_FILE, "$.sources", f"source {source_id!r}: {exc}")
                reader.failed_sources.add(source_id)
                texts[source_id] = None
        return texts[source_id]

    unloaded: dict[str, int] = {}
    for key, entry in study.fields.items():
        if key not in catalogue:
            reader.report(path, json_path(["fields", key]), f"field {key!r} is not in the library's field catalogue; it is not shown", Severity.WARNING)
        for c_index, claim in enumerate(entry.claims):
            for e_index, evidence in enumerate(claim.evidence):
                source_id = evidence.source
                text = texts[source_id] if source_id in texts else text_of(source_id)
                if text is None:
                    if evidence.source in reader.failed_sources:
                        unloaded[evidence.source] = unloaded.get(evidence.source, 0) + 1
                    else:
                        where = json_path(["fields", key, "claims", c_index, "evidence", e_index])
                        reader.report(path, where + ".source", f"unknown source id {evidence.source!r}")
                    result = Anchor(AnchorStatus.ORPHAN, score=0.0)
                else:
                    if evidence.source not in listed:
                        where = json_path(["fields", key, "claims", c_index, "evidence", e_index])
                        reader.report(path, where + ".source", f"source {evidence.source!r} is not listed in the study's sources")
                    result = anchor(text, evidence)
                    if result.status is not kept:  # a kept quote has nothing to report
                        where = json_path(["fields", key, "claims", c_index, "evidence", e_index])
                        _report_anchor(reader, path, where, evidence, result, text)
                append(EvidenceRef(study.id, key, c_index, e_index, evidence, result))
    for source_id, count in unloaded.items():
        reader.report(
            path, "$.fields",
            f"{count} quote(s) cite source {source_id!r}, which could not be loaded (see the library.json problem); "
            "they are shown as orphans",
        )


def _report_anchor(reader: _Reader, path: Path, where: str, evidence: Evidence, result: Anchor, text: str) -> None:
    quote = evidence.exact if len(evidence.exact) <= 60 else evidence.exact[:57] + "..."
    if result.status is AnchorStatus.ORPHAN:
        reader.report(path, where, f"quote not found in source {evidence.source!r}: {quote!r}")
    elif result.status is AnchorStatus.MOVED:
        reader.report(
            path, where,
            f"quote found at {result.start}-{result.end}, not at its stored {evidence.start}-{evidence.end}",
            Severity.WARNING,
        )
    elif result.status is AnchorStatus.FUZZY:
        # Not verbatim is an error: the record would put words in the source's mouth.
        found = text[result.start : result.end]
        shown = found if len(found) <= 60 else found[:57] + "..."
        reader.report(
            path, where,
            f"quote is not verbatim in source {evidence.source!r}: the record says {quote!r}, "
            f"the source at {result.start}-{result.end} says {shown!r} (similarity {_similarity(result.score)}); "
            "a reviewer must accept the source's words or drop the quote",
        )


def _similarity(score: float) -> str:
    """A score that never rounds a difference away ("1.00" for 0.996)."""
    text = f"{score:.3f}"
    return "0.999" if text == "1.000" and score < 1 else text


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
    reader = _Reader(root)
    if not root.is_dir():
        reader.report(root, "$", "not a folder")
        return Library(root, LibraryMeta(name=root.name or "Library", fields=list(DEFAULT_FIELDS)), problems=reader.problems)
    meta, sources = _read_meta(reader)
    meta_problems = len(reader.problems)
    library = Library(root=root, meta=meta, texts=sources.texts, unread_files=reader.unread)
    listed = {source.id for source in meta.sources}
    catalogue = {definition.key for definition in meta.fields}
    try:
        files = study_files(root)
    except OSError as exc:  # listed, but not listable (permissions)
        reader.report(root / STUDIES_DIR, "$", f"cannot read the studies folder: {exc.strerror or exc}; no studies loaded")
        files = []
    for done, path in enumerate(files):
        if cancelled is not None and cancelled():
            raise LoadCancelled()
        if progress is not None:
            progress(done, len(files))
        count = len(reader.problems)
        study = reader.read_fast(path, Study)
        if study is None:
            ok, data = reader.read_json(path)
            study = reader.validate(path, Study, data, []) if ok and reader.check_version(path, data) else None
        if study is None:
            reader.unread_file(path, reader.problems[count].reason if len(reader.problems) > count else "not read")
            continue
        if study.id in library.study_files:
            first = reader.rel(library.study_files[study.id])
            reader.report(path, "$.id", f"duplicate study id {study.id!r} (already in {first}); not loaded")
            reader.unread_file(path, f"duplicate study id {study.id!r}")
            continue
        library.studies.append(study)
        library.study_files[study.id] = path
        _check_study(reader, path, study, library, listed, catalogue, sources.ensure)
    sources.finish(cancelled)
    if progress is not None:
        progress(len(files), len(files))
    # Sources that could not be read are not the library's (as when they were
    # read first); their problems go with library.json's, in its order.
    meta.sources = [source for source in meta.sources if source.id not in reader.failed_sources]
    reader.problems[meta_problems:meta_problems] = sources.problems()
    meta_errors = [p for p in reader.problems if p.file == LIBRARY_FILE and p.severity is Severity.ERROR]
    if meta_errors and (root / LIBRARY_FILE).exists():
        reader.unread_file(root / LIBRARY_FILE, meta_errors[0].reason)
    library.problems = reader.problems
    library.evidence_for("")  # group the quotes by study here, off the UI thread
    return library


# --------------------------------------------------------------------------- writing


def study_json(study: Study, catalogue: list[FieldDef]) -> str:
    """A study as the file format writes it: fields in catalogue order, then any others."""
    data = study.model_dump(mode="json", exclude_none=True)
    order = {definition.key: i for i, definition in enumerate(catalogue)}
    data["fields"] = dict(
        sorted(data["fields"].items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    )
    return dumps(data)


def library_json(meta: LibraryMeta) -> str:
    return dumps(meta.model_dump(mode="json", exclude_none=True))


def _refuse_unread(library: Library, path: Path) -> None:
    reason = library.unread_files.get(path)
    if reason is not None:
        rel = path.relative_to(library.root).as_posix() if path.is_relative_to(library.root) else str(path)
        raise SaveRefused(
            f"not saved: {rel} could not be fully read ({reason}); saving over it would lose "
            "what was not read. Fix or move that file, reload the library, then save again."
        )


def _new_study_path(library: Library, study_id: str) -> Path:
    """``studies/<id>.json``, or ``<id>-2.json``, ... when that name is taken on
    disk (by a study with another id, an unreadable file, a file that appeared
    after loading): a new study never overwrites an existing file."""
    folder = library.root / STUDIES_DIR
    taken = set(library.study_files.values())
    for n in range(1, 10_000):
        path = folder / (f"{study_id}.json" if n == 1 else f"{study_id}-{n}.json")
        if path not in taken and path not in library.unread_files and not os.path.lexists(path):
            return path
    raise SaveRefused(f"not saved: no free file name for study {study_id!r} in {STUDIES_DIR}/")


def save_study(library: Library, study: Study) -> Path:
    """Write ``study`` atomically to its file (a new study gets a new file).

    Raises ``SaveRefused`` rather than overwrite a file the loader could not
    fully read, and ``OSError`` when the disk refuses; the old file is intact.
    """
    path = library.study_files.get(study.id)
    if path is None:
        path = _new_study_path(library, study.id)
    _refuse_unread(library, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, study_json(study, library.catalogue))
    library.study_files[study.id] = path
    return path


def save_meta(library: Library) -> Path:
    """Write ``library.json``; refused (``SaveRefused``) when it was not fully
    read, since ``library.meta`` then lacks what could not be read."""
    path = library.root / LIBRARY_FILE
    _refuse_unread(library, path)
    atomic_write_text(path, library_json(library.meta))
    return path
