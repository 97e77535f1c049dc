"""Check that a gold file is attainable from its own articles.

Usage::

    python evals/check_gold.py evals/gold/seeds.json [--articles examples/articles]
    python evals/check_gold.py evals/gold/STORY.json  # articles: evals/stories/STORY/articles

For every fact and every source it lists: the ``matcher`` holds on the source's text, and the
``evidence_matcher`` holds on one sentence, or two adjacent sentences, of that source (so an
item quoting the sentence that states the fact can be credited). For every party: each variant
occurs (whole word, as spelled) in some article, and each listed source names the party. No
``not_parties`` entry may be a variant of a party. Prints one line per problem and exits 1 if
there is any. Standard library only, like ``score.py``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evals.score import load_texts, matcher_groups, matches, normalize  # noqa: E402

# A sentence ends at . ! ? (optionally followed by a closing quote) before white space, or at a
# line break; good enough for news prose, and errs towards longer sentences.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"'”’])\s+|\n+")
WINDOW = 2


def sentences(text: str) -> list[str]:
    """The text cut into sentences (blank pieces dropped)."""
    return [s for s in _SENTENCE_END.split(text) if s and s.strip()]


def evidence_groups(fact: Mapping[str, Any]) -> list[list[str]]:
    """The fact's evidence matcher as normalised groups, checked like ``matcher``."""
    return matcher_groups({"id": fact.get("id"), "matcher": fact.get("evidence_matcher")})


def stating_window(groups: Sequence[Sequence[str]], text: str) -> str | None:
    """The first window of up to ``WINDOW`` adjacent sentences where every group holds."""
    parts = sentences(text)
    for size in range(1, WINDOW + 1):
        for i in range(len(parts) - size + 1):
            window = " ".join(parts[i : i + size])
            if matches(groups, window):
                return window
    return None


def _named(variant: str, text: str) -> bool:
    # As score.py attributes names: folded case and quotes, whole words.
    pattern = r"(?<!\w)" + re.escape(normalize(variant)) + r"(?!\w)"
    return re.search(pattern, normalize(text)) is not None


def check(gold: Mapping[str, Any], texts: Mapping[str, str]) -> list[str]:
    """Every problem found, one line each; an empty list means the gold is attainable."""
    problems: list[str] = []
    facts = gold.get("facts", [])
    ids = [f.get("id") for f in facts]
    if len(set(ids)) != len(ids):
        problems.append("fact ids are not unique")
    for fact in facts:
        fid = fact.get("id")
        try:
            groups = matcher_groups(fact)
            evidence = evidence_groups(fact)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        if fact.get("kind") not in {"proposal", "position", "military_development"}:
            problems.append(f"{fid}: bad kind {fact.get('kind')!r}")
        if not 1 <= len(evidence) <= 3:
            problems.append(f"{fid}: evidence_matcher should have 1-3 groups")
        for group in fact["evidence_matcher"]["all"]:
            if any(alt != alt.lower() for alt in group):
                problems.append(f"{fid}: evidence alternatives must be lower case: {group}")
        sources = fact.get("sources") or []
        if not sources:
            problems.append(f"{fid}: no sources")
        for source in sources:
            text = texts.get(source)
            if text is None:
                problems.append(f"{fid}: unknown source {source}")
                continue
            if not matches(groups, text):
                problems.append(f"{fid}: matcher not satisfied by {source}")
            if stating_window(evidence, text) is None:
                problems.append(f"{fid}: evidence_matcher not satisfied by a sentence of {source}")
    variants: set[str] = set()
    for party in gold.get("parties", []):
        pid = party.get("id")
        names = party.get("variants") or [party.get("name", "")]
        variants |= {normalize(v) for v in names}
        for variant in names:
            if not any(_named(variant, t) for t in texts.values()):
                problems.append(f"party {pid}: variant {variant!r} occurs in no article")
        for source in party.get("sources", []):
            text = texts.get(source)
            if text is None:
                problems.append(f"party {pid}: unknown source {source}")
            elif not any(_named(v, text) for v in names):
                problems.append(f"party {pid}: not named in {source}")
    for place in gold.get("not_parties", []):
        if normalize(place) in variants:
            problems.append(f"not_parties entry {place!r} is also a party variant")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("gold", type=Path, nargs="+", help="gold files to check")
    parser.add_argument("--articles", type=Path, help="folder of the articles (.json)")
    args = parser.parse_args(argv)
    failed = False
    for path in args.gold:
        folder = args.articles
        if folder is None:
            story = ROOT / "evals" / "stories" / path.stem / "articles"
            folder = story if story.is_dir() else ROOT / "examples" / "articles"
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
            texts = load_texts(folder)
        except (OSError, ValueError) as exc:
            print(f"check_gold: {path}: {exc}", file=sys.stderr)
            return 2
        problems = check(gold, texts)
        facts = gold.get("facts", [])
        print(f"{path.name}: {len(facts)} facts, {len(texts)} articles, {len(problems)} problems")
        for problem in problems:
            print(f"  {problem}")
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
