"""The JSON Schema of a study record, for other tools that write records."""

from __future__ import annotations

from typing import Any

from .models import SCHEMA_VERSION, Study


def study_schema() -> dict[str, Any]:
    schema = Study.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"study-comparator/study.v{SCHEMA_VERSION}.schema.json"
    schema["title"] = "Study record"
    return schema
