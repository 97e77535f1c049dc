"""summarizer: many news articles about one story in, one source-attributed briefing out.

>>> from summarizer import brief, Config
>>> briefing = brief(["examples/articles"], config=Config(model="gpt-4o-mini"))  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer._lazy import exports

if TYPE_CHECKING:
    from summarizer.api import (
        StoryBriefing,
        __version__,
        abrief,
        abrief_stories,
        brief,
        brief_stories,
    )
    from summarizer.config import Config
    from summarizer.errors import (
        BackendError,
        ConfigError,
        EmbeddedModelError,
        ExtractionError,
        InputError,
        SummarizerError,
    )
    from summarizer.ingest import (
        Article,
        FailedInput,
        Story,
        group_stories,
        make_article,
        read_articles,
        read_inputs,
    )
    from summarizer.render import to_json, to_markdown
    from summarizer.schema import ArticleExtraction, Briefing

__all__ = [
    "Article",
    "ArticleExtraction",
    "BackendError",
    "Briefing",
    "Config",
    "ConfigError",
    "EmbeddedModelError",
    "ExtractionError",
    "FailedInput",
    "InputError",
    "Story",
    "StoryBriefing",
    "SummarizerError",
    "__version__",
    "abrief",
    "abrief_stories",
    "brief",
    "brief_stories",
    "group_stories",
    "make_article",
    "read_articles",
    "read_inputs",
    "to_json",
    "to_markdown",
]

# Imported when first read (summarizer._lazy says why).
__getattr__ = exports(
    globals(),
    {
        "StoryBriefing": "summarizer.api",
        "__version__": "summarizer.api",
        "abrief": "summarizer.api",
        "abrief_stories": "summarizer.api",
        "brief": "summarizer.api",
        "brief_stories": "summarizer.api",
        "Config": "summarizer.config",
        "BackendError": "summarizer.errors",
        "ConfigError": "summarizer.errors",
        "EmbeddedModelError": "summarizer.errors",
        "ExtractionError": "summarizer.errors",
        "InputError": "summarizer.errors",
        "SummarizerError": "summarizer.errors",
        "Article": "summarizer.ingest",
        "FailedInput": "summarizer.ingest",
        "Story": "summarizer.ingest",
        "group_stories": "summarizer.ingest",
        "make_article": "summarizer.ingest",
        "read_articles": "summarizer.ingest",
        "read_inputs": "summarizer.ingest",
        "to_json": "summarizer.render",
        "to_markdown": "summarizer.render",
        "ArticleExtraction": "summarizer.schema",
        "Briefing": "summarizer.schema",
    },
)
