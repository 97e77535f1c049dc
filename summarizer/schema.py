"""The briefing's data model: what the model fills per article, and the merged briefing.

This module is the prompt contract. ``ArticleExtraction`` is sent to the model as the tool's
parameter schema, so every docstring and field description here is read by the model; keep
them short and concrete. ``Briefing`` is the published JSON contract (``schemas/``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PartyKind = Literal["person", "state", "government", "organisation", "other"]
ProposalStatus = Literal["proposed", "accepted", "rejected", "under discussion", "unknown"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------------------------
# What the model fills for one article.
# --------------------------------------------------------------------------------------------


class ExtractedParty(_Strict):
    """A person, state, government or organisation that acts or speaks in the article."""

    name: str = Field(description="Full name as written in the article, e.g. 'Sergei Lavrov'.")
    kind: PartyKind = Field(description="What sort of party this is.")
    role: str = Field(default="", description="Title or role, e.g. 'Foreign Minister'; '' if none.")
    affiliation: str = Field(
        default="", description="State or body the party acts for, e.g. 'Russia'; '' if none."
    )


class ExtractedProposal(_Strict):
    """A concrete offer or plan that one party puts to another (talks, deals, exchanges)."""

    proposer: str = Field(description="Name of the party that proposes it.")
    proposal: str = Field(description="What is proposed, in a few words.")
    addressee: str = Field(default="", description="Who it is proposed to; '' if not said.")
    when: str = Field(default="", description="Date or time as written; '' if not said.")
    where: str = Field(default="", description="Place; '' if not said.")
    status: ProposalStatus = Field(description="Where the proposal stands in the article.")
    quote: str = Field(description="One sentence copied exactly from the article that states it.")
    confidence: float | None = Field(
        default=None,
        description="How strongly the model prefers the item's kind to its best alternative"
        " (0.5 or more: its first choice); null when no model decided it.",
    )


class ExtractedPosition(_Strict):
    """A stance a party takes on an issue (support, opposition, conditions, demands)."""

    holder: str = Field(description="Name of the party holding the position.")
    topic: str = Field(description="What the position is about, in a few words.")
    stance: str = Field(description="The position itself, in a few words.")
    quote: str = Field(description="One sentence copied exactly from the article that states it.")
    confidence: float | None = Field(
        default=None,
        description="How strongly the model prefers the item's kind to its best alternative"
        " (0.5 or more: its first choice); null when no model decided it.",
    )


class ExtractedDevelopment(_Strict):
    """A military event on the ground: attacks, deployments, captures, weapons deals."""

    actor: str = Field(description="Who did it.")
    action: str = Field(description="What was done, in a few words.")
    place: str = Field(default="", description="Where; '' if not said.")
    time: str = Field(default="", description="When, as written; '' if not said.")
    quantity: str = Field(
        default="", description="Number with its unit as written, e.g. '296 drones'; '' if none."
    )
    claimed_by: str = Field(
        default="",
        description="Who says it happened, if the article attributes it (e.g. 'Russia claimed').",
    )
    quote: str = Field(description="One sentence copied exactly from the article that states it.")
    confidence: float | None = Field(
        default=None,
        description="How strongly the model prefers the item's kind to its best alternative"
        " (0.5 or more: its first choice); null when no model decided it.",
    )


class ArticleExtraction(_Strict):
    """Who proposes what, who stands where and what happened on the ground, in one article."""

    parties: list[ExtractedParty] = Field(description="Every party named in the article.")
    proposals: list[ExtractedProposal] = Field(description="Proposals made in the article.")
    positions: list[ExtractedPosition] = Field(description="Positions stated in the article.")
    military_developments: list[ExtractedDevelopment] = Field(
        description="Military developments reported in the article."
    )
    from_parse: bool = Field(
        default=False,
        description="True when code wrote every item from its own sentence (the decide"
        " strategy): an item its sentence does not support is left out, never moved.",
    )


# --------------------------------------------------------------------------------------------
# What the model fills for one window of an article given as numbered sentences. The evidence
# comes first and is a sentence number, so the model writes the other fields from that sentence
# (a 1.5B model copying a quote after the fields often copied the wrong sentence) and decodes no
# quote; the extraction layer turns the number back into the exact sentence.
# --------------------------------------------------------------------------------------------

_SENTENCE = "Number [n] of the one sentence that states it; every other field comes from it."
# Caps that the llama.cpp server turns into its output grammar (maxLength, maxItems), so a small
# model cannot spend its decode budget copying whole sentences into a field or listing every
# sentence as an item. They go into the JSON Schema only: pydantic does not enforce them, so a
# hosted model that ignores them is never re-asked for it.
SHORT = 60
TINY = 48


def _text(description: str, limit: int = SHORT, default: str | None = None) -> Any:
    if default is None:
        return Field(description=description, json_schema_extra={"maxLength": limit})
    return Field(default=default, description=description, json_schema_extra={"maxLength": limit})


def _items(description: str, limit: int) -> Any:
    return Field(description=description, json_schema_extra={"maxItems": limit})


class CitedParty(_Strict):
    """A person, state or organisation that acts or speaks; never a place, date or topic."""

    name: str = _text("Name as written, e.g. 'Sergei Lavrov'.", TINY)
    kind: PartyKind = Field(description="What sort of party this is.")
    role: str = _text("Title, e.g. 'Foreign Minister'; '' if none.", TINY, "")
    affiliation: str = _text("Country or body it acts for; '' if none.", TINY, "")


class CitedProposal(_Strict):
    """An offer or plan one party puts to another (talks, a deal, an exchange, a ceasefire)."""

    sentence: int = Field(description=_SENTENCE)
    proposer: str = _text("Who proposes it.", TINY)
    proposal: str = _text("What is proposed, in a few of the sentence's words.")
    addressee: str = _text("To whom; '' if not said.", TINY, "")
    when: str = _text("Date or time as written; '' if not said.", TINY, "")
    where: str = _text("Place as written; '' if not said.", TINY, "")
    status: ProposalStatus = Field(description="Where the proposal stands in that sentence.")


class CitedPosition(_Strict):
    """A stance a party states on an issue: support, rejection, conditions, demands."""

    sentence: int = Field(description=_SENTENCE)
    holder: str = _text("Who states it: the speaker in that sentence.", TINY)
    topic: str = _text("What it is about, in a few words.", TINY)
    stance: str = _text("The stance, in a few of the sentence's words.")


class CitedDevelopment(_Strict):
    """A military event of the day: an attack, strike, deployment, capture, weapons supply."""

    sentence: int = Field(description=_SENTENCE)
    actor: str = _text("Who did it (not who reports it).", TINY)
    action: str = _text("What was done, in a few of the sentence's words.")
    place: str = _text("Where; '' if not said.", TINY, "")
    time: str = _text("When, as written; '' if not said.", TINY, "")
    quantity: str = _text("Number with unit as written; '' if none.", TINY, "")
    claimed_by: str = _text("Who says it happened, if attributed; else ''.", TINY, "")


#: Items of each kind, and parties, that one call may return.
MAX_CITED_ITEMS = 4
MAX_CITED_PARTIES = 6


class CitedExtraction(_Strict):
    """Parties, proposals, positions and military events stated in the numbered sentences."""

    parties: list[CitedParty] = _items("Who acts or speaks.", MAX_CITED_PARTIES)
    proposals: list[CitedProposal] = _items("Proposals.", MAX_CITED_ITEMS)
    positions: list[CitedPosition] = _items("Positions.", MAX_CITED_ITEMS)
    military_developments: list[CitedDevelopment] = _items(
        "Military events of the day.", MAX_CITED_ITEMS
    )


# --------------------------------------------------------------------------------------------
# The merged briefing (published contract).
# --------------------------------------------------------------------------------------------


class Evidence(_Strict):
    """A verbatim passage of one source: ``quote == text[start:end]`` of that source's text."""

    source_id: str = Field(description="Id of the source the quote is taken from.")
    quote: str = Field(description="The passage, exactly as it stands in the source text.")
    start: int = Field(ge=0, description="Start offset (str index) of the quote in the text.")
    end: int = Field(ge=0, description="End offset (exclusive) of the quote in the text.")


