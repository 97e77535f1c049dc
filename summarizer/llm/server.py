"""The embedded server process: llama-cpp-python's OpenAI-compatible app around a ``Llama`` that
starts from the stored state of the static prompt prefix.

Run as ``python -m summarizer.llm.server`` with llama-cpp-python's own server flags plus
``--prefix_state FILE``, ``--prefix_model_sha256`` and ``--prefix_prompt_version``.

The prefix is learned from the traffic, so this module needs no knowledge of the prompt: the first
request of a run that found no valid state stores the state after its prompt; the next request
whose prompt departs from it earlier (a second article) trims that state to the tokens the two
prompts share, the static prefix, and stores it again. A later run loads it at start-up, and its
first request prefills only what follows the prefix.

It also serves a route of its own, ``POST /v1/summarizer/choices``: many one-token decisions in
one request, evaluated as parallel sequences of one llama.cpp batch after the shared prefix
(:mod:`summarizer.llm.choices`); each answer is the chat route's answer to the same messages with
``max_tokens=1, temperature=0, logprobs=True``.

Each completion also logs one ``summarizer-stats`` JSON line (prompt tokens, tokens reused,
prefill and decode time) for ``benchmarks/embedded.py``; each choices request logs one too.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, Field

from summarizer.llm.choices import (
    CHOICES_PATH,
    MAX_QUESTIONS,
    answer,
    batch_entries,
    plan_groups,
    shared_prefix_length,
    slices,
    top_logprobs,
)
from summarizer.llm.prefix_state import PrefixState, read_state, state_key, write_lock, write_state

# Flags that shape the stored KV state; threads, mmap, host and port do not.
KEY_FLAGS = ("n_ctx", "n_batch", "n_ubatch", "type_k", "type_v", "flash_attn", "offload_kqv")
# A shared prefix shorter than this is not the static prompt (it is the chat template's header).
MIN_PREFIX_TOKENS = 64
_SEQ = 0


def _log(message: str) -> None:
    print(f"summarizer: {message}", file=sys.stderr, flush=True)


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class PrefixKeeper:
    """Loads the stored prefix state into a ``Llama`` and stores it when it is missing or holds
    more than the prefix."""

    def __init__(self, llama: Any, path: Path, key: dict[str, Any]) -> None:
        self.llama = llama
        self.path = path
        self.key = key
        #: Tokens of the state on disk (``None``: nothing valid stored yet).
        self.stored: list[int] | None = None

    def load(self) -> None:
        import llama_cpp

        started = time.perf_counter()
        state, reason = read_state(self.path, self.key)
        if state is None:
            _log(f"prefix state {self.path}: {reason}; it is built by this run")
            return
        buffer = (ctypes.c_uint8 * len(state.payload)).from_buffer_copy(state.payload)
        ctx = self.llama._ctx.ctx
        if llama_cpp.llama_state_seq_set_data(ctx, buffer, len(state.payload), _SEQ) == 0:
            self.llama._ctx.kv_cache_seq_rm(-1, 0, -1)
            _log(f"prefix state {self.path}: llama.cpp refused it; it is built by this run")
            return
        n = len(state.tokens)
        self.llama.input_ids[:n] = state.tokens
        self.llama.n_tokens = n
        # No logits were restored: the next prompt must evaluate at least one token.
        self.llama._requires_eval = True
        self.stored = state.tokens
        _log(
            f"prefix state {self.path}: loaded {n} tokens in {time.perf_counter() - started:.2f} s"
        )

    def _save(self, n_tokens: int) -> None:
        """Cut the KV cache to its first ``n_tokens`` and store that state."""
        import llama_cpp

        llama = self.llama
        tokens = [int(t) for t in llama.input_ids[:n_tokens]]
        llama._ctx.kv_cache_seq_rm(-1, n_tokens, -1)
        llama.n_tokens = n_tokens
        started = time.perf_counter()
        with write_lock(self.path):
            current, _ = read_state(self.path, self.key)
            if current is not None and current.tokens == tokens[: len(current.tokens)]:
                # Another run stored this prefix, or a shorter one, meanwhile.
                self.stored = current.tokens
                return
            ctx = llama._ctx.ctx
            size = llama_cpp.llama_state_seq_get_size(ctx, _SEQ)
            buffer = (ctypes.c_uint8 * size)()
            written = llama_cpp.llama_state_seq_get_data(ctx, buffer, size, _SEQ)
            payload = bytes(memoryview(buffer)[:written])
            write_state(self.path, self.key, PrefixState(tokens=tokens, payload=payload))
        self.stored = tokens
        _log(
            f"prefix state {self.path}: stored {n_tokens} tokens ({len(payload):,} bytes) "
            f"in {time.perf_counter() - started:.2f} s"
        )

    def before(self, prompt: Sequence[int]) -> int:
        """Before a prompt is evaluated; returns how many of its tokens are already in the KV
        cache."""
        llama = self.llama
        held = _common_prefix(llama.input_ids[: llama.n_tokens].tolist(), prompt)
        if self.stored is not None:
            shared = _common_prefix(self.stored, prompt)
            if MIN_PREFIX_TOKENS <= shared < len(self.stored) and held >= shared:
                # The stored state runs past the static prefix (into the first article).
                self._save(shared)
                held = shared
        return held

    def after(self, prompt: Sequence[int]) -> None:
        """After a completion: store the prompt's state if nothing is stored yet."""
        llama = self.llama
        if self.stored is None and len(prompt) >= MIN_PREFIX_TOKENS:
            held = _common_prefix(llama.input_ids[: llama.n_tokens].tolist(), prompt)
            if held == len(prompt):  # not after a request that failed before its prefill
                self._save(len(prompt))


