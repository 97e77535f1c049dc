"""One sentence read clause by clause: which verbs carry a proposal, a position or a military
development, and the reading of each (who, what, about what, when, where)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer.clauses import deals, speech
from summarizer.clauses.lexicon import (
    ACCEPT,
    BEFORE_THE_DAY,
    HELD_LONG,
    MILITARY,
    MIN_SAID_WORDS,
    NOT_OFFERS,
    OWED,
    PEOPLE,
    PLAN_VERBS,
    PROPOSE,
    SPEECH,
    STANCE,
    WEAPONS,
)
from summarizer.clauses.readings import Kind, Reading, Status
from summarizer.clauses.spans import (
    attack_told,
    clause_tokens,
    expressed,
    first_ent,
    is_trigger,
    not_done,
    own_subject,
    place_in,
    plan_object,
    quantity_of,
    quote_closed,
    rules_out,
    span_text,
    subject_tokens,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from summarizer.clauses.deals import LastDeal
    from summarizer.clauses.parties import Parties
    from summarizer.sentences import Sentence


class SentenceReader:
    """The readings of one sentence, with what the article said before it."""

    def __init__(
        self,
        sentence: Sentence,
        doc: Doc,
        parties: Parties,
        deal: LastDeal,
        previous: Doc | None = None,
    ) -> None:
        self.sentence = sentence
        self.doc = doc
        self.parties = parties
        self.deal = deal
        self.previous = previous

    def read(self) -> list[Reading]:
        readings: list[Reading] = []
        for token in self.doc:
            signed = self._signed(token)
            if signed is not None:
                readings.append(signed)
            if token.pos_ not in ("VERB", "AUX") or (
                token.dep_ not in ("ROOT", "ccomp", "conj", "parataxis", "advcl", "xcomp")
                and not _with_subject(token)
            ):
                continue
            reading = self._reading(token)
            if reading is not None:
                readings.append(reading)
        if len(readings) > 1:
            # "X confirmed that Kyiv is ready to engage, but criticised Russia for ...": a short
            # statement beside a fuller stance of the sentence is its preamble.
            readings = [
                r for r in readings
                if not _speech(r) or len(r.what.split()) >= MIN_SAID_WORDS
            ]  # fmt: skip
        if any(r.kind != "position" for r in readings):
            # "X said he had contacted Y to propose talks": the proposal is the news; the
            # speech around it is the same fact again.
            readings = [r for r in readings if not _speech(r)]
        return _one_per_clause(readings)

    def _signed(self, verb: Token) -> Reading | None:
        """ "The agreement, signed at the State Department by X and Y, was ...": the deal its
        signatories accepted, the deal and its participle as the text."""
        by = deals.signed_by(verb)
        heads = [t for t in by if t.head.lower_ == "by" and t.dep_ == "pobj"]
        # "by Armenia and Azerbaijan": each side by its own name, else the party the words name.
        # People sign one by one (two ministers are no joined party; each signs for a state).
        both = self.parties.sides(deals.conjuncts(heads[0]), people=False) if heads else None
        actor = both or (self.parties.party_in(by) if by else None)
        if actor is None:
            return None
        deal = verb.head
        tokens = [t for t in deal.subtree if t.i <= max(u.i for u in verb.subtree)]
        while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
            tokens = tokens[:-1]
        around = list(verb.subtree)
        return Reading(
            sentence=self.sentence,
            kind="proposal",
            verb=verb.lemma_.lower(),
            actor=actor,
            what=span_text(tokens),
            topic=span_text([t for t in deal.subtree if t.i < verb.i and not t.is_punct]),
            when=first_ent(around, ("DATE", "TIME")),
            where=place_in(around),
            status="accepted",
        )

    def _reading(self, verb: Token) -> Reading | None:
        terms = deals.read_terms(verb, self.sentence, self.deal)
        if terms is not None:
            return terms
        lemma = verb.lemma_.lower()
        if _in_a_name(verb):
            # "Indian Illegally Occupied Jammu and Kashmir": a capitalised word of a name in a
            # sentence written in lower case is no verb.
            return None
        kind: Kind | None = None
        made = deals.made(verb)
        announced = deals.announced(verb)
        if made or announced is not None:
            # "India and Pakistan reached a ceasefire agreement", "struck a deal", "Oman
            # announced a ceasefire between the US and the Houthis": accepted.
            kind = "proposal"
        elif (lemma in MILITARY and not _advances_a_claim(verb)) or attack_told(verb):
            kind = "development"
        elif lemma in PROPOSE or (lemma in PLAN_VERBS and plan_object(verb)):
            if _proposes_nothing(verb):
                return None
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
        if verb.dep_ == "advcl" and (lemma not in SPEECH or _in_a_report(verb)):
            return None
        if deals.asked_to(verb) or deals.refused(verb):
            # "urged Hamas to accept the proposal", "refused to sign the deal", "denied agreeing
            # to a truce": the urging or the refusal is the stance; no one accepted.
            return None
        if _past_perfect(verb) and not _reported_in_the_past(verb):
            # "had refused", "had launched": the past perfect tells what came before the news
            # (but "Russia claimed it had downed 296 drones" is the claim of the day, in the
            # tense reported speech takes after "claimed").
            return None
        if _told_as_before(verb) or (verb.dep_ == "advcl" and _told_as_before(verb.head)):
            # "the United States says it recently secured a halt to attacks": what came before
            # the news, however it is told ("has long denied the allegations, saying ...").
            return None
        status: Status = "proposed" if kind == "proposal" else "unknown"
        if made or announced is not None or deals.accepts(verb):
            # "India and Pakistan agreed to a ceasefire", "signed a peace deal", "agreed to
            # exchange prisoners": a deal its parties accept, not a stance on something else.
            kind, status = "proposal", "accepted"
            if not_done(verb):
                if _owed(verb):
                    # "Lawmakers must still ratify the agreement": a step still owed.
                    return None
                # "will sign the deal on Friday": accepted when it is done, not yet.
                status = "proposed"
        if deals.negated(verb) and kind != "position":
            if kind == "proposal" and lemma in ACCEPT:
                # "Hamas did not accept the proposal": a stance, not a deal Hamas accepted.
                kind, status = "position", "unknown"
            else:
                # "did not attack", "has not proposed": nothing happened.
                return None
        if kind == "development" and _victims_told(verb):
            # Who killed them is in another clause ("as Israel conducts strikes"), if anywhere.
            return None
        claimed = _claimed_done(verb)
        if (
            kind == "development"
            and not claimed
            and (verb.dep_ == "xcomp" or not_done(verb) or _foreseen(verb) or _helped_to(verb))
        ):
            # "would withdraw", "to withdraw": a term or a threat, not something that happened.
            return None
        actor = self.parties.actor(verb)
        speaker = self.parties.speaker(verb)
        if announced is not None:
            sides = self.parties.sides(deals.sides_of(announced))
            if sides is not None:
                # The sides accept the deal; whoever announced or brokered it says so.
                actor, speaker = sides, actor
            elif lemma != "declare":
                # "Trump announced a ceasefire", "Qatar brokered a truce": who makes a deal
                # known or mediates it may be no side of it, and none is named.
                return None
        if actor is None:
            return None
        what_tokens = clause_tokens(verb)
        if claimed:
            # "claim to have attacked the carrier": what was done, "attacked the carrier".
            what_tokens = [t for t in what_tokens if not (t.dep_ == "aux" and t.head.i == verb.i)]
        if _nor_joined(verb):
            # "will not provoke a confrontation, nor seek conflict with China": the verb after
            # "nor" is denied with the first; alone ("seek conflict") it would say the reverse.
            what_tokens = _with_denied_first(verb)
        if speech.opens_quotation(what_tokens):
            # 'hailed the accord as "a new chapter of hope"': the quotation closes in the text.
            what_tokens = quote_closed(what_tokens)
        what = span_text(what_tokens)
        subject = {t.i for t in subject_tokens(verb)}
        # When and where come from this clause: "agreed to respect each other's sovereignty and
        # to meet again in Istanbul on 25 October" dates the meeting, a reading of its own.
        others = {
            t.i for c in verb.subtree
            if c.dep_ == "conj" and c is not verb and (is_trigger(c) or own_subject(c, c.head))
            for t in c.subtree
        }  # fmt: skip
        around = [t for t in verb.subtree if t.i not in subject and t.i not in others]
        if len(what.split()) < 2 and lemma not in SPEECH:
            # (A speech verb after its quotation, "... ," said X, is judged by what is said.)
            return None
        said = what_tokens
        speaks = lemma in SPEECH and announced is None
        if speaks:
            statement = speech.statement(verb, what)
            if statement is None:
                return None
            said, what = statement
        topic = speech.clause_topic(
            verb, kind, said, holder=actor, people=self.parties.people, previous=self.previous
        )
        reported = None
        if speaks:
            reported = speech.reported(verb, self.sentence, self.parties, speaker_of_clause=actor)
        unowned = reported is None and speaks and speech.tells_a_force(verb)
        return Reading(
            sentence=self.sentence,
            kind=kind,
            verb=lemma,
            actor=actor,
            what=what,
            topic=topic,
            addressee=self.parties.addressee(verb),
            when=first_ent(around, ("DATE", "TIME"))
            or (first_ent(_launched(verb), ("DATE", "TIME")) if kind == "development" else "")
            or first_ent(_dated_subject(verb), ("DATE", "TIME"))
            or speech.said_when(verb),
            where=place_in(around) or place_in(_sharing(verb, others)),
            quantity=quantity_of(verb) if kind == "development" else "",
            # "Israel said it struck ...": an event its own actor reports is still a claim.
            claimed_by=speaker
            if speaker is not None and (speaker != actor or kind == "development")
            else None,
            status=status,
            reported=reported,
            unowned_event=unowned,
        )


def _in_a_report(verb: Token) -> bool:
    """ "severed its ties with the UAE, declaring the Gulf country an 'aggressor state', the
    minister said": a participle of speech inside a reported clause is part of the report."""
    told = verb.head
    return (
        verb.tag_ == "VBG"
        and told.dep_ in ("ccomp", "parataxis")
        and told.head.lemma_.lower() in SPEECH
    )


