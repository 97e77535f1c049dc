"""Embedded-model benchmark: the five seed articles on the local model, with whatever prompt is on
the branch, in one run:

* ``cold``: no stored extractions and no stored prompt state (a new machine state);
* ``warm``: the prompt state stored by the cold run, extractions not reused;
* ``one_new``: a daily run over one new article, the prompt state stored (by ``cold``, or when
  that is not run, by a one-article ``prime`` run);
* ``today_cold`` / ``today_one_new``: the same with the server as it was before issue 10 (no
  stored prompt state, an in-memory prompt cache), for the ratios;
* ``disk_cache``: llama-cpp-python's own disk prompt cache (``--cache_type disk``) over two
  one-article runs, the alternative to the stored state;
* ``flags``: the server flags sub-benchmark (``benchmarks/embedded_flags.py``).

Every time includes the model server's start. Prefill and decode figures come from the server's
``summarizer-stats`` log lines (one per model call). Goals (issue 10): cold <= 120 s, one new
article <= 30 s, peak <= 5 GB; where one is missed, ``floor_s`` is the measured floor: decode
tokens / decode rate + prefill tokens / prefill rate. Needs the [local] extra; about 25 minutes
(run it alone: ``flock /tmp/summarizer-model.lock python benchmarks/embedded.py``). Prints one
JSON line last.

    python benchmarks/embedded.py [--skip-flags] [--only cold,warm,one_new,...] [--per-call]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from summarizer import Config, brief, read_articles
from summarizer.config import EMBEDDED_MODEL, STRATEGIES, Strategy
from summarizer.ingest import Article
from summarizer.llm import EmbeddedServer, ensure_model
from summarizer.llm.embedded import prefix_state_path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOALS = {"cold_s": 120, "one_new_s": 30, "peak_rss_mb": 2 * 1024}
#: The extraction strategy measured (``--strategy``; the default's when not given).
STRATEGY: Strategy | None = None
#: ``--per-call``: one chat completion per decision, as an endpoint is asked, on the same server.
PER_CALL = False


class TodaysServer(EmbeddedServer):
    """The server as started before issue 10: no stored prompt state, an in-memory prompt cache
    of 512 MiB, llama-cpp-python's default batch size."""

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "summarizer.llm.server",
            "--model", str(self._model), "--model_alias", EMBEDDED_MODEL,
            "--host", "127.0.0.1", "--port", str(self.port),
            "--n_ctx", "8192", "--n_threads", str(self.config.embedded_n_threads),
            "--cache", "true", "--logits_all", "false", "--cache_size", str(512 * 1024 * 1024),
        ]  # fmt: skip


class DiskCacheServer(EmbeddedServer):
    """llama-cpp-python's disk prompt cache; it keeps its files under the working directory."""

    def command(self) -> list[str]:
        cmd = TodaysServer.command(self)
        return [*cmd[: cmd.index("--cache_size")], "--cache_type", "disk"]

    def _spawn(self, **kwargs: Any) -> None:
        cwd = Path.cwd()
        os.chdir(self.config.cache_dir)
        try:
            super()._spawn(**kwargs)
        finally:
            os.chdir(cwd)


def _server_stats(log: Path) -> dict[str, Any]:
    calls = [
        json.loads(m)
        for m in re.findall(r"^summarizer-stats (\{.*\})$", log.read_text(errors="replace"), re.M)
    ]
    prefill = sum(c["prompt_tokens"] - c["reused_tokens"] for c in calls)
    prefill_s = sum(c["prefill_s"] for c in calls)
    decode = sum(c["decode_tokens"] for c in calls)
    decode_s = sum(c["decode_s"] for c in calls)
    return {
        "server_calls": len(calls),
        "prompt_tokens": sum(c["prompt_tokens"] for c in calls),
        "reused_tokens": sum(c["reused_tokens"] for c in calls),
        "prefill_tokens": prefill,
        "prefill_s": round(prefill_s, 1),
        "prefill_tok_s": round(prefill / prefill_s, 1) if prefill_s else None,
        "decode_tokens": decode,
        "decode_s": round(decode_s, 1),
        "decode_tok_s": round(decode / decode_s, 1) if decode_s else None,
    }


def _client_config(cache_dir: Path, base_url: str, *, use_cache: bool) -> Config:
    """What the embedded backend resolves to, pointed at a server the benchmark started."""
    embedded = Config(cache_dir=cache_dir, strategy=STRATEGY).resolve(env={})
    return Config(
        model=EMBEDDED_MODEL,
        strategy=embedded.strategy,
        base_url=base_url,
        concurrency=1,
        use_cache=use_cache,
        cache_dir=cache_dir,
        max_chunk_chars=embedded.max_chunk_chars,
        # An article's decisions in one request to the server's choices route, as embedded.
        choices_route=embedded.choices_route and not PER_CALL,
    )


