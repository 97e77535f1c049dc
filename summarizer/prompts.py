"""Prompt templates (Jinja2 files under ``prompts/``) and the version string they carry.

The templates ship inside the wheel as ``summarizer/_prompts``; in a source checkout they are read
from the top-level ``prompts/`` folder. The static part (instructions, then the tool schema that
the server places beside them) comes first and the article last, so a prompt cache can reuse the
prefix across articles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from summarizer.ingest import Article
from summarizer.schema import (
    MAX_CITED_ITEMS,
    MAX_CITED_PARTIES,
    ArticleExtraction,
    CitedExtraction,
)
from summarizer.sentences import Sentence, numbered

PROMPT_NAME = "extract"
PROMPT_MAJOR = 2
DECIDE_NAME = "decide"
DECIDE_MAJOR = 1


def prompts_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "_prompts", here.parent / "prompts"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"prompt templates not found next to {here}")


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(prompts_dir())),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        autoescape=False,
    )


def _template_source(name: str) -> str:
    return (prompts_dir() / name).read_text(encoding="utf-8")


@cache
def prompt_version(strategy: str = "single") -> str:
    """``extract-v2+<hash>`` (or ``decide-v1+<hash>`` for the ``decide`` strategy): the hash
    changes whenever a template's text changes, or, for ``decide``, the clause reader's rules."""
    if strategy == "decide":
        from summarizer.clauses import READER_VERSION

        digest = hashlib.sha256(READER_VERSION.encode("utf-8"))
        for name in ("decide/system.j2", "decide/user.j2"):
            digest.update(_template_source(name).encode("utf-8"))
        return f"{DECIDE_NAME}-v{DECIDE_MAJOR}+{digest.hexdigest()[:8]}"
    digest = hashlib.sha256()
    for name in ("extract/system.j2", "extract/user.j2"):
        digest.update(_template_source(name).encode("utf-8"))
    return f"{PROMPT_NAME}-v{PROMPT_MAJOR}+{digest.hexdigest()[:8]}"


@cache
def schema_version(strategy: str = "single") -> str:
    """A hash of the JSON Schema the model fills (for ``decide``, of the extraction the code
    writes); cached extractions are keyed on it."""
    import json

    model = ArticleExtraction if strategy == "decide" else CitedExtraction
    schema = json.dumps(model.model_json_schema(), sort_keys=True)
    return hashlib.sha256(schema.encode("utf-8")).hexdigest()[:12]


def render(name: str, **values: Any) -> str:
    return _env().get_template(name).render(**values).strip()


def extraction_messages(article: Article, sentences: Sequence[Sentence]) -> list[dict[str, str]]:
    """Chat messages for one window of an article: the static system prompt, then the window's
    numbered sentences (numbers are the article's, so evidence indexes the whole article).

    A window that does not start the article also gets the headline, so that a later window
    still knows what the story is about."""
    system = render("extract/system.j2", max_parties=MAX_CITED_PARTIES, max_items=MAX_CITED_ITEMS)
    first = sentences[0].number if sentences else 1
    title = article.title if first > 1 else None
    user = render(
        "extract/user.j2", text=numbered(sentences), published=article.published, title=title
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def decision_messages(sentence: str) -> list[dict[str, str]]:
    """Chat messages asking for one sentence's kind as one letter: the static instructions and
    examples first (a prefix the server reuses from the previous request), the sentence last."""
    return [
        {"role": "system", "content": render("decide/system.j2")},
        {"role": "user", "content": render("decide/user.j2", sentence=" ".join(sentence.split()))},
    ]
