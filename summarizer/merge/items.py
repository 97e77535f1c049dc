"""Reconciling proposals, positions and military developments reported by several sources."""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, pairwise

from rapidfuzz import fuzz, process

from summarizer.merge.dates import resolve_date
from summarizer.merge.names import plain
from summarizer.merge.support import THE_DEAL_ALONE, stem, stems
from summarizer.merge.values import ParsedQuantity, field_signature, parse_quantity
from summarizer.schema import (
    Disagreement,
    Evidence,
    ReportedDate,
    ReportedQuantity,
    ValueSources,
)

# How alike two reports' texts must be (rapidfuzz token_set_ratio) to be one item.
SAME_ITEM_SCORE = {"proposal": 62.0, "position": 70.0, "development": 66.0}
# Reports that share a key fact (the same date, or the same number) need less textual likeness.
SHARED_FACT_BONUS = 22.0
# Two reports in one source are one item only when nearly identical.
SAME_SOURCE_SCORE = 90.0
MIN_SCORE = min(SAME_SOURCE_SCORE, *SAME_ITEM_SCORE.values())
# Fields that name a party: they differ only when the parties do.
_PARTY_FIELDS = frozenset(["claimed_by"])
# Fields whose differing values are shown as disagreements rather than picked silently.
DISAGREEMENT_FIELDS = {
    "proposal": ("when", "where", "status"),
    "position": (),
    "development": ("place", "time", "quantity", "claimed_by"),
}


@dataclass(slots=True)
class Report:
    """One source's report of an item, with resolved actors and aligned evidence."""

    kind: str
    source_id: str
    order: int
    block: str
    text: str
    fields: dict[str, str]
    evidence: Evidence | None
    facts: frozenset[str] = frozenset()
    published: date | None = None
    confidence: float | None = None
    #: The stems of what the report says, for joining by meaning (items the code wrote from
    #: their sentence only; empty for a model's wording).
    meaning: frozenset[str] = frozenset()


@dataclass
class Cluster:
    """Reports of one item. ``cluster_reports`` adds them in (source id, order) order, the order
    every tie below is broken in."""

    reports: list[Report] = field(default_factory=list)
    source_ids: set[str] = field(default_factory=set)

    def add(self, report: Report) -> None:
        self.reports.append(report)
        self.source_ids.add(report.source_id)

    @property
    def sources(self) -> list[str]:
        return sorted(self.source_ids)

    def value(self, name: str) -> str:
        """The value most sources give; ties go to the earliest source."""
        counts: dict[str, list[Report]] = defaultdict(list)
        for report in self.reports:
            raw = report.fields.get(name, "")
            if raw.strip():
                counts[plain(raw)].append(report)
        if not counts:
            return ""
        best = min(
            counts.values(), key=lambda rs: (-len({r.source_id for r in rs}), rs[0].source_id)
        )
        return best[0].fields[name].strip()

    def confidence(self) -> float | None:
        """The highest probability any report's kind was given; ``None`` if no model decided."""
        given = [r.confidence for r in self.reports if r.confidence is not None]
        return max(given) if given else None

    def evidence(self) -> list[Evidence]:
        seen = {}
        for report in self.reports:
            ev = report.evidence
            if ev is not None:
                seen[(ev.source_id, ev.start, ev.end)] = ev
        return [seen[k] for k in sorted(seen)]

    def dates(self, name: str) -> list[ReportedDate]:
        """Each distinct calendar value the reports give for ``name``, with its sources."""
        found: dict[tuple[str, str], tuple[str, set[str]]] = {}
        for report in self.reports:
            raw = report.fields.get(name, "").strip()
            resolved = resolve_date(raw, report.published) if raw else None
            if resolved is not None:
                key = (resolved.value, resolved.precision)
                found.setdefault(key, (raw, set()))[1].add(report.source_id)
        return [
            ReportedDate(value=value, precision=precision, text=text, sources=sorted(sources))
            for (value, precision), (text, sources) in sorted(found.items())
        ]

    def quantities(self) -> list[ReportedQuantity]:
        """Each distinct structured quantity the reports give, with its sources."""
        found: dict[ParsedQuantity, tuple[str, set[str]]] = {}
        for report in self.reports:
            raw = report.fields.get("quantity", "").strip()
            parsed = parse_quantity(raw) if raw else None
            if parsed is not None:
                found.setdefault(parsed, (raw, set()))[1].add(report.source_id)
        return [
            ReportedQuantity(
                value=q.value, high=q.high, unit=q.unit, qualifier=q.qualifier,
                text=text, sources=sorted(sources),
            )
            for q, (text, sources) in sorted(found.items(), key=lambda kv: (kv[0].value, kv[1][0]))
        ]  # fmt: skip

    def disagreements(
        self, kind: str, party_of: Callable[[str], str] | None = None
    ) -> list[Disagreement]:
        """Fields whose values differ between outlets. ``party_of`` gives the party a name
        stands for: "Zelensky" and "Volodymyr Zelensky" claiming one thing is no disagreement."""
        found = []
        for name in DISAGREEMENT_FIELDS[kind]:
            by_signature: dict[str, tuple[str, set[str]]] = {}
            for report in self.reports:
                raw = report.fields.get(name, "").strip()
                if name in _PARTY_FIELDS and party_of is not None and raw:
                    signature = party_of(raw)
                else:
                    signature = field_signature(name, raw, report.published)
                if not signature:
                    continue
                _shown, sources = by_signature.setdefault(signature, (raw, set()))
                sources.add(report.source_id)
            if len(by_signature) > 1:
                found.append(
                    Disagreement(
                        field=name,
                        values=[
                            ValueSources(value=shown, sources=sorted(sources))
                            for shown, sources in sorted(
                                by_signature.values(), key=lambda v: (-len(v[1]), v[0])
                            )
                        ],
                    )
                )
        return found


