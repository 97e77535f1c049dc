"""Figures from blind label files (``evals/LABELLING.md``): precision, parties, coverage and
corroboration, per story and pooled.

    python evals/labelled.py LABELS.json [LABELS.json ...] [--blind DIR]

With ``--blind DIR`` (the ``<story>.blind.json`` files the labellers were given), items the
brief shows apart as unverified are counted apart: precision is given for the brief (verified
items) and for every item.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

CREDIT = {"correct": 1.0, "partial": 0.5, "wrong": 0.0, "duplicate": 0.0}


def _unverified_ids(blind: dict[str, Any] | None) -> set[str]:
    if blind is None:
        return set()
    return {
        item["id"] for key, items in blind.items() if key.startswith("unverified_")
        for item in items
    }  # fmt: skip


def figures(labels: dict[str, Any], blind: dict[str, Any] | None = None) -> dict[str, Any]:
    apart = _unverified_ids(blind)
    items = labels["items"]
    shown = [i for i in items if i["id"] not in apart]
    verdicts = Counter(i["verdict"] for i in shown)
    parties = Counter(p["verdict"] for p in labels.get("parties", []))
    facts = labels.get("facts", [])
    coverage = Counter(f["coverage"] for f in facts)
    corroborated = Counter(f.get("corroborated", "n/a") for f in facts)

    def precision(rows: list[dict[str, Any]]) -> float | None:
        return round(sum(CREDIT[r["verdict"]] for r in rows) / len(rows), 3) if rows else None

    return {
        "story": labels.get("story", ""),
        "items": len(shown),
        "unverified": len(items) - len(shown),
        **{v: verdicts.get(v, 0) for v in CREDIT},
        "precision": precision(shown),
        "precision_all_items": precision(items),
        "parties": sum(parties.values()),
        "non_parties": parties.get("non-party", 0),
        "same_as": parties.get("same-as", 0),
        "facts": len(facts),
        "in_fields": coverage.get("in-fields", 0),
        "in_quote_only": coverage.get("in-quote-only", 0),
        "corroborated": corroborated.get("yes", 0),
        "not_corroborated": corroborated.get("no", 0),
    }


def pooled(rows: list[dict[str, Any]]) -> dict[str, Any]:
    total: Counter[str] = Counter()
    for row in rows:
        total.update({k: v for k, v in row.items() if isinstance(v, int)})
    items = total["items"]
    credit = total["correct"] + 0.5 * total["partial"]
    multi = total["corroborated"] + total["not_corroborated"]
    return {
        "story": "pooled",
        **dict(total),
        "precision": round(credit / items, 3) if items else None,
        "in_fields_share": round(total["in_fields"] / total["facts"], 3)
        if total["facts"]
        else None,
        "corroboration_rate": round(total["corroborated"] / multi, 3) if multi else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("labels", nargs="+", type=Path)
    parser.add_argument("--blind", type=Path, default=None)
    args = parser.parse_args()
    rows = []
    for path in args.labels:
        labels = json.loads(path.read_text(encoding="utf-8"))
        blind = None
        if args.blind is not None:
            candidate = args.blind / f"{labels.get('story', '')}.blind.json"
            if candidate.exists():
                blind = json.loads(candidate.read_text(encoding="utf-8"))
        rows.append(figures(labels, blind))
    for row in [*rows, pooled(rows)]:
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
