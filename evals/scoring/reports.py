"""The printed report of a score, and the labels file a human fills in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from evals.scoring.claims import ACTOR_FIELD, content_fields
from evals.scoring.common import VERDICTS, Item, evidence_of, field_text, quote_text
from evals.scoring.verdicts import item_key, label_for


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def format_report(result: Mapping[str, Any]) -> str:
    """A short human-readable summary of ``score``'s result."""
    n = result["counts"]
    counts = result["verdicts"]
    lines = [
        f"items: {n['items']}, precision {_fmt(result['precision'])}"
        f" ({', '.join(f'{v} {counts[v]}' for v in VERDICTS)});"
        f" labels applied {result['labels_applied']}, unused {result['labels_unused']}"
    ]
    for verdict in result["items"]:
        if verdict["verdict"] == "correct" and not verdict["labelled"]:
            continue
        how = (
            f"labelled, checks said {verdict['deterministic']}"
            + (" (label written for other fields)" if verdict.get("label_fields_differ") else "")
            if verdict["labelled"]
            else "; ".join(verdict["reasons"])
        )
        note = f" ({verdict['note']})" if verdict.get("note") else ""
        lines.append(f"  {verdict['id']}: {verdict['verdict']} - {how}{note}")
    lines.append(
        f"key facts: {result['key_facts_matched']}/{result['key_facts_total']} matched"
        f" (recall {_fmt(result['key_fact_recall'])}; strict"
        f" {result['key_facts_matched_strict']}/{result['key_facts_total']}"
        f" = {_fmt(result['key_fact_recall_strict'])}; any-item recall"
        f" {_fmt(result['key_fact_recall_any'])}; mean support recall"
        f" {_fmt(result['support_recall_mean'])})"
    )
    for fact in result["facts"]:
        if fact["matched_item"] is None:
            also = f" (only shares an item: {', '.join(fact['candidates'])})"
            lines.append(f"  - {fact['id']}: missed{also if fact['candidates'] else ''}")
        else:
            kind = "" if fact["kind_match"] else f" as {fact['matched_kind']}"
            covered = len(set(fact["item_sources"]) & set(fact["gold_sources"]))
            strict = f"strict via {fact['strict_item']}" if fact["strict_item"] else "not strict"
            lines.append(
                f"  + {fact['id']}: {fact['matched_item']}{kind},"
                f" sources {covered}/{len(fact['gold_sources'])}; {strict}"
            )
    parties = result["parties"]
    dups = "; ".join(f"{d['id']} -> {', '.join(d['entries'])}" for d in result["duplicate_parties"])
    lines.append(
        f"parties: {sum(bool(p['entries']) for p in parties)}/{len(parties)} recalled"
        f" (recall {_fmt(result['party_recall'])}); duplicates: {dups or 'none'}"
    )
    missing = [p["id"] for p in parties if not p["entries"]]
    if missing:
        lines.append(f"  missing: {', '.join(missing)}")
    for c in result["conflated_parties"]:
        lines.append(f"  conflated: {c['entry']} stands for {', '.join(c['gold'])}")
    places = ", ".join(f"{p['party']} ({p['name']})" for p in result["places_as_parties"])
    lines.append(
        f"places as parties: {result['places_as_party_count']}{': ' + places if places else ''}"
    )
    ev = result["evidence"]
    lines.append(
        f"evidence: {ev['verbatim']}/{ev['total']} verbatim"
        f" (share {_fmt(result['evidence_verbatim_share'])}); offset mismatch"
        f" {ev['offset_mismatch']}, not in text {ev['not_in_text']}, unknown source"
        f" {ev['unknown_source']}"
    )
    junk = ", ".join(
        f"{j.get('item') or j.get('party')} ({', '.join(j['markers'])})" for j in result["junk"]
    )
    lines.append(f"junk: {result['junk_items']} item(s){': ' + junk if junk else ''}")
    lines.append(
        f"counts: {n['parties']} parties, {n['proposals']} proposals, {n['positions']} positions,"
        f" {n['military_developments']} military developments; {n['ungrounded_items']}"
        f" ungrounded; {n['items_without_gold_fact']} matching no gold fact"
    )
    return "\n".join(lines)


def label_template(
    items: Sequence[Item],
    verdicts: Sequence[Mapping[str, Any]],
    labels: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """A labels file listing every item, its verdict pre-filled, for a human to check."""
    entries: list[dict[str, Any]] = []
    for item, verdict in zip(items, verdicts, strict=True):
        section, source_id, start, _ = item_key(item)
        evidence = evidence_of(item.entry)
        label = label_for(item, labels)
        entries.append(
            {
                "section": section,
                "actor": field_text(item.entry, ACTOR_FIELD[section]),
                "source_id": source_id,
                "start": start,
                "verdict": verdict["verdict"],
                "checked": label is not None,
                "note": str(label.get("note", "")) if label else "",
                "item": item.id,
                "deterministic": verdict["deterministic"],
                "reasons": verdict["reasons"],
                "fields": {f: field_text(item.entry, f) for f in content_fields(section)},
                "quote": quote_text(evidence[0]) if evidence else "",
                "evidence": len(evidence),
            }
        )
    return {
        "instructions": (
            "Set verdict to one of " + ", ".join(VERDICTS) + " and checked to true for each"
            " entry you reviewed; entries with checked false are ignored. A label matches the"
            " item with the same section, first evidence source_id and start, and actor."
        ),
        "labels": entries,
    }
