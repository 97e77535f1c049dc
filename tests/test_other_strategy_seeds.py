"""The extraction strategy that is not the embedded default, on the five seed articles,
replaying real embedded-model traffic (``evals/strategies.py`` scores both).

Re-record (needs the [local] extra):
    pytest tests/test_other_strategy_seeds.py --record-mode=rewrite
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from summarizer import Briefing, Config, brief, read_articles, to_json
from summarizer.config import EMBEDDED_STRATEGY, Strategy

ARTICLES = Path("examples") / "articles"
OTHER: Strategy = "single" if EMBEDDED_STRATEGY == "windows" else "windows"
pytestmark = [pytest.mark.vcr, pytest.mark.usefixtures("at_repository_root")]
CASSETTE = f"seeds_brief_{OTHER}"

_memo: dict[str, Briefing] = {}


def other_brief(config: Config) -> Briefing:
    if OTHER not in _memo:
        _memo[OTHER] = brief([ARTICLES], config=dataclasses.replace(config, strategy=OTHER))
    return _memo[OTHER]


def test_calls_per_article_follow_the_strategy(model_config: Config) -> None:
    runs = other_brief(model_config).provenance.articles
    assert [r.status for r in runs] == ["ok"] * 5, [r.error for r in runs]
    if OTHER == "single":
        assert [r.calls for r in runs] == [1] * 5
    else:
        assert sum(r.calls for r in runs) > 5


def test_evidence_is_whole_sentences_verbatim(model_config: Config) -> None:
    data = json.loads(to_json(other_brief(model_config)))
    texts = {a.id: a.text for a in read_articles([ARTICLES])}
    items = [*data["proposals"], *data["positions"], *data["military_developments"]]
    assert items
    for item in items:
        for ev in item["evidence"]:
            assert texts[ev["source_id"]][ev["start"] : ev["end"]] == ev["quote"]
