"""Score a briefing against a hand-written gold file of key facts and parties.

Usage::

    python evals/score.py BRIEF.json evals/gold/seeds.json [--articles examples/articles]

It prints a short report and, as its last line, one JSON object (the return value of
``score``), so a script can keep only the last line.

What is measured:

- key facts: each gold fact has a matcher, a list of groups of lowercase alternatives; an item
  (proposal, position or military development) matches when every group has an alternative in
  the item's text (its fields and its evidence quotes, case-insensitive). Facts and items are
  paired one to one, so one broad item cannot stand for several facts; ``key_fact_recall_any``
  gives the looser figure where any matching item counts. Support recall compares the sources
  of the paired item with the sources the gold lists for the fact.
- parties: a brief party stands for the gold party whose spelling variant it contains (whole
  word, case-insensitive, in its name or an alias); a gold party standing for more than one
  brief party is a duplicate, a brief party standing for more than one gold party is conflated.
- evidence: the share of evidence (items and parties) whose quote is ``text[start:end]``.
- junk: items whose text carries page furniture ("Advertisement", "MENAFN", ...).

Only the standard library is used, so the scorer runs on any brief without the package.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES = ROOT / "examples" / "articles"

ITEM_SECTIONS: dict[str, str] = {
    "proposals": "proposal",
    "positions": "position",
    "military_developments": "military_development",
}
FACT_KINDS = frozenset(ITEM_SECTIONS.values())

# Matched case-sensitively: in lower case "also read" or "error message" are ordinary prose,
# while the page furniture always carries this capitalisation.
JUNK_MARKERS: tuple[str, ...] = (
    "Story continues below",
    "Advertisement",
    "MENAFN",
    "Legal Disclaimer",
    "Also Read",
    "Latest Comment",
    "Post Comment",
    "Read Comments",
    "Error message",
    "An error occurred while searching",
    "Click here to follow",
    "Stay updated with the latest",
)

# Keys whose values are bookkeeping, not content: matching a fact against an id such as
# "p-russia" or a source id would make facts match on labels rather than on what is said.
_SKIPPED_KEYS = frozenset({"id", "sources", "evidence", "grounded", "source_id", "field"})

_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
    }
)
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Fold case, typographic quotes and hyphens and runs of white space for matching."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).casefold().strip()


def load_texts(folder: str | Path) -> dict[str, str]:
    """The ``text`` of every ``.json`` article in ``folder``, keyed by its ``id``."""
    texts: dict[str, str] = {}
    for path in sorted(Path(folder).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            texts[str(data.get("id") or path.stem)] = data["text"]
    return texts


# --------------------------------------------------------------------------------------------
# Items and matching
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One proposal, position or military development of the brief, ready for matching."""

    id: str
    kind: str
    sources: tuple[str, ...]
    text: str
    grounded: bool | None