def _speech(reading: Reading) -> bool:
    """Whether a reading is a statement read off a speech verb (not a deal it announced)."""
    return reading.kind == "position" and reading.verb in SPEECH


def _launched(verb: Token) -> list[Token]:
    """ "A drone launched by the Houthis on Wednesday evening exploded in Eilat": what the
    subject's participle says of the weapon's launch, which dates the attack."""
    return [
        t
        for s in verb.children
        if s.dep_ == "nsubj" and s.lemma_.lower() in WEAPONS
        for c in s.children
        if c.dep_ == "acl"
        for t in c.subtree
    ]


def _dated_subject(verb: Token) -> list[Token]:
    """ "China's military on Wednesday (Apr 2) launched exercises": the day the parser hung on
    the subject."""
    return [
        t
        for s in verb.children
        if s.dep_ in ("nsubj", "nsubjpass")
        for p in s.children
        if p.dep_ == "prep" and p.lower_ in ("on", "in", "during")
        for t in p.subtree
    ]


def _sharing(verb: Token, others: set[int]) -> list[Token]:
    """ "has killed 28 people and injured dozens more at the European Hospital": a verb joined
    to this one with no subject of its own happened where this one did."""
    return [
        t
        for c in verb.children
        if c.dep_ == "conj" and not own_subject(c, verb)
        for t in c.subtree
        if t.i in others
    ]


