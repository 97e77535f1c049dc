"""What the merger is given: one article and what was extracted from it."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.ingest import Article
from summarizer.schema import ArticleExtraction


@dataclass(frozen=True)
class MergeInput:
    """One article and what the model extracted from it."""

    article: Article
    extraction: ArticleExtraction
