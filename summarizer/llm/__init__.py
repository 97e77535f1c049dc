"""Talking to a model: the OpenAI-compatible client and the embedded llama.cpp server."""

from summarizer.llm.client import ModelCallError, ModelClient, Reply
from summarizer.llm.embedded import EmbeddedServer, check_installed, ensure_model

__all__ = [
    "EmbeddedServer",
    "ModelCallError",
    "ModelClient",
    "Reply",
    "check_installed",
    "ensure_model",
]