def _with_subject(verb: Token) -> bool:
    """ "..., with India intercepting a missile over Sirsa": a clause of its own after "with",
    its subject named."""
    return (
        verb.dep_ == "pcomp"
        and verb.tag_ == "VBG"
        and verb.head.lower_ == "with"
        and any(c.dep_ == "nsubj" for c in verb.children)
    )


def _in_a_name(verb: Token) -> bool:
    """Whether a verb is a capitalised word inside a sentence written in lower case: a word of a
    name ("Illegally Occupied Jammu and Kashmir"), not a verb. A headline in title case keeps its
    verbs ("Israel Strikes Houthi Targets")."""
    if verb.i == verb.sent.start or not verb.text[:1].isupper():
        return False
    words = [t for t in verb.sent if t.is_alpha]
    return sum(t.text[:1].islower() for t in words) > len(words) / 2


def _proposes_nothing(verb: Token) -> bool:
    """ "offered only the barest details about the deal", "suggested a reporter was getting
    ahead of himself": an offer of what is no proposal, a suggestion that something is or was
    so (a proposal's clause is in the base form: "suggested that talks be held")."""
    lemma = verb.lemma_.lower()
    if lemma == "offer":
        return any(c.dep_ == "dobj" and c.lemma_.lower() in NOT_OFFERS for c in verb.children)
    if lemma != "suggest":
        return False
    told = [c for c in verb.children if c.dep_ == "ccomp"]
    return any(
        t.tag_ in ("VBD", "VBZ")
        for c in told
        for t in [c, *(a for a in c.children if a.dep_ in ("aux", "auxpass"))]
    )


