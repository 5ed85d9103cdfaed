"""Checking parsed JSON against the record format (the careful read path).

``reading.read_json`` gives Python objects; ``check_version`` says whether this
app may read them and ``validate`` turns them into a model, reporting each
thing wrong at its JSON path: text that cannot be written back (a NUL, a lone
surrogate), JSON's non-numbers, and pydantic's errors worded for a reviewer.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .models import SCHEMA_VERSION
from .problems import Reporter, escape_char, json_path
from .reading import walk

_SURROGATE = re.compile("[\ud800-\udfff]")


def check_version(reporter: Reporter, path: Path, data: Any) -> bool:
    """Whether ``data`` is an object with a ``schema_version`` this app reads; reported if not."""
    if not isinstance(data, dict):
        reporter.report(path, "$", f"expected a JSON object, found {type(data).__name__}")
        return False
    version = data.get("schema_version")
    if version is None:
        reporter.report(path, "$.schema_version", "missing: every library file states its schema_version")
        return False
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        reporter.report(path, "$.schema_version", f"not a schema version: {version!r}")
        return False
    if version > SCHEMA_VERSION:
        reporter.report(
            path,
            "$.schema_version",
            f"written by a newer version of the app (schema {version}, this app reads up to "
            f"{SCHEMA_VERSION}); not loaded and never overwritten",
        )
        return False
    return True


def validate(reporter: Reporter, path: Path, model: type[BaseModel], data: Any, prefix: list[str | int]) -> Any:
    """``data`` as a ``model``, or None after reporting every problem (at
    ``prefix`` + its location, for an element of a larger file)."""
    bad = False
    for loc, value in walk(data):
        if isinstance(value, str) and "\x00" in value:
            # The JSON path itself must not carry a raw NUL into messages.
            shown = [part.replace("\x00", "\\u0000") if isinstance(part, str) else part for part in loc]
            reporter.report(path, json_path([*prefix, *shown]), "contains a NUL character (\\u0000); not loaded")
            bad = True
        elif isinstance(value, str) and (half := _SURROGATE.search(value)):
            # JSON can escape half of a UTF-16 pair ("\ud800"); such text
            # cannot be written back as UTF-8, so a later save would fail.
            shown = [_SURROGATE.sub(escape_char, part) if isinstance(part, str) else part for part in loc]
            reporter.report(
                path, json_path([*prefix, *shown]),
                f"contains a lone surrogate ({escape_char(half)}), which is not text; not loaded",
            )
            bad = True
        elif isinstance(value, float) and not math.isfinite(value):
            reporter.report(path, json_path([*prefix, *loc]), f"not a finite number ({value}); JSON has no NaN or Infinity")
            bad = True
    if bad:
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            reporter.report(path, json_path([*prefix, *error["loc"]]), _reason(error))
        return None


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
