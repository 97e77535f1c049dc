"""OpenAI Batch API mode: upload every article's request as JSONL, wait for the batch, join the
results on ``custom_id``. Half the price of live calls for users who can wait (up to 24 h).

Answers that are missing, errored or fail the schema come back as ``None``; the caller re-runs
those articles through the normal path (with its retries and re-asks).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass

import openai
from pydantic import ValidationError

from summarizer.config import ResolvedConfig
from summarizer.errors import BackendError
from summarizer.llm.client import Reply
from summarizer.schema import CitedExtraction, Usage

TOOL_NAME = CitedExtraction.__name__
DONE = frozenset({"completed", "failed", "expired", "cancelled"})


@dataclass(frozen=True)
class BatchRequest:
    custom_id: str
    messages: list[dict[str, str]]


def request_body(config: ResolvedConfig, messages: list[dict[str, str]]) -> dict[str, object]:
    """The same forced tool call the live path makes through instructor (Mode.TOOLS)."""
    return {
        "model": config.model,
        "messages": messages,
        "tools": [
            {
                "type": "function",
                "function": {
                    "name": TOOL_NAME,
                    "description": (CitedExtraction.__doc__ or "").strip(),
                    "parameters": CitedExtraction.model_json_schema(),
                },
            }
        ],
        "tool_choice": {"type": "function", "function": {"name": TOOL_NAME}},
        "temperature": config.temperature,
        "max_tokens": config.max_output_tokens,
    }


def _reply(line: dict[str, object]) -> Reply | None:
    response = line.get("response")
    if not isinstance(response, dict) or response.get("status_code") != 200:
        return None
    body = response.get("body") or {}
    try:
        call = body["choices"][0]["message"]["tool_calls"][0]["function"]
        extraction = CitedExtraction.model_validate_json(call["arguments"])
        usage = Usage.model_validate(body.get("usage") or {})
    except (KeyError, IndexError, TypeError, ValidationError, ValueError):
        return None
    return Reply(extraction=extraction, usage=usage, calls=1)


async def run_batch(
    client: openai.AsyncOpenAI,
    config: ResolvedConfig,
    requests: Sequence[BatchRequest],
    *,
    poll_s: float = 30.0,
    timeout_s: float = 26 * 3600,
) -> dict[str, Reply | None]:
    """Submit ``requests`` as one batch and wait for it; ``None`` for each request to re-run."""
    lines = [
        json.dumps(
            {
                "custom_id": r.custom_id,
                "method": "POST",
                "url": "/v1/chat/completions",
                "body": request_body(config, r.messages),
            },
            ensure_ascii=False,
        )
        for r in requests
    ]
    try:
        upload = await client.files.create(
            file=("summarizer-batch.jsonl", ("\n".join(lines) + "\n").encode("utf-8")),
            purpose="batch",
        )
        batch = await client.batches.create(
            input_file_id=upload.id, endpoint="/v1/chat/completions", completion_window="24h"
        )
        deadline = time.monotonic() + timeout_s
        while batch.status not in DONE:
            if time.monotonic() > deadline:
                raise BackendError(f"batch {batch.id} still {batch.status} after {timeout_s:.0f} s")
            await asyncio.sleep(poll_s)
            batch = await client.batches.retrieve(batch.id)
        results: dict[str, Reply | None] = {r.custom_id: None for r in requests}
        if batch.output_file_id:
            content = await client.files.content(batch.output_file_id)
            for raw in content.text.splitlines():
                if raw.strip():
                    line = json.loads(raw)
                    if line.get("custom_id") in results:
                        results[line["custom_id"]] = _reply(line)
        return results
    except openai.APIError as exc:
        raise BackendError(f"batch submission failed: {exc}") from exc