def run(
    label: str,
    articles: list[Article],
    cache_dir: Path,
    *,
    server_class: type[EmbeddedServer] = EmbeddedServer,
    use_cache: bool = False,
) -> dict[str, Any]:
    """One brief on a server started inside the timing; its figures."""
    started = time.perf_counter()
    with server_class(Config(cache_dir=cache_dir, strategy=STRATEGY).resolve(env={})) as server:
        config = _client_config(cache_dir, server.base_url, use_cache=use_cache)
        briefing = brief(articles, config=config)
        peak = server.peak_rss_bytes()
        start_s = server.start_seconds
    seconds = time.perf_counter() - started
    runs = briefing.provenance.articles
    result = {
        "seconds": round(seconds, 1),
        "articles_called": sum(r.status not in ("cached", "duplicate") for r in runs),
        "failed": sum(r.status == "failed" for r in runs),
        "start_s": round(start_s, 1),
        "peak_rss_mb": None if peak is None else round(peak / 2**20),
        **_server_stats(server.log_path),
    }
    if result["prefill_tok_s"] and result["decode_tok_s"]:
        result["floor_s"] = round(
            result["prefill_tokens"] / result["prefill_tok_s"]
            + result["decode_tokens"] / result["decode_tok_s"]
            + start_s,
            1,
        )
    print(f"{label}: {json.dumps(result)}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-flags", action="store_true")
    parser.add_argument("--only", default="")
    parser.add_argument("--strategy", choices=list(STRATEGIES), default=None)
    parser.add_argument("--per-call", action="store_true", help="one request per decision")
    args = parser.parse_args()
    global STRATEGY, PER_CALL
    STRATEGY = args.strategy
    PER_CALL = args.per_call
    only = set(filter(None, args.only.split(",")))
    wanted = lambda name: not only or name in only  # noqa: E731

    articles = read_articles([ROOT / "examples" / "articles"])
    home = Config().resolve(env={}).cache_dir
    model = ensure_model(home)
    work = Path(tempfile.mkdtemp(prefix="summarizer-bench-"))
    results: dict[str, Any] = {}
    try:
        # Each design gets a cache folder of its own that shares the assembled model.
        def folder(name: str) -> Path:
            path = work / name
            (path / "models").mkdir(parents=True)
            for item in model.parent.iterdir():
                if item.name.startswith(model.stem):
                    (path / "models" / item.name).symlink_to(item)
            return path

        new, today, disk = folder("new"), folder("today"), folder("disk")
        # Ordered so that the figures the goals name come first.
        if wanted("cold"):
            results["cold"] = run("cold", articles, new, use_cache=True)
            state = prefix_state_path(new)
            results["prefix_state_mb"] = round(state.stat().st_size / 2**20, 1)
        if wanted("one_new"):
            if "cold" not in results:
                # A state stored by a one-article run holds that article too; the next run trims it.
                results["prime"] = run("prime", articles[:1], new)
            # The daily run: one new article (merging the stored others costs milliseconds).
            results["one_new"] = run("one_new", articles[-1:], new)
        if wanted("today_one_new"):
            results["today_one_new"] = run(
                "today_one_new", articles[-1:], today, server_class=TodaysServer
            )
        if wanted("disk_cache"):
            results["disk_cache"] = {
                "first": run("disk_cache first", articles[:1], disk, server_class=DiskCacheServer),
                "second": run(
                    "disk_cache second", articles[-1:], disk, server_class=DiskCacheServer
                ),
                "stored_mb": round(
                    sum(f.stat().st_size for f in (disk / ".cache").rglob("*") if f.is_file())
                    / 2**20,
                    1,
                ),
            }
        if wanted("warm"):
            results["warm"] = run("warm", articles, new)
        if wanted("today_cold"):
            results["today_cold"] = run("today_cold", articles, today, server_class=TodaysServer)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, base in (
        ("cold", "today_cold"),
        ("warm", "today_cold"),
        ("one_new", "today_one_new"),
    ):
        if name in results and base in results:
            results[f"ratio_{name}"] = round(results[name]["seconds"] / results[base]["seconds"], 2)
    if not args.skip_flags and wanted("flags"):
        proc = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "embedded_flags.py")],
            capture_output=True,
            text=True,
            check=False,
        )
        print(proc.stdout, end="")
        lines = proc.stdout.strip().splitlines()
        results["flags"] = json.loads(lines[-1])["flags"] if lines else proc.stderr[-300:]
    results["goals"] = GOALS
    print(json.dumps(results))


if __name__ == "__main__":
    main()
