"""Deals: a clause that accepts one ("agreed to a ceasefire", "reached a deal"), the terms an
article reads out of the deal it reported, and the verbs that say a thing was not done
(refused, denied, asked of someone else, negated)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from summarizer.clauses.lexicon import (
    ACCEPT,
    AGREED_NOUNS,
    ANNOUNCE_DEAL,
    DEAL_MADE,
    DIRECTIVE,
    IT_IS_THE_DEAL_WITHIN,
    NOT_DONE,
    SUBJECTS,
    TERMS_NEED_FOR,
    TERMS_VERBS,
)
from summarizer.clauses.readings import Named, Reading
from summarizer.clauses.spans import (
    agreed_action,
    clause_tokens,
    deal_object,
    first_ent,
    place_in,
    span_text,
)
from summarizer.sentences import Sentence

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokens import Doc, Token

#: Prepositions that open where or when a deal was signed, after who signed it.
WHERE_WHEN = frozenset(["in", "at", "on", "during", "after", "before"])
#: Fewer words than this after "requires" name no term ("It requires more").
MIN_TERMS_WORDS = 3
#: Verbs whose subject does not do what follows them ("refused to sign", "denied agreeing").
REFUSING = frozenset(["refuse", "decline", "fail", "reject", "resist", "deny", "avoid", "balk"])


@dataclass
class LastDeal:
    """The deal the article last reported accepted, as far as it has been read."""

    #: Its parties, for its terms further on.
    party: Named | None = None
    #: The sentence that last reported it or had it as subject.
    sentence: int = 0

    def note(self, sentence: Sentence, doc: Doc, read: Sequence[Reading]) -> None:
        """Takes in what ``sentence`` read."""
        accepted = [r for r in read if r.status == "accepted" and r.verb not in TERMS_VERBS]
        if accepted and (self.party is None or accepted[-1].actor.label != "person"):
            # The states that accepted it; a signing minister named later does not replace
            # them ("The agreement was signed by Secretary Rubio, Wagner and Nduhungirehe").
            self.party = accepted[-1].actor
        if accepted or any(t.dep_ in SUBJECTS and t.lemma_.lower() in AGREED_NOUNS for t in doc):
            # What "it" in the next sentence may stand for.
            self.sentence = sentence.number


def made(verb: Token) -> bool:
    """Whether ``verb`` makes a deal: reaches, strikes or seals an agreement, its object."""
    return verb.lemma_.lower() in DEAL_MADE and any(
        c.dep_ == "dobj" and c.lemma_.lower() in AGREED_NOUNS for c in verb.children
    )


def announced(verb: Token) -> Token | None:
    """The deal ``verb`` makes known or brings about, as done: "Oman announced a ceasefire
    between the US and the Houthis", "a truce was announced by the envoy", "Qatar brokered a
    deal"; not one still to come ("will announce a truce")."""
    if verb.lemma_.lower() not in ANNOUNCE_DEAL or any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in NOT_DONE for c in verb.children
    ):
        return None
    deals = [
        c for c in verb.children
        if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in AGREED_NOUNS
    ]  # fmt: skip
    return deals[0] if deals else None


def sides_of(deal: Token) -> list[list[Token]]:
    """The words naming each of the deal's sides: "between the US and the Houthis" gives "the
    US" and "the Houthis"; [] if it names none."""
    return [
        side
        for prep in deal.children if prep.dep_ == "prep" and prep.lower_ == "between"
        for first in prep.children if first.dep_ == "pobj"
        for side in conjuncts(first)
    ]  # fmt: skip


def conjuncts(first: Token) -> list[list[Token]]:
    """The words of each conjunct of a coordination, first one first ("Armenia and Azerbaijan"
    gives "Armenia" and "Azerbaijan")."""
    found: list[list[Token]] = []
    side: Token | None = first
    while side is not None:
        following = [c for c in side.children if c.dep_ == "conj"]
        inner = {t.i for c in following for t in c.subtree}
        found.append([t for t in side.subtree if t.i not in inner])
        side = following[0] if following else None
    return found


def signed_by(verb: Token) -> list[Token]:
    """For a participle that accepts the deal it describes ("The agreement, signed ... by X and
    Y, was ...", "the truce, agreed by both sides"), the words naming who accepted it; [] for
    any other verb."""
    deal = verb.head
    if (
        verb.dep_ != "acl"
        or verb.tag_ != "VBN"
        or verb.lemma_.lower() not in ACCEPT
        or deal.lemma_.lower() not in AGREED_NOUNS
        or deal.dep_ not in SUBJECTS
    ):
        # Only a deal the sentence is about: one inside what someone welcomed or criticised
        # is their stance's topic.
        return []
    # The parser may hang "by X" on a place before it ("at the State Department by X"): the
    # signatories are the words from the first "by" of the participle's phrase on.
    phrase = list(verb.subtree)
    by = next((t for t in phrase if t.lower_ == "by" and t.dep_ in ("agent", "prep")), None)
    if by is None:
        return []
    names = [t for t in phrase if t.i > by.i]
    # "... by the Congolese and Rwandan presidents in Washington": where is no signatory.
    where = next((t.i for t in names if t.dep_ == "prep" and t.lower_ in WHERE_WHEN), None)
    return [t for t in names if where is None or t.i < where]


def accepts(verb: Token) -> bool:
    """Whether ``verb`` accepts a deal, its object, or an action agreed on."""
    return verb.lemma_.lower() in ACCEPT and (deal_object(verb) or agreed_action(verb))


def read_terms(verb: Token, sentence: Sentence, deal: LastDeal) -> Reading | None:
    """ "The agreement requires the withdrawal of X's forces", "It also calls for a joint
    mechanism": a term of the deal the article reported, accepted by its parties."""
    lemma = verb.lemma_.lower()
    subject = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if deal.party is None or lemma not in TERMS_VERBS or len(subject) != 1 or negated(verb):
        # ("It did not include the rebels": not a term.)
        return None
    near = 0 < sentence.number - deal.sentence <= IT_IS_THE_DEAL_WITHIN
    said_by_deal = subject[0].lemma_.lower() in AGREED_NOUNS or (subject[0].lower_ == "it" and near)
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
        sentence=sentence,
        kind="proposal",
        verb=lemma,
        actor=deal.party,
        what=span_text(clause_tokens(verb)),
        topic=span_text(terms),
        when=first_ent(around, ("DATE", "TIME")),
        where=place_in(around),
        status="accepted",
    )


def negated(verb: Token) -> bool:
    """ "did not accept", "never signed", "has not agreed"."""
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never")
               for c in verb.children)  # fmt: skip


def refused(verb: Token) -> bool:
    """Whether a verb is what its subject refused or denied doing ("refused to accept the
    proposal", "declined to sign", "denied agreeing to a truce"), so not done."""
    head = verb.head
    if verb.i == head.i or head.lemma_.lower() not in REFUSING:
        return False
    return verb.dep_ in ("xcomp", "ccomp", "pcomp")


def asked_to(verb: Token) -> bool:
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
