"""The two-pass extraction strategy: a second call per article asks for what the first missed.

Runs against the scripted loopback server (a real HTTP server replaying a recorded answer).
"""

from __future__ import annotations

import json
from pathlib import Path

from summarizer import Config, brief, make_article
from summarizer.config import EMBEDDED_MODEL
from tests.scripted_server import Step, scripted_server

ROOT = Path(__file__).resolve().parent.parent


def test_second_pass_makes_exactly_one_more_call_per_article(tmp_path: Path) -> None:
    text = json.loads((ROOT / "examples/articles/000_2b9f856e03fbdeb3.json").read_text("utf-8"))
    article = make_article(text["text"], id="a", published="2025-05-28")
    with scripted_server([Step()]) as (url, script):
        config = Config(model=EMBEDDED_MODEL, base_url=url, cache_dir=tmp_path, strategy="two-pass")
        briefing = brief([article], config=config)
    assert len(script.seen) == 2 and briefing.provenance.articles[0].calls == 2
    # The second request repeats the article and carries the first answer.
    assert text["text"][:200] in script.bodies[0]
    assert "missing from your previous answer" in script.bodies[1]
    first, second = script.requests
    # Same tool and same leading messages, so a prompt cache reuses the whole first prompt.
    assert second["tools"] == first["tools"]
    assert second["messages"][: len(first["messages"])] == first["messages"]
    assert second["max_tokens"] < first["max_tokens"]
