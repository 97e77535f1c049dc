"""The linguistic layer on invented sentences: who speaks, who acts, what, when, where."""

from __future__ import annotations

from summarizer.clauses import Reading, read_sentences
from summarizer.sentences import split_sentences


def _read(text: str) -> list[Reading]:
    return read_sentences(split_sentences(text))


def _one(text: str, kind: str) -> Reading:
    found = [r for r in _read(text) if r.kind == kind]
    assert len(found) == 1, found
    return found[0]


def test_reported_proposal_belongs_to_the_proposer_and_is_claimed_by_the_speaker() -> None:
    r = _one(
        "Norway has proposed a second round of talks with Chile in Vienna on June 2,"
        " Norwegian Foreign Minister Anna Kovac said.",
        "proposal",
    )
    assert r.actor.name == "Norway"
    assert r.claimed_by is not None and r.claimed_by.name == "Anna Kovac"
    assert r.topic.startswith("a second round of talks")
    assert (r.when, r.where) == ("June 2", "Vienna")


def test_the_announcer_is_not_the_one_who_agrees() -> None:
    r = _one(
        "Foreign Secretary David Lammy announced that Norway and Chile agreed to stop firing.",
        "proposal",
    )
    assert r.actor.name == "Chile and Norway" and r.status == "accepted"
    assert r.claimed_by is not None and r.claimed_by.name == "David Lammy"


def test_passive_attack_names_the_agent_and_counts_what_was_hit() -> None:
    r = _one("At least 12 soldiers were killed by Freedonian artillery near Dalen.", "development")
    assert r.actor.name.startswith("Freedonia")
    assert r.quantity.endswith("12 soldiers")
    assert r.where == "Dalen"


def test_a_pronoun_is_the_last_person_who_spoke_not_the_last_person_named() -> None:
    text = (
        "President John Miller said Ivan Petrov was delaying the talks. "
        "He warned that new sanctions would follow within two weeks."
    )
    warn = [r for r in _read(text) if r.verb == "warn"]
    assert warn and warn[0].actor.name == "John Miller"


def test_a_term_or_threat_is_not_a_development() -> None:
    assert not [
        r
        for r in _read("The deal requires Freedonian troops to withdraw from Dalen within 90 days.")
        if r.kind == "development"
    ]


def test_an_item_text_is_whole_words_of_its_sentence() -> None:
    text = (
        "In a breakthrough on Monday, Norland and Sudavia agreed to a full and immediate ceasefire,"
        " halting days of fighting."
    )
    for r in _read(text):
        assert r.what in text
        start = text.index(r.what)
        end = start + len(r.what)
        assert start == 0 or not text[start - 1].isalnum()
        assert end == len(text) or not text[end].isalnum()


def test_a_dateline_and_an_outlet_are_not_actors() -> None:
    readings = _read("VELLA: Norland agreed to the truce, Reuters reported.")
    assert [r.actor.name for r in readings] == ["Norland"]


def test_people_are_parties_one_by_one_states_together() -> None:
    [signed] = _read("The deal was signed by Anna Kovac, Luis Soto and Ivan Petrov in Vienna.")
    assert signed.actor.name == "Anna Kovac"
    [agreed] = _read("Norway and Chile agreed to a full and immediate ceasefire on Monday.")
    assert agreed.actor.name == "Chile and Norway"
    assert (agreed.kind, agreed.status) == ("proposal", "accepted")


def test_the_past_perfect_is_background() -> None:
    assert not _read("Chile had rejected a similar offer from Norway in talks held in Vienna.")


def test_welcoming_guests_is_no_stance() -> None:
    assert not _read("President Luis Soto welcomed the foreign ministers of Norway and Chile.")


def test_a_ministry_named_by_what_it_is_speaks_for_its_state() -> None:
    r = _one(
        "Chile's Foreign Ministry said the attack was a provocation by the Norwegian navy.",
        "position",
    )
    assert r.actor.name == "Chile"


def test_whose_aide_someone_is_does_not_make_that_person_the_speaker() -> None:
    readings = _read(
        "Miller's top aide Ivan Petrov dismissed the remarks, saying the envoy was badly briefed."
    )
    assert all(r.actor.name != "Miller" for r in readings)


def test_the_audience_of_a_statement_is_not_its_topic() -> None:
    r = _one(
        "Foreign Minister Anna Kovac told reporters that Chile rejected the claims.", "position"
    )
    assert r.actor.name == "Chile" and r.topic == "the claims"
    r = _one(
        "Anna Kovac told reporters on Sunday that the talks would resume in Vienna.", "position"
    )
    assert "reporters" not in r.topic


def test_troops_reported_stationed_are_their_side_s_deployment_claimed_by_the_speaker() -> None:
    r = _one(
        "President Anna Kovac confirmed that 50,000 Norwegian troops are now stationed near Dalen.",
        "development",
    )
    assert r.actor.name.startswith("Norw") and r.where == "Dalen"
    assert r.claimed_by is not None and r.claimed_by.name == "Anna Kovac"


def test_a_speech_verb_conjoined_with_another_shares_its_speaker() -> None:
    r = _one(
        "President Anna Kovac has assured that her army is ready, and has said that Norwegian"
        " soldiers have retreated about four kilometers near Dalen.",
        "development",
    )
    assert r.claimed_by is not None and r.claimed_by.name == "Anna Kovac"


def test_the_state_a_speaker_acts_for_is_read_from_a_possessive_or_an_apposition() -> None:
    r = _one(
        "Chile's Defence Minister Tomas Berg said the truce would be monitored in Arica.",
        "position",
    )
    assert (r.actor.name, r.actor.affiliation) == ("Tomas Berg", "Chile")
    r = _one(
        "Erik Lund, head of Norway's negotiating team, said Oslo was ready for a substantive"
        " discussion on the ceasefire package.",
        "position",
    )
    assert (r.actor.name, r.actor.affiliation) == ("Erik Lund", "Norway")
    assert r.actor.role == "head of Norway's negotiating team"


def test_both_sides_of_a_deal_sign_it_whatever_the_recogniser_made_of_their_names() -> None:
    r = _one(
        "The foreign ministers of Chile and DR Freedonia signed the peace agreement in Vienna"
        " on Friday, June 27, after more than two months of talks.",
        "proposal",
    )
    assert r.actor.name == "Chile and DR Freedonia" and r.status == "accepted"
    assert r.when == "Friday, June 27"
    r = _one(
        "The foreign ministers for Rwanda and the Democratic Republic of the Congo signed a"
        " peace deal in Washington.",
        "proposal",
    )
    assert r.actor.name == "Democratic Republic of the Congo and Rwanda"


def test_a_title_alone_is_the_person_the_article_named_with_it() -> None:
    readings = _read(
        "Norwegian Prime Minister Erik Lund met Chilean President Anna Kovac in Vienna.\n"
        '"Chile is shelling Dalen every night," the Norwegian prime minister denounced.\n'
        "The Chilean president has said that Norwegian soldiers retreated four kilometers."
    )
    claims = {r.verb: r.claimed_by.name for r in readings if r.claimed_by is not None}
    assert claims == {"shell": "Erik Lund", "retreat": "Anna Kovac"}


