"""What the merger is given: one article and what was extracted from it."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.ingest import Article
from summarizer.schema import ArticleExtraction
from summarizer.sentences import Sentence, split_sentences


@dataclass(frozen=True)
class MergeInput:
    """One article and what the model extracted from it."""

    article: Article
    extraction: ArticleExtraction
    #: The article's numbered sentences, when the extraction already split them.
    sentences: tuple[Sentence, ...] = ()

    def numbered(self) -> tuple[Sentence, ...]:
        """The article's sentences: as the extraction split them, or split now."""
        return self.sentences or split_sentences(self.article.text, self.article.junk)
