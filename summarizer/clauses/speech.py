"""What is said: the statement a speech verb reports, the quotation it is, the clause it
reports as an event of its own, and what a stance is about (its topic)."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from summarizer.clauses.lexicon import (
    ATTACK_NOUNS,
    CARRIERS,
    CASUALTY_WORDS,
    CLOSING_QUOTES,
    COUNT_WORDS,
    DIRECTIVE,
    FORCE_NOUNS,
    JUDGING,
    MIN_SAID_WORDS,
    OPENING_QUOTES,
    PARTY_LABELS,
    RESPONDERS,
    SPEECH,
    SPOTTING,
    STANCE,
    SUBJECTS,
    WEAPONS,
)
from summarizer.clauses.readings import Kind, Named, Reading
from summarizer.clauses.spans import (
    attitude_matter,
    clause_tokens,
    closes,
    condition,
    condition_after,
    directive_matter,
    expressed,
    first_ent,
    gist,
    matter_chunk,
    named_thing,
    not_done,
    object_tokens,
    place_in,
    points_back,
    quantity_in,
    quantity_of,
    quote_closed,
    quote_opening,
    referred_to,
    root_of,
    span_text,
    statement_topic,
    subject_tokens,
    topic_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from summarizer.clauses.parties import Parties
    from summarizer.sentences import Sentence

QUOTE_MARKS = OPENING_QUOTES | {'"', "'", "‘"}
#: In a quotation, the pronouns by which a speaker names another person.
_OTHER_PERSON = frozenset(["he", "him", "his", "she", "her"])


def statement(verb: Token, what: str) -> tuple[list[Token], str] | None:
    """What a speech verb says, and its words (``what`` where it says none of its own); None
    when it is no stance."""
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
        said = [*verb.doc[opening : said[0].i], *said]
    said += _rest_of_quotation(said, verb)
    # "... would sit down with both “if it's necessary”": the condition is said too.
    said += condition_after(said)
    said = _without_attribution(said)
    what = span_text(said) or what
    if len(what.split()) < MIN_SAID_WORDS and not _names_a_side(said):
        # "I can't tell you that": a remark, not a stance an analyst can use ("India
        # remains firm against terrorism" is one).
        return None
    if content and (
        _happened_to(content[0])
        or counts_casualties(content[0])
        or _responders(content[0])
        or _tells_the_attack(content[0])
    ):
        # "Fires were reported in several buildings, X said", "the injured included two in
        # serious condition, MDA said", "emergency crews were working to reach people trapped":
        # an event without its actor, or the rescue after it, told by a witness, is no stance
        # of the witness; nor is an account of the attack itself ("the strike coincided with a
        # gathering", "the targets included ...").
        return None
    # "argues that such sales violate ... and has stepped up military activity": the parser
    # hung on the said clause a verb whose auxiliary agrees with the speaker, not with the
    # clause's subject; it tells what the speaker did.
    anew = {
        t.i for c in content for j in c.children if j.dep_ == "conj" and _disagrees(j, c)
        for t in (*j.subtree, *(x for x in c.children if x.dep_ == "cc" and x.i < j.i))
    }  # fmt: skip
    if anew:
        said = [t for t in said if t.i not in anew]
        what = span_text(said) or what
    return said, what


def _disagrees(conj: Token, clause: Token) -> bool:
    """Whether a verb conjoined to a clause, with no subject of its own, has an auxiliary whose
    number is not that of the clause's subject ("sales ... and has stepped up")."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
        return False
    aux = next((c.lower_ for c in conj.children if c.dep_ == "aux" and c.lemma_ == "have"), "")
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return False
    plural = subject.tag_ in ("NNS", "NNPS")
    singular = subject.tag_ in ("NN", "NNP")
    return (aux == "has" and plural) or (aux == "have" and singular)