def _strings(value: Any, key: str = "") -> Iterator[str]:
    if key in _SKIPPED_KEYS or key.endswith("_id"):
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from _strings(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def item_text(item: Mapping[str, Any]) -> str:
    """An item's content fields followed by its evidence quotes, one per line."""
    parts = [s for s in _strings(item) if s]
    for ev in _evidence(item):
        quote = ev.get("quote")
        if isinstance(quote, str) and quote:
            parts.append(quote)
    return "\n".join(parts)


def _evidence(entry: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    evidence = entry.get("evidence")
    if not isinstance(evidence, list):
        return []
    return [ev for ev in evidence if isinstance(ev, Mapping)]


def brief_items(brief: Mapping[str, Any]) -> list[Item]:
    """Every proposal, position and military development of the brief, in brief order."""
    items: list[Item] = []
    for section, kind in ITEM_SECTIONS.items():
        entries = brief.get(section)
        if not isinstance(entries, list):
            continue
        for i, entry in enumerate(entries):
            if not isinstance(entry, Mapping):
                continue
            sources = entry.get("sources")
            grounded = entry.get("grounded")
            items.append(
                Item(
                    id=str(entry.get("id") or f"{section}[{i}]"),
                    kind=kind,
                    sources=tuple(str(s) for s in sources) if isinstance(sources, list) else (),
                    text=item_text(entry),
                    grounded=grounded if isinstance(grounded, bool) else None,
                )
            )
    return items


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


def _support(item_sources: Iterable[str], gold_sources: Sequence[str]) -> float | None:
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


def score_facts(items: Sequence[Item], facts: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Recall of the gold facts, one item per fact, with each fact's source support."""
    candidates: list[list[int]] = []
    for fact in facts:
        groups = matcher_groups(fact)
        gold_sources = [str(s) for s in fact.get("sources", [])]
        hits = [i for i, item in enumerate(items) if matches(groups, item.text)]
        # Prefer an item of the fact's own kind, then the best-attributed one, then brief order.
        hits.sort(
            key=lambda i: (
                items[i].kind != fact.get("kind"),
                -(_support(items[i].sources, gold_sources) or 0.0),
                i,
            )
        )
        candidates.append(hits)
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
                "support_recall": _support(item_sources, gold_sources) if item else 0.0,
                "extra_sources": sorted(set(item_sources) - set(gold_sources)),
                "candidates": [items[i].id for i in hits],
            }
        )
    total = len(facts)
    matched = sum(r["matched_item"] is not None for r in results)
    supports = [r["support_recall"] for r in results if r["support_recall"] is not None]
    used = {i for i in paired if i is not None}
    return {
        "key_fact_recall": _ratio(matched, total),
        "key_facts_matched": matched,
        "key_facts_total": total,
        "key_fact_recall_any": _ratio(sum(bool(c) for c in candidates), total),
        "support_recall_mean": round(sum(supports) / len(supports), 4) if supports else None,
        "facts": results,
        "items_without_gold_fact": [item.id for i, item in enumerate(items) if i not in used],
    }


# --------------------------------------------------------------------------------------------
# Parties
# --------------------------------------------------------------------------------------------


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
                "source_recall": _support(sources[gold_id], gold_sources)
                if entries[gold_id]
                else 0.0,
            }
        )
    duplicates = [
        {"id": r["id"], "entries": r["entries"]} for r in results if len(r["entries"]) > 1
    ]
    matched = sum(bool(r["entries"]) for r in results)
    return {
        "party_recall": _ratio(matched, len(results)),
        "parties_matched": matched,
        "parties_total": len(results),
        "duplicate_parties": duplicates,
        "duplicate_party_count": len(duplicates),
        "conflated_parties": conflated,
        "parties": results,
    }


# --------------------------------------------------------------------------------------------
# Evidence and junk
# --------------------------------------------------------------------------------------------


def score_evidence(
    owners: Sequence[tuple[str, Mapping[str, Any]]], texts: Mapping[str, str]
) -> dict[str, Any]:
    """How much evidence is verbatim at its offsets, and why the rest is not."""
    counts = {"verbatim": 0, "offset_mismatch": 0, "not_in_text": 0, "unknown_source": 0}
    problems: list[dict[str, Any]] = []
    total = 0
    for owner_id, entry in owners:
        for ev in _evidence(entry):
            total += 1
            verdict = _evidence_verdict(ev, texts)
            counts[verdict] += 1
            if verdict != "verbatim":
                problems.append(
                    {"owner": owner_id, "source_id": ev.get("source_id"), "problem": verdict}
                )
    return {
        "verbatim_share": _ratio(counts["verbatim"], total),
        "total": total,
        **counts,
        "problems": problems,
    }


def _evidence_verdict(ev: Mapping[str, Any], texts: Mapping[str, str]) -> str:
    text = texts.get(str(ev.get("source_id")))
    if text is None:
        return "unknown_source"
    quote, start, end = ev.get("quote"), ev.get("start"), ev.get("end")
    # An empty quote is trivially text[i:i] but supports nothing.
    if not isinstance(quote, str) or not quote:
        return "not_in_text"
    if (
        isinstance(start, int)
        and isinstance(end, int)
        and 0 <= start <= end <= len(text)
        and text[start:end] == quote
    ):
        return "verbatim"
    return "offset_mismatch" if quote in text else "not_in_text"


