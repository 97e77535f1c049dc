"""The gold attainability check (evals/check_gold.py) on the seeds and on small hand-built golds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from evals.check_gold import check, sentences, stating_window
from evals.score import load_texts

ROOT = Path(__file__).resolve().parent.parent
SEEDS_GOLD = ROOT / "evals" / "gold" / "seeds.json"

TEXTS = {
    "a": (
        "Umerov said Kyiv was not opposed to more meetings. He criticised Russia for delaying its "
        "memorandum. Germany will help Ukraine build missiles.\n"
        "Trump said Putin may be intentionally delaying the talks."
    ),
}


def _fact(**overrides: Any) -> dict[str, Any]:
    fact: dict[str, Any] = {
        "id": "trump-stalling",
        "kind": "position",
        "sources": ["a"],
        "matcher": {"all": [["trump"], ["delaying"]]},
        "evidence_matcher": {"all": [["intentionally delaying"]]},
    }
    fact.update(overrides)
    return fact


def test_seed_gold_is_attainable() -> None:
    gold = json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))
    assert all("evidence_matcher" in fact for fact in gold["facts"])
    assert check(gold, load_texts(ROOT / "examples" / "articles")) == []


def test_evidence_must_hold_in_one_stating_window() -> None:
    # "trump" and "memorandum" both occur in the text, but never within two adjacent sentences.
    gold = {"facts": [_fact(evidence_matcher={"all": [["trump"], ["memorandum"]]})]}
    assert check(gold, TEXTS) == [
        "trump-stalling: evidence_matcher not satisfied by a sentence of a"
    ]
    assert stating_window([["intentionally delaying"]], TEXTS["a"]) == (
        "Trump said Putin may be intentionally delaying the talks."
    )


def test_problems_are_named() -> None:
    gold = {
        "facts": [_fact(matcher={"all": [["sanctions"]]}, evidence_matcher={"all": [["Trump"]]})],
        "parties": [{"id": "umerov", "variants": ["Rustem Umerov"], "sources": ["a"]}],
        "not_parties": ["Rustem Umerov"],
    }
    assert check(gold, TEXTS) == [
        "trump-stalling: evidence alternatives must be lower case: ['Trump']",
        "trump-stalling: matcher not satisfied by a",
        "party umerov: variant 'Rustem Umerov' occurs in no article",
        "party umerov: not named in a",
        "not_parties entry 'Rustem Umerov' is also a party variant",
    ]


def test_sentences_split_at_stops_and_line_breaks() -> None:
    assert sentences("One. “Two!” Three\nFour?") == ["One.", "“Two!”", "Three", "Four?"]


def test_cli_exits_1_on_a_broken_gold(tmp_path: Path) -> None:
    gold = json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))
    gold["facts"][0]["evidence_matcher"] = {"all": [["vatican"], ["296"]]}
    path = tmp_path / "seeds.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "evals/check_gold.py", str(path), "--articles", "examples/articles"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "russia-proposes-istanbul-talks: evidence_matcher not satisfied" in run.stdout