def test_a_condition_stays_in_the_text_and_an_age_or_a_duration_is_not_when() -> None:
    r = _one(
        "President Anna Kovac said she would sit down with Erik Lund if it is necessary to end"
        " the war.",
        "position",
    )
    assert r.what.endswith("if it is necessary to end the war")
    r = _one(
        "Chile proposed a truce to Norway on Friday after a conflict of more than a decade.",
        "proposal",
    )
    assert r.when == "Friday"
    r = _one("Chile proposed a truce to Norway after a conflict of more than a decade.", "proposal")
    assert r.when == ""


def test_an_outlet_is_neither_a_speaker_nor_a_topic() -> None:
    assert not [r for r in _read("Press TV reported that Norwegian drones struck Dalen.")
                if r.claimed_by is not None and r.claimed_by.name == "Press TV"]  # fmt: skip
    r = _one("Anna Kovac told Fox News that Chile rejected the Norwegian offer.", "position")
    assert "Fox" not in r.topic


def test_a_stance_that_points_back_takes_its_topic_from_the_sentence_before() -> None:
    text = (
        "Chancellor Anna Berg announced that Norway and Chile will build long-range missiles. "
        "The Freedonian government condemned the move, calling it a provocation."
    )
    condemn = [r for r in _read(text) if r.verb == "condemn"]
    assert condemn and condemn[0].topic == "Norway and Chile will build long-range missiles"


def test_a_stance_with_its_own_antecedent_keeps_it() -> None:
    text = (
        "Chancellor Anna Berg announced that Norway and Chile will build long-range missiles. "
        "Freedonia condemned the missile plan of Norway."
    )
    condemn = [r for r in _read(text) if r.verb == "condemn"]
    assert condemn and condemn[0].topic == "the missile plan of Norway"


def test_an_antecedent_that_itself_points_further_back_is_not_used() -> None:
    text = (
        "It requires the withdrawal of all troops within 30 days. "
        "Freedonia condemned the move, calling it a provocation."
    )
    condemn = [r for r in _read(text) if r.verb == "condemn"]
    assert condemn and condemn[0].topic == "the move"


def test_a_quotation_of_several_sentences_is_said_whole() -> None:
    r = _one(
        '"Norwegians are defending their lives and their freedom. With great sacrifices, they'
        ' are also defending Europe," Chancellor Anna Berg said at a press conference.',
        "position",
    )
    assert r.what.startswith("Norwegians are defending their lives")
    assert r.what.endswith("they are also defending Europe")


def test_a_clause_opening_the_quote_stays_with_it() -> None:
    r = _one(
        "Mr Petrov said: “As we agreed, the Freedonian side promptly set out our position on"
        " all aspects of the crisis.",
        "position",
    )
    assert r.what.startswith("As we agreed, the Freedonian side")


def test_a_drafted_plan_is_a_proposal_of_its_drafter() -> None:
    r = _one(
        "Mr Petrov said: “As we agreed, the Freedonian side promptly developed a memorandum"
        " outlining our position on all aspects of the crisis.",
        "proposal",
    )
    assert r.actor.name == "Freedonian" and r.topic.startswith("a memorandum outlining")
    assert r.claimed_by is not None and r.claimed_by.name == "Petrov"
    assert _read("Norway developed its economy over the decade.") == []


def test_a_condition_after_the_quote_is_part_of_what_is_said() -> None:
    r = _one(
        "President John Miller also said that he would sit down with both Anna Berg and Ivan"
        " Petrov “if it’s necessary” to end the war.",
        "position",
    )
    assert "if it’s necessary" in r.what


def test_what_a_statement_is_said_of_is_its_topic() -> None:
    r = _one(
        "“I’m a little out of my league on that one because I didn’t know too much about it,”"
        " John Miller said of the conflict between Norway and Chile.",
        "position",
    )
    assert r.topic == "the conflict between Norway and Chile"


def test_a_saying_clause_is_about_what_its_speaker_expressed() -> None:
    r = _one(
        "The proposal came as President John Miller expressed hesitation toward imposing new"
        " sanctions on Freedonia, saying he did not want the penalties to interfere with a"
        " ceasefire.",
        "position",
    )
    assert r.topic == "hesitation toward imposing new sanctions on Freedonia"
    assert r.what.startswith("did not want the penalties")


def test_a_last_sentence_the_page_cut_off_gives_no_item() -> None:
    whole = "Norway proposed talks with Chile in Vienna on June 2. Chile rejected the proposal."
    assert {r.actor.name for r in _read(whole)} == {"Norway", "Chile"}
    cut = "Norway proposed talks with Chile in Vienna on June 2. Chile rejected the propos"
    assert {r.actor.name for r in _read(cut)} == {"Norway"}


def test_reported_speech_in_the_past_perfect_is_the_day_s_claim() -> None:
    r = _one("Freedonia claimed it had downed 296 Norwegian drones in 13 regions.", "development")
    assert r.actor.name == "Freedonia" and r.claimed_by is not None
    assert r.claimed_by.name == "Freedonia" and r.quantity == "296 Norwegian drones"
    deal = _one(
        "Foreign Minister Anna Kovac said Norway and Chile had agreed to open broader peace talks"
        " at a neutral venue.",
        "proposal",
    )
    assert deal.status == "accepted" and deal.actor.name == "Chile and Norway"


def test_the_past_perfect_of_the_narration_is_still_background() -> None:
    assert _read("Norway and its partners had proposed talks in Vienna or Geneva.") == []


def test_a_person_speaking_of_they_is_not_they() -> None:
    assert [
        r
        for r in _read("President Anna Kovac said they had attacked Dalen overnight.")
        if r.kind == "development"
    ] == []


def test_a_reported_statement_is_about_what_its_own_clause_names() -> None:
    def topic(text: str) -> str:
        return _one(text, "position").topic

    # The object of the statement's clause, through an adjective ("unaware of").
    assert (
        topic(
            "Foreign Minister Anna Kovac insisted that Norway was unaware of any transfer of"
            " proposals by Chile."
        )
        == "any transfer of proposals by Chile"
    )
    # No object: the matter it names ("a truce"), not the idiom "taking place".
    assert topic("Norway has insisted that certain conditions must be met before a truce.") == (
        "a truce"
    )
    assert (
        topic(
            "President Anna Kovac warned that these moves are taking place as Chile prepares a"
            " summer offensive."
        )
        == "a summer offensive"
    )
    # A thing as the subject, not a verb again ("hard to reach").
    assert topic("President Anna Kovac said the deal was hard to reach for both sides.") == (
        "the deal"
    )


def test_a_reported_event_takes_the_day_of_its_report() -> None:
    r = _one(
        "This Wednesday the Chilean army reported that it has captured at least four towns in"
        " the Dalen province.",
        "development",
    )
    assert (r.when, r.where, r.quantity) == (
        "This Wednesday",
        "Dalen province",
        "at least four towns",
    )
    overnight = _one(
        "Chile said Norway launched 88 drones and five missiles overnight.", "development"
    )
    assert (overnight.when, overnight.quantity) == ("overnight", "88 drones and five missiles")


def test_a_named_area_in_another_clause_is_not_the_event_s_place() -> None:
    r = _one(
        "Chile said Norway launched 88 drones, while advances in the northern Dalen region"
        " continued.",
        "development",
    )
    assert r.where == ""