def _claimed_done(verb: Token) -> bool:
    """ "The Houthis claim to have attacked the carrier": a perfect infinitive after a verb of
    claiming tells what the claimant says was done."""
    auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    return (
        verb.dep_ == "xcomp"
        and {"to", "have"} <= auxes
        and verb.head.lemma_.lower() in ("claim", "say", "report", "appear", "seem")
    )


def _owed(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in OWED for c in verb.children)


def _helped_to(verb: Token) -> bool:
    """ "assistance to help Ukraine repel the invasion": what an aid is for, not an event."""
    return verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_.lower() == "help"


def _advances_a_claim(verb: Token) -> bool:
    """ "Moscow has advanced the same demand": to advance a thing named as its object is to put
    it forward, not to move troops (a distance, "advanced two kilometres toward Pokrovsk")."""
    return verb.lemma_.lower() == "advance" and any(
        c.dep_ == "dobj"
        and c.ent_type_ not in ("QUANTITY", "CARDINAL")
        and not any(n.dep_ == "nummod" for n in c.children)
        for c in verb.children
    )


def _foreseen(verb: Token) -> bool:
    """ "Russia will consider the Western military deployed in Ukraine as targets": a bare
    participle under a verb in the future or the conditional is what may be, not an event."""
    return (
        verb.dep_ == "ccomp"
        and verb.tag_ == "VBN"
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
        and not_done(verb.head)
    )


def _nor_joined(verb: Token) -> bool:
    """Whether a verb is joined by "nor" to a denied verb before it."""
    head = verb.head
    return (
        verb.dep_ == "conj"
        and head.i < verb.i
        and any(c.dep_ == "cc" and c.lower_ == "nor" and c.i < verb.i for c in head.children)
        and deals.negated(head)
    )


def _with_denied_first(verb: Token) -> list[Token]:
    """The denied verb's clause with the verb joined by "nor": "not provoke a confrontation, nor
    seek conflict with China"."""
    first = clause_tokens(verb.head)
    start = min((t.i for t in first), default=verb.i)
    kept = {t.i for t in first} | {t.i for t in verb.subtree}
    kept |= {c.i for c in verb.head.children if c.dep_ in ("cc", "punct") and c.i < verb.i}
    tokens = [t for t in verb.doc if t.i in kept and start <= t.i <= verb.right_edge.i]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    return tokens


def _past_perfect(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "VBD" and c.lemma_ == "have" for c in verb.children)


def _told_as_before(verb: Token) -> bool:
    """Whether a clause, or the clause a speech verb reports, says it happened before the day
    ("recently", "previously")."""
    told = [verb, *(c for c in verb.children if c.dep_ == "ccomp")]
    if any(c.dep_ == "advmod" and c.lower_ in BEFORE_THE_DAY for t in told for c in t.children):
        return True
    # "During a recent press briefing, the leader noted ...": said on an occasion before the day.
    if any(
        p.dep_ == "prep" and p.lower_ in ("during", "in", "at")
        and any(a.dep_ == "amod" and a.lower_ in _EARLIER for o in p.children for a in o.children)
        for p in verb.children
    ):  # fmt: skip
        return True
    # "Maduro has long denied the allegations", "has repeatedly denied": a stance held over
    # time, told in the perfect, is the story's background.
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    if perfect and verb.dep_ == "conj" and _told_as_before(verb.head):
        # "has long criticized the war on drugs and has called for a new approach": the
        # second verb of a stance held over time is held as long.
        return True
    return perfect and any(c.dep_ == "advmod" and c.lower_ in HELD_LONG for c in verb.children)


# Adjectives of an occasion before the day's news ("a recent interview", "an earlier meeting").
_EARLIER = frozenset(["recent", "previous", "earlier", "prior"])


def _victims_told(verb: Token) -> bool:
    """ "At least 220 Palestinians killed and dozens injured as Israel conducts strikes": a
    headline's passive without its auxiliary, the counted victims parsed as the subject."""
    subject = [c for c in verb.children if c.dep_ == "nsubj"]
    return (
        verb.lemma_.lower() in ("kill", "injure", "wound")
        and bool(subject)
        and any(c.dep_ == "nummod" or c.like_num for c in subject[0].children)
        and not any(c.dep_ in ("dobj", "aux", "auxpass") for c in verb.children)
    )


def _reported_in_the_past(verb: Token) -> bool:
    """ "X said/claimed (that) Y had ...": the past perfect of reported speech after a past
    speech verb, which tells the news of the day."""
    head = verb.head
    return verb.dep_ == "ccomp" and head.lemma_.lower() in SPEECH and head.tag_ in ("VBD", "VBN")


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
