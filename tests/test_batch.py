"""OpenAI Batch API mode against the scripted loopback server: upload, poll, join on custom_id,
re-run invalid answers through the normal path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer import Config, brief, make_article
from summarizer.errors import ConfigError
from tests.scripted_server import Step, recorded_completion, scripted_server

ROOT = Path(__file__).resolve().parent.parent
SEED = json.loads((ROOT / "examples/articles/000_2b9f856e03fbdeb3.json").read_text("utf-8"))["text"]


def test_batch_mode_joins_results_and_reruns_invalid_answers(tmp_path: Path) -> None:
    articles = [make_article(f"Report {i}.\n{SEED}", id=f"a{i}") for i in range(3)]
    articles.append(make_article(f"Report BADBATCH.\n{SEED}", id="BADBATCH"))
    with scripted_server([Step()], bad_batch_line="BADBATCH") as (url, script):
        config = Config(model="gpt-4o-mini", base_url=url, cache_dir=tmp_path, batch=True,
                        strategy="single",
                        batch_poll_s=0.01)  # fmt: skip
        briefing = brief(articles, config=config)
    batch = next(iter(script.batches.values()))
    assert batch["status"] == "completed" and batch["polls"] == 2
    # 4 lines in the batch, then one live call for the answer that failed the schema.
    assert len(script.bodies) == 5 and len(script.seen) == 1
    assert "Report BADBATCH." in script.bodies[-1]
    runs = {r.source_id: r for r in briefing.provenance.articles}
    assert all(r.status == "ok" for r in runs.values())
    assert all(runs[f"a{i}"].calls == 1 for i in range(3))
    usage = recorded_completion()["usage"]
    full = (usage["prompt_tokens"] * 0.15 + usage["completion_tokens"] * 0.60) / 1e6 * 4
    assert briefing.provenance.cost_usd == pytest.approx(full / 2, abs=1e-6)


def test_batch_mode_runs_single_pass_only() -> None:
    with pytest.raises(ConfigError, match="single-pass"):
        Config(base_url="http://127.0.0.1:9/v1", batch=True, strategy="windows").resolve(env={})