def attach(llama: Any, keeper: PrefixKeeper | None) -> None:
    """Route every generation of ``llama`` through the keeper (if any) and log its figures."""
    original = llama.generate

    def generate(tokens: Sequence[int], *args: Any, **kwargs: Any) -> Iterator[int]:
        prompt = list(tokens)
        if keeper is not None:
            held = keeper.before(prompt)
        else:
            held = _common_prefix(llama.input_ids[: llama.n_tokens].tolist(), prompt)
        started = time.perf_counter()
        first: float | None = None
        decoded = 0
        try:
            for token in original(prompt, *args, **kwargs):
                if first is None:
                    first = time.perf_counter()
                decoded += 1
                yield token
        finally:
            ended = time.perf_counter()
            stats = {
                "prompt_tokens": len(prompt),
                # generate() evaluates the last prompt token again when the whole prompt is held.
                "reused_tokens": min(held, len(prompt) - 1),
                "prefill_s": round((first or ended) - started, 3),
                "decode_tokens": decoded,
                "decode_s": round(ended - (first or ended), 3),
            }
            print(f"summarizer-stats {json.dumps(stats)}", file=sys.stderr, flush=True)
            if keeper is not None:
                keeper.after(prompt)

    llama.generate = generate


def keep_last_logits(llama: Any) -> None:
    """Serve ``logprobs`` while computing only the last position's logits.

    llama-cpp-python answers ``logprobs`` only for a model made with ``logits_all``, which has
    llama.cpp compute the vocabulary's logits at every prompt position and copy them all
    (151,936 floats a token here). A one-token decision needs the logits of the last prompt
    position alone. This ``eval`` keeps llama.cpp's default (last position only) and writes
    that row where llama-cpp-python's logprobs code reads it; the score matrix is allocated
    lazily (zeroed pages cost no memory until written), so only the rows written take memory.
    """
    import numpy as np

    n_vocab = llama.n_vocab()
    llama.scores = np.zeros((llama.n_ctx(), n_vocab), dtype=np.single)

    def eval(tokens: Sequence[int]) -> None:
        llama._ctx.kv_cache_seq_rm(-1, llama.n_tokens, -1)
        for i in range(0, len(tokens), llama.n_batch):
            batch = tokens[i : min(len(tokens), i + llama.n_batch)]
            n_past = llama.n_tokens
            n_tokens = len(batch)
            llama._batch.set_batch(batch=batch, n_past=n_past, logits_all=False)
            llama._ctx.decode(llama._batch)
            llama.input_ids[n_past : n_past + n_tokens] = batch
            logits = np.ctypeslib.as_array(llama._ctx.get_logits(), shape=(n_vocab,))
            llama.scores[n_past + n_tokens - 1, :] = logits
            llama.n_tokens += n_tokens
            llama._requires_eval = False

    llama.eval = eval
    # The only check that refuses logprobs without logits_all reads this flag.
    llama._logits_all = True
    _lazy_logprobs(type(llama))


