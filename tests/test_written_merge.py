"""Items the code wrote (no model), merged across articles: one fact one item, history left out.

Each article is read by the linguistic layer alone (``decide_article`` without a client keeps
the rules' reading), so these tests pin what the merger does with sentences, not the model."""

from __future__ import annotations

import asyncio

from summarizer.decide import decide_article
from summarizer.ingest import make_article
from summarizer.merge import MergeInput, MergeResult, merge
from summarizer.sentences import split_sentences


def _merged(*texts: str, published: str = "2025-05-28") -> MergeResult:
    inputs = []
    for n, text in enumerate(texts):
        article = make_article(text, id=f"a{n}", published=published)
        decided = asyncio.run(decide_article(article, split_sentences(article.text), None))
        inputs.append(MergeInput(article, decided.extraction))
    return merge(inputs)


def test_what_the_article_recalls_from_before_the_day_is_not_news() -> None:
    result = _merged(
        "Norway proposed a second round of talks with Chile in Vienna on June 2.\n"
        "On May 19, Norway proposed a prisoner exchange with Chile in Oslo.\n"
        "Last week, President Anna Kovac declared that Norway would never accept a truce.",
    )
    assert [p.where for p in result.proposals] == ["Vienna"]
    assert result.positions == []


def test_a_statement_quoted_on_by_pronoun_is_one_item_but_a_further_point_is_another() -> None:
    opening = (
        "Foreign Minister Anna Kovac insisted that Chile was unaware of any Norwegian proposal to"
        " end the fighting.\n"
    )
    going_on = _merged(opening + 'She said: "We do not know what Norway handed over or to whom."')
    [position] = going_on.positions
    assert len(position.evidence) == 2
    further = _merged(
        opening + 'She added: "Chile will not send its delegation until the shelling stops."'
    )
    assert len(further.positions) == 2
    said_after = _merged(
        opening + '"We do not know what Norway handed over to whom or when," she said.'
    )
    [position] = said_after.positions
    assert len(position.evidence) == 2


def test_one_deal_accepted_by_both_sides_is_one_item_whoever_an_outlet_names() -> None:
    result = _merged(
        "Norway and Chile agreed to a ceasefire with immediate effect, officials said.",
        "Chile agreed to a full and immediate ceasefire on Saturday after days of fighting.",
    )
    [deal] = result.proposals
    assert deal.status == "accepted" and len(deal.sources) == 2


def test_one_proposal_named_by_the_state_and_by_its_negotiator_is_one_item() -> None:
    result = _merged(
        "Norway has proposed a second round of direct talks with Chile in Vienna on June 2.",
        "Erik Lund, head of Norway's negotiating team, said he had contacted Chile's defence"
        " minister Tomas Berg to propose the June 2 meeting in Vienna, stating Norway was ready"
        " for a substantive discussion.",
    )
    [proposal] = result.proposals
    assert len(proposal.sources) == 2


def test_one_speaker_named_in_full_and_by_surname_is_no_disagreement() -> None:
    result = _merged(
        "President Anna Kovac confirmed that 50,000 Norwegian troops are now stationed near Dalen.",
        "Kovac said that more than 50,000 Norwegian troops are stationed near Dalen.",
    )
    [development] = result.military_developments
    assert len(development.sources) == 2
    assert [d.field for d in development.disagreements] == ["quantity"]


def test_the_merger_reads_the_sentences_the_extraction_split() -> None:
    article = make_article("Norway proposed talks with Chile in Vienna on June 2.", id="a")
    sentences = split_sentences(article.text)
    decided = asyncio.run(decide_article(article, sentences, None))
    assert MergeInput(article, decided.extraction, sentences).numbered() is sentences
    assert MergeInput(article, decided.extraction).numbered() == sentences