def test_a_quotation_of_several_sentences_is_about_its_first() -> None:
    r = _one(
        '"A considerable number of long-range systems are expected to be produced by 2026. They'
        ' will be quickly available to the Chilean forces," the Norwegian Defence Ministry said'
        " in a statement.",
        "position",
    )
    assert r.topic == "A considerable number of long-range systems"


def test_talks_proposed_with_a_party_are_proposed_to_it() -> None:
    r = _one("Norway has proposed a second round of direct talks with Chile in Vienna.", "proposal")
    assert r.addressee == "Chile"
    deal = _one("Norway agreed to a plan for talks with Chile.", "proposal")
    assert deal.addressee == ""


def test_one_urged_to_accept_has_not_accepted() -> None:
    readings = _read("Envoy Anna Kovac urged Chile to accept the ceasefire proposal.")
    assert [(r.kind, r.actor.name) for r in readings] == [("position", "Anna Kovac")]
    prompted = _one(
        "The blasts prompted Chile's President Luis Ortiz to question the truce.", "position"
    )
    assert prompted.actor.name == "Luis Ortiz" and prompted.topic == "the truce"


def test_saying_shares_the_subject_of_the_verb_it_hangs_on() -> None:
    r = _one(
        "Foreign Minister Anna Kovac announced the truce on Geo News, saying that Peru and"
        " Brazil played an important role in the talks.",
        "position",
    )
    assert r.actor.name == "Anna Kovac"
    assert r.what.startswith("Peru and Brazil played an important role")
    assert r.topic == "the truce"


def test_a_short_statement_of_a_named_side_is_a_stance() -> None:
    r = _one(
        "Minister Anna Kovac emphasized that Norway remains firm against terrorism.", "position"
    )
    assert r.actor.name == "Anna Kovac" and r.what == "Norway remains firm against terrorism"
    assert [
        r for r in _read("Anna Kovac said: I can't tell you that.") if r.kind == "position"
    ] == []


def test_a_person_named_as_an_owner_is_not_the_speaker() -> None:
    r = _one(
        "Kovac's top aide Luis Ortiz reacted sharply to the comments, saying the president"
        " appeared not well briefed on the war.",
        "position",
    )
    assert r.actor.name == "Luis Ortiz"


def test_a_short_statement_beside_a_fuller_stance_is_left_out() -> None:
    readings = _read(
        "Minister Anna Kovac confirmed that Norway is ready to engage, but criticised Chile for"
        " delaying its memorandum."
    )
    assert [r.verb for r in readings] == ["criticise"]


def test_who_is_urged_is_not_what_the_stance_is_about() -> None:
    r = _one("Envoy Luis Ortiz urged Chile to accept the ceasefire proposal on Friday.", "position")
    assert r.actor.name == "Luis Ortiz" and r.topic == "the ceasefire proposal"
    r = _one("Anna Kovac urged Chile to act before the June 2 deadline.", "position")
    assert r.topic == "act before the June 2 deadline"
    # What is urged is the object itself when no one is named as urged.
    r = _one("Anna Kovac urged joint action to counter the blockade of Norway.", "position")
    assert r.topic == "joint action"


def test_a_topic_never_opens_a_quotation_it_does_not_close() -> None:
    r = _one(
        "Anna Kovac said Norway saw a “genuine chance for lasting peace in the region after"
        " years of war” in the talks.",
        "position",
    )
    assert r.topic == "a “genuine chance for lasting peace in the region after years of war”"
    assert r.topic.count("“") == r.topic.count("”")


def test_an_amount_alone_is_no_topic() -> None:
    r = _one("Anna Kovac said the talks would take two more weeks.", "position")
    assert r.topic == "the talks"


def test_a_leader_owning_his_state_is_not_its_actor() -> None:
    r = _one("Putin's Russia launched the heaviest drone attacks on Poland since May.",
             "development")  # fmt: skip
    assert r.actor.name == "Russia"


def test_a_surname_the_recogniser_missed_is_the_person_named_in_full_before() -> None:
    readings = read_sentences(split_sentences(
        "US President Donald Trump spoke on Tuesday. Trump on Wednesday said that Putin may be"
        " intentionally delaying negotiations on the ceasefire."
    ))  # fmt: skip
    [r] = readings
    assert r.kind == "position" and r.actor.name == "Donald Trump"
    assert r.topic == "negotiations on the ceasefire"


def test_an_expressed_attitude_and_a_ruling_out_are_stances() -> None:
    r = _one("Anna Kovac expressed disappointment at the shelling of Tromso.", "position")
    assert r.actor.name == "Anna Kovac" and r.topic == "the shelling of Tromso"
    r = _one("Despite his anger, Anna Kovac ruled out new sanctions on Chile.", "position")
    assert r.verb == "rule" and r.topic == "new sanctions on Chile"
    assert _read("Anna Kovac expressed the view of many.") == []


def test_an_attitude_joined_to_a_reported_clause_stays_the_speakers_statement() -> None:
    [r] = _read(
        "Anna Kovac said that Luis Ortiz may be delaying the talks and expressed disappointment"
        " at the shelling."
    )
    assert r.verb == "say" and r.actor.name == "Anna Kovac"


def test_a_quotation_said_by_someone_named_after_it_is_read() -> None:
    for text in (
        '"This is an important moment after years of war for the region," said Anna Kovac.',
        '"This is an important moment after years of war for the region," Anna Kovac said.',
    ):
        r = _one(text, "position")
        assert r.actor.name == "Anna Kovac"
        assert r.what == "This is an important moment after years of war for the region"


def test_a_quotations_this_is_not_the_sentence_before_it() -> None:
    [r] = _read(
        "Minister Luis Ortiz praised the deal. “My children will look at this moment as the"
        " beginning of peace,” said Anna Kovac."
    )[1:]
    assert r.actor.name == "Anna Kovac" and "Ortiz" not in r.topic


def test_an_event_told_in_the_passive_without_its_actor_is_no_stance() -> None:
    assert _read("Anna Kovac said at least 42 people were taken to hospitals in the city.") == []
    # A state or a condition in the passive is still said.
    r = _one("Anna Kovac said her government is prepared for future talks in any format.",
             "position")  # fmt: skip
    assert r.topic == "future talks in any format"


def test_both_sides_are_the_two_the_article_named_together() -> None:
    readings = _read(
        "Norway and Chile agreed on May 10 to a full ceasefire. Minister Anna Kovac stated that"
        " both countries had agreed to halt all firing from 5 p.m."
    )
    assert [r.actor.name for r in readings] == ["Chile and Norway", "Chile and Norway"]
    assert readings[1].claimed_by is not None and readings[1].claimed_by.name == "Anna Kovac"


def test_a_deal_not_accepted_or_refused_is_no_accepted_deal() -> None:
    for text in (
        "Chile did not accept the ceasefire proposal.",
        "Chile has not agreed to the ceasefire.",
        "Chile refused to accept the new proposal of Norway.",
        "Chile denied agreeing to a ceasefire with Norway.",
        "Chile denied that it had agreed to a ceasefire with Norway.",
    ):
        readings = _read(text)
        assert readings and all(r.kind == "position" for r in readings), text
        assert all(r.status != "accepted" for r in readings), text
    assert _read("Norway did not attack Chile on Monday.") == []


