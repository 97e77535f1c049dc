"""Score the briefs of many stories in one go: one table row per story, a total per split.

Usage::

    python evals/run_story.py BRIEFS_DIR [STORY ...] [--stories evals/stories]
        [--gold evals/gold] [--labels evals/labels]

``BRIEFS_DIR`` holds one brief JSON per story, named ``<story id>.json``; the seeds' brief is
``seeds.json``. Building the briefs is not done here (no model is run); for example::

    summarizer brief examples/articles --format json -o BRIEFS_DIR/seeds.json
    summarizer brief evals/stories/<id>/articles --format json -o BRIEFS_DIR/<id>.json

The stories are the seeds (articles ``examples/articles``, gold ``evals/gold/seeds.json``) and
every ``evals/gold/<id>.json`` or ``evals/stories/<id>/`` (articles in its git-ignored
``articles/``, split ``dev`` or ``heldout`` in its ``index.json``). Give story ids to score
only those. A story lacking its gold, articles or brief is skipped with a line saying so.

Each row: items, precision, verdict counts, key-fact recall, strict recall, party recall,
places scored as parties and duplicate parties, all from ``evals/score.py``. A total row per
split sums the counts (micro averages). The last line is one JSON object with every row.
Standard library only, like ``score.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evals.score import (  # noqa: E402
    VERDICTS,
    load_labels,
    load_published,
    load_texts,
    score,
)

SEEDS = "seeds"
SEED_ARTICLES = ROOT / "examples" / "articles"
SHORT_VERDICTS = {
    "correct": "ok",
    "wrong-evidence": "w-ev",
    "wrong-actor": "w-act",
    "background": "bkgd",
    "duplicate": "dup",
}
SPLIT_ORDER = ("seeds", "dev", "heldout")


@dataclass(frozen=True)
class Story:
    """Where one story's gold, articles and labels are, and which split it belongs to."""

    id: str
    split: str
    gold: Path
    articles: Path
    labels: Path


def _split(story_dir: Path, gold: Path) -> str:
    for path in (story_dir / "index.json", gold):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, Mapping) and isinstance(data.get("split"), str):
            return str(data["split"])
    return "unknown"


def find_stories(gold_dir: Path, stories_dir: Path, labels_dir: Path) -> list[Story]:
    """The seeds, then every story with a gold file or a story folder, by id."""
    ids = {p.stem for p in gold_dir.glob("*.json")} | {
        p.name for p in stories_dir.glob("*") if p.is_dir()
    }
    ids.discard(SEEDS)
    stories = [
        Story(SEEDS, SEEDS, gold_dir / f"{SEEDS}.json", SEED_ARTICLES, labels_dir / f"{SEEDS}.json")
    ]
    for story_id in sorted(ids):
        gold = gold_dir / f"{story_id}.json"
        stories.append(
            Story(
                story_id,
                _split(stories_dir / story_id, gold),
                gold,
                stories_dir / story_id / "articles",
                labels_dir / f"{story_id}.json",
            )
        )
    return stories


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def score_story(story: Story, briefs: Path) -> dict[str, Any]:
    """One row: the story's figures, or why it was skipped."""
    row: dict[str, Any] = {"story": story.id, "split": story.split}
    brief_path = briefs / f"{story.id}.json"
    if not story.gold.is_file():
        return {**row, "skipped": f"no gold file at {_rel(story.gold)}"}
    if not story.articles.is_dir() or not any(story.articles.glob("*.json")):
        return {**row, "skipped": f"no articles at {_rel(story.articles)} (git-ignored; rebuild)"}
    if not brief_path.is_file():
        return {**row, "skipped": f"no brief at {_rel(brief_path)}"}
    try:
        brief = json.loads(brief_path.read_text(encoding="utf-8"))
        gold = json.loads(story.gold.read_text(encoding="utf-8"))
        if not isinstance(brief, dict) or not isinstance(gold, dict):
            raise ValueError("brief and gold must each be one JSON object")
        labels = load_labels(story.labels) if story.labels.is_file() else []
        result = score(
            brief,
            gold,
            load_texts(story.articles),
            published=load_published(story.articles),
            labels=labels,
        )
    except (OSError, ValueError) as exc:
        return {**row, "skipped": f"cannot score {_rel(brief_path)}: {exc}"}
    return {
        **row,
        "items": result["counts"]["items"],
        "correct": result["verdicts"]["correct"],
        "verdicts": result["verdicts"],
        "labels_applied": result["labels_applied"],
        "key_facts_matched": result["key_facts_matched"],
        "key_facts_matched_strict": result["key_facts_matched_strict"],
        "key_facts_total": result["key_facts_total"],
        "parties_matched": sum(bool(p["entries"]) for p in result["parties"]),
        "parties_total": len(result["parties"]),
        "places_as_parties": result["places_as_party_count"],
        "duplicate_parties": result["duplicate_party_count"],
        "precision": result["precision"],
        "key_fact_recall": result["key_fact_recall"],
        "key_fact_recall_strict": result["key_fact_recall_strict"],
        "party_recall": result["party_recall"],
    }


