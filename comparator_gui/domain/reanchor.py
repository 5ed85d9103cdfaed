"""Reviewing quotes whose source text changed: kept, moved, fuzzy or orphaned.

The loader already re-anchors (``anchoring.anchor``); this module lists what
moved and applies the reviewer's decision: accept the new place (for a fuzzy
match, the new words become the quote), or drop the quote.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .anchoring import AnchorStatus, make_evidence
from .checking import recheck_source_hashes
from .editing import EditError, LibraryEditor
from .library import EvidenceRef, Library
from .source_texts import SourceTexts


@dataclass(frozen=True)
class ReanchorItem:
    ref: EvidenceRef

    @property
    def status(self) -> AnchorStatus:
        return self.ref.anchor.status

    def found_text(self, library: Library) -> str:
        anchor = self.ref.anchor
        if not anchor.found:
            return ""
        try:
            text = library.texts.get(self.ref.evidence.source, "")
        except OSError as exc:  # changed on disk since the library was opened
            return f"[{exc}]"
        return text[anchor.start : anchor.end]

    def describe(self, library: Library) -> str:
        ev, anchor = self.ref.evidence, self.ref.anchor
        where = f"{self.ref.study_id} {self.ref.json_path}"
        if anchor.status is AnchorStatus.MOVED:
            return f"{where}: moved from {ev.start}-{ev.end} to {anchor.start}-{anchor.end}"
        if anchor.status is AnchorStatus.FUZZY:
            return f"{where}: fuzzy match (similarity {anchor.score:.2f}): {self.found_text(library)!r} for {ev.exact!r}"
        return f"{where}: orphaned: {ev.exact!r} is no longer in {ev.source!r}"


def reanchor_items(library: Library) -> list[ReanchorItem]:
    return [ReanchorItem(ref) for ref in library.evidence if ref.anchor.status is not AnchorStatus.KEPT]


def accept(editor: LibraryEditor, item: ReanchorItem) -> None:
    """Store the quote at its new place (the found words, for a fuzzy match).

    Raises ``EditError`` for an orphaned quote, which has no new place.
    """
    ref = item.ref
    if not ref.anchor.found:
        raise EditError("an orphaned quote has no new place to accept; drop it or select new text")
    text = editor.library.texts[ref.evidence.source]
    evidence = make_evidence(ref.evidence.source, text, ref.anchor.start, ref.anchor.end)
    editor.replace_evidence(ref.study_id, ref.field_key, ref.claim_index, ref.evidence_index, evidence)


def drop(editor: LibraryEditor, item: ReanchorItem) -> None:
    ref = item.ref
    editor.remove_evidence(ref.study_id, ref.field_key, ref.claim_index, ref.evidence_index)


def settle_hashes(editor: LibraryEditor) -> list[str]:
    """Record the current text of every source whose quotes are all in place again."""
    library = editor.library
    editor.touch_meta()
    pending = {ref.evidence.source for ref in library.evidence if ref.anchor.status is not AnchorStatus.KEPT}
    settled = []
    texts = library.texts
    for source in library.meta.sources:
        if source.id not in texts or source.id in pending:
            continue
        # The hash of the bytes the quotes were checked against: the file as it
        # was loaded, not as it may be now.
        digest = texts.digest(source.id) if isinstance(texts, SourceTexts) else None
        if digest is None:
            path = library.root / source.path
            raw = path.read_bytes() if path.exists() else texts[source.id].encode()
            digest = hashlib.sha256(raw).hexdigest()
        if digest != source.sha256:
            source.sha256 = digest
            source.boilerplate = []  # found in the old text: its places may be wrong text now
            settled.append(source.id)
    if settled:
        library.bump_revision()
        recheck_source_hashes(library)  # their "source changed" warnings no longer hold
    return settled


def accept_all_moved(editor: LibraryEditor) -> int:
    """Accept every exact quote found at new offsets (the words are unchanged)."""
    count = 0
    for item in reanchor_items(editor.library):
        if item.status is AnchorStatus.MOVED:
            # Offsets only: indices of other quotes do not change.
            accept(editor, item)
            count += 1
    return count
