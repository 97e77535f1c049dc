"""The model decides, the code writes: one article's items from its parse, each kind decided by
the model in one token.

The clause reader (:mod:`summarizer.clauses`) finds each sentence's proposals, stances and
military events with who, what, when, where and how many, all as spans of the sentence. The
model is asked one question per sentence that holds any: is it a proposal, a statement of a
position, a military event, or none of these? It answers in one token, read from its
log-probabilities, so each item carries the probability the model gave its kind. An article's
questions go together (:meth:`~summarizer.llm.pool.ModelPool.choose_many`): the embedded server
evaluates them as one batch, an endpoint answers them one by one. The merger
weighs that probability with how many outlets report the item.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from summarizer.clauses import Named, Reading, read_sentences
from summarizer.ingest import Article
from summarizer.llm.client import Choice
from summarizer.llm.pool import ModelPool
from summarizer.prompts import decision_messages
from summarizer.schema import (
    ArticleExtraction,
    ExtractedDevelopment,
    ExtractedParty,
    ExtractedPosition,
    ExtractedProposal,
    Usage,
)
from summarizer.sentences import Sentence

#: The options of the one-token decision, and the letter of each kind of item.
OPTIONS = "PSMN"
LETTER = {"proposal": "P", "position": "S", "development": "M"}


class Remembered(Protocol):
    """Choices already paid for, by the exact messages that asked them: a sentence decided once
    is not asked again when only the reader's rules changed, or when another article repeats it."""

    def get(self, messages: list[dict[str, str]]) -> Choice | None: ...

    def put(self, messages: list[dict[str, str]], choice: Choice) -> None: ...


@dataclass(frozen=True)
class Decided:
    """An article's extraction and what its decisions cost."""

    extraction: ArticleExtraction
    usage: Usage
    calls: int
    decisions: int


async def decide_article(
    article: Article,
    sentences: Sequence[Sentence],
    client: ModelPool | None,
    *,
    remembered: Remembered | None = None,
) -> Decided:
    """Items of one article: the parse's readings, each with the probability the model gave its
    kind (``None`` without a client: the readings alone). Choices in ``remembered`` are used as
    they are; the others are asked, then remembered."""
    outlets = [article.outlet] if article.outlet else []
    readings = await asyncio.to_thread(
        read_sentences, sentences, outlets=outlets, published=article.published
    )
    choices: dict[int, Choice] = {}
    usage, calls = Usage(), 0
    if client is not None:
        texts = sorted({r.sentence.number: r.sentence.text for r in readings}.items())
        questions = {number: decision_messages(text) for number, text in texts}
        for number, messages in questions.items():
            known = remembered.get(messages) if remembered is not None else None
            if known is not None:
                choices[number] = known
        asked = [(n, m) for n, m in questions.items() if n not in choices]
        if asked:
            answered = await client.choose_many([m for _, m in asked], OPTIONS, article=article.id)
            for (number, messages), choice in zip(asked, answered.choices, strict=True):
                choices[number] = choice
                if remembered is not None:
                    remembered.put(messages, choice)
            usage, calls = answered.usage, answered.calls
    decided = (_as_decided(r, choices.get(r.sentence.number)) for r in readings)
    readings = [r for r in decided if r is not None]
    confidence = {
        id(r): _confidence(r, choices.get(r.sentence.number)) for r in readings
    }  # fmt: skip
    return Decided(written(readings, confidence), usage, calls, len(choices))


def _as_decided(reading: Reading, choice: Choice | None) -> Reading | None:
    """The reading the model's first choice of kind asks for: reported speech that the model
    takes for a military event becomes that event, claimed by the speaker; when what is
    reported is only foretold ("will establish hubs"), or tells a force's doings without naming
    its side ("the drills were taking place in ..."), parse and model disagree on what the
    sentence is, or on whose event it is, and it gives no item."""
    if choice is None or choice.probabilities is None or choice.picked != LETTER["development"]:
        return reading
    if reading.reported is None:
        # "the drills were taking place in ...": no stance, and no side named to have done it.
        return None if reading.unowned_event else reading
    return None if reading.reported.foretold else reading.reported


def _confidence(reading: Reading, choice: Choice | None) -> float | None:
    """How strongly the model prefers the parse's kind to its best alternative:
    p(kind) / (p(kind) + p(best other option)). Over 0.5 exactly when the kind is the model's
    own first choice. The 1.5B model spreads its mass over the four letters (the parse's kind
    typically gets 0.3 to 0.7), so the raw probability says less than the comparison."""
    if choice is None or choice.probabilities is None:
        return None
    probabilities = choice.probabilities
    letter = LETTER[reading.kind]
    mine = probabilities.get(letter, 0.0)
    rival = max((p for o, p in probabilities.items() if o != letter), default=0.0)
    return round(mine / (mine + rival), 4) if mine + rival > 0 else 0.0


def written(
    readings: Sequence[Reading], confidence: dict[int, float | None] | None = None
) -> ArticleExtraction:
    """The extraction the code writes from the readings: every text a span of its sentence."""
    confidence = confidence or {}
    parties: dict[str, ExtractedParty] = {}

    def party(named: Named | None) -> str:
        if named is None:
            return ""
        known = parties.get(named.name)
        if known is None or (not known.role and named.role):
            parties[named.name] = ExtractedParty(
                name=named.name, kind=named.label, role=named.role, affiliation=named.affiliation
            )
        return named.name

    proposals, positions, developments = [], [], []
    for r in readings:
        quote, p = r.sentence.text, confidence.get(id(r))
        if r.kind == "proposal":
            proposals.append(ExtractedProposal(
                proposer=party(r.actor), proposal=r.topic or r.what, addressee=r.addressee,
                when=r.when, where=r.where, status=r.status, quote=quote, confidence=p,
            ))  # fmt: skip
        elif r.kind == "position":
            positions.append(ExtractedPosition(
                holder=party(r.actor), topic=r.topic if r.topic != r.what else "",
                stance=r.what, quote=quote, confidence=p,
            ))  # fmt: skip
        else:
            developments.append(ExtractedDevelopment(
                actor=party(r.actor), action=r.what, place=r.where, time=r.when,
                quantity=r.quantity, claimed_by=party(r.claimed_by), quote=quote, confidence=p,
            ))  # fmt: skip
    return ArticleExtraction(
        parties=list(parties.values()),
        proposals=proposals,
        positions=positions,
        military_developments=developments,
        from_parse=True,
    )
