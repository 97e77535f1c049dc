"""A brief as a blind labeller sees it: items, their fields, sources and evidence; nothing about
how they were made (no model, prompt, confidence or provenance).

    python evals/blind.py BRIEF.json OUT.json

Items are numbered per section (``p1``, ``s1``, ``m1``) in the brief's order, parties by their
ids. Items the brief shows apart as unverified are listed under ``unverified_*`` sections, in
the same numbering, so the labeller judges them too while precision can be given both ways.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SECTIONS = {"proposals": "p", "positions": "s", "military_developments": "m"}
HIDDEN = {"id", "confidence", "verified", "grounded", "proposer_id", "accepted_by_id", "holder_id",
          "actor_id", "claimed_by_id"}  # fmt: skip


def blind(brief: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"sources": brief["sources"]}
    for section, letter in SECTIONS.items():
        shown, apart = [], []
        for n, item in enumerate(brief[section], start=1):
            row = {"id": f"{letter}{n}", **{k: v for k, v in item.items() if k not in HIDDEN}}
            (shown if item.get("verified", True) else apart).append(row)
        out[section] = shown
        out[f"unverified_{section}"] = apart
    out["parties"] = [
        {k: v for k, v in p.items() if k not in ("evidence",)} for p in brief["parties"]
    ]
    return out


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    brief = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    Path(sys.argv[2]).write_text(json.dumps(blind(brief), indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