def test_a_stance_on_doing_something_is_about_what_is_done() -> None:
    r = _one("Chile denied orchestrating the attack on the Norwegian convoy.", "position")
    assert r.topic == "the attack on the Norwegian convoy"


def test_what_is_said_ends_with_its_quotation_not_a_second_attribution() -> None:
    r = _one(
        "Speaking on Monday, Anna Kovac said :“We are going to find out whether or not they are"
        " stalling, and if they are, we will respond differently,” Kovac said.",
        "position",
    )
    assert r.what.endswith("we will respond differently")


def test_a_stance_names_its_matter_when_the_grammar_gives_no_object() -> None:
    """A position whose clause has no object is about what it names: a matter of the story
    anywhere in it, what the speaker referred to, the person a quotation's "he" stands for, a
    party it names other than the speaker (tuning: "topic empty" was the labellers' most common
    reason for a partial item)."""
    process = _read(
        "\"We acknowledge and recognize there's still more work to be done, but we thank you all"
        ' very much for being a part of this historic and important day," Rubio said, adding'
        " that the US government's facilitation of the peace process was driven by policy."
    )
    assert process[0].kind == "position" and process[0].topic == "the peace process"
    flare = _one(
        '"If it had happened 2-3 days ago, the lives we lost would not have been lost," Omar'
        " Abdullah said, referring to the recent flare-up.",
        "position",
    )
    assert flare.topic == "the recent flare-up"
    readings = _read(
        "Donald Trump said Vladimir Putin may be delaying the talks. \"We're going to find out"
        " whether or not he's tapping us along or not, and if he is, we'll respond,\" Trump said."
    )
    assert [r.topic for r in readings if r.kind == "position"][-1] == "Vladimir Putin"
    named = _one(
        "“At this point … we’re working on President Putin and we’ll see where we are … I don’t"
        " like what’s happening,” Donald Trump said.",
        "position",
    )
    assert named.topic == "President Putin"


def test_a_stance_is_not_about_who_acts_in_it_or_a_place() -> None:
    acting = _one(
        "German Chancellor Friedrich Merz said Germany and Ukraine aim to jointly develop the"
        " industrial production of long-range missiles.",
        "position",
    )
    assert acting.topic not in ("Germany", "Ukraine")
    anyone = _read(
        'Israeli Defence Minister Israel Katz visited the airport. "He who harms us is harmed'
        ' sevenfold," Katz said on Sunday.'
    )
    assert all(r.topic != "Israel Katz" for r in anyone)


def test_an_outlets_correspondent_is_no_party() -> None:
    readings = _read(
        "Meanwhile, Al Mayadeen's correspondent, citing field sources, reported that Israeli"
        " aircraft struck the port of Hodeidah. A CNN reporter said the Israeli army had"
        " withdrawn from the town."
    )
    names = {r.actor.name for r in readings} | {
        r.claimed_by.name for r in readings if r.claimed_by is not None
    }
    assert readings and not names & {"Al Mayadeen", "CNN"}


def test_reaching_or_striking_a_deal_is_accepting_it_and_a_dateline_is_no_actor() -> None:
    reached = _one(
        "New Delhi: India and Pakistan reached a ceasefire agreement, effective from 17:00 IST on"
        " Saturday.",
        "proposal",
    )
    assert (reached.actor.name, reached.status) == ("India and Pakistan", "accepted")
    struck = _one("Israel and Hamas struck a deal on the first phase on Wednesday.", "proposal")
    assert struck.status == "accepted"
    strike = _one("Russian forces struck a power plant in Kharkiv.", "development")
    assert strike.status == "unknown"


def test_what_an_article_recalls_of_an_event_weeks_before_the_day_is_background() -> None:
    text = (
        "The truce was announced on Saturday, May 10, after weeks of clashes triggered by a deadly"
        " attack on tourists in Dalen, on April 22. Norway blamed the attack on the Northern"
        " Front, a Chile-based group. Chile denied any involvement and called for an inquiry.\n"
        "Chile's foreign minister Anna Kovac denied that her country had violated the truce."
    )
    recalled = read_sentences(split_sentences(text), published="2025-05-10")
    assert [r.actor.name for r in recalled if r.kind == "position"] == ["Anna Kovac"]
    # The same attack on the day is the news ("the strike ... since July" is no date of it).
    today = read_sentences(split_sentences(text), published="2025-04-23")
    assert {"Norway", "Chile"} <= {r.actor.name for r in today}
    text = (
        "Israeli jets struck the port of Tyre, the first strike on Lebanon since July. The strike"
        " killed five people, the health ministry said."
    )
    since = read_sentences(split_sentences(text), published="2025-11-23")
    assert since and since == read_sentences(split_sentences(text))


def test_what_a_sentence_tells_as_done_months_before_the_day_is_background() -> None:
    def read(text: str) -> list[Reading]:
        return read_sentences(split_sentences(text), published="2025-12-29")

    assert read("Norland said it had identified the commander's body in June in a tunnel.") == []
    assert read("The Norland army said in May that it had killed the group's leader.") == []
    # Told on the day, of something done on the day: news.
    assert read("Norland said on Monday it had confirmed the death of the group's leader.")


def test_what_a_side_has_done_over_the_war_or_weeks_before_is_background() -> None:
    def actors(text: str) -> list[str]:
        return [r.actor.name for r in read_sentences(split_sentences(text), published="2025-09-24")]

    assert (
        actors("The Norlanders have repeatedly targeted Port Ilm with drones since the war began.")
        == []
    )
    assert (
        actors("Norland has been launching attacks on shipping since the outbreak of the war.")
        == []
    )
    assert (
        actors(
            "The strike comes only a week after a Norlandic drone struck the airport in Port Ilm."
        )
        == []
    )
    # Since a day, or since a deal dated in the days reported, is news; so is an event told
    # "weeks after" an earlier one in its own main clause.
    assert actors("Norland has fired 90 drones at Sudavia since Friday night.") == ["Norland"]
    assert actors("Norland has shelled Port Ilm twice since the truce took effect on Monday.") == [
        "Norland"
    ]
    assert actors("Norland fired 40 drones at Port Ilm two weeks after the talks.") == ["Norland"]


def test_a_toll_told_by_a_witness_is_no_stance_and_last_month_is_background() -> None:
    # The count of the hurt is the event's, not a stance of who gives it.
    assert [
        r.kind
        for r in _read(
            "Norland's ambulance service NAS said the injured included two in serious condition."
        )
    ] == []
    assert [r.kind for r in _read("NAS said that 12 people were wounded in Port Ilm.")] == []

    # A sentence told in the past that opens on a month before the day is background; one that
    # names the month later, or a month to come, is not.
    def actors(text: str) -> list[str]:
        return [r.actor.name for r in read_sentences(split_sentences(text), published="2025-11-24")]

    assert actors("Earlier in November, Norland agreed to a truce proposed by Estmar.") == []
    assert actors("This month, Norland's president Ada Vek said she plans to visit Sudavia.") == []
    assert actors("Last month, Norland proposed talks with Sudavia.") == []
    assert actors("Norland proposed talks with Sudavia later this month.") == ["Norland"]
    assert actors(
        "Norland shelled Port Ilm on Sunday, a truce agreed last month notwithstanding."
    ) == ["Norland"]


