"""Fetching URLs and feeds from a real loopback web server: saved pages, redirects, 404s, a slow
body, a 50 MB body and non-HTML content. Nothing is lost: every URL that fails is named, with one
line of reason, in the brief's provenance as a failed article."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarizer import Config, brief, read_inputs
from summarizer.config import EMBEDDED_MODEL
from summarizer.errors import InputError
from summarizer.ingest import FetchPolicy, read_articles
from summarizer.ingest.web import USER_AGENT
from tests.replay import SEEDS_CASSETTE, replaying
from tests.scripted_server import Step, scripted_server
from tests.sites import SITES, PageSpec
from tests.web_server import Route, web_server

ROOT = Path(__file__).resolve().parent.parent
SEED = "000_2b9f856e03fbdeb3"
# Small limits keep the fault tests fast; the defaults are the same code with bigger numbers.
POLICY = FetchPolicy(
    connect_timeout_s=2.0, read_timeout_s=1.0, body_deadline_s=1.5, max_bytes=2_000_000,
    attempts=2, initial_wait_s=0.05, max_wait_s=0.2,
)  # fmt: skip


def _seed_page() -> bytes:
    (seed,) = read_articles([ROOT / "examples" / "articles" / f"{SEED}.json"])
    spec = PageSpec(
        headline="Russia offers Ukraine a second round of talks in Istanbul",
        paragraphs=[line for line in seed.clean_text.split("\n") if line.strip()],
        published="2025-05-28",
        outlet="The Daily Wire Service",
        author="Alex Example",
        url="https://wire.example/world/talks",
    )
    return SITES["wire"](spec).encode()


def _feed(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {n}</title><link>{base}{p}</link>"
        f"<pubDate>Wed, 28 May 2025 09:00:00 GMT</pubDate></item>"
        for n, p in enumerate(paths, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>World news</title><link>{base}/</link><description>d</description>"
        f"{items}</channel></rss>"
    ).encode()


ROUTES = {
    "/world/talks": Route(body=_seed_page()),
    "/old-address": Route(301, headers={"location": "/world/talks"}),
    "/loop": Route(302, headers={"location": "/loop"}),
    "/gone": Route(410, b"gone"),
    "/slow": Route(body=_seed_page(), chunk=200, pause_s=0.3),
    "/huge": Route(body=b"<p>filler</p>", repeat_to=50_000_000),
    "/huge-undeclared": Route(body=b"<p>filler</p>", repeat_to=50_000_000, declare_length=False),
    "/report.pdf": Route(body=b"%PDF-1.7\n%binary", content_type="application/pdf"),
    "/image.png": Route(body=b"\x89PNG\r\n\x1a\n", content_type="image/png"),
    "/plain.txt": Route(body=b"Russia proposed talks in Istanbul on June 2.",
                        content_type="text/plain; charset=utf-8"),
    "/latin1": Route(body=("<html><body><article><p>" + "Kyiv said « non » to café talks in"
                           " Istanbul on Monday, officials said. " * 3 + "</p></article></body>"
                           "</html>").encode("latin-1"),
                     content_type="text/html; charset=iso-8859-1"),
    "/feed.xml": Route(body=b'<rss version="2.0"><channel><title>x</title></channel></rss>',
                       content_type="application/rss+xml"),
    "/slow-down": Route(429, b"slow down", headers={"retry-after": "1"}),
    "/busy": Route(503, b"try later", headers={"retry-after": "0"}),
    "/empty-page": Route(body=b"<html><head><title>Live</title></head><body></body></html>"),
}  # fmt: skip


@pytest.fixture(scope="module")
def site() -> object:
    with web_server(ROUTES) as served:
        yield served


def test_a_page_is_fetched_and_extracted_with_a_clear_user_agent(site: object) -> None:
    base, server = site  # type: ignore[misc]
    inputs = read_inputs([f"{base}/world/talks"], policy=POLICY)
    (article,) = inputs.articles
    assert not inputs.failed
    assert article.title == "Russia offers Ukraine a second round of talks in Istanbul"
    assert article.outlet == "The Daily Wire Service" and article.published == "2025-05-28"
    assert article.origin == "url" and article.url == f"{base}/world/talks"
    assert "Advertisement" not in article.text and "Sergei Lavrov" in article.text
    assert (("/world/talks", USER_AGENT)) in server.seen


def test_a_redirect_is_followed_to_the_page(site: object) -> None:
    base, _ = site  # type: ignore[misc]
    (article,) = read_inputs([f"{base}/old-address"], policy=POLICY).articles
    assert article.url == f"{base}/world/talks"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/gone", "HTTP 410 Gone"),
        ("/loop", "more than 5 redirects"),
        ("/slow", "body not complete after 1.5 s (too slow)"),
        ("/huge", "over the 2,000,000 cap"),
        ("/report.pdf", "not a web page or feed (content-type application/pdf)"),
        ("/image.png", "not a web page or feed (content-type image/png)"),
        ("/busy", "HTTP 503, after 2 attempt(s)"),
        ("/empty-page", "no article text found in the page"),
    ],
)
def test_each_fault_is_one_line_naming_the_url(site: object, path: str, reason: str) -> None:
    base, _ = site  # type: ignore[misc]
    inputs = read_inputs([f"{base}{path}"], policy=POLICY)
    assert inputs.articles == []
    (failure,) = inputs.failed
    assert failure.url == f"{base}{path}"
    assert reason in failure.reason, failure.reason
    assert "\n" not in str(failure) and str(failure).startswith(f"{base}{path}: ")


def test_a_busy_server_is_retried_under_the_policy(site: object) -> None:
    base, server = site  # type: ignore[misc]
    before = sum(p == "/busy" for p, _ in server.seen)
    read_inputs([f"{base}/busy"], policy=POLICY)
    assert sum(p == "/busy" for p, _ in server.seen) - before == POLICY.attempts


def test_retry_after_is_honoured(site: object) -> None:
    base, server = site  # type: ignore[misc]
    policy = dataclasses.replace(POLICY, max_wait_s=2.0)
    (failure,) = read_inputs([f"{base}/slow-down"], policy=policy).failed
    assert failure.reason == "HTTP 429, after 2 attempt(s)"
    first, second = server.times["/slow-down"]
    # The policy's own backoff starts at 0.05 s; the server asked for 1 s (under the 2 s cap).
    assert second - first >= 0.9


def test_a_50_mb_body_is_refused_without_reading_it(site: object) -> None:
    base, server = site  # type: ignore[misc]
    policy = FetchPolicy(max_bytes=2_000_000, attempts=1)
    # The declared length is refused before any of the body is read...
    (failure,) = read_inputs([f"{base}/huge"], policy=policy).failed
    assert "50,000,000 bytes is over the 2,000,000 cap" in failure.reason
    assert server.sent.get("/huge", 0) < 50_000_000
    # ...and a body that hides its length is cut off at the cap while streaming.
    (failure,) = read_inputs([f"{base}/huge-undeclared"], policy=policy).failed
    assert failure.reason == "body over the 2,000,000-byte cap"
    # The server notes what it sent once its write fails on the closed connection.
    deadline = time.monotonic() + 10
    while "/huge-undeclared" not in server.sent and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.sent["/huge-undeclared"] < 10_000_000


def test_a_connection_refused_is_a_failed_url(tmp_path: Path) -> None:
    inputs = read_inputs(["http://127.0.0.1:9/nothing-listens"], policy=POLICY)
    (failure,) = inputs.failed
    assert "connection failed" in failure.reason and "after 2 attempt(s)" in failure.reason


def test_the_charset_in_the_http_header_is_used(site: object) -> None:
    base, _ = site  # type: ignore[misc]
    (article,) = read_inputs([f"{base}/latin1"], policy=POLICY).articles
    assert article.text.startswith("Kyiv said « non » to café talks")


def test_plain_text_is_an_article(site: object) -> None:
    base, _ = site  # type: ignore[misc]
    (article,) = read_inputs([f"{base}/plain.txt"], policy=POLICY).articles
    assert article.text == "Russia proposed talks in Istanbul on June 2."


def test_a_feed_is_read_and_its_entries_fetched(site: object, tmp_path: Path) -> None:
    base, _ = site  # type: ignore[misc]
    feed = tmp_path / "world.rss"
    feed.write_bytes(_feed(base, ["/world/talks", "/missing", "/report.pdf", "/feed.xml"]))
    inputs = read_inputs([feed], policy=POLICY)
    assert [a.url for a in inputs.articles] == [f"{base}/world/talks"]
    assert inputs.articles[0].origin == "feed"
    assert inputs.articles[0].published == "2025-05-28"
    assert [(f.url, f.reason) for f in inputs.failed] == [
        (f"{base}/missing", "HTTP 404 Not Found"),
        (f"{base}/report.pdf", "not a web page or feed (content-type application/pdf)"),
        (f"{base}/feed.xml", "a feed named by a feed (not followed)"),
    ]


def test_a_feed_url_and_a_list_file(site: object, tmp_path: Path) -> None:
    base, _ = site  # type: ignore[misc]
    routes = {"/feed.xml": Route(body=_feed(base, ["/world/talks", "/gone"]),
                                 content_type="application/rss+xml")}  # fmt: skip
    with web_server(routes) as (feed_base, _server):
        listing = tmp_path / "today.urls"
        listing.write_text(f"# morning\n{feed_base}/feed.xml\n\n{base}/plain.txt\n")
        inputs = read_inputs([listing], policy=POLICY)
    assert [a.url for a in inputs.articles] == [f"{base}/plain.txt", f"{base}/world/talks"]
    assert [f.url for f in inputs.failed] == [f"{base}/gone"]


def test_read_articles_refuses_to_lose_a_url_silently(site: object) -> None:
    base, _ = site  # type: ignore[misc]
    with pytest.raises(InputError, match=r"/missing: HTTP 404 Not Found \(and 1 more\)"):
        read_articles([f"{base}/world/talks", f"{base}/missing", f"{base}/gone"], policy=POLICY)


def test_failed_urls_are_named_in_the_brief(site: object, tmp_path: Path) -> None:
    base, _ = site  # type: ignore[misc]
    inputs = read_inputs([f"{base}/world/talks", f"{base}/missing", f"{base}/huge"],
                         policy=POLICY)  # fmt: skip
    with replaying(SEEDS_CASSETTE) as base_url:
        config = Config(model=EMBEDDED_MODEL, base_url=base_url, use_cache=False,
                        cache_dir=tmp_path, max_transport_attempts=1)  # fmt: skip
        briefing = brief(inputs.articles, config=config, failed=inputs.failed)
    runs = {r.source_id: r for r in briefing.provenance.articles}
    assert runs["127-0-0-1-talks"].status == "ok"
    assert runs["127-0-0-1-missing"].status == "failed"
    assert runs["127-0-0-1-missing"].error == f"{base}/missing: HTTP 404 Not Found"
    assert runs["127-0-0-1-huge"].status == "failed"
    assert {s.url for s in briefing.sources} == {f"{base}/world/talks", f"{base}/missing",
                                                  f"{base}/huge"}  # fmt: skip


def test_cli_one_error_line_per_failed_url_and_the_texts_kept(site: object, tmp_path: Path) -> None:
    base, _ = site  # type: ignore[misc]
    out = tmp_path / "brief.json"
    # The model endpoint answers with a real recorded completion (tests/scripted_server.py).
    with scripted_server([Step()]) as (model_url, _script):
        result = subprocess.run(
            [sys.executable, "-m", "summarizer", "brief", f"{base}/world/talks", f"{base}/missing",
             f"{base}/report.pdf", "--base-url", model_url, "--model", "m", "--no-cache",
             "--format", "json", "-o", str(out)],
            capture_output=True, text=True, timeout=120,
            env={"PATH": "", "SUMMARIZER_CACHE_DIR": str(tmp_path / "c"), "HOME": str(tmp_path)},
        )  # fmt: skip
    lines = result.stderr.splitlines()
    assert [line for line in lines if "/missing" in line] == [
        f"left out {base}/missing: HTTP 404 Not Found"
    ]
    assert sum("/report.pdf" in line for line in lines) == 1
    assert result.returncode == 3, result.stderr
    data = json.loads(out.read_text())
    statuses = {r["source_id"]: r["status"] for r in data["provenance"]["articles"]}
    assert statuses == {"127-0-0-1-talks": "ok", "127-0-0-1-missing": "failed",
                        "127-0-0-1-report": "failed"}  # fmt: skip
    (kept,) = [json.loads(x) for x in (tmp_path / "brief.texts.jsonl").read_text().splitlines()]
    assert kept["url"] == f"{base}/world/talks" and "Sergei Lavrov" in kept["text"]