def _rest_of_quotation(said: list[Token], verb: Token) -> list[Token]:
    """ "Now the question is whether we are about to reach, as President Trump says, an
    agreement or not," Peskov added: the parser hangs what follows an aside on the aside, so the
    said clause stops at "reach". The quotation the speech verb closes goes on to its closing
    mark: its words are said too."""
    if not said or said[-1].i >= verb.i:
        return []
    doc = verb.doc
    opened = any(t.text in QUOTE_MARKS for t in doc[: said[0].i + 1])
    closing = next(
        (t for t in doc[said[-1].i + 1 : verb.i] if t.text in CLOSING_QUOTES | {'"'}), None
    )
    if not opened or closing is None:
        return []
    rest = list(doc[said[-1].i + 1 : closing.i])
    while rest and rest[-1].is_punct:
        rest.pop()
    return rest


def clause_topic(
    verb: Token,
    kind: Kind,
    said: Sequence[Token],
    *,
    holder: Named,
    people: Sequence[Named],
    previous: Doc | None,
) -> str:
    """What a proposal proposes or a position is about (a development has no topic)."""
    topic = ""
    if kind != "development":
        attitude = expressed(verb)
        matter = directive_matter(verb) if verb.lemma_.lower() in DIRECTIVE else []
        matter = attitude_matter(attitude) if attitude is not None else matter
        matter = quote_closed(matter or object_tokens(verb))
        if verb.lemma_.lower() in _ACCUSING:
            matter = _accused(matter)
        if kind == "position":
            matter = topic_of(_inner_object(_without_the_judgement(matter)))
        topic = span_text(matter)
    if kind == "position":
        if topic.lower() in ("him", "her"):
            # "accused him of clinging to power": the person last named other than the holder.
            other = next((p for p in reversed(people) if p.name != holder.name), None)
            topic = other.name if other is not None else topic
        topic = _topic(
            verb, topic, said, quoted=_quoted(said), holder=holder, people=people, previous=previous
        )
    media = _media(verb)
    if topic and topic in media:
        # "On his Truth Social platform, Trump wrote ...", "said on NewsNation": where a
        # statement was made is not what it is about; what the statement's clause is about is.
        topic = span_text(topic_of(statement_topic(verb, said))) if kind == "position" else ""
        return "" if topic in media else _CUT_AFTER.sub("", topic)
    return _CUT_AFTER.sub("", topic)


def _media(verb: Token) -> set[str]:
    """What the speech verb of a statement names as where it was made ("on NewsNation", "on
    its website", "via X")."""
    speech = verb.head if verb.dep_ == "ccomp" else verb
    if speech.lemma_.lower() == "call":
        # "calls on Washington to ...": whom a call is made on.
        return set()
    return {
        span_text(list(o.subtree))
        for p in speech.children
        if p.dep_ == "prep" and p.lower_ in ("on", "via", "through")
        for o in p.children
        if o.dep_ == "pobj" and o.lower_ != "behalf"
    }


# Verbs whose object is whom they accuse; what of follows "of".
_ACCUSING = frozenset(["accuse", "charge", "suspect"])


def _accused(matter: list[Token]) -> list[Token]:
    """ "accused U.S. envoy Massad Boulos of speaking on behalf of the UAE": the stance is about
    the envoy; what he is accused of is the stance itself, cut where "of" opens it."""
    cut = next(
        (t.i for t in matter if t.lower_ == "of" and t.dep_ == "prep" and t.head.i != t.i
         and any(c.tag_ == "VBG" or c.dep_ == "pcomp" for c in t.children)),
        None,
    )  # fmt: skip
    return [t for t in matter if cut is None or t.i < cut]


