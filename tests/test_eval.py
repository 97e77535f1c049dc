"""The evaluation scorer (evals/score.py) on small hand-built briefs, and on the seed brief."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from evals.score import load_texts, matcher_groups, matches, score

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