_STOPWORDS = frozenset(
    ["a", "an", "the", "of", "to", "in", "on", "at", "for", "with", "and", "or", "by", "from",
     "as", "is", "are", "was", "were", "be", "been", "it", "its", "that", "this", "than", "into",
     "over", "after", "before", "about", "new"]
)  # fmt: skip
# Candidate clusters come from an inverted index of words per block: the clusters sharing most
# words with a report (words in very many clusters carry no signal and are skipped), so each
# report is compared with a bounded number of clusters instead of all of them.
CANDIDATES = 8
MAX_POSTING = 64
REPRESENTATIVES = 3


def cluster_reports(reports: Sequence[Report]) -> list[Cluster]:
    """Greedy clustering inside blocks (same kind and same principal party).

    Reports are visited in (source id, order) order, so the result does not depend on the order
    the articles were given in.
    """
    blocks: dict[tuple[str, str], list[Report]] = defaultdict(list)
    for report in reports:
        blocks[(report.kind, report.block)].append(report)
    clusters: list[Cluster] = []
    for (kind, _block), members in sorted(blocks.items()):
        local: list[Cluster] = []
        postings: dict[str, list[int]] = defaultdict(list)
        # Outlets often get the very same summary from the model: an identical text scores the
        # maximum against its cluster, so it joins without a fuzzy comparison.
        same_text: dict[str, int] = {}
        for report in sorted(members, key=lambda r: (r.source_id, r.order)):
            keys = (set(report.text.split()) - _STOPWORDS) | {f"#{f}" for f in report.facts}
            best = same_text.get(report.text)
            if best is not None:
                local[best].add(report)
                continue
            shared = Counter(
                chain.from_iterable(
                    posting
                    for token in keys
                    if (posting := postings.get(token)) and len(posting) <= MAX_POSTING
                )
            )
            candidates = sorted(
                i
                for i, _ in heapq.nsmallest(
                    CANDIDATES, shared.items(), key=lambda kv: (-kv[1], kv[0])
                )
            )
            # One rapidfuzz call scores the report against every candidate's representatives.
            owners = [i for i in candidates for _ in local[i].reports[:REPRESENTATIVES]]
            others = [o for i in candidates for o in local[i].reports[:REPRESENTATIVES]]
            scores: dict[int, float] = {}
            if others:
                for _text, ratio, at in process.extract(
                    report.text,
                    [o.text for o in others],
                    scorer=fuzz.token_set_ratio,
                    score_cutoff=MIN_SCORE - SHARED_FACT_BONUS,
                    limit=None,
                ):
                    bonus = SHARED_FACT_BONUS if report.facts & others[at].facts else 0.0
                    scores[owners[at]] = max(scores.get(owners[at], 0.0), ratio + bonus)
            best, best_score = None, 0.0
            for index in candidates:
                needed = (
                    SAME_SOURCE_SCORE
                    if report.source_id in local[index].source_ids
                    else SAME_ITEM_SCORE[kind]
                )
                score = scores.get(index, 0.0)
                if score >= needed and score > best_score:
                    best, best_score = index, score
            if best is None:
                best = len(local)
                local.append(Cluster())
            local[best].add(report)
            same_text.setdefault(report.text, best)
            for token in keys:
                if not postings[token] or postings[token][-1] != best:
                    postings[token].append(best)
        clusters.extend(local)
    return clusters