def test_a_statement_that_judges_a_thing_is_about_that_thing() -> None:
    judged = _one(
        "Norland's defence minister Ada Vek said the strikes dealt a heavy blow to the militia.",
        "position",
    )
    assert judged.topic == "the strikes"
    copula = _one(
        "Sudavian foreign minister Ilo Tam said Norland's suspension of the water treaty was an"
        " act of war.",
        "position",
    )
    assert copula.topic == "Norland's suspension of the water treaty"


def test_a_numbered_channel_is_an_outlet_not_a_holder() -> None:
    assert (
        _read(
            "Channel 12 reported that the Norlandic army believes the whole Sudavian cabinet may"
            " have been killed."
        )
        == []
    )


def test_praise_in_a_word_is_a_stance_and_its_quotation_closes() -> None:
    hailed = _one(
        'US president Donald Trump hailed the accord as "a new chapter of hope".', "position"
    )
    assert hailed.what == 'hailed the accord as "a new chapter of hope"'
    # A quotation that closes inside the span is not cut to what follows it.
    said = _read(
        'Misri said both sides agreed "to stop all firing and military action on land, air, and'
        " sea,\" following a call from Pakistan's DGMO."
    )
    assert all(not r.what.startswith("following") for r in said)


def test_a_deal_announced_between_two_sides_is_theirs_and_the_announcer_says_so() -> None:
    announced = _one(
        "Oman announced a ceasefire between the United States and the Northern Front on Tuesday.",
        "proposal",
    )
    assert announced.actor.name == "Northern Front and United States"
    assert announced.status == "accepted"
    assert announced.claimed_by is not None and announced.claimed_by.name == "Oman"
    passive = _one("A truce between Norway and Chile was announced by envoy Erik Lund.", "proposal")
    assert (passive.actor.name, passive.status) == ("Chile and Norway", "accepted")
    declared = _one("Norway declared a unilateral ceasefire in Dalen.", "proposal")
    assert (declared.actor.name, declared.status) == ("Norway", "accepted")
    # Who makes a deal known without naming its sides is no side of it; a deal still to be
    # announced is none yet; an industry is no party whatever its nationality.
    assert not [r for r in _read("Oman announced a ceasefire on Tuesday.") if r.kind == "proposal"]
    assert not [r for r in _read("Oman will announce a truce between Norway and Chile.")
                if r.status == "accepted"]  # fmt: skip
    industry = _read("Berlin announced an agreement between Chile and the German arms industry.")
    assert not [r for r in industry if r.status == "accepted"]


def test_a_deal_described_as_signed_by_its_parties_is_accepted_by_them() -> None:
    signed = _one(
        "The agreement, signed earlier in the day at the State Department by Norwegian Foreign"
        " Minister Erik Lund and Chilean Foreign Minister Anna Kovac, was facilitated by the UN.",
        "proposal",
    )
    assert (signed.actor.name, signed.status, signed.topic) == (
        "Erik Lund",
        "accepted",
        "The agreement",
    )
    assert signed.what.endswith("Anna Kovac")
    agreed = _one("The truce, agreed by Norway and Chile on Wednesday, took effect.", "proposal")
    assert (agreed.actor.name, agreed.when) == ("Chile and Norway", "Wednesday")
    # A plan described as drafted by someone is no deal anyone accepted; a deal inside what
    # someone welcomed is the topic of their stance; where it was signed is no signatory.
    assert not _read("The plan, drafted by Norway, was sent to Chile.")
    welcomed = _read("Berlin welcomed the truce signed by Norway and Chile in Oslo on Friday.")
    assert [r.kind for r in welcomed] == ["position"]
    oslo = _one("The truce, signed by the Norwegian envoy in Oslo, took effect.", "proposal")
    assert oslo.actor.name == "Norwegian"


def test_when_and_where_of_a_clause_are_not_those_of_the_event_joined_to_it() -> None:
    readings = _read("Norway accepted the truce and Chile launched drones at Dalen on Sunday.")
    assert [(r.kind, r.when) for r in readings] == [("proposal", ""), ("development", "Sunday")]


def test_an_agency_dateline_with_its_date_is_no_actor() -> None:
    r = _one(
        "Vella, July 28 (Nordpress) -- Norway and Chile have agreed to an immediate ceasefire.",
        "proposal",
    )
    assert (r.actor.name, r.status) == ("Chile and Norway", "accepted")
    named = _one("The Republic of Dalen (ROD) and Chile signed a peace agreement.", "proposal")
    assert named.actor.name == "Chile and Republic of Dalen"


def test_a_verb_joined_to_a_future_one_is_no_development_either() -> None:
    # "will establish ... and build ...": the second verb shares the first one's "will".
    assert not _read("Norway and Chile will deploy troops in Dalen and launch strikes on the port.")
    # With a subject of its own, the joined verb is a clause of its own, in its own tense.
    done = _read("Norway will send envoys, and Chile shelled the port of Dalen.")
    assert [(r.kind, r.actor.name) for r in done] == [("development", "Chile")]


def test_a_number_in_a_name_counts_nothing() -> None:
    drills = _one("Chile launched drills code-named Iron Shield 2025 near Dalen.", "development")
    assert drills.quantity == ""
    counted = _one("Chile launched 40 drones at Dalen on Sunday.", "development")
    assert counted.quantity == "40 drones"


def test_a_name_ends_before_a_bracket_that_opens_it_in_another_script() -> None:
    r = _one(
        "Dalen President Lai Ching （賴清德） yesterday urged unity as drills went on.", "position"
    )
    assert r.actor.name == "Lai Ching"


def test_signing_a_declaration_accepts_it() -> None:
    r = _one("Norway and Chile signed a declaration of intent on a joint force.", "proposal")
    assert (r.actor.name, r.status) == ("Chile and Norway", "accepted")


def test_a_surname_alone_is_the_person_named_in_full_before() -> None:
    readings = _read(
        "Dalen Mayor Arvid Kolstadi said the strike was a clear signal to our partners that the"
        " war knows no borders. Kolstadi said the city would rebuild every house that was"
        " destroyed."
    )
    assert [(r.actor.name, r.actor.role) for r in readings] == [
        ("Arvid Kolstadi", "Dalen Mayor"),
        ("Arvid Kolstadi", "Dalen Mayor"),
    ]
    # Two people of that surname named before: which one is meant, the surname does not say.
    two = _read(
        "Arvid Kolstadi and Siri Kolstadi met in Dalen. Kolstadi said the city would rebuild"
        " every house that was destroyed."
    )
    assert two[-1].actor.name == "Kolstadi"


def test_an_office_set_beside_a_name_is_the_role_of_that_person() -> None:
    r = _one(
        "Dalen Mayor, Arvid Kolstadi, said the strike was a clear signal to our partners that the"
        " war knows no borders.",
        "position",
    )
    assert (r.actor.name, r.actor.role) == ("Arvid Kolstadi", "Dalen Mayor")


def test_a_date_in_brackets_keeps_its_closing_bracket() -> None:
    r = _one(
        "On Wednesday (January 7), Chile seized a Dalen-flagged oil tanker at sea.", "development"
    )
    assert r.when == "Wednesday (January 7)"


