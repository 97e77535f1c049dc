"""Each item's verdict by deterministic checks, and the hand labels that override it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from evals.scoring.claims import (
    ACTOR_FIELD,
    STOP_WORDS,
    WORD,
    item_claim,
    supports,
    word_held,
)
from evals.scoring.common import (
    Item,
    content_strings,
    evidence_of,
    field_text,
    normalize,
    quote_text,
)
from evals.scoring.facts import evidence_matcher_groups, fact_holds, matcher_groups

# Titles and bodies that many parties share: "Foreign Ministry" as an alias of Russia must not
# make any foreign minister near the quote count as Russia.
_GENERIC_ACTOR_TEXT = """
    president prime minister ministry ministers foreign defence defense interior chancellor
    secretary spokesman spokeswoman spokesperson office government official officials state
    states department army military forces envoy special adviser advisor aide deputy head chief
    leader national general affairs council security presidential federal republic
"""
_GENERIC_ACTOR_WORDS = frozenset(_GENERIC_ACTOR_TEXT.split())

_ACRONYM = re.compile(r"(?<![\w])[A-Z][A-Z0-9]{1,3}(?![\w])")
_YEAR = re.compile(r"(?<![\d,.])(19\d\d|20\d\d)(?![\d,])")
ACTOR_WINDOW = 250


def _party_for(
    actor: str, actor_id: str, parties: Sequence[Mapping[str, Any]]
) -> Mapping[str, Any] | None:
    folded = normalize(actor)
    if folded:
        for party in parties:
            aliases = party.get("aliases")
            names = [party.get("name"), *(aliases if isinstance(aliases, list) else [])]
            if any(isinstance(n, str) and normalize(n) == folded for n in names):
                return party
    if actor_id:
        for party in parties:
            if party.get("id") == actor_id:
                return party
    return None


def actor_names(
    entry: Mapping[str, Any], section: str, parties: Sequence[Mapping[str, Any]]
) -> list[str]:
    """The item's actor as written, then the name, aliases and affiliation of its party."""
    actor = field_text(entry, ACTOR_FIELD[section])
    party = _party_for(actor, field_text(entry, ACTOR_FIELD[section] + "_id"), parties)
    names: list[Any] = [actor]
    if party is not None:
        aliases = party.get("aliases")
        names += [
            party.get("name"),
            *(aliases if isinstance(aliases, list) else []),
            party.get("affiliation"),
        ]
    return [n for n in names if isinstance(n, str) and n.strip()]


def actor_words(names: Sequence[str]) -> tuple[list[str], list[str]]:
    """Words of 4+ letters (matched by prefix) and acronyms (matched as written) of the names."""
    words: list[str] = []
    acronyms: list[str] = []
    for name in names:
        for word in WORD.findall(normalize(name)):
            if (
                len(word) >= 4
                and word not in STOP_WORDS
                and word not in _GENERIC_ACTOR_WORDS
                and word not in words
            ):
                words.append(word)
        for acronym in _ACRONYM.findall(name):
            if acronym not in acronyms:
                acronyms.append(acronym)
    return words, acronyms


def actor_window(ev: Mapping[str, Any], texts: Mapping[str, str], width: int = ACTOR_WINDOW) -> str:
    """The quote and the ``width`` characters of its source before it."""
    quote = quote_text(ev)
    text = texts.get(str(ev.get("source_id")))
    if text is None:
        return quote
    start, end = ev.get("start"), ev.get("end")
    if not (
        isinstance(start, int)
        and isinstance(end, int)
        and 0 <= start <= end <= len(text)
        and (not quote or text[start:end] == quote)
    ):
        start = text.find(quote) if quote else -1
        if start < 0:
            return quote
        end = start + len(quote)
    # Kept apart by a line break: pages glue a heading to the next sentence ("sightRussia").
    return text[max(0, start - width) : start] + "\n" + text[start:end]


def _actor_in(window: str, words: Sequence[str], acronyms: Sequence[str]) -> bool:
    window_words = WORD.findall(normalize(window))
    if any(word_held(w, window_words) for w in words):
        return True
    return any(re.search(r"(?<![\w])" + re.escape(a) + r"(?![\w])", window) for a in acronyms)


def _year(date: Any) -> int | None:
    if isinstance(date, str):
        m = re.match(r"\s*(\d{4})", date)
        if m:
            return int(m.group(1))
    return None


def publication_years(
    brief: Mapping[str, Any], published: Mapping[str, str] | None = None
) -> dict[str, int]:
    """Each source's publication year: the brief's ``sources``, else the article's own date."""
    years = {sid: y for sid, date in (published or {}).items() if (y := _year(date)) is not None}
    sources = brief.get("sources")
    for source in sources if isinstance(sources, list) else []:
        if isinstance(source, Mapping) and (y := _year(source.get("published"))) is not None:
            years[str(source.get("id"))] = y
    return years


def years_named(text: str) -> list[int]:
    """The years (1900-2099) that ``text`` names."""
    return [int(y) for y in _YEAR.findall(text)]


def _spans_overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    a_start, a_end, b_start, b_end = a.get("start"), a.get("end"), b.get("start"), b.get("end")
    return (
        a.get("source_id") == b.get("source_id")
        and isinstance(a_start, int)
        and isinstance(a_end, int)
        and isinstance(b_start, int)
        and isinstance(b_end, int)
        and a_start < b_end
        and b_start < a_end
    )