class Source(_Strict):
    """One article the briefing was built from."""

    id: str = Field(description="Stable id of the article within the briefing.")
    path: str | None = Field(default=None, description="File it was read from, if any.")
    title: str | None = Field(default=None, description="Headline, if known.")
    outlet: str | None = Field(default=None, description="Publisher, if known.")
    url: str | None = Field(default=None, description="Address of the article, if known.")
    published: str | None = Field(default=None, description="Publication date (ISO 8601).")


class ValueSources(_Strict):
    """One value of a field, and the sources that give it."""

    value: str = Field(description="The value as one source gives it.")
    sources: list[str] = Field(description="Ids of the sources that give this value.")


class Disagreement(_Strict):
    """Sources reporting the same item give different values for one field."""

    field: str = Field(description="Name of the field the sources disagree on.")
    values: list[ValueSources] = Field(description="Each distinct value, with its sources.")


class ReportedDate(_Strict):
    """When an item happens, as sources report it, resolved against each source's publication
    date ("next Monday" in an article of Wed 2025-05-28 is 2025-06-02)."""

    value: str = Field(
        description="Day (2025-06-02), ISO week (2025-W23), month (2025-06) or year (2025)."
    )
    precision: Literal["day", "week", "month", "year"] = Field(description="Kind of value.")
    text: str = Field(description="The date as the first of these sources words it.")
    sources: list[str] = Field(description="Ids of the sources that give this date.")


