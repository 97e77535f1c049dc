"""From extractions to reports: each item checked against its sentence, its evidence aligned
to its source, its dates and numbers read for joining outlets' reports of one fact."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from pydantic import BaseModel

from summarizer.align import Aligner
from summarizer.config import UngroundedPolicy
from summarizer.merge.dates import PAST_TIME, named_days, parse_published, resolve_date
from summarizer.merge.entities import PartyIndex
from summarizer.merge.inputs import MergeInput
from summarizer.merge.items import Report
from summarizer.merge.mentions import joined_block, speaker_party
from summarizer.merge.names import plain
from summarizer.merge.support import MIN_COVERAGE, ItemCheck, check_item, coverage, stems
from summarizer.merge.values import date_signature, is_military, is_proposal, quantity_signature
from summarizer.schema import Evidence
from summarizer.sentences import Sentence


@dataclass(frozen=True)
class Collected:
    """The reports, and per source: items whose evidence is not in the text (``lost``), left
    out as misfiled, left out as unsupported (or history), moved to another sentence."""

    reports: list[Report]
    lost: dict[str, int]
    misfiled: dict[str, int]
    unsupported: dict[str, int]
    regrounded: dict[str, int]


def _evidence(
    aligner: Aligner, source_id: str, quote: str, junk: Sequence[tuple[int, int]]
) -> Evidence | None:
    span = aligner.find(quote)
    if span is None:
        return None
    if any(start < span.end and span.start < end for start, end in junk):
        # The model never saw page junk; a quote that lands there is not evidence.
        return None
    return Evidence(
        source_id=source_id,
        quote=aligner.text[span.start : span.end],
        start=span.start,
        end=span.end,
    )


def _fields(item: BaseModel) -> dict[str, str]:
    """An extracted item's text fields (``model_dump`` is several times slower)."""
    return {k: v for k, v in item.__dict__.items() if k not in ("quote", "confidence")}


def collect_reports(
    inputs: Sequence[MergeInput],
    index: PartyIndex,
    aligners: dict[str, Aligner],
    *,
    ungrounded: UngroundedPolicy,
) -> Collected:
    """Each extracted item as a report with its aligned evidence, once it passed the checks
    against its sentence; and per source, what was left out or moved, and why."""
    junk = {i.article.id: i.article.junk for i in inputs}
    published = {i.article.id: parse_published(i.article.published) for i in inputs}
    reports: list[Report] = []
    lost: dict[str, int] = {i.article.id: 0 for i in inputs}
    misfiled: dict[str, int] = {i.article.id: 0 for i in inputs}
    unsupported: dict[str, int] = {i.article.id: 0 for i in inputs}
    regrounded: dict[str, int] = {i.article.id: 0 for i in inputs}
    sentences = {i.article.id: i.numbered() for i in inputs}

    def names(name: str) -> tuple[str, ...]:
        party = index.lookup(name)
        if party is None:
            return (name,)
        return (name, *party.names, *party.aliases, party.affiliation)

    def supported(sid: str, check: ItemCheck, quote: str) -> tuple[str, tuple[str, ...]] | None:
        """The sentence the item rests on and the fields to empty, or ``None`` to drop it."""
        outcome = check_item(check, quote, sentences[sid], published=published[sid], names=names)
        moved = outcome.verdict == "regrounded" and fixed_sentences
        if outcome.verdict in ("unsupported", "background") or moved:
            # Items the code wrote from their own sentence stand or fall with it: moving
            # them to another sentence would pair their words with another's evidence.
            unsupported[sid] += 1
            return None
        if outcome.verdict == "regrounded":
            regrounded[sid] += 1
        return outcome.quote, outcome.emptied

    def add(
        kind: str,
        sid: str,
        order: int,
        actor: str,
        text: str,
        item: BaseModel,
        quote: str,
    ) -> None:
        fields, confidence = _fields(item), getattr(item, "confidence", None)
        if fixed_sentences and _tells_history(quote, published[sid]):
            # Background the article recalls ("last week", "on May 7" in a report of 10 May)
            # is not the day's news, whatever section it was read into.
            unsupported[sid] += 1
            return
        evidence = _evidence(aligners[sid], sid, quote, junk[sid])
        if evidence is None:
            lost[sid] += 1
            if ungrounded == "drop":
                return
        block = joined_block(actor, index)
        # The evidence sentence carries the date and number even where the model left the
        # field empty, and outlets reporting one fact share them.
        facts = frozenset(
            f
            for f in (
                date_signature(text), quantity_signature(text), date_signature(quote),
                quantity_signature(quote),
            )
            if f
        )  # fmt: skip
        said = meaning(text, quote) if fixed_sentences else ""
        reports.append(
            Report(
                kind,
                sid,
                order,
                block,
                said or plain(f"{text} {quote}"),
                fields,
                evidence,
                facts,
                published[sid],
                confidence,
                frozenset(said.split()),
            )
        )

    fixed_sentences = False
    for item in inputs:
        fixed_sentences = item.extraction.from_parse
        sid, ex = item.article.id, item.extraction
        for n, p in enumerate(ex.proposals):
            if not is_proposal(p.proposal) and not (fixed_sentences and p.status == "accepted"):
                # A parse that read a deal accepted read it by its verb ("agreed to halt all
                # firing", "the agreement stipulates a cessation of ..."): the words of what was
                # agreed need not name a deal.
                misfiled[sid] += 1
                continue
            checked = supported(sid, ItemCheck(
                "proposal", p.proposer, p.proposal, {"where": p.where, "when": p.when},
                accepted=p.status == "accepted",
            ), p.quote)  # fmt: skip
            if checked is None:
                continue
            p = p.model_copy(update={"quote": checked[0], **dict.fromkeys(checked[1], "")})
            add(
                "proposal",
                sid,
                n,
                p.proposer,
                f"{p.proposal} {p.where} {p.when}",
                p,
                p.quote,
            )
        for n, q in enumerate(ex.positions):
            before = _topic_before(q.topic, q.quote, sentences[sid]) if fixed_sentences else None
            core = q.stance if before is not None else f"{q.topic} {q.stance}"
            checked = supported(
                sid, ItemCheck("position", q.holder, core, {}, lead=q.stance), q.quote
            )
            if checked is None:
                continue
            q = q.model_copy(update={"quote": checked[0]})
            if before is not None:
                # The sentence the topic comes from is quoted with the stance that points back
                # to it ("... will collaborate on missiles. The Kremlin condemned the move").
                update = {"quote": f"{before} {q.quote}"} if before else {"topic": ""}
                q = q.model_copy(update=update)
            add(
                "position",
                sid,
                n,
                q.holder,
                f"{q.topic} {q.stance}",
                q,
                q.quote,
            )
        for n, d in enumerate(ex.military_developments):
            if not is_military(f"{d.action} {d.quantity}"):
                misfiled[sid] += 1
                continue
            if fixed_sentences and _before_the_day(d.time, published[sid]):
                # "On May 7, India launched ..." in a report of 10 May: history, not news.
                unsupported[sid] += 1
                continue
            checked = supported(sid, ItemCheck(
                "development", d.actor, d.action, {"place": d.place, "time": d.time},
                quantity=d.quantity, claimed_by=d.claimed_by,
            ), d.quote)  # fmt: skip
            if checked is None:
                continue
            d = d.model_copy(update={"quote": checked[0], **dict.fromkeys(checked[1], "")})
            if not d.claimed_by:
                # Small models often drop the attribution that the quote itself carries.
                d = d.model_copy(update={"claimed_by": speaker_party(d.quote, index)})
            add(
                "development",
                sid,
                n,
                d.actor,
                f"{d.action} {d.place} {d.quantity}",
                d,
                d.quote,
            )

    return Collected(_one_per_sentence(reports), lost, misfiled, unsupported, regrounded)


