"""Pieces of a parsed sentence: a verb's clause, object, place, date and number, and the
names in it, always as whole spans of the sentence's own characters."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from summarizer.clauses.lexicon import (
    AREA_NOUNS,
    ATTACK_NOUNS,
    ATTACK_VERBS,
    ATTITUDE_NOUNS,
    AUDIENCE,
    BACK_NOUNS,
    CLOSING_QUOTES,
    CONDITIONS,
    DEAL_NOUNS,
    ENTOURAGE,
    FUNCTION_WORDS,
    GENERIC_BODY,
    LEFT_HURT,
    LIGHT_OBJECTS,
    MATTER_NOUNS,
    MAX_NAME_WORDS,
    MILITARY,
    NEWSROOM,
    NOT_DONE,
    OPENING_QUOTES,
    PARTY_LABELS,
    PERSON_TITLES,
    PLACE_PREPS,
    PLAN_NOUNS,
    PLAN_VERBS,
    POINTING,
    POINTING_SUBJECTS,
    PROPOSE,
    SITE_NOUNS,
    SPEECH,
    STANCE,
    SUBJECTS,
    TERMS_VERBS,
    TITLE_WORDS,
    TOLD_TO,
    is_outlet,
)

# A point in time: a weekday, a month, a year, a clock time, "today", "next week", "midnight".
_NAMES_A_DAY = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
    r"|\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
    r"|\b(?:19|20)\d\d\b|\b\d{1,2}(?::\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.|gmt|utc)"
    r"|\b\d{1,2}:\d\d\b|\b(?:today|yesterday|tomorrow|tonight|overnight|midnight|noon)\b"
    r"|\b(?:next|last|this|coming)\s+(?:week|weekend|month|year|morning|evening|night)\b",
    re.IGNORECASE,
)

#: Words that say a day relative to publication on their own.
_DAY_WORDS = frozenset(["today", "yesterday", "tomorrow", "tonight", "overnight"])

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def whole_name(name: str) -> bool:
    """A name the recogniser cut or ran on ("Democratic Republic of the", "of Foreign Affairs
    and") is no name to file an item under."""
    words = name.split()
    return (
        0 < len(words) <= MAX_NAME_WORDS
        and name[:1].isupper()
        and words[-1].lower() not in FUNCTION_WORDS
        and words[0].lower() not in FUNCTION_WORDS
    )


def owner_of_body(ent: Span) -> Span:
    """ "Chile's Foreign Ministry" tagged as one organisation: the state before "'s"."""
    from spacy.tokens import Span

    if ent.label_ != "ORG":
        return ent
    for token in ent:
        if token.lower_ in ("'s", "’s") and token.i > ent.start:
            rest = ent.doc[token.i + 1 : ent.end]
            if len(rest) and all(w.lower_ in GENERIC_BODY for w in rest):
                return Span(ent.doc, ent.start, token.i, label="GPE")
    return ent


def generic_body(ent: Span) -> bool:
    return ent.label_ == "ORG" and all(w.lower() in GENERIC_BODY for w in ent.text.split())


def entourage_of(ent: Span) -> bool:
    """ "Putin's top aide", "Putin aide": the name says whose aide, not who speaks."""
    root = ent.root
    return (
        ent.label_ == "PERSON"
        and root.dep_ in ("poss", "compound")
        and root.head.lemma_.lower() in ENTOURAGE
    )


def newsroom_of(ent: Span) -> bool:
    """ "Al Mayadeen's correspondent reported", "a CNN reporter said": whose correspondent
    says so names an outlet, which reports and is no party."""
    root = ent.root
    return root.dep_ in ("poss", "compound") and root.head.lemma_.lower() in NEWSROOM


def deal_object(verb: Token) -> bool:
    """Whether the verb's object is a deal: "a ceasefire", "the peace agreement", "to a truce"."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "on")):
        objects += [c for c in prep.children if c.dep_ == "pobj"]
    return any(o.lemma_.lower() in DEAL_NOUNS for o in objects)


def agreed_action(verb: Token) -> bool:
    """ "agreed to exchange prisoners", "agreed to stop firing": a deal by its terms."""
    return verb.lemma_.lower() == "agree" and any(c.dep_ == "xcomp" for c in verb.children)


def in_name(number: Token) -> bool:
    """A number after the proper noun it belongs to names something ("Justice Mission 2025",
    "Resolution 2334"), and one in a date dates something; neither counts anything."""
    return (number.head.tag_ in ("NNP", "NNPS") and number.i > number.head.i) or (
        number.ent_type_ in ("DATE", "TIME")
    )


def quantity_in(tokens: Sequence[Token]) -> str:
    """A number and what it counts, within a phrase ("50,000 Russian troops")."""
    for token in tokens:
        if token.dep_ == "nummod" and not in_name(token):
            head = token.head
            return span_text(token.doc[min(t.i for t in token.subtree) : head.i + 1])
    return ""


def main_subject(token: Token) -> bool:
    """The subject of the sentence's main verb (or of a verb conjoined with it): who the
    sentence is about, whom a later "he" or "she" most often means."""
    if token.dep_ not in SUBJECTS:
        return False
    head = token.head
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    return head.dep_ == "ROOT"


def attack_told(verb: Token) -> bool:
    """ "carried out airstrikes", "conducted a large-scale raid": an attack told by its noun."""
    return verb.lemma_.lower() in ATTACK_VERBS and any(
        c.dep_ == "dobj" and c.lemma_.lower() in ATTACK_NOUNS for c in verb.children
    )


def is_trigger(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    return (
        lemma in MILITARY | PROPOSE | STANCE
        or attack_told(verb)
        or (lemma in PLAN_VERBS and plan_object(verb))
        or expressed(verb) is not None
        or rules_out(verb)
        or any(is_trigger(c) for c in verb.children if c.dep_ == "conj")
    )


def expressed(verb: Token) -> Token | None:
    """The attitude a verb of expressing states ("expressed concern that ...", "voiced
    disappointment at ..."): a stance, unlike "expressed" alone."""
    if verb.lemma_.lower() not in ("express", "voice", "reiterate", "convey"):
        return None
    head = verb.head
    own_subject = any(c.dep_ in SUBJECTS for c in verb.children)
    if verb.dep_ == "conj" and not own_subject and head.dep_ == "ccomp":
        # "X said Y may be delaying the talks and expressed disappointment ...": whether X or Y
        # expressed it, the parse cannot tell; the statement stays X's, as one.
        return None
    for child in verb.children:
        if child.dep_ == "dobj" and child.lemma_.lower() in ATTITUDE_NOUNS:
            return child
    return None


def rules_out(verb: Token) -> bool:
    """ "ruled out new sanctions": a refusal."""
    return verb.lemma_.lower() == "rule" and any(
        c.dep_ == "prt" and c.lower_ == "out" for c in verb.children
    )


_ATTITUDE_PREPS = frozenset(
    ["at", "over", "about", "toward", "towards", "for", "with", "in", "on", "of"]
)


def attitude_matter(noun: Token) -> list[Token]:
    """What an attitude is about: "disappointment | at the bombing", "concerns | (that) Putin
    may be delaying the talks"; the attitude itself when it names nothing more."""
    end = max(t.i for t in noun.subtree)
    # However the parse attached it: "expressed disappointment | at the shelling".
    after = [c for c in noun.head.children if c.dep_ == "prep" and c.i == end + 1]
    for child in [*noun.children, *after]:
        if child.dep_ == "prep" and child.lower_ in _ATTITUDE_PREPS:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return list(objects[0].subtree)
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp", "relcl") and child.pos_ in ("VERB", "AUX"):
            return [t for t in child.subtree if t.dep_ != "mark" or t.head.i != child.i]
    return list(noun.subtree)


def plan_object(verb: Token) -> bool:
    return any(c.dep_ == "dobj" and c.lemma_.lower() in PLAN_NOUNS for c in verb.children)


def subject_tokens(verb: Token) -> list[Token]:
    return [t for c in verb.children if c.dep_ in SUBJECTS for t in c.subtree]


def clause_tokens(verb: Token) -> list[Token]:
    """The verb and its complements, without its subject, a leading perfect or progressive
    auxiliary, a speech verb's own attribution, or trailing punctuation."""
    skip: set[int] = set()
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj") or (
            child.dep_ == "aux" and child.lemma_ in ("have", "be")
        ):
            skip.update(t.i for t in child.subtree)
        if child.dep_ in ("mark", "cc", "punct") and child.i < verb.i and not condition(child):
            skip.add(child.i)
        if child.dep_ == "conj" and (
            is_trigger(child) or own_subject(child, verb) or _told_anew(child)
        ):
            # A conjoined event is a reading of its own; so is a clause with its own subject
            # ("denied the claims, but the UN official revealed that ...") or one that says
            # its tense again ("has refused to disarm and has not yet returned the remains").
            skip.update(t.i for t in child.subtree)
            skip.update(t.i for t in verb.children if t.dep_ == "cc")
        # "..., said X" after the clause and "saying ..." tails belong to another reading.
        tail = child.dep_ in ("ccomp", "parataxis", "advcl") and child.i > verb.i
        if tail and child.lemma_.lower() in SPEECH:
            skip.update(t.i for t in child.subtree)
    for clause in verb.subtree:
        if (
            clause.dep_ == "advcl"
            and clause.i not in skip
            and own_subject(clause, verb)
            and any(m.dep_ == "mark" and m.lower_ in ("while", "whereas") for m in clause.children)
        ):
            # "accused Israel of ..., while Israel blamed Hamas for ...": the other side's
            # words, wherever the parser hangs them.
            skip.update(t.i for t in clause.subtree)
    tokens = [t for t in verb.subtree if t.i not in skip]
    subject_end = max(
        (t.i for c in verb.children if c.dep_ in ("nsubj", "csubj") for t in c.subtree),
        default=-1,
    )
    if subject_end >= 0:
        # What comes before the subject ("In a breakthrough, X agreed ...") is not the clause.
        tokens = [t for t in tokens if t.i > subject_end]
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ in ("cc", "mark")):
        tokens.pop()
    while tokens and (tokens[0].is_punct or tokens[0].dep_ in ("cc", "mark", "advmod")):
        first = tokens[0]
        leading_adverb = first.dep_ == "advmod" and first.head is verb and first.lower_ != "not"
        if condition(first):
            # "if necessary", "unless talks resume": the condition is part of what is said.
            break
        if leading_adverb or first.is_punct or first.dep_ in ("cc", "mark"):
            tokens.pop(0)
        else:
            break
    return tokens


