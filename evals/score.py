"""Score a briefing against a hand-written gold file of key facts and parties.

Usage::

    python evals/score.py BRIEF.json evals/gold/seeds.json [--articles examples/articles]

It prints a short report and, as its last line, one JSON object (the return value of
``score``), so a script can keep only the last line.

What is measured:

- key facts: each gold fact has a matcher, a list of groups of lowercase alternatives; an item
  (proposal, position or military development) matches when every group has an alternative in
  the item's text (its fields and its evidence quotes, case-insensitive). Facts and items are
  paired one to one, so one broad item cannot stand for several facts; ``key_fact_recall_any``
  gives the looser figure where any matching item counts. Support recall compares the sources
  of the paired item with the sources the gold lists for the fact.
- parties: a brief party stands for the gold party whose spelling variant it contains (whole
  word, case-insensitive, in its name or an alias); a gold party standing for more than one
  brief party is a duplicate, a brief party standing for more than one gold party is conflated.
- evidence: the share of evidence (items and parties) whose quote is ``text[start:end]``.
- junk: items whose text carries page furniture ("Advertisement", "MENAFN", ...).

Only the standard library is used, so the scorer runs on any brief without the package.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, only evals/ is on the path; the parts live in the evals.scoring package.
sys.path.insert(0, str(ROOT))

from evals.scoring.common import ITEM_SECTIONS, VERDICTS, brief_items, normalize  # noqa: E402
from evals.scoring.facts import matcher_groups, matches  # noqa: E402
from evals.scoring.loading import (  # noqa: E402
    DEFAULT_ARTICLES,
    default_labels_path,
    load_labels,
    load_published,
    load_texts,
)
from evals.scoring.reports import format_report, label_template  # noqa: E402
from evals.scoring.total import score  # noqa: E402

# What other scripts and the tests import from here, kept stable across the split.
__all__ = [
    "ITEM_SECTIONS",
    "VERDICTS",
    "load_labels",
    "load_published",
    "load_texts",
    "main",
    "matcher_groups",
    "matches",
    "normalize",
    "score",
]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("brief", type=Path, help="the briefing JSON to score")
    parser.add_argument("gold", type=Path, help="the gold file, e.g. evals/gold/seeds.json")
    parser.add_argument(
        "--articles",
        type=Path,
        default=DEFAULT_ARTICLES,
        help="folder of the source articles (.json with id and text)",
    )
    parser.add_argument(
        "--labels",
        type=Path,
        default=None,
        help="hand labels overriding the checks (default: evals/labels/<gold stem>.json if any)",
    )
    parser.add_argument(
        "--label-template",
        type=Path,
        default=None,
        metavar="OUT",
        help="also write a labels file listing every item, verdicts pre-filled, to OUT",
    )
    args = parser.parse_args(argv)
    labels_path = args.labels or default_labels_path(args.gold)
    try:
        brief = json.loads(args.brief.read_text(encoding="utf-8"))
        gold = json.loads(args.gold.read_text(encoding="utf-8"))
        if not isinstance(brief, dict) or not isinstance(gold, dict):
            raise ValueError("brief and gold must each be one JSON object")
        texts = load_texts(args.articles)
        labels = load_labels(labels_path) if args.labels or labels_path.exists() else []
        result = score(brief, gold, texts, published=load_published(args.articles), labels=labels)
        if args.label_template:
            items = brief_items(brief)
            template = label_template(items, result["items"], labels)
            args.label_template.write_text(
                json.dumps(template, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            print(f"wrote {len(items)} item(s) to {args.label_template}", file=sys.stderr)
    except (OSError, ValueError) as exc:
        print(f"score: {exc}", file=sys.stderr)
        return 2
    print(format_report(result))
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
