"""Build today's briefs from today's articles, as a newsroom cron job would.

    python examples/daily_brief.py articles/2025-05-28 --date 2025-05-28 --out briefs
    python examples/daily_brief.py https://news.example.com/world/rss.xml --out briefs

Inputs are anything `summarizer brief` reads: folders and files of articles, saved pages, URLs,
RSS/Atom feeds, .urls lists. Writes briefs/DATE.md and briefs/DATE.json (one brief per story,
after an index of the stories, when the day holds several) and, for articles taken from pages or
feeds, briefs/DATE.texts.jsonl (the texts the evidence offsets index); prints a one-line summary
per story. With no endpoint configured it runs on the embedded local model; set OPENAI_BASE_URL /
OPENAI_API_KEY / SUMMARIZER_MODEL to use another. Exit status 3 means a brief was written without
some articles (each is named on stderr, with why).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from summarizer import Config, SummarizerError, brief_stories, read_inputs
from summarizer.ingest.files import texts_jsonl
from summarizer.render import stories_to_json, stories_to_markdown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", help="folders, files, URLs or feeds of today's news")
    parser.add_argument("--date", default=date.today().isoformat(), help="publication date")
    parser.add_argument("--out", type=Path, default=Path("briefs"), help="output folder")
    args = parser.parse_args(argv)
    try:
        inputs = read_inputs(args.inputs, published=args.date)
        for failure in inputs.failed:
            print(f"left out {failure}", file=sys.stderr)
        stories = brief_stories(inputs.articles, config=Config(), failed=inputs.failed)
    except SummarizerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    pairs = [(s.story, s.briefing) for s in stories]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{args.date}.md").write_text(stories_to_markdown(pairs), encoding="utf-8")
    (args.out / f"{args.date}.json").write_text(stories_to_json(pairs), encoding="utf-8")
    extracted = [a for a in inputs.articles if a.origin != "text"]
    if extracted:
        (args.out / f"{args.date}.texts.jsonl").write_text(texts_jsonl(extracted), "utf-8")
    failed: dict[str, str | None] = {}
    for story, briefing in pairs:
        print(
            f"{args.date} {story.id} ({story.label}): {len(story.articles)} articles,"
            f" {len(briefing.parties)} parties, {len(briefing.proposals)} proposals,"
            f" {len(briefing.positions)} positions,"
            f" {len(briefing.military_developments)} military developments;"
            f" {briefing.provenance.usage.total_tokens:,} tokens"
        )
        failed.update({r.source_id: r.error for r in briefing.failed})
    print(f"written to {args.out}/")
    for source_id, error in failed.items():
        if not any(f.id == source_id for f in inputs.failed):
            print(f"left out {source_id}: {error}", file=sys.stderr)
    return 3 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
