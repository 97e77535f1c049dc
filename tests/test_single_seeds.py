"""The ``single`` strategy (one call per article) on the five seed articles, replaying real
embedded-model traffic.

Re-record (needs the [local] extra):
    pytest tests/test_single_seeds.py --record-mode=rewrite
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from summarizer import Briefing, Config, brief, read_articles, to_json

ARTICLES = Path("examples") / "articles"
pytestmark = [pytest.mark.vcr, pytest.mark.usefixtures("at_repository_root")]
CASSETTE = "seeds_brief_single"

_memo: dict[str, Briefing] = {}


def single_brief(config: Config) -> Briefing:
    if "single" not in _memo:
        _memo["single"] = brief([ARTICLES], config=dataclasses.replace(config, strategy="single"))
    return _memo["single"]


def test_one_call_per_article(model_config: Config) -> None:
    runs = single_brief(model_config).provenance.articles
    assert [r.status for r in runs] == ["ok"] * 5, [r.error for r in runs]
    assert [r.calls for r in runs] == [1] * 5


def test_single_evidence_is_whole_sentences_verbatim(model_config: Config) -> None:
    data = json.loads(to_json(single_brief(model_config)))
    texts = {a.id: a.text for a in read_articles([ARTICLES])}
    items = [*data["proposals"], *data["positions"], *data["military_developments"]]
    assert items
    for item in items:
        for ev in item["evidence"]:
            assert texts[ev["source_id"]][ev["start"] : ev["end"]] == ev["quote"]
