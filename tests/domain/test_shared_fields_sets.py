"""Records share their sets of given field names (memory), yet each record's
"which fields did the input name" stays its own: saving with ``exclude_unset``
writes exactly the keys that record was given or changed."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

from comparator_gui.domain.models import Claim, Evidence, FieldEntry


def _evidence(text: str) -> str:
    return json.dumps({"source": "s", "exact": text, "start": 0, "end": len(text)})


def test_records_with_the_same_keys_share_one_set() -> None:
    a = Evidence.model_validate_json(_evidence("one"))
    b = Evidence.model_validate_json(_evidence("two"))
    c = Evidence(source="s", exact="three", prefix="x", start=0, end=5)
    assert a.model_fields_set is b.model_fields_set
    assert a.model_fields_set == {"source", "exact", "start", "end"}
    assert c.model_fields_set is not a.model_fields_set and "prefix" in c.model_fields_set


def test_changing_one_record_leaves_the_others_as_they_were() -> None:
    a = Evidence.model_validate_json(_evidence("one"))
    b = Evidence.model_validate_json(_evidence("two"))
    a.prefix = "before "
    assert "prefix" in a.model_fields_set
    assert "prefix" not in b.model_fields_set
    assert json.loads(a.model_dump_json(exclude_unset=True))["prefix"] == "before "
    assert "prefix" not in json.loads(b.model_dump_json(exclude_unset=True))
    del a.prefix
    assert "prefix" not in b.model_fields_set


def test_copies_and_pickles_get_sets_of_their_own() -> None:
    entry = FieldEntry.model_validate_json('{"claims": []}')
    updated = entry.model_copy(update={"note": "n"})
    assert updated.model_fields_set == {"claims", "note"}
    assert entry.model_fields_set == {"claims"}
    deep = entry.model_copy(deep=True)
    deep.note = "m"
    assert entry.model_fields_set == {"claims"}
    for other in (copy.copy(entry), copy.deepcopy(entry), pickle.loads(pickle.dumps(entry))):
        assert other == entry
        other.note = "k"
        assert entry.model_fields_set == {"claims"} and entry.note is None


def test_a_shared_set_refuses_to_change_in_place() -> None:
    claim = Claim.model_validate_json('{"value": "v", "evidence": [' + _evidence("q") + "]}")
    with pytest.raises(TypeError, match="shared"):
        claim.model_fields_set.add("note")
    with pytest.raises(TypeError, match="shared"):
        claim.model_fields_set |= {"note"}
