"""Build today's briefs from today's articles, as a newsroom cron job would.

    python examples/daily_brief.py articles/2025-05-29 --date 2025-05-29 --out briefs
    python examples/daily_brief.py https://news.example.com/world/rss.xml --out briefs

Inputs are anything `summarizer brief` reads: folders and files of articles, saved pages, URLs,
RSS/Atom feeds, .urls lists. Writes briefs/DATE.md, .json and .html (one brief per story, after an
index of the stories in the Markdown, when the day holds several; then one HTML report per story,
briefs/DATE.story-N.html) and, for articles taken from pages or feeds, briefs/DATE.texts.jsonl (the
texts the evidence offsets index); prints a one-line summary per story. When the output folder
holds an earlier day's brief (briefs/2025-05-28.json, or the latest one before --date), the
Markdown and HTML open with what changed since then, each story compared with the earlier day's
story that reports most of its items. With no endpoint configured it runs on the embedded local
model; set OPENAI_BASE_URL / OPENAI_API_KEY / SUMMARIZER_MODEL to use another. Exit status 3 means
a brief was written without some articles (each is named on stderr, with why).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from summarizer import Config, SummarizerError, brief_stories, read_inputs
from summarizer.ingest.files import texts_jsonl
from summarizer.merge.diff import diff_stories
from summarizer.render import (
    StoryBrief,
    report_paths,
    stories_from_json,
    stories_to_json,
    stories_to_markdown,
    to_html,
)

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def previous_brief(folder: Path, day: str) -> Path | None:
    """The latest ``YYYY-MM-DD.json`` in ``folder`` dated before ``day``."""
    earlier = sorted(p for p in folder.glob("*.json") if _DAY.fullmatch(p.stem) and p.stem < day)
    return earlier[-1] if earlier else None


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
    day = [
        StoryBrief(s.story.id, s.story.label, tuple(a.id for a in s.story.articles), s.briefing)
        for s in stories
    ]
    args.out.mkdir(parents=True, exist_ok=True)
    since = previous_brief(args.out, args.date)
    if since is not None:
        try:
            before = [s.briefing for s in stories_from_json(since.read_bytes())]
            diffs = diff_stories(before, [s.briefing for s in day])
            day = [replace(s, changes=d) for s, d in zip(day, diffs, strict=True)]
        except ValidationError:
            print(f"warning: {since} is not a brief; not compared", file=sys.stderr)
    texts = {a.id: a.text for a in inputs.articles}
    (args.out / f"{args.date}.md").write_text(stories_to_markdown(day), encoding="utf-8")
    (args.out / f"{args.date}.json").write_text(stories_to_json(day), encoding="utf-8")
    for story, path in zip(day, report_paths(args.out / f"{args.date}.html", day), strict=True):
        html = to_html(story.briefing, texts=texts, changes=story.changes)
        path.write_text(html, encoding="utf-8")
    extracted = [a for a in inputs.articles if a.origin != "text"]
    if extracted:
        (args.out / f"{args.date}.texts.jsonl").write_text(texts_jsonl(extracted), "utf-8")
    failed: dict[str, str | None] = {}
    for story in day:
        briefing = story.briefing
        print(
            f"{args.date} {story.id} ({story.label}): {len(story.article_ids)} articles,"
            f" {len(briefing.parties)} parties, {len(briefing.proposals)} proposals,"
            f" {len(briefing.positions)} positions,"
            f" {len(briefing.military_developments)} military developments;"
            f" {briefing.provenance.usage.total_tokens:,} tokens"
        )
        if story.changes is not None:
            counts = ", ".join(f"{n} {s}" for s, n in story.changes.counts().items())
            of = f" ({story.id})" if len(day) > 1 else ""
            print(f"compared with {since}: items {counts}{of}")
        failed.update({r.source_id: r.error for r in briefing.failed})
    print(f"written to {args.out}/")
    for source_id, error in failed.items():
        if not any(f.id == source_id for f in inputs.failed):
            print(f"left out {source_id}: {error}", file=sys.stderr)
    return 3 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