#: Two clusters the code wrote say the same thing when this share of the smaller one's stems
#: is shared, and at least ``SAME_MEANING_STEMS`` stems.
SAME_MEANING_SHARE = 0.4
SAME_MEANING_STEMS = 4
#: One proposal named by two speakers (a state and its negotiator): the date it is for is the
#: same, and so is the place or most of the words.
SAME_PROPOSAL_SHARE = 0.5
SAME_PROPOSAL_STEMS = 6
#: Sentences this close (a space, a line break) are one statement going on.
ADJACENT_GAP = 3
# Stems (as ``support.stem`` cuts them) of the nouns that name a deal; "agree" is left out, as
# one day's parties may agree to several things (a truce, a prisoner exchange).
_DEAL_STEMS = frozenset(["cease", "truce", "deal", "accor", "peace", "pact", "treat", "halt"])
# A truce and a halt to the firing are the ceasefire ("agreed to halt all hostilities").
_SAME_DEAL = {"truce": "cease", "halt": "cease"}
# A statement of what the deal holds, the deal as its subject ("the ceasefire, effective from
# 5 pm, covers all military activity"; "the truce takes effect at midnight"); not a judgement
# of it ("the truce will not hold").
_DEAL_TERMS = re.compile(
    r"^(?:the|this|that)\s+((?:[\w-]+\s+){0,2}?[\w-]+)\b[^.;]{0,80}?\b(?:covers?|covered"
    r"|includes?|included|applies|applied|stipulates|requires|(?:will |would )?(?:take|took|takes)"
    r" effect|(?:will |would )?(?:come|came|comes|enter|entered|enters) into (?:force|effect)"
    r"|(?:will |would )?(?:begins?|began|starts?|started))\b",
    re.IGNORECASE,
)
# Words quoted between quotation marks (straight or curly), and how many in a row two outlets'
# quotations must share to be one remark.
_QUOTED = re.compile(r"[\"“]([^\"“”]{12,})[\"”]")
QUOTED_GRAM = 4
#: Words of a development's action that tell an attack ("struck", "airstrikes", "hit").
_ATTACK_WORDS = frozenset(
    ["strike", "strikes", "struck", "airstrike", "airstrikes", "hit", "hits", "attack",
     "attacks", "attacked", "bombed", "bombing", "bombardment", "shelled", "shelling", "raid",
     "raids", "targeted", "pounded"]
)  # fmt: skip
_FUNCTION_WORDS = frozenset(
    ["a", "an", "the", "of", "to", "in", "on", "at", "for", "with", "and", "or", "by", "from",
     "as", "is", "are", "was", "were", "be", "been", "it", "its", "that", "this", "we", "i",
     "you", "he", "she", "they", "our", "my", "your", "his", "her", "their", "us", "them",
     "will", "would", "not", "have", "has", "had", "do", "does", "did", "but", "so", "if",
     "there", "what", "all", "very", "s", "t"]
)  # fmt: skip
# A statement that a deal was made, by the verb that makes it.
_DEAL_TOLD = re.compile(
    r"\b(?:(?:had |has |have |was |were |been )?(?:reached|mediated|brokered|struck|sealed|clinched"
    r"|concluded|finali[sz]ed)|agreed (?:to|on|upon) (?:a|an|the)\b)",
    re.IGNORECASE,
)
# A sentence opening on one of these carries on the previous sentence's speaker.
_GOING_ON = frozenset(["he", "she"])
_FURTHER = frozenset(["added", "adds", "also", "further"])
_SAID_AFTER = re.compile(r"[,”\"]\s*(?:he|she) (?:said|says)\W*$", re.IGNORECASE)
#: How far apart (characters) one article may restate a stance in the same verb and still mean
#: the one stance: about three sentences.
RESTATED_WITHIN = 500
# Blocks larger than this are left to the textual clustering alone (a quadratic pass).
MAX_MEANING_BLOCK = 200
# When reports of one fact were filed in several sections, the item takes the most specific.
KIND_ORDER = {"proposal": 0, "development": 1, "position": 2}


