"""Merge benchmark: synthetic extractions of 2,000 and 20,000 items, merged on one core.

Goal (issue 3): 20,000 items in <= 2 s, and the 10x larger run <= 15x the time of the smaller.
Prints one JSON line last: {"items_2000_s": ..., "items_20000_s": ..., "ratio": ...}.

    python benchmarks/merge.py
"""

from __future__ import annotations

import json
import random
import time

from summarizer.ingest import make_article
from summarizer.merge import MergeInput, merge
from summarizer.schema import (
    ArticleExtraction,
    ExtractedDevelopment,
    ExtractedParty,
    ExtractedPosition,
    ExtractedProposal,
)

ITEMS_PER_ARTICLE = 10
FIRST = ["Sergei", "Volodymyr", "Friedrich", "Maria", "Rustem", "Keith", "Olena", "Andrii"]
LAST = ["Lavrov", "Zelensky", "Merz", "Zakharova", "Umerov", "Kellogg", "Sybiha", "Yermak"]
VARIANTS = {"Sergei": ["Sergey"], "Zelensky": ["Zelenskyy", "Zelenskiy"]}
STATES = ["Russia", "Ukraine", "Germany", "United States", "Turkey", "France", "Poland", "China"]
PLACES = ["Istanbul", "Geneva", "Sumy", "Kharkiv", "Kursk", "Berlin", "Vatican", "Odesa"]


def _spell(rng: random.Random, first: str, last: str) -> str:
    first = rng.choice([first, *VARIANTS.get(first, [])])
    last = rng.choice([last, *VARIANTS.get(last, [])])
    return rng.choice([f"{first} {last}", f"Mr {last}", f"{first} {last}"])


def synthetic(n_items: int, seed: int = 7) -> list[MergeInput]:
    rng = random.Random(seed)
    n_articles = n_items // ITEMS_PER_ARTICLE
    n_events = max(10, n_items // 5)  # each event is reported by about five articles
    people = [(f, last, rng.choice(STATES)) for f in FIRST for last in LAST]
    events = []
    for e in range(n_events):
        f, last, state = rng.choice(people)
        # Distinct events differ in their content words, as real ones do.
        topic = " ".join(
            "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3))
            for _ in range(3)
        )
        verb = topic
        events.append((e, f, last, state, verb, rng.choice(PLACES), rng.randint(2, 30_000)))
    inputs = []
    for a in range(n_articles):
        sentences, parties, proposals, positions, developments = [], [], [], [], []
        for e, f, last, state, verb, place, number in rng.sample(events, ITEMS_PER_ARTICLE):
            who = _spell(rng, f, last)
            kind = e % 3
            if kind == 0:
                quote = f"{who} of {state} proposed {verb} in {place} on June {e % 28 + 1}."
                proposals.append(ExtractedProposal(
                    proposer=who, proposal=f"{verb}", where=place,
                    when=f"June {e % 28 + 1}", status="proposed", quote=quote))  # fmt: skip
            elif kind == 1:
                quote = f"{who} said {state} backs {verb} with conditions in {place}."
                positions.append(ExtractedPosition(
                    holder=who, topic=f"{verb}", stance="backs it",
                    quote=quote))  # fmt: skip
            else:
                approx = rng.choice(["", "more than ", "about "])
                quote = (
                    f"{state} forces deployed {approx}{number} troops near {place} in event {e}."
                )
                developments.append(ExtractedDevelopment(
                    actor=state, action=f"deployed {topic}", place=place,
                    quantity=f"{approx}{number} troops", claimed_by=who, quote=quote))  # fmt: skip
            parties.append(ExtractedParty(name=who, kind="person", role="", affiliation=state))
            sentences.append(quote)
        article = make_article(" ".join(sentences), id=f"a{a:05d}")
        extraction = ArticleExtraction(
            parties=parties,
            proposals=proposals,
            positions=positions,
            military_developments=developments,
        )
        inputs.append(MergeInput(article, extraction))
    return inputs


def timed(n_items: int) -> tuple[float, int]:
    inputs = synthetic(n_items)
    started = time.perf_counter()
    result = merge(inputs)
    seconds = time.perf_counter() - started
    merged = len(result.proposals) + len(result.positions) + len(result.military_developments)
    return seconds, merged


def main() -> None:
    small, small_items = timed(2_000)
    large, large_items = timed(20_000)
    print(f"2,000 items -> {small_items} merged items in {small:.2f} s")
    print(f"20,000 items -> {large_items} merged items in {large:.2f} s")
    print(
        json.dumps(
            {
                "items_2000_s": round(small, 3),
                "items_20000_s": round(large, 3),
                "ratio": round(large / small, 2),
                "goal_20000_s": 2.0,
                "goal_ratio": 15.0,
            }
        )
    )


if __name__ == "__main__":
    main()