#: Most characters between two sentences that still makes them one passage (a space, a line
#: break, a closing quote mark).
ADJACENT_CHARS = 3


def _topic_before(topic: str, quote: str, sentences: Sequence[Sentence]) -> str | None:
    """For a stance whose topic the code took from the sentence before its own ("The Kremlin
    condemned the move"): that sentence's text when it runs straight on into the quote, "" when
    something stands between them (the topic is then dropped), ``None`` when the topic is the
    quote's own."""
    if not topic.strip() or coverage(topic, quote) >= MIN_COVERAGE:
        return None
    for previous, sentence in pairwise(sentences):
        if sentence.text == quote and coverage(topic, previous.text) >= MIN_COVERAGE:
            return previous.text if sentence.start - previous.end <= ADJACENT_CHARS else ""
    return None


def meaning(text: str, quote: str) -> str:
    """What a report says, for joining outlets' reports of one fact: the stems of the content
    words of its evidence sentence, once each, in order. Outlets word one fact differently;
    the words they share (names, the verb, the object, the place) survive this, while the
    clause the code cut out of each sentence differs with each outlet's syntax."""
    return " ".join(sorted(stems(f"{text} {quote}")))


#: A development dated further back than this before its article's day is history, not news.
HISTORY_DAYS = 2


def _before_the_day(when: str, published: date | None) -> bool:
    """Whether ``when`` names a day, week or month that ended before the article's news."""
    resolved = resolve_date(when, published) if when and published else None
    if resolved is None or published is None:
        return False
    value = resolved.value
    if resolved.precision == "day":
        return date.fromisoformat(value) < published - timedelta(days=HISTORY_DAYS)
    if resolved.precision == "month":
        return value < f"{published.year:04d}-{published.month:02d}"
    if resolved.precision == "year":
        return int(value) < published.year
    if resolved.precision == "week":
        year, week, _ = published.isocalendar()
        return value < f"{year}-W{week:02d}"
    return False


def _tells_history(sentence: str, published: date | None) -> bool:
    """Whether a sentence tells what happened before the day: "last week", "months ago", or
    every day it names by date earlier than ``HISTORY_DAYS`` before the article ("Putin, after
    a call with Trump on May 19, said ..." in a report of 28 May)."""
    if PAST_TIME.search(sentence.lower()):
        return True
    if published is None:
        return False
    days = named_days(sentence, published)
    return bool(days) and max(days) < published - timedelta(days=HISTORY_DAYS)


def _one_per_sentence(reports: list[Report]) -> list[Report]:
    """One report of each kind per evidence sentence: a small model reading one sentence twice
    (once per actor it names, or in two windows) reports one fact twice, and the brief would show
    the same sentence as two items."""
    seen: set[tuple[str, str, int]] = set()
    kept: list[Report] = []
    for report in reports:
        if report.evidence is not None:
            # By where it ends: a stance quoted with the sentence before it starts there.
            key = (report.kind, report.source_id, report.evidence.end)
            if key in seen:
                continue
            seen.add(key)
        kept.append(report)
    return kept
