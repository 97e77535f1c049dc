"""Extraction strategies compared on the seeds: recall against the gold file, and cost in calls.

Replays the recorded embedded-model traffic of each strategy (no model, no network):
``cassettes/seeds_brief_windows.yaml`` (one call per ~1,500 characters of numbered sentences) and
``cassettes/seeds_brief_single.yaml`` (one call per article), builds each brief, scores it with
``evals/score.py`` and prints one JSON line last.

    python evals/strategies.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evals.score import load_texts, score  # noqa: E402
from summarizer import Config, brief, read_articles, to_json  # noqa: E402
from summarizer.config import EMBEDDED_MODEL, Strategy  # noqa: E402
from tests.replay import replaying  # noqa: E402

ARTICLES = ROOT / "examples" / "articles"
GOLD = ROOT / "evals" / "gold" / "seeds.json"
CASSETTES: dict[Strategy, str] = {s: f"seeds_brief_{s}" for s in ("windows", "single")}


def run(strategy: Strategy) -> dict[str, Any]:
    articles = read_articles([ARTICLES])
    with tempfile.TemporaryDirectory() as cache, replaying(CASSETTES[strategy]) as url:
        config = Config(
            model=EMBEDDED_MODEL,
            base_url=url,
            cache_dir=Path(cache),
            strategy=strategy,
            max_transport_attempts=1,
        )
        briefing = brief(articles, config=config)
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    result = score(json.loads(to_json(briefing)), gold, load_texts(ARTICLES))
    runs = briefing.provenance.articles
    usage = briefing.provenance.usage
    return {
        "strategy": strategy,
        "articles_ok": sum(r.status == "ok" for r in runs),
        "calls": sum(r.calls for r in runs),
        "calls_per_article": round(sum(r.calls for r in runs) / len(runs), 2),
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "precision": result["precision"],
        "verdicts": result["verdicts"],
        "key_fact_recall_strict": result["key_fact_recall_strict"],
        "key_fact_recall": result["key_fact_recall"],
        "key_facts_matched": result["key_facts_matched"],
        "key_facts_total": result["key_facts_total"],
        "party_recall": result["party_recall"],
        "duplicate_parties": result["duplicate_party_count"],
        "evidence_verbatim_share": result["evidence_verbatim_share"],
        "items": result["counts"]["items"],
        "disagreements": sum(
            len(item.disagreements)
            for item in [
                *briefing.proposals,
                *briefing.positions,
                *briefing.military_developments,
            ]
        ),
        "notes": [f"{r.source_id}: {r.error}" for r in runs if r.error],
    }


def main() -> None:
    results = {strategy: run(strategy) for strategy in CASSETTES}
    for r in results.values():
        print(
            f"{r['strategy']}: precision {r['precision']}, strict recall "
            f"{r['key_fact_recall_strict']}, recall {r['key_fact_recall']} "
            f"({r['key_facts_matched']}/"
            f"{r['key_facts_total']}), party recall {r['party_recall']}, {r['items']} items, "
            f"{r['disagreements']} disagreements; {r['calls']} calls "
            f"({r['calls_per_article']}/article), {r['prompt_tokens']:,} prompt + "
            f"{r['completion_tokens']:,} completion tokens"
        )
        for note in r["notes"]:
            print(f"  {note}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
