"""The words the clause reader knows: verbs by what their clause is (petrarch2-style verb
lists over lemmas), and the words that say who is not a party, who hears rather than is
spoken about, and what a title or a deal is."""

from __future__ import annotations

import re

# Verbs by what their clause is. Lemmas, as spaCy's lemmatizer gives them.
SPEECH = frozenset(
    [
        "say",
        "tell",
        "announce",
        "state",
        "add",
        "claim",
        "report",
        "confirm",
        "warn",
        "insist",
        "stress",
        "note",
        "declare",
        "write",
        "reiterate",
        "emphasize",
        "emphasise",
        "explain",
        "argue",
        "assert",
        "acknowledge",
        "admit",
        "allege",
        "caution",
        "signal",
        "indicate",
        "describe",
    ]
)
PROPOSE = frozenset(["propose", "offer", "suggest", "invite", "submit", "unveil"])
# Stances taken in the sentence's own verb: what a side accepts, rejects, demands or backs.
STANCE = frozenset(
    [
        "agree",
        "accept",
        "reject",
        "refuse",
        "decline",
        "deny",
        "oppose",
        "support",
        "back",
        "endorse",
        "welcome",
        "condemn",
        "denounce",
        "demand",
        "urge",
        "vow",
        "threaten",
        "pledge",
        "promise",
        "dismiss",
        "criticise",
        "criticize",
        "blame",
        "accuse",
        "praise",
        "sign",
        "approve",
        "ratify",
        "insist",
        "call",
        "want",
        "hope",
        "seek",
        "question",
        # Praise and blame in a word ("hailed the accord as a new chapter of hope").
        "hail",
        "laud",
        "applaud",
        "commend",
        "slam",
        "decry",
        "deplore",
        "lambast",
        "reaffirm",
    ]
)
#: Words that count the dead and the hurt: a reported clause that counts them tells what happened
#: on the ground, whoever caused it ("the injured included two in serious condition").
CASUALTY_WORDS = frozenset(
    ["kill", "killed", "injure", "injured", "wound", "wounded", "die", "dead", "death", "casualty",
     "victim", "martyr", "toll", "hurt", "injury"]
)  # fmt: skip
#: Who answers a strike: what they do is the aftermath told, no one's stance.
RESPONDERS = frozenset(["rescuer", "crew", "firefighter", "paramedic", "medic", "responder"])
#: Adverbs that put what a clause tells before the day of the news.
BEFORE_THE_DAY = frozenset(["recently", "previously", "formerly"])
#: What an offer that proposes nothing offers ("offered only the barest details").
NOT_OFFERS = frozenset(["detail", "information", "comment", "explanation", "update", "glimpse"])
#: Adverbs of a perfect that tell a stance held over time ("has long denied").
HELD_LONG = frozenset(["long", "repeatedly", "consistently"])
#: "..., killing 26 people", "..., leaving 22 people wounded": the toll after a strike.
LEFT_HURT = frozenset(["kill", "leave", "injure", "wound"])
#: What is launched at a target: its launch dates the attack.
WEAPONS = frozenset(["drone", "missile", "rocket", "shell", "projectile", "bomb", "uav"])
#: Armed forces and their craft: a clause with one as subject tells a military fact ("the drills
#: were taking place in ...", "the militia was in the city").
FORCE_NOUNS = frozenset(
    ["troop", "force", "soldier", "fighter", "militia", "army", "military", "unit", "brigade",
     "battalion", "jet", "aircraft", "plane", "warplane", "helicopter", "warship", "ship",
     "vessel", "boat", "submarine", "tank", "drill", "exercise", "convoy", "navy"]
)  # fmt: skip
#: Verbs by which a side says what it saw of the other's forces ("detected 76 aircraft").
SPOTTING = frozenset(["detect", "spot", "track", "observe", "record", "monitor", "count"])
#: Words that count without a digit ("dozens of people were wounded").
COUNT_WORDS = frozenset(["dozens", "scores", "hundreds", "thousands"])
#: Verbs whose object is asked to do what their "to ..." clause says ("urged Hamas to accept
#: the proposal"): it has not done it. (With "prompted X to question", X did.)
DIRECTIVE = frozenset(
    ["urge", "ask", "press", "call", "tell", "invite", "encourage", "push", "request", "advise",
     "warn", "want", "pressure", "persuade", "convince", "allow", "expect"]
)  # fmt: skip
IMPLICATIVE = frozenset(["prompt", "lead", "force", "compel", "spur", "drive", "cause"])
MILITARY = frozenset(
    [
        "attack",
        "strike",
        "launch",
        "fire",
        "shoot",
        "kill",
        "shell",
        "bomb",
        "bombard",
        "capture",
        "seize",
        "destroy",
        "intercept",
        "down",
        "hit",
        "target",
        "advance",
        "deploy",
        "wound",
        "injure",
        "raid",
        "invade",
        "mass",
        "storm",
        "occupy",
        "retake",
        "liberate",
        "withdraw",
        "shoot",
        "repel",
        "ambush",
        "detonate",
        "explode",
        "station",
        "retreat",
        "amass",
    ]
)
#: Verbs that tell an attack only by their object ("carried out airstrikes", "conducted a raid").
ATTACK_VERBS = frozenset(
    ["carry", "conduct", "mount", "stage", "execute", "perform", "order", "initiate", "begin",
     "start"]
)  # fmt: skip
ATTACK_NOUNS = frozenset(
    ["strike", "airstrike", "attack", "raid", "offensive", "bombardment", "bombing", "assault",
     "incursion", "shelling", "operation", "barrage"]
)  # fmt: skip
#: Verbs that judge what they say of an attack ("the strikes violated the truce"): a stance.
JUDGING = frozenset(
    ["violate", "breach", "undermine", "constitute", "amount", "show", "prove", "demonstrate",
     "mark", "represent", "threaten", "endanger", "jeopardise", "jeopardize", "escalate", "deal"]
)  # fmt: skip
# Verbs whose passive subject is the force itself ("troops were deployed").
FORCE_VERBS = frozenset(["station", "deploy", "mass", "amass", "position"])
# "call" is a stance only as "call for" / "call on".
#: Verbs that propose only with a plan-like object ("presented a plan", "put forward a
#: proposal", "drafted a memorandum").
PLAN_VERBS = frozenset(["present", "put", "draft", "develop", "prepare", "table", "draw"])
#: Quote marks that open and close a quotation whichever way round they face ('"' faces both).
OPENING_QUOTES = frozenset(["“", "«"])
CLOSING_QUOTES = frozenset(["”", "»"])
#: What one "expresses" that is a stance ("expressed disappointment at the bombing").
ATTITUDE_NOUNS = frozenset(
    ["concern", "disappointment", "hope", "support", "regret", "readiness", "willingness",
     "frustration", "optimism", "doubt", "hesitation", "solidarity", "satisfaction",
     "opposition", "skepticism", "scepticism", "alarm", "outrage", "anger", "dismay",
     "irritation", "openness", "reservation", "objection", "confidence", "displeasure"]
)  # fmt: skip
PLAN_NOUNS = frozenset(
    ["plan", "proposal", "memorandum", "draft", "framework", "initiative", "roadmap", "deal"]
)

