"""Grouping benchmark: a day of 1,000, 10,000 and 100,000 articles, grouped on this machine.

Goals (issue 16): 10,000 articles in <= 20 s and <= 1 GB peak; 100,000 in <= 5 minutes and
<= 4 GB; time per ×10 articles <= ×12. Then an hourly poll: 100 new articles added to a day of
5,000, re-grouped, against the 100 extractions (10-50 s each on the embedded model) they follow.

Two kinds of day, each story a few articles (sizes drawn from a geometric law, mean 5):

* ``synthetic``: words drawn from a Zipf law over 50,000 made-up words, plus each story's own
  topic words and names;
* ``real``: sentences of the real articles on disk (``examples/articles`` and the evals' article
  folders), each story a few sentences of one of them with its capitalised names swapped for the
  story's own, each article those plus background sentences of any article. Stories made from
  the same source share all their other words: a harder, denser day than the synthetic one.

Each size runs in a fresh process, so its peak memory (ru_maxrss) is its own. Each day's stories
are known (the generator made them), so each run also prints purity and completeness against them.

    python benchmarks/grouping.py [--sizes 1000 10000 100000] [--kind synthetic real]

Prints one line per run and, last, one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.ingest import Article, group_stories  # noqa: E402

MEAN_STORY = 5
_SYLLABLES = ["ka", "ro", "mi", "tel", "van", "sor", "du", "pre", "lin", "gast", "o", "er", "bu"]


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts))


def _story_sizes(rng: random.Random, n: int) -> list[int]:
    sizes: list[int] = []
    while sum(sizes) < n:
        size = 1
        while rng.random() > 1 / MEAN_STORY:
            size += 1
        sizes.append(min(size, n - sum(sizes)))
    return sizes


def synthetic(n: int, seed: int = 16) -> tuple[list[Article], list[int]]:
    rng = random.Random(seed)
    vocabulary = sorted({_word(rng, rng.randint(2, 4)) for _ in range(60_000)})[:50_000]
    rng.shuffle(vocabulary)
    # The most frequent words of a language are its stop words, which grouping drops anyway.
    vocabulary = vocabulary[300:]
    # Cumulative once: choices() would otherwise sum 50,000 weights for every article.
    cumulative = list(
        itertools.accumulate(1 / (rank + 300) ** 1.1 for rank in range(len(vocabulary)))
    )
    articles, story_of = [], []
    for story, size in enumerate(_story_sizes(rng, n)):
        topic = rng.sample(vocabulary[2_000:], 12)
        names = [_word(rng, 4).capitalize() for _ in range(4)]
        day = f"2026-11-{rng.randint(1, 30):02d}"
        for _ in range(size):
            words = rng.choices(vocabulary, cum_weights=cumulative, k=150) + rng.choices(
                topic, k=30
            )
            rng.shuffle(words)
            sentences = [
                " ".join(words[i : i + 15]) + f" {rng.choice(names)} {rng.choice(names)}."
                for i in range(0, len(words), 15)
            ]
            articles.append(
                Article(id=f"a{len(articles)}", text=" ".join(sentences), published=day)
            )
            story_of.append(story)
    return articles[:n], story_of[:n]


def _real_sentences() -> list[list[str]]:
    """The sentences of each real article on disk (texts are kept out of git)."""
    folders = [ROOT / "examples" / "articles", *ROOT.glob("evals/**/articles")]
    out = []
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            text = json.loads(path.read_text(encoding="utf-8")).get("text", "")
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 6]
            if len(sentences) >= 4:
                out.append(sentences)
    if not out:
        raise SystemExit("no real article texts on disk (see evals/stories/README.md)")
    return out


_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")


def real(n: int, seed: int = 16) -> tuple[list[Article], list[int]]:
    rng = random.Random(seed)
    sources = _real_sentences()
    pool = [s for sentences in sources for s in sentences]
    articles, story_of = [], []
    for story, size in enumerate(_story_sizes(rng, n)):
        source = rng.choice(sources)
        start = rng.randrange(0, max(1, len(source) - 4))
        core = source[start : start + 5]
        names: dict[str, str] = {}

        def rename(m: re.Match[str], names: dict[str, str] = names) -> str:
            return names.setdefault(m.group(0), _word(rng, 4).capitalize())

        core = [_CAPITALISED.sub(rename, s) for s in core]
        day = f"2026-11-{rng.randint(1, 30):02d}"
        for _ in range(size):
            kept = [s for s in core if rng.random() < 0.8] or core[:1]
            background = [
                _CAPITALISED.sub(lambda m: _word(rng, 4).capitalize(), rng.choice(pool))
                for _ in range(3)
            ]
            text = " ".join(kept + background)
            articles.append(Article(id=f"a{len(articles)}", text=text, published=day))
            story_of.append(story)
    return articles[:n], story_of[:n]


def _peak_mb() -> float:
    # Linux reports ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _purity_completeness(groups: list[list[int]], story_of: list[int]) -> tuple[float, float]:
    """As ``evals/grouping.py`` scores a labelled mix: the share of articles in their group's
    majority story, and the share in their story's biggest group."""
    majority = sum(Counter(story_of[i] for i in g).most_common(1)[0][1] for g in groups)
    biggest: dict[int, int] = {}
    for g in groups:
        for story, count in Counter(story_of[i] for i in g).items():
            biggest[story] = max(biggest.get(story, 0), count)
    return majority / len(story_of), sum(biggest.values()) / len(story_of)


