"""Party recall, duplicates and conflations, and places named as parties."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from evals.scoring.common import normalize, ratio
from evals.scoring.facts import source_support


def _word_pattern(variant: str) -> re.Pattern[str]:
    # Look-arounds instead of \b so that variants ending in punctuation ("U.S.") still work.
    return re.compile(r"(?<!\w)" + re.escape(normalize(variant)) + r"(?!\w)")


def _attribute(
    name: str, gold: Sequence[tuple[str, list[tuple[int, re.Pattern[str]]]]]
) -> set[str]:
    """The gold parties a name stands for: those whose matching variant is longest.

    Longest wins so that "US President Donald Trump" stands for Trump, not also for the US,
    and "Kremlin adviser Vladimir Medinsky" for Medinsky, not also for Russia.
    """
    folded = normalize(name)
    best = 0
    found: set[str] = set()
    for gold_id, patterns in gold:
        length = max((n for n, p in patterns if p.search(folded)), default=0)
        if length > best:
            best, found = length, {gold_id}
        elif length and length == best:
            found.add(gold_id)
    return found


def score_parties(
    brief_parties: Sequence[Mapping[str, Any]], gold_parties: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """Party recall, duplicates (one gold party, several entries) and conflations."""
    gold = [
        (
            str(g.get("id")),
            [
                (len(normalize(v)), _word_pattern(v))
                for v in g.get("variants") or [g.get("name", "")]
                if v
            ],
        )
        for g in gold_parties
    ]
    entries: dict[str, list[str]] = {gold_id: [] for gold_id, _ in gold}
    sources: dict[str, set[str]] = {gold_id: set() for gold_id, _ in gold}
    conflated: list[dict[str, Any]] = []
    for i, party in enumerate(brief_parties):
        party_id = str(party.get("id") or f"parties[{i}]")
        aliases = party.get("aliases")
        names = [party.get("name"), *(aliases if isinstance(aliases, list) else [])]
        stands_for: set[str] = set()
        for name in names:
            if isinstance(name, str) and name.strip():
                stands_for |= _attribute(name, gold)
        for gold_id in stands_for:
            entries[gold_id].append(party_id)
            party_sources = party.get("sources")
            if isinstance(party_sources, list):
                sources[gold_id].update(str(s) for s in party_sources)
        if len(stands_for) > 1:
            order = [gold_id for gold_id, _ in gold if gold_id in stands_for]
            conflated.append({"entry": party_id, "gold": order})

    results: list[dict[str, Any]] = []
    for g in gold_parties:
        gold_id = str(g.get("id"))
        gold_sources = [str(s) for s in g.get("sources", [])]
        results.append(
            {
                "id": gold_id,
                "entries": entries[gold_id],
                "source_recall": source_support(sources[gold_id], gold_sources)
                if entries[gold_id]
                else 0.0,
            }
        )
    duplicates = [
        {"id": r["id"], "entries": r["entries"]} for r in results if len(r["entries"]) > 1
    ]
    matched = sum(bool(r["entries"]) for r in results)
    return {
        "party_recall": ratio(matched, len(results)),
        "parties_matched": matched,
        "parties_total": len(results),
        "duplicate_parties": duplicates,
        "duplicate_party_count": len(duplicates),
        "conflated_parties": conflated,
        "parties": results,
    }


def places_as_parties(
    parties: Sequence[Mapping[str, Any]], not_parties: Sequence[str]
) -> list[dict[str, str]]:
    """Brief parties named after a gold ``not_parties`` entry (a place, date or topic)."""
    found: list[dict[str, str]] = []
    patterns = [(entry, _word_pattern(entry)) for entry in not_parties if entry.strip()]
    for i, party in enumerate(parties):
        name = party.get("name")
        if not isinstance(name, str):
            continue
        folded = normalize(name)
        hit = next((entry for entry, pattern in patterns if pattern.search(folded)), None)
        if hit is not None:
            found.append(
                {"party": str(party.get("id") or f"parties[{i}]"), "name": name, "not_party": hit}
            )
    return found
