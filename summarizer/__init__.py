"""summarizer: many news articles about one story in, one source-attributed briefing out.

>>> from summarizer import brief, Config
>>> briefing = brief(["examples/articles"], config=Config(model="gpt-4o-mini"))  # doctest: +SKIP
"""

from summarizer.api import __version__, abrief, brief
from summarizer.config import Config
from summarizer.errors import (
    BackendError,
    ConfigError,
    EmbeddedModelError,
    ExtractionError,
    InputError,
    SummarizerError,
)
from summarizer.ingest import Article, make_article, read_articles
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
    "InputError",
    "SummarizerError",
    "__version__",
    "abrief",
    "brief",
    "make_article",
    "read_articles",
    "to_json",
    "to_markdown",
]
