"""Build today's brief from a folder of today's articles, as a newsroom cron job would.

    python examples/daily_brief.py articles/2025-05-29 --date 2025-05-29 --out briefs

writes briefs/2025-05-29.md, .json and .html and prints a one-line summary. When the output folder
holds an earlier day's brief (briefs/2025-05-28.json, or the latest one before --date), the Markdown
and HTML open with what changed since then. With no endpoint configured it runs on the embedded
local model; set OPENAI_BASE_URL / OPENAI_API_KEY / SUMMARIZER_MODEL to use another. Exit status 3
means the brief was written without some articles.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from summarizer import Briefing, Config, SummarizerError, brief, read_articles, to_json, to_markdown
from summarizer.merge.diff import BriefingDiff, diff_briefings
from summarizer.render import to_html

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def previous_brief(folder: Path, day: str) -> Path | None:
    """The latest ``YYYY-MM-DD.json`` in ``folder`` dated before ``day``."""
    earlier = sorted(p for p in folder.glob("*.json") if _DAY.fullmatch(p.stem) and p.stem < day)
    return earlier[-1] if earlier else None


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
    changes: BriefingDiff | None = None
    since = previous_brief(args.out, args.date)
    if since is not None:
        try:
            changes = diff_briefings(Briefing.model_validate_json(since.read_bytes()), briefing)
        except ValidationError:
            print(f"warning: {since} is not a brief; not compared", file=sys.stderr)
    texts = {a.id: a.text for a in articles}
    (args.out / f"{args.date}.md").write_text(to_markdown(briefing, changes=changes), "utf-8")
    (args.out / f"{args.date}.json").write_text(to_json(briefing), encoding="utf-8")
    (args.out / f"{args.date}.html").write_text(
        to_html(briefing, texts=texts, changes=changes), encoding="utf-8"
    )
    failed = briefing.failed
    print(
        f"{args.date}: {len(briefing.sources)} articles, {len(briefing.parties)} parties, "
        f"{len(briefing.proposals)} proposals, {len(briefing.positions)} positions, "
        f"{len(briefing.military_developments)} military developments; "
        f"{briefing.provenance.usage.total_tokens:,} tokens; written to {args.out}/"
    )
    if changes is not None:
        counts = ", ".join(f"{n} {s}" for s, n in changes.counts().items())
        print(f"compared with {since}: items {counts}")
    for run in failed:
        print(f"left out {run.source_id}: {run.error}", file=sys.stderr)
    return 3 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
