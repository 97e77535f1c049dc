"""A day of several stories through `render`, `--format html` and `--since` (no model needed).

The briefs are small hand-made ones (tests/test_diff.py): yesterday's and today's talks, and a
flood story that shares nothing with them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from summarizer.merge.diff import diff_briefings, diff_stories
from summarizer.render import (
    StoryBrief,
    report_paths,
    stories_from_json,
    stories_to_json,
    to_html,
)
from summarizer.schema import Briefing, MilitaryDevelopment
from tests.test_diff import TODAY, YESTERDAY, briefing, ev

ROOT = Path(__file__).resolve().parent.parent

FLOOD = briefing(
    "2025-05-29",
    ["f"],
    developments=[
        MilitaryDevelopment(id="development-1", sources=["f"], grounded=True,
                            evidence=[ev("f", "Police evacuated the old town of Passau.")],
                            actor="Bavarian police", actor_id=None, action="evacuated Passau",
                            place="Passau", time="", quantity="", claimed_by="",
                            claimed_by_id=None)
    ],
)  # fmt: skip


def day(*briefs: tuple[str, Briefing]) -> list[StoryBrief]:
    return [
        StoryBrief(f"story-{n}", label, tuple(s.id for s in b.sources), b)
        for n, (label, b) in enumerate(briefs, start=1)
    ]


def test_both_json_shapes_read_back() -> None:
    two = day(("talks", TODAY), ("flood", FLOOD))
    assert json.loads(stories_to_json(two))["stories"][1]["label"] == "flood"
    assert stories_from_json(stories_to_json(two)) == two
    (one,) = stories_from_json(stories_to_json(day(("talks", TODAY))))
    assert one.briefing == TODAY  # one story is a plain Briefing, as before
    assert one.article_ids == tuple(s.id for s in TODAY.sources)


def test_each_story_is_compared_with_the_previous_story_it_shares_items_with() -> None:
    # Yesterday's talks listed second: the match is by items, not by position or story id.
    talks, flood = diff_stories([FLOOD, YESTERDAY], [TODAY, FLOOD])
    assert talks == diff_briefings(YESTERDAY, TODAY)
    assert flood == diff_briefings(FLOOD, FLOOD)
    # A story that shares no item with any previous one is new; the other's items are not
    # shown as dropped in it.
    (new,) = diff_stories([YESTERDAY, YESTERDAY], [FLOOD])
    assert new.counts() == {"new": 1, "updated": 0, "unchanged": 0, "dropped": 0}
    talks, flood = diff_stories([YESTERDAY], [TODAY, FLOOD])
    assert talks == diff_briefings(YESTERDAY, TODAY)
    assert flood.counts()["dropped"] == 0
    # One brief on each side: the plain diff, whatever it shares.
    assert diff_stories([YESTERDAY], [FLOOD]) == [diff_briefings(YESTERDAY, FLOOD)]


def render(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "summarizer", "render", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60, env={"PATH": ""})  # fmt: skip


def test_render_writes_one_report_per_story_beside_the_output(tmp_path: Path) -> None:
    brief = tmp_path / "2025-05-29.json"
    brief.write_text(stories_to_json(day(("talks", TODAY), ("flood", FLOOD))), encoding="utf-8")
    previous = tmp_path / "2025-05-28.json"
    previous.write_text(YESTERDAY.model_dump_json(), encoding="utf-8")

    done = render(str(brief), "-f", "html", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: --format html with several stories writes one report per story: give -o FILE"
    ]

    out = tmp_path / "out" / "brief.html"
    out.parent.mkdir()
    done = render(str(brief), "-f", "html", "-o", str(out), "--since", str(previous), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.parent.iterdir()) == ["brief.story-1.html",
                                                             "brief.story-2.html"]  # fmt: skip
    assert report_paths(out, day(("talks", TODAY), ("flood", FLOOD))) == sorted(
        out.parent.iterdir()
    )
    talks, flood = diff_stories([YESTERDAY], [TODAY, FLOOD])
    assert (out.parent / "brief.story-1.html").read_text(encoding="utf-8") == to_html(
        TODAY, texts={}, changes=talks
    )
    assert (out.parent / "brief.story-2.html").read_text(encoding="utf-8") == to_html(
        FLOOD, texts={}, changes=flood
    )

    done = render(str(brief), "--since", str(previous), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Stories")
    assert done.stdout.count("# Daily brief") == 2
    assert done.stdout.count("## What changed") == 2


def test_a_file_that_is_neither_shape_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"stories": [{"id": "story-1"}]}', encoding="utf-8")
    done = render(str(bad), cwd=tmp_path)
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"error: {bad}: not a summarizer brief (stories.0.label: Field required")


def test_brief_refuses_html_of_several_stories_without_output_before_any_model_call() -> None:
    # The endpoint is a closed port: had the command called the model, it would fail otherwise.
    done = subprocess.run(
        [sys.executable, "-m", "summarizer", "brief", "tests/mix", "-f", "html"], cwd=ROOT,
        capture_output=True, text=True, timeout=60,
        env={"PATH": "", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "SUMMARIZER_MODEL": "m"},
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: --format html with several stories writes one report per story: give -o FILE"
    ]