def _without_the_judgement(matter: list[Token]) -> list[Token]:
    """ "condemned the sale as interference in its affairs", "rejected a proposal ... as 'the
    worst yet'", "condemned the attack in the strongest terms": what is judged, without how."""
    if not matter:
        return matter
    head = root_of(matter)
    # On the thing judged or on a participle of it ("a proposal provided by X as ..."), not
    # inside a clause of its own ("which Trump described as ...") or a list ("such as").
    on_it = {head.i} | {c.i for c in head.children if c.dep_ == "acl"}
    cut = next(
        (t.i for t in matter[1:] if t.dep_ == "prep" and t.head.i in on_it
         and t.nbor(-1).lower_ != "such"
         and (t.lower_ == "as" or any(c.lemma_.lower() == "term" for c in t.children))),
        None,
    )  # fmt: skip
    if cut is None:
        return matter
    kept = [t for t in matter if t.i < cut]
    while kept and (kept[-1].is_punct or kept[-1].is_quote):
        kept.pop()
    return kept or matter


# "Iran's response to": a topic the parse cut before the preposition's object (a quotation
# opening after it) ends on what it is; the dangling word says nothing.
_CUT_AFTER = re.compile(
    r"\s+(?:to|of|for|with|on|in|at|by|from|about|against|and|or|the|a|an)$", re.IGNORECASE
)


def _topic(
    verb: Token,
    topic: str,
    said: Sequence[Token],
    *,
    quoted: bool,
    holder: Named,
    people: Sequence[Named],
    previous: Doc | None,
) -> str:
    """What a stance is about when its own words do not say: the object of the verb a
    "saying ..." clause hangs on ("expressed hesitation toward new sanctions, saying ..."),
    or the sentence before, when the stance points back to it ("The Kremlin condemned the
    move")."""
    speech = verb.head if verb.dep_ == "ccomp" else verb
    if topic.lower() in _NO_MATTER:
        # "We must do everything within our power to preserve ... a two-state solution": a
        # word that stands for anything says nothing of what the stance is about.
        topic = ""
    if not topic and speech.dep_ == "advcl" and speech.lemma_.lower() in SPEECH:
        # The verb "saying" hangs on, or the one before it that it follows on from.
        head = speech.head
        before = [c for c in head.children if c.dep_ == "advcl" and c.i < speech.i]
        for candidate in (head, *before):
            carried = object_tokens(candidate)
            if carried and root_of(carried).lower_ in CARRIERS:
                # "released a video statement on Telegram, saying ...": what carried it.
                continue
            topic = span_text(topic_of(carried))
            if topic:
                break
    objects = object_tokens(verb)
    speaker = subject_tokens(verb)
    if topic and not points_back((), objects, speaker):
        return topic
    # A quotation's "this" is the speaker's, seldom the sentence the outlet wrote before it.
    if previous is not None and not quoted and points_back(said, objects, speaker):
        back = gist(previous)
        if back:
            return back
    topic = topic or span_text(topic_of(statement_topic(verb, said)))
    if topic and topic.lower() not in _NO_MATTER:
        return topic
    # Nothing the grammar names as the matter: what the statement speaks of, in turn a
    # matter of the story anywhere in it ("... our support for the peace process"), what the
    # speaker was referring to, the person a quotation's "he" stands for, a party it names.
    inside = {t.i for t in said}
    matter = matter_chunk(verb.doc, inside) or topic_of(referred_to(verb))
    if matter:
        return span_text(matter)
    # ("He who harms us ...": anyone, no one in particular.)
    if quoted and any(
        t.lower_ in _OTHER_PERSON and t.nbor(1).lower_ != "who"
        for t in said
        if t.i + 1 < len(t.doc)
    ):
        other = next((p for p in reversed(people) if p.name != holder.name), None)
        if other is not None:
            return other.name
    named = span_text(named_thing(said, holder.name))
    # Last, a matter the sentence names around the statement ("..., Rubio said, adding
    # that the facilitation of the peace process ...").
    return named or span_text(matter_chunk(verb.doc, {t.i for t in verb.doc}))


#: Objects that stand for anything at all: no topic.
_NO_MATTER = frozenset(
    ["everything", "anything", "something", "nothing", "more", "much", "all", "itself",
     "themselves", "whatever"]
)  # fmt: skip


