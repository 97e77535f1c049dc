"""Key-fact recall: gold matchers, and facts paired one to one with the items that state them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from evals.scoring.common import Item, evidence_of, normalize, quote_text, ratio


def matcher_groups(fact: Mapping[str, Any]) -> list[list[str]]:
    """The fact's matcher as normalised groups; a malformed matcher is an error in the gold."""
    matcher = fact.get("matcher")
    groups = matcher.get("all") if isinstance(matcher, Mapping) else None
    if (
        not isinstance(groups, list)
        or not groups
        or not all(
            isinstance(g, list) and g and all(isinstance(a, str) and a.strip() for a in g)
            for g in groups
        )
    ):
        raise ValueError(
            f"fact {fact.get('id')!r}: matcher must be {{'all': [[alternative, ...], ...]}}"
            " with non-empty groups of non-empty strings"
        )
    return [[normalize(a) for a in group] for group in groups]


def matches(groups: Sequence[Sequence[str]], text: str) -> bool:
    """True when every group has at least one alternative in ``text`` (after ``normalize``)."""
    folded = normalize(text)
    return all(any(alt in folded for alt in group) for group in groups)


def source_support(item_sources: Iterable[str], gold_sources: Sequence[str]) -> float | None:
    if not gold_sources:
        return None
    return round(len(set(item_sources) & set(gold_sources)) / len(gold_sources), 4)


def _assign(candidates: list[list[int]]) -> list[int | None]:
    """A maximum one-to-one pairing of facts with items (Kuhn's augmenting paths).

    Each fact's candidates come in order of preference, and facts are tried in gold order, so
    an uncontested fact keeps its best item; a contested item goes where it lets most facts be
    matched.
    """
    owner: dict[int, int] = {}

    def augment(fact: int, seen: set[int]) -> bool:
        for item in candidates[fact]:
            if item in seen:
                continue
            seen.add(item)
            if item not in owner or augment(owner[item], seen):
                owner[item] = fact
                return True
        return False

    for fact in range(len(candidates)):
        augment(fact, set())
    paired: list[int | None] = [None] * len(candidates)
    for item, fact in owner.items():
        paired[fact] = item
    return paired


def _ranked(items: Sequence[Item], fact: Mapping[str, Any], hits: list[int]) -> list[int]:
    """Prefer an item of the fact's own kind, then the best-attributed one, then brief order."""
    gold_sources = [str(s) for s in fact.get("sources", [])]
    return sorted(
        hits,
        key=lambda i: (
            items[i].kind != fact.get("kind"),
            -(source_support(items[i].sources, gold_sources) or 0.0),
            i,
        ),
    )


def score_facts(items: Sequence[Item], facts: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Recall of the gold facts, one item per fact, with each fact's source support."""
    candidates: list[list[int]] = []
    for fact in facts:
        groups = matcher_groups(fact)
        hits = [i for i, item in enumerate(items) if matches(groups, item.text)]
        candidates.append(_ranked(items, fact, hits))
    paired = _assign(candidates)

    results: list[dict[str, Any]] = []
    for fact, hits, chosen in zip(facts, candidates, paired, strict=True):
        gold_sources = [str(s) for s in fact.get("sources", [])]
        item = items[chosen] if chosen is not None else None
        item_sources = list(item.sources) if item else []
        results.append(
            {
                "id": fact.get("id"),
                "kind": fact.get("kind"),
                "matched_item": item.id if item else None,
                "matched_kind": item.kind if item else None,
                "kind_match": (item.kind == fact.get("kind")) if item else None,
                "item_sources": item_sources,
                "gold_sources": gold_sources,
                "support_recall": source_support(item_sources, gold_sources) if item else 0.0,
                "extra_sources": sorted(set(item_sources) - set(gold_sources)),
                "candidates": [items[i].id for i in hits],
            }
        )
    total = len(facts)
    matched = sum(r["matched_item"] is not None for r in results)
    supports = [r["support_recall"] for r in results if r["support_recall"] is not None]
    used = {i for i in paired if i is not None}
    return {
        "key_fact_recall": ratio(matched, total),
        "key_facts_matched": matched,
        "key_facts_total": total,
        "key_fact_recall_any": ratio(sum(bool(c) for c in candidates), total),
        "support_recall_mean": round(sum(supports) / len(supports), 4) if supports else None,
        "facts": results,
        "items_without_gold_fact": [item.id for i, item in enumerate(items) if i not in used],
    }


def evidence_matcher_groups(fact: Mapping[str, Any]) -> list[list[str]] | None:
    """The fact's ``evidence_matcher`` as normalised groups, or None when it has none."""
    if fact.get("evidence_matcher") is None:
        return None
    return matcher_groups(
        {"id": f"{fact.get('id')} (evidence_matcher)", "matcher": fact.get("evidence_matcher")}
    )


def fact_holds(
    item: Item, groups: Sequence[Sequence[str]], evidence_groups: Sequence[Sequence[str]] | None
) -> bool:
    """The item matches the fact: its text the ``matcher``, one quote the ``evidence_matcher``."""
    if not matches(groups, item.text):
        return False
    if evidence_groups is None:
        return True
    return any(matches(evidence_groups, quote_text(ev)) for ev in evidence_of(item.entry))


def score_facts_strict(
    items: Sequence[Item], facts: Sequence[Mapping[str, Any]], verdicts: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """Recall counting only correct items whose quote also meets the fact's evidence matcher.

    Paired one to one among those items alone, so a wrong item matching the keywords cannot
    take the place of a correct one.
    """
    candidates: list[list[int]] = []
    for fact in facts:
        groups, evidence_groups = matcher_groups(fact), evidence_matcher_groups(fact)
        hits = [
            i
            for i, item in enumerate(items)
            if verdicts[i]["verdict"] == "correct" and fact_holds(item, groups, evidence_groups)
        ]
        candidates.append(_ranked(items, fact, hits))
    paired = _assign(candidates)
    matched = sum(p is not None for p in paired)
    return {
        "key_fact_recall_strict": ratio(matched, len(facts)),
        "key_facts_matched_strict": matched,
        "strict_items": [items[p].id if p is not None else None for p in paired],
    }
