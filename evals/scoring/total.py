"""The whole score of a brief: every measure in one result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from evals.scoring.common import FACT_KINDS, ITEM_SECTIONS, VERDICTS, brief_items, item_text, ratio
from evals.scoring.evidence import JUNK_MARKERS, junk_found, score_evidence
from evals.scoring.facts import score_facts, score_facts_strict
from evals.scoring.parties import places_as_parties, score_parties
from evals.scoring.verdicts import item_verdicts, publication_years


def _acting(brief: dict[str, Any]) -> dict[str, Any]:
    """The brief with a deal's accepting parties as its actor: a deal reported accepted names
    who accepted it in ``accepted_by`` and leaves ``proposer`` to a third party (often empty);
    the checks of who acts look at the parties that accepted."""
    proposals = []
    for entry in brief.get("proposals") or []:
        if isinstance(entry, Mapping) and entry.get("accepted_by"):
            entry = {**entry, "proposer": entry["accepted_by"],
                     "proposer_id": entry.get("accepted_by_id")}  # fmt: skip
        proposals.append(entry)
    return {**brief, "proposals": proposals}


def score(
    brief: dict[str, Any],
    gold: dict[str, Any],
    texts: dict[str, str],
    junk_markers: Sequence[str] = JUNK_MARKERS,
    *,
    published: Mapping[str, str] | None = None,
    labels: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """Score a briefing (a plain dict, as in the brief's JSON) against a gold file.

    ``published`` gives the articles' own dates where the brief's sources lack one;
    ``labels`` are hand verdicts (``load_labels``) overriding the checks.
    """
    facts = gold.get("facts", [])
    for fact in facts:
        if fact.get("kind") not in FACT_KINDS:
            raise ValueError(f"fact {fact.get('id')!r}: kind must be one of {sorted(FACT_KINDS)}")
    items = brief_items(_acting(brief))
    raw_parties = brief.get("parties")
    parties = [p for p in raw_parties if isinstance(p, Mapping)] if raw_parties else []

    fact_scores = score_facts(items, facts)
    party_scores = score_parties(parties, gold.get("parties", []))
    verdicts, unused_labels = item_verdicts(
        items,
        parties=parties,
        texts=texts,
        years=publication_years(brief, published),
        facts=facts,
        labels=labels,
    )
    strict = score_facts_strict(items, facts, verdicts)
    verdict_counts = {v: sum(r["verdict"] == v for r in verdicts) for v in VERDICTS}
    places = places_as_parties(parties, [str(p) for p in gold.get("not_parties", [])])

    owners: list[tuple[str, Mapping[str, Any]]] = [
        (str(p.get("id") or f"parties[{i}]"), p) for i, p in enumerate(parties)
    ]
    for section in ITEM_SECTIONS:
        entries = brief.get(section)
        if isinstance(entries, list):
            owners += [
                (str(e.get("id") or f"{section}[{i}]"), e)
                for i, e in enumerate(entries)
                if isinstance(e, Mapping)
            ]
    evidence = score_evidence(owners, texts)

    junk = [
        {"item": item.id, "markers": found}
        for item in items
        if (found := junk_found(item.text, junk_markers))
    ]
    junk_parties = [
        {"party": owner_id, "markers": found}
        for owner_id, party in owners[: len(parties)]
        if (found := junk_found(item_text(party), junk_markers))
    ]

    counts = {
        section: sum(item.kind == kind for item in items) for section, kind in ITEM_SECTIONS.items()
    }
    for fact, strict_item in zip(fact_scores["facts"], strict["strict_items"], strict=True):
        fact["strict_item"] = strict_item
    return {
        "precision": ratio(verdict_counts["correct"], len(items)),
        "verdicts": verdict_counts,
        "labels_applied": sum(r["labelled"] for r in verdicts),
        "labels_unused": unused_labels,
        "labels_for_other_fields": sum(bool(r.get("label_fields_differ")) for r in verdicts),
        "key_fact_recall": fact_scores["key_fact_recall"],
        "key_facts_matched": fact_scores["key_facts_matched"],
        "key_facts_total": fact_scores["key_facts_total"],
        "key_fact_recall_strict": strict["key_fact_recall_strict"],
        "key_facts_matched_strict": strict["key_facts_matched_strict"],
        "key_fact_recall_any": fact_scores["key_fact_recall_any"],
        "support_recall_mean": fact_scores["support_recall_mean"],
        "party_recall": party_scores["party_recall"],
        "places_as_parties": places,
        "places_as_party_count": len(places),
        "duplicate_party_count": party_scores["duplicate_party_count"],
        "duplicate_parties": party_scores["duplicate_parties"],
        "conflated_parties": party_scores["conflated_parties"],
        "evidence_verbatim_share": evidence["verbatim_share"],
        "junk_items": len(junk),
        "counts": {
            "parties": len(parties),
            **counts,
            "items": len(items),
            "ungrounded_items": sum(item.grounded is False for item in items),
            "items_without_gold_fact": len(fact_scores["items_without_gold_fact"]),
            "junk_parties": len(junk_parties),
        },
        "items": verdicts,
        "facts": fact_scores["facts"],
        "parties": party_scores["parties"],
        "evidence": {k: v for k, v in evidence.items() if k != "verbatim_share"},
        "junk": junk + junk_parties,
        "items_without_gold_fact": fact_scores["items_without_gold_fact"],
    }