class ReportedQuantity(_Strict):
    """A number with its unit and qualifier, as sources report it, so values can be compared."""

    value: float = Field(description="The number (the low end of a range).")
    high: float | None = Field(description="The high end of a range, else null.")
    unit: str = Field(description="What is counted ('troops', 'drones'); '' if not said.")
    qualifier: Literal[
        "exact", "approximately", "at least", "more than", "at most", "less than", "range"
    ] = Field(description="How the number is qualified.")
    text: str = Field(description="The quantity as the first of these sources words it.")
    sources: list[str] = Field(description="Ids of the sources that give this quantity.")


class _Item(_Strict):
    id: str = Field(description="Stable id of the item within the briefing.")
    sources: list[str] = Field(description="Ids of every source that reports this item.")
    evidence: list[Evidence] = Field(description="Verbatim passages supporting the item.")
    grounded: bool = Field(
        description="True when at least one passage was found verbatim in its source."
    )
    disagreements: list[Disagreement] = Field(
        default_factory=list, description="Fields on which the reporting sources differ."
    )
    confidence: float | None = Field(
        default=None,
        description="How strongly the model prefers the item's kind to its best alternative,"
        " highest over its reports (0.5 or more: its first choice); null when no model decided.",
    )
    verified: bool = Field(
        default=True,
        description="False when only one source reports the item and either the model did not"
        " choose its kind first (confidence under 0.5) or it is a military development that no"
        " other article of the brief reports: the brief shows it apart, as unverified.",
    )


class Party(_Strict):
    """One real-world person, state, government or organisation, whatever its spelling."""

    id: str = Field(description="Stable id of the party within the briefing.")
    name: str = Field(description="Canonical name: the most complete, most frequent form.")
    aliases: list[str] = Field(description="Other names the sources use for the same party.")
    kind: PartyKind = Field(description="What sort of party this is.")
    role: str = Field(description="Title or role; '' if none.")
    affiliation: str = Field(description="State or body the party acts for; '' if none.")
    sources: list[str] = Field(description="Ids of the sources that mention it.")
    evidence: list[Evidence] = Field(description="A mention of the party in each source.")


class Proposal(_Item):
    """A proposal, with who makes it and to whom."""

    proposer: str = Field(
        description="Canonical name of the proposing party. For a deal reported as accepted,"
        " who proposed, brokered or mediated it when a report says so, else ''."
    )
    proposer_id: str | None = Field(description="Party id of the proposer, when resolved.")
    accepted_by: str = Field(
        default="",
        description="For a deal reported as accepted: the parties that accepted it, as one"
        " name ('Cambodia and Thailand'); '' while it is proposed, discussed or rejected.",
    )
    accepted_by_id: str | None = Field(
        default=None, description="Party id of who accepted it, when one party is resolved."
    )
    summary: str = Field(description="What is proposed.")
    addressee: str = Field(description="Who it is proposed to; '' if not said.")
    when: str = Field(description="When, as reported; '' if not said.")
    where: str = Field(description="Where; '' if not said.")
    status: ProposalStatus = Field(description="Where the proposal stands.")
    dates: list[ReportedDate] = Field(
        default_factory=list, description="When, resolved to calendar dates, with sources."
    )


class Position(_Item):
    """A stance a party takes on a topic."""

    holder: str = Field(description="Canonical name of the party holding it.")
    holder_id: str | None = Field(description="Party id of the holder, when resolved.")
    topic: str = Field(description="What the position is about.")
    stance: str = Field(description="The position.")


