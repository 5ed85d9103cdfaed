"""Reading library files from disk: bytes within a size limit, then JSON.

Two ways to a record. ``read_fast`` lets pydantic parse and validate the bytes
in one pass, or gives up (None) on anything the careful way would report.
``read_json`` is the careful way's first step: bytes to Python objects, with
every reason a file cannot be read reported (size, not a regular file, not
UTF-8, malformed JSON, a key written twice); ``validation`` does the rest.
"""

from __future__ import annotations

import json
import math
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from .models import SCHEMA_VERSION, Study
from .problems import Reporter, json_path

#: Record files larger than this are refused unread (a record is a few KB).
MAX_RECORD_BYTES = 8 * 1024 * 1024
#: Source texts larger than this are refused unread.
MAX_SOURCE_BYTES = 32 * 1024 * 1024

_M = TypeVar("_M", bound=BaseModel)


class TooLarge(Exception):
    """A file over the size limit it was read with; ``size`` as far as known."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class NotRegular(Exception):
    """A named pipe, a device or a folder where a file was expected."""


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, never more in memory.

    Opened non-blocking and checked with ``fstat`` on the open file, so a named
    pipe or a device (``/dev/zero`` reports size 0) is refused, not read forever.
    Raises ``TooLarge``, ``NotRegular`` or ``OSError``.
    """
    return read_with_stat(path, limit)[0]


def read_with_stat(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
    """``read_bounded``, with the ``fstat`` of the open file the bytes came from
    (its size and ``st_mtime_ns`` go into the loader's record of what it read)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular()
        if info.st_size > limit:
            raise TooLarge(info.st_size)
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
        raise TooLarge(len(data))
    return data, info


def decode_source(raw: bytes) -> str:
    """A source file's bytes as the text that quote offsets count in.

    UTF-8, verbatim (CRLF stays CRLF), except that a leading byte-order mark is
    an encoding signature, not text: it is dropped, so offset 0 is the first
    character a reader sees, as in a browser or editor, and an editor that adds
    or removes a BOM does not shift every quote. ``sha256`` still covers the raw
    bytes. Raises ``UnicodeDecodeError``.
    """
    return raw.decode("utf-8-sig")


def read_fast(path: Path, model: type[_M]) -> _M | None:
    """``model`` read straight from the file's bytes by pydantic's JSON parser,
    or None when the file needs the careful path (``read_json``, then
    ``validation.check_version`` and ``validation.validate``), which then says
    exactly what is wrong.

    The careful path parses into Python objects, walks every value and
    validates the result: three passes in Python over every record. This
    one gives the same record, or None, in one pass in Rust plus a few
    scans of the bytes: strict mode accepts no input the careful (lax)
    validation would read differently, and a file with anything the
    careful path reports that the parser would let through (a NUL, a lone
    surrogate, a control character, NaN or Infinity, a key written twice, a
    missing, older or newer ``schema_version``) is sent there: an older file
    is migrated on the careful path (``migration``).
    """
    try:
        raw = read_bounded(path, MAX_RECORD_BYTES)
    except (OSError, TooLarge, NotRegular):
        return None
    return parse_fast(raw, model)


def parse_fast(raw: bytes, model: type[_M]) -> _M | None:
    """``read_fast`` on bytes already read (the loader reads each file once)."""
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
    if "schema_version" not in parsed.model_fields_set or version != SCHEMA_VERSION:
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


def read_json(reporter: Reporter, path: Path) -> tuple[bool, Any]:
    """``(True, parsed file)``, or ``(False, None)`` after reporting why it could not be read."""
    try:
        raw = read_bounded(path, MAX_RECORD_BYTES)
    except (TooLarge, NotRegular, OSError) as exc:
        report_unreadable(reporter, path, exc)
        return False, None
    return parse_json(reporter, path, raw)


def report_unreadable(reporter: Reporter, path: Path, exc: Exception) -> None:
    """Why a record file could not be read (``read_with_stat`` raised ``exc``)."""
    if isinstance(exc, TooLarge):
        reporter.report(path, "$", f"file is {exc.size:,} bytes, over the {MAX_RECORD_BYTES:,}-byte limit for a record; not read")
    elif isinstance(exc, NotRegular):
        reporter.report(path, "$", "not a regular file; not read")
    else:
        reporter.report(path, "$", f"cannot read file: {getattr(exc, 'strerror', None) or exc}")


def parse_json(reporter: Reporter, path: Path, raw: bytes) -> tuple[bool, Any]:
    """``read_json`` on bytes already read."""
    if not raw.strip():
        reporter.report(path, "$", f"empty file ({len(raw)} bytes)")
        return False, None
    if b"\x00" in raw:
        reporter.report(path, "$", f"contains a NUL byte (byte {raw.index(0)}): not a UTF-8 text file (UTF-16, or binary?)")
        return False, None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        reporter.report(path, "$", f"not UTF-8 (byte {exc.start})")
        return False, None
    conflict = merge_conflict(text)
    if conflict is not None:
        reporter.report(path, "$", conflict)
        return False, None
    try:
        data = json.loads(text, object_pairs_hook=_object_pairs)
    except json.JSONDecodeError as exc:
        reporter.report(path, "$", f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        return False, None
    except RecursionError:
        reporter.report(path, "$", "JSON nested too deeply to read")
        return False, None
    except ValueError as exc:  # e.g. an integer longer than Python converts
        reporter.report(path, "$", f"malformed JSON: {exc}"[:300])
        return False, None
    duplicates = [(loc, key) for loc, value in walk(data) if isinstance(value, _Duplicates) for key in value.duplicates]
    for loc, key in duplicates:
        reporter.report(
            path,
            json_path([*loc, key]),
            f"duplicate key {key!r} in one JSON object; which one is meant is unclear, so the file is not loaded",
        )
    if duplicates:
        return False, None
    return True, data


#: Lines git writes around an unresolved merge conflict (``|||||||``: the diff3 style's base).
_CONFLICT_MARKERS = ("<<<<<<<", "|||||||", "=======", ">>>>>>>")


def merge_conflict(text: str) -> str | None:
    """The reason to give when ``text`` holds unresolved git merge-conflict
    markers at the start of a line, else None.

    No JSON file can hold such a line (a JSON string cannot span lines), so the
    markers are a conflict, never data: they are named with their lines instead
    of the JSON syntax error they cause.
    """
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return None
    found: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for marker in _CONFLICT_MARKERS:
            rest = line[len(marker):]
            if not line.startswith(marker) or (rest and rest[0] not in " \t\r"):
                continue
            if marker == "=======" and rest.strip():
                continue  # git writes ======= alone on its line
            found.setdefault(marker, []).append(number)
    if "<<<<<<<" not in found and ">>>>>>>" not in found:
        return None  # a lone ======= line is a JSON error like any other
    first = min(n for lines in found.values() for n in lines)
    where = ", ".join(
        f"{marker} at line{'s' if len(found[marker]) > 1 else ''} {', '.join(map(str, found[marker][:5]))}"
        for marker in _CONFLICT_MARKERS
        if marker in found
    )
    return (
        f"unresolved git merge conflict (line {first}); {where}: keep one side, delete the marker lines "
        "(or run git mergetool), then reload; not loaded"
    )


def walk(data: Any) -> Iterator[tuple[list[str | int], Any]]:
    """Every value in parsed JSON with its location, without recursion (any
    depth); each object key is also given as a value, at its own location."""
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
