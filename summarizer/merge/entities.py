"""Entity resolution: one party per real-world person, state or organisation across articles.

Blocking keeps this close to linear: exact folded keys first, then surname-only mentions linked
to the one full name that ends with that surname, then fuzzy matches (rapidfuzz) only between
keys that share a blocking prefix.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz

from summarizer.merge.gazetteer import country_name, is_place
from summarizer.merge.names import (
    canonical_country,
    country_of,
    display_name,
    has_personal_title,
    is_common_noun,
    is_country_name,
    name_key,
    plain,
    surname,
    title_nationality,
    untitled,
)
from summarizer.schema import PartyKind

_KIND_ORDER: tuple[PartyKind, ...] = ("person", "state", "government", "organisation", "other")
FUZZY_NAME_SCORE = 90.0
#: The longest body name looked for inside a person's role ("Rapid Support Forces commander").
MAX_BODY_WORDS = 4


class Mention(NamedTuple):
    """A party as one source names it (a tuple: tens of thousands are made per merge)."""

    source_id: str
    name: str
    kind: PartyKind = "other"
    role: str = ""
    affiliation: str = ""


@dataclass(frozen=True)
class ResolvedParty:
    """A cluster of mentions resolved to one party."""

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: PartyKind
    role: str
    affiliation: str
    sources: tuple[str, ...]
    names: tuple[str, ...]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller key wins so the result does not depend on input order.
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def _initials_agree(a: str, b: str) -> bool:
    return a.split()[0][:1] == b.split()[0][:1]


#: Words inside Arabic, Dutch or German names that are not names of their own ("Al Thani").
_PARTICLES = frozenset(
    ["al", "el", "bin", "ibn", "bint", "abu", "de", "da", "di", "van", "von", "der"]
)


_NOT_NAMES = frozenset(["of", "the", "and", "for"])


def _within(a: str, b: str) -> bool:
    """The shorter full name ``a`` is ``b`` with names left out ("khawaja asif" in "khawaja muhammad
    asif", "abbas araghchi" in "seyed abbas araghchi"): the same surname, and every other name
    of the shorter in the longer, in order."""
    short, long = a.split(), b.split()
    given = [w for w in short[:-1] if w not in _PARTICLES]
    if not given or len(short) >= len(long) or not _same_surname(short[-1], long[-1]):
        return False
    if _NOT_NAMES & {*short, *long} or is_country_name(a) or is_country_name(b):
        # "republic of the congo" in "democratic republic of the congo": two states.
        return False
    rest = iter(long[:-1])
    return all(word in rest for word in short[:-1])


def _cluster_keys(keys: Iterable[str]) -> _UnionFind:
    uf = _UnionFind()
    all_keys = sorted(set(keys))
    for key in all_keys:
        uf.find(key)
    multi = [k for k in all_keys if len(k.split()) > 1]
    by_surname: dict[str, list[str]] = defaultdict(list)
    for key in multi:
        by_surname[surname(key)[:3]].append(key)
    # Fuzzy full names inside a block that shares the surname's first three letters.
    for block in by_surname.values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if (
                    _initials_agree(a, b)
                    and fuzz.ratio(surname(a), surname(b)) >= FUZZY_NAME_SCORE
                    and fuzz.ratio(a, b) >= FUZZY_NAME_SCORE - 5
                ):
                    uf.union(a, b)
    # One group in the singular and in the plural ("the Houthi", "the Houthis"; "Rapid Support
    # Force", "Rapid Support Forces"): outlets and sentences write both.
    present = set(all_keys)
    for key in all_keys:
        if len(key.split()[-1]) >= 4 and not key.endswith("s") and key + "s" in present:
            uf.union(key, key + "s")
    # A full name with names left out joins the longer name it is part of, when exactly one
    # cluster holds such names (two Al Thanis stay two).
    for block in by_surname.values():
        for a in block:
            roots = {uf.find(b) for b in block if _within(a, b)}
            if len(roots) == 1:
                uf.union(a, roots.pop())
    # A lone surname ("Burhan", "al-Burhan") joins the full name it belongs to, when exactly
    # one cluster fits.
    joined = set()
    for key in all_keys:
        *before, last = key.split()
        if any(w not in _PARTICLES for w in before):
            continue
        roots = {
            uf.find(full)
            for full in by_surname.get(last[:3], [])
            if full != key and _same_surname(surname(full), last)
        }
        if len(roots) == 1:
            uf.union(key, roots.pop())
            joined.add(key)
    # A family name written first ("Chen" for "Chen Binhua", "Xi" for "Xi Jinping"), when the
    # name is not already a surname of someone else's.
    by_family: dict[str, set[str]] = defaultdict(set)
    for key in multi:
        first, *rest = key.split()
        if first in FAMILY_NAMES_FIRST and len(rest) <= 2:
            by_family[first].add(uf.find(key))
    for key in all_keys:
        if key not in joined and len(by_family.get(key, ())) == 1:
            uf.union(key, next(iter(by_family[key])))
    return uf


def _same_surname(a: str, b: str) -> bool:
    """One surname in two transliterations ("Dagalo", "Daglo")."""
    return a == b or (a[:3] == b[:3] and fuzz.ratio(a, b) >= FUZZY_NAME_SCORE)


#: Family names that Chinese, Korean and Vietnamese names put first, where a later mention of the
#: person by family name alone is the first word of the full name.
FAMILY_NAMES_FIRST = frozenset(
    ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
     "ma", "zhu", "hu", "guo", "lin", "he", "gao", "luo", "zheng", "liang", "xie", "song", "tang",
     "han", "feng", "deng", "cao", "peng", "xiao", "tian", "dong", "pan", "yuan", "cai", "jiang",
     "yu", "du", "ye", "cheng", "wei", "su", "lu", "ding", "ren", "shen", "yao", "lai", "xi",
     "mao", "fu", "qin", "shi", "kim", "lee", "park", "choi", "cho", "jung", "kang", "yoon",
     "jang", "lim", "shin", "nguyen", "tran", "pham", "hoang", "vo", "phan"]
)  # fmt: skip


def _best_surface(names: Counter[str]) -> str:
    """The most complete, most frequent spelling; a bare name beats one wrapped in titles."""

    def rank(name: str) -> tuple[int, int, int, str]:
        bare = untitled(name)
        return (-int(plain(name) == bare), -len(bare.split()), -names[name], name)

    return display_name(min(names, key=rank))


def _with_inferred_fields(m: Mention) -> Mention:
    """Fill what a title says: 'Russian Foreign Minister X' is a person acting for Russia."""
    kind, role, affiliation = _inferred(m.name, m.kind, m.role, m.affiliation)
    if (kind, role, affiliation) == (m.kind, m.role, m.affiliation):
        return m
    return Mention(m.source_id, m.name, kind, role, affiliation)


@lru_cache(maxsize=65536)
def _inferred(
    name: str, kind: PartyKind, role: str, affiliation: str
) -> tuple[PartyKind, str, str]:
    if kind == "other" and has_personal_title(name):
        kind = "person"
    affiliation = affiliation or title_nationality(name)
    # A role that only names a country (Hamas "in the role of" Palestine) says whom the party
    # acts for; for the country itself it says nothing.
    if role and (country := country_of(role)):
        if country != name_key(name) and not affiliation:
            affiliation = canonical_country(role)
        role = ""
    return kind, role, affiliation


def _country_surface(names: Counter[str], key: str) -> str:
    """A country's party is named by the country's name, the form its sources use most
    ('Ukraine', not 'Kyiv' or 'the Ukrainian government'), else by the data's."""
    written = Counter({n: c for n, c in names.items() if is_country_name(n)})
    if not written:
        return country_name(key)
    # As written: a country's name has no title to strip ("DR Congo" is not Dr. Congo).
    return min(written, key=lambda n: (-written[n], -len(n), n)).strip()


def _not_a_party(
    canonical: str, names: Iterable[str], kind: PartyKind, texts: Sequence[str]
) -> bool:
    """Places, dates and topics the model gave as parties: 'Sumy', 'Gaza City', 'June 2',
    'ceasefire'. A party the model calls an organisation keeps its name even when a city has it
    (Toyota); an acronym is never a place (UN, not the town of Un)."""
    if kind == "person":
        return False
    bare = plain(canonical)
    bare = bare[4:] if bare.startswith("the ") else bare
    acronym = re.sub(r"[\s.]", "", canonical).isupper()
    if kind != "organisation" and not acronym and is_place(bare):
        return True
    return all(is_common_noun(n, texts) for n in names)


#: A country's short name that news uses for a better-known namesake: in a story that names
#: the DR Congo, "Congo" alone is the DR Congo.
_SHORT_FOR = {"republic of the congo": "democratic republic of the congo"}
_BARE = frozenset(["congo", "the congo"])


_NAME = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}"
_ALIAS = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
#: A name and the other name the article gives it: "Mohamed Hamdan Dagalo, also known as
#: Hemedti", "Dagalo “Hemedti”", "Rapid Support Forces (RSF)".
_ALIASED = re.compile(
    rf"({_NAME})(?:,?\s+\(?(?:also\s+|better\s+|widely\s+)?known\s+as\s+[“\"]?|\s+[“\"(])"
    rf"({_ALIAS})\b"
)


