"""The evaluation scorer (evals/score.py) on small hand-built briefs, and on the seed brief."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from evals.score import ITEM_SECTIONS, load_labels, load_texts, matcher_groups, matches, score

ROOT = Path(__file__).resolve().parent.parent
GOLD_PATH = ROOT / "evals" / "gold" / "seeds.json"
ARTICLES = ROOT / "examples" / "articles"
SEEDS_BRIEF = ROOT / "examples" / "output" / "seeds-brief.json"

TEXTS = {
    "a": (
        "Russian Foreign Minister Sergei Lavrov said Russia proposed talks in Istanbul on June 2. "
        "Ukrainian President Volodymyr Zelenskyy said Kyiv is ready. Advertisement"
    ),
    "b": (
        "Foreign Minister Sergey Lavrov said the talks would be held in Istanbul next Monday. "
        "Volodymyr Zelensky met Chancellor Merz. Russia claimed it downed 296 drones."
    ),
}

GOLD: dict[str, Any] = {
    "parties": [
        {
            "id": "lavrov",
            "name": "Sergei Lavrov",
            "kind": "person",
            "variants": ["Sergei Lavrov", "Sergey Lavrov", "Lavrov"],
            "sources": ["a", "b"],
        },
        {
            "id": "zelenskyy",
            "name": "Volodymyr Zelenskyy",
            "kind": "person",
            "variants": ["Zelenskyy", "Zelensky"],
            "sources": ["a", "b"],
        },
        {
            "id": "ukraine",
            "name": "Ukraine",
            "kind": "state",
            "variants": ["Ukraine", "Kyiv", "Kiev"],
            "sources": ["a"],
        },
    ],
    "facts": [
        {
            "id": "istanbul-talks",
            "kind": "proposal",
            "description": "Russia proposes talks in Istanbul on June 2.",
            "sources": ["a", "b"],
            "matcher": {"all": [["istanbul"], ["june 2", "next monday"], ["talks", "round"]]},
        },
        {
            "id": "drones-296",
            "kind": "military_development",
            "description": "Russia claims 296 drones downed.",
            "sources": ["b"],
            "matcher": {"all": [["296"], ["drone"]]},
        },
    ],
}


def _evidence(source_id: str, quote: str) -> dict[str, Any]:
    start = TEXTS[source_id].index(quote)
    return {"source_id": source_id, "quote": quote, "start": start, "end": start + len(quote)}


def _party(party_id: str, name: str, aliases: list[str], sources: list[str]) -> dict[str, Any]:
    return {
        "id": party_id,
        "name": name,
        "aliases": aliases,
        "kind": "person",
        "role": "",
        "affiliation": "",
        "sources": sources,
        "evidence": [_evidence(s, name) for s in sources if name in TEXTS[s]],
    }


def _proposal(item_id: str, summary: str, evidence: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": item_id,
        "sources": sorted({ev["source_id"] for ev in evidence}),
        "evidence": evidence,
        "grounded": True,
        "disagreements": [],
        "proposer": "Russia",
        "proposer_id": None,
        "summary": summary,
        "addressee": "Ukraine",
        "when": "",
        "where": "",
        "status": "proposed",
    }


def _brief(
    parties: list[dict[str, Any]] | None = None,
    proposals: list[dict[str, Any]] | None = None,
    developments: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "sources": [{"id": s} for s in TEXTS],
        "parties": parties or [],
        "proposals": proposals or [],
        "positions": [],
        "military_developments": developments or [],
    }


def _fact(result: dict[str, Any], fact_id: str) -> dict[str, Any]:
    return next(f for f in result["facts"] if f["id"] == fact_id)


def test_matching_item_counts_with_its_sources() -> None:
    item = _proposal(
        "proposal-1",
        "second round of talks",
        [_evidence("a", "Russia proposed talks in Istanbul on June 2.")],
    )
    result = score(_brief(proposals=[item]), GOLD, TEXTS)
    fact = _fact(result, "istanbul-talks")
    assert fact["matched_item"] == "proposal-1"
    assert fact["kind_match"] is True
    assert fact["item_sources"] == ["a"]
    assert fact["support_recall"] == 0.5
    assert result["key_fact_recall"] == 0.5
    assert result["key_facts_matched"] == 1
    assert result["key_facts_total"] == 2


def test_item_missing_a_group_does_not_match() -> None:
    # Istanbul and talks, but no date: one group of the matcher is unmet.
    item = _proposal("proposal-1", "talks in Istanbul", [])
    result = score(_brief(proposals=[item]), GOLD, TEXTS)
    fact = _fact(result, "istanbul-talks")
    assert fact["matched_item"] is None
    assert fact["support_recall"] == 0.0
    assert result["key_fact_recall"] == 0.0
    assert result["counts"]["items_without_gold_fact"] == 1


def test_matching_folds_case_and_typographic_quotes() -> None:
    groups = matcher_groups({"id": "x", "matcher": {"all": [["if it's necessary"], ["trump"]]}})
    assert matches(groups, "TRUMP said he would sit down “if it’s necessary”")
    assert not matches(groups, "Trump said nothing")


def test_one_item_cannot_stand_for_two_facts() -> None:
    both = _proposal(
        "proposal-1",
        "talks in Istanbul on June 2; Russia claimed it downed 296 drones",
        [],
    )
    result = score(_brief(proposals=[both]), GOLD, TEXTS)
    assert result["key_facts_matched"] == 1
    assert result["key_fact_recall_any"] == 1.0
    # The development fact is left over, but it reports the item it shares.
    assert _fact(result, "drones-296")["candidates"] == ["proposal-1"]


def test_duplicate_parties_are_counted_by_variant_and_whole_word() -> None:
    parties = [
        _party("p1", "Sergei Lavrov", [], ["a"]),
        _party("p2", "Sergey Lavrov", [], ["b"]),
        _party("p3", "Volodymyr Zelenskyy", ["Zelensky"], ["a", "b"]),
        # "Ukrainian" is not the word "Ukraine": no Ukraine entry, hence no recall for it.
        _party("p4", "Ukrainian President", [], []),
        # The longer variant wins, so this is Zelenskyy's entry, not also Ukraine's.
        _party("p5", "Ukraine's President Zelensky", [], []),
    ]
    result = score(_brief(parties=parties), GOLD, TEXTS)
    assert result["duplicate_parties"] == [
        {"id": "lavrov", "entries": ["p1", "p2"]},
        {"id": "zelenskyy", "entries": ["p3", "p5"]},
    ]
    assert result["duplicate_party_count"] == 2
    assert result["party_recall"] == round(2 / 3, 4)
    assert result["conflated_parties"] == []
    lavrov = next(p for p in result["parties"] if p["id"] == "lavrov")
    assert lavrov["source_recall"] == 1.0


def test_party_standing_for_two_gold_parties_is_conflated() -> None:
    parties = [_party("p1", "Volodymyr Zelenskyy", ["Kyiv"], ["a"])]
    result = score(_brief(parties=parties), GOLD, TEXTS)
    assert result["conflated_parties"] == [{"entry": "p1", "gold": ["zelenskyy", "ukraine"]}]


def test_non_verbatim_evidence_is_counted() -> None:
    good = _evidence("a", "Russia proposed talks in Istanbul on June 2.")
    shifted = {**good, "start": good["start"] + 1, "end": good["end"] + 1}
    invented = {"source_id": "b", "quote": "Lavrov said no.", "start": 0, "end": 15}
    unknown = {**good, "source_id": "zzz"}
    item = _proposal("proposal-1", "talks", [good, shifted, invented, unknown])
    party = _party("p1", "Sergei Lavrov", [], ["a"])
    result = score(_brief(parties=[party], proposals=[item]), GOLD, TEXTS)
    evidence = result["evidence"]
    assert evidence["total"] == 5
    assert evidence["verbatim"] == 2
    assert evidence["offset_mismatch"] == 1
    assert evidence["not_in_text"] == 1
    assert evidence["unknown_source"] == 1
    assert result["evidence_verbatim_share"] == 0.4


def test_junk_in_item_text_is_counted() -> None:
    clean = _proposal("proposal-1", "talks", [_evidence("a", "Kyiv is ready.")])
    dirty = _proposal("proposal-2", "talks", [_evidence("a", "Kyiv is ready. Advertisement")])
    development = {
        "id": "development-1",
        "sources": ["b"],
        "evidence": [],
        "grounded": False,
        "disagreements": [],
        "actor": "Russia",
        "action": "Story continues below this ad",
        "place": "",
        "time": "",
        "quantity": "",
        "claimed_by": "",
        "claimed_by_id": None,
    }
    result = score(_brief(proposals=[clean, dirty], developments=[development]), GOLD, TEXTS)
    assert result["junk_items"] == 2
    assert {j["item"] for j in result["junk"]} == {"proposal-2", "development-1"}
    assert result["counts"]["proposals"] == 2
    assert result["counts"]["military_developments"] == 1
    assert result["counts"]["ungrounded_items"] == 1


def test_malformed_matcher_is_rejected() -> None:
    gold = {"facts": [{"id": "bad", "kind": "proposal", "matcher": {"all": [[]]}}]}
    with pytest.raises(ValueError, match="bad"):
        score(_brief(), gold, TEXTS)


def test_gold_facts_are_found_in_their_sources() -> None:
    gold = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
    texts = load_texts(ARTICLES)
    assert len(texts) == 5
    assert 12 <= len(gold["facts"]) <= 20
    assert len({f["id"] for f in gold["facts"]}) == len(gold["facts"])
    for fact in gold["facts"]:
        groups = matcher_groups(fact)
        assert fact["sources"], fact["id"]
        for source_id in fact["sources"]:
            assert matches(groups, texts[source_id]), (fact["id"], source_id)
    for party in gold["parties"]:
        for variant in party["variants"]:
            pattern = r"(?<!\w)" + re.escape(variant) + r"(?!\w)"
            assert any(re.search(pattern, t) for t in texts.values()), (party["id"], variant)


def test_seed_brief_report_is_well_formed() -> None:
    gold = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
    run = subprocess.run(
        [sys.executable, "evals/score.py", str(SEEDS_BRIEF), str(GOLD_PATH)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    lines = run.stdout.strip().splitlines()
    assert len(lines) > 1
    result = json.loads(lines[-1])
    assert result["key_facts_total"] == len(gold["facts"])
    assert [f["id"] for f in result["facts"]] == [f["id"] for f in gold["facts"]]
    for key in ("key_fact_recall", "party_recall", "evidence_verbatim_share"):
        assert 0.0 <= result[key] <= 1.0
    assert isinstance(result["duplicate_party_count"], int)
    assert isinstance(result["junk_items"], int)
    counts = result["counts"]
    assert counts["items"] == (
        counts["proposals"] + counts["positions"] + counts["military_developments"]
    )
    for fact in result["facts"]:
        assert set(fact) >= {"matched_item", "item_sources", "gold_sources", "support_recall"}
        if fact["matched_item"] is None:
            assert fact["support_recall"] == 0.0
        else:
            assert 0.0 <= fact["support_recall"] <= 1.0


# --------------------------------------------------------------------------------------------
# Item verdicts, strict recall, labels (hand-made briefs: they test the scorer, not the model)
# --------------------------------------------------------------------------------------------

FILLER = "Markets were calm and the weather in the capital was mild for the season. " * 4
VERDICT_TEXTS = {
    "v1": (
        "Russian Foreign Minister Sergei Lavrov said on Wednesday that Moscow proposed a second"
        " round of talks in Istanbul on June 2. "
        + FILLER
        + "The air force said it shot down 1,000 drones overnight. "
        "Russia launched a full-scale invasion of Ukraine in February 2022."
    ),
    "v2": "Kyiv has yet to respond to the proposal for talks in Istanbul on June 2.",
    "v3": "Kyiv said the 2024 proposal still stands.",
}
VERDICT_GOLD: dict[str, Any] = {
    "parties": [],
    "not_parties": ["Istanbul", "Sumy region"],
    "facts": [
        {
            "id": "istanbul-talks",
            "kind": "proposal",
            "sources": ["v1", "v2"],
            "matcher": {"all": [["istanbul"], ["talks"]]},
            "evidence_matcher": {"all": [["propos"], ["istanbul"]]},
        }
    ],
}


LAVROV_QUOTE = "Moscow proposed a second round of talks in Istanbul on June 2."
V3_QUOTE = "Kyiv said the 2024 proposal still stands."
DRONES_QUOTE = "The air force said it shot down 1,000 drones overnight."
INVASION_QUOTE = "Russia launched a full-scale invasion of Ukraine in February 2022."


def _ev(quote: str) -> dict[str, Any]:
    """Evidence for a quote, with its offsets in the (first) text that holds it."""
    source_id = next(sid for sid, text in VERDICT_TEXTS.items() if quote in text)
    start = VERDICT_TEXTS[source_id].index(quote)
    return {"source_id": source_id, "quote": quote, "start": start, "end": start + len(quote)}


def _item(section: str, actor: str, *quotes: str, **fields: str) -> dict[str, Any]:
    actor_field = {"proposals": "proposer", "positions": "holder"}.get(section, "actor")
    evidence = [_ev(q) for q in quotes]
    return {
        "sources": sorted({ev["source_id"] for ev in evidence}),
        "evidence": evidence,
        "grounded": True,
        "disagreements": [],
        actor_field: actor,
        **fields,
    }


def _verdict_brief(**sections: list[dict[str, Any]]) -> dict[str, Any]:
    brief: dict[str, Any] = {
        "sources": [
            {"id": "v1", "published": "2025-05-28"},
            {"id": "v2", "published": "2025-05-28"},
            {"id": "v3", "published": None},
        ],
        "parties": [
            {
                "id": "p-russia",
                "name": "Russia",
                "aliases": ["Moscow", "Foreign Ministry"],
                "kind": "state",
                "affiliation": "",
            },
            {
                "id": "p-lavrov",
                "name": "Sergei Lavrov",
                "aliases": [],
                "kind": "person",
                "affiliation": "Russia",
            },
            {"id": "p-ukraine", "name": "Ukraine", "aliases": ["Kyiv"], "kind": "state"},
        ],
    }
    for section in ITEM_SECTIONS:
        entries = sections.get(section, [])
        prefix = ITEM_SECTIONS[section].split("_")[0]
        brief[section] = [{"id": f"{prefix}-{i + 1}", **e} for i, e in enumerate(entries)]
    return brief


def _verdicts(brief: dict[str, Any], **kwargs: Any) -> dict[str, str]:
    result = score(brief, VERDICT_GOLD, VERDICT_TEXTS, published={"v3": "2025-05-29"}, **kwargs)
    return {v["id"]: v["verdict"] for v in result["items"]}


def test_supported_item_with_its_actor_is_correct() -> None:
    # proposal/proposed and talks/talk share long prefixes; "where" and "when" are held too.
    item = _item(
        "proposals",
        "Sergei Lavrov",
        LAVROV_QUOTE,
        summary="second round of talk proposed",
        where="Istanbul",
        when="June 2",
    )
    result = score(_verdict_brief(proposals=[item]), VERDICT_GOLD, VERDICT_TEXTS)
    assert result["items"][0]["verdict"] == "correct"
    assert result["precision"] == 1.0
    assert result["verdicts"] == {
        "correct": 1,
        "wrong-evidence": 0,
        "wrong-actor": 0,
        "background": 0,
        "duplicate": 0,
    }


def test_quote_lacking_the_items_words_is_wrong_evidence() -> None:
    # The Kellogg pattern: a fine sentence, but not the one that says what the item says.
    item = _item(
        "positions",
        "Russia",
        LAVROV_QUOTE,
        topic="long-range missiles for Ukraine",
        stance="condemns as irresponsible",
    )
    assert _verdicts(_verdict_brief(positions=[item])) == {"position-1": "wrong-evidence"}


def test_numbers_must_match_exactly_after_thousands_separators() -> None:
    def development(quantity: str) -> dict[str, Any]:
        return _item(
            "military_developments",
            "air force",
            DRONES_QUOTE,
            action="shot down drones",
            quantity=quantity,
        )

    brief = _verdict_brief(
        military_developments=[development("1000"), development("100"), development("")]
    )
    # The three share one span, so the later two would be duplicates of the first when right.
    assert _verdicts(brief) == {
        "military-1": "correct",
        "military-2": "wrong-evidence",
        "military-3": "duplicate",
    }


def test_half_the_evidence_must_support_the_item() -> None:
    fields = {"summary": "second round of talks in Istanbul"}
    half = _item("proposals", "Russia", LAVROV_QUOTE, DRONES_QUOTE, **fields)
    third = _item("proposals", "Russia", DRONES_QUOTE, LAVROV_QUOTE, INVASION_QUOTE)
    third.update(fields)
    brief = _verdict_brief(proposals=[half])
    assert _verdicts(brief) == {"proposal-1": "correct"}
    assert _verdicts(_verdict_brief(proposals=[third])) == {"proposal-1": "wrong-evidence"}
    assert _verdicts(_verdict_brief(proposals=[_item("proposals", "Russia", **fields)])) == {
        "proposal-1": "wrong-evidence"
    }


def test_place_and_date_alone_do_not_support_a_proposal() -> None:
    item = _item(
        "proposals",
        "Russia",
        LAVROV_QUOTE,
        summary="memorandum",
        where="Istanbul",
        when="June",
    )
    assert _verdicts(_verdict_brief(proposals=[item])) == {"proposal-1": "wrong-evidence"}


def test_actor_found_before_the_quote_or_by_alias_else_wrong_actor() -> None:
    def position(holder: str, quote: str = LAVROV_QUOTE) -> dict[str, Any]:
        return _item(
            "positions",
            holder,
            quote,
            topic="second round of talks",
            stance="proposed Istanbul",
        )

    # Lavrov is named just before the quote; Russia through its alias Moscow; Kyiv not at all.
    assert _verdicts(_verdict_brief(positions=[position("Sergei Lavrov")])) == {
        "position-1": "correct"
    }
    assert _verdicts(_verdict_brief(positions=[position("Russia")])) == {"position-1": "correct"}
    assert _verdicts(_verdict_brief(positions=[position("Ukraine")])) == {
        "position-1": "wrong-actor"
    }
    assert _verdicts(_verdict_brief(positions=[position("")])) == {"position-1": "wrong-actor"}


def test_actor_more_than_250_characters_before_the_quote_is_wrong_actor() -> None:
    assert VERDICT_TEXTS["v1"].index(DRONES_QUOTE) - VERDICT_TEXTS["v1"].index("Lavrov") > 250
    item = _item(
        "military_developments",
        "Sergei Lavrov",
        DRONES_QUOTE,
        action="shot down drones",
        quantity="1,000",
    )
    result = score(_verdict_brief(military_developments=[item]), VERDICT_GOLD, VERDICT_TEXTS)
    assert result["items"][0]["verdict"] == "wrong-actor"
    assert "not in or before any quote" in result["items"][0]["reasons"][0]


def test_earlier_year_in_quote_or_fields_is_background() -> None:
    invasion = _item(
        "military_developments",
        "Russia",
        INVASION_QUOTE,
        action="launched full-scale invasion of Ukraine",
    )
    assert _verdicts(_verdict_brief(military_developments=[invasion])) == {
        "military-1": "background"
    }
    # Published 2022 (the brief's source date wins over the article's): news of its day.
    brief = _verdict_brief(military_developments=[invasion])
    brief["sources"][0]["published"] = "2022-02-24"
    assert _verdicts(brief) == {"military-1": "correct"}
    # A year only in a field the evidence check leaves alone (the time of a development).
    dated = _item(
        "military_developments",
        "air force",
        DRONES_QUOTE,
        action="shot down drones",
        quantity="1,000",
        time="May 2024",
    )
    assert _verdicts(_verdict_brief(military_developments=[dated])) == {"military-1": "background"}
    # v3 has no date in the brief: the article's own date is used, and without one no check.
    old = _item("positions", "Kyiv", V3_QUOTE, topic="2024 proposal", stance="still stands")
    assert _verdicts(_verdict_brief(positions=[old])) == {"position-1": "background"}
    result = score(_verdict_brief(positions=[old]), VERDICT_GOLD, VERDICT_TEXTS)
    assert result["items"][0]["verdict"] == "correct"


def test_same_fact_or_shared_span_makes_the_later_item_a_duplicate() -> None:
    first = _item(
        "proposals",
        "Russia",
        LAVROV_QUOTE,
        summary="second round of talks in Istanbul",
    )
    # Another source, same gold fact (matcher and evidence matcher): a duplicate.
    second = _item(
        "proposals",
        "Ukraine",
        "Kyiv has yet to respond to the proposal for talks in Istanbul on June 2.",
        summary="respond to the proposal for talks in Istanbul",
    )
    # Overlapping span of the same source, different proposer: still one reported fact.
    third = _item(
        "proposals",
        "Sergei Lavrov",
        "Moscow proposed a second round of talks",
        summary="second round of talks",
    )
    # Same span, other section: not a duplicate.
    position = _item(
        "positions",
        "Russia",
        LAVROV_QUOTE,
        topic="second round of talks",
        stance="proposed Istanbul",
    )
    verdicts = _verdicts(_verdict_brief(proposals=[first, second, third], positions=[position]))
    assert verdicts == {
        "proposal-1": "correct",
        "proposal-2": "duplicate",
        "proposal-3": "duplicate",
        "position-1": "correct",
    }


def test_strict_recall_needs_the_evidence_matcher_and_a_correct_item() -> None:
    # Matches the fact's matcher through its fields, but no quote says "propos... Istanbul".
    loose = _item(
        "proposals",
        "Kyiv",
        "Kyiv has yet to respond",
        summary="talks in Istanbul",
    )
    result = score(_verdict_brief(proposals=[loose]), VERDICT_GOLD, VERDICT_TEXTS)
    assert result["key_fact_recall"] == 1.0
    assert result["key_fact_recall_strict"] == 0.0
    assert result["facts"][0]["strict_item"] is None

    wrong_actor = _item("proposals", "Ukraine", LAVROV_QUOTE, summary="second round of talks")
    result = score(_verdict_brief(proposals=[wrong_actor]), VERDICT_GOLD, VERDICT_TEXTS)
    assert result["items"][0]["verdict"] == "wrong-actor"
    assert (result["key_fact_recall"], result["key_fact_recall_strict"]) == (1.0, 0.0)

    # A correct item later in the brief is paired for the strict figure instead.
    right = _item("proposals", "Russia", LAVROV_QUOTE, summary="second round of talks")
    result = score(_verdict_brief(proposals=[loose, right]), VERDICT_GOLD, VERDICT_TEXTS)
    assert result["key_facts_matched_strict"] == 1
    assert result["facts"][0]["strict_item"] == "proposal-2"


def test_places_named_as_parties_are_counted() -> None:
    brief = _verdict_brief()
    brief["parties"] += [
        {"id": "p-istanbul", "name": "Istanbul", "aliases": [], "kind": "state"},
        {"id": "p-sumy", "name": "the Sumy Region", "aliases": [], "kind": "state"},
    ]
    result = score(brief, VERDICT_GOLD, VERDICT_TEXTS)
    assert result["places_as_party_count"] == 2
    assert [p["party"] for p in result["places_as_parties"]] == ["p-istanbul", "p-sumy"]


def test_hand_label_overrides_the_checks(tmp_path: Path) -> None:
    item = _item(
        "positions",
        "Russia",
        LAVROV_QUOTE,
        topic="second round of talks",
        stance="proposed Istanbul",
    )
    brief = _verdict_brief(positions=[item])
    start = VERDICT_TEXTS["v1"].index(LAVROV_QUOTE)
    base = {"section": "positions", "source_id": "v1", "start": start}
    labels_file = tmp_path / "labels.json"
    labels_file.write_text(
        json.dumps(
            {
                "labels": [
                    # Another actor: does not match this item.
                    {**base, "actor": "Ukraine", "verdict": "background"},
                    # Unchecked template entry: ignored.
                    {**base, "verdict": "duplicate", "checked": False},
                    {**base, "actor": "russia", "verdict": "wrong-actor", "note": "Lavrov speaks"},
                ]
            }
        )
    )
    labels = load_labels(labels_file)
    assert len(labels) == 2
    result = score(brief, VERDICT_GOLD, VERDICT_TEXTS, labels=labels)
    verdict = result["items"][0]
    assert (verdict["verdict"], verdict["deterministic"]) == ("wrong-actor", "correct")
    assert verdict["note"] == "Lavrov speaks"
    assert (result["labels_applied"], result["labels_unused"]) == (1, 1)
    assert result["precision"] == 0.0


def test_malformed_labels_file_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "labels.json"
    bad.write_text(json.dumps({"labels": [{"section": "positions", "verdict": "fine"}]}))
    with pytest.raises(ValueError, match="label 0 needs"):
        load_labels(bad)
    brief = tmp_path / "brief.json"
    brief.write_text(json.dumps(_verdict_brief()))
    run = subprocess.run(
        [sys.executable, "evals/score.py", str(brief), str(GOLD_PATH), "--labels", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1
    assert "label 0 needs" in run.stderr


def test_label_template_lists_every_item_unchecked(tmp_path: Path) -> None:
    out = tmp_path / "template.json"
    # Copied under another stem so that no committed evals/labels/seeds.json applies.
    gold_file = tmp_path / "gold.json"
    shutil.copy(GOLD_PATH, gold_file)
    run = subprocess.run(
        [
            sys.executable,
            "evals/score.py",
            str(SEEDS_BRIEF),
            str(gold_file),
            "--articles",
            str(ARTICLES),
            "--label-template",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    template = json.loads(out.read_text(encoding="utf-8"))["labels"]
    assert len(template) == result["counts"]["items"]
    for entry, verdict in zip(template, result["items"], strict=True):
        assert entry["checked"] is False
        assert entry["verdict"] == entry["deterministic"] == verdict["deterministic"]
        assert entry["quote"]
        assert entry["fields"]
    # Filled in unchanged, the template labels nothing; checked, it labels every item.
    assert load_labels(out) == []
    for entry in template:
        entry["checked"] = True
    out.write_text(json.dumps({"labels": template}))
    brief = json.loads(SEEDS_BRIEF.read_text(encoding="utf-8"))
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    relabelled = score(brief, gold, load_texts(ARTICLES), labels=load_labels(out))
    assert relabelled["labels_applied"] == len(template)
    assert relabelled["labels_unused"] == 0
    assert relabelled["labels_for_other_fields"] == 0


def test_run_story_scores_each_story_and_totals_each_split(tmp_path: Path) -> None:
    gold_dir, stories, briefs = tmp_path / "gold", tmp_path / "stories", tmp_path / "briefs"
    for folder in (gold_dir, briefs):
        folder.mkdir()
    story = stories / "alpha" / "articles"
    story.mkdir(parents=True)
    (stories / "alpha" / "index.json").write_text(json.dumps({"split": "heldout"}))
    for source_id, text in VERDICT_TEXTS.items():
        (story / f"{source_id}.json").write_text(
            json.dumps({"id": source_id, "text": text, "published": "2025-05-28"})
        )
    (gold_dir / "alpha.json").write_text(json.dumps(VERDICT_GOLD))
    # beta: gold but no articles (they are git-ignored), skipped with a line.
    (gold_dir / "beta.json").write_text(json.dumps(VERDICT_GOLD))
    right = _item("proposals", "Russia", LAVROV_QUOTE, summary="second round of talks")
    wrong = _item("positions", "Ukraine", DRONES_QUOTE, topic="talks", stance="no")
    brief = _verdict_brief(proposals=[right], positions=[wrong])
    brief["parties"].append({"id": "p-istanbul", "name": "Istanbul", "aliases": []})
    (briefs / "alpha.json").write_text(json.dumps(brief))
    (briefs / "beta.json").write_text(json.dumps(brief))

    run = subprocess.run(
        [
            sys.executable,
            "evals/run_story.py",
            str(briefs),
            "--gold",
            str(gold_dir),
            "--stories",
            str(stories),
            "--labels",
            str(tmp_path / "labels"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    lines = run.stdout.strip().splitlines()
    assert lines[0].startswith("seeds (seeds): skipped, no gold file")
    assert lines[1].startswith("beta (unknown): skipped, no articles")
    assert lines[2].split()[:4] == ["story", "split", "items", "prec"]
    assert lines[3].split()[:4] == ["alpha", "heldout", "2", "0.50"]
    assert lines[4].split()[:5] == ["TOTAL", "heldout", "heldout", "2", "0.50"]
    out = json.loads(lines[-1])
    alpha = next(r for r in out["stories"] if r["story"] == "alpha")
    assert alpha["verdicts"]["correct"] == 1
    assert alpha["verdicts"]["wrong-evidence"] == 1
    assert (alpha["key_facts_matched"], alpha["key_facts_matched_strict"]) == (1, 1)
    assert alpha["places_as_parties"] == 1
    assert [t["split"] for t in out["totals"]] == ["heldout"]
    assert out["totals"][0]["precision"] == 0.5
