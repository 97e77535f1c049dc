"""summarizer: many news articles about one story in, one source-attributed briefing out.

>>> from summarizer import brief, Config
>>> briefing = brief(["examples/articles"], config=Config(model="gpt-4o-mini"))  # doctest: +SKIP
"""

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
