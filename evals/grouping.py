"""How well articles are grouped by story, on a labelled mix of real articles.

    python evals/grouping.py [--mix evals/mix ...] [--threshold 0.12] [--sweep] [--same A=B ...]

A mix's index (``evals/mix/index.json``) labels each article with its story; the texts live in
``evals/mix/articles/`` and are kept out of git. A one-story folder of ``evals/stories/`` is a mix
too (its index names the story once, for every article). Which mixes the threshold was chosen on
and which were collected after it was fixed is said in each index's ``about`` and in the README.
Several ``--mix`` are pooled; ``--same A=B`` counts story ``A`` of one mix and ``B`` of another as
one story (one event that both mixes hold, labelled in each its own way).

Prints purity (each found group is mostly one story: the share of articles in their group's
majority story), completeness (each story stays in one group: the share of articles in their
story's biggest group), the groups, and the articles out of place (in a group whose majority is
another story, or outside their story's biggest group). The last line is one JSON object with the
figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.ingest import Article, group_stories, read_articles  # noqa: E402
from summarizer.ingest.stories import DEFAULT_THRESHOLD  # noqa: E402


def scores(groups: Sequence[Sequence[str]], label: dict[str, str]) -> tuple[float, float]:
    """Purity and completeness of ``groups`` (lists of article ids) against ``label``."""
    total = sum(len(g) for g in groups)
    purity = sum(Counter(label[i] for i in g).most_common(1)[0][1] for g in groups) / total
    stories = set(label.values())
    biggest = 0
    for story in stories:
        biggest += max(sum(label[i] == story for i in g) for g in groups)
    return purity, biggest / total


def evaluate(articles: list[Article], label: dict[str, str], threshold: float) -> dict[str, object]:
    stories = group_stories(articles, threshold=threshold)
    groups = [[a.id for a in s.articles] for s in stories]
    purity, completeness = scores(groups, label)
    return {
        "threshold": threshold,
        "articles": len(articles),
        "stories": len(set(label.values())),
        "groups": len(groups),
        "purity": round(purity, 3),
        "completeness": round(completeness, 3),
        "grouping": [{"label": s.label, "stories": dict(Counter(label[a.id] for a in s.articles))}
                     for s in stories],
        "misplaced": misplaced(groups, label),
    }  # fmt: skip


def misplaced(groups: Sequence[Sequence[str]], label: dict[str, str]) -> list[str]:
    """Articles in a group whose majority is another story, or outside their story's biggest
    group (ties: the earlier group counts as the biggest)."""
    out = []
    biggest: dict[str, tuple[int, int]] = {}
    for n, g in enumerate(groups):
        for story, count in Counter(label[i] for i in g).items():
            if count > biggest.get(story, (0, 0))[0]:
                biggest[story] = (count, n)
    for n, g in enumerate(groups):
        majority = Counter(label[i] for i in g).most_common(1)[0][0]
        for i in g:
            if label[i] != majority or biggest[label[i]][1] != n:
                out.append(f"{i} ({label[i]}) in group {n + 1}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mix", type=Path, action="append", help="default: evals/mix")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--sweep", action="store_true", help="also try thresholds 0.05..0.5")
    parser.add_argument(
        "--same", action="append", default=[], metavar="A=B", help="count story A as story B"
    )
    args = parser.parse_args(argv)
    same = dict(pair.split("=", 1) for pair in args.same)
    label: dict[str, str] = {}
    paths: list[Path] = []
    for mix in args.mix or [ROOT / "evals" / "mix"]:
        folder = mix / "articles"
        if not folder.is_dir():
            print(
                f"error: {folder}: the mix's texts are not here (kept out of git)", file=sys.stderr
            )
            return 2
        index = json.loads((mix / "index.json").read_text(encoding="utf-8"))
        for entry in index["articles"]:
            # Ids are unique within a mix; the mix's name keeps them unique when pooled.
            story = entry.get("story") or index["story"]
            label[f"{mix.name}/{entry['id']}"] = same.get(story, story)
            paths.append(folder / f"{entry['id']}.json")
    articles = [
        replace(article, id=key) for article, key in zip(read_articles(paths), label, strict=True)
    ]
    if args.sweep:
        for t in (0.05, 0.08, 0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5):
            r = evaluate(articles, label, t)
            print(f"threshold {t:.2f}: {r['groups']} groups, purity {r['purity']:.3f},"
                  f" completeness {r['completeness']:.3f}")  # fmt: skip
    result = evaluate(articles, label, args.threshold)
    for group in result["grouping"]:  # type: ignore[attr-defined]
        print(f"  {group['label']}: {group['stories']}")
    for line in result["misplaced"]:  # type: ignore[attr-defined]
        print(f"  out of place: {line}")
    print(json.dumps({k: v for k, v in result.items() if k not in ("grouping", "misplaced")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