_SUMMED = (
    "items",
    "correct",
    "labels_applied",
    "key_facts_matched",
    "key_facts_matched_strict",
    "key_facts_total",
    "parties_matched",
    "parties_total",
    "places_as_parties",
    "duplicate_parties",
)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def total(rows: Sequence[Mapping[str, Any]], split: str) -> dict[str, Any]:
    """The split's counts summed over its scored stories, ratios taken of the sums."""
    scored = [r for r in rows if "skipped" not in r]
    sums: dict[str, Any] = {key: sum(r[key] for r in scored) for key in _SUMMED}
    sums["verdicts"] = {v: sum(r["verdicts"][v] for r in scored) for v in VERDICTS}
    return {
        "story": f"TOTAL {split}",
        "split": split,
        "stories": len(scored),
        **sums,
        "precision": _ratio(sums["correct"], sums["items"]),
        "key_fact_recall": _ratio(sums["key_facts_matched"], sums["key_facts_total"]),
        "key_fact_recall_strict": _ratio(sums["key_facts_matched_strict"], sums["key_facts_total"]),
        "party_recall": _ratio(sums["parties_matched"], sums["parties_total"]),
    }


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


_COLUMNS = ("story", "split", "items", "prec", *SHORT_VERDICTS.values(), "facts", "strict")
_COLUMNS += ("parties", "places", "dupP")


def _cells(row: Mapping[str, Any]) -> list[str]:
    def frac(part: str, whole: str, ratio: str) -> str:
        return f"{row[part]}/{row[whole]} {_fmt(row[ratio])}"

    return [
        row["story"],
        row["split"],
        str(row["items"]),
        _fmt(row["precision"]),
        *(str(row["verdicts"][v]) for v in SHORT_VERDICTS),
        frac("key_facts_matched", "key_facts_total", "key_fact_recall"),
        frac("key_facts_matched_strict", "key_facts_total", "key_fact_recall_strict"),
        frac("parties_matched", "parties_total", "party_recall"),
        str(row["places_as_parties"]),
        str(row["duplicate_parties"]),
    ]


def format_table(rows: Sequence[Mapping[str, Any]], totals: Sequence[Mapping[str, Any]]) -> str:
    """The scored rows and the totals as an aligned plain-text table."""
    body = [_cells(r) for r in rows if "skipped" not in r] + [_cells(t) for t in totals]
    widths = [max(len(c), *(len(r[i]) for r in body)) for i, c in enumerate(_COLUMNS)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(_COLUMNS, widths, strict=True))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in body]
    return "\n".join(line.rstrip() for line in lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("briefs", type=Path, help="folder of briefs named <story id>.json")
    parser.add_argument("only", nargs="*", help="story ids to score (default: all)")
    parser.add_argument("--stories", type=Path, default=ROOT / "evals" / "stories")
    parser.add_argument("--gold", type=Path, default=ROOT / "evals" / "gold")
    parser.add_argument("--labels", type=Path, default=ROOT / "evals" / "labels")
    args = parser.parse_args(argv)
    if not args.briefs.is_dir():
        print(f"run_story: {args.briefs}: not a folder of briefs", file=sys.stderr)
        return 2

    stories = find_stories(args.gold, args.stories, args.labels)
    if args.only:
        unknown = sorted(set(args.only) - {s.id for s in stories})
        if unknown:
            print(f"run_story: unknown story id(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
        stories = [s for s in stories if s.id in args.only]

    rows = [score_story(story, args.briefs) for story in stories]
    splits = [s for s in SPLIT_ORDER if any(r["split"] == s for r in rows)]
    splits += sorted({r["split"] for r in rows} - set(splits))
    totals = [
        total([r for r in rows if r["split"] == split], split)
        for split in splits
        if any(r["split"] == split and "skipped" not in r for r in rows)
    ]
    for row in rows:
        if "skipped" in row:
            print(f"{row['story']} ({row['split']}): skipped, {row['skipped']}")
    if any("skipped" not in r for r in rows):
        print(format_table(rows, totals))
    else:
        print("no story scored")
    print(json.dumps({"briefs": str(args.briefs), "stories": rows, "totals": totals}))
    return 0 if any("skipped" not in r for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
