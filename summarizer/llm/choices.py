"""Many one-token decisions in one request: the pure parts of the embedded server's choices
route (``POST /v1/summarizer/choices``) and of the client that calls it.

Asked one per request, each decision prefills only its own sentence (about 46 tokens after the
shared prompt prefix), and llama.cpp prefills such small batches at about half the rate of a
large one. The route evaluates all of an article's questions as parallel sequences of one
llama.cpp batch: the shared prefix once on sequence 0, copied (the KV cells shared, not
duplicated) to sequences 1..N, then every question's own tokens together, each tagged with its
sequence and position, logits kept only at each question's last token.

This module holds what needs no model: where the prompts part, how the questions are grouped
and sliced into llama.cpp batches, how a row of log-probabilities becomes the same
``top_logprobs`` the chat route returns, and how the answers are put back with their questions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: The route, under the server's ``/v1`` base URL.
CHOICES_PATH = "summarizer/choices"
#: Questions evaluated together at most: the server's sequences besides the prefix's, and the
#: most a client sends in one request (longer articles take several).
MAX_QUESTIONS = 32


def shared_prefix_length(prompts: Sequence[Sequence[int]]) -> int:
    """Tokens every prompt starts with, less one if a prompt would be left with no token of its
    own: each question needs its last token evaluated for its logits."""
    if not prompts:
        return 0
    first = prompts[0]
    n = min(len(p) for p in prompts)
    for other in prompts[1:]:
        shared = 0
        for a, b in zip(first[:n], other[:n], strict=True):
            if a != b:
                break
            shared += 1
        n = shared
    return max(0, min(n, min(len(p) for p in prompts) - 1))


def plan_groups(suffix_lengths: Sequence[int], *, max_questions: int, max_tokens: int) -> list[
    list[int]
]:  # fmt: skip
    """Question indices in order, in groups that fit the context beside the prefix: at most
    ``max_questions`` each and at most ``max_tokens`` tokens of their own together. A question
    longer than ``max_tokens`` alone is an error (it would not fit even asked alone)."""
    if max_questions < 1 or max_tokens < 1:
        raise ValueError("max_questions and max_tokens must be at least 1")
    groups: list[list[int]] = []
    current: list[int] = []
    used = 0
    for index, length in enumerate(suffix_lengths):
        if length > max_tokens:
            raise ValueError(
                f"question {index} has {length} tokens after the shared prefix; "
                f"the context holds {max_tokens}"
            )
        if current and (len(current) >= max_questions or used + length > max_tokens):
            groups.append(current)
            current, used = [], 0
        current.append(index)
        used += length
    if current:
        groups.append(current)
    return groups


@dataclass(frozen=True)
class Entry:
    """One token of a llama.cpp batch: its position, its sequence, and (for a question's last
    token) the question whose logits it gives."""

    token: int
    position: int
    sequence: int
    question: int | None


def batch_entries(
    suffixes: Mapping[int, Sequence[int]], group: Sequence[int], n_prefix: int
) -> list[Entry]:
    """The tokens of one group: question ``group[k]`` on sequence ``k + 1``, its tokens after the
    prefix's ``n_prefix`` positions, logits asked at its last token only."""
    entries: list[Entry] = []
    for k, question in enumerate(group):
        tokens = suffixes[question]
        last = len(tokens) - 1
        for j, token in enumerate(tokens):
            entries.append(Entry(token, n_prefix + j, k + 1, question if j == last else None))
    return entries


def slices(entries: Sequence[Entry], n_batch: int) -> Iterator[Sequence[Entry]]:
    """``entries`` in calls of at most ``n_batch`` tokens (llama.cpp's batch size). A question
    cut between two calls is still one sequence: the second call's tokens see the first's."""
    for start in range(0, len(entries), n_batch):
        yield entries[start : start + n_batch]


def top_logprobs(
    logprobs: Any, k: int, detokenize: Callable[[int], str]
) -> tuple[str, float, dict[str, float]]:
    """The chosen token (greedy), its log-probability and the ``k`` most likely tokens, as
    llama-cpp-python's completion builds them for a one-token answer: sorted by
    (log-probability, token id), both descending, keyed by token text (a later token with the
    same text keeps the first one's place and takes its value), the chosen token put in last."""
    import numpy as np

    row = np.asarray(logprobs)
    k = max(1, min(k, row.shape[0]))
    # The k best, ties included at the edge, then the same order as sorted(reverse=True).
    threshold = np.partition(row, -k)[-k]
    candidates = np.flatnonzero(row >= threshold)
    ranked = sorted(((float(row[i]), int(i)) for i in candidates), reverse=True)[:k]
    chosen_logprob, chosen = ranked[0]
    top = {detokenize(i): lp for lp, i in ranked}
    chosen_text = detokenize(chosen)
    top.update({chosen_text: chosen_logprob})
    return chosen_text, chosen_logprob, top


def answer(index: int, chosen: str, logprob: float, top: Mapping[str, float]) -> dict[str, Any]:
    """One question's answer, shaped as a chat completion's choice with ``logprobs``."""
    return {
        "index": index,
        "message": {"role": "assistant", "content": chosen},
        "logprobs": {
            "content": [
                {
                    "token": chosen,
                    "logprob": logprob,
                    "bytes": None,
                    "top_logprobs": [
                        {"token": t, "logprob": lp, "bytes": None} for t, lp in top.items()
                    ],
                }
            ]
        },
        "finish_reason": "length",
    }


def chunks(count: int, size: int = MAX_QUESTIONS) -> list[range]:
    """The questions ``0..count-1`` in requests of at most ``size``."""
    if size < 1:
        raise ValueError("size must be at least 1")
    return [range(start, min(count, start + size)) for start in range(0, count, size)]


def in_order(answers: Sequence[Any], count: int) -> list[Any]:
    """The answers of one request by their ``index``, one per question asked; a missing,
    repeated or unknown index is an error (the server answered other questions)."""
    placed: list[Any] = [None] * count
    for item in answers:
        index = item["index"] if isinstance(item, Mapping) else item.index
        if not isinstance(index, int) or not 0 <= index < count or placed[index] is not None:
            raise ValueError(f"answer index {index!r} does not match the {count} questions asked")
        placed[index] = item
    if any(item is None for item in placed):
        missing = [i for i, item in enumerate(placed) if item is None]
        raise ValueError(f"no answer for questions {missing} of {count}")
    return placed
