"""Talking to a model: the OpenAI-compatible client and the embedded llama.cpp server."""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer._lazy import exports

if TYPE_CHECKING:
    from summarizer.llm.client import ModelCallError, ModelClient, Reply
    from summarizer.llm.embedded import EmbeddedServer, check_installed, ensure_model
    from summarizer.llm.pool import ModelPool

__all__ = [
    "EmbeddedServer",
    "ModelCallError",
    "ModelClient",
    "ModelPool",
    "Reply",
    "check_installed",
    "ensure_model",
]

# Imported when first read (summarizer._lazy says why).
__getattr__ = exports(
    globals(),
    {
        "ModelCallError": "summarizer.llm.client",
        "ModelClient": "summarizer.llm.client",
        "Reply": "summarizer.llm.client",
        "EmbeddedServer": "summarizer.llm.embedded",
        "check_installed": "summarizer.llm.embedded",
        "ensure_model": "summarizer.llm.embedded",
        "ModelPool": "summarizer.llm.pool",
    },
)
