"""Saved news pages in: the seed texts wrapped in the markup of three kinds of news site
(tests/sites.py), read as .html files.

The extracted text must be the article and nothing else, the metadata must come from the page,
and the brief from the pages must be the brief from the clean texts: the seeds cassette
(requests matched on their body, which holds the article text) replays for the extracted text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer import Briefing, Config, brief, read_articles, to_json
from summarizer.config import EMBEDDED_MODEL
from summarizer.ingest import Article, find_junk
from tests.replay import SEEDS_CASSETTE, replaying
from tests.sites import SITES, PageSpec

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "examples" / "articles"
PUBLISHED = "2025-05-28"
# Headlines, outlets and authors written for the tests; the body is the seed's own text.
PAGES = {
    "000_2b9f856e03fbdeb3": ("wire", "Russia offers Ukraine a second round of talks in Istanbul"),
    "001_67285be19205db1f": ("portal", "Russia proposes June 2 talks; Kyiv awaits Moscow's terms"),
    "002_801f7c0a4fd1e314": ("regional", "Moscow suggests new Istanbul meeting on June 2"),
    "003_8f913e146155efb0": ("wire", "Russia proposes June 2 for peace talks with Ukraine"),
    "004_7d3abf7c1f76e3af": ("portal", "Kremlin proposes talks next Monday in Istanbul"),
}
OUTLETS = {
    "wire": "The Daily Wire Service",
    "portal": "News Portal Live",
    "regional": "The Shire Gazette",
}
# Page furniture the templates put around the article: none of it may reach the text.
FURNITURE = [
    "Home", "Sign in", "Breaking:", "Advertisement", "Read more", "Related stories",
    "Get our morning briefing", "Subscribe", "Comments (214)", "mark my words", "Terms of Use",
    "Copyright", "Also Read", "Trump warns of consequences", "Sponsored", "holiday destinations",
    "Trending", "Latest Comments", "Post Comment", "Most Read", "Photo by", "(Photo:",
    "Delegates take their seats", "We use cookies", "More from World", "Flooding closes",
    "Skip to content", "Readers react", "WhatsApp", "E-Paper",
]  # fmt: skip
# Seeds whose text survives extraction byte for byte; the others lose only the blank lines
# between paragraphs (trafilatura puts one newline between blocks) and no-break spaces.
EXACT = ["000_2b9f856e03fbdeb3", "001_67285be19205db1f", "002_801f7c0a4fd1e314"]


def _seeds() -> dict[str, Article]:
    return {a.id: a for a in read_articles([ARTICLES])}


def _paragraphs(text: str) -> list[str]:
    """Non-empty lines, spaces normalised (the extractor turns a no-break space into a space)."""
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    for seed_id, seed in _seeds().items():
        kind, headline = PAGES[seed_id]
        spec = PageSpec(
            headline=headline,
            paragraphs=_paragraphs(seed.clean_text),
            published=PUBLISHED,
            outlet=OUTLETS[kind],
            author="Alex Example",
            url=f"https://{kind}.example/world/{seed_id}",
        )
        (folder / f"{seed_id}.html").write_text(SITES[kind](spec), encoding="utf-8")
    return folder


@pytest.mark.parametrize("seed_id", sorted(PAGES))
def test_page_text_is_the_article_and_nothing_else(pages: Path, seed_id: str) -> None:
    (article,) = read_articles([pages / f"{seed_id}.html"])
    seed = _seeds()[seed_id]
    assert _paragraphs(article.text) == _paragraphs(seed.clean_text)
    for furniture in FURNITURE:
        assert furniture not in article.text, furniture


@pytest.mark.parametrize("seed_id", sorted(PAGES))
def test_page_metadata_is_filled_in(pages: Path, seed_id: str) -> None:
    (article,) = read_articles([pages / f"{seed_id}.html"])
    kind, headline = PAGES[seed_id]
    assert (article.title, article.outlet, article.published, article.author) == (
        headline, OUTLETS[kind], PUBLISHED, "Alex Example"
    )  # fmt: skip
    assert article.url == f"https://{kind}.example/world/{seed_id}"
    assert article.origin == "html" and article.path and article.path.endswith(".html")


@pytest.mark.parametrize("seed_id", EXACT)
def test_extracted_text_is_the_clean_seed_text_exactly(pages: Path, seed_id: str) -> None:
    (article,) = read_articles([pages / f"{seed_id}.html"])
    assert article.clean_text == _seeds()[seed_id].clean_text


def _brief(paths: list[Path], tmp_path: Path) -> Briefing:
    with replaying(SEEDS_CASSETTE) as base_url:
        config = Config(model=EMBEDDED_MODEL, base_url=base_url, use_cache=False,
                        cache_dir=tmp_path, max_transport_attempts=1)  # fmt: skip
        return brief(read_articles(paths), config=config)


def test_brief_from_pages_is_the_brief_from_clean_text(pages: Path, tmp_path: Path) -> None:
    from_pages = _brief([pages / f"{i}.html" for i in EXACT], tmp_path / "a")
    from_text = _brief([ARTICLES / f"{i}.json" for i in EXACT], tmp_path / "b")
    assert [r.status for r in from_pages.provenance.articles] == ["ok"] * len(EXACT)

    def content(briefing: Briefing) -> object:
        """The briefing less what depends on the input format: the sources' paths and metadata,
        and the evidence offsets (the seed files hold page junk before some quotes, the
        extracted text does not; each set of offsets indexes its own text, checked below)."""
        data = json.loads(to_json(briefing))
        data.pop("sources")
        data["provenance"].pop("generated_at")
        return _without_offsets(data)

    assert content(from_pages) == content(from_text)
    # The sources carry what the pages said about themselves.
    assert {s.outlet for s in from_pages.sources} == set(OUTLETS.values())
    # Every quote is the stored (extracted) text between its offsets.
    texts = {a.id: a.text for a in read_articles([pages / f"{i}.html" for i in EXACT])}
    items = [*from_pages.parties, *from_pages.proposals, *from_pages.positions,
             *from_pages.military_developments]  # fmt: skip
    quotes = [e for item in items for e in item.evidence]
    assert len(quotes) > 10
    for ev in quotes:
        assert texts[ev.source_id][ev.start : ev.end] == ev.quote


def _without_offsets(value: object) -> object:
    if isinstance(value, dict):
        return {k: _without_offsets(v) for k, v in value.items() if k not in ("start", "end")}
    if isinstance(value, list):
        return [_without_offsets(v) for v in value]
    return value


def test_a_page_in_its_own_charset_is_decoded(tmp_path: Path) -> None:
    body = "Киев отказался от переговоров в Стамбуле, сообщил министр. " * 4
    page = (
        '<html><head><meta charset="windows-1251"><title>Переговоры</title></head><body>'
        f"<nav><a href='/'>Главная</a></nav><article><p>{body}</p></article></body></html>"
    )
    path = tmp_path / "ru.html"
    path.write_bytes(page.encode("cp1251"))
    (article,) = read_articles([path])
    assert article.text == body.strip()


@pytest.mark.parametrize(
    "line",
    [
        "Delegates arrive at the palace. (Photo by Jane Doe/Agency)",
        "Photo: Staff Photographer / Agency",
        "Image credit: Agency",
    ],
)
def test_caption_credit_lines_left_in_the_text_are_junk(line: str) -> None:
    text = f"Russia proposed talks on June 2.\n{line}\nUkraine said it would attend."
    spans = find_junk(text)
    assert [text[s:e] for s, e in spans] == [line]


def test_reporting_that_mentions_photos_is_not_junk() -> None:
    text = "The ministry released a photo by its own staff showing the damaged bridge."
    assert find_junk(text) == ()
