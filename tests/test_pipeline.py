"""The whole pipeline on the five seed articles, replaying real embedded-model traffic.

Re-record (needs the [local] extra; about 6 minutes on 2 cores):
    pytest tests/test_pipeline.py --record-mode=rewrite
then refresh the checked-in example output (the HTML report's screenshot needs Chromium):
    SUMMARIZER_UPDATE_EXAMPLES=1 pytest tests/test_pipeline.py
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from summarizer import Briefing, Config, brief, read_articles, to_json, to_markdown
from summarizer.render import to_html
from tests import browser

ROOT = Path(__file__).resolve().parent.parent
# Relative, so the sources' paths in the checked-in output do not depend on the checkout.
ARTICLES = Path("examples") / "articles"
OUTPUT = ROOT / "examples" / "output"
pytestmark = [pytest.mark.vcr, pytest.mark.usefixtures("at_repository_root")]
CASSETTE = "seeds_brief"

_memo: dict[str, Briefing] = {}


def _generated_at() -> datetime:
    path = OUTPUT / "seeds-brief.json"
    if path.exists():
        stamp = json.loads(path.read_text(encoding="utf-8"))["provenance"]["generated_at"]
        return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return datetime.now().astimezone()


def seeds_brief(config: Config) -> Briefing:
    """The seeds briefing, computed once per session (the model is called at most once)."""
    if "seeds" not in _memo:
        _memo["seeds"] = brief([ARTICLES], config=config, generated_at=_generated_at())
    return _memo["seeds"]


def _texts() -> dict[str, str]:
    return {a.id: a.text for a in read_articles([ARTICLES])}


def _items(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [*data["proposals"], *data["positions"], *data["military_developments"]]


def test_every_seed_was_extracted_with_one_call(model_config: Config) -> None:
    briefing = seeds_brief(model_config)
    runs = briefing.provenance.articles
    assert [r.status for r in runs] == ["ok"] * 5, [r.error for r in runs]
    assert all(r.calls >= 1 for r in runs)
    assert briefing.provenance.usage.total_tokens == sum(r.usage.total_tokens for r in runs) > 0


def test_json_contract(model_config: Config) -> None:
    data = json.loads(to_json(seeds_brief(model_config)))
    for key in ("sources", "parties", "proposals", "positions", "military_developments"):
        assert isinstance(data[key], list), key
    assert {s["id"] for s in data["sources"]} == set(_texts())
    for source in data["sources"]:
        assert source["path"].endswith(".json")
        assert source["published"] == "2025-05-28"
    prov = data["provenance"]
    assert prov["model"] and prov["prompt_version"].startswith("extract-v")
    assert prov["usage"]["total_tokens"] > 0 and prov["generated_at"]
    assert data["parties"] and _items(data)


def test_every_quote_is_its_source_text_between_its_offsets(model_config: Config) -> None:
    data = json.loads(to_json(seeds_brief(model_config)))
    texts = _texts()
    checked = 0
    for item in [*data["parties"], *_items(data)]:
        assert isinstance(item["evidence"], list)
        for ev in item["evidence"]:
            assert set(ev) == {"source_id", "quote", "start", "end"}
            assert texts[ev["source_id"]][ev["start"] : ev["end"]] == ev["quote"]
            checked += 1
    assert checked > 20


def test_merged_items_carry_evidence_from_each_of_their_sources(model_config: Config) -> None:
    data = json.loads(to_json(seeds_brief(model_config)))
    multi = [i for i in _items(data) if len(i["sources"]) > 1]
    assert multi, "some item is reported by several outlets"
    for item in multi:
        if item["grounded"]:
            assert {e["source_id"] for e in item["evidence"]} <= set(item["sources"])
    fully = [i for i in multi if {e["source_id"] for e in i["evidence"]} == set(i["sources"])]
    assert fully


@pytest.mark.parametrize(
    "variants",
    [
        ("Zelensky", "Zelenskyy"),
        ("Sergei Lavrov", "Sergey Lavrov", "Lavrov"),
        ("Kyiv", "Kiev"),
        ("Sumy", "Sumi"),
        ("Putin",),
        ("Merz",),
    ],
)
def test_seed_spelling_variants_are_one_party(model_config: Config, variants: tuple[str]) -> None:
    briefing = seeds_brief(model_config)
    holders = [
        p.name
        for p in briefing.parties
        if any(v in name for v in variants for name in [p.name, *p.aliases])
    ]
    assert len(holders) <= 1, holders


def test_no_junk_leaks_into_items(model_config: Config) -> None:
    text = to_json(seeds_brief(model_config))
    for junk in ("Story continues below", "MENAFN", "Advertisement", "Netanyahu", "Latest Comment"):
        assert junk not in text
    # Nothing of the prompt's worked example is taken for article content.
    for example in ("Ruritania", "Freedonia", "Kovac", "Dalen", "Vienna"):
        assert example not in text


def test_checked_in_example_output_is_what_the_cassettes_produce(model_config: Config) -> None:
    briefing = seeds_brief(model_config)
    expected = {
        "seeds-brief.json": to_json(briefing),
        "seeds-brief.md": to_markdown(briefing),
        "seeds-brief.html": to_html(briefing, texts=_texts()),
    }
    screenshot = OUTPUT / "seeds-report.png"
    if os.environ.get("SUMMARIZER_UPDATE_EXAMPLES"):
        for name, text in expected.items():
            (OUTPUT / name).write_text(text, encoding="utf-8")
        if (reason := browser.missing()) is not None:
            pytest.fail(f"cannot refresh {screenshot.name}: {reason}")
        browser.screenshot(OUTPUT / "seeds-brief.html", screenshot)
    assert screenshot.stat().st_size > 0, "SUMMARIZER_UPDATE_EXAMPLES=1 makes the screenshot"
    for name, text in expected.items():
        assert (OUTPUT / name).read_text(encoding="utf-8") == text, (
            f"examples/output/{name} is stale: SUMMARIZER_UPDATE_EXAMPLES=1 pytest {__file__}"
        )
