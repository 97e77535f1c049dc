"""The choices route's answers under two server settings, on the seeds' decisions (the questions
of the seeds' cassette): whether each decision's first choice is the same, and the largest
difference of a top token's probability. Each setting runs on a fresh embedded server; needs the
[local] extra and the assembled model (run it alone: ``flock /tmp/cpu.lock``).

    python benchmarks/choices_agreement.py [--env NAME=VALUE ...]   # B's settings; A: the defaults
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import yaml

from summarizer.config import EMBEDDED_MODEL, Config
from summarizer.llm import EmbeddedServer, ensure_model
from summarizer.llm.choices import CHOICES_PATH

ROOT = Path(__file__).resolve().parent.parent
CASSETTE = ROOT / "cassettes" / "seeds_brief_decide.yaml"


def requests() -> list[dict[str, Any]]:
    data = yaml.safe_load(CASSETTE.read_text())
    return [
        json.loads(i["request"]["body"])
        for i in data["interactions"]
        if i["request"]["uri"].endswith(CHOICES_PATH)
    ]


def probabilities(choice: dict[str, Any]) -> dict[str, float]:
    top = choice["logprobs"]["content"][0]["top_logprobs"]
    return {t["token"]: math.exp(t["logprob"]) for t in top}


def answers(env: dict[str, str], cache_dir: Path) -> tuple[list[dict[str, Any]], float]:
    config = Config(cache_dir=cache_dir).resolve(env=env)
    out: list[dict[str, Any]] = []
    started = time.perf_counter()
    with EmbeddedServer(config) as server:
        for body in requests():
            request = urllib.request.Request(
                f"{server.base_url}/{CHOICES_PATH}",
                data=json.dumps({**body, "model": EMBEDDED_MODEL}).encode(),
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=600) as response:
                out += json.loads(response.read())["choices"]
    return out, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--env", action="append", default=[], help="B's settings, NAME=VALUE")
    parser.add_argument("--a-env", action="append", default=[], help="A's settings, NAME=VALUE")
    args = parser.parse_args()
    model = ensure_model(Config().resolve(env={}).cache_dir)
    work = Path(tempfile.mkdtemp(prefix="summarizer-agree-"))
    try:
        runs = {}
        for name, pairs in (("a", args.a_env), ("b", args.env)):
            folder = work / name / "models"
            folder.mkdir(parents=True)
            for item in model.parent.iterdir():
                if item.name.startswith(model.stem):
                    (folder / item.name).symlink_to(item)
            env = dict(p.split("=", 1) for p in pairs)
            runs[name] = answers(env, work / name)
            print(
                f"{name} {env}: {len(runs[name][0])} answers in {runs[name][1]:.1f} s", flush=True
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    a, b = runs["a"][0], runs["b"][0]
    same = sum(
        x["message"]["content"] == y["message"]["content"] for x, y in zip(a, b, strict=True)
    )
    diffs = []
    for x, y in zip(a, b, strict=True):
        px, py = probabilities(x), probabilities(y)
        diffs.append(max(abs(px.get(t, 0.0) - py.get(t, 0.0)) for t in px.keys() | py.keys()))
    print(json.dumps({
        "decisions": len(a), "first_choice_same": same,
        "max_probability_difference": round(max(diffs), 4),
        "over_0.02": sum(d > 0.02 for d in diffs),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
