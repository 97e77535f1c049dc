"""A day of several stories: the index and each story's brief, in Markdown, JSON or HTML files.

One story renders exactly as a plain brief, so a one-story day's JSON is a plain Briefing (and
works as ``--since`` for tomorrow either way).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from summarizer.merge.diff import BriefingDiff
from summarizer.render.markdown import code, esc, to_json, to_markdown
from summarizer.schema import Briefing


@dataclass(frozen=True)
class StoryBrief:
    """One story of the day as the renderers need it: its id, label, article ids and brief, and
    what changed since a previous brief (``--since``)."""

    id: str
    label: str
    article_ids: tuple[str, ...]
    briefing: Briefing
    changes: BriefingDiff | None = None


class _Story(BaseModel):
    """One story in a several-story JSON document."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="The story's id within the day (story-1, story-2, ...).")
    label: str = Field(description="The story's most telling words.")
    articles: list[str] = Field(description="Ids of the story's articles.")
    briefing: Briefing = Field(description="The story's brief.")


class _Stories(BaseModel):
    """The JSON of a day with several stories."""

    model_config = ConfigDict(extra="forbid")

    stories: list[_Story] = Field(description="Every story of the day, in index order.")


def stories_to_markdown(stories: Sequence[StoryBrief]) -> str:
    """An index of the day's stories, then each story's brief; one story is just its brief."""
    if len(stories) == 1:
        return to_markdown(stories[0].briefing, changes=stories[0].changes)
    total = sum(len(story.article_ids) for story in stories)
    out = [
        "# Stories",
        "",
        f"{len(stories)} stories from {total} articles, grouped by shared words, names and dates.",
        "",
        "| story | about | articles |",
        "|---|---|---|",
    ]
    for story in stories:
        ids = ", ".join(code(a) for a in story.article_ids) or "—"
        out.append(f"| {code(story.id)} | {esc(story.label)} | {ids} |")
    text = "\n".join(out) + "\n"
    for n, story in enumerate(stories, start=1):
        text += f"\n---\n\n**Story {n} of {len(stories)}** ({code(story.id)}: {esc(story.label)})"
        text += "\n\n" + to_markdown(story.briefing, changes=story.changes)
    return text


def stories_to_json(stories: Sequence[StoryBrief]) -> str:
    """One briefing's JSON for one story; for several, ``{"stories": [...]}`` with each story's
    id, label, article ids and briefing."""
    if len(stories) == 1:
        return to_json(stories[0].briefing)
    data = {
        "stories": [
            {
                "id": story.id,
                "label": story.label,
                "articles": list(story.article_ids),
                "briefing": story.briefing.model_dump(mode="json"),
            }
            for story in stories
        ]
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def stories_from_json(data: str | bytes) -> list[StoryBrief]:
    """Read back what :func:`stories_to_json` wrote: a plain Briefing is a day of one story.

    Raises ``pydantic.ValidationError`` for anything else."""
    try:
        parsed = json.loads(data)
    except ValueError:
        parsed = None  # not JSON: the Briefing validation below says what is wrong
    several = isinstance(parsed, dict) and "stories" in parsed
    if several:
        return [
            StoryBrief(s.id, s.label, tuple(s.articles), s.briefing)
            for s in _Stories.model_validate_json(data).stories
        ]
    briefing = Briefing.model_validate_json(data)
    ids = tuple(s.id for s in briefing.sources)
    return [StoryBrief("story-1", "all articles", ids, briefing)]


def report_paths(output: Path, stories: Sequence[StoryBrief]) -> list[Path]:
    """Where each story's HTML report goes: ``output`` itself for one story; for several, one file
    per story beside it with the story id in its name (brief.html -> brief.story-2.html)."""
    if len(stories) == 1:
        return [output]
    suffix = output.suffix or ".html"
    return [output.with_name(f"{output.stem}.{story.id}{suffix}") for story in stories]
