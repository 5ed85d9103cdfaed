"""A web page's boilerplate is kept with its source (``Source.boilerplate``):
saved, read back, skipped by suggestions after a reload, and never laid over
another text (a changed file gives none; adopting the new text drops them)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from comparator_gui.domain.editing import LibraryEditor
from comparator_gui.domain.intake.read import read_article_file
from comparator_gui.domain.intake.store import add_imported_source, boilerplate_of, in_boilerplate
from comparator_gui.domain.intake.suggest import Suggester
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.reanchor import settle_hashes
from comparator_gui.domain.writing import library_json
from tests.conftest import SEEDS

from .test_intake_formats import PAGE

#: A related headline that reads like the evidence it sits beside: only its
#: place in the page's frame keeps it out of the suggestions.
HEADLINE = "Ten adults with spinal cord injury received 100 million stem cells in a second trial"
PAGE_WITH_HEADLINE = PAGE.replace(
    "<p>Related: Ten foods for a healthy heart</p>", f"<p>Related: Ten foods for a healthy heart</p><p>{HEADLINE}</p>"
)


def _import(root: Path, tmp_path: Path) -> str:
    page = tmp_path / "page.html"
    page.write_text(PAGE_WITH_HEADLINE, encoding="utf-8")
    (article,) = read_article_file(page)
    assert any(HEADLINE in article.text[a:b] for a, b in article.boilerplate)
    editor = LibraryEditor(load_library(root))
    source = add_imported_source(editor, article)
    editor.attach_source("mayo-adsc-sci", source.id)
    editor.save()
    return source.id


def test_boilerplate_saved_with_the_source_and_used_after_a_reload(tmp_path: Path) -> None:
    root = tmp_path / "library"
    shutil.copytree(SEEDS, root)
    source_id = _import(root, tmp_path)
    saved = next(s for s in json.loads((root / "library.json").read_text(encoding="utf-8"))["sources"] if s["id"] == source_id)
    library = load_library(root)
    text = library.texts[source_id]
    marked = [text[a:b] for a, b in boilerplate_of(library, source_id)]
    assert [list(span) for span in boilerplate_of(library, source_id)] == saved["boilerplate"]
    assert any("Home World Science" in m for m in marked) and any(HEADLINE in m for m in marked)
    story = text.index("Researchers at Mayo")
    assert not in_boilerplate(library, source_id, story, story + 40)
    at = text.index(HEADLINE)
    assert in_boilerplate(library, source_id, at, at + 10)

    suggester = Suggester.for_library(library, exclude_sources=(source_id,))
    kept = suggester.suggest(text, boilerplate_of(library, source_id))
    assert not any(HEADLINE in s.text for found in kept.fields.values() for s in found)
    assert any(HEADLINE in s.text and why == "boilerplate" for s, why in kept.skipped)
    # Without the stored spans the headline would be suggested: the spans do the work.
    bare = suggester.suggest(text)
    assert any(HEADLINE in s.text for found in bare.fields.values() for s in found)


def test_sources_without_boilerplate_keep_library_json_bytes() -> None:
    library = load_library(SEEDS)
    assert library_json(library.meta) == (SEEDS / "library.json").read_text(encoding="utf-8")
    assert all(not s.boilerplate for s in library.meta.sources)


def test_changed_text_gets_no_boilerplate_and_adopting_it_drops_them(tmp_path: Path) -> None:
    root = tmp_path / "library"
    shutil.copytree(SEEDS, root)
    source_id = _import(root, tmp_path)
    path = root / load_library(root).sources[source_id].path
    # Lines added at the top: every stored span would now cover other words.
    path.write_text("Editor's note: this story was updated.\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    library = load_library(root)
    assert library.sources[source_id].boilerplate  # still recorded, for the text it was found in
    assert boilerplate_of(library, source_id) == ()  # but not laid over this one
    editor = LibraryEditor(library)
    assert source_id in settle_hashes(editor)
    assert library.sources[source_id].boilerplate == [] and boilerplate_of(library, source_id) == ()
    editor.save()
    saved = next(s for s in json.loads((root / "library.json").read_text(encoding="utf-8"))["sources"] if s["id"] == source_id)
    assert "boilerplate" not in saved


def test_update_source_hash_drops_boilerplate_of_another_text(tmp_path: Path) -> None:
    root = tmp_path / "library"
    shutil.copytree(SEEDS, root)
    source_id = _import(root, tmp_path)
    library = load_library(root)
    editor = LibraryEditor(library)
    editor.update_source_hash(source_id)  # the same text: nothing changes
    assert boilerplate_of(library, source_id)
    library.texts[source_id] = "Another text altogether.\n" + library.texts[source_id]
    editor.update_source_hash(source_id)
    assert library.sources[source_id].boilerplate == []