def test_an_attack_told_by_its_noun_is_a_development() -> None:
    r = _one(
        "Early on Saturday, Chile carried out airstrikes against targets in Dalen.", "development"
    )
    assert (r.actor.name, r.verb) == ("Chile", "carry")
    assert not _read("Chile conducted a census of the northern provinces last year.")


def test_a_dateline_of_a_city_its_country_and_an_agency_is_no_actor() -> None:
    r = _one(
        'VELLA, Dalen (AP) — Chile carried out a "large-scale strike" early Saturday morning.',
        "development",
    )
    assert r.actor.name == "Chile"


def test_an_attack_told_after_with_is_read_with_its_subject() -> None:
    r = _one(
        "The strikes went on, with Chile intercepting a Dalen missile over Vella on Sunday.",
        "development",
    )
    assert (r.actor.name, r.verb, r.when) == ("Chile", "intercept", "Sunday")


def test_whom_something_was_told_to_is_not_what_it_is_about() -> None:
    r = _one(
        "Two Chilean officials told Nordpress that the agreement involved both the coast guard and"
        " the Chilean navy.",
        "position",
    )
    assert r.topic == "both the coast guard and the Chilean navy"


def test_a_thing_done_to_after_with_is_no_attack_of_its_own() -> None:
    assert not _read(
        "This seizure is part of the pressure campaign against Dalen, with another Dalen-linked"
        " tanker also intercepted in Latin American waters."
    )


def test_a_word_glued_to_a_title_by_a_hyphen_is_no_title() -> None:
    r = _one(
        "His son-in-law Arvid Kolstadi said the force would deter any further attacks.", "position"
    )
    assert (r.actor.name, r.actor.role) == ("Arvid Kolstadi", "")


def test_a_title_with_of_and_one_ending_on_a_place_stay_titles() -> None:
    r = _one(
        "The deal was welcomed by Secretary of State Arvid Kolstadi, who said it was a good day.",
        "position",
    )
    assert (r.actor.name, r.actor.role) == ("Arvid Kolstadi", "Secretary of State")
    adviser = _one(
        "Speaking in Vella, Norway's Senior Advisor for Africa Erik Lund said the monitors would"
        " arrive within weeks.",
        "position",
    )
    assert (adviser.actor.name, adviser.actor.role) == ("Erik Lund", "Senior Advisor for Africa")


def test_a_platform_a_statement_is_posted_on_is_no_party() -> None:
    r = _one(
        "The Norwegian foreign ministry's Telegram channel said the talks were constructive and"
        " would continue next week.",
        "position",
    )
    assert r.actor.name == "Norwegian"


def test_who_launched_a_weapon_acts_not_a_feast_that_dates_it() -> None:
    r = _one(
        "A drone launched by the Northern Front in Norland on Wednesday evening, the second day of"
        " Rosh Hashanah, exploded in Port Ilm, leaving at least 22 people wounded.",
        "development",
    )
    assert r.actor.name == "Northern Front"


def test_what_a_strike_is_on_is_its_target_not_its_actor() -> None:
    killed = [
        r.actor.name
        for r in _read(
            "Israeli strikes on Sanaa killed at least nine people and wounded more than 170 on"
            " Thursday, Norland's Houthis said."
        )
    ]
    assert killed and "Sanaa" not in killed
    # The speech verb after the clause, parsed as its aside, still says who claims it.
    claimed = _read(
        "Israeli strikes on Sanaa killed at least nine people and wounded more than 170 on"
        " Thursday, Yemen's Houthis said, a day after the rebels launched a drone attack on"
        " southern Israel."
    )[0].claimed_by
    assert claimed is not None and claimed.name == "Houthis"


def test_the_group_a_state_owns_acts_not_the_state() -> None:
    # The recogniser tags the state alone: the group it owns, by an acronym or in the plural,
    # is who acts or claims.
    declared = _one(
        "Sudan’s Paramilitary NDF declared a three-month humanitarian truce in its war against"
        " the army.",
        "proposal",
    )
    assert declared.actor is not None and declared.actor.name == "NDF"
    claimed = _one(
        "Estmar has struck Port Ilm, killing at least two people and wounding dozens more,"
        " Yemen’s Zaydis said, after the rebels launched a drone attack on southern Estmar.",
        "development",
    ).claimed_by
    assert claimed is not None and claimed.name == "Zaydis"
    # A weapon the state's name owns is the state's: the state acts.
    used = _one(
        "Israel's Iron Dome intercepted most of the missiles, the army said.", "development"
    )
    assert used.actor is not None and used.actor.name == "Israel"


def test_where_an_attack_fell_or_was_launched_from_is_no_actor() -> None:
    killed = _one(
        "A Norland strike on residential buildings in western Ukraine killed at least 25"
        " people, according to Ukrainian officials.",
        "development",
    )
    assert killed.actor is not None and killed.actor.name == "Norland"
    # Nothing else names who launched it: no item rather than a place as its actor.
    assert _read("A drone launched from Yemen struck Port Ilm, injuring at least 20 people.") == []
    assert _read("An attack by gunmen in Pakistan's Khyber province killed 12 soldiers.") == []


def test_where_an_attack_ranks_is_its_account_and_the_area_of_a_name_is_its_place() -> None:
    # An attack ranked among attacks, told by a side: no stance; a ranked judgement is one.
    assert (
        _read("Ada Vek added that the operation was the second of its kind in less than 24 hours.")
        == []
    )
    assert _read("Norland officials said the strike was the deadliest attack this year.") == []
    judged = _one("Ada Vek said the strike was the worst crime of the war.", "position")
    assert judged.actor is not None and judged.actor.name == "Ada Vek"
    # "in the area of X": X is the place, whatever the recogniser made of the name.
    struck = _one(
        "The Israeli military confirmed Thursday it had struck a military target in the area"
        " of Sanaa.",
        "development",
    )
    assert struck.where == "Sanaa"


def test_a_headline_cut_by_an_ellipsis_gives_no_item_and_a_quotation_goes_to_its_end() -> None:
    # The page cut the headline mid-word: what it would have said is unknown, wherever it stands.
    cut = "Norland demands Estmar 'immediately stop arming' Port Ilm after signi…"
    assert _read(f"{cut}\nNorland demanded that Estmar stop arming the port, Ada Vek said.")[
        0
    ].sentence.text.startswith("Norland demanded")
    # An aside inside the quotation ("as X says") does not end what is said.
    said = _one(
        '"Now the question is whether we are about to reach, as President Trump says, an'
        ' agreement or not," Peskov added.',
        "position",
    )
    assert said.what.endswith("an agreement or not")


def test_the_rescue_and_an_account_of_the_attack_are_no_stance() -> None:
    # What responders do, and what the attack was or did, told by a side: no stance of the side.
    assert _read("Ada Vek said emergency crews were working to reach people in the rubble.") == []
    assert [
        r.kind
        for r in _read(
            "Norland officials said the operation was designed to eliminate the group's top"
            " commanders, including its defence minister."
        )
    ] == []
    assert [
        r.kind
        for r in _read("Norland sources said the strike coincided with a gathering of officials.")
    ] == []
    # What the attack is judged to be stays a stance.
    judged = _one(
        "Ada Vek said the strikes violated the truce agreed with Estmar last week.", "position"
    )
    assert judged.actor.name == "Ada Vek"