def item_verdicts(
    items: Sequence[Item],
    *,
    parties: Sequence[Mapping[str, Any]],
    texts: Mapping[str, str],
    years: Mapping[str, int],
    facts: Sequence[Mapping[str, Any]] = (),
    labels: Sequence[Mapping[str, Any]] = (),
) -> tuple[list[dict[str, Any]], int]:
    """Each item's verdict, with the reasons, in brief order; and how many labels went unused.

    The checks run in the order wrong-evidence, wrong-actor, background, duplicate; the first
    that fails gives the verdict, so each item has exactly one. A matching hand label
    overrides it (``deterministic`` keeps what the checks said).
    """
    fact_groups = [(matcher_groups(f), evidence_matcher_groups(f)) for f in facts]
    results: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        entry, section = item.entry, item.section
        evidence = evidence_of(entry)
        reasons: list[str] = []

        claim = item_claim(section, entry)
        supported = 0
        for ev in evidence:
            ok, missing, missing_numbers = supports(claim, quote_text(ev))
            supported += ok
            if not ok:
                lacks = [*missing, *missing_numbers]
                reasons.append(
                    f"quote in {ev.get('source_id')} lacks {', '.join(lacks) or 'content'}"
                )
        wrong_evidence = not evidence or 2 * supported < len(evidence)
        if not evidence:
            reasons.append("no evidence")

        names = actor_names(entry, section, parties)
        words, acronyms = actor_words(names)
        actor_found = bool(words or acronyms) and any(
            _actor_in(actor_window(ev, texts), words, acronyms) for ev in evidence
        )
        if not actor_found:
            actor = field_text(entry, ACTOR_FIELD[section])
            reasons.append(f"actor {actor!r} not in or before any quote" if actor else "no actor")

        item_years = years.get
        source_years = [y for ev in evidence if (y := item_years(str(ev.get("source_id"))))]
        earlier: list[int] = []
        for ev in evidence:
            year = item_years(str(ev.get("source_id")))
            if year is not None:
                earlier += [y for y in years_named(quote_text(ev)) if y < year]
        if source_years:
            fields_text = " ".join(
                content_strings({k: v for k, v in entry.items() if k != ACTOR_FIELD[section]})
            )
            earlier += [y for y in years_named(fields_text) if y < min(source_years)]
        if earlier:
            reasons.append(f"names earlier year {min(earlier)}")

        duplicate_of = None
        for j in range(index):
            other = items[j]
            if other.section != section:
                continue
            shared_span = any(
                _spans_overlap(a, b) for a in evidence for b in evidence_of(other.entry)
            )
            shared_fact = next(
                (
                    str(fact.get("id"))
                    for fact, (groups, ev_groups) in zip(facts, fact_groups, strict=True)
                    if fact_holds(item, groups, ev_groups) and fact_holds(other, groups, ev_groups)
                ),
                None,
            )
            if shared_span or shared_fact:
                duplicate_of = other.id
                why = "shares an evidence span" if shared_span else f"same fact {shared_fact}"
                reasons.append(f"duplicate of {other.id} ({why})")
                break

        if wrong_evidence:
            verdict = "wrong-evidence"
        elif not actor_found:
            verdict = "wrong-actor"
        elif earlier:
            verdict = "background"
        elif duplicate_of is not None:
            verdict = "duplicate"
        else:
            verdict = "correct"
        results.append(
            {
                "id": item.id,
                "section": section,
                "verdict": verdict,
                "supported_evidence": supported,
                "evidence": len(evidence),
                "reasons": reasons,
            }
        )
    return results, _apply_labels(items, results, labels)


def _apply_labels(
    items: Sequence[Item], results: list[dict[str, Any]], labels: Sequence[Mapping[str, Any]]
) -> int:
    used: set[int] = set()
    for item, result in zip(items, results, strict=True):
        result["deterministic"] = result["verdict"]
        label = label_for(item, labels)
        result["labelled"] = label is not None
        if label is not None:
            used.add(id(label))
            result["verdict"] = label["verdict"]
            if label.get("note"):
                result["note"] = label["note"]
            # Labels match on where the item's evidence starts, not on what it says; a label
            # written for other fields (an earlier run) still applies, but the report says so.
            fields = label.get("fields")
            if isinstance(fields, Mapping) and any(
                normalize(str(v)) != normalize(field_text(item.entry, str(k)))
                for k, v in fields.items()
            ):
                result["label_fields_differ"] = True
    return sum(id(label) not in used for label in labels)


def item_key(item: Item) -> tuple[str, str | None, int | None, str]:
    evidence = evidence_of(item.entry)
    first = evidence[0] if evidence else {}
    start = first.get("start")
    return (
        item.section,
        str(first["source_id"]) if "source_id" in first else None,
        start if isinstance(start, int) else None,
        normalize(field_text(item.entry, ACTOR_FIELD[item.section])),
    )


def label_for(item: Item, labels: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    section, source_id, start, actor = item_key(item)
    for label in labels:
        if (
            label["section"] == section
            and label["source_id"] == source_id
            and label["start"] == start
            and (not label.get("actor") or normalize(str(label["actor"])) == actor)
        ):
            return label
    return None
