"""The retry policy every network call shares: which statuses are worth another attempt, how
long a server asked us to wait, and backoff that honours it. Model calls (``llm.client``) and
page fetches (``ingest.web``) both use it; neither layer may import the other."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Mapping

from tenacity import RetryCallState, wait_exponential_jitter

RETRYABLE_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})


def retry_after_s(headers: Mapping[str, str] | None) -> float | None:
    """Seconds a server asked us to wait (``Retry-After-Ms``, or ``Retry-After``: seconds or an
    HTTP date); ``None`` when it did not ask."""
    if headers is None:
        return None
    raw = headers.get("retry-after-ms")
    if raw:
        try:
            return float(raw) / 1000
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, parsed.timestamp() - time.time())


class WaitHonouringRetryAfter:
    """Exponential backoff with jitter, or longer when the failed attempt says the server asked
    for it (``asked`` reads that from the attempt's exception), never past ``max_wait``."""

    def __init__(
        self,
        initial: float,
        max_wait: float,
        asked: Callable[[BaseException | None], float | None],
    ) -> None:
        self._backoff = wait_exponential_jitter(multiplier=initial, max=max_wait, jitter=initial)
        self._max = max_wait
        self._asked = asked

    def __call__(self, state: RetryCallState) -> float:
        backoff: float = self._backoff(state)
        asked = self._asked(state.outcome.exception() if state.outcome else None)
        return min(self._max, max(backoff, asked)) if asked is not None else backoff
