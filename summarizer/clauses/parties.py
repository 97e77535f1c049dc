"""Who a clause is of: the parties a sentence names (people with their titles, states,
organisations), who a pronoun or a title stands for, and who is no party (an outlet, a
dateline, a newsroom)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from summarizer.clauses.lexicon import (
    ATTACK_NOUNS,
    ENTOURAGE,
    FORCE_VERBS,
    GLUED,
    IMPLICATIVE,
    OFFICE_WORDS,
    OUTLETS,
    PARTY_LABELS,
    PERSON_TITLES,
    PERSONAL,
    PLACE_PREPS,
    PROPOSE,
    SPEECH,
    STANCE,
    SUBJECTS,
    TITLE_INITIALS,
    TITLE_WORDS,
    TITLES,
    WEAPONS,
    is_outlet,
)
from summarizer.clauses.readings import Named, PartyLabel
from summarizer.clauses.spans import (
    ent_of,
    ent_text,
    entourage_of,
    generic_body,
    main_subject,
    mended,
    newsroom_of,
    object_tokens,
    owner_of_body,
    root_of,
    span_text,
    subject_tokens,
    whole_name,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Pronouns by which a state or a group that speaks names itself.
_SELF = frozenset(["it", "they", "we"])
# What a state or a group speaking of itself calls its own ("its strike").
_OWN = frozenset(["its", "their", "our"])


#: "both sides", "the two countries": the two parties of the story, by a common noun.
_SIDES = frozenset(["side", "country", "nation", "party", "government", "state", "neighbour",
                    "neighbor"])  # fmt: skip


# A title that ends on one of these goes on in the capitalised word after it.
_ROLE_GOES_ON = frozenset(["for", "of", "to", "on", "at", "in"])
# A dateline ends on one of these within its first tokens.
_DASHES = ("-", "–", "—")
_DATELINE_TOKENS = 12
# An opening bracket (any width) that nothing in the name closes, and what follows it.
_UNCLOSED_BRACKET = re.compile(r"\s*[(（\[【][^)）\]】]*$")


def _group_owned_by(ent: Span) -> Span | None:
    """ "Yemen's Houthis said", "Sudan's Paramilitary RSF declared": the group the state's
    name owns, when the recogniser tagged only the state. Only a group named in the plural or by
    an acronym: "Israel's Iron Dome" is a weapon the state uses, and the state acts."""
    from spacy.tokens import Span

    root = ent.root
    if ent.label_ not in ("GPE", "NORP") or root.dep_ not in ("poss", "nmod"):
        return None
    if not any(c.lower_ in ("'s", "’s") for c in root.children):
        return None
    head = root.head
    named = [c for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i]
    if (
        head.lemma_.lower() in _GROUP_NOUNS
        and len(named) == 1
        and named[0].pos_ == "PROPN"
        and named[0].ent_type_ in ("", "ORG", "NORP")
        and not _same_state(named[0].lower_, ent.text)
    ):
        # "Yemen's Houthi rebels claimed ...": the group, named before a common noun.
        return Span(ent.doc, named[0].i, head.i + 1, label="ORG")
    acronym = head.text.isupper() and 2 <= len(head.text) <= 6 and head.text.isalnum()
    # The tagger calls "Houthis" a singular proper noun: a plural by its ending.
    plural = head.tag_ == "NNPS" or (head.text[-1:] == "s" and head.text[:1].isupper())
    if head.ent_type_ or head.pos_ != "PROPN" or not (acronym or plural):
        return None
    if is_outlet(head.text) or head.lower_ in OUTLETS or head.lower_ in TITLE_INITIALS:
        return None
    return Span(ent.doc, head.i, head.i + 1, label="ORG")


# Common nouns a group is named with ("Houthi rebels", "Wagner fighters").
_GROUP_NOUNS = frozenset(["rebel", "militia", "militant", "fighter", "movement", "insurgent"])


def _both_sides(subject: Sequence[Token]) -> bool:
    root = root_of(subject)
    return root.lemma_.lower() in _SIDES and any(
        c.lower_ in ("both", "two") for c in root.children if c.dep_ in ("det", "nummod", "predet")
    )


def _same_state(written: str, affiliation: str) -> bool:
    """ "german" and "German", "ukrainian" and "Ukraine": one state, by the start of the word
    (nationality and country names share it in English for most states)."""
    return bool(affiliation) and written[:4] == affiliation.lower()[:4]


def _conjoined(one: Span, other: Span) -> bool:
    """Two names joined by "and", by the parse or, where the parse attached the second name
    elsewhere ("ministers of [Chile] and [DR Freedonia]"), by the words between them."""
    if (one.root.dep_ == "conj" and other.start <= one.root.head.i < other.end) or (
        other.root.dep_ == "conj" and one.start <= other.root.head.i < one.end
    ):
        return True
    first, second = (one, other) if one.start < other.start else (other, one)
    between = [t.lower_ for t in first.doc[first.end : second.start]]
    return "and" in between and all(w in ("and", "the", ",") for w in between)


def _is_person(ent: Span, surnames: frozenset[str]) -> bool:
    if ent.label_ not in ("ORG", "GPE", "NORP"):
        return False
    titled = ent.start > 0 and ent.doc[ent.start - 1].text.rstrip(".") in TITLES
    # Only an "organisation" is taken for a surname: a state is never a person, even when the
    # recogniser once took "Democratic Republic of Congo" for one.
    return titled or (ent.label_ == "ORG" and ent.text.split()[-1] in surnames)


def _surnames_missed(doc: Doc, surnames: frozenset[str]) -> list[Span]:
    """ "Trump on Wednesday said ...": a surname of a person the article names in full, which
    the recogniser left untagged here as the subject, is that person."""
    from spacy.tokens import Span

    return [
        Span(doc, t.i, t.i + 1, label="PERSON") for t in doc
        if t.is_title and not t.ent_type_ and t.text in surnames and t.dep_ in SUBJECTS
        # Not a word of a run of names (a page's tag list: "Zelenskyy Putin June 2 ...").
        and (t.i == 0 or not doc[t.i - 1].is_title)
    ]  # fmt: skip


def _as_person(ent: Span) -> Span:
    from spacy.tokens import Span

    return Span(ent.doc, ent.start, ent.end, label="PERSON")


def non_parties(outlets: Iterable[str]) -> frozenset[str]:
    """The names that are no party in an article from ``outlets``: any outlet, and its own."""
    return OUTLETS | {w.lower() for o in outlets for w in [o.strip()] if w}


def surnames_of(docs: Iterable[Doc]) -> frozenset[str]:
    """The surnames of the people an article names in full."""
    return frozenset(
        e.text.split()[-1] for doc in docs for e in doc.ents
        if e.label_ == "PERSON" and len(e.text.split()) > 1
    )  # fmt: skip


def mend_people(doc: Doc, surnames: frozenset[str]) -> None:
    """Tags as people, in place, the names that the recogniser took for something else or left
    untagged, but that are people of this article."""
    doc.ents = sorted(
        [*(_as_person(e) if _is_person(e, surnames) else e for e in doc.ents),
         *_surnames_missed(doc, surnames)],
        key=lambda e: e.start,
    )  # fmt: skip


def _in_a_date(ent: Span) -> bool:
    """ "on Wednesday evening, the second day of Rosh Hashanah": a name that dates something
    (a feast, a season) is when, not who."""
    of = ent.root.head
    return ent.root.dep_ == "pobj" and of.lower_ == "of" and of.head.ent_type_ in ("DATE", "TIME")


def _spaced(token: Token) -> bool:
    """Whether a token stands apart from the word before it."""
    return token.i == 0 or bool(token.doc[token.i - 1].whitespace_)


def _phrase_top(token: Token, *, through_of: bool) -> Token:
    """The noun a name modifies, up through its modifiers ("Pakistan's Khyber province": the
    province) and, ``through_of``, through "of" ("the city of Sumy": the city)."""
    while token.head.i != token.i:
        if token.dep_ in ("poss", "compound", "amod", "nmod"):
            token = token.head
        elif through_of and token.dep_ == "pobj" and token.head.lower_ == "of":
            token = token.head.head
        else:
            break
    return token


def _attacked(ent: Span) -> bool:
    """ "Israeli strikes on Sanaa killed ...": what an attack is on is its target, not who
    acts; also a name inside the target ("on the northeastern Ukrainian city of Sumy")."""
    root = _phrase_top(ent.root, through_of=True)
    preposition = root.head
    return (
        root.dep_ == "pobj"
        and preposition.lower_ in ("on", "against")
        and preposition.head.lemma_.lower() in ATTACK_NOUNS
    )


# "Saudi-owned Al Arabiya": the owner of a body, named in its modifier, is not the body that
# speaks. (A backer or a ruler may be: "the Hamas-run health ministry said" is Hamas's claim.)
_OWNING = frozenset(["owned"])


def _where_a_war_is(ent: Span) -> bool:
    """ "Sudan's war has killed tens of thousands": the country a war is fought in does not do
    what the war did ("Russia's invasion" names who invaded)."""
    return ent.root.dep_ == "poss" and ent.root.head.lemma_.lower() in _WARS


_WARS = frozenset(["war", "conflict", "crisis", "fighting", "violence"])


def _name_beside(tokens: Sequence[Token], described: set[int]) -> str | None:
    """A proper name set in apposition to the noun a nationality describes, that the
    recogniser left untagged ("the Sudanese paramilitary Rapid Support Forces"; not "an Israeli
    strike in the Yemeni capital Sanaa")."""
    for token in tokens:
        if (
            token.dep_ == "appos"
            and token.head.i in described
            and token.pos_ == "PROPN"
            and not token.ent_type_
        ):
            words = [*(c for c in token.children if c.dep_ == "compound"), token]
            if all(w.pos_ == "PROPN" and w.text[:1].isupper() for w in words):
                return span_text(words)
    return None


def _owner_in_modifier(ent: Span) -> bool:
    doc = ent.doc
    return (
        ent.end + 1 < len(doc)
        and doc[ent.end].text == "-"
        and not doc[ent.end - 1].whitespace_
        and doc[ent.end + 1].lower_ in _OWNING
    )


# "Iskander-M", "Kh-101", "Shahed-136", "S-300": a weapon's model, by its digits or its letter
# after a hyphen.
_MODEL = re.compile(r"\d|\w-[A-Z]\b")


def _weapon_model(ent: Span) -> bool:
    """ "two Iskander-M missiles had struck the location": the weapon's model names no one who
    acts ("Hamas rockets" names the side)."""
    return (
        ent.root.dep_ in ("compound", "nmod", "amod")
        and ent.root.head.lemma_.lower() in WEAPONS
        and bool(_MODEL.search(ent.text))
    )


def _placed_in_attack(ent: Span) -> bool:
    """ "A Russian strike on residential buildings in western Ukraine killed ...": where an
    attack fell is a place, not who attacked ("in Pakistan's Khyber province" too)."""
    head = _phrase_top(ent.root, through_of=False)
    preposition = head.head
    if head.dep_ != "pobj" or preposition.lower_ not in PLACE_PREPS - {"from"}:
        return False
    return any(a.lemma_.lower() in ATTACK_NOUNS for a in preposition.ancestors)


def _launched_from(ent: Span) -> bool:
    """ "A drone launched from Yemen struck Eilat": where a weapon was sent from is a place,
    not who sent it ("officials from Qatar said" names their state: "from" on a noun)."""
    preposition = ent.root.head
    return (
        ent.root.dep_ == "pobj"
        and preposition.lower_ == "from"
        and preposition.head.pos_ == "VERB"
        and preposition.head.dep_ == "acl"
    )


def _dateline(ent: Span) -> bool:
    """ "New Delhi: India and Pakistan reached ...", "KYIV — ...", "Amman, July 28 (Petra) --
    ...", "CARACAS, Venezuela (AP) — ...": where and when the story was filed, and by which
    agency, not who acts. A dateline is places, dates and a bracketed agency before the dash or
    colon that opens the sentence; "The Democratic Republic of Congo (DRC) and Rwanda signed ..."
    is none."""
    doc = ent.doc
    dash = next(
        (
            t.i
            for t in doc[:_DATELINE_TOKENS]
            # ("DEIR AL-BALAH, Gaza Strip (AP) —": a hyphen inside a name is no dash.)
            if t.text == ":" or (t.text.startswith(_DASHES) and _spaced(t))
        ),
        None,
    )
    if dash is None or dash == 0 or ent.end > dash:
        return False
    bracketed = False
    for token in doc[:dash]:
        if token.text in ("(", ")"):
            bracketed = token.text == "("
        elif not (
            bracketed
            or token.text == ","
            or token.ent_type_ in ("GPE", "LOC", "FAC", "DATE")
            or token.tag_ in ("NNP", "NNPS", "CD")
            or (token.tag_ == "HYPH" and not _spaced(token))
        ):
            return False
    return True


#: A headline's verbs in title case ("Claims", "Says", "Denies"). ("States", "Reports" and
#: "Talks" end names and headlines alike; they are left out.)
_HEADLINE_VERBS = frozenset(
    ["Claims", "Says", "Denies", "Warns", "Accuses", "Rejects", "Vows", "Urges", "Slams",
     "Condemns", "Confirms", "Insists", "Announces", "Demands", "Threatens", "Blames"]
)  # fmt: skip


def _together(named: Sequence[Named]) -> Named:
    """Parties that act together as one name, in a fixed order so that outlets' reports meet
    (the merger splits it into its parties): a state if any of them is one."""
    labels = {n.label for n in named}
    kind: PartyLabel = "state" if "state" in labels else named[0].label
    return Named(name=" and ".join(sorted({n.name for n in named})), label=kind)


class Parties:
    """The parties of one sentence, read with what the article said before it: who acts, who
    speaks, whom a proposal is made to."""

    def __init__(
        self,
        doc: Doc,
        last_person: Named | None,
        not_parties: frozenset[str],
        titled: Sequence[Named] = (),
        people: Sequence[Named] = (),
        pair: Named | None = None,
    ) -> None:
        self.doc = doc
        self.people = people
        self.pair = pair
        self.titled = titled
        self.previous_person = last_person
        self.not_parties = not_parties
        # A pronoun refers back to the last person who acted or spoke, not to the last person
        # named: "Trump said Putin ... He added" is Trump adding.
        subjects = [
            e for e in doc.ents
            if e.label_ == "PERSON" and main_subject(e.root) and self._is_party(e.text)
        ]  # fmt: skip
        self.last_person = self._named(subjects[-1]) if subjects else last_person

    def named_here(self) -> list[Named]:
        """The people this sentence names, in order."""
        people = (self._named(e) for e in self.doc.ents if e.label_ == "PERSON")
        return [n for n in people if self._is_party(n.name)]

    def titled_here(self) -> list[Named]:
        """The people this sentence names with a title ("German Chancellor Friedrich Merz")."""
        people = (self._named(e) for e in self.doc.ents if e.label_ == "PERSON")
        return [n for n in people if n.role and self._is_party(n.name)]

    def _by_title(self, tokens: Sequence[Token]) -> Named | None:
        """ "The German chancellor denounced ...": the person the article named earlier with
        that title (and that state, when the phrase gives one); nobody when it is ambiguous."""
        for token in tokens:
            if token.lower_ not in PERSON_TITLES or token.dep_ not in SUBJECTS | {"pobj"}:
                continue
            states = [
                c.lower_ for c in token.children
                if c.ent_type_ in ("NORP", "GPE") and c.dep_ in ("amod", "compound", "poss")
            ]  # fmt: skip
            found = {
                n.name: n for n in reversed(self.titled)
                if token.lower_ in n.role.lower().split()
                and all(_same_state(state, n.affiliation) for state in states)
            }  # fmt: skip
            if len(found) == 1:
                return next(iter(found.values()))
        return None

    def _is_party(self, text: str) -> bool:
        low = text.lower().removeprefix("the ").strip()
        if text.isupper() and len(text) > 4:
            # A dateline ("SRINAGAR:") or a shouted headline word, not an actor.
            return False
        if any(w in _HEADLINE_VERBS for w in text.split()[1:]):
            # "Russian Army Claims Sumy Missile Strike Targeted ...": a headline in title case,
            # whose verb the tagger took for the end of a name; its parse names no actor.
            return False
        return (
            bool(low) and low not in self.not_parties and not low.isdigit() and not is_outlet(text)
        )

    def _named(self, ent: Span) -> Named:
        label: PartyLabel = PARTY_LABELS[ent.label_]  # type: ignore[assignment]
        # A dateline glued to the sentence ("BerlinThe Kremlin") is not part of the name.
        name = GLUED.sub("", ent.text).removeprefix("the ").removeprefix("The ").strip(" '’\"")
        # "William Lai （賴清德）": the entity may end on the bracket that opens the name in
        # another script.
        name = _UNCLOSED_BRACKET.sub("", name)
        if name.endswith(("'s", "’s")):
            name = name[:-2]
        role, affiliation = ("", "")
        if label == "person" and name:
            if name.split()[-1].lower() in OFFICE_WORDS:
                # "Lviv Mayor, Andrii Sadovyi, noted": the entity is the title; the name is
                # set beside it.
                beside = [ent_of(c) for c in ent.root.children if c.dep_ == "appos"]
                named = [e for e in beside if e is not None and e.label_ == "PERSON"]
                if named:
                    return replace(self._named(named[0]), role=role or name)
            role, affiliation = self._title_of(ent)
            words = name.split()
            titled = [k for k, w in enumerate(words[:-1]) if w.lower() in OFFICE_WORDS]
            if titled:
                # "Lviv Mayor Andriy Sadovy" tagged as one person: the title is no name.
                role = role or " ".join(words[: titled[-1] + 1])
                name = " ".join(words[titled[-1] + 1 :])
            words = role.split()
            first: list[str] = []
            while words and words[-1].lower() not in TITLE_WORDS and words[-1][:1].isupper():
                first.insert(0, words.pop())
            if words and words[-1] in _ROLE_GOES_ON:
                # "Senior Advisor for Africa Massad Boulos": the capital word ends the title.
                words, first = [*words, *first], []
            if first:
                role, name = " ".join(words), " ".join([*first, name])
            if role.lower() in TITLE_WORDS and role.lower() in ("mr", "mrs", "ms", "dr"):
                role = ""
            if " " not in name:
                full = self._full_name(name)
                if full is not None:
                    return Named(
                        name=full.name,
                        label=label,
                        role=role or full.role,
                        affiliation=affiliation or full.affiliation,
                    )
        return Named(name=name, label=label, role=role, affiliation=affiliation)

    def _full_name(self, surname: str) -> Named | None:
        """The one person named in full earlier in the article whose last name this is: "Sadovyi
        said" after "Lviv Mayor Andriy Sadovyi", so that outlets that spell the name apart still
        meet on the full name."""
        full = {p.name: p for p in self.people if " " in p.name and p.name.split()[-1] == surname}
        return next(iter(full.values())) if len(full) == 1 else None

    def _title_of(self, ent: Span) -> tuple[str, str]:
        """Title and state written just before a person's name, in its noun phrase: "Russian
        Foreign Minister Sergei Lavrov", "Ukraine's defence minister Rustem Umerov"."""
        words: list[Token] = []
        affiliation = ""
        i = ent.start - 1
        while i >= 0:
            token = self.doc[i]
            if token.tag_ == "POS" and i > 0 and self.doc[i - 1].ent_type_ in ("NORP", "GPE"):
                # "Pakistan's Defence Minister Khawaja Asif": the state owns the title.
                i -= 1
                continue
            if token.lower_ in ("of", "for") and i > 0 and self.doc[i - 1].lower_ in OFFICE_WORDS:
                # "Secretary of State Marco Rubio", "Senior Advisor for Africa Massad Boulos":
                # one title.
                words.insert(0, token)
                i -= 1
                continue
            if token.is_punct or token.pos_ in (
                "DET", "VERB", "AUX", "ADP", "CCONJ", "SCONJ", "PRON", "PART", "ADV"
            ):  # fmt: skip
                if not token.whitespace_ and words:
                    # "son-in-law Jared Kushner": the word it is glued to is part of another
                    # word, not a title ("law").
                    words = []
                break
            if token.ent_type_ in ("NORP", "GPE"):
                affiliation = ent_text(token)
            elif token.ent_type_ in ("", "ORG") and token.tag_ != "POS":
                words.insert(0, token)
            i -= 1
        role = " ".join(w.text for w in words)
        if not affiliation:
            # "Vladimir Medinsky, head of Russia's negotiating team": the title after the name.
            for appos in (c for c in ent.root.children if c.dep_ == "appos"):
                if appos.lemma_.lower() not in TITLE_WORDS | ENTOURAGE:
                    continue
                states = [t for t in appos.subtree if t.ent_type_ in ("NORP", "GPE")]
                if states:
                    affiliation = ent_text(states[0])
                    role = role or span_text(list(appos.subtree))
                break
        return role, affiliation.removesuffix("'s").removesuffix("’s")

    def party_in(self, span: Iterable[Token]) -> Named | None:
        """The party named in a span of tokens (a subject or an agent phrase): the person if
        one is named, else the organisation or state; a personal pronoun is the last person;
        a title alone ("the German chancellor") the person the article named with it."""
        tokens = list(span)
        found: list[Span] = []
        seen: set[int] = set()
        pronoun = None
        for token in tokens:
            if token.lower_ in PERSONAL and token.pos_ == "PRON":
                pronoun = token
            ent = ent_of(token)
            if ent is not None and ent.start not in seen and ent.label_ in PARTY_LABELS:
                seen.add(ent.start)
                ent = owner_of_body(mended(ent))
                ent = _group_owned_by(ent) or ent
                if (
                    self._is_party(ent.text)
                    and whole_name(self._named(ent).name)
                    and not generic_body(ent)
                    and not entourage_of(ent)
                    and not newsroom_of(ent)
                    and not _dateline(ent)
                    and not _in_a_date(ent)
                    and not _attacked(ent)
                    and not _launched_from(ent)
                    and not _placed_in_attack(ent)
                    and not _weapon_model(ent)
                    and not _owner_in_modifier(ent)
                    and not _where_a_war_is(ent)
                ):
                    found.append(ent)
        if found and all(e.label_ == "NORP" and e.root.dep_ == "amod" for e in found):
            beside = _name_beside(tokens, {e.root.head.i for e in found})
            if beside is not None and self._is_party(beside):
                # "The Sudanese paramilitary Rapid Support Forces (RSF)": the group the
                # recogniser did not name, not the nationality it is described by.
                return Named(name=beside, label="organisation")
        for label in ("PERSON", "ORG", "GPE", "NORP"):
            of_label = [e for e in found if e.label_ == label]
            if not of_label:
                continue
            first = of_label[0]
            if label == "PERSON":
                # People are parties one by one; the first named leads ("signed by X, Y and Z"),
                # but not one named as an owner ("Trump's critic Yuri Ushakov" is Ushakov).
                owners = [e for e in of_label if e.root.dep_ == "poss"]
                heads = [e for e in of_label if e not in owners]
                owned = {o.root.head.i for o in owners}
                if not heads and any(e.label_ != "PERSON" and e.root.i in owned for e in found):
                    # "Putin's Russia is launching ...": the state acts, not its owner.
                    continue
                return self._named(heads[0] if heads and owners else first)
            titled = self._by_title(tokens)
            if titled is not None:
                # "The Ukrainian president": the person, not the state the title names.
                return titled
            # Conjoined states and bodies act together ("Rwanda and the DR Congo").
            pool = [e for e in found if e.label_ != "PERSON"]
            joined = [first]
            grew = True
            while grew:
                # Either side of "and" may be the head ("Rwanda and DR Congo" as GPE + ORG).
                grew = False
                for e in pool:
                    if e not in joined and any(_conjoined(e, j) for j in joined):
                        joined.append(e)
                        grew = True
            if len(joined) > 1:
                # "India and Pakistan agreed": both act. One name for both (the merger splits
                # it into its parties), in a fixed order so outlets' reports meet.
                return _together([self._named(e) for e in joined])
            return self._named(first)
        titled = self._by_title(tokens)
        if titled is not None:
            return titled
        if pronoun is not None:
            before = [
                e for e in self.doc.ents
                if e.label_ == "PERSON" and e.end <= pronoun.i and e.root.dep_ in SUBJECTS
                and self._is_party(e.text)
            ]  # fmt: skip
            return self._named(before[-1]) if before else self.previous_person
        return None

    def sides(self, groups: Sequence[Sequence[Token]], *, people: bool = True) -> Named | None:
        """The two or more sides a phrase names one by one ("between the US and the Houthis"),
        as one joined name in a fixed order; None unless each is a party (and, without
        ``people``, none a person)."""
        heads = [next(t for t in group if t.head not in group or t.head is t) for group in groups]
        if any(ent_of(head) is None for head in heads):
            # "between Ukraine and the German arms industry": an industry is no party, whatever
            # nationality it has.
            return None
        named = [self.party_in(group) for group in groups]
        if len(named) < 2 or any(n is None or (n.label == "person" and not people) for n in named):
            return None
        return _together([n for n in named if n is not None])

    def speaker(self, verb: Token) -> Named | None:
        """Who a clause is attributed to: the subject of the speech verb that governs it, or
        the object of "according to"."""
        head = verb
        while head.dep_ in ("ccomp", "conj", "xcomp") and head.head is not head:
            head = head.head
            if head.lemma_ in SPEECH | STANCE:
                # "X assured ... and has said that ...": the speech verb shares X.
                return self.actor(head)
        # "Israeli strikes killed nine people and wounded 170, Yemen's Houthis said": the speech
        # verb after the clause, parsed as its aside.
        told = verb.head if verb.dep_ == "conj" else verb
        for aside in told.children:
            if aside.dep_ == "parataxis" and aside.i > told.i and aside.lemma_ in SPEECH:
                said_by = self.actor(aside)
                if said_by is not None:
                    return said_by
        for token in self.doc:
            if token.lower_ == "according" and token.i + 1 < len(self.doc):
                return self.party_in(token.subtree)
        return None

    def actor(self, verb: Token) -> Named | None:
        """Who does what ``verb`` says: its subject, a passive's agent, or its head's subject."""
        if any(c.dep_ == "nsubjpass" for c in verb.children):
            # "was signed by X": the agent acts, not the passive subject.
            agents = [c for c in verb.children if c.dep_ == "agent"]
            if agents:
                return self.party_in(t for a in agents for t in a.subtree)
            if verb.lemma_.lower() in FORCE_VERBS:
                # "50,000 Russian troops are stationed near Sumy": the troops' side acts.
                return self.party_in(t for c in verb.children if c.dep_ == "nsubjpass"
                                      for t in c.subtree)  # fmt: skip
            return None
        subject = subject_tokens(verb)
        if subject:
            named = self.party_in(subject)
            if named is None and _both_sides(subject):
                # "both countries had agreed to halt all firing": the two the article named.
                return self.pair
            speech = verb.head
            of_itself = named is None and (
                (len(subject) == 1 and subject[0].lower_ in _SELF)
                # "the ministry said that its missile strike on Sumy killed ...".
                or any(t.lower_ in _OWN and t.dep_ == "poss" for t in subject)
            )
            if of_itself and verb.dep_ == "ccomp" and speech.lemma_.lower() in SPEECH:
                # "Russia claimed it had downed ...", "Hamas said they would ...": a state or
                # a group that speaks of itself.
                speaker = self.actor(speech)
                if speaker is not None and speaker.label != "person":
                    return speaker
            return named
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in IMPLICATIVE:
            # "The blasts prompted Omar Abdullah to question the truce": the one prompted acts.
            prompted = [c for c in verb.head.children if c.dep_ == "dobj"]
            if prompted:
                return self.party_in(prompted[0].subtree)
        # A conjoined or controlled verb shares its head's subject ("X met Y and agreed to ..."),
        # and so does a participle of speech ("X announced the truce, saying that ...").
        shares = verb.dep_ in ("conj", "xcomp") or (
            verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.lemma_.lower() in SPEECH
        )
        if shares and verb.head is not verb:
            return self.actor(verb.head)
        return None

    def addressee(self, verb: Token) -> str:
        """Whom a proposal is made to: the party the dative or "to"/"with" phrase names itself
        ("talks with Ukraine"), not one named inside it ("agreed to Trump's plan": the plan's
        author is not its addressee)."""
        # "proposed a second round of talks with Ukraine": the talks' other side, in the object.
        inside = (
            [t for t in object_tokens(verb) if t.dep_ == "prep" and t.lower_ == "with"]
            if verb.lemma_.lower() in PROPOSE
            else []
        )
        actor = self.actor(verb)
        for child in [*verb.children, *inside]:
            if child.dep_ == "dative":
                target = child
            elif child.dep_ == "prep" and child.lower_ in ("to", "with"):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if not objects:
                    continue
                target = objects[0]
            else:
                continue
            if ent_of(target) is None:
                continue
            named = self.party_in(target.subtree)
            if named is not None and named != actor:
                return named.name
        return ""