class _RowsOnDemand:
    """Log-probabilities of a score matrix, computed only for the rows sliced out of it."""

    def __init__(self, scores: Any, to_logprobs: Any) -> None:
        self.scores = scores
        self.to_logprobs = to_logprobs

    def __getitem__(self, index: Any) -> Any:
        return self.to_logprobs(self.scores[index])


def _lazy_logprobs(llama_class: Any) -> None:
    """llama-cpp-python turns the whole score matrix (every prompt position, 151,936 floats
    each) into log-probabilities and then keeps the rows after the prompt: for a one-token
    answer, one row of the ~300 (measured: most of a decision's time outside its prefill).
    Computing only the rows it slices out gives the same numbers."""
    original = llama_class.logits_to_logprobs
    if getattr(original, "_rows_on_demand", False):
        return

    def logits_to_logprobs(logits: Any, axis: int = -1) -> Any:
        if getattr(logits, "ndim", 1) == 2 and axis == -1:
            return _RowsOnDemand(logits, original)
        return original(logits, axis=axis)

    logits_to_logprobs._rows_on_demand = True  # type: ignore[attr-defined]
    llama_class.logits_to_logprobs = staticmethod(logits_to_logprobs)


def parallel_context(n_seq_max: int) -> None:
    """Make the next ``Llama``'s context hold ``n_seq_max`` sequences in one unified KV buffer.

    llama-cpp-python makes its context with one sequence and has no setting for more. Unified,
    the sequences share the context's cells: a copied prefix is the same cells tagged with more
    sequences, and each sequence may use the whole context (split per sequence, each would get
    ``n_ctx / n_seq_max`` cells and a copy of the prefix)."""
    import llama_cpp.llama_cpp as lib

    original = lib.llama_context_default_params
    if getattr(original, "_summarizer_parallel", None) == n_seq_max:
        return

    def default_params() -> Any:
        params = original()
        params.n_seq_max = n_seq_max
        params.kv_unified = True
        return params

    default_params._summarizer_parallel = n_seq_max  # type: ignore[attr-defined]
    lib.llama_context_default_params = default_params


class _Prompt(Exception):
    def __init__(self, tokens: list[int]) -> None:
        super().__init__("prompt captured")
        self.tokens = tokens


class _PromptOnly:
    """A ``Llama`` for the chat handler that stops at the completion call, with its prompt."""

    def __init__(self, llama: Any) -> None:
        self._llama = llama

    def __getattr__(self, name: str) -> Any:
        return getattr(self._llama, name)

    def create_completion(self, prompt: Any, **kwargs: Any) -> Any:
        if isinstance(prompt, str):
            prompt = self._llama.tokenize(prompt.encode("utf-8"), special=True)
        raise _Prompt([int(t) for t in prompt])


def chat_prompt(llama: Any, messages: list[dict[str, Any]]) -> list[int]:
    """The tokens the chat route evaluates for ``messages``: the same handler (the model's chat
    template) with the same arguments as a one-token decision, stopped before it runs."""
    import llama_cpp.llama_chat_format as formats

    handler: Any = (
        llama.chat_handler
        or llama._chat_handlers.get(llama.chat_format)
        or formats.get_chat_completion_handler(llama.chat_format)
    )
    try:
        handler(
            llama=_PromptOnly(llama), messages=messages, temperature=0.0, max_tokens=1,
            logprobs=True, top_logprobs=10,
        )  # fmt: skip
    except _Prompt as prompt:
        return prompt.tokens
    raise RuntimeError("the chat handler asked for no completion")


