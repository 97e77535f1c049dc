"""Rendering a :class:`Briefing`: JSON, a Markdown daily brief, or a self-contained HTML report;
and a day of several stories (an index, then each story's brief).

Article text is data: everything taken from it is escaped in every format.
"""

from summarizer.render.html import to_html
from summarizer.render.markdown import code, esc, to_json, to_markdown
from summarizer.render.stories import (
    StoryBrief,
    report_paths,
    stories_from_json,
    stories_to_json,
    stories_to_markdown,
)
from summarizer.render.timeline import TimelineEntry, timeline

__all__ = [
    "StoryBrief",
    "TimelineEntry",
    "code",
    "esc",
    "report_paths",
    "stories_from_json",
    "stories_to_json",
    "stories_to_markdown",
    "timeline",
    "to_html",
    "to_json",
    "to_markdown",
]
