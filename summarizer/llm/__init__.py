"""Talking to a model: the OpenAI-compatible client and the embedded llama.cpp server."""

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