def test_a_deal_is_every_party_s_that_accepts_it_and_a_plan_s_author_is_not_its_addressee() -> None:
    result = _merged(
        "Chile agreed to a full and immediate ceasefire on Saturday after days of fighting.",
        "Chile agreed to an immediate ceasefire late on Saturday, its government said.",
        "Norway and Chile agreed to a ceasefire with immediate effect, officials said.",
    )
    [deal] = result.proposals
    assert deal.accepted_by == "Chile and Norway" and len(deal.sources) == 3
    # Who accepted a deal did not propose it: no report says who did.
    assert deal.proposer == ""
    [offer] = _merged("Chile agreed to Erik Lund's plan for a truce in Dalen.").proposals
    assert offer.addressee == ""
    assert (offer.accepted_by, offer.proposer) == ("Chile", "Erik Lund")


def test_a_third_partys_truce_is_proposed_by_it_and_accepted_by_the_side_that_accepts() -> None:
    [truce] = _merged(
        "The Freedonian army accepted a humanitarian truce proposed by the Nordic Council."
    ).proposals
    assert truce.accepted_by == "Freedonian"
    assert truce.proposer == "Nordic Council" and truce.status == "accepted"
    [brokered] = _merged("Chile said it had agreed to the Norway-brokered truce.").proposals
    assert (brokered.accepted_by, brokered.proposer) == ("Chile", "Norway")
    [mediated] = _merged(
        "On Tuesday Oman brokered a ceasefire between Chile and the Northern Front."
    ).proposals
    assert (mediated.accepted_by, mediated.proposer) == ("Chile and Northern Front", "Oman")


def test_a_stance_that_points_back_is_quoted_with_the_sentence_it_points_to() -> None:
    result = _merged(
        "Chancellor Anna Berg announced that Norway and Chile will build long-range missiles. "
        "The Freedonian government condemned the move, calling it a provocation."
    )
    [position] = [p for p in result.positions if p.stance.startswith("condemned")]
    assert position.topic == "Norway and Chile will build long-range missiles"
    [evidence] = position.evidence
    assert evidence.quote.startswith("Chancellor Anna Berg announced")
    assert evidence.quote.endswith("calling it a provocation.")


def test_one_party_restating_a_stance_in_the_same_verb_is_one_item() -> None:
    result = _merged(
        "Norway accused Chile of backing the attackers. Chile denied any involvement and called"
        " for a neutral inquiry. Officials in Oslo gave no details. Chile denied the charge."
    )
    denials = [p for p in result.positions if p.stance.startswith("denied")]
    assert len(denials) == 1 and len(denials[0].evidence) == 2
    # A headline in the present and the lead in the past below it: one accusation.
    told = _merged(
        "As fighting resumes, Chile accuses Norway of bad faith.\n\nChile accused Norway of"
        " overturning the truce on Tuesday."
    )
    assert len([p for p in told.positions if p.stance.startswith("accus")]) == 1


def test_a_deal_s_terms_are_items_of_their_own_accepted_by_its_parties() -> None:
    result = _merged(
        "Norway and Chile signed a peace agreement in Vienna on Friday. "
        "The agreement requires the withdrawal of Norwegian forces from Dalen within 90 days"
        " and a joint security mechanism within 30 days.",
        "Chile and Norway signed a peace deal in Vienna on Friday, officials said. "
        "The peace deal calls for the withdrawal of Norwegian forces from Dalen over 90 days and"
        " a joint security coordination mechanism.",
    )
    deal, terms = result.proposals
    assert len(deal.sources) == 2 and deal.status == "accepted"
    assert terms.status == "accepted"
    assert set(terms.accepted_by.split(" and ")) == {"Chile", "Norway"}
    assert terms.summary.startswith("the withdrawal of Norwegian forces")
    assert len(terms.sources) == 2


def test_a_plan_still_on_the_table_has_no_terms_and_it_is_the_deal_only_next_to_it() -> None:
    result = _merged(
        "Norway and Chile signed a peace agreement in Vienna on Friday. "
        "Officials in Oslo gave no further details. "
        "It requires the withdrawal of Norwegian forces from Dalen within 90 days. "
        "The plan of Estmar calls for elections in Dalen within a year."
    )
    assert [p.summary for p in result.proposals if "Dalen" in p.summary] == []


