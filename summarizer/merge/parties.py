"""The brief's parties: one per real-world entity, with a verbatim mention in every source that
names it, whatever the spelling."""

from __future__ import annotations

from collections import Counter

from summarizer.align import Aligner, Span, fold_word, name_pattern
from summarizer.merge.entities import PartyIndex, ResolvedParty
from summarizer.merge.names import country_of, display_name, name_key, plain
from summarizer.schema import Evidence, Party


def build_parties(
    index: PartyIndex, aligners: dict[str, Aligner], *, drop_unfound: bool
) -> list[Party]:
    """Every party of the index, the most widely named first."""
    sources_with: dict[str, set[str]] = {}
    for sid, aligner in aligners.items():
        for word in aligner.words:
            sources_with.setdefault(word, set()).add(sid)
    surnames = Counter(_surname_key(p) for p in index.parties if p.kind == "person")
    shared = {s for s, n in surnames.items() if n > 1}
    parties = sorted(
        (_party(p, aligners, sources_with, shared) for p in index.parties),
        key=lambda p: (-len(p.sources), p.name),
    )
    if drop_unfound:
        parties = [p for p in parties if p.evidence]
    return parties


def _surname_key(party: ResolvedParty) -> str:
    return fold_word(name_key(party.name).split()[-1]) if party.name.split() else ""


def _holding(words: frozenset[str], sources_with: dict[str, set[str]]) -> set[str]:
    postings = sorted((sources_with.get(w, set()) for w in words), key=len)
    return set.intersection(*postings) if postings else set()


def _party(
    resolved: ResolvedParty,
    aligners: dict[str, Aligner],
    sources_with: dict[str, set[str]],
    shared_surnames: set[str],
) -> Party:
    """The party with a verbatim mention in every source whose text names it.

    Sources are searched for every spelling the model used, the same without titles, and a
    person's surname, so a source where the model left the party out still counts. Only sources
    that hold all of a spelling's words are searched.
    """
    # A state's names keep their nationality: "foreign ministry" alone may be anyone's.
    shown = str.strip if country_of(resolved.name) else display_name
    full = set(resolved.names) | {shown(n) for n in resolved.names}
    short: set[str] = set()
    if resolved.kind == "person" and _surname_key(resolved) not in shared_surnames:
        # The surname, also in its folded spelling (Zelenskyy -> zelensky, which finds both),
        # unless another party has the same surname.
        short |= {f.split()[-1] for f in full if len(f.split()[-1]) >= 5}
        short |= {k.split()[-1] for n in resolved.names if len((k := name_key(n)).split()[-1]) >= 5}
    forms = [*sorted(full, key=lambda f: (-len(f), f)), *sorted(short)]
    patterns = [p for f in forms if (p := name_pattern(f)) is not None]
    # Per source, the first spelling (longest first) found in it; a source is searched only for
    # the spellings whose words it holds.
    spans: dict[str, Span] = {}
    for pattern in patterns:
        for sid in _holding(pattern.words, sources_with).difference(spans):
            span = aligners[sid].find_name_pattern(pattern)
            if span is not None:
                spans[sid] = span
    evidence = [
        Evidence(source_id=sid, quote=aligners[sid].text[span.start : span.end],
                 start=span.start, end=span.end)
        for sid, span in sorted(spans.items())
    ]  # fmt: skip
    # Spellings found in the texts are aliases too (a source may write "Zelensky" where the model
    # wrote "Zelenskyy").
    seen = {plain(resolved.name)}
    aliases = []
    for alias in [*resolved.aliases, *(shown(" ".join(e.quote.split())) for e in evidence)]:
        # A bare surname of the canonical name ("Putin") says nothing new.
        if plain(alias) not in seen and not plain(resolved.name).endswith(" " + plain(alias)):
            seen.add(plain(alias))
            aliases.append(alias)
    return Party(
        id=resolved.id, name=resolved.name, aliases=sorted(aliases), kind=resolved.kind,
        role=resolved.role, affiliation=resolved.affiliation,
        sources=sorted({e.source_id for e in evidence} | set(resolved.sources)),
        evidence=evidence,
    )  # fmt: skip