def test_an_area_named_after_of_is_the_place() -> None:
    r = _one(
        "Norland missiles hit two apartment buildings in the western Estmarian city of Ternopil,"
        " killing at least 26 people.",
        "development",
    )
    assert r.where == "Ternopil"


def test_a_hope_to_do_something_is_about_what_is_to_be_done() -> None:
    r = _one(
        "Ada Vek said that Norland hopes to revive prisoner of war exchanges with Estmar by the"
        " end of the year.",
        "position",
    )
    assert r.topic.startswith("prisoner of war exchanges")


def test_what_a_clause_says_happened_recently_is_background() -> None:
    assert (
        _read(
            "While Norland says it recently secured a halt to Estmari strikes on its vessels, the"
            " talks go on."
        )
        == []
    )
    assert _read("Estmar previously warned that the drills would push the strait toward war.") == []
    assert _one("Estmar warned that the drills would push the strait toward war.", "position")


def test_how_something_is_done_is_not_what_a_stance_is_about() -> None:
    r = _one(
        "Ada Vek said Estmar will never stop on its own, and its goal is to keep destroying life"
        " in Norland.",
        "position",
    )
    assert "own" not in r.topic.split()


def test_an_area_in_apposition_is_the_place_and_a_toll_after_the_event_its_quantity() -> None:
    struck = _one(
        "The Norland Air Force carried out multiple strikes on Thursday on rebel targets in"
        " Estmar's capital, Vella.",
        "development",
    )
    assert struck.where == "Vella"
    exploded = _one(
        "A drone launched by the Northern Front exploded in Port Ilm's tourist district, leaving"
        " at least 22 people wounded.",
        "development",
    )
    assert exploded.quantity == "at least 22 people"


def test_a_named_place_s_district_is_the_place_and_a_weapon_s_launch_dates_the_attack() -> None:
    r = _one(
        "A drone launched by the Northern Front on Wednesday evening exploded in Port Ilm's"
        " tourist district, leaving at least 22 people wounded.",
        "development",
    )
    assert (r.where, r.when) == ("Port Ilm's tourist district", "Wednesday")


def test_a_verb_joined_by_nor_keeps_the_denial() -> None:
    said = _one(
        '"Norland will not provoke a confrontation, nor seek war with Estmar," he added.',
        "position",
    )
    assert said.what == "will not provoke a confrontation, nor seek war with Estmar"


def test_what_a_side_may_do_and_a_claim_put_forward_are_no_developments() -> None:
    read = _read(
        "The Estmari ministry stated that the plan has nothing to do with peace, and Estmar will"
        " consider the Norlandic troops deployed in Port Ilm as targets."
    )
    assert [r.kind for r in read] == ["position"]
    assert _read("Estmar has advanced the same demand in the talks.") == []
    assert _one("Russian forces advanced two kilometres toward Port Ilm on Tuesday.", "development")


def test_a_capitalised_word_of_a_name_is_no_verb() -> None:
    assert (
        _read(
            "Norland on Wednesday closed the border, a day after the killing of 26 tourists in"
            " Norland Illegally Occupied Ilm Valley."
        )
        == []
    )


def test_a_stance_held_long_and_what_follows_on_that_occasion_are_background() -> None:
    assert (
        _read("Ada Vek has long denied the allegations, saying they were a mask for greed.") == []
    )
    assert _read("Estmar has repeatedly rejected the charges.") == []
    assert _one("Estmar has rejected the charges.", "position")
    told = _read(
        "Estmar first fired the missile at a factory in Norland in 2024. On that occasion"
        " Norlandic sources said the missile carried dummy warheads."
    )
    assert all(not r.sentence.text.startswith("On that occasion") for r in told)


def test_whom_a_stance_accuses_and_a_judged_doing_are_its_topic() -> None:
    accused = _one("Estmar accused Norland of violating the truce.", "position")
    assert accused.topic == "Norland"
    held = _one(
        "Ada Vek met reporters on Monday. Norland accused him of clinging to power.", "position"
    )
    assert held.topic == "Ada Vek"
    judged = _one("Ada Vek said keeping peace in the strait is a common interest.", "position")
    assert judged.topic == "keeping peace in the strait"


def test_a_topic_does_not_end_on_a_dangling_preposition() -> None:
    said = _one(
        "Ada Vek said Estmar’s response to “any aggressive action would be harsh and regrettable.”",
        "position",
    )
    assert not said.topic.endswith(" to")


def test_a_step_still_owed_and_a_suggestion_of_fact_are_no_proposals() -> None:
    assert (
        _read("Norlandic lawmakers must still ratify the agreement before it takes effect.") == []
    )
    will = _one("Norland will sign the agreement with Estmar on Friday.", "proposal")
    assert will.status == "proposed"
    assert _one("Norland signed the agreement with Estmar on Friday.", "proposal").status == (
        "accepted"
    )
    assert _read("Ada Vek suggested a reporter was getting ahead of himself.") == []
    assert _read("The two sides offered only the barest details about the fund.") == []
    assert _one("Ada Vek suggested that the talks be held in Port Ilm.", "proposal")


def test_an_order_of_strikes_is_a_development_and_aid_to_repel_is_none() -> None:
    ordered = _one(
        "Ada Vek announced that he had ordered strikes on Estmari positions.", "development"
    )
    assert ordered.actor.name == "Ada Vek"
    assert _read("The deal follows aid from Norland to help Estmar repel the invasion.") == []
    assert _read("The Estmari rebels have also attacked Norland throughout the war.") == []


def test_the_target_of_a_strike_the_weapon_s_model_and_a_hyphenated_dateline_do_not_act() -> None:
    struck = _one(
        "A Norlandic missile strike on the northern Estmari city of Ilm killed 20 people on"
        " Sunday.",
        "development",
    )
    assert struck.actor.name == "Norlandic"
    own = _one(
        "Norland's defence ministry said that its strike on the Estmari city of Ilm killed 60"
        " soldiers.",
        "development",
    )
    assert own.actor.name == "Norland"
    assert _read("Officials said two Kh-101 missiles had struck the depot.") == []
    dated = _one(
        "DEIR AL-BALAH, Gaza Strip (AP) — Norland said Wednesday it launched a ground operation"
        " in the north.",
        "development",
    )
    assert dated.actor.name == "Norland"


def test_a_clause_with_its_own_subject_is_not_the_stance_and_a_medium_is_not_its_topic() -> None:
    accused = _one(
        "Estmar accused Norland of breaking the truce, while Norland blamed Estmar for the delay.",
        "position",
    )
    assert accused.what == "accused Norland of breaking the truce"
    said = _one("Ada Vek said on NewsNation that the deal means Norland will gain.", "position")
    assert said.topic == "the deal"


def test_a_state_s_group_named_before_a_common_noun_acts_and_claims_what_it_did() -> None:
    claimed = _one(
        "Yemen’s Ilmi rebels claim to have attacked a Norlandic carrier in the Red Sea.",
        "development",
    )
    assert claimed.actor.name == "Ilmi rebels"
    assert claimed.what.startswith("attacked a Norlandic carrier")
    assert claimed.claimed_by is not None and claimed.claimed_by.name == "Ilmi rebels"