def answer_questions(
    llama: Any, keeper: PrefixKeeper | None, questions: list[list[dict[str, Any]]], k: int
) -> dict[str, Any]:
    """Each question's one-token answer with its ``k`` top log-probabilities, all evaluated as
    parallel sequences after the shared prefix on sequence 0."""
    import llama_cpp
    import numpy as np

    started = time.perf_counter()
    prompts = [chat_prompt(llama, messages) for messages in questions]
    n_prefix = shared_prefix_length(prompts)
    prefix = prompts[0][:n_prefix] if prompts else []
    suffixes = {i: p[n_prefix:] for i, p in enumerate(prompts)}
    n_ctx = llama.n_ctx()
    n_seq = llama_cpp.llama_n_seq_max(llama._ctx.ctx)
    groups = plan_groups(
        [len(s) for s in suffixes.values()],
        max_questions=max(1, n_seq - 1),
        max_tokens=n_ctx - n_prefix,
    )
    if keeper is not None:
        held = keeper.before(prefix)
    else:
        held = _common_prefix(llama.input_ids[: llama.n_tokens].tolist(), prefix)
    held = min(held, n_prefix)
    # Sequence 0 keeps the prefix and nothing after it.
    llama._ctx.kv_cache_seq_rm(0, held, -1)
    llama.n_tokens = held
    if held < n_prefix:
        llama.eval(prefix[held:])
    llama._requires_eval = True  # the logits are no longer the last prompt position's
    n_vocab = llama.n_vocab()
    to_logprobs = type(llama).logits_to_logprobs
    detokenize = lambda t: llama.detokenize([t]).decode("utf-8", errors="ignore")  # noqa: E731
    answers: dict[int, dict[str, Any]] = {}
    ctx = llama._ctx.ctx
    batch = llama._batch.batch
    for group in groups:
        for k_seq in range(1, len(group) + 1):
            llama._ctx.kv_cache_seq_cp(0, k_seq, 0, n_prefix)
        try:
            for part in slices(batch_entries(suffixes, group, n_prefix), llama.n_batch):
                batch.n_tokens = len(part)
                for i, entry in enumerate(part):
                    batch.token[i] = entry.token
                    batch.pos[i] = entry.position
                    batch.seq_id[i][0] = entry.sequence
                    batch.n_seq_id[i] = 1
                    batch.logits[i] = entry.question is not None
                code = llama_cpp.llama_decode(ctx, batch)
                if code != 0:
                    raise RuntimeError(f"llama_decode returned {code}")
                for i, entry in enumerate(part):
                    if entry.question is None:
                        continue
                    logits = np.ctypeslib.as_array(
                        llama_cpp.llama_get_logits_ith(ctx, i), shape=(n_vocab,)
                    )
                    chosen, logprob, top = top_logprobs(to_logprobs(logits.copy()), k, detokenize)
                    answers[entry.question] = answer(entry.question, chosen, logprob, top)
        finally:
            for k_seq in range(1, len(group) + 1):
                llama._ctx.kv_cache_seq_rm(k_seq, 0, -1)
    ended = time.perf_counter()
    stats = {
        "prompt_tokens": n_prefix + sum(len(s) for s in suffixes.values()),
        "reused_tokens": held,
        "prefill_s": round(ended - started, 3),
        "decode_tokens": 0,
        "decode_s": 0.0,
        "questions": len(prompts),
        "batches": len(groups),
    }
    print(f"summarizer-stats {json.dumps(stats)}", file=sys.stderr, flush=True)
    if keeper is not None:
        keeper.after(prefix)
    prompt_tokens = sum(len(p) for p in prompts)
    return {
        "object": "summarizer.choices",
        "created": int(time.time()),
        "choices": [answers[i] for i in range(len(prompts))],
        # What the questions would count asked one by one; nothing is decoded.
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": 0,
            "total_tokens": prompt_tokens,
        },
    }


