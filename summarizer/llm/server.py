"""The embedded server process: llama-cpp-python's OpenAI-compatible app around a ``Llama`` that
starts from the stored state of the static prompt prefix.

Run as ``python -m summarizer.llm.server`` with llama-cpp-python's own server flags plus
``--prefix_state FILE``, ``--prefix_model_sha256`` and ``--prefix_prompt_version``.

The prefix is learned from the traffic, so this module needs no knowledge of the prompt: the first
request of a run that found no valid state stores the state after its prompt; the next request
whose prompt departs from it earlier (a second article) trims that state to the tokens the two
prompts share, the static prefix, and stores it again. A later run loads it at start-up, and its
first request prefills only what follows the prefix.

Each completion also logs one ``summarizer-stats`` JSON line (prompt tokens, tokens reused,
prefill and decode time) for ``benchmarks/embedded.py``.
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
    args = parser.parse_args(argv)
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
            flags={name: flags[name] for name in KEY_FLAGS},
        )
        keeper = PrefixKeeper(llama, args.prefix_state, key)
        keeper.load()
    if args.last_logits == "true":
        keep_last_logits(llama)
    attach(llama, keeper)
    uvicorn.run(app, host=server_settings.host, port=server_settings.port)


if __name__ == "__main__":
    main()