def test_what_was_said_on_an_earlier_occasion_and_a_headline_s_counted_victims_are_no_items() -> (
    None
):
    assert _read("During a recent interview, Ada Vek said Estmar must be stopped.") == []
    assert _one("In an interview on Sunday, Ada Vek said Estmar must be stopped.", "position")
    assert _read("At least 220 Ilmis killed and dozens injured as Norland conducts strikes.") == []
    assert _one("Russian strikes killed at least 20 people in Port Ilm.", "development")


def test_what_a_stance_judges_is_its_topic_without_the_judgement() -> None:
    condemned = _one("Estmar condemned the sale as interference in its affairs.", "position")
    assert condemned.topic == "the sale"
    assert _one("Norland condemned the attack in the strongest terms.", "position").topic == (
        "the attack"
    )
    rejected = _one(
        "Estmar rejected demilitarisation, which Ada Vek described as a must.", "position"
    )
    assert rejected.topic.endswith("described as a must")
    titled = _one(
        "Ada Vek said that Secretary of State Ion Lund was in contact with the Estmari government.",
        "position",
    )
    assert titled.topic != "State"


def test_a_stance_leaves_out_what_its_holder_did_besides_and_the_other_side_s_acts() -> None:
    refused = _one(
        "Estmar has refused to disarm and has not yet returned all hostages, while Norland has"
        " recently conducted some strikes in Port Ilm.",
        "position",
    )
    assert refused.what == "refused to disarm"
    argued = _one(
        "Estmar argues that such sales violate bilateral understandings and has stepped up"
        " military activity around Port Ilm in recent years.",
        "position",
    )
    assert argued.what == "such sales violate bilateral understandings"
    # What the speaker goes on to say in the same breath stays said.
    both = _one(
        "Ada Vek said Norland would pause its strikes and would reopen the port.", "position"
    )
    assert both.what.endswith("would reopen the port")
    deadline = _one(
        "Ada Vek said she is disappointed in Norland for the attacks and has set a two-week"
        " deadline.",
        "position",
    )
    assert deadline.what.endswith("has set a two-week deadline")


def test_a_title_case_headline_s_verb_is_no_part_of_a_name() -> None:
    headline = _read(
        "Estmar Denies Role In Attack On Border Post\nThe ministry said Monday that it had no"
        " part in the attack."
    )
    assert headline == []
    assert _one("The Norland Army said the talks with Estmar would resume on Monday.", "position")


def test_what_carried_a_statement_is_not_its_topic() -> None:
    carried = _one(
        'The Ilmi Brigades released a video statement on Telegram, saying: "We pause in'
        ' reverence before the great commander and spokesman of the Brigades, Ion Lund".',
        "position",
    )
    assert "statement" not in carried.topic and "Telegram" not in carried.topic
    (hesitated,) = [
        r
        for r in _read(
            "Ada Vek expressed hesitation toward new sanctions on Norland, saying she did not"
            " want them to interfere with a ceasefire."
        )
        if r.verb == "want"
    ]
    assert hesitated.topic == "hesitation toward new sanctions on Norland"


def test_a_plan_told_in_the_future_is_a_foretold_reported_event() -> None:
    planned = _one(
        '"Following a ceasefire, Norland and Estmar will establish military hubs across Sudavia'
        ' and build protected facilities for weapons," said Ada Vek at a press conference.',
        "position",
    )
    assert planned.reported is not None and planned.reported.foretold
    done = _one(
        '"Norland and Estmar have established military hubs across Sudavia," said Ada Vek at a'
        " press conference.",
        "position",
    )
    assert done.reported is not None and not done.reported.foretold


def test_a_force_named_for_its_side_is_that_side_s_event_claimed_by_the_speaker() -> None:
    counted = _one(
        "Sudavia's defence ministry said that in the previous 24 hours it had detected 76"
        " Norlandic military aircraft and 15 Norlandic ships operating around the island.",
        "position",
    )
    assert counted.reported is not None
    assert counted.reported.actor.name.startswith("Norland")
    assert counted.reported.what.startswith("76 Norlandic military aircraft")
    assert counted.reported.claimed_by is not None
    assert counted.reported.claimed_by.name.startswith("Sudavia")
    there = _one(
        "A senior Sudavian security official said there were more than 10 Norlandic warships in"
        ' Sudavia\'s "response zone" on Wednesday morning.',
        "position",
    )
    assert there.reported is not None and there.reported.actor.name.startswith("Norland")


def test_a_site_or_a_day_the_parser_hangs_elsewhere_still_places_and_dates_the_event() -> None:
    hospital = [
        r
        for r in _read(
            "A Norlandic air strike has killed 28 people and injured dozens more at the Central"
            " Hospital in Khan Ilmi."
        )
        if r.verb == "kill"
    ]
    assert "Khan Ilmi" in hospital[0].where
    palace = _one(
        "The Ilmi Brigades launched a drone strike on the palace, killing several soldiers.",
        "development",
    )
    assert palace.where == "the palace"
    dated = _one(
        "Norland's military on Wednesday (Apr 2) launched military exercises in the middle and"
        " southern areas of the Vek Strait.",
        "development",
    )
    assert dated.when == "Wednesday"


def test_a_name_word_of_a_quotation_does_not_end_the_statement() -> None:
    severed = _one(
        "Norland's government on Tuesday severed its diplomatic ties with Sudavia, declaring the"
        ' country an "aggressor state," the Norlandic defence minister said.',
        "position",
    )
    assert severed.what.endswith("aggressor state")


def test_the_group_named_beside_its_nationality_acts_not_the_nationality() -> None:
    strikes = _one(
        "The Sudavian paramilitary Rapid Vek Forces early Tuesday carried out drone"
        " strikes targeting the seaport and airport in the city of Port Ilm.",
        "development",
    )
    assert strikes.actor.name == "Rapid Vek Forces"
    assert not [r for r in _read("Sudavia's war has killed tens of thousands of people.")]


def test_what_was_said_months_before_the_article_is_background() -> None:
    def read(text: str) -> list[Reading]:
        return read_sentences(split_sentences(text), published="2025-11-29")

    assert not read(
        "The announcement was widely anticipated after Ada Vek said in July that Norland would"
        " recognise Sudavia unless Estmar agreed to a ceasefire."
    )
    assert not read(
        "Ada Vek has long criticized the war on drugs and has called for a new approach focusing"
        " on reducing demand and addressing inequality in producer countries."
    )


def test_a_word_that_stands_for_anything_is_no_topic() -> None:
    everything = _one(
        '"We must do everything within our power to preserve the very possibility of a peace'
        ' deal between Norland and Sudavia," Ada Vek said.',
        "position",
    )
    assert everything.topic and everything.topic != "everything"
    step = _one(
        "Ada Vek said Friday she will not take a step back after Norland imposed sanctions on"
        " her, her family and senior officials.",
        "position",
    )
    assert step.topic == "sanctions"


def test_a_surname_s_particles_belong_to_the_name() -> None:
    condemned = _one(
        "EU Commission President Ada von der Vek condemned Norland's indiscriminate attacks on"
        " civilian infrastructure.",
        "position",
    )
    assert condemned.actor.name == "Ada von der Vek"
