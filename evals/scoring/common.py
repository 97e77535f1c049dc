"""The brief's items and the text folding that every part of the scorer matches with."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

ITEM_SECTIONS: dict[str, str] = {
    "proposals": "proposal",
    "positions": "position",
    "military_developments": "military_development",
}
FACT_KINDS = frozenset(ITEM_SECTIONS.values())

VERDICTS: tuple[str, ...] = ("correct", "wrong-evidence", "wrong-actor", "background", "duplicate")

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


def content_strings(value: Any, key: str = "") -> Iterator[str]:
    if key in _SKIPPED_KEYS or key.endswith("_id"):
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from content_strings(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from content_strings(v)


def item_text(item: Mapping[str, Any]) -> str:
    """An item's content fields followed by its evidence quotes, one per line."""
    parts = [s for s in content_strings(item) if s]
    for ev in evidence_of(item):
        quote = ev.get("quote")
        if isinstance(quote, str) and quote:
            parts.append(quote)
    return "\n".join(parts)


def evidence_of(entry: Mapping[str, Any]) -> list[Mapping[str, Any]]:
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


def field_text(entry: Mapping[str, Any], name: str) -> str:
    value = entry.get(name)
    return value if isinstance(value, str) else ""


def quote_text(ev: Mapping[str, Any]) -> str:
    quote = ev.get("quote")
    return quote if isinstance(quote, str) else ""


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
