"""Many one-token decisions in one request (the embedded server's choices route): the pure parts
(where the prompts part, grouping and slicing into llama.cpp batches, the top log-probabilities,
answers put back with their questions), and the client's two ways of asking, with the same
retries and breaker. The route itself runs only with the model (cassettes, benchmarks)."""

from __future__ import annotations

import asyncio
import json
import math
import re
import time
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from summarizer.config import EMBEDDED_MODEL, Config
from summarizer.llm.choices import (
    CHOICES_PATH,
    MAX_QUESTIONS,
    batch_entries,
    chunks,
    in_order,
    plan_groups,
    shared_prefix_length,
    slices,
    top_logprobs,
)
from summarizer.llm.client import ModelCallError, ModelClient, _option_probabilities
from summarizer.llm.pool import ModelPool
from tests.scripted_server import Step, recorded_decision, refusing_port, scripted_server

QUESTIONS = [
    [{"role": "user", "content": f"Sentence {i}: Russia proposed talks."}] for i in range(5)
]


def test_the_shared_prefix_leaves_every_prompt_a_token_of_its_own() -> None:
    assert shared_prefix_length([[1, 2, 3, 4], [1, 2, 3, 9, 9], [1, 2, 5]]) == 2
    # One question, or identical ones: the last token is still evaluated for its logits.
    assert shared_prefix_length([[1, 2, 3]]) == 2
    assert shared_prefix_length([[1, 2, 3], [1, 2, 3]]) == 2
    assert shared_prefix_length([[1, 2, 3], [1, 2, 3, 4]]) == 2
    assert shared_prefix_length([[7], [8]]) == 0
    assert shared_prefix_length([]) == 0


def test_groups_fit_the_sequences_and_the_context() -> None:
    assert plan_groups([3, 3, 3, 3, 3], max_questions=2, max_tokens=100) == [[0, 1], [2, 3], [4]]
    assert plan_groups([40, 40, 30, 50], max_questions=8, max_tokens=80) == [[0, 1], [2, 3]]
    assert plan_groups([5] * 3, max_questions=32, max_tokens=1000) == [[0, 1, 2]]
    with pytest.raises(ValueError, match="question 1 has 90 tokens"):
        plan_groups([10, 90], max_questions=8, max_tokens=80)


def test_each_question_is_its_own_sequence_after_the_prefix_with_logits_at_its_end() -> None:
    suffixes = {0: [10, 11], 1: [20], 2: [30, 31, 32]}
    entries = batch_entries(suffixes, [0, 2], n_prefix=100)
    assert [(e.token, e.position, e.sequence, e.question) for e in entries] == [
        (10, 100, 1, None), (11, 101, 1, 0),
        (30, 100, 2, None), (31, 101, 2, None), (32, 102, 2, 2),
    ]  # fmt: skip
    parts = list(slices(entries, 2))
    assert [len(p) for p in parts] == [2, 2, 1]
    assert [e for p in parts for e in p] == entries


def test_top_logprobs_are_the_chat_routes() -> None:
    """Sorted by (log-probability, token id) descending, keyed by text, the greedy token last."""
    logits = np.array([0.5, 3.0, 1.0, 3.0, -2.0, 2.0], dtype=np.single)
    logprobs = logits - np.log(np.sum(np.exp(logits)))
    texts = {0: "a", 1: "P", 2: "b", 3: " P", 4: "c", 5: "S"}
    chosen, logprob, top = top_logprobs(logprobs, 3, texts.__getitem__)
    # Ties go to the higher token id, as sorted(..., reverse=True) orders them.
    assert chosen == " P" and logprob == pytest.approx(float(logprobs[3]))
    assert list(top) == [" P", "P", "S"]
    # Same text from two tokens: one key, the later token's value (dict semantics).
    chosen, _, top = top_logprobs(logprobs, 4, {**texts, 5: "P"}.__getitem__)
    assert list(top) == [" P", "P", "b"]
    assert top["P"] == pytest.approx(float(logprobs[5]))


