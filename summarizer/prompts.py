"""Prompt templates (Jinja2 files under ``prompts/``) and the version string they carry.

The templates ship inside the wheel as ``summarizer/_prompts``; in a source checkout they are read
from the top-level ``prompts/`` folder. The static part (instructions, then the tool schema that
the server places beside them) comes first and the article last, so a prompt cache can reuse the
prefix across articles.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from summarizer.ingest import Article
from summarizer.schema import ArticleExtraction

PROMPT_NAME = "extract"
PROMPT_MAJOR = 1
MAX_PARTIES = 10
MAX_ITEMS = 6


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
def prompt_version() -> str:
    """``extract-v1+<hash>``: the hash changes whenever a template's text changes."""
    digest = hashlib.sha256()
    for name in ("extract/system.j2", "extract/user.j2", "extract/followup.j2"):
        digest.update(_template_source(name).encode("utf-8"))
    return f"{PROMPT_NAME}-v{PROMPT_MAJOR}+{digest.hexdigest()[:8]}"


@cache
def schema_version() -> str:
    """A hash of the JSON Schema the model fills; cached extractions are keyed on it."""
    import json

    schema = json.dumps(ArticleExtraction.model_json_schema(), sort_keys=True)
    return hashlib.sha256(schema.encode("utf-8")).hexdigest()[:12]


def render(name: str, **values: Any) -> str:
    return _env().get_template(name).render(**values).strip()


def extraction_messages(article: Article, text: str | None = None) -> list[dict[str, str]]:
    """Chat messages for one article (or one chunk ``text`` of it): the static system prompt,
    then the article."""
    system = render("extract/system.j2", max_parties=MAX_PARTIES, max_items=MAX_ITEMS)
    body = article.clean_text if text is None else text
    user = render("extract/user.j2", text=body, published=article.published)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def followup_messages(
    article: Article, text: str | None, previous: ArticleExtraction
) -> list[dict[str, str]]:
    """The second pass of the two-pass strategy: the same prefix and article (so a prompt cache
    reuses them), the first answer, and a request for only what it missed.

    The second call must use the same tool as the first: the chat template puts the tool schema
    at the top of the prompt, and a different one (as a first version had) left only 636 of
    2,600 prefix tokens for the llama.cpp prompt cache to reuse."""
    return [
        *extraction_messages(article, text),
        {"role": "assistant", "content": previous.model_dump_json()},
        {"role": "user", "content": render("extract/followup.j2")},
    ]