def reported(
    verb: Token, sentence: Sentence, parties: Parties, *, speaker_of_clause: Named
) -> Reading | None:
    """The clause a speech verb reports, read as its own subject's military event."""
    for content in verb.children:
        if content.dep_ not in ("ccomp", "parataxis") or content.pos_ not in ("VERB", "AUX"):
            continue
        actor = parties.actor(content)
        subject = [t for c in content.children if c.dep_ in SUBJECTS for t in c.subtree]
        tokens = clause_tokens(content)
        force = force_told(content)
        if actor is None and force is not None:
            # "there were more than 10 Chinese warships in Taiwan's response zone": the side
            # the force is named for.
            actor = parties.party_in(_force_words(force))
        spotted = _spotted(content)
        if actor == speaker_of_clause and spotted is not None:
            # "Taiwan said it had detected 76 Chinese military aircraft": what was seen is the
            # event, of the side it is named for.
            seen = parties.party_in(_force_words(spotted))
            if seen is not None and seen != speaker_of_clause:
                actor, subject, tokens = seen, [], list(spotted.subtree)
        if actor is None or (actor == speaker_of_clause and force is None):
            continue
        what = span_text([*subject, *tokens]) if subject else span_text(tokens)
        around = [t for t in content.subtree]
        return Reading(
            sentence=sentence,
            kind="development",
            verb=content.lemma_.lower(),
            actor=actor,
            what=what,
            when=first_ent(around, ("DATE", "TIME")) or said_when(content),
            where=place_in(around),
            quantity=quantity_of(content) or quantity_in(subject),
            claimed_by=speaker_of_clause,
            # "the UK and France will establish military hubs": a plan, not an event.
            foretold=not_done(content),
        )
    return None


#: What a force clause may have as its subject: a force, a craft or a weapon.
_FORCES = FORCE_NOUNS | WEAPONS


def tells_a_force(verb: Token) -> bool:
    """Whether a speech verb reports what an armed force, craft or weapon is or was doing."""
    return any(
        c.dep_ in ("ccomp", "parataxis") and force_told(c) is not None for c in verb.children
    )


def force_told(clause: Token) -> Token | None:
    """The armed force, vessel or weapon a clause tells of as its subject, in a tense of what is
    or was ("the drills were taking place in ...", "there were more than 10 warships ...",
    "the militia was in the city"): a military fact, whoever states it."""
    if not_done(clause) or any(c.dep_ == "xcomp" for c in clause.children):
        # "the force is to serve as a deterrent": what it is for, not what it did.
        return None
    for child in clause.children:
        if child.dep_ in SUBJECTS and child.lemma_.lower() in _FORCES:
            return child
        if child.dep_ == "expl" and child.lower_ == "there":
            told = [c for c in clause.children if c.dep_ == "attr"]
            if told and told[0].lemma_.lower() in _FORCES:
                return told[0]
    return None


def _spotted(clause: Token) -> Token | None:
    """What a clause says its subject detected or counted ("it detected 76 aircraft"), when it
    is a force."""
    if clause.lemma_.lower() not in SPOTTING:
        return None
    return next(
        (c for c in clause.children
         if c.dep_ == "dobj" and c.lemma_.lower() in _FORCES),
        None,
    )  # fmt: skip


def _force_words(force: Token) -> list[Token]:
    """The words that name a force's side ("Chinese", "Russia's"), not the places of its
    phrase ("in Taiwan's response zone")."""
    return [
        t for c in force.children if c.dep_ in ("amod", "compound", "poss", "nmod")
        for t in c.subtree
    ]  # fmt: skip