# Who is named in the sentence: people, organisations, states and nationalities.
PARTY_LABELS = {"PERSON": "person", "ORG": "organisation", "GPE": "state", "NORP": "state"}
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
PLACE_PREPS = frozenset(
    ["in", "at", "near", "into", "inside", "around", "outside", "across", "over", "from", "toward"]
)
#: What a named area is called when the recogniser misses its name ("the Sumi province").
AREA_NOUNS = frozenset(
    ["province", "region", "oblast", "district", "governorate", "city", "town", "village",
     "state", "county", "prefecture", "territory", "border", "strip", "valley", "port",
     "capital", "area", "outskirts", "vicinity", "suburbs"]
)  # fmt: skip
#: Buildings and compounds an event happens at ("at the European Hospital", "on the palace").
SITE_NOUNS = frozenset(
    ["hospital", "palace", "airport", "airfield", "base", "compound", "embassy", "school",
     "university", "refinery", "plant", "depot", "camp", "square", "port", "harbour", "harbor",
     "headquarters", "building", "residence", "bridge", "station", "mosque", "church"]
)  # fmt: skip
# Wire services and broadcasters report; they are not parties of the story.
OUTLETS = frozenset(
    [
        "reuters", "ap", "afp", "associated press", "agence france-presse", "xinhua", "tass",
        "ria novosti", "interfax", "bbc", "cnn", "axios", "bloomberg", "al jazeera", "dpa",
        "efe", "ani", "pti", "anadolu", "irna", "yonhap", "kyodo", "sputnik", "ukrinform",
        "unian", "wafa", "army radio", "state media", "state tv",
        # State and national news agencies and channels, quoted as sources of the news.
        "sana", "wam", "spa", "kcna", "qna", "mena", "suna", "kuna", "bna", "tasnim", "fars",
        "mehr", "isna", "irib", "al arabiya", "al mayadeen", "al masirah", "al-masirah",
        "almasirah", "al ekhbariya", "al-ekhbariya", "bernama", "antara", "vna", "armenpress",
        "azertac", "akp", "nhk", "tolo", "samaa", "ians", "apa", "saba", "petra",
        # Platforms a statement is posted on: whose channel it is, the sentence says beside.
        "telegram", "x", "twitter", "facebook", "instagram", "truth social", "whatsapp",
        "youtube", "tiktok", "weibo", "vk", "vkontakte",
    ]
)  # fmt: skip
# A body named only by what it is ("the Foreign Ministry", "Defence Ministry") is its state's,
# which the sentence names beside it ("Russia's Foreign Ministry"); alone it is nobody's.
GENERIC_BODY = frozenset(
    ["foreign", "ministry", "defence", "defense", "office", "government", "army", "military",
     "presidency", "cabinet", "department", "affairs", "interior", "general", "staff", "of",
     "the", "and", "armed", "forces", "press", "service", "national", "security", "council",
     "international", "cooperation"]
)  # fmt: skip
# A person named as whose aide or spokesman someone is does not speak ("Putin's aide Ushakov").
ENTOURAGE = frozenset(
    ["aide", "adviser", "advisor", "spokesman", "spokeswoman", "spokesperson", "envoy",
     "official", "ally", "office", "camp", "team", "administration", "government", "son",
     "daughter", "wife", "lawyer", "assistant", "secretary"]
)  # fmt: skip
# Whose these are is an outlet ("Al Mayadeen's correspondent", "a CNN reporter").
NEWSROOM = frozenset(
    ["correspondent", "correspondents", "reporter", "reporters", "journalist", "journalists",
     "anchor", "editor", "columnist", "newsroom", "broadcaster"]
)  # fmt: skip
# Whom a statement is told to or where it is posted is not what it is about.
AUDIENCE = frozenset(
    ["reporter", "reporters", "journalist", "journalists", "press", "media", "audience",
     "crowd", "lawmaker", "lawmakers", "supporter", "supporters", "x", "twitter", "telegram",
     "facebook", "television", "tv", "broadcaster", "newspaper", "briefing", "conference"]
)  # fmt: skip
# Words that make a clause a condition; kept in the text, as they change what it says.
CONDITIONS = frozenset(["if", "unless", "whether", "until", "once", "provided"])
# Names shaped like a newspaper's or a broadcaster's ("Fox News", "Press TV", "PTV", "Army
# Radio", "The Washington Post"): they report, they are not parties.
_OUTLET_NAME = re.compile(
    r"(?:\b(?:news|tv|television|radio|times|post|herald|tribune|gazette|daily|journal|"
    r"broadcasting|press|(?:news|press) agency)|^[a-z]{1,4}tv"
    # Numbered channels: "Channel 12", "Channel 4 News".
    r"|^channel \d+(?: news)?)$"
)