def join_by_meaning(clusters: list[Cluster]) -> list[Cluster]:
    """Join clusters that report one fact in other words, or in another section: outlets
    phrase one fact differently and its speaker may be a person in one outlet and the state in
    another, so only stems shared by the evidence sentences decide, within one actor's block
    (a joined block such as India+Pakistan meets each of its parts).

    Three narrower cases join as well: a deal its parties accepted, named by the same deal noun
    ("India agreed to a ceasefire", "India and Pakistan agreed to a ceasefire"); one proposal
    for one date whoever in the proposing side names it (the state, its negotiator); and a
    statement one speaker goes on with in the next sentence ("She said: ...")."""
    meaning = [frozenset().union(*(r.meaning for r in c.reports)) for c in clusters]
    parts = [frozenset(c.reports[0].block.split("+")) for c in clusters]
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, said in enumerate(meaning):
        if said:
            for part in parts[i]:
                blocks[part].append(i)
    parent = list(range(len(clusters)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(j)] = find(i)

    accepted = [_is_deal(c) for c in clusters]
    # Clusters that tell only military events: none is a report of the deal that ends the war.
    events = [all(r.kind == "development" for r in c.reports) for c in clusters]
    # Named as a deal by what was agreed, not by its sentence: "The agreement requires the
    # withdrawal of ..." is a term of the deal, an item of its own.
    deal_names = [_deal_stems(c) for c in clusters]
    deals = [a and bool(named) for a, named in zip(accepted, deal_names, strict=True)]
    for members in blocks.values():
        if len(members) > MAX_MEANING_BLOCK:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                one_deal = deals[i] and deals[j] and deal_names[i] & deal_names[j]
                if (events[i] and accepted[j]) or (events[j] and accepted[i]):
                    # "... with India intercepting a missile over Sirsa" shares the war's words
                    # with "halting days of conflict involving missiles and drones": an event
                    # of the war is no report of the deal that ends it.
                    continue
                alike = _say_the_same(clusters[i], clusters[j])
                if one_deal or (alike and not _claimed_apart(clusters[i], clusters[j])):
                    union(i, j)
    _join_proposals_for_one_date(clusters, meaning, accepted, union)
    _join_statements_of_the_deal(clusters, deals, deal_names, find, union)
    _join_the_deal_named_again(clusters, accepted, deals, find, union)
    _join_same_words_quoted(clusters, union)
    _join_statements_going_on(clusters, union)
    _join_stances_restated(clusters, union)
    _join_one_stance_across_outlets(clusters, union)
    _join_one_attack(clusters, find, union)
    joined: dict[int, Cluster] = {}
    for i, cluster in enumerate(clusters):
        root = joined.setdefault(find(i), Cluster())
        for report in cluster.reports:
            root.add(report)
    out = []
    for cluster in joined.values():
        cluster.reports.sort(key=lambda r: (KIND_ORDER[r.kind], r.source_id, r.order))
        out.append(cluster)
    return out


def _join_one_attack(
    clusters: list[Cluster], find: Callable[[int], int], union: Callable[[int, int], None]
) -> None:
    """One side's developments that tell an attack, in no other place and at no other time
    than each other: one strike told by several outlets or sentences in their own words
    ("carried out multiple strikes on Houthi targets in Sanaa", "struck several Houthi-linked
    targets in the rebel-held capital"). Design labellers counted each such pair as the same
    strike twice. A place or a time both name and that differ keeps two attacks apart, also
    through a third report that names neither."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, cluster in enumerate(clusters):
        if all(r.kind == "development" for r in cluster.reports) and any(
            _ATTACK_WORDS & set(plain(r.fields.get("action", "")).split()) for r in cluster.reports
        ):
            blocks[cluster.reports[0].block].append(i)
    # The places and times each joined group names, kept by its root.
    told: dict[int, tuple[set[str], set[str]]] = {}
    for i, cluster in enumerate(clusters):
        places, times = told.setdefault(find(i), (set(), set()))
        places.update(filter(None, (plain(r.fields.get("place", "")) for r in cluster.reports)))
        times.update(filter(None, (plain(r.fields.get("time", "")) for r in cluster.reports)))
    for members in blocks.values():
        if len(members) > MAX_MEANING_BLOCK:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if find(i) == find(j):
                    continue
                (p1, t1), (p2, t2) = told[find(i)], told[find(j)]
                if (p1 and p2 and not p1 & p2) or (t1 and t2 and not t1 & t2):
                    continue
                union(i, j)
                told[find(i)] = (p1 | p2, t1 | t2)


def _say_the_same(one: Cluster, other: Cluster) -> bool:
    """Whether a report of one cluster and a report of the other share most of their stems.
    Reports are compared one to one: a cluster's stems pooled over several outlets would meet
    any long sentence on the same war."""
    for a in one.reports:
        for b in other.reports:
            shared, smaller = _overlap(a.meaning, b.meaning)
            if shared >= SAME_MEANING_STEMS and shared >= SAME_MEANING_SHARE * smaller:
                return True
    return False


def _claimed_apart(one: Cluster, other: Cluster) -> bool:
    """Whether two clusters are claimed by different sides ("Russia claimed it downed 296
    drones", "Ukraine said Russia launched 88 drones"): two claims, however many words they
    share. Names are compared by their words, so "Zelensky" and "Volodymyr Zelensky" agree."""

    def claimants(cluster: Cluster) -> set[str]:
        return {w for r in cluster.reports for w in plain(r.fields.get("claimed_by", "")).split()}

    mine, theirs = claimants(one), claimants(other)
    return bool(mine) and bool(theirs) and not mine & theirs


def _overlap(one: frozenset[str], other: frozenset[str]) -> tuple[int, int]:
    """Stems two reports share, and how many the shorter one has."""
    return len(one & other), min(len(one), len(other))


def _deal_stems(cluster: Cluster) -> frozenset[str]:
    """The deal nouns ("ceasefire", "peace deal") in what a cluster's accepted reports say was
    agreed."""
    named = frozenset().union(*(
        _DEAL_STEMS & stems(r.fields.get("proposal", "")) for r in cluster.reports
        if r.kind == "proposal" and r.fields.get("status") == "accepted"
    ))  # fmt: skip
    return frozenset(_SAME_DEAL.get(s, s) for s in named)


def _is_deal(cluster: Cluster) -> bool:
    return any(
        r.kind == "proposal" and r.fields.get("status") == "accepted" for r in cluster.reports
    )


def _join_proposals_for_one_date(
    clusters: list[Cluster],
    meaning: list[frozenset[str]],
    accepted: list[bool],
    union: Callable[[int, int], None],
) -> None:
    """A proposal for one date, named by two speakers of one side in most of the same words."""
    by_date: dict[str, list[int]] = defaultdict(list)
    places: dict[int, set[str]] = defaultdict(set)
    for i, cluster in enumerate(clusters):
        if not meaning[i] or accepted[i]:
            continue
        for report in cluster.reports:
            if report.kind != "proposal":
                continue
            when = report.fields.get("when", "")
            resolved = resolve_date(when, report.published) if when else None
            if resolved is not None and resolved.precision == "day":
                by_date[resolved.value].append(i)
            if report.fields.get("where"):
                places[i].add(plain(report.fields["where"]))
    for members in by_date.values():
        members = sorted(set(members))
        if len(members) > MAX_MEANING_BLOCK:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                shared, smaller = _overlap(meaning[i], meaning[j])
                alike = shared >= SAME_PROPOSAL_STEMS and shared >= SAME_PROPOSAL_SHARE * smaller
                if alike or (shared >= SAME_MEANING_STEMS and places[i] & places[j]):
                    union(i, j)


def _join_statements_of_the_deal(
    clusters: list[Cluster],
    deals: list[bool],
    deal_names: list[frozenset[str]],
    find: Callable[[int], int],
    union: Callable[[int, int], None],
) -> None:
    """A statement that holds no more than the deal the parties accepted is one more report of
    it, when the story has one deal by that name: a statement of what the deal holds, the deal
    named as its subject ("Misri confirmed that the ceasefire, effective from 5:00 pm, covers all
    military activity"), or one that tells the deal was made ("Oman said it had mediated a
    ceasefire between the two sides"). Every labeller read these as the deal again. A stance on
    the deal ("Hamas welcomed the ceasefire") is a fact of its own."""
    named: dict[str, set[int]] = defaultdict(set)
    for i, names in enumerate(deal_names):
        if deals[i]:
            for name in names:
                named[name].add(i)
    if not named:
        return
    for i, cluster in enumerate(clusters):
        if any(r.kind != "position" for r in cluster.reports):
            continue
        for report in cluster.reports:
            deal = next((d for d in _deals_named(report, named, find) if len(d) == 1), None)
            if deal is not None:
                union(deal.pop(), i)
                break


def _deals_named(
    report: Report, named: dict[str, set[int]], find: Callable[[int], int]
) -> Iterator[set[int]]:
    """The accepted deals a position's stance restates: by the subject of its terms, then, if
    it tells the deal was made, by its words."""
    stance = report.fields.get("stance", "")
    subject = _DEAL_TERMS.match(stance)
    for said in ([subject.group(1)] if subject else []) + (
        [stance] if _DEAL_TOLD.search(stance) else []
    ):
        which = {_SAME_DEAL.get(s, s) for s in _DEAL_STEMS & stems(said)}
        yield {find(j) for name in which for j in named.get(name, ())}


def _join_same_words_quoted(clusters: list[Cluster], union: Callable[[int, int], None]) -> None:
    """One speaker's positions that quote the same words ("hailed the accord as 'a new chapter
    of hope'"; "'... the entire region begins a new chapter of hope and opportunity', Trump
    declared"): outlets quoting one remark, told in other words around the quotation. Four
    words in a row, three of them not function words, inside quotation marks in both."""
    seen: dict[tuple[str, tuple[str, ...]], int] = {}
    for i, cluster in enumerate(clusters):
        if any(r.kind != "position" for r in cluster.reports):
            continue
        for report in cluster.reports:
            if report.evidence is None:
                continue
            for gram in _quoted_grams(report.evidence.quote):
                key = (report.block, gram)
                if key in seen and seen[key] != i:
                    union(seen[key], i)
                seen.setdefault(key, i)


def _quoted_grams(quote: str) -> set[tuple[str, ...]]:
    """The runs of ``QUOTED_GRAM`` words inside the quotation marks of a sentence that carry at
    least ``QUOTED_GRAM - 1`` words other than function words."""
    grams: set[tuple[str, ...]] = set()
    for quoted in _QUOTED.findall(quote):
        words = re.findall(r"[a-z0-9]+", quoted.lower())
        for n in range(len(words) - QUOTED_GRAM + 1):
            gram = tuple(words[n : n + QUOTED_GRAM])
            if sum(w not in _FUNCTION_WORDS for w in gram) >= QUOTED_GRAM - 1:
                grams.add(gram)
    return grams


def _join_statements_going_on(clusters: list[Cluster], union: Callable[[int, int], None]) -> None:
    """A speaker's position and the next sentence's position of the same speaker, in one
    article, when that sentence names the speaker by a pronoun only: one statement, quoted on
    ("Zakharova insisted ... She said: ...")."""
    spans: list[tuple[str, int, int, str, int, bool]] = []
    for i, cluster in enumerate(clusters):
        if any(r.kind != "position" for r in cluster.reports):
            # A proposal or an event stays its own item, whatever its speaker says next.
            continue
        for report in cluster.reports:
            if report.meaning and report.evidence is not None:
                e = report.evidence
                words = re.findall(r"[a-z]+", e.quote.lower())[:3] or [""]
                # "He added", "She also said": a further point, an item of its own.
                going_on = words[0] in _GOING_ON and not _FURTHER & set(words[1:])
                # '"...," he said.': the quotation goes on with what the sentence before said.
                going_on = going_on or bool(_SAID_AFTER.search(e.quote))
                spans.append((report.source_id, e.start, e.end, report.block, i, going_on))
    spans.sort()
    for before, after in pairwise(spans):
        (sid, _, end, block, i, _), (sid2, start2, _, block2, j, going_on) = before, after
        if going_on and sid == sid2 and block == block2 and 0 <= start2 - end <= ADJACENT_GAP:
            union(i, j)


def _join_stances_restated(clusters: list[Cluster], union: Callable[[int, int], None]) -> None:
    """One party's stance restated a few sentences on in the same verb, in one article:
    "Pakistan denied any involvement ... Pakistan denied the charge." is one denial, and so is a
    headline's "Hamas accuses ..." and the lead's "Hamas accused ..." below it."""
    opened: dict[tuple[str, str, str], list[tuple[int, int]]] = defaultdict(list)
    for i, cluster in enumerate(clusters):
        if any(r.kind != "position" for r in cluster.reports):
            continue
        for report in cluster.reports:
            stance = report.fields.get("stance", "").split()
            # A headline tells it in the present ("Hamas accuses Netanyahu of bad faith"), the
            # lead below it in the past ("accused Israel of overturning the ceasefire").
            if report.evidence is None or not stance or not stance[0].endswith(("ed", "s")):
                continue
            verb = verb_stem(stance[0])
            if stance[0].endswith("s") and (not stance[0].islower() or verb in _NOT_STANCES):
                # ("says ...": two remarks; a capitalised first word opens a quotation.)
                continue
            key = (report.source_id, report.block, verb)
            opened[key].append((report.evidence.start, i))
    for found in opened.values():
        found.sort()
        for (start, i), (start2, j) in pairwise(found):
            if i != j and start2 - start <= RESTATED_WITHIN:
                union(i, j)


def verb_stem(verb: str) -> str:
    """One stem for a verb in the past and in the present ("vowed", "vows"; "denied",
    "denies"): its ending goes before the five-letter stem, which alone keeps "vowed"."""
    word = verb.lower()
    for ending, instead in (("ied", "y"), ("ies", "y"), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return stem(word.removesuffix(ending) + instead)
    return stem(word)


# Words before a stance's verb that leave the verb what it is ("strongly condemned").
_BEFORE_VERB = frozenset(["also", "further", "again", "firmly", "then", "later", "swiftly"])
# Verbs that tell what was said, not a stance taken: two outlets' "said ... on the deal" are
# two remarks.
_NOT_STANCES = frozenset(verb_stem(w) for w in ["said", "says", "stated", "told", "added", "noted"])


def _join_one_stance_across_outlets(
    clusters: list[Cluster], union: Callable[[int, int], None]
) -> None:
    """One party's stance, reported by several outlets in the same verb on the same thing:
    "China strongly condemns the sale" and "China condemned the arms sale" are one
    condemnation, and so are "condemned the strike" and "condemned Kiev's drone strike on the
    terminal". Only the verb and the head of the topic decide, so the wording around them may
    differ; a stance taken in another verb ("China demanded ...") stays its own item."""
    taken: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, cluster in enumerate(clusters):
        if any(r.kind != "position" for r in cluster.reports):
            continue
        for report in cluster.reports:
            for key in _stance_keys(report):
                taken[key].append(i)
    for found in taken.values():
        for i, j in pairwise(sorted(set(found))):
            union(i, j)


# Words after which a topic tells of what, where or why: the word before the first of them is
# the topic's head ("drone strike on the terminal", "retaliation against the aggressors").
_AFTER_HEAD = frozenset(
    ["of", "on", "in", "at", "to", "for", "against", "with", "near", "by", "from", "over",
     "that", "which", "who", "after", "amid", "and"]
)  # fmt: skip


def _stance_keys(report: Report) -> list[tuple[str, str, str]]:
    """The holder's block, the stance's verb and a head of its topic (its last word, and the
    word before its first preposition), when the stance opens on a verb in the past or the
    present ("condemned", "rejects")."""
    words = [w for w in report.fields.get("stance", "").split() if w.isalpha()]
    while words and (words[0].lower() in _BEFORE_VERB or words[0].lower().endswith("ly")):
        words.pop(0)
    topic = [w.lower() for w in report.fields.get("topic", "").split() if w.isalpha()]
    if not words or not topic or not words[0].islower():
        return []
    verb = verb_stem(words[0])
    if not words[0].endswith(("ed", "s")) or verb in _NOT_STANCES:
        return []
    before = next((n for n, w in enumerate(topic) if w in _AFTER_HEAD), len(topic))
    heads = {stem(topic[-1])} | ({stem(topic[before - 1])} if before else set())
    return [(report.block, verb, head) for head in sorted(heads) if len(head) >= 3]


def _join_the_deal_named_again(
    clusters: list[Cluster],
    accepted: list[bool],
    deals: list[bool],
    find: Callable[[int], int],
    union: Callable[[int, int], None],
) -> None:
    """ "The agreement was signed by X, Y and Z in ...": a deal accepted and named by its noun
    alone is the story's deal, when the story has one deal by name; whoever the sentence names
    first may be a witness, not a side."""
    roots = {find(i) for i, is_deal in enumerate(deals) if is_deal}
    if len(roots) != 1:
        return
    (root,) = roots
    for i, cluster in enumerate(clusters):
        if (
            accepted[i]
            and not deals[i]
            and any(
                r.kind == "proposal" and THE_DEAL_ALONE.match(r.fields.get("proposal", ""))
                for r in cluster.reports
            )
        ):
            union(root, i)