def run_one(kind: str, n: int) -> dict[str, float]:
    articles, story_of = (synthetic if kind == "synthetic" else real)(n)
    start, cpu = time.perf_counter(), time.process_time()
    stories = group_stories(articles)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    purity, completeness = _purity_completeness(
        [[int(a.id[1:]) for a in s.articles] for s in stories], story_of
    )
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_mb": round(_peak_mb()),
        "stories": len(stories),
        "true_stories": len(set(story_of)),
        "purity": round(purity, 3),
        "completeness": round(completeness, 3),
    }


def run_incremental(kind: str, day: int, new: int) -> dict[str, float]:
    """Group a day, then the day plus ``new`` articles, as an hourly poll would."""
    articles, _ = (synthetic if kind == "synthetic" else real)(day + new)
    before = group_stories(articles[:day])
    start, cpu = time.perf_counter(), time.process_time()
    after = group_stories(articles)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    old = {frozenset(a.id for a in s.articles) for s in before}
    kept = sum(
        len(s.articles)
        for s in after
        if frozenset(a.id for a in s.articles if int(a.id[1:]) < day) in old
    )
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_mb": round(_peak_mb()),
        # Articles of the day whose story, minus the new articles, is a story of before.
        "share_in_same_story": round(kept / (day + new), 3),
        "extraction_of_new_s": 10 * new,
    }


def _in_fresh_process(*args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--one", *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, float] = json.loads(out.splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--kind", nargs="+", default=["synthetic", "real"])
    parser.add_argument("--no-incremental", action="store_true")
    parser.add_argument("--one", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        kind, what = args.one[0], args.one[1]
        if what == "incremental":
            print(json.dumps(run_incremental(kind, 5_000, 100)))
        else:
            print(json.dumps(run_one(kind, int(what))))
        return 0
    figures: dict[str, object] = {}
    for kind in args.kind:
        previous = None
        for n in sorted(args.sizes):
            result = _in_fresh_process(kind, str(n))
            print(f"{kind} {n:>7,} articles: {result['seconds']:8.2f} s "
                  f"({result['cpu_seconds']:.2f} s CPU), "
                  f"peak {result['peak_mb']:6.0f} MB, {result['stories']:,} stories "
                  f"({result['true_stories']:,} made; purity {result['purity']:.3f}, "
                  f"completeness {result['completeness']:.3f})",
                  flush=True)  # fmt: skip
            figures[f"{kind}_{n}"] = result
            if previous and n == previous[0] * 10:
                ratio = round(result["seconds"] / max(previous[1], 1e-9), 1)
                figures[f"{kind}_ratio_{previous[0]}_{n}"] = ratio
                print(f"{kind} ×10 articles ({previous[0]:,} -> {n:,}): ×{ratio} time")
            previous = (n, result["seconds"])
        if not args.no_incremental:
            result = _in_fresh_process(kind, "incremental")
            print(f"{kind} 5,000 + 100 new articles: re-grouped in {result['seconds']:.2f} s "
                  f"(peak {result['peak_mb']:.0f} MB; {result['share_in_same_story']:.1%} of "
                  f"articles in the same story as before; the 100 extractions take "
                  f">= {result['extraction_of_new_s']:,} s)", flush=True)  # fmt: skip
            figures[f"{kind}_incremental_5000_plus_100"] = result
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