def test_answers_go_back_to_their_questions_by_index() -> None:
    assert in_order([{"index": 1, "x": "b"}, {"index": 0, "x": "a"}], 2) == [
        {"index": 0, "x": "a"},
        {"index": 1, "x": "b"},
    ]
    for wrong in ([{"index": 0}], [{"index": 0}, {"index": 0}], [{"index": 0}, {"index": 2}]):
        with pytest.raises(ValueError):
            in_order(wrong, 2)
    assert [list(c) for c in chunks(5, 2)] == [[0, 1], [2, 3], [4]]
    assert len(chunks(MAX_QUESTIONS * 2 + 1)) == 3
    assert chunks(0) == []


def _config(url: str, *, route: bool, attempts: int = 5) -> Config:
    return Config(
        model=EMBEDDED_MODEL, base_url=url, choices_route=route, max_transport_attempts=attempts
    )


def test_choices_route_is_the_embedded_backends_default_only() -> None:
    assert Config().resolve(env={}).choices_route
    assert not Config(base_url="http://127.0.0.1:8080/v1").resolve(env={}).choices_route
    on = {"SUMMARIZER_CHOICES_ROUTE": "1"}
    assert Config(base_url="http://127.0.0.1:8080/v1").resolve(env=on).choices_route
    assert not Config(choices_route=False).resolve(env=on).choices_route


@pytest.mark.parametrize("route", [True, False])
def test_many_questions_one_request_or_one_each_give_the_same_choices(route: bool) -> None:
    async def go(url: str) -> object:
        client = ModelClient(_config(url, route=route).resolve(env={}), base_url=url)
        try:
            return await ModelPool([client]).choose_many(QUESTIONS, "PSMN", article="a")
        finally:
            await client.aclose()

    with scripted_server([Step()]) as (url, script):
        answered = asyncio.run(go(url))
    expected = _option_probabilities(
        type("C", (), {"logprobs": _logprobs(recorded_decision())})(), "PSMN"
    )
    assert len(answered.choices) == len(QUESTIONS)  # type: ignore[attr-defined]
    assert all(c.probabilities == expected for c in answered.choices)  # type: ignore[attr-defined]
    if route:
        (request,) = script.requests
        assert [q["messages"] for q in request["questions"]] == QUESTIONS
        assert request["top_logprobs"] == 10 and answered.calls == 1  # type: ignore[attr-defined]
    else:
        assert [r["messages"] for r in script.requests] == QUESTIONS
        assert all(r["max_tokens"] == 1 and r["logprobs"] for r in script.requests)
        assert answered.calls == len(QUESTIONS)  # type: ignore[attr-defined]
    assert answered.usage.prompt_tokens > 0  # type: ignore[attr-defined]


def _logprobs(decision: dict[str, object]) -> object:
    from openai.types.chat.chat_completion import ChoiceLogprobs

    choice = decision["choices"][0]  # type: ignore[index]
    return ChoiceLogprobs.model_validate(choice["logprobs"])


def test_the_choices_route_is_retried_like_any_call() -> None:
    async def go(url: str) -> int:
        client = ModelClient(
            _config(url, route=True).resolve(env={}), base_url=url, initial_wait_s=0.01
        )
        try:
            answered = await client.choose_many(QUESTIONS, "PSMN", article="a")
            return answered.calls
        finally:
            await client.aclose()

    with scripted_server([Step(503), Step(429), Step()]) as (url, script):
        assert asyncio.run(go(url)) == 3
    assert len(script.requests) == 3


def test_a_choices_answer_for_other_questions_is_an_error_of_the_article() -> None:
    async def go(url: str) -> ModelCallError:
        client = ModelClient(_config(url, route=True).resolve(env={}), base_url=url)
        try:
            with pytest.raises(ModelCallError) as caught:
                await client.choose_many(QUESTIONS, "PSMN", article="a")
            return caught.value
        finally:
            await client.aclose()

    short = {"object": "summarizer.choices", "choices": [], "usage": None}
    with scripted_server([Step(body=short)]) as (url, _script):
        error = asyncio.run(go(url))
    assert "answered other questions" in str(error) and error.calls == 1
    assert not error.unreachable


