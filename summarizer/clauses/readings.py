"""What the clause reader hands on: a clause read as an item, and the party it names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from summarizer.sentences import Sentence

Kind = Literal["proposal", "position", "development"]
PartyLabel = Literal["person", "organisation", "state"]
Status = Literal["proposed", "accepted", "rejected", "under discussion", "unknown"]


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
    status: Status = "unknown"
    #: For reported speech, the reported clause read as a military event of its own subject,
    #: claimed by the speaker ("Zelensky said 50,000 Russian troops are stationed near Sumy"):
    #: the item when the model takes the sentence for a military event.
    reported: Reading | None = None
    #: For a reported clause: told in the future or the conditional, a plan or a threat ("will
    #: establish hubs"), no event whatever the model takes the sentence for.
    foretold: bool = False
    #: For a statement: its reported clause tells what an armed force is or was doing and names
    #: no side it belongs to ("the drills were taking place in ..."): a military fact, the
    #: parse cannot say whose.
    unowned_event: bool = False
