"""Which studies and fields a comparison shows, in which order: no Qt here.

The window keeps a :class:`ViewChoices` (what the reviewer chose) and asks
:func:`layout` for what to show. Search runs over a :class:`SearchIndex`, so
one keystroke costs at most a substring test per study (fewer as a word
grows), not a walk over every record; which cells match is tested only for
the cells shown.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .comparison import FieldStatus, differs_across, field_status
from .library import Library
from .models import Study

_SEPARATOR = "\x00"  # cannot occur in a needle typed into the search box


@dataclass
class ViewChoices:
    study_order: list[str] = field(default_factory=list)
    hidden_studies: set[str] = field(default_factory=set)
    field_order: list[str] = field(default_factory=list)
    hidden_fields: set[str] = field(default_factory=set)
    search: str = ""
    disputed_only: bool = False
    differences_only: bool = False
    transposed: bool = False
    #: Only studies whose evidence level ranks at least this (``EvidenceLevel.rank``); 0: every study.
    min_level_rank: int = 0


@dataclass(frozen=True)
class Layout:
    study_ids: list[str]
    field_keys: list[str]
    #: (study id, field key) pairs whose value or quotes contain the search text
    #: (``in`` is what to ask; :class:`SearchMatches` tests a cell when asked).
    matches: Container[tuple[str, str]] = frozenset()


def ordered(all_ids: Sequence[str], preferred: Iterable[str]) -> list[str]:
    """``all_ids`` in the ``preferred`` order; ids not mentioned keep their place at the end."""
    known = set(all_ids)
    head = [i for i in dict.fromkeys(preferred) if i in known]
    placed = set(head)
    return head + [i for i in all_ids if i not in placed]


def field_text(study: Study, key: str) -> str:
    """Everything searchable in one field: values, notes and quotes."""
    entry = study.field(key)
    parts = [entry.note or ""]
    for claim in entry.claims:
        parts.append(claim.value)
        parts.append(claim.note or "")
        parts.extend(evidence.exact for evidence in claim.evidence)
    return "\n".join(p for p in parts if p)


class SearchIndex:
    """Casefolded text per study and field, for the search box.

    Built lazily: :meth:`build_some` indexes studies a slice at a time (the
    window calls it while idle, so showing 10,000 studies does not stall), and
    a search first completes whatever is left. :meth:`refresh` re-indexes only
    the studies an edit touched.

    One keystroke costs a substring test per study still in question: a word
    that grows ("bo" → "bon") is looked for only in the studies that held the
    shorter one, and recent results are kept, so deleting a letter costs
    nothing. Which cells match is decided when a cell asks (:class:`SearchMatches`),
    not for every cell of every study.
    """

    _RESULTS = 32  # recent searches kept

    def __init__(self, library: Library) -> None:
        self._library = library
        self._reset()

    def _reset(self) -> None:
        library = self._library
        self._keys = [definition.key for definition in library.catalogue]
        #: Recently asked studies' fields, split from their blob (``_fields_of``).
        self._split: OrderedDict[str, dict[str, str]] = OrderedDict()
        self._titles: dict[str, str] = {}
        self._blobs: dict[str, str] = {}
        self._pending: dict[str, Study] = {study.id: study for study in library.studies}
        #: (needle, candidates' token) → (studies holding needle in candidate order, matching field keys)
        self._results: OrderedDict[tuple[str, int], tuple[list[str], frozenset[str]]] = OrderedDict()
        self._base: tuple[int, list[str], frozenset[str], list[str]] | None = None
        self._base_token = 0

    # ------------------------------------------------------------------ building

    @property
    def keys(self) -> list[str]:
        return self._keys

    @property
    def library(self) -> Library:
        """The library this index was built for."""
        return self._library

    @property
    def complete(self) -> bool:
        return not self._pending

    def _add(self, study: Study) -> None:
        # One string per study, its fields in ``_keys`` order and the header
        # last; the fields are split out again when a search needs them (a
        # second copy of every field took 37 MB at 10,000 studies).
        texts = [field_text(study, key).casefold() for key in self._keys]
        header = f"{study.title}\n{study.short_title}\n{study.institution}".casefold()
        texts.append(header)
        blob = _SEPARATOR.join(text.replace(_SEPARATOR, "\ufffd") for text in texts)
        self._titles[study.id] = header
        self._blobs[study.id] = blob
        self._split.pop(study.id, None)

    def _fields_of(self, study_id: str) -> dict[str, str] | None:
        """Field key → casefolded text of an indexed study ("" for its header)."""
        fields = self._split.get(study_id)
        if fields is None:
            blob = self._blobs.get(study_id)
            if blob is None:
                return None
            fields = dict(zip([*self._keys, ""], blob.split(_SEPARATOR), strict=True))
            self._split[study_id] = fields
            if len(self._split) > 256:
                self._split.popitem(last=False)
        else:
            self._split.move_to_end(study_id)
        return fields

    def build_some(self, seconds: float) -> bool:
        """Index studies for about ``seconds``; True when every study is indexed."""
        deadline = time.perf_counter() + seconds
        pending = self._pending
        while pending:
            for _ in range(min(25, len(pending))):
                self._add(pending.popitem()[1])
            if time.perf_counter() >= deadline:
                break
        return not pending

    def build_all(self) -> None:
        while self._pending:
            self._add(self._pending.popitem()[1])

    def refresh(self, study_ids: Iterable[str] = ()) -> None:
        """Records changed in place: re-index ``study_ids``, index studies that
        are new, forget studies that are gone."""
        library = self._library
        keys = [definition.key for definition in library.catalogue]
        current = {study.id: study for study in library.studies}
        if keys != self._keys:
            self._reset()
            return
        for sid in [*study_ids, *(s for s in self._blobs if s not in current)]:
            self._split.pop(sid, None)
            self._titles.pop(sid, None)
            self._blobs.pop(sid, None)
            self._pending.pop(sid, None)
        for sid, study in current.items():
            if sid not in self._blobs:
                self._pending[sid] = study
        for sid in [s for s in self._pending if s not in current]:
            del self._pending[sid]
        self._results.clear()
        self._base = None

    # ------------------------------------------------------------------ searching

    def matching_fields(self, study_id: str, needle: str) -> set[str]:
        """Field keys of ``study_id`` containing ``needle`` ("" stands for the title)."""
        self.build_all()
        fields = self._fields_of(study_id) if needle in self._blobs.get(study_id, "") else None
        return {key for key, text in fields.items() if needle in text} if fields else set()

    def field_matches(self, study_id: str, key: str, needle: str) -> bool:
        self.build_all()
        if needle not in self._blobs.get(study_id, ""):
            return False
        fields = self._fields_of(study_id)
        return fields is not None and needle in fields.get(key, "")

    def visible_studies(self, library: Library, choices: ViewChoices) -> tuple[list[str], int]:
        """The shown studies in order before any search, and a token that
        changes whenever they do (results are cached per token)."""
        base = self._base
        if (
            base is not None
            and base[0] == library.revision  # every edit moves it on
            and base[1] == choices.study_order
            and base[2] == choices.hidden_studies
        ):
            return base[3], self._base_token
        hidden = frozenset(choices.hidden_studies)
        shown = [sid for sid in ordered([s.id for s in library.studies], choices.study_order) if sid not in hidden]
        self._base = (library.revision, list(choices.study_order), hidden, shown)
        self._base_token += 1
        self._results.clear()
        return shown, self._base_token

    def search(self, candidates: list[str], token: int, needle: str) -> tuple[list[str], frozenset[str]]:
        """The ``candidates`` holding ``needle`` (in order) and the field keys
        that hold it in any of them ("" for a title)."""
        self.build_all()
        key = (needle, token)
        cached = self._results.get(key)
        if cached is not None:
            self._results.move_to_end(key)
            return cached
        # A study holding "bone" holds "bon": look only where a cached part of
        # the needle was found (the smallest such result).
        source = candidates
        for (other, other_token), (found, _) in self._results.items():
            if other_token == token and other in needle and len(found) < len(source):
                source = found
        blobs = self._blobs
        kept = [sid for sid in source if needle in blobs[sid]]
        hit: set[str] = set()
        remaining = set(self._keys)
        titles = self._titles
        if any(needle in titles[sid] for sid in kept):
            hit.add("")
        for sid in kept:
            if not remaining:
                break
            fields = self._fields_of(sid)
            assert fields is not None  # every candidate is indexed (build_all above)
            found_here = {k for k in remaining if needle in fields[k]}
            hit |= found_here
            remaining -= found_here
        result = (kept, frozenset(hit))
        self._results[key] = result
        if len(self._results) > self._RESULTS:
            self._results.popitem(last=False)
        return result


class SearchMatches:
    """The (study id, field key) cells of a layout whose text holds the search
    text, tested when a cell asks: a keystroke does not list 100,000 cells."""

    def __init__(self, index: SearchIndex, needle: str, study_ids: list[str]) -> None:
        self._index = index
        self._needle = needle
        self._study_ids = study_ids
        self._studies: frozenset[str] | None = None
        self._known: dict[tuple[str, str], bool] = {}

    def __contains__(self, pair: object) -> bool:
        if not isinstance(pair, tuple) or len(pair) != 2:
            return False
        known = self._known.get(pair)
        if known is None:
            if self._studies is None:
                self._studies = frozenset(self._study_ids)
            sid, key = pair
            known = bool(key) and sid in self._studies and self._index.field_matches(sid, key, self._needle)
            if len(self._known) > 4096:
                self._known.clear()
            self._known[pair] = known
        return known

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for sid in self._study_ids:
            for key in self._index.keys:
                if (sid, key) in self:
                    yield sid, key

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __bool__(self) -> bool:
        return any(True for _ in self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SearchMatches):
            return (
                self._index is other._index
                and self._needle == other._needle
                and self._study_ids == other._study_ids
            )
        return NotImplemented  # never equal to a listed set: a layout change is not missed

    def __hash__(self) -> int:
        return hash((id(self._index), self._needle))

    def __repr__(self) -> str:
        return f"SearchMatches({self._needle!r}, {len(self._study_ids)} studies)"


def layout(library: Library, choices: ViewChoices, index: SearchIndex | None = None) -> Layout:
    needle = choices.search.strip().casefold()
    index = index or SearchIndex(library)
    shown, token = index.visible_studies(library, choices)
    study_ids = list(shown)
    field_keys = [
        key
        for key in ordered([d.key for d in library.catalogue], choices.field_order)
        if key not in choices.hidden_fields
    ]
    matches: Container[tuple[str, str]] = frozenset()
    if needle:
        kept, hit_fields = index.search(shown, token, needle)
        study_ids = list(kept)
        # A match in a study's title keeps the study with all its fields.
        if "" not in hit_fields:
            field_keys = [key for key in field_keys if key in hit_fields]
    if choices.min_level_rank:
        # After the search, whose results are cached for the studies shown before it.
        ranks = {study.id: study.evidence_level.rank for study in library.studies}
        study_ids = [sid for sid in study_ids if ranks[sid] >= choices.min_level_rank]
    if needle:
        matches = SearchMatches(index, needle, study_ids)
    if choices.disputed_only or choices.differences_only:
        studies = {study.id: study for study in library.studies}
        if choices.disputed_only:
            field_keys = [
                key
                for key in field_keys
                if any(field_status(studies[sid].field(key)) is FieldStatus.DISPUTED for sid in study_ids)
            ]
        if choices.differences_only:
            field_keys = [key for key in field_keys if differs_across((studies[s] for s in study_ids), key)]
    return Layout(study_ids, field_keys, matches)
