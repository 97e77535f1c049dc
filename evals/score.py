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
from dataclasses import dataclass, field
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


def _articles(folder: str | Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for path in sorted(Path(folder).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            yield str(data.get("id") or path.stem), data


def load_texts(folder: str | Path) -> dict[str, str]:
    """The ``text`` of every ``.json`` article in ``folder``, keyed by its ``id``."""
    return {article_id: data["text"] for article_id, data in _articles(folder)}


def load_published(folder: str | Path) -> dict[str, str]:
    """The ``published`` date of every ``.json`` article in ``folder`` that has one."""
    return {
        article_id: data["published"]
        for article_id, data in _articles(folder)
        if isinstance(data.get("published"), str)
    }


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
    section: str = ""
    entry: Mapping[str, Any] = field(default_factory=dict, compare=False)


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
                    section=section,
                    entry=entry,
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


def _ranked(items: Sequence[Item], fact: Mapping[str, Any], hits: list[int]) -> list[int]:
    """Prefer an item of the fact's own kind, then the best-attributed one, then brief order."""
    gold_sources = [str(s) for s in fact.get("sources", [])]
    return sorted(
        hits,
        key=lambda i: (
            items[i].kind != fact.get("kind"),
            -(_support(items[i].sources, gold_sources) or 0.0),
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
# Item verdicts (precision)
# --------------------------------------------------------------------------------------------

VERDICTS: tuple[str, ...] = ("correct", "wrong-evidence", "wrong-actor", "background", "duplicate")
LABELS_DIR = ROOT / "evals" / "labels"

# Per section: the field naming who acts, the fields whose words the evidence must hold, the
# secondary fields (their words join the count, but cannot carry an item alone) and the fields
# that contribute only their numbers.
ACTOR_FIELD: dict[str, str] = {
    "proposals": "proposer",
    "positions": "holder",
    "military_developments": "actor",
}
_PRIMARY_FIELDS: dict[str, tuple[str, ...]] = {
    "proposals": ("summary",),
    "positions": ("topic", "stance"),
    "military_developments": ("action",),
}
_SECONDARY_FIELDS: dict[str, tuple[str, ...]] = {"proposals": ("where", "when")}
_NUMBER_FIELDS: dict[str, tuple[str, ...]] = {"military_developments": ("quantity",)}

# Function words and reporting verbs: they occur in any sentence, so holding them says nothing.
_STOP_WORDS_TEXT = """
    a about above after again against all along also am an and another any are around as at
    be been before being below between both but by can could did do does doing done down during
    each either else even ever every few for from further had has have having he her here hers
    herself him himself his how however if in into is it its itself just least less many may
    me might more most much must my myself near neither no nor not now of off on once only onto
    or other others our ours ourselves out over own per rather same she should since so some
    such than that the their theirs them themselves then there these they this those though
    through thus to too toward towards under until up upon us very via was we were what when
    where whether which while who whom whose why will with within without would yet you your
    yours yourself said say says saying told tell tells according added adding stated statement
    announced reported reportedly claimed
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
# Titles and bodies that many parties share: "Foreign Ministry" as an alias of Russia must not
# make any foreign minister near the quote count as Russia.
_GENERIC_ACTOR_TEXT = """
    president prime minister ministry ministers foreign defence defense interior chancellor
    secretary spokesman spokeswoman spokesperson office government official officials state
    states department army military forces envoy special adviser advisor aide deputy head chief
    leader national general affairs council security presidential federal republic
"""
_GENERIC_ACTOR_WORDS = frozenset(_GENERIC_ACTOR_TEXT.split())
_NUMBER_WORDS_TEXT = """
    two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty
"""
# "one" is left out: "no one", "one of the" are not counts.
_NUMBER_WORDS: dict[str, str] = {
    w: str(n) for n, w in enumerate(_NUMBER_WORDS_TEXT.split(), start=2)
}
_WORD = re.compile(r"[^\W\d_]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_ACRONYM = re.compile(r"(?<![\w])[A-Z][A-Z0-9]{1,3}(?![\w])")
_YEAR = re.compile(r"(?<![\d,.])(19\d\d|20\d\d)(?![\d,])")
ACTOR_WINDOW = 250


def numbers(text: str) -> list[str]:
    """The numbers in ``text``, thousands separators removed, small number words as digits."""
    found: list[str] = []
    for m in _NUMBER.finditer(text):
        token = m.group()
        if _THOUSANDS.fullmatch(token):
            found.append(token.replace(",", ""))
        else:
            found.extend(part for part in token.split(",") if part)
    found += [_NUMBER_WORDS[w] for w in _WORD.findall(normalize(text)) if w in _NUMBER_WORDS]
    return found


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry content: no stop words, number words or single letters."""
    words: list[str] = []
    for word in _WORD.findall(normalize(text)):
        if (
            len(word) > 1
            and word not in STOP_WORDS
            and word not in _NUMBER_WORDS
            and word not in words
        ):
            words.append(word)
    return words


def same_word(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are one word: equal, or sharing a long enough prefix.

    The prefix must be at least max(4, len(shorter) - 2) characters, so proposal/proposed,
    talks/talk and Russia/Russian match while war/warn and talks/taliban do not.
    """
    if a == b:
        return True
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared >= max(4, min(len(a), len(b)) - 2)


def _held(word: str, words: Sequence[str]) -> bool:
    return any(same_word(word, w) for w in words)


def _field(entry: Mapping[str, Any], name: str) -> str:
    value = entry.get(name)
    return value if isinstance(value, str) else ""


def _quote(ev: Mapping[str, Any]) -> str:
    quote = ev.get("quote")
    return quote if isinstance(quote, str) else ""


@dataclass(frozen=True)
class Claim:
    """What an item says, reduced to the words and numbers its evidence must hold."""

    primary: tuple[str, ...]
    secondary: tuple[str, ...]
    numbers: tuple[str, ...]

    @property
    def words(self) -> tuple[str, ...]:
        return self.primary + tuple(w for w in self.secondary if w not in self.primary)


def item_claim(section: str, entry: Mapping[str, Any]) -> Claim:
    """The content words (primary, secondary) and numbers of an item, by its section."""
    primary_text = " ".join(_field(entry, f) for f in _PRIMARY_FIELDS.get(section, ()))
    secondary_text = " ".join(_field(entry, f) for f in _SECONDARY_FIELDS.get(section, ()))
    number_text = " ".join(_field(entry, f) for f in _NUMBER_FIELDS.get(section, ()))
    found: list[str] = []
    for n in numbers(" ".join((primary_text, secondary_text, number_text))):
        if n not in found:
            found.append(n)
    return Claim(
        primary=tuple(content_words(primary_text)),
        secondary=tuple(content_words(secondary_text)),
        numbers=tuple(found),
    )


def supports(claim: Claim, quote: str) -> tuple[bool, list[str], list[str]]:
    """Whether ``quote`` supports the claim, with the words and numbers it lacks.

    It must hold at least half of the content words, every number, and, when the item has
    primary words, at least one of them (a quote holding only the place and date of a proposal
    does not state the proposal).
    """
    quote_words = _WORD.findall(normalize(quote))
    quote_numbers = set(numbers(quote))
    words = claim.words
    missing = [w for w in words if not _held(w, quote_words)]
    missing_numbers = [n for n in claim.numbers if n not in quote_numbers]
    held = len(words) - len(missing)
    ok = (
        bool(words or claim.numbers)
        and 2 * held >= len(words)
        and not missing_numbers
        and (not claim.primary or any(_held(w, quote_words) for w in claim.primary))
    )
    return ok, missing, missing_numbers


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
    actor = _field(entry, ACTOR_FIELD[section])
    party = _party_for(actor, _field(entry, ACTOR_FIELD[section] + "_id"), parties)
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
        for word in _WORD.findall(normalize(name)):
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
    quote = _quote(ev)
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
    window_words = _WORD.findall(normalize(window))
    if any(_held(w, window_words) for w in words):
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


def _content_fields(section: str) -> tuple[str, ...]:
    return (
        _PRIMARY_FIELDS.get(section, ())
        + _SECONDARY_FIELDS.get(section, ())
        + _NUMBER_FIELDS.get(section, ())
    )


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
    return any(matches(evidence_groups, _quote(ev)) for ev in _evidence(item.entry))


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
        evidence = _evidence(entry)
        reasons: list[str] = []

        claim = item_claim(section, entry)
        supported = 0
        for ev in evidence:
            ok, missing, missing_numbers = supports(claim, _quote(ev))
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
            actor = _field(entry, ACTOR_FIELD[section])
            reasons.append(f"actor {actor!r} not in or before any quote" if actor else "no actor")

        item_years = years.get
        source_years = [y for ev in evidence if (y := item_years(str(ev.get("source_id"))))]
        earlier: list[int] = []
        for ev in evidence:
            year = item_years(str(ev.get("source_id")))
            if year is not None:
                earlier += [y for y in years_named(_quote(ev)) if y < year]
        if source_years:
            fields_text = " ".join(
                _strings({k: v for k, v in entry.items() if k != ACTOR_FIELD[section]})
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
                _spans_overlap(a, b) for a in evidence for b in _evidence(other.entry)
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
        label = _label_for(item, labels)
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
                normalize(str(v)) != normalize(_field(item.entry, str(k)))
                for k, v in fields.items()
            ):
                result["label_fields_differ"] = True
    return sum(id(label) not in used for label in labels)


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
        "key_fact_recall_strict": _ratio(matched, len(facts)),
        "key_facts_matched_strict": matched,
        "strict_items": [items[p].id if p is not None else None for p in paired],
    }


# Labels ------------------------------------------------------------------------------------


def load_labels(path: str | Path) -> list[dict[str, Any]]:
    """The hand labels of a labels file; entries with ``"checked": false`` are left out."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    labels = data.get("labels") if isinstance(data, Mapping) else None
    if not isinstance(labels, list):
        raise ValueError(f"{path}: expected {{'labels': [...]}}")
    kept: list[dict[str, Any]] = []
    for i, label in enumerate(labels):
        if not (
            isinstance(label, dict)
            and label.get("section") in ITEM_SECTIONS
            and isinstance(label.get("source_id"), str)
            and isinstance(label.get("start"), int)
            and label.get("verdict") in VERDICTS
        ):
            raise ValueError(
                f"{path}: label {i} needs section ({', '.join(ITEM_SECTIONS)}), source_id,"
                f" start (int) and verdict ({', '.join(VERDICTS)})"
            )
        if label.get("checked") is not False:
            kept.append(label)
    return kept


def _item_key(item: Item) -> tuple[str, str | None, int | None, str]:
    evidence = _evidence(item.entry)
    first = evidence[0] if evidence else {}
    start = first.get("start")
    return (
        item.section,
        str(first["source_id"]) if "source_id" in first else None,
        start if isinstance(start, int) else None,
        normalize(_field(item.entry, ACTOR_FIELD[item.section])),
    )


def _label_for(item: Item, labels: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    section, source_id, start, actor = _item_key(item)
    for label in labels:
        if (
            label["section"] == section
            and label["source_id"] == source_id
            and label["start"] == start
            and (not label.get("actor") or normalize(str(label["actor"])) == actor)
        ):
            return label
    return None


def label_template(
    items: Sequence[Item],
    verdicts: Sequence[Mapping[str, Any]],
    labels: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """A labels file listing every item, its verdict pre-filled, for a human to check."""
    entries: list[dict[str, Any]] = []
    for item, verdict in zip(items, verdicts, strict=True):
        section, source_id, start, _ = _item_key(item)
        evidence = _evidence(item.entry)
        label = _label_for(item, labels)
        entries.append(
            {
                "section": section,
                "actor": _field(item.entry, ACTOR_FIELD[section]),
                "source_id": source_id,
                "start": start,
                "verdict": verdict["verdict"],
                "checked": label is not None,
                "note": str(label.get("note", "")) if label else "",
                "item": item.id,
                "deterministic": verdict["deterministic"],
                "reasons": verdict["reasons"],
                "fields": {f: _field(item.entry, f) for f in _content_fields(section)},
                "quote": _quote(evidence[0]) if evidence else "",
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


def default_labels_path(gold_path: str | Path) -> Path:
    """``evals/labels/<gold stem>.json``."""
    return LABELS_DIR / f"{Path(gold_path).stem}.json"


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


# --------------------------------------------------------------------------------------------
# The whole score
# --------------------------------------------------------------------------------------------


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
    items = brief_items(brief)
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
        "precision": _ratio(verdict_counts["correct"], len(items)),
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


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


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
    parser.add_argument(
        "--labels",
        type=Path,
        default=None,
        help="hand labels overriding the checks (default: evals/labels/<gold stem>.json if any)",
    )
    parser.add_argument(
        "--label-template",
        type=Path,
        default=None,
        metavar="OUT",
        help="also write a labels file listing every item, verdicts pre-filled, to OUT",
    )
    args = parser.parse_args(argv)
    labels_path = args.labels or default_labels_path(args.gold)
    try:
        brief = json.loads(args.brief.read_text(encoding="utf-8"))
        gold = json.loads(args.gold.read_text(encoding="utf-8"))
        if not isinstance(brief, dict) or not isinstance(gold, dict):
            raise ValueError("brief and gold must each be one JSON object")
        texts = load_texts(args.articles)
        labels = load_labels(labels_path) if args.labels or labels_path.exists() else []
        result = score(brief, gold, texts, published=load_published(args.articles), labels=labels)
        if args.label_template:
            items = brief_items(brief)
            template = label_template(items, result["items"], labels)
            args.label_template.write_text(
                json.dumps(template, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            print(f"wrote {len(items)} item(s) to {args.label_template}", file=sys.stderr)
    except (OSError, ValueError) as exc:
        print(f"score: {exc}", file=sys.stderr)
        return 2
    print(format_report(result))
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
