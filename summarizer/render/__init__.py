"""Rendering a :class:`Briefing`: JSON, a Markdown daily brief, or a self-contained HTML report.

Article text is data: everything taken from it is escaped in every format.
"""

from summarizer.render.html import to_html
from summarizer.render.markdown import code, esc, to_json, to_markdown
from summarizer.render.timeline import TimelineEntry, timeline

__all__ = ["TimelineEntry", "code", "esc", "timeline", "to_html", "to_json", "to_markdown"]