def test_a_dead_server_still_fails_fast_through_the_choices_route() -> None:
    async def go(url: str) -> tuple[float, ModelCallError, bool]:
        client = ModelClient(
            _config(url, route=True, attempts=3).resolve(env={}), base_url=url,
            initial_wait_s=0.01,
        )  # fmt: skip
        began = time.monotonic()
        try:
            with pytest.raises(ModelCallError) as caught:
                await ModelPool([client]).choose_many(QUESTIONS, "PSMN", article="a")
            return time.monotonic() - began, caught.value, client.breaker.open
        finally:
            await client.aclose()

    with refusing_port() as url:
        seconds, error, tripped = asyncio.run(go(url))
    assert "cannot reach the model endpoint" in str(error) and error.unreachable
    assert error.calls == 3 and seconds < 5
    assert tripped  # the run's other articles are not started


def test_probabilities_sum_to_one_over_the_options() -> None:
    decision = recorded_decision()
    probabilities = _option_probabilities(
        type("C", (), {"logprobs": _logprobs(decision)})(), "PSMN"
    )
    assert probabilities is not None
    assert math.isclose(sum(probabilities.values()), 1.0, abs_tol=1e-3)


@pytest.mark.embedded
def test_the_embedded_route_answers_as_the_chat_route_and_keeps_the_prefix_state(
    assembled_model_cache: Path,
) -> None:
    """The real server: a choices request answers each question with the chat route's token and
    nearly its log-probabilities (batch sizes differ, so the floats may too); the first request
    stores the shared prefix's state, the next reuses it, and a new server loads it."""
    from summarizer.llm.embedded import EmbeddedServer

    tmp_path = assembled_model_cache
    config = Config(cache_dir=tmp_path, embedded_n_ctx=2048).resolve(env={})
    system = "Answer with one letter: Y for yes, N for no. " * 12
    questions = [
        [{"role": "system", "content": system}, {"role": "user", "content": q}]
        for q in ("Is the sky blue?", "Is fire cold?", "Do fish swim?")
    ]

    def post(server: EmbeddedServer, path: str, body: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(
            f"{server.base_url}/{path}", data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=300) as response:
            return json.loads(response.read())  # type: ignore[no-any-return]

    def top(choice: dict[str, Any]) -> dict[str, float]:
        first = choice["logprobs"]["content"][0]
        return {t["token"]: t["logprob"] for t in first["top_logprobs"]}

    with EmbeddedServer(config) as server:
        batched = post(server, CHOICES_PATH, {"questions": [{"messages": q} for q in questions]})
        again = post(server, CHOICES_PATH, {"questions": [{"messages": q} for q in questions]})
        one_token = {"max_tokens": 1, "temperature": 0, "logprobs": True, "top_logprobs": 10}
        single = [post(server, "chat/completions", {"messages": q, **one_token}) for q in questions]
        log = server.log_path.read_text()
    assert [c["index"] for c in batched["choices"]] == [0, 1, 2]
    for many, one in zip(batched["choices"], single, strict=True):
        (alone,) = one["choices"]
        # The likeliest token (the chat route samples after its repeat penalty, the route not).
        assert many["message"]["content"] == max(top(alone).items(), key=lambda t: t[1])[0]
        shared = set(top(many)) & set(top(alone))
        assert len(shared) >= 8
        assert max(abs(math.exp(top(many)[t]) - math.exp(top(alone)[t])) for t in shared) < 0.05
    assert batched["usage"]["prompt_tokens"] == sum(o["usage"]["prompt_tokens"] for o in single)
    assert top(again["choices"][0]) == pytest.approx(top(batched["choices"][0]), abs=1e-4)
    first, second = _stats(log)[:2]
    assert first["reused_tokens"] == 0 and first["questions"] == 3
    stored = int(re.findall(r"stored (\d+) tokens", log)[0])
    assert second["reused_tokens"] == stored > 100

    with EmbeddedServer(config) as server:
        post(server, CHOICES_PATH, {"questions": [{"messages": q} for q in questions[:2]]})
        log = server.log_path.read_text()
    assert f"loaded {stored} tokens" in log and _stats(log)[0]["reused_tokens"] == stored


def _stats(log: str) -> list[dict[str, Any]]:
    return [json.loads(m) for m in re.findall(r"^summarizer-stats (\{.*\})$", log, re.M)]