class MilitaryDevelopment(_Item):
    """Something that happened on the ground, and who says so."""

    actor: str = Field(description="Canonical name of who did it.")
    actor_id: str | None = Field(description="Party id of the actor, when resolved.")
    action: str = Field(description="What was done.")
    place: str = Field(description="Where; '' if not said.")
    time: str = Field(description="When, as reported; '' if not said.")
    quantity: str = Field(description="Number with unit, as reported; '' if none.")
    claimed_by: str = Field(description="Who claims it; '' when reported as fact.")
    claimed_by_id: str | None = Field(description="Party id of the claimant, when resolved.")
    dates: list[ReportedDate] = Field(
        default_factory=list, description="When, resolved to calendar dates, with sources."
    )
    quantities: list[ReportedQuantity] = Field(
        default_factory=list, description="The quantity, structured, with sources."
    )


class Usage(_Strict):
    """Tokens spent, summed over every call including re-asks."""

    prompt_tokens: int = Field(default=0, description="Prompt tokens.")
    completion_tokens: int = Field(default=0, description="Completion tokens.")
    total_tokens: int = Field(default=0, description="Prompt plus completion tokens.")

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
        )


class ArticleRun(_Strict):
    """What happened to one source during the run."""

    source_id: str = Field(description="Id of the source.")
    status: Literal["ok", "cached", "failed", "duplicate", "skipped"] = Field(
        description="ok: extracted now; cached: reused; failed: left out; duplicate: same text"
        " as another source, extracted once; skipped: not started, the budget would be exceeded."
    )
    error: str | None = Field(default=None, description="Why it failed, when it did.")
    calls: int = Field(default=0, description="Model calls made for it, re-asks included.")
    usage: Usage = Field(default_factory=Usage, description="Tokens spent on it.")
    items: int = Field(
        default=0, description="Parties and items the model found in it (0: maybe not news)."
    )
    ungrounded_items: int = Field(
        default=0, description="Items whose quotes could not be found in the text."
    )
    misfiled_items: int = Field(
        default=0,
        description="Items left out as misfiled: proposals that propose nothing, military"
        " developments that describe no military event.",
    )
    unsupported_items: int = Field(
        default=0,
        description="Items left out because their evidence does not say what they say, or"
        " reports an earlier year's events as news.",
    )
    regrounded_items: int = Field(
        default=0,
        description="Items moved to the article's sentence that says what they say.",
    )


class Provenance(_Strict):
    """How the briefing was made."""

    generator: str = Field(description="summarizer version.")
    model: str = Field(description="Model that read the articles.")
    prompt_version: str = Field(description="Version of the extraction prompt.")
    schema_version: str = Field(description="Version of the extraction schema.")
    generated_at: str = Field(description="When the briefing was made (ISO 8601, UTC).")
    usage: Usage = Field(description="Tokens spent on the whole briefing.")
    cost_usd: float | None = Field(
        default=None,
        description="What those tokens cost (US dollars); null if the model's price is unknown.",
    )
    articles: list[ArticleRun] = Field(description="What happened to each source.")


class Briefing(_Strict):
    """One deduplicated, source-attributed briefing built from many articles about one story."""

    sources: list[Source] = Field(description="Every article the briefing was built from.")
    parties: list[Party] = Field(description="Everyone who acts or speaks, once each.")
    proposals: list[Proposal] = Field(description="Who proposed what, to whom.")
    positions: list[Position] = Field(description="Who stands where.")
    military_developments: list[MilitaryDevelopment] = Field(
        description="What happened on the ground, and who says so."
    )
    provenance: Provenance = Field(description="Model, prompt, tokens and time.")

    @property
    def failed(self) -> list[ArticleRun]:
        """Articles left out: failed after retries, or skipped for the budget."""
        return [a for a in self.provenance.articles if a.status in ("failed", "skipped")]


PUBLISHED_SCHEMAS: dict[str, type[BaseModel]] = {
    "briefing.schema.json": Briefing,
    "article_extraction.schema.json": ArticleExtraction,
    "cited_extraction.schema.json": CitedExtraction,
}


def published_schemas() -> dict[str, str]:
    """The JSON Schema files under ``schemas/``, as text, keyed by file name."""
    import json

    return {
        name: json.dumps(model.model_json_schema(mode="serialization"), indent=2, sort_keys=True)
        + "\n"
        for name, model in PUBLISHED_SCHEMAS.items()
    }
