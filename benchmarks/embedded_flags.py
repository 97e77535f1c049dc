"""Server flags of the embedded model, measured on one short workload: the static system prompt
and the first seed article (about 1,500 tokens) prefilled, then 32 tokens decoded greedily.

Each setting runs in a fresh process (so model load time and peak memory are its own) and changes
one flag from the embedded server's defaults, round-robin, three times each (median, and
the range): threads, batch size (n_batch / n_ubatch), context
size, KV cache type (type_k / type_v, with flash attention, which a quantised V cache needs) and
mmap. Needs the [local] extra and the assembled model. Prints one JSON line last.

    python benchmarks/embedded_flags.py
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DECODE_TOKENS = 32
# The machine is shared: settings are run round-robin, ROUNDS times each, and the median kept.
ROUNDS = 3
# llama.cpp's ggml type numbers, as llama-cpp-python's type_k / type_v take them.
GGML_TYPES = {"f16": 1, "q4_0": 2, "q8_0": 8}


def settings() -> dict[str, dict[str, Any]]:
    """Each measured setting: the embedded defaults, then one flag changed at a time."""
    from summarizer.config import Config

    c = Config().resolve(env={})
    base: dict[str, Any] = {
        "n_threads": c.embedded_n_threads,
        "n_batch": c.embedded_n_batch,
        "n_ubatch": c.embedded_n_ubatch,
        "n_ctx": c.embedded_n_ctx,
        "type_k": GGML_TYPES[c.embedded_kv_type],
        "type_v": GGML_TYPES[c.embedded_kv_type],
        "flash_attn": c.embedded_flash_attn,
        "use_mmap": c.embedded_mmap,
    }
    variants: dict[str, dict[str, Any]] = {
        "threads=1": {"n_threads": 1},
        "batch=128": {"n_batch": 128, "n_ubatch": 128},
        "batch=2048/ubatch=2048": {"n_batch": 2048, "n_ubatch": 2048},
        "ctx=4096": {"n_ctx": 4096},
        "ctx=16384": {"n_ctx": 16384},
        "flash_attn": {"flash_attn": True},
        "kv=q8_0+flash_attn": {
            "type_k": GGML_TYPES["q8_0"],
            "type_v": GGML_TYPES["q8_0"],
            "flash_attn": True,
        },
        "mmap=off": {"use_mmap": False},
    }
    out = {"defaults": base}
    for name, change in variants.items():
        if any(base[k] != v for k, v in change.items()):
            out[name] = {**base, **change}
    return out


def workload_text() -> str:
    from summarizer import read_articles
    from summarizer.prompts import extraction_messages

    article = read_articles([ROOT / "examples" / "articles"])[0]
    messages = extraction_messages(article)
    return "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages) + (
        "<|im_start|>assistant\n"
    )


def measure_one(model: str, flags: dict[str, Any], text: str) -> dict[str, Any]:
    """In this process: load, prefill, decode; the figures of one setting."""
    import llama_cpp

    started = time.perf_counter()
    llama = llama_cpp.Llama(model_path=model, logits_all=False, verbose=False, **flags)
    loaded = time.perf_counter()
    tokens = llama.tokenize(text.encode(), special=True)
    first = ended = loaded
    for n, _token in enumerate(llama.generate(tokens, temp=0.0), start=1):
        if n == 1:
            first = time.perf_counter()
        if n == DECODE_TOKENS + 1:
            ended = time.perf_counter()
            break
    return {
        "start_s": round(loaded - started, 2),
        "prefill_tokens": len(tokens),
        "prefill_tok_s": round(len(tokens) / (first - loaded), 1),
        "decode_tok_s": round(DECODE_TOKENS / (ended - first), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def run_all(model: Path) -> dict[str, dict[str, Any]]:
    text = workload_text()
    runs: dict[str, list[dict[str, Any]]] = {}
    for _round in range(ROUNDS):
        for name, flags in settings().items():
            proc = subprocess.run(
                [sys.executable, __file__, "--one", str(model), json.dumps(flags)],
                input=text,
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                print(f"{name}: failed: {proc.stderr.strip()[-300:]}", flush=True)
                continue
            runs.setdefault(name, []).append(json.loads(proc.stdout.strip().splitlines()[-1]))
            print(f"{name}: {runs[name][-1]}", flush=True)
    results: dict[str, dict[str, Any]] = {}
    for name, samples in runs.items():
        results[name] = {"runs": len(samples), "prefill_tokens": samples[0]["prefill_tokens"]}
        for figure in ("start_s", "prefill_tok_s", "decode_tok_s", "peak_rss_mb"):
            values = sorted(s[figure] for s in samples)
            results[name][figure] = statistics.median(values)
            results[name][f"{figure}_range"] = [values[0], values[-1]]
    return results


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(json.dumps(measure_one(sys.argv[2], json.loads(sys.argv[3]), sys.stdin.read())))
        return
    from summarizer.config import Config
    from summarizer.llm import ensure_model

    model = ensure_model(Config().resolve(env={}).cache_dir)
    print(json.dumps({"flags": run_all(model)}))


if __name__ == "__main__":
    main()
