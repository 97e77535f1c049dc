"""The HTML report: self-contained, escaped, and checked in a real headless Chromium.

The seeds report is rendered from the checked-in brief (which tests/test_pipeline.py keeps equal
to what the cassette produces) and the seed articles. Browser tests skip, saying why, where
Chromium is missing; ``.ci/run`` installs it.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from summarizer import Briefing, read_articles
from summarizer.render import timeline, to_html, to_markdown
from summarizer.schema import (
    Evidence,
    MilitaryDevelopment,
    Party,
    Position,
    Proposal,
    Provenance,
    ReportedDate,
    Source,
    Usage,
)
from tests.browser import chromium

ROOT = Path(__file__).resolve().parent.parent
SEEDS_BRIEF = ROOT / "examples" / "output" / "seeds-brief.json"

# Each payload would set window.__xss if it ever ran as markup.
SCRIPT = "<script>window.__xss = 'script'</script>"
IMG = "<img src=x onerror=\"window.__xss='onerror'\">"
BREAKOUT = "\"><svg onload=window.__xss='attr'>"


def _seeds() -> tuple[Briefing, dict[str, str]]:
    briefing = Briefing.model_validate_json(SEEDS_BRIEF.read_text(encoding="utf-8"))
    texts = {a.id: a.text for a in read_articles([ROOT / "examples" / "articles"])}
    return briefing, texts


def _evidence(briefing: Briefing) -> list[Evidence]:
    items = [*briefing.parties, *briefing.proposals, *briefing.positions,
             *briefing.military_developments]  # fmt: skip
    return [e for item in items for e in item.evidence]


def hostile() -> tuple[Briefing, dict[str, str]]:
    """One article whose text, title, URL, outlet and id all carry markup."""
    sid = f"a{BREAKOUT}{IMG}"
    text = (
        f"Kyiv said talks could resume. {SCRIPT} The ministry added {IMG} nothing more. "
        f"Officials said {BREAKOUT} was not their position."
    )

    def ev(fragment: str) -> Evidence:
        start = text.index(fragment)
        return Evidence(source_id=sid, quote=fragment, start=start, end=start + len(fragment))

    prov = Provenance(
        generator="test", model=f"m{SCRIPT}", prompt_version="v", schema_version="s",
        generated_at="2025-05-29T08:00:00Z", usage=Usage(), articles=[],
    )  # fmt: skip
    briefing = Briefing(
        sources=[Source(id=sid, title=f"Title {SCRIPT}{IMG}", outlet=f"Outlet {IMG}",
                        url=f"javascript:window.__xss='url'//{BREAKOUT}", published="2025-05-29")],
        parties=[Party(id=f"p-{BREAKOUT}", name=f"Kyiv {IMG}", aliases=[SCRIPT], kind="state",
                       role="", affiliation="", sources=[sid], evidence=[ev("Kyiv")])],
        proposals=[Proposal(id=f"proposal-{BREAKOUT}", sources=[sid], evidence=[ev(SCRIPT)],
                            grounded=True, proposer=f"Kyiv {IMG}", proposer_id=f"p-{BREAKOUT}",
                            summary=f"talks {SCRIPT}", addressee="", when=f"June 2 {IMG}",
                            where="", status="proposed",
                            dates=[ReportedDate(value="2025-06-02", precision="day",
                                                text="June 2", sources=[sid])])],
        positions=[Position(id="position-1", sources=[sid], evidence=[ev(IMG)], grounded=True,
                            holder="Kyiv", holder_id=None, topic=BREAKOUT, stance=IMG)],
        military_developments=[MilitaryDevelopment(
            id="development-1", sources=[sid], evidence=[ev(f"Officials said {BREAKOUT}")],
            grounded=False, actor=IMG, actor_id=None, action=f"struck {SCRIPT}", place="",
            time="", quantity="", claimed_by=BREAKOUT, claimed_by_id=None)],
        provenance=prov,
    )  # fmt: skip
    return briefing, {sid: text}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def test_everything_from_an_article_is_escaped() -> None:
    briefing, texts = hostile()
    page = to_html(briefing, texts=texts)
    for payload in (SCRIPT, IMG, BREAKOUT):
        assert payload not in page, payload
    assert "&lt;script&gt;window.__xss" in page
    parser = _Tags()
    parser.feed(page)
    names = [tag for tag, _ in parser.tags]
    # One script (the page's own), no element the payloads bring, no handler attribute, and the
    # javascript: URL is no link.
    assert names.count("script") == 1
    assert not {"img", "svg"} & set(names)
    assert not [a for _, attrs in parser.tags for a, _ in attrs if a.startswith("on")]
    hrefs = [v or "" for _, attrs in parser.tags for a, v in attrs if a == "href"]
    assert not [h for h in hrefs if not h.startswith(("#", "http://", "https://"))]
    # Page ids are the report's own, never an article's.
    ids = [v or "" for _, attrs in parser.tags for a, v in attrs if a == "id"]
    assert all(re.fullmatch(r"[a-z]+(?:-[a-z0-9]+)*", i) for i in ids), ids


def test_the_page_loads_nothing_from_outside() -> None:
    briefing, texts = _seeds()
    page = to_html(briefing, texts=texts)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None
    content = html.unescape(csp.group(1))
    policy = dict(p.strip().split(" ", 1) for p in content.split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"].startswith("'sha256-") and "unsafe" not in content
    assert policy["style-src"].startswith("'sha256-")
    assert not re.search(r"\b(?:src|href)=\"(?:https?:)?//", page)
    assert "@import" not in page and "url(" not in page


def test_markdown_shows_the_timeline_with_its_precision() -> None:
    briefing, _ = hostile()
    md = to_markdown(briefing)
    assert "## Timeline" in md
    line = next(x for x in md.splitlines() if x.startswith("- Mon 02 Jun 2025 (day)"))
    assert "&lt;script&gt;" in line


# ------------------------------------------------------------------------------------------
# In a real browser
# ------------------------------------------------------------------------------------------


def _open(driver: Any, tmp_path: Path, page: str) -> None:
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    driver.get(path.as_uri())


def _visible_source(driver: Any) -> Any:
    shown = [a for a in driver.find_elements("css selector", ".source-text") if a.is_displayed()]
    assert len(shown) == 1
    return shown[0]


def test_every_evidence_entry_is_one_highlight_at_its_offsets(tmp_path: Path) -> None:
    briefing, texts = _seeds()
    with chromium() as driver:
        _open(driver, tmp_path, to_html(briefing, texts=texts))
        # Per evidence entry, the text of its highlighted segments, in document order.
        highlighted: dict[str, str] = driver.execute_script(
            """const out = {};
            for (const m of document.querySelectorAll('mark[data-ev]'))
              for (const ev of m.dataset.ev.split(' ')) out[ev] = (out[ev] || '') + m.textContent;
            return out;"""
        )
        # Per quote button: its entry, its article and the quote it shows.
        buttons: list[list[str]] = driver.execute_script(
            """return [...document.querySelectorAll('.quote')].map(q =>
              [q.dataset.ev, q.dataset.source, q.firstChild.textContent.slice(1, -1)]);"""
        )
        keys: dict[str, str] = driver.execute_script(
            """const out = {};
            for (const a of document.querySelectorAll('.source-text'))
              out[a.dataset.source] = a.querySelector('.meta code').textContent;
            return out;"""
        )
    evidence = _evidence(briefing)
    assert len(highlighted) == len(buttons) == len(evidence) > 20
    shown = sorted((keys[source], quote) for _, source, quote in buttons)
    assert shown == sorted((e.source_id, e.quote) for e in evidence)
    for ev, source, quote in buttons:
        assert highlighted[ev] == quote
        assert quote in texts[keys[source]]


def test_a_click_reveals_the_right_article_and_passage(tmp_path: Path) -> None:
    briefing, texts = _seeds()
    outlets = {s.outlet or s.id: s.id for s in briefing.sources}
    with chromium() as driver:
        _open(driver, tmp_path, to_html(briefing, texts=texts))
        articles = driver.find_elements("css selector", ".source-text")
        assert not any(a.is_displayed() for a in articles)
        checked = 0
        for button in driver.find_elements("css selector", ".kind .item .quote")[:12]:
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
            button.click()
            where = button.find_element("css selector", ".where").get_attribute("textContent")
            quote = button.get_attribute("textContent")[1 : -len(where) - 1]
            found = re.fullmatch(r" — (.+) \[(\d+):(\d+)\]", where)
            assert found is not None, where
            source_id = outlets[found.group(1)]
            start, end = int(found.group(2)), int(found.group(3))
            article = _visible_source(driver)
            # The article shown is the quote's, and what is lit there is the quote at its offsets.
            assert article.find_element("css selector", ".meta code").text == source_id
            active = article.find_elements("css selector", "mark.active")
            lit = "".join(m.get_attribute("textContent") for m in active)
            assert lit == quote == texts[source_id][start:end]
            checked += 1
        assert checked >= 5
        # Clicking an item (not a quote) opens its first quote's article with all its passages.
        item = driver.find_element("css selector", ".kind .item")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", item)
        item.find_element("css selector", ".head").click()
        first = item.find_element("css selector", ".quote")
        assert _visible_source(driver).get_attribute("data-source") == first.get_attribute(
            "data-source"
        )


def test_party_filter_shows_every_item_of_the_party(tmp_path: Path) -> None:
    briefing, texts = _seeds()
    by_party = {p.id: 0 for p in briefing.parties}
    named = {n: p.id for p in briefing.parties for n in (p.name, *p.aliases)}
    for item in [*briefing.proposals, *briefing.positions, *briefing.military_developments]:
        ids = {getattr(item, f, None) for f in ("proposer_id", "holder_id", "actor_id",
                                                 "claimed_by_id")}  # fmt: skip
        ids.add(named.get(getattr(item, "addressee", "")))
        for pid in ids & set(by_party):
            by_party[pid] += 1
    n, busiest = max((n, i) for i, n in enumerate(by_party.values(), start=1))
    assert n > 0
    with chromium() as driver:
        _open(driver, tmp_path, to_html(briefing, texts=texts))
        driver.find_element("css selector", f'.party-filter[data-party="party-{busiest}"]').click()
        shown = [i for i in driver.find_elements("css selector", ".kind .item") if i.is_displayed()]
        assert len(shown) == n
        assert all(f"party-{busiest}" in i.get_attribute("data-parties").split() for i in shown)
        driver.find_element("css selector", '.party-filter[data-party=""]').click()
        every = driver.find_elements("css selector", ".kind .item")
        assert all(i.is_displayed() for i in every)


def test_a_hostile_article_runs_nothing(tmp_path: Path) -> None:
    briefing, texts = hostile()
    with chromium() as driver:
        _open(driver, tmp_path, to_html(briefing, texts=texts))
        for button in driver.find_elements("css selector", ".quote, .open-source, .party-filter"):
            if button.is_displayed():
                button.click()
        assert driver.execute_script("return window.__xss === undefined")
        assert driver.execute_script("return document.scripts.length") == 1
        assert not driver.execute_script(
            "return [...document.querySelectorAll('*')].some(e => [...e.attributes]"
            ".some(a => a.name.startsWith('on')))"
        )
        assert driver.find_elements("css selector", "svg, img") == []
        # The markup shows as text, where the reader can see it.
        driver.find_element("css selector", '.party-filter[data-party=""]').click()
        driver.find_element("css selector", ".proposal .quote").click()
        reader = _visible_source(driver).text
        assert SCRIPT in reader and IMG in reader
        assert driver.find_elements("css selector", 'a[href^="javascript"]') == []


def test_timeline_orders_dates_by_period_and_shows_precision() -> None:
    briefing, _ = hostile()
    sid = briefing.sources[0].id
    base = briefing.proposals[0]
    dated = [
        base.model_copy(update={"id": f"proposal-{n}", "dates": [
            ReportedDate(value=value, precision=precision, text=value, sources=[sid])]})
        for n, (value, precision) in enumerate(
            [("2025-06-02", "day"), ("2025-W22", "week"), ("2025-05", "month"),
             ("2025-05-26", "day"), ("2025", "year")], start=1)
    ]  # fmt: skip
    entries = timeline(briefing.model_copy(update={"proposals": dated}))
    assert [(e.date.value, e.shown) for e in entries] == [
        ("2025", "2025"),
        ("2025-05", "May 2025"),
        ("2025-05-26", "Mon 26 May 2025"),  # the day before the week that starts on it
        ("2025-W22", "week of 26 May 2025 (2025-W22)"),
        ("2025-06-02", "Mon 02 Jun 2025"),
    ]


def test_render_from_a_fresh_checkout_needs_no_model(tmp_path: Path) -> None:
    """`summarizer render` in a child process: the checked-in brief, its articles found through
    the paths it records, and no endpoint configured at all."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    out = tmp_path / "brief.html"
    args = [sys.executable, "-m", "summarizer", "render", str(SEEDS_BRIEF), "-f", "html"]
    done = subprocess.run([*args, "-o", str(out)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == (SEEDS_BRIEF.with_suffix(".html")).read_text(
        encoding="utf-8"
    )
    # Elsewhere the articles are not found: the report says so instead of failing.
    done = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "The article text was not available" in done.stdout
    assert "<mark" not in done.stdout