def test_two_sides_claims_about_drones_are_two_items() -> None:
    result = _merged(
        "Freedonia claimed it had downed 296 Norwegian drones across 13 regions overnight. "
        "Norway's military also said Freedonia launched 88 drones across the regions overnight."
    )
    claims = {d.claimed_by: d.quantity for d in result.military_developments}
    assert claims == {"Freedonia": "296 Norwegian drones", "Norway": "88 drones"}


def test_a_halt_to_hostilities_both_sides_agreed_is_their_ceasefire() -> None:
    result = _merged(
        "Norway and Chile agreed on May 10 to a full and immediate ceasefire.\n"
        "Norway's foreign ministry added that its military head contacted his counterpart in"
        " Chile, and both sides mutually agreed to halt all hostilities.",
        published="2025-05-10",
    )
    [deal] = result.proposals
    assert deal.status == "accepted" and len(deal.evidence) == 2


def test_a_statement_of_what_the_deal_covers_is_the_deal_again() -> None:
    """Every labeller of the India–Pakistan story read "Misri confirmed that the ceasefire,
    effective from 5:00 pm, covers ..." as the accepted ceasefire again."""
    deal = "Norway and Chile agreed to a ceasefire with immediate effect on Saturday.\n"
    covers = (
        "Foreign Secretary Anna Kovac confirmed that the ceasefire, effective from 5:00 pm, covers"
        " all military activity on land, sea and air.\n"
    )
    result = _merged(deal, covers)
    [item] = result.proposals
    assert item.status == "accepted" and len(item.sources) == 2
    assert result.positions == []
    # Without a deal of that name, the statement stays a stance of its own.
    alone = _merged(covers)
    assert len(alone.positions) == 1 and alone.proposals == []


def test_an_agreed_halt_to_firing_reported_by_a_minister_is_the_deal_again() -> None:
    """A deal read by its verb ("both countries had agreed to halt all firing") names no deal
    and is told by a minister, not by its parties: it is still the deal, with its evidence."""
    result = _merged(
        "Norway and Chile agreed on Saturday to a full and immediate ceasefire. Norway's foreign"
        " secretary Erik Lund said both countries had agreed to halt all firing and military"
        " action on land, air and sea from 5 p.m.",
        published="2025-05-10",
    )
    [deal] = result.proposals
    assert deal.accepted_by == "Chile and Norway" and len(deal.evidence) == 2
    assert not result.positions


def test_a_statement_that_the_deal_was_made_is_the_deal_again_but_a_stance_on_it_is_not() -> None:
    result = _merged(
        "Oman announced a ceasefire between the United States and the Northern Front on Tuesday.",
        "Oman said it had mediated a ceasefire between the two sides after talks in Muscat.",
        "The Northern Front welcomed the ceasefire and said it would abide by it.",
        published="2025-05-06",
    )
    [deal] = result.proposals
    assert deal.accepted_by == "Northern Front and United States"
    assert sorted(e.source_id for e in deal.evidence) == ["a0", "a1"]
    assert [p.holder for p in result.positions] == ["Northern Front"]


def test_one_speaker_quoted_in_the_same_words_by_two_outlets_is_one_item() -> None:
    result = _merged(
        'Norwegian Prime Minister Erik Lund hailed the accord as "a new chapter of hope".',
        "“Today, the violence comes to an end, and the entire region begins a new chapter of hope"
        " and opportunity,” Lund declared in Oslo.",
        'Chilean President Anna Kovac said the accord opened "a new chapter of hope" for Chile.',
        published="2025-06-27",
    )
    by_holder = {p.holder: sorted(e.source_id for e in p.evidence) for p in result.positions}
    # Another speaker using the same words is another remark.
    assert by_holder == {"Erik Lund": ["a0", "a1"], "Anna Kovac": ["a2"]}


def test_one_partys_stance_in_the_same_verb_on_the_same_thing_is_one_item_across_outlets() -> None:
    result = _merged(
        "Chile strongly condemns the sale, viewing it as interference in its internal affairs.",
        "Chile condemned the arms sale and warned of consequences for the region.",
        "Chile demanded that Norway immediately stop arming the rebels in the north.",
        published="2025-12-18",
    )
    by_stance = {
        p.stance.split()[0]: sorted(e.source_id for e in p.evidence) for p in result.positions
    }
    # The demand is another stance, in another verb.
    assert by_stance == {"strongly": ["a0", "a1"], "demanded": ["a2"]}, by_stance