def is_outlet(name: str) -> bool:
    return bool(_OUTLET_NAME.search(name.lower().strip(" .'’\"")))


MAX_NAME_WORDS = 6
FUNCTION_WORDS = frozenset(["of", "and", "the", "for", "to", "in", "on", "at", "a", "an"])
# Welcoming people is a greeting, not a stance.
PEOPLE = frozenset(
    ["minister", "ministers", "delegation", "delegations", "leader", "leaders", "president",
     "guest", "guests", "counterpart", "envoy", "team", "officials"]
)  # fmt: skip
# Verbs that accept a deal, and what a deal is.
ACCEPT = frozenset(["agree", "accept", "sign", "approve", "ratify", "endorse"])
#: Verbs by which the parties make a deal they both accept ("reached a ceasefire agreement",
#: "struck a deal", "sealed a truce"), with what is agreed as their object.
DEAL_MADE = frozenset(["reach", "strike", "seal", "clinch", "conclude", "finalise", "finalize"])
#: Verbs by which a deal is made known or brought about, with the deal as their object ("Oman
#: announced a ceasefire between the US and the Houthis", "Qatar brokered a truce between ...").
ANNOUNCE_DEAL = frozenset(["announce", "declare", "broker", "mediate"])
DEAL_NOUNS = frozenset(
    ["ceasefire", "truce", "deal", "agreement", "accord", "plan", "proposal", "pact", "treaty",
     "memorandum", "framework", "roadmap", "phase", "exchange", "swap", "talks", "offer",
     "declaration"]
)  # fmt: skip
#: What a deal's text does ("The agreement requires the withdrawal of ...", "It also calls
#: for a joint mechanism"): its terms, which its parties accepted with it. "call" and "provide"
#: only with "for".
TERMS_VERBS = frozenset(
    ["require", "include", "stipulate", "envisage", "oblige", "outline", "call", "provide"]
)
TERMS_NEED_FOR = frozenset(["call", "provide"])
#: What is agreed (not a plan or an offer still on the table), as the subject of a term.
AGREED_NOUNS = frozenset(
    ["ceasefire", "truce", "deal", "agreement", "accord", "pact", "treaty", "declaration"]
)
#: "It requires ...": "it" is the deal only in the sentence after one that reported the deal or
#: had it as subject.
IT_IS_THE_DEAL_WITHIN = 1
#: What a statement without an object is about, when its clause names one of these ("certain
#: conditions must be met before a truce can be reached": the truce).
MATTER_NOUNS = DEAL_NOUNS | PLAN_NOUNS | frozenset(
    ["negotiation", "negotiations", "meeting", "summit", "offensive", "sanction", "sanctions",
     "withdrawal", "election", "elections", "invasion", "occupation", "annexation", "aid",
     "hostage", "hostages", "prisoner", "prisoners", "border", "attack", "attacks", "strike",
     "strikes", "war", "peace", "security", "guarantee", "guarantees", "clause", "referendum",
     "talk", "talks", "terrorism"]
)  # fmt: skip
#: Objects that make an idiom with their verb ("taking place", "took part"), not a topic.
LIGHT_OBJECTS = frozenset(
    ["place", "part", "note", "care", "time", "effect", "hold", "way", "step"]
)  # fmt: skip
#: Reported speech shorter than this says no stance on its own.
MIN_SAID_WORDS = 6
# Titles that stand for one person the article has named ("the Ukrainian president").
PERSON_TITLES = frozenset(
    ["president", "chancellor", "minister", "secretary", "premier", "envoy", "spokesman",
     "spokeswoman", "spokesperson", "ambassador", "king", "emir", "commander", "leader"]
)  # fmt: skip
PERSONAL = frozenset({"he", "she", "him", "her"})
#: Words that point back to something the article said before ("the move", "those terms",
#: "They will be available"): a stance built on one says nothing until its antecedent is named.
POINTING = frozenset(["this", "that", "these", "those"])
POINTING_SUBJECTS = frozenset(["they", "these", "this", "those"])
#: What "the ..." refers back to when nothing before it in the sentence names it. ("The deal"
#: and "the agreement" are left out: in a story about a deal they name the story's own.)
BACK_NOUNS = frozenset(
    ["move", "decision", "step", "plan", "proposal", "offer", "announcement",
     "charge", "charges", "accusation", "accusations", "claim", "claims", "allegation",
     "allegations", "remarks", "comments", "statement", "idea", "measure", "measures", "terms",
     "resources", "initiative", "development", "report", "reports"]
)  # fmt: skip
#: What carries a statement, not what it is about: "released a video statement on Telegram,
#: saying ..." says nothing of its matter by its object.
CARRIERS = frozenset(
    ["statement", "statements", "video", "message", "post", "communique", "letter",
     "recording", "audio", "footage", "tweet", "release"]
)  # fmt: skip
GLUED = re.compile(r"^[A-Z][a-z]+(?=The\b)")
#: Offices a person holds: a name tagged with one inside it ("Lviv Mayor Andriy Sadovy") is
#: the office, then the name.
OFFICE_WORDS = frozenset(
    ["minister", "president", "secretary", "chancellor", "spokesman", "spokeswoman",
     "spokesperson", "envoy", "ambassador", "commander", "chief", "premier", "senator", "mayor",
     "governor", "adviser", "advisor"]
)  # fmt: skip
# Words of a title; a capitalised word after the title and before the name is a first name
# that the entity recogniser left out ("Defence Minister Rustem [Umerov]").
TITLE_WORDS = OFFICE_WORDS | frozenset(
    ["general", "leader", "prime", "foreign", "defence", "defense", "deputy", "vice", "state",
     "interior", "head", "king", "queen", "prince", "sheikh", "emir", "army", "affairs",
     "special", "national", "security", "mr", "mrs", "ms", "dr"]
)  # fmt: skip
#: Titles written as initials ("Iran's FM", "Pakistan's DG ISPR"): an office, not a group.
TITLE_INITIALS = frozenset(
    ["fm", "pm", "dpm", "mp", "dg", "cm", "ceo", "coas", "cjcs", "sg", "unsg", "nsa"]
)  # fmt: skip
# Speech verbs whose object is the one spoken to, not what is spoken of ("told Reuters that").
TOLD_TO = frozenset(["tell", "inform", "brief", "assure", "remind", "notify"])
TITLES = frozenset(
    ["Mr", "Mrs", "Ms", "Dr", "President", "Minister", "Secretary", "Chancellor", "Premier"]
)
#: Modals that tell what is owed, not done ("must still ratify the agreement").
OWED = frozenset(["must", "should", "need", "ought"])
NOT_DONE = frozenset(
    ["to", "would", "will", "could", "should", "must", "may", "might", "can", "shall"]
)