def counts_casualties(clause: Token) -> bool:
    """Whether a clause counts the dead or the hurt, and names no one who caused it: a casualty
    word and a number, in the passive or with the casualties as subject ("12 people were
    killed", "the injured included two"; not "its forces killed 40 soldiers")."""
    words = list(clause.subtree)
    told = clause.head if clause.dep_ == "conj" and not _subject_of(clause) else clause
    subjects = _subject_of(told)
    if any(c.dep_ == "agent" for c in clause.children) or not all(map(_hurt, subjects)):
        return False
    return any(map(_hurt, words)) and any(
        (t.like_num and t.ent_type_ not in ("DATE", "TIME")) or t.lower_ in COUNT_WORDS
        for t in words
    )


def _tells_the_attack(clause: Token) -> bool:
    """Whether a clause tells what an attack was or did ("the operation was designed to
    eliminate ...", "the targets included ..."), not what it is judged to be ("the strike was a
    war crime", "the strikes violated the truce")."""
    lemma = clause.lemma_.lower()
    if lemma == "be":
        # "the operation was the second of its kind", "the deadliest in months": where the
        # attack ranks among attacks is its account, not a judgement.
        ranked = any(
            c.dep_ in ("attr", "acomp")
            and (_ranks(c) or any(_ranks(g) for g in c.children if g.dep_ in ("amod", "advmod")))
            for c in clause.children
        )
        return ranked and any(
            s.lemma_.lower() in ATTACK_NOUNS for s in _subject_of(clause, SUBJECTS)
        )
    return lemma not in JUDGING and any(
        s.lemma_.lower() in ATTACK_NOUNS | {"target"} for s in _subject_of(clause, SUBJECTS)
    )


#: Superlatives that rank an attack by its size or toll; "the worst crime" judges it.
_RANKING = frozenset(["largest", "biggest", "deadliest", "heaviest", "bloodiest", "latest"])


def _ranks(token: Token) -> bool:
    return token.ent_type_ == "ORDINAL" or token.lower_ in _RANKING


def _responders(clause: Token) -> bool:
    """Whether a clause's subject is who answers a strike ("rescuers", "emergency crews")."""
    return any(s.lemma_.lower() in RESPONDERS for s in _subject_of(clause))


def _hurt(token: Token) -> bool:
    return token.lemma_.lower() in CASUALTY_WORDS or token.lower_ in CASUALTY_WORDS


def _subject_of(verb: Token, deps: Collection[str] = ("nsubj", "csubj")) -> list[Token]:
    return [c for c in verb.children if c.dep_ in deps]


def _inner_object(matter: list[Token]) -> list[Token]:
    """ "declined to comment on a supply of missiles": a stance about the supply, not about
    commenting."""
    if not matter:
        return matter
    root = root_of(matter)
    if root.dep_ == "xcomp" and root.pos_ == "VERB":
        return object_tokens(root) or matter
    return matter


def opens_quotation(tokens: Sequence[Token]) -> bool:
    """Whether a span's last quote mark opens a quotation (that the span does not close)."""
    marks = [t for t in tokens if t.text in OPENING_QUOTES | CLOSING_QUOTES | {'"'}]
    if not marks:
        return False
    last = marks[-1]
    if last.text == '"':
        return not closes(last)
    return last.text in OPENING_QUOTES


def _without_attribution(said: list[Token]) -> list[Token]:
    """'said: “We will respond,” Trump said': what is said ends with its quotation, not with
    the outlet's second attribution."""
    closes = [i for i, t in enumerate(said) if t.text in CLOSING_QUOTES or t.text == '"']
    if not closes:
        return said
    tail = said[closes[-1] + 1 :]
    words = [t for t in tail if not t.is_punct]
    # ('declaring the Gulf country an "aggressor state,"': a noun after the quote mark.)
    if 0 < len(words) <= 4 and any(
        t.lemma_.lower() in SPEECH and t.pos_ in ("VERB", "AUX") for t in words
    ):
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


def _names_a_side(said: Sequence[Token]) -> bool:
    """Whether a short statement's subject is a named side ("India remains firm")."""
    return any(t.dep_ in SUBJECTS and t.ent_type_ in PARTY_LABELS for t in said)


def said_when(verb: Token) -> str:
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
