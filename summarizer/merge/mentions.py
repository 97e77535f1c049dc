"""Every name an extraction gives a party, and who a quote attributes its content to."""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.merge.entities import Mention, PartyIndex
from summarizer.merge.inputs import MergeInput
from summarizer.merge.names import country_of, plain

# "Moscow and Kiev", "Israel and Hamas": two parties the model gave as one.
_JOINED = re.compile(r"^\s*([A-Z][^,]*?)\s*(?:,|\band\b|&)\s*([A-Z].*?)\s*$")


def joined_block(name: str, index: PartyIndex) -> str:
    """What a report's actor acts for, for clustering: its principal, or for two parties given
    as one ("India and Pakistan") both principals in a fixed order, so that outlets naming the
    two in either order meet."""
    parts = split_joined(name)
    if len(parts) > 1:
        return "+".join(sorted(index.principal(p) or plain(p) for p in parts))
    return index.principal(name) or plain(name)


def joined_display(name: str, index: PartyIndex) -> tuple[str, str | None]:
    """A name as the brief shows it and its party id: for two parties given as one, each part
    by its canonical name and no single id."""
    parts = split_joined(name)
    if len(parts) > 1:
        shown = [(found.name if (found := index.lookup(p)) else p.strip()) for p in parts]
        return " and ".join(sorted(dict.fromkeys(shown))), None
    found = index.lookup(name)
    return (found.name, found.id) if found else (name.strip(), None)


def split_joined(name: str) -> list[str]:
    """The parties in a joined name, when one of them is a country or capital and the whole is
    not ("Bosnia and Herzegovina" is one country; "Ministry of Defence and Security" one body)."""
    parts = _joined_parts(name)
    if len(parts) > 1 and not country_of(name) and any(country_of(p) for p in parts):
        return parts
    return [name]


def _joined_parts(name: str) -> list[str]:
    match = _JOINED.match(name)
    if match is None:
        return [name]
    return [*_joined_parts(match.group(1)), *_joined_parts(match.group(2))]


def mentions(inputs: Sequence[MergeInput]) -> list[Mention]:
    mentions: list[Mention] = []
    for item in inputs:
        sid, ex = item.article.id, item.extraction
        for p in ex.parties:
            parts = split_joined(p.name)
            if len(parts) > 1:
                # Each side is a party of its own; what one of them is, the joint entry can't say.
                mentions.extend(Mention(sid, part) for part in parts)
            else:
                mentions.append(Mention(sid, p.name, p.kind, p.role, p.affiliation))
        # Parties named only as actors still get an entry, so every actor id resolves.
        actors = [p.proposer for p in ex.proposals] + [p.holder for p in ex.positions]
        actors += [d.actor for d in ex.military_developments]
        actors += [d.claimed_by for d in ex.military_developments if d.claimed_by]
        mentions.extend(
            Mention(sid, part) for name in actors if name.strip() for part in split_joined(name)
        )
    return mentions


# "Ukraine's military also said Russia launched 88 drones": the speaker before a reporting verb.
_SPEAKER = re.compile(
    r"^\W*(?P<speaker>[A-Z][\w'’.\- ]{1,60}?)\s+(?:also\s+|had\s+|has\s+)?"
    r"(?:said|says|claimed|claims|reported|reports|announced|stated|confirmed|insisted|warned)\b"
)


def speaker_party(quote: str, index: PartyIndex) -> str:
    """Who a quote attributes its content to, when that is a known party; '' otherwise."""
    match = _SPEAKER.match(quote)
    if match is None:
        return ""
    words = match.group("speaker").split()
    for n in range(len(words), 0, -1):
        phrase = " ".join(words[:n])
        if index.lookup(phrase) is not None:
            return phrase
    return ""
