"""Token and cost accounting, the price table, and budgets that stop new calls."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer import Config, brief, make_article
from summarizer.cost import DEFAULT_PRICES, Price, parse_budget, price_for
from summarizer.schema import Usage
from tests.scripted_server import Step, recorded_completion, scripted_server

ROOT = Path(__file__).resolve().parent.parent
SEED = json.loads((ROOT / "examples/articles/000_2b9f856e03fbdeb3.json").read_text("utf-8"))["text"]


def test_price_table_matches_dated_model_names_and_can_be_extended() -> None:
    assert price_for("gpt-4o-mini-2024-07-18", DEFAULT_PRICES) == DEFAULT_PRICES["gpt-4o-mini"]
    assert price_for("my-model", DEFAULT_PRICES) is None
    usage = Usage(prompt_tokens=1_000_000, completion_tokens=500_000, total_tokens=1_500_000)
    assert Price(0.15, 0.60).cost(usage) == pytest.approx(0.45)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20000", (20000, None)),
        ("20_000", (20000, None)),
        ("$0.50", (None, 0.5)),
        ("0.5usd", (None, 0.5)),
    ],
)
def test_parse_budget(text: str, expected: tuple[int | None, float | None]) -> None:
    assert parse_budget(text) == expected


@pytest.mark.parametrize("text", ["lots", "0", "$-1"])
def test_bad_budget(text: str) -> None:
    with pytest.raises(ValueError, match="budget"):
        parse_budget(text)


def test_cost_of_a_brief_uses_the_models_price_and_user_prices(tmp_path: Path) -> None:
    usage = recorded_completion()["usage"]
    expected = (usage["prompt_tokens"] * 0.15 + usage["completion_tokens"] * 0.60) / 1e6
    with scripted_server([Step()]) as (url, _script):
        config = Config(
            model="gpt-4o-mini",
            base_url=url,
            cache_dir=tmp_path,
            strategy="single",
            use_cache=False,
        )
        briefing = brief([make_article(SEED, id="a")], config=config)
        assert briefing.provenance.cost_usd == pytest.approx(expected, abs=1e-6)
        custom = Config(model="house-model", base_url=url, cache_dir=tmp_path,
                        strategy="single", use_cache=False,
                        prices={"house-model": (1.0, 2.0)})  # fmt: skip
        priced = brief([make_article(SEED, id="a")], config=custom)
    assert priced.provenance.cost_usd == pytest.approx(
        (usage["prompt_tokens"] * 1.0 + usage["completion_tokens"] * 2.0) / 1e6, abs=1e-6
    )


def test_token_budget_stops_new_calls_and_says_so(tmp_path: Path) -> None:
    articles = [make_article(f"Report {i}.\n{SEED}", id=f"a{i}") for i in range(3)]
    with scripted_server([Step()]) as (url, script):
        config = Config(model="gpt-4o-mini", base_url=url, cache_dir=tmp_path,
                        strategy="single", budget_tokens=4_000,
                        concurrency=1)  # fmt: skip
        briefing = brief(articles, config=config)
    assert len(script.seen) == 1
    statuses = [a.status for a in briefing.provenance.articles]
    assert statuses == ["ok", "skipped", "skipped"]
    assert "budget of 4,000 tokens would be exceeded" in (briefing.failed[0].error or "")


def test_cli_budget_exit_status_and_message(tmp_path: Path) -> None:
    folder = tmp_path / "day"
    folder.mkdir()
    for i in range(2):
        (folder / f"a{i}.txt").write_text(f"Report {i}.\n{SEED}", encoding="utf-8")
    with scripted_server([Step()]) as (url, script):
        proc = subprocess.run(
            [sys.executable, "-m", "summarizer", "brief", str(folder), "--budget", "$0.001",
             "--model", "gpt-4o-mini"],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
            env={**os.environ, "OPENAI_BASE_URL": url, "OPENAI_API_KEY": "",
                 "SUMMARIZER_STRATEGY": "single",
                 "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"), "SUMMARIZER_CONCURRENCY": "1"},
        )  # fmt: skip
    assert proc.returncode == 3, proc.stderr
    assert len(script.seen) == 1
    assert "1 not started (budget)" in proc.stderr
    assert "the budget of $0.001 would be exceeded" in proc.stderr
    assert "Traceback" not in proc.stderr