#: A state's body named with its state ("Pakistan's National Security Committee (NSC)",
#: "Iran's Foreign Ministry"): the body acts for the state. Armed groups a state's name owns
#: ("Sudan's RSF") are no body of it, so only these nouns end such a name.
_STATE_BODY = re.compile(
    r"\b([A-Z][a-z]+)['’]s\s+((?:[A-Z][\w-]+\s+){0,4}"
    r"(?:Committee|Council|Ministry|Cabinet|Presidency|Parliament|Assembly))\b"
    r"(?:\s+\(([A-Z]{2,6})\))?"
)


def _state_bodies(texts: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(name of a state's body, the state) for each such naming in the texts, also by the
    body's acronym."""
    for text in texts:
        for match in _STATE_BODY.finditer(text):
            yield match[2], match[1]
            if match[3]:
                yield match[3], match[1]


def _aliases(texts: Sequence[str]) -> Iterator[tuple[str, str]]:
    for text in texts:
        for match in _ALIASED.finditer(text):
            yield match[1], match[2]


def _known_key(name: str, keys: dict[str, str]) -> str | None:
    """The party key of ``name`` or of its shortest tail that is one ("Sudan's Rapid Support
    Forces": "rapid support forces"), among the names the extractions gave as parties."""
    words = name.split()
    for i in range(len(words)):
        key = name_key(" ".join(words[i:]))
        if key in keys:
            return key
    return None


def resolve_parties(mentions: Iterable[Mention], *, texts: Sequence[str] = ()) -> PartyIndex:
    return PartyIndex(list(mentions), texts=texts)


class PartyIndex:
    """Resolved parties and a lookup from any name the sources use to the party's id.

    Places, dates and topics are not parties: names of them resolve to ``None``. ``texts`` are
    the source texts, which tell a topic ('peace talks') from a proper name by its casing."""

    def __init__(self, mentions: list[Mention], *, texts: Sequence[str] = ()) -> None:
        key_of: dict[str, str] = {}
        usable = []
        for m in map(_with_inferred_fields, mentions):
            key = name_key(m.name)
            if key:
                key_of[m.name] = key
                usable.append(m)
        self._uf = _cluster_keys(key_of.values())
        for full, alias in _aliases(texts):
            named = _known_key(full, self._uf.parent)
            other = _known_key(alias, self._uf.parent)
            if named and other and named != other:
                self._uf.union(named, other)
        for short, full in _SHORT_FOR.items():
            # "Congo" in a story that names the DR Congo is the DR Congo, unless the other
            # Congo is named in full somewhere.
            written = {n for n, k in key_of.items() if k == short}
            if full in self._uf.parent and written and all(plain(n) in _BARE for n in written):
                self._uf.union(full, short)
        self._by_prefix: dict[str, list[str]] = defaultdict(list)
        for key in sorted(self._uf.parent):
            self._by_prefix[surname(key)[:3]].append(key)
        groups: dict[str, list[Mention]] = defaultdict(list)
        for m in usable:
            groups[self._uf.find(key_of[m.name])].append(m)
        parties: list[ResolvedParty] = []
        for root, members in groups.items():
            names = Counter(m.name.strip() for m in members)
            kinds: Counter[PartyKind] = Counter(m.kind for m in members if m.kind != "other")
            kind: PartyKind = (
                min(kinds, key=lambda k: (-kinds[k], _KIND_ORDER.index(k))) if kinds else "other"
            )
            # The fuzzy match may have rooted a country at a spelling the gazetteer lacks
            # ("Democratic Republic of Congo"): any member's key that is a country names it.
            keys = {key_of[m.name] for m in members}
            country = (
                root
                if country_name(root)
                else next((k for k in sorted(keys) if country_name(k)), "")
            )
            if _SHORT_FOR.get(country) in keys:
                country = _SHORT_FOR[country]
            # A state's other names keep their nationality ("Congolese army", not "army").
            shown = str.strip if country else display_name
            if country:
                # "Congo" joined to the DR Congo names the other Congo: not the party's name.
                own = Counter({
                    n: c for n, c in names.items()
                    if not country_name(key_of.get(n, "")) or key_of.get(n) == country
                })  # fmt: skip
                canonical = _country_surface(own or names, country)
                kind = "government" if kind == "government" else "state"
            else:
                canonical = _best_surface(names)
                if _not_a_party(canonical, names, kind, texts):
                    continue
                if kind == "state":
                    # Not a country and not a place: an armed group or a body (Hamas, NATO).
                    kind = "organisation"
            parties.append(
                ResolvedParty(
                    id=_party_id(root),
                    name=canonical,
                    aliases=tuple(sorted({shown(n) for n in names} - {canonical})),
                    kind=kind,
                    # A state "in the role of" itself (a small model writes that) says nothing.
                    role=_most_common(m.role for m in members if plain(m.role) != plain(m.name)),
                    affiliation=_most_common(canonical_country(m.affiliation) for m in members),
                    sources=tuple(sorted({m.source_id for m in members})),
                    names=tuple(sorted(names)),
                )
            )
        self._by_root = {p.id: p for p in parties}
        # Affiliations name parties too: show them by their canonical names.
        self.parties = sorted(
            (self._with_canonical_affiliation(p) for p in parties),
            key=lambda p: (-len(p.sources), p.name),
        )
        self._by_root = {p.id: p for p in self.parties}
        # Items name the same few parties thousands of times; the index is final from here on.
        self._lookups: dict[str, ResolvedParty | None] = {}
        # Which state each body of a state acts for (by party id).
        self._state_of: dict[str, str] = {}
        for body_name, state_name in _state_bodies(texts):
            body, state = self.lookup(body_name), self.lookup(state_name)
            if (
                body is not None
                and state is not None
                and body.kind == "organisation"
                and state.kind in ("state", "government")
            ):
                self._state_of.setdefault(body.id, state.id)
        self._principals: dict[str, str | None] = {}

    def _with_canonical_affiliation(self, party: ResolvedParty) -> ResolvedParty:
        target = self._lookup(party.affiliation) or self._body_in_role(party)
        if target is None:
            return party
        # A party does not act for itself ("Russia", affiliation "Russia").
        affiliation = "" if target.id == party.id else target.name
        return ResolvedParty(**{**party.__dict__, "affiliation": affiliation})

    def _body_in_role(self, party: ResolvedParty) -> ResolvedParty | None:
        """The body a person's role names ("RSF leader", "SAF chief", "Hamas spokesman"): whom
        the person acts for, when the story has that body as a party."""
        if party.kind != "person":
            return None
        words = party.role.split()
        for size in range(min(len(words), MAX_BODY_WORDS), 0, -1):
            for start in range(len(words) - size + 1):
                key = name_key(" ".join(words[start : start + size]))
                if key not in self._uf.parent:
                    continue
                body = self._party_rooted_at(self._uf.find(key))
                if body is not None and body.kind != "person" and body.id != party.id:
                    return body
        return None

    def _party_rooted_at(self, root: str) -> ResolvedParty | None:
        return self._by_root.get(_party_id(root))

    def lookup(self, name: str) -> ResolvedParty | None:
        """The party a name refers to, or ``None`` when no source names such a party."""
        if name not in self._lookups:
            self._lookups[name] = self._lookup(name)
        return self._lookups[name]

    def _lookup(self, name: str) -> ResolvedParty | None:
        key = name_key(name)
        if not key:
            return None
        if key in self._uf.parent:
            return self._party_rooted_at(self._uf.find(key))
        # A name used only inside an item ("Mr Lavrov") still resolves through its surname.
        candidates = {
            self._uf.find(k)
            for k in self._by_prefix.get(surname(key)[:3], ())
            if fuzz.ratio(surname(k), surname(key)) >= FUZZY_NAME_SCORE
            and (len(key.split()) == 1 or len(k.split()) == 1 or _initials_agree(k, key))
        }
        if len(candidates) == 1:
            return self._party_rooted_at(candidates.pop())
        return None

    def principal(self, name: str) -> str | None:
        """Id of the state or body a party acts for (itself when it acts for nobody else)."""
        if name not in self._principals:
            self._principals[name] = self._principal(name)
        return self._principals[name]

    def _principal(self, name: str) -> str | None:
        party = self.lookup(name)
        if party is None:
            return None
        if party.kind == "person" and party.affiliation:
            body = self.lookup(party.affiliation)
            if body is not None:
                return body.id
        return self._state_of.get(party.id, party.id)


def _party_id(root: str) -> str:
    """A resolved party's id, from the key its names were clustered under."""
    return "p-" + root.replace(" ", "-")


def _most_common(values: Iterable[str]) -> str:
    counts = Counter(v.strip() for v in values if v and v.strip())
    if not counts:
        return ""
    return min(counts, key=lambda v: (-counts[v], v))