def test_a_stance_told_in_any_verb_the_reader_knows_is_kept() -> None:
    result = _merged(
        "Meanwhile, foreign minister Erik Lund emphasized that Norway remains firm against"
        " terrorism.",
        published="2025-05-10",
    )
    assert [(p.holder, p.stance) for p in result.positions] == [
        ("Erik Lund", "Norway remains firm against terrorism")
    ]


def test_the_deal_named_again_by_its_noun_is_the_storys_deal_and_its_witness_no_side() -> None:
    result = _merged(
        "Norway and Chile signed a peace agreement in Vella on Friday.",
        "The agreement was signed by Secretary of State Anna Kovac, Lund, and Silva in the Vella"
        " Palace, in a Friday ceremony.",
        published="2025-06-27",
    )
    [deal] = result.proposals
    assert sorted(deal.sources) == ["a0", "a1"]
    assert deal.accepted_by == "Chile and Norway"


def test_who_leads_or_sponsors_a_deal_is_its_proposer() -> None:
    led = _merged(
        "Chile agreed to a humanitarian truce proposed by the Norway-led mediators on Thursday.",
        published="2025-11-06",
    )
    sponsored = _merged(
        "Chile signed a peace declaration sponsored by Norway on Friday.", published="2025-11-06"
    )
    assert [p.proposer for p in led.proposals + sponsored.proposals] == ["Norway", "Norway"]


def test_who_chaired_hosted_or_says_it_mediated_the_talks_is_the_proposer() -> None:
    chaired = _merged(
        "Chile and Norway agreed to a ceasefire at talks chaired by Malaysian Prime Minister Ada"
        " Vek on Monday.",
        published="2025-07-28",
    )
    who = _merged(
        "Chile and Norway agreed to a ceasefire on Monday, said Ada Vek, who chaired the talks.",
        published="2025-07-28",
    )
    said = _merged(
        "Estmar said it had mediated a ceasefire between Chile and the Northern Front.",
        published="2025-05-06",
    )
    found = [(p.status, p.proposer) for p in chaired.proposals + who.proposals + said.proposals]
    assert found == [
        ("accepted", "Malaysian Prime Minister Ada Vek"),
        ("accepted", "Ada Vek"),
        ("accepted", "Estmar"),
    ]


def test_an_event_of_the_war_is_no_report_of_the_deal_that_ends_it() -> None:
    result = _merged(
        "VELLA, Dalen - In a significant breakthrough, Chile and Norway agreed on May 10 to a full"
        " and immediate ceasefire, halting days of intense military conflict involving fighter"
        " jets, missiles, drones, and artillery strikes.",
        "Chile and Norway reached a ceasefire agreement on Saturday, May 10.\n"
        "- May 10, 2025: Chile and Norway carried out strikes using drones and missiles,"
        " escalating the conflict.",
        published="2025-05-10",
    )
    [deal] = result.proposals
    assert len(deal.evidence) == 2
    assert [(d.actor, d.sources) for d in result.military_developments] == [
        ("Chile and Norway", ["a1"])
    ]


def test_one_stance_whose_topic_grows_after_its_head_or_whose_verb_changes_tense_is_one_item() -> (
    None
):
    across = _merged(
        "Chile condemned Norway's drone strike on the oil terminal near Vella.",
        "Chile condemned the strike, calling it an attack on a civilian facility.",
        "Chile condemned the blockade of its ports in the north.",
        published="2025-11-29",
    )
    by_topic = {p.topic: sorted(e.source_id for e in p.evidence) for p in across.positions}
    # The blockade is another thing condemned.
    assert sorted(by_topic.values()) == [["a0", "a1"], ["a2"]], by_topic
    headline = _merged(
        "Kovac vows retaliation amid drone strikes\n"
        "Chile's president Anna Kovac vowed retaliation against those who attacked Vella.",
        published="2025-05-06",
    )
    assert len(headline.positions) == 1, [p.stance for p in headline.positions]
