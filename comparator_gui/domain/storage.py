"""Writing library files so that a crash or a full disk never leaves half a file."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn


def dumps(data: Any) -> str:
    """Pretty, stable JSON: the same record always gives the same bytes, so a
    library kept in git shows reviewable diffs."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def atomic_write_text(path: Path, text: str, check: Callable[[], None] | None = None) -> None:
    """Write ``text`` to ``path``: temp file in the same folder, flush, fsync,
    ``os.replace``. Readers see the old file or the new one, never a mix; on any
    error the old file is untouched and the temp file is removed.

    The new file keeps the permission bits of the file it replaces (a new file
    gets the usual ``0o666`` less the umask). An ``OSError`` names ``path``, not
    the hidden temp file, so it can be shown to the user as it is.

    ``check``, when given, runs after the temp file is written and synced and
    just before the replace: it raises to stop the replace (the save's "has
    the file changed on disk since it was read?"), leaving the old file as it is.
    """
    atomic_write_bytes(path, text.encode("utf-8"), check)


def atomic_write_bytes(path: Path, data: bytes, check: Callable[[], None] | None = None) -> None:
    """``atomic_write_text`` for bytes (exports, source files): same guarantees."""
    path = Path(path)
    mode = _mode_for(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        _raise_about(exc, path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        if check is not None:
            check()
        os.replace(tmp_name, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):
            _raise_about(exc, path)
        raise
    _fsync_dir(path.parent)


def _raise_about(exc: OSError, path: Path) -> NoReturn:
    """Re-raise ``exc`` as the same kind of error about ``path``."""
    if exc.errno is not None:
        try:
            renamed = type(exc)(exc.errno, exc.strerror, str(path))
        except Exception:  # an OSError subclass with another signature
            renamed = None
        if renamed is not None:
            raise renamed from exc
    raise exc


def _mode_for(path: Path) -> int | None:
    """Permission bits for the file replacing ``path``; None keeps mkstemp's 0600."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = _umask()
        return None if umask is None else 0o666 & ~umask
    except OSError:
        return None


def _umask() -> int | None:
    # os.umask() can only be read by setting it, which races with other threads;
    # Linux shows it in /proc instead.
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return None


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
