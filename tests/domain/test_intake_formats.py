"""HTML (whole text kept, boilerplate marked), RIS and .nbib references, metadata
from the article's words, and duplicates."""

from __future__ import annotations

from pathlib import Path

from comparator_gui.domain.importing import html_to_text
from comparator_gui.domain.intake.duplicates import find_duplicates
from comparator_gui.domain.intake.metadata import metadata_from_text
from comparator_gui.domain.intake.read import read_article_file
from comparator_gui.domain.models import Source

STORY = (
    "Researchers at Mayo Clinic injected 100 million expanded autologous stem cells into the lower back "
    "of ten adults with traumatic spinal cord injury. Seven of the ten patients improved on the American "
    "Spinal Injury Association scale, the investigators reported in the journal Nature Communications. "
    "No serious adverse events were seen during two years of follow-up, the team said on Wednesday."
)

PAGE = f"""<html><head><title>Stem cells help spinal injury | Health News</title>
<link rel="canonical" href="https://news.example.org/stem-cells-spine">
<meta property="og:site_name" content="Health News">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-04-03">
</head><body>
<div class="menu"><a href="/">Home</a> <a href="/world">World</a> <a href="/science">Science</a></div>
<article><h1>Stem cells help spinal injury</h1>
<p>{STORY}</p>
<p>The trial was small and had no control group, so larger studies are needed, experts cautioned.</p>
</article>
<aside class="newsletter"><p>Sign up for our weekly newsletter</p></aside>
<div class="related"><p>Related: Ten foods for a healthy heart</p></div>
</body></html>"""


def test_html_keeps_the_whole_readable_text_and_marks_boilerplate(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = read_article_file(path)[0]
    assert article.text == html_to_text(PAGE)[0]  # verbatim, as before
    marked = [article.text[s:e] for s, e in article.boilerplate]
    assert any("Home World Science" in m for m in marked)
    assert any("newsletter" in m for m in marked)
    assert any("Ten foods for a healthy heart" in m for m in marked)
    story = article.text.index("Researchers at Mayo")
    assert not article.in_boilerplate(story, story + len(STORY))
    meta = article.metadata
    assert meta.url == "https://news.example.org/stem-cells-spine"
    assert meta.outlet == "Health News"
    assert meta.authors == ("Jane Doe",)
    assert meta.published == "2024-04-03"
    assert meta.title and meta.title.startswith("Stem cells help spinal injury")


NBIB = """PMID- 31562345
OWN - NLM
TI  - Phase I trial of adipose-derived mesenchymal stem cells in spinal cord
      injury.
AB  - Ten adults with traumatic spinal cord injury received intrathecal cells
      (NCT02981576). No serious adverse events occurred.
FAU - Bydon, Mohamad
FAU - Dietz, Allan B
DP  - 2024 Feb
JT  - Nature communications
LID - 10.1038/s41467-024-46259-y [doi]

PMID- 40000001
TI  - A record without an abstract.
DP  - 2025
"""


def test_nbib_references_with_their_metadata_and_abstract_as_text(tmp_path: Path) -> None:
    from comparator_gui.domain.intake.read import read_articles

    path = tmp_path / "pubmed.nbib"
    path.write_text(NBIB, encoding="utf-8")
    found = read_articles(path)
    (article,) = found.articles
    meta = article.metadata
    assert meta.title == "Phase I trial of adipose-derived mesenchymal stem cells in spinal cord injury."
    assert meta.authors == ("Bydon, Mohamad", "Dietz, Allan B")
    assert (meta.published, meta.outlet, meta.pmid) == ("2024 Feb", "Nature communications", "31562345")
    assert meta.doi == "10.1038/s41467-024-46259-y"
    assert meta.registry_ids == ("NCT02981576",)
    assert article.text.endswith(
        "Ten adults with traumatic spinal cord injury received intrathecal cells (NCT02981576). "
        "No serious adverse events occurred.\n"
    )
    assert found.problems == [
        "pubmed.nbib, record at line 13 (A record without an abstract.): it has no abstract to quote; "
        "import the article's full text instead"
    ]


def test_ris_reference_metadata(tmp_path: Path) -> None:
    path = tmp_path / "one.ris"
    path.write_text(
        "TY  - JOUR\nTI  - iPS-derived neural stem cells in subacute spinal cord injury\nAU  - Sugai, Keiko\n"
        "AU  - Okano, Hideyuki\nJO  - Regenerative Therapy\nPY  - 2025\nDO  - 10.1016/j.reth.2025.01.001\n"
        "AB  - Four patients received 2 million cells; jRCTa031190228.\nER  -\n",
        encoding="utf-8",
    )
    (article,) = read_article_file(path)
    meta = article.metadata
    assert article.kind == "ris"
    assert meta.authors == ("Sugai, Keiko", "Okano, Hideyuki")
    assert (meta.outlet, meta.published, meta.doi) == ("Regenerative Therapy", "2025", "10.1016/j.reth.2025.01.001")
    assert meta.registry_ids == ("jRCTa031190228",)
    assert article.text == (
        "iPS-derived neural stem cells in subacute spinal cord injury\n\n"
        "Four patients received 2 million cells; jRCTa031190228.\n"
    )


def test_metadata_from_the_text_of_a_plain_article() -> None:
    text = (
        "https://www.example.com/news/2024/stem-cells\n"
        "Stem cells restore movement in spinal injury patients\n"
        "By Maria Lopez and Tom Reed\n"
        "Published: April 3, 2024\n"
        "Source: Example Health\n\n" + STORY
    )
    meta = metadata_from_text(text)
    assert meta.title == "Stem cells restore movement in spinal injury patients"
    assert meta.url == "https://www.example.com/news/2024/stem-cells"
    assert meta.authors == ("Maria Lopez", "Tom Reed")
    assert meta.published == "April 3, 2024"
    assert meta.outlet == "Example Health"


def _source(source_id: str, text: str) -> Source:
    import hashlib

    return Source(id=source_id, path=f"{source_id}.txt", title=source_id.title(), sha256=hashlib.sha256(text.encode()).hexdigest())


def test_duplicates_same_bytes_and_near_copies() -> None:
    other = "A different story about a heart trial in Berlin with forty patients and a placebo group. " * 3
    sources = [_source("mayo", STORY), _source("berlin", other)]
    texts = {"mayo": STORY, "berlin": other}
    (same,) = find_duplicates(STORY, sources, texts)
    assert same.exact and same.source.id == "mayo"
    assert same.message == "This article is the same text as the source “Mayo” (mayo)."
    near_copy = STORY.replace("on Wednesday", "on Wednesday.") + "\nShare this article"
    (near,) = find_duplicates(near_copy, sources, texts)
    assert not near.exact and near.similarity >= 0.9 and near.source.id == "mayo"
    assert "nearly the same text" in near.message
    assert find_duplicates("Something else entirely about kidneys and dialysis.", sources, texts) == []
