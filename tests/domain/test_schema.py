from __future__ import annotations

import json

from comparator_gui.domain.schema import study_schema
from comparator_gui.resources import schema_path


def test_shipped_schema_is_current() -> None:
    assert json.loads(schema_path().read_text(encoding="utf-8")) == study_schema()
    assert "fields" in study_schema()["properties"]
