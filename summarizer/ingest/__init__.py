"""Articles in: reading every kind of input, finding page junk, and grouping by story.

One module per concern:

* :mod:`~summarizer.ingest.article`: the :class:`Article` and its checks;
* :mod:`~summarizer.ingest.files`: local files (text, Markdown, JSON, JSONL, saved HTML pages);
* :mod:`~summarizer.ingest.web`: main-text extraction from HTML, and fetching URLs;
* :mod:`~summarizer.ingest.feeds`: RSS and Atom feeds;
* :mod:`~summarizer.ingest.inputs`: all of these behind one call, :func:`read_inputs`;
* :mod:`~summarizer.ingest.junk`: page junk left inside the text;
* :mod:`~summarizer.ingest.stories`: grouping a mixed day's articles by story (a package: vectors,
  neighbour graph, cut and labels, one module each).
"""

from summarizer.ingest.article import MAX_ARTICLE_CHARS, Article, FailedInput, make_article
from summarizer.ingest.files import ARTICLE_SUFFIXES, read_file
from summarizer.ingest.inputs import Inputs, read_articles, read_inputs
from summarizer.ingest.junk import find_junk
from summarizer.ingest.stories import Story, group_stories
from summarizer.ingest.web import FetchPolicy, article_from_html

__all__ = [
    "ARTICLE_SUFFIXES",
    "MAX_ARTICLE_CHARS",
    "Article",
    "FailedInput",
    "FetchPolicy",
    "Inputs",
    "Story",
    "article_from_html",
    "find_junk",
    "group_stories",
    "make_article",
    "read_articles",
    "read_file",
    "read_inputs",
]
