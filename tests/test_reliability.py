"""Unattended runs lose nothing: duplicates, long articles, failed articles, crashes, secrets.

Every test talks to a real scripted HTTP server on loopback (tests/scripted_server.py), and the
crash test kills a real child process with SIGKILL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from summarizer import Config, brief, make_article, to_json
from summarizer.config import EMBEDDED_MODEL
from summarizer.render import to_markdown
from summarizer.sentences import split_sentences
from tests.scripted_server import Step, completion_with_arguments, scripted_server

ROOT = Path(__file__).resolve().parent.parent
SEED = json.loads((ROOT / "examples/articles/000_2b9f856e03fbdeb3.json").read_text("utf-8"))["text"]


def _config(url: str, tmp_path: Path, **options: object) -> Config:
    # One model call per article (``single``): these tests count calls per article.
    return Config(
        model=EMBEDDED_MODEL,
        base_url=url,
        cache_dir=tmp_path,
        **{"strategy": "single", **options},  # type: ignore[arg-type]
    )


def _articles(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i}.txt").write_text(f"Report number {i}.\n{SEED}", encoding="utf-8")
    return folder


def test_same_article_twice_is_extracted_once_and_listed_twice(tmp_path: Path) -> None:
    first = make_article(SEED, id="first")
    again = make_article(SEED, id="again")
    with scripted_server([Step()]) as (url, script):
        briefing = brief([first, again], config=_config(url, tmp_path))
    assert len(script.seen) == 1
    assert [s.id for s in briefing.sources] == ["first", "again"]
    assert [a.status for a in briefing.provenance.articles] == ["ok", "duplicate"]
    assert all("again" not in item.sources for item in briefing.proposals)


def test_rerun_of_an_unchanged_day_makes_no_model_call(tmp_path: Path) -> None:
    article = make_article(SEED, id="a")
    with scripted_server([Step()]) as (url, script):
        one = brief([article], config=_config(url, tmp_path))
        two = brief([article], config=_config(url, tmp_path))
    assert len(script.seen) == 1
    assert two.provenance.articles[0].status == "cached"
    assert two.parties == one.parties and two.proposals == one.proposals


def test_long_article_is_chunked_not_truncated(tmp_path: Path) -> None:
    article = make_article(SEED * 3, id="long")
    with scripted_server([Step()]) as (url, script):
        briefing = brief([article], config=_config(url, tmp_path, max_chunk_chars=2_500))
    assert len(script.seen) >= 4
    sent = "\n".join(script.bodies)
    for sentence in split_sentences(article.text, article.junk):
        # every sentence went to the model, under its own number, in some window
        assert f"[{sentence.number}] {sentence.text}" in sent
    run = briefing.provenance.articles[0]
    assert run.status == "ok" and run.calls == len(script.seen)


def _cli(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "summarizer", *args],
        cwd=ROOT,
        env={**os.environ, "OPENAI_API_KEY": "", "SUMMARIZER_STRATEGY": "single", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_failed_article_is_named_and_the_brief_is_made_from_the_others(tmp_path: Path) -> None:
    folder = _articles(tmp_path, 3)
    (folder / "a1.txt").write_text(
        f"FAILME: this article cannot be read.\n{SEED}", encoding="utf-8"
    )
    out = tmp_path / "brief.json"
    with scripted_server([Step()], fail_when="FAILME") as (url, _script):
        proc = _cli(
            [
                "brief",
                str(folder),
                "--format",
                "json",
                "-o",
                str(out),
                "--model",
                EMBEDDED_MODEL,
            ],
            {"OPENAI_BASE_URL": url, "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")},
        )
        _stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 3, stderr
    assert "a1" in stderr and "HTTP 500" in stderr and "Traceback" not in stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    runs = {a["source_id"]: a for a in data["provenance"]["articles"]}
    assert runs["a1"]["status"] == "failed" and "HTTP 500" in runs["a1"]["error"]
    assert runs["a0"]["status"] == runs["a2"]["status"] == "ok"


def test_sigkill_mid_run_then_rerun_redoes_only_unfinished_articles(tmp_path: Path) -> None:
    folder = _articles(tmp_path, 4)
    cache = tmp_path / "cache"
    env = {"SUMMARIZER_CACHE_DIR": str(cache), "SUMMARIZER_CONCURRENCY": "1"}
    args = ["brief", str(folder), "--model", EMBEDDED_MODEL]
    stored = cache / "extractions"
    with scripted_server([Step(delay_s=0.6)]) as (url, script):
        proc = _cli(args, {**env, "OPENAI_BASE_URL": url})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(list(stored.glob("*.json"))) < 2:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        done = len(list(stored.glob("*.json")))
        assert 2 <= done < 4
        # No half-written entry: every stored file is complete JSON.
        for path in stored.iterdir():
            assert path.suffix == ".json", path
            json.loads(path.read_text(encoding="utf-8"))
        before = len(script.seen)
        rerun = _cli(args, {**env, "OPENAI_BASE_URL": url})
        _stdout, stderr = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, stderr
    assert len(script.seen) - before == 4 - done
    assert f"{4 - done} extracted, {done} cached" in stderr


def test_api_key_never_reaches_the_brief_or_the_logs(tmp_path: Path) -> None:
    secret = "sk-test-" + "x" * 32
    with scripted_server([Step(503), Step()]) as (url, _script):
        proc = _cli(
            ["brief", "examples/smoke/short-article.txt", "--format", "json"],
            {"OPENAI_BASE_URL": url, "OPENAI_API_KEY": secret,
             "SUMMARIZER_CACHE_DIR": str(tmp_path)},
        )  # fmt: skip
        stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr
    assert secret not in stdout and secret not in stderr
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert secret not in path.read_text(encoding="utf-8", errors="replace")


def test_article_html_is_escaped_in_the_markdown(tmp_path: Path) -> None:
    text = f"{SEED}\n<script>alert('x')</script> said the Kremlin <b>today</b>."
    with scripted_server([Step()]) as (url, _script):
        briefing = brief([make_article(text, id="<img src=x>")], config=_config(url, tmp_path))
    md = to_markdown(briefing)
    assert "<script>" not in md and "<img" not in md
    assert "&lt;img src=x&gt;" in md
    assert json.loads(to_json(briefing))["sources"][0]["id"] == "<img src=x>"


def test_non_news_file_is_reported_as_having_nothing_to_report(tmp_path: Path) -> None:
    recipe = tmp_path / "recipe.txt"
    recipe.write_text("Whisk two eggs with sugar. Bake for 20 minutes at 180 degrees.", "utf-8")
    empty = json.dumps({"parties": [], "proposals": [], "positions": [],
                        "military_developments": []})  # fmt: skip
    with scripted_server([Step(body=completion_with_arguments(empty))]) as (url, _script):
        proc = _cli(
            ["brief", str(recipe), "--model", EMBEDDED_MODEL],
            {"OPENAI_BASE_URL": url, "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")},
        )
        stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr
    assert "nothing to report (not news?): recipe" in stderr
    assert "None reported." in stdout
