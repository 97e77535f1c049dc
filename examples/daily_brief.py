"""Build today's brief from a folder of today's articles, as a newsroom cron job would.

    python examples/daily_brief.py articles/2025-05-28 --date 2025-05-28 --out briefs

writes briefs/2025-05-28.md and briefs/2025-05-28.json and prints a one-line summary. With no
endpoint configured it runs on the embedded local model; set OPENAI_BASE_URL / OPENAI_API_KEY /
SUMMARIZER_MODEL to use another. Exit status 3 means the brief was written without some articles.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from summarizer import Config, SummarizerError, brief, read_articles, to_json, to_markdown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of today's articles")
    parser.add_argument("--date", default=date.today().isoformat(), help="publication date")
    parser.add_argument("--out", type=Path, default=Path("briefs"), help="output folder")
    args = parser.parse_args(argv)
    try:
        articles = read_articles([args.folder], published=args.date)
        briefing = brief(articles, config=Config())
    except SummarizerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{args.date}.md").write_text(to_markdown(briefing), encoding="utf-8")
    (args.out / f"{args.date}.json").write_text(to_json(briefing), encoding="utf-8")
    failed = briefing.failed
    print(
        f"{args.date}: {len(briefing.sources)} articles, {len(briefing.parties)} parties, "
        f"{len(briefing.proposals)} proposals, {len(briefing.positions)} positions, "
        f"{len(briefing.military_developments)} military developments; "
        f"{briefing.provenance.usage.total_tokens:,} tokens; written to {args.out}/"
    )
    for run in failed:
        print(f"left out {run.source_id}: {run.error}", file=sys.stderr)
    return 3 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