def junk_found(text: str, markers: Sequence[str] = JUNK_MARKERS) -> list[str]:
    """The page-furniture markers present in ``text``."""
    return [m for m in markers if m in text]


# --------------------------------------------------------------------------------------------
# The whole score
# --------------------------------------------------------------------------------------------


def score(
    brief: dict[str, Any],
    gold: dict[str, Any],
    texts: dict[str, str],
    junk_markers: Sequence[str] = JUNK_MARKERS,
) -> dict[str, Any]:
    """Score a briefing (a plain dict, as in the brief's JSON) against a gold file."""
    facts = gold.get("facts", [])
    for fact in facts:
        if fact.get("kind") not in FACT_KINDS:
            raise ValueError(f"fact {fact.get('id')!r}: kind must be one of {sorted(FACT_KINDS)}")
    items = brief_items(brief)
    raw_parties = brief.get("parties")
    parties = [p for p in raw_parties if isinstance(p, Mapping)] if raw_parties else []

    fact_scores = score_facts(items, facts)
    party_scores = score_parties(parties, gold.get("parties", []))

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
    return {
        "key_fact_recall": fact_scores["key_fact_recall"],
        "key_facts_matched": fact_scores["key_facts_matched"],
        "key_facts_total": fact_scores["key_facts_total"],
        "key_fact_recall_any": fact_scores["key_fact_recall_any"],
        "support_recall_mean": fact_scores["support_recall_mean"],
        "party_recall": party_scores["party_recall"],
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
        "facts": fact_scores["facts"],
        "parties": party_scores["parties"],
        "evidence": {k: v for k, v in evidence.items() if k != "verbatim_share"},
        "junk": junk + junk_parties,
        "items_without_gold_fact": fact_scores["items_without_gold_fact"],
    }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def format_report(result: Mapping[str, Any]) -> str:
    """A short human-readable summary of ``score``'s result."""
    lines = [
        f"key facts: {result['key_facts_matched']}/{result['key_facts_total']} matched"
        f" (recall {_fmt(result['key_fact_recall'])}; any-item recall"
        f" {_fmt(result['key_fact_recall_any'])}; mean support recall"
        f" {_fmt(result['support_recall_mean'])})"
    ]
    for fact in result["facts"]:
        if fact["matched_item"] is None:
            also = f" (only shares an item: {', '.join(fact['candidates'])})"
            lines.append(f"  - {fact['id']}: missed{also if fact['candidates'] else ''}")
        else:
            kind = "" if fact["kind_match"] else f" as {fact['matched_kind']}"
            covered = len(set(fact["item_sources"]) & set(fact["gold_sources"]))
            lines.append(
                f"  + {fact['id']}: {fact['matched_item']}{kind},"
                f" sources {covered}/{len(fact['gold_sources'])}"
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
    n = result["counts"]
    lines.append(
        f"counts: {n['parties']} parties, {n['proposals']} proposals, {n['positions']} positions,"
        f" {n['military_developments']} military developments; {n['ungrounded_items']}"
        f" ungrounded; {n['items_without_gold_fact']} matching no gold fact"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("brief", type=Path, help="the briefing JSON to score")
    parser.add_argument("gold", type=Path, help="the gold file, e.g. evals/gold/seeds.json")
    parser.add_argument(
        "--articles",
        type=Path,
        default=DEFAULT_ARTICLES,
        help="folder of the source articles (.json with id and text)",
    )
    args = parser.parse_args(argv)
    try:
        brief = json.loads(args.brief.read_text(encoding="utf-8"))
        gold = json.loads(args.gold.read_text(encoding="utf-8"))
        texts = load_texts(args.articles)
        result = score(brief, gold, texts)
    except (OSError, ValueError) as exc:
        print(f"score: {exc}", file=sys.stderr)
        return 2
    print(format_report(result))
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
