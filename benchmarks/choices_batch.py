"""Ways of evaluating one article's decisions, timed in one process (issue 15): seed 004's 23
questions (the last request of the seeds' cassette) on the model loaded as the embedded server
loads it, after their shared prefix on sequence 0:

* ``batchN``: every question as its own sequence (the choices route), in llama_decode calls of N;
* ``seq``: one question at a time on sequence 1, after a copy of the prefix;
* ``singleN``: the same number of tokens as one sequence (a reference rate, not an answer).

Wall and CPU seconds per mode (CPU time says more than wall time when other work shares the
cores), and whether each mode's greedy answers match the first mode's. Run it alone:

    flock /tmp/cpu.lock python benchmarks/choices_batch.py [--flash] [--split] --rounds 2
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.llm import server  # noqa: E402

CPU = [0.0]


def questions() -> list[list[dict[str, Any]]]:
    data = yaml.safe_load((ROOT / "cassettes" / "seeds_brief_decide.yaml").read_text())
    body = json.loads(data["interactions"][-1]["request"]["body"])
    return [q["messages"] for q in body["questions"]]


def make(
    flash: bool = False,
    unified: bool = True,
    n_seq: int = 33,
    threads: int = 2,
    n_ctx: int = 8192,
    n_batch: int = 512,
    n_ubatch: int = 512,
) -> Any:
    import llama_cpp
    import llama_cpp.llama_cpp as lib

    if n_seq > 1:
        server.parallel_context(n_seq)
        if not unified:
            orig = lib.llama_context_default_params

            def params() -> Any:
                p = orig()
                p.kv_unified = False
                return p

            lib.llama_context_default_params = params
    llama = llama_cpp.Llama(
        model_path=str(
            Path.home() / ".cache/summarizer/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
        ),
        n_ctx=n_ctx,
        n_threads=threads,
        n_threads_batch=threads,
        n_batch=n_batch,
        n_ubatch=n_ubatch,
        type_k=1,
        type_v=1,
        flash_attn=flash,
        use_mmap=False,
        logits_all=False,
        verbose=bool(int(__import__("os").environ.get("VERB", "0"))),
    )
    server.keep_last_logits(llama)
    return llama


def decode(llama: Any, entries: list[tuple[int, int, int, bool]]) -> float:
    """(token, pos, seq, logits) entries in one llama_decode; seconds."""
    import llama_cpp

    batch = llama._batch.batch
    batch.n_tokens = len(entries)
    for i, (tok, pos, seq, lg) in enumerate(entries):
        batch.token[i] = tok
        batch.pos[i] = pos
        batch.seq_id[i][0] = seq
        batch.n_seq_id[i] = 1
        batch.logits[i] = lg
    t = time.perf_counter()
    c = time.process_time()
    code = llama_cpp.llama_decode(llama._ctx.ctx, batch)
    assert code == 0, code
    CPU[0] += time.process_time() - c
    return time.perf_counter() - t


def prepare(llama: Any, qs: list[list[dict[str, Any]]]) -> tuple[list[int], list[list[int]]]:
    from summarizer.llm.choices import shared_prefix_length

    t = time.perf_counter()
    prompts = [server.chat_prompt(llama, m) for m in qs]
    n = shared_prefix_length(prompts)
    print(
        f"  chat_prompt x{len(qs)}: {time.perf_counter() - t:.2f} s; prefix {n}, "
        f"suffix tokens {sum(len(p) - n for p in prompts)}",
        flush=True,
    )
    return prompts[0][:n], [p[n:] for p in prompts]


def reset_prefix(llama: Any, prefix: list[int]) -> None:
    llama._ctx.kv_cache_seq_rm(-1, 0, -1)
    llama.n_tokens = 0
    d = decode(llama, [(t, i, 0, i == len(prefix) - 1) for i, t in enumerate(prefix)])
    print(f"  prefix {len(prefix)} tokens on seq 0: {d:.2f} s ({len(prefix) / d:.1f} tok/s)")


def last_logits(llama: Any, i: int) -> np.ndarray:
    import llama_cpp

    return np.ctypeslib.as_array(
        llama_cpp.llama_get_logits_ith(llama._ctx.ctx, i), shape=(llama.n_vocab(),)
    ).copy()


def batched(
    llama: Any, prefix: list[int], suffixes: list[list[int]], chunk: int
) -> tuple[float, list[np.ndarray]]:
    """All questions as sequences 1..N, decoded in calls of ``chunk`` tokens."""
    n = len(prefix)
    for k in range(1, len(suffixes) + 1):
        llama._ctx.kv_cache_seq_cp(0, k, 0, n)
    entries = [
        (t, n + j, k + 1, j == len(s) - 1) for k, s in enumerate(suffixes) for j, t in enumerate(s)
    ]
    total = 0.0
    out: list[np.ndarray] = []
    for start in range(0, len(entries), chunk):
        part = entries[start : start + chunk]
        total += decode(llama, part)
        out += [last_logits(llama, i) for i, e in enumerate(part) if e[3]]
    for k in range(1, len(suffixes) + 1):
        llama._ctx.kv_cache_seq_rm(k, 0, -1)
    return total, out


def sequential(
    llama: Any, prefix: list[int], suffixes: list[list[int]]
) -> tuple[float, list[np.ndarray]]:
    n = len(prefix)
    total = 0.0
    out = []
    for s in suffixes:
        llama._ctx.kv_cache_seq_cp(0, 1, 0, n)
        total += decode(llama, [(t, n + j, 1, j == len(s) - 1) for j, t in enumerate(s)])
        out.append(last_logits(llama, len(s) - 1))
        llama._ctx.kv_cache_seq_rm(1, 0, -1)
    return total, out


def single(llama: Any, prefix: list[int], suffixes: list[list[int]], chunk: int) -> float:
    """The same number of tokens as one long sequence after the prefix (a reference rate)."""
    n = len(prefix)
    toks = [t for s in suffixes for t in s]
    total = 0.0
    for start in range(0, len(toks), chunk):
        part = toks[start : start + chunk]
        total += decode(
            llama, [(t, n + start + j, 0, j == len(part) - 1) for j, t in enumerate(part)]
        )
    llama._ctx.kv_cache_seq_rm(0, n, -1)
    return total


def main() -> None:
    import argparse

    p = argparse.ArgumentParser()
    p.add_argument("--flash", action="store_true")
    p.add_argument("--split", action="store_true", help="kv_unified false")
    p.add_argument("--n_seq", type=int, default=33)
    p.add_argument("--n_ctx", type=int, default=8192)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--ubatch", type=int, default=512)
    p.add_argument("--modes", default="single512,batch512,seq")
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--save", default="")
    a = p.parse_args()
    t = time.perf_counter()
    llama = make(
        flash=a.flash,
        unified=not a.split,
        n_seq=a.n_seq,
        threads=a.threads,
        n_ctx=a.n_ctx,
        n_ubatch=a.ubatch,
    )
    print(f"load {time.perf_counter() - t:.2f} s  {vars(a)}", flush=True)
    prefix, suffixes = prepare(llama, questions())
    ntok = sum(len(s) for s in suffixes)
    reset_prefix(llama, prefix)
    ref: list[np.ndarray] | None = None
    for _ in range(a.rounds):
        for mode in a.modes.split(","):
            CPU[0] = 0.0
            if mode.startswith("single"):
                s = single(llama, prefix, suffixes, int(mode[6:]))
                print(f"  {mode}: {s:.2f} s, {ntok / s:.1f} tok/s, cpu {CPU[0]:.1f} s", flush=True)
                continue
            if mode.startswith("batch"):
                s, out = batched(llama, prefix, suffixes, int(mode[5:]))
            else:
                s, out = sequential(llama, prefix, suffixes)
            if a.save:
                probs = []
                for o in out:
                    e = np.exp(o.astype(np.float64) - o.max())
                    e /= e.sum()
                    best = np.argsort(-e)[:10]
                    probs.append({int(i): float(e[i]) for i in best})
                Path(a.save).write_text(json.dumps(probs))
            top = [int(np.argmax(o)) for o in out]
            diff = ""
            if ref is None:
                ref = out
            else:
                same = sum(int(np.argmax(r)) == x for r, x in zip(ref, top, strict=True))
                diff = f" argmax same {same}/{len(top)}"
            print(
                f"  {mode}: {s:.2f} s, {ntok / s:.1f} tok/s, cpu {CPU[0]:.1f} s{diff}", flush=True
            )


if __name__ == "__main__":
    main()