def not_done(verb: Token) -> bool:
    """Whether a modal or "to" puts the verb in the future or the conditional; a verb joined to
    another without a subject of its own shares its auxiliary ("will establish hubs and build
    facilities")."""
    while True:
        if any(c.dep_ == "aux" and c.lower_ in NOT_DONE for c in verb.children):
            return True
        if verb.dep_ != "conj" or any(c.dep_ in SUBJECTS for c in verb.children):
            return False
        verb = verb.head


def _told_anew(conj: Token) -> bool:
    """Whether a conjoined verb has a perfect auxiliary of its own ("and has stepped up ..."):
    a second statement about its subject, not a part of the first."""
    return any(c.dep_ == "aux" and c.lemma_ == "have" for c in conj.children)


def own_subject(clause: Token, verb: Token) -> bool:
    """Whether a clause joined to ``verb`` has a subject of its own, another than the verb's."""
    mine = {t.lower_ for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    theirs = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(theirs) and {t.lower_ for t in theirs[0].subtree} != mine


def root_of(tokens: Sequence[Token]) -> Token:
    """The token of a span nearest its sentence's root (the head of a clause or a phrase)."""
    return min(tokens, key=lambda t: len(list(t.ancestors)))


def span_text(tokens: Iterable[Token]) -> str:
    """The sentence's own characters from the first to the last token: whole words, verbatim
    (tokens left out inside the span are kept, so the text is one piece of the sentence)."""
    tokens = sorted(tokens, key=lambda t: t.i)
    if not tokens:
        return ""
    doc = tokens[0].doc
    end = tokens[-1].idx + len(tokens[-1].text)
    text = doc.text[tokens[0].idx : end]
    if text.count("(") > text.count(")") and doc.text[end:].lstrip().startswith(")"):
        # "Wednesday (January 7": the bracket the span opened closes right after it.
        end = doc.text.index(")", end) + 1
        text = doc.text[tokens[0].idx : end]
    return _unquoted(text)


def _unquoted(text: str) -> str:
    """Quote marks at the ends go, but not one that closes a quotation opened inside the text
    (a “genuine chance for peace”)."""
    while True:
        before = text
        text = text.strip(" ,;:–—-'‘’")
        opens = sum(text.count(mark) for mark in OPENING_QUOTES)
        closes = sum(text.count(mark) for mark in CLOSING_QUOTES)
        first, last = text[:1], text[-1:]
        if first in OPENING_QUOTES and last in CLOSING_QUOTES and opens == closes == 1:
            text = text[1:-1]
        elif first in OPENING_QUOTES and opens > closes:
            text = text[1:]
        elif last in CLOSING_QUOTES and closes > opens:
            text = text[:-1]
        elif text[:1] == '"' and text[-1:] == '"' and text.count('"') == 2:
            text = text[1:-1]
        elif text.count('"') % 2 and (text[:1] == '"' or text[-1:] == '"'):
            text = text[1:] if text[:1] == '"' else text[:-1]
        if text == before:
            return text


#: Prepositions that continue an object's meaning ("concern over", "hesitation toward").
#: ("criticised Russia | for delaying": a reason, said in the stance itself.)
_ABOUT = frozenset(["toward", "towards", "over", "about", "against", "on", "of"])


def object_tokens(verb: Token) -> list[Token]:
    for child in verb.children:
        if child.dep_ == "dobj" and verb.lemma_.lower() in TOLD_TO:
            # "told Reuters that ...", "assured Kyiv that ...": whom it was said to.
            continue
        if child.dep_ in ("dobj", "attr", "xcomp") and not audience(child):
            tokens = list(child.subtree)
            after = [
                c for c in verb.children
                if c.dep_ == "prep" and c.i == tokens[-1].i + 1 and c.lower_ in _ABOUT
                and not any(audience(o) or o.ent_type_ in ("DATE", "TIME")
                            for o in c.children if o.dep_ == "pobj")
            ]  # fmt: skip
            # "expressed hesitation | toward new sanctions", however the parse attached it
            # ("announced the truce | on Geo News": where it was said).
            return tokens + list(after[0].subtree) if after else tokens
    # "said of the conflict", "warned about the plan": what a statement is about.
    for prep in ("to", "for", "on", "against", "with", "of", "about"):
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == prep:
                objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                dated = objects and objects[0].ent_type_ in ("DATE", "TIME")
                # "will never stop on its own": how, not what about.
                alone = objects and objects[0].lower_ == "own"
                if objects and not dated and not alone and not audience(objects[0]):
                    return list(objects[0].subtree)
    return []


#: Entity labels of amounts; a topic made of them alone ("at least 10 days") says how much, not
#: what about.
_AMOUNTS = frozenset(["CARDINAL", "QUANTITY", "DATE", "TIME", "PERCENT", "MONEY", "ORDINAL"])


def quote_closed(tokens: Sequence[Token]) -> list[Token]:
    """A span that opens a quotation and stops inside it ("a “genuine chance"), carried to the
    quotation's end when that comes within a few words, else cut before the quote mark; a span
    whose quotation ends but never opened in it keeps only what follows the close."""
    tokens = sorted(tokens, key=lambda t: t.i)
    if not tokens:
        return []
    doc = tokens[0].doc
    depth, opened = 0, None
    for token in tokens:
        if token.text in OPENING_QUOTES or (token.text == '"' and not closes(token)):
            depth, opened = depth + 1, token
        elif token.text in CLOSING_QUOTES or token.text == '"':
            if depth == 0:
                # The quotation opened before the span: what follows its close, when that
                # says something, is the span's own; a close at its end is only trimmed.
                after = [t for t in tokens if t.i > token.i]
                if sum(1 for t in after if t.is_alpha) >= 2:
                    return quote_closed(after)
                continue
            depth -= 1
    if depth == 0 or opened is None:
        return tokens
    end = tokens[-1].i
    sentence_end = tokens[-1].sent.end
    for i in range(end + 1, min(end + 9, sentence_end)):
        if doc[i].text in CLOSING_QUOTES or (doc[i].text == '"' and closes(doc[i])):
            return [*tokens, *doc[end + 1 : i + 1]]
    kept = [t for t in tokens if t.i < opened.i]
    return kept if sum(1 for t in kept if t.is_alpha) >= 2 else []


def closes(mark: Token) -> bool:
    """A straight quote mark closes when it is glued to the word before it (word" ...)."""
    return mark.i > 0 and not mark.doc[mark.i - 1].whitespace_


def amount_only(tokens: Sequence[Token]) -> bool:
    """ "at least 10 days", "two": words that count or date, nothing counted that names a
    matter."""
    words = [t for t in tokens if not t.is_punct and t.pos_ not in ("DET", "ADP", "ADV", "CCONJ")]
    return bool(words) and all(t.ent_type_ in _AMOUNTS or t.like_num for t in words)


def topic_of(tokens: Sequence[Token]) -> list[Token]:
    """A stance's topic as a reader wants it: a quotation it opens is closed, and an amount
    alone is no topic."""
    tokens = quote_closed(tokens)
    return [] if amount_only(tokens) else tokens


def directive_matter(verb: Token) -> list[Token]:
    """What one is urged or asked to do ("urged Hamas to accept the ceasefire proposal": the
    proposal; "urged Moscow to act before the June 2 deadline": acting before the deadline),
    not who is urged."""
    urged = [c for c in verb.children if c.dep_ == "dobj"]
    if not urged or not any(t.ent_type_ in PARTY_LABELS or t.pos_ == "PRON"
                            for t in urged[0].subtree):  # fmt: skip
        # "urged joint action to counter ...", "did not want the penalties to ...": what is
        # urged is the object itself.
        return []
    for child in verb.children:
        if child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX"):
            marked = any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
            if not marked:
                continue
            matter = object_tokens(child)
            if matter:
                return matter
            return [t for t in child.subtree if not (t.dep_ == "aux" and t.head.i == child.i)]
    return []


def statement_topic(verb: Token, said: Sequence[Token]) -> list[Token]:
    """What a reported statement is about when its verb has no object ("X said that Russia was
    unaware of any transfer of proposals"): the object of the statement's own clause, else the
    first matter it names ("... must be met before a truce can be reached"), else its subject
    when that is a thing, not a party or a pronoun ("Y said the deal was hard to reach")."""
    content = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
    if not content or content[0].pos_ not in ("VERB", "AUX"):
        return []
    head = content[0]
    if said and said[0].sent != head.sent:
        # A quotation of several sentences is about what its first sentence says ("Many
        # systems are expected by 2025. They will be available ...": the systems).
        head = said[0].sent.root
    inside = {t.i for t in said}
    judged = judged_thing(head, inside)
    if judged:
        return judged
    heads = [head, *(c for c in head.children if c.dep_ == "acomp")]
    for candidate in heads:
        tokens = [t for t in object_tokens(candidate) if t.i in inside]
        root = root_of(tokens) if tokens else None
        if root is not None and root.dep_ == "xcomp" and root.pos_ == "VERB":
            # "hopes to revive prisoner of war exchanges": what is to be revived (a pronoun
            # names nothing: "to implement it").
            inner = [t for t in object_tokens(root) if t.i in inside]
            if len(inner) != 1 or inner[0].pos_ != "PRON":
                tokens = inner
                root = root_of(tokens) if tokens else None
        # "taking place": an idiom, not a topic; "hard to reach", "going to find out whether
        # ...": a verb again, which names nothing the stance does not.
        if root is None or root.dep_ == "xcomp" or root.lemma_.lower() in LIGHT_OBJECTS:
            continue
        if amount_only(tokens):
            # "the talks would take two more weeks": about the talks, not the weeks.
            continue
        if len(tokens) < len(said) - 2:
            return tokens
    matter = matter_chunk(head.doc, inside)
    if matter:
        return matter
    subject = [c for c in head.children if c.dep_ in SUBJECTS]
    if subject and subject[0].pos_ == "NOUN" and not subject[0].ent_type_:
        tokens = list(subject[0].subtree)
        if not any(t.pos_ == "PRON" for t in tokens):
            return tokens
    return []


def judged_thing(head: Token, inside: set[int]) -> list[Token]:
    """The thing a statement judges, when its subject is one: "This plan eliminates the armed
    forces", "the strikes dealt a powerful blow", "the mediation group was not innocent": the
    plan, the strikes, the group; not a party ("Russia will never stop"), a pronoun or a person.
    """
    subject = next((c for c in head.children if c.dep_ in SUBJECTS and c.i in inside), None)
    # "maintaining peace in the Strait is an international consensus": a doing, named by its
    # gerund, is a thing judged too.
    doing = subject is not None and subject.dep_ == "csubj" and subject.tag_ == "VBG"
    if subject is None or (subject.pos_ != "NOUN" and not doing):
        return []
    if subject.ent_type_ in PARTY_LABELS:
        return []
    # (The parser may hang a later apposition on the subject: only what comes before the verb.)
    tokens = [t for t in subject.subtree if t.i < head.i]
    if (
        any(t.pos_ == "PRON" and t.dep_ != "poss" for t in tokens)
        or not {t.i for t in tokens} <= inside
    ):
        return []
    lemma = head.lemma_.lower()
    if lemma in TERMS_VERBS | _HOLDS:
        # "the operation involved the navy": what it holds is the news, not the operation.
        return []
    # "X is an act of war" judges X; "her government is prepared for talks" is about the talks.
    named = lemma == "be" and any(c.dep_ == "attr" for c in head.children)
    return tokens if named or subject.lemma_.lower() in MATTER_NOUNS | ATTACK_NOUNS else []


# Verbs that tell what a thing holds, not what it does (besides a deal's ``TERMS_VERBS``).
_HOLDS = frozenset(["involve", "comprise", "contain", "consist", "target"])


def matter_chunk(doc: Doc, inside: set[int]) -> list[Token]:
    """The first noun phrase inside ``inside`` that names a matter of a negotiation or a war,
    by its head ("the talks") or by what it is of ("the peace process", "the ceasefire line")."""
    for chunk in doc.noun_chunks:
        if chunk.root.i not in inside:
            continue
        if chunk.root.lemma_.lower() in MATTER_NOUNS or any(
            t.dep_ in ("compound", "amod") and t.lemma_.lower() in MATTER_NOUNS for t in chunk
        ):
            return list(chunk)
    return []


def referred_to(verb: Token) -> list[Token]:
    """What a speaker was "referring to" in a clause hung on the speech verb ("..., he said,
    referring to the recent flare-up")."""
    for child in verb.children:
        if child.dep_ == "advcl" and child.lemma_.lower() in ("refer", "point"):
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ == "to":
                    objects = [t for c in prep.children if c.dep_ == "pobj" for t in c.subtree]
                    if objects:
                        return objects
    return []


def named_thing(said: Sequence[Token], speaker: str) -> list[Token]:
    """The first party a statement names other than its speaker, as the noun phrase that holds
    it ("we're working on President Putin": President Putin; "equip the Ukrainian army": the
    Ukrainian army)."""
    if not said:
        return []
    inside = {t.i for t in said}
    doc = said[0].doc
    chunks = {t.i: chunk for chunk in doc.noun_chunks for t in chunk}
    for ent in doc.ents:
        if ent.start not in inside or ent.label_ not in PARTY_LABELS:
            continue
        if ent.text in speaker or speaker.split()[-1:] == ent.text.split()[-1:]:
            continue
        acting = ent.root.dep_ == "nsubj" or (
            ent.root.dep_ == "conj" and ent.root.head.dep_ == "nsubj"
        )
        if acting or ent.root.head.lower_ in PLACE_PREPS | {"to"}:
            # Who acts in what is said is its actor, not its matter ("Berlin will help Kiev
            # ..."), and a place is where ("fly back to Kyiv").
            continue
        of = ent.root.head
        if (
            of.lower_ == "of"
            and of.head.lower_ in PERSON_TITLES
            and ent.text.lower() in TITLE_WORDS
        ):
            # "Secretary of State Marco Rubio": a word of a title.
            continue
        chunk = chunks.get(ent.root.i)
        whole = chunk is not None and chunk.start <= ent.start and ent.end <= chunk.end
        tokens = list(chunk) if chunk is not None and whole else list(ent)
        if not any(t.pos_ == "PRON" for t in tokens):
            return tokens
    return []


def audience(token: Token) -> bool:
    """ "told reporters", "writing on X", "told Fox News": who hears a statement, not what it
    is about."""
    ent = ent_of(token)
    return (
        token.lower_ in AUDIENCE
        or token.lemma_.lower() in AUDIENCE
        or (ent is not None and is_outlet(ent.text))
    )


def condition(token: Token) -> bool:
    """A subordinating word that makes what follows a condition ("if", "unless")."""
    return token.dep_ == "mark" and token.lower_ in CONDITIONS


def ent_of(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def ent_text(token: Token) -> str:
    ent = ent_of(token)
    return ent.text if ent is not None else token.text


def first_ent(tokens: Sequence[Token], labels: tuple[str, ...]) -> str:
    """The longest entity of ``labels`` among ``tokens`` (the first of equals): "May 7, 2025"
    rather than its "2025"."""
    found: list[str] = []
    for token in tokens:
        ent = ent_of(token)
        if ent is None or ent.label_ not in labels:
            continue
        text = span_text(ent)
        if text not in found:
            found.append(text)
    if not found and "TIME" in labels:
        # "downed 296 drones overnight": the recogniser seldom tags a lone day word.
        found = [t.text for t in tokens if t.lower_ in _DAY_WORDS][:1]
    # A day or a month named ("Friday, June 27") says when; a duration or an age ("more than
    # two months", "2-year-old") says how long, and is no answer to when.
    return max((t for t in found if _NAMES_A_DAY.search(t)), key=len, default="")


def mended(ent: Span) -> Span:
    """A name the recogniser cut before its last word ("the Democratic Republic of the" +
    "Congo"), joined again with the entity that follows it."""
    from spacy.tokens import Span

    doc = ent.doc
    if ent.end < len(doc) and ent[-1].lower_ in FUNCTION_WORDS and doc[ent.end].ent_type_:
        following = ent_of(doc[ent.end])
        if following is not None and following.start == ent.end:
            return Span(doc, ent.start, following.end, label=ent.label_)
    if ent.label_ == "PERSON" and ent[-1].lower_ in _PARTICLES:
        # "Ursula von" + "der Leyen": a surname's particles and the surname after them.
        end = ent.end
        while end < len(doc) and doc[end].lower_ in _PARTICLES:
            end += 1
        if end < len(doc) and doc[end].text[:1].isupper():
            return Span(doc, ent.start, end + 1, label=ent.label_)
    return ent


#: The small words of a surname ("von der Leyen", "van der Bellen", "bin Salman").
_PARTICLES = frozenset(
    ["von", "van", "der", "den", "de", "del", "della", "da", "di", "du", "dos", "das", "le", "la",
     "bin", "ibn", "al", "el"]
)  # fmt: skip


def place_in(tokens: Sequence[Token]) -> str:
    """A place the clause puts the event in ("in Istanbul", "near Dalen")."""
    for token in tokens:
        ent = ent_of(token)
        if (
            ent is not None
            and ent.label_ in ("GPE", "LOC", "FAC")
            and ent.root.dep_ == "pobj"
            and (ent.root.head.lower_ in PLACE_PREPS or _area_of(ent.root.head))
        ):
            return ent.text
    for token in tokens:
        # "in Yemen's capital, Sanaa": the area named in apposition, whatever the recogniser
        # made of the name.
        area = token.head
        if (
            token.dep_ == "appos"
            and token.pos_ == "PROPN"
            and area.lemma_.lower() in AREA_NOUNS
            and area.dep_ == "pobj"
            and area.head.lower_ in PLACE_PREPS
        ):
            return span_text(t for t in token.subtree if t.dep_ != "punct")
    for token in tokens:
        # "in the area of Sanaa": the named area, whatever the recogniser made of the name.
        if (
            token.dep_ == "pobj"
            and token.pos_ == "PROPN"
            and token.ent_type_ not in ("DATE", "TIME", "NORP", "ORG")
            and _area_of(token.head)
        ):
            return span_text(t for t in token.subtree if t.dep_ not in ("punct", "det"))
    inside = {t.i for t in tokens}
    for token in tokens:
        # "in the Sumi province", "in the northeastern Sumy region": a named area the
        # recogniser did not tag, in the clause itself ("..., while advances in the Sumy region
        # continued" is another event's place).
        # ("in Eilat's tourist district": the area of a named place.)
        named = any(
            c.pos_ == "PROPN" and c.dep_ in ("compound", "amod", "poss") for c in token.children
        )
        aside = any(a.dep_ in ("advcl", "relcl") for a in token.ancestors if a.i in inside)
        if (
            not aside
            and token.dep_ == "pobj"
            and token.head.lower_ in PLACE_PREPS
            and token.lemma_.lower() in AREA_NOUNS
            and named
        ):
            return span_text(t for t in token.subtree if t.dep_ != "det")
    for token in tokens:
        # "at the European Hospital in Khan Younis", "a drone strike on the palace": a building
        # the recogniser took for an organisation (or did not name), and the town with it.
        preposition = token.head
        if (
            token.dep_ == "pobj"
            and token.lemma_.lower() in SITE_NOUNS
            and (
                preposition.lower_ in _AT_A_SITE
                or (preposition.lower_ == "on" and preposition.head.lemma_.lower() in ATTACK_NOUNS)
            )
        ):
            return span_text(t for t in token.subtree if not t.is_punct)
    for token in tokens:
        # "in Khan Younis": a town the recogniser took for a person.
        if (
            token.dep_ == "pobj"
            and token.head.lower_ in ("in", "near")
            and token.pos_ == "PROPN"
            and token.ent_type_ == "PERSON"
            and not any(c.dep_ == "case" for c in token.children)
        ):
            return span_text([*(c for c in token.children if c.dep_ == "compound"), token])
    return ""


#: Prepositions that put an event at a site ("at the hospital", "inside the compound").
_AT_A_SITE = frozenset(["at", "in", "inside", "near", "around", "outside"])


def _area_of(preposition: Token) -> bool:
    """ "in the western Ukrainian city of Ternopil": the "of" that names the area the clause is
    in."""
    area = preposition.head
    return (
        preposition.lower_ == "of"
        and area.lemma_.lower() in AREA_NOUNS
        and area.dep_ == "pobj"
        and area.head.lower_ in PLACE_PREPS
    )


def quantity_of(verb: Token) -> str:
    """A number and what it counts, from the verb's object or passive subject ("296 drones",
    "at least 12 people")."""
    for child in verb.children:
        if child.dep_ not in ("dobj", "nsubjpass", "attr", "nsubj"):
            continue
        for token in child.subtree:
            if (token.dep_ == "nummod" or (token.like_num and token.head is child)) and not (
                in_name(token)
            ):
                number = token
                start = min(t.i for t in number.subtree)
                end = child.i if child.i > number.i else number.i
                for also in child.conjuncts:
                    # "88 drones and five ballistic missiles": each counted thing.
                    counted = [t for t in also.subtree if t.like_num]
                    if also.i > end and counted:
                        end = also.i
                return span_text(verb.doc[start : end + 1])
    for child in verb.children:
        # "hit two buildings, killing at least 26 people" has its count in the object;
        # "exploded in Eilat, leaving at least 22 people wounded" in what it left.
        if child.dep_ == "advcl" and child.tag_ == "VBG" and child.lemma_.lower() in LEFT_HURT:
            for told in (child, *(c for c in child.children if c.dep_ == "ccomp")):
                toll = quantity_of(told)
                if toll:
                    return toll
    return ""


def points_back(said: Sequence[Token], topic: Sequence[Token], speaker: Sequence[Token]) -> bool:
    """Whether a stance leans on something said before its sentence: its clause's subject is
    "they"/"these" ("They will be available within weeks"), it names "those terms" or "this
    step", or its topic is a bare "the move" with nothing before it in the sentence but the
    speaker ("The Kremlin condemned the move")."""
    if said:
        head = root_of(said)
        if any(
            c.dep_ in SUBJECTS and c.lower_ in POINTING_SUBJECTS and c.pos_ in ("PRON", "DET")
            for c in head.children
        ):
            return True
    for token in [*said, *topic]:
        if token.dep_ != "det" or token.head.ent_type_ in ("DATE", "TIME"):
            continue
        if token.lower_ in POINTING and not _NAMES_A_DAY.search(token.head.text):
            return True
    bare = topic and all(c.dep_ == "det" for c in topic[0].head.children)
    if bare and topic[0].lower_ == "the" and topic[0].head.lemma_.lower() in BACK_NOUNS:
        # "the move" alone; "the missile plan of Norway" says which.
        own = {t.i for t in speaker}
        before = topic[0].doc[: topic[0].i]
        return not any(t.pos_ in ("NOUN", "PROPN") and t.i not in own for t in before)
    return False


def gist(doc: Doc) -> str:
    """What a sentence says, for a stance in the next sentence that points back to it: the
    clause a speech verb reports ("Merz announced that Germany and Ukraine will collaborate on
    missiles" -> "Germany and Ukraine will collaborate on missiles"), else the main clause with
    its subject; "" when that is too short to name anything."""
    roots = [t for t in doc if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")]
    if not roots:
        return ""
    head = roots[0]
    if head.lemma_.lower() in SPEECH:
        content = [c for c in head.children if c.dep_ in ("ccomp", "parataxis")]
        if content and content[0].pos_ in ("VERB", "AUX"):
            head = content[0]
    subject = subject_tokens(head)
    if subject and subject[0].pos_ == "PRON":
        # "It requires ...": that sentence leans on one further back; naming it says nothing.
        return ""
    text = span_text([*subject, *clause_tokens(head)])
    return text if len(text.split()) >= 4 else ""


def quote_opening(said: Sequence[Token]) -> int | None:
    """The index of the first token inside the quotation that ``said`` closes, when that
    quotation opened earlier in the sentence ("“Ukrainians are defending their lives. With great
    sacrifices, they are also defending Europe,” Merz said": the statement is both sentences)."""
    if not said:
        return None
    doc = said[0].doc
    opened: int | None = None
    for token in doc[: said[0].i]:
        if token.text in ("“", "«"):
            opened = token.i
        elif token.text in ("”", "»"):
            opened = None
        elif token.text == '"':
            opened = None if opened is not None else token.i
    if opened is None or opened + 1 >= said[0].i:
        return None
    return opened + 1


def condition_after(said: Sequence[Token]) -> list[Token]:
    """A condition right after what is said, however the parse attached it ("... would sit down
    with both “if it's necessary” to end the war")."""
    if not said:
        return []
    doc = said[0].doc
    i = max(t.i for t in said) + 1
    while i < len(doc) and doc[i].is_punct and doc[i].text not in (".", ";"):
        i += 1
    if i < len(doc) and condition(doc[i]):
        return list(doc[i].head.subtree)
    return []