class Question(BaseModel):
    """One decision: the chat messages the chat route would be sent."""

    messages: list[dict[str, Any]] = Field(min_length=1)


class ChoicesRequest(BaseModel):
    model: str | None = None
    questions: list[Question] = Field(min_length=1, max_length=1024)
    top_logprobs: int = Field(default=10, ge=1, le=20)


def add_choices_route(app: Any, llama: Any, keeper: PrefixKeeper | None) -> None:
    """``POST /v1/summarizer/choices``: ``{"model", "questions": [{"messages": [...]}, ...],
    "top_logprobs": k}``, answered with one chat-completion choice per question, in order."""
    import contextlib

    from fastapi import HTTPException
    from llama_cpp.server.app import get_llama_proxy
    from starlette.concurrency import run_in_threadpool

    async def choices(body: ChoicesRequest) -> dict[str, Any]:
        async with contextlib.asynccontextmanager(get_llama_proxy)():
            try:
                result: dict[str, Any] = await run_in_threadpool(
                    answer_questions, llama, keeper,
                    [q.messages for q in body.questions], body.top_logprobs,
                )  # fmt: skip
            except ValueError as exc:  # a question that does not fit the context
                raise HTTPException(status_code=400, detail=str(exc)) from exc
        result["model"] = body.model or ""
        return result

    app.add_api_route(f"/v1/{CHOICES_PATH}", choices, methods=["POST"])


def main(argv: Sequence[str] | None = None) -> None:
    import llama_cpp
    import uvicorn  # type: ignore[import-not-found,unused-ignore]
    from llama_cpp.server import app as server_app
    from llama_cpp.server.cli import add_args_from_model, parse_model_from_args
    from llama_cpp.server.settings import ModelSettings, ServerSettings, Settings

    parser = argparse.ArgumentParser(description="summarizer's embedded llama.cpp server")
    add_args_from_model(parser, Settings)
    parser.add_argument("--prefix_state", type=Path, default=None)
    parser.add_argument("--prefix_model_sha256", default="")
    parser.add_argument("--prefix_prompt_version", default="")
    parser.add_argument("--last_logits", default="false", choices=["true", "false"])
    parser.add_argument(
        "--parallel_choices", type=int, default=0,
        help="serve /v1/summarizer/choices with up to this many questions evaluated together",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.parallel_choices > 0:
        parallel_context(min(args.parallel_choices, MAX_QUESTIONS) + 1)
    # parse_model_from_args returns an instance; its annotation says the class.
    server_settings = cast(ServerSettings, parse_model_from_args(ServerSettings, args))
    model_settings = cast(ModelSettings, parse_model_from_args(ModelSettings, args))
    app = server_app.create_app(server_settings=server_settings, model_settings=[model_settings])
    proxy = server_app._llama_proxy
    assert proxy is not None
    llama = proxy()  # the model create_app just loaded
    keeper = None
    if args.prefix_state is not None:
        flags = model_settings.model_dump()
        key = state_key(
            model_sha256=args.prefix_model_sha256,
            prompt_version=args.prefix_prompt_version,
            llama_cpp_version=llama_cpp.__version__,
            flags={
                **{name: flags[name] for name in KEY_FLAGS},
                # More sequences and a unified KV buffer change the context the state is for.
                "parallel_choices": args.parallel_choices,
            },
        )
        keeper = PrefixKeeper(llama, args.prefix_state, key)
        keeper.load()
    if args.last_logits == "true":
        keep_last_logits(llama)
    attach(llama, keeper)
    if args.parallel_choices > 0:
        add_choices_route(app, llama, keeper)
    uvicorn.run(app, host=server_settings.host, port=server_settings.port)


if __name__ == "__main__":
    main()
