"""Build the brief of every evaluation story with the real model, for ``evals/run_story.py``.

    python evals/brief_stories.py OUT_DIR [--strategy windows|single] [--split seeds,dev,heldout]

Writes ``OUT_DIR/<story>.json`` (the brief) and ``OUT_DIR/runs.jsonl`` (time, calls and tokens
per story). Stories are the seeds (``examples/articles``) and every ``evals/stories/<id>/``
whose articles are present (they are kept out of git; see ``evals/stories/README.md``).
Extractions are stored in ``OUT_DIR/cache``, so a re-run only pays for what changed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import Config, brief, read_articles, to_json  # noqa: E402
from summarizer.config import STRATEGIES, Strategy  # noqa: E402


def stories(splits: set[str]) -> dict[str, tuple[str, Path]]:
    """Story id -> (split, articles folder), for the splits asked for."""
    found: dict[str, tuple[str, Path]] = {}
    if "seeds" in splits:
        found["seeds"] = ("seeds", ROOT / "examples" / "articles")
    for index in sorted((ROOT / "evals" / "stories").glob("*/index.json")):
        split = json.loads(index.read_text(encoding="utf-8")).get("split", "")
        folder = index.parent / "articles"
        if split in splits and folder.is_dir() and any(folder.glob("*.json")):
            found[index.parent.name] = (split, folder)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--strategy", choices=list(STRATEGIES), default=None)
    parser.add_argument("--split", default="seeds,dev")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    strategy: Strategy | None = args.strategy
    for story, (split, folder) in stories(set(args.split.split(","))).items():
        started = time.monotonic()
        briefing = brief(
            read_articles([folder]), config=Config(cache_dir=args.out / "cache", strategy=strategy)
        )
        seconds = time.monotonic() - started
        (args.out / f"{story}.json").write_text(to_json(briefing), encoding="utf-8")
        runs = briefing.provenance.articles
        row = {
            "story": story,
            "split": split,
            "seconds": round(seconds, 1),
            "articles": len(runs),
            "failed": sum(r.status == "failed" for r in runs),
            "calls": sum(r.calls for r in runs),
            "prompt_tokens": briefing.provenance.usage.prompt_tokens,
            "completion_tokens": briefing.provenance.usage.completion_tokens,
            "unsupported": sum(r.unsupported_items for r in runs),
            "regrounded": sum(r.regrounded_items for r in runs),
        }
        with (args.out / "runs.jsonl").open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(row) + "\n")
        print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
