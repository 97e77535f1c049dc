"""Fail fast on a dead model endpoint: one circuit breaker per model server, shared by the calls
that go to it (with several servers, the run stops only when every breaker is open).

Without it, a run against an endpoint that refuses connections retried every article in turn
(about 15 s of backoff each, 8 at a time): 60 articles took 140 s to end, 3,000 about two hours.

It trips on failures that cannot belong to one article, and only when the endpoint answered no
request (any HTTP response counts, even an error) since the failing call or attempt started:

* a call whose transport retries all ended on a connection error (refused, DNS, TLS, reset): the
  endpoint stayed unreachable through a whole retry schedule (about 15 s), which a restart or a
  network blip does not;
* attempts on :data:`TIMEOUT_ARTICLES` distinct articles that timed out: a hung server accepts
  and never answers. One article timing out may be its own size; two with nothing answered in
  between is the server. Any answer clears the count.

Once tripped it stays open for the run: no call starts (``extract`` marks those articles not
started), waits between retries end at once, retry loops stop, and requests in flight are
cancelled. Errors with an answer (HTTP 400, output failing the schema) never reach it.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import socket
import ssl
import time
from collections.abc import Awaitable, Sequence
from typing import TypeVar
from urllib.parse import urlsplit

from summarizer.errors import BackendError

#: Distinct articles whose attempts must time out, with no answer in between, to trip.
TIMEOUT_ARTICLES = 2

_T = TypeVar("_T")


class EndpointDown(BackendError):
    """A call stopped because the breaker is open; the message says why the endpoint is down."""


class ServerDied(EndpointDown):
    """A call spent its retries because the model server behind the endpoint kept dying; the
    message says how it died and where its log is."""


class Breaker:
    """Whether the model endpoint is known dead for the rest of the run, and why."""

    def __init__(self, base_url: str, *, timeout_s: float) -> None:
        self.endpoint = _without_credentials(base_url)
        self.timeout_s = timeout_s
        #: Why the endpoint is considered down; ``None`` while calls may go on.
        self.reason: str | None = None
        self._opened = asyncio.Event()
        self._last_answer = -math.inf
        self._timed_out: set[str] = set()

    @property
    def open(self) -> bool:
        return self.reason is not None

    def refusal(self) -> str | None:
        """Why a new call must not start, or ``None``."""
        return None if self.reason is None else f"not started: {self.reason}"

    def answered(self) -> None:
        """The endpoint answered a request (any HTTP status): it is alive."""
        self._last_answer = time.monotonic()
        self._timed_out.clear()

    def timed_out(self, article: str, started: float) -> None:
        """An attempt for ``article`` that began at ``started`` (monotonic) timed out."""
        if self._last_answer >= started:
            return  # others were answered meanwhile: the slowness is this article's
        self._timed_out.add(article)
        if len(self._timed_out) >= TIMEOUT_ARTICLES:
            self._trip(
                f"the model endpoint {self.endpoint} is not answering (requests for"
                f" {len(self._timed_out)} articles timed out after {self.timeout_s:g} s,"
                " and no request was answered meanwhile)"
            )

    def retries_exhausted(
        self, exc: BaseException, started: float, *, note: str | None = None
    ) -> None:
        """A call that began at ``started`` spent its retries; ``exc`` ended the last attempt
        and is a connection error (not a timeout); ``note`` says what is known of why."""
        if self._last_answer < started:
            self._trip(
                f"the model endpoint {self.endpoint} is unreachable ({why_unreachable(exc)})"
                + (f": {note}" if note else "")
            )

    def _trip(self, reason: str) -> None:
        if self.reason is None:
            self.reason = reason
            self._opened.set()

    async def sleep(self, seconds: float) -> None:
        """A wait between retries that ends as soon as the breaker opens."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._opened.wait(), timeout=seconds)

    async def guard(self, call: Awaitable[_T]) -> _T:
        """Await ``call``, cancelling it if the breaker opens first (:class:`EndpointDown`)."""
        if self.reason is not None:
            # Never started: close the coroutine so it is not reported as never awaited.
            getattr(call, "close", lambda: None)()
            raise EndpointDown(self.reason)
        task = asyncio.ensure_future(call)
        opened = asyncio.ensure_future(self._opened.wait())
        try:
            await asyncio.wait({task, opened}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            opened.cancel()
            if not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        if task.cancelled() and self.reason is not None:
            raise EndpointDown(self.reason)
        return task.result()


class Breakers:
    """The breakers of a run's model servers, seen as one: the run is down only when every
    server is (a dead server's calls go to the live ones, :mod:`summarizer.llm.pool`)."""

    def __init__(self, breakers: Sequence[Breaker]) -> None:
        self.each = tuple(breakers)

    @property
    def reason(self) -> str | None:
        """Why every server is considered down; ``None`` while one may still answer."""
        reasons = [b.reason for b in self.each]
        if not reasons or any(r is None for r in reasons):
            return None
        if len(reasons) == 1:
            return reasons[0]
        return f"all {len(reasons)} model endpoints are down: " + "; ".join(map(str, reasons))

    @property
    def open(self) -> bool:
        return self.reason is not None

    def refusal(self) -> str | None:
        """Why a new call must not start, or ``None``."""
        reason = self.reason
        return None if reason is None else f"not started: {reason}"


def _without_credentials(url: str) -> str:
    # A base URL may carry user:password@; the reason is printed and stored in the brief.
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return parts._replace(netloc=netloc, query="", fragment="").geturl()


def why_unreachable(exc: BaseException) -> str:
    """What the connection error was, in a few words, from the lowest cause that says."""
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and seen not in chain:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    for cause in reversed(chain):
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, socket.gaierror):
            return "host name not resolved"
        if isinstance(cause, ssl.SSLError):
            return f"TLS failed: {cause.reason or cause}"
        if isinstance(cause, ConnectionResetError):
            return "connection reset"
    text = " ".join(str(c) for c in chain).lower()
    for marker, said in (
        ("connection refused", "connection refused"),
        ("name or service not known", "host name not resolved"),
        ("nodename nor servname", "host name not resolved"),
        ("temporary failure in name resolution", "host name not resolved"),
        ("ssl", "TLS failed"),
        ("certificate", "TLS failed"),
        ("connection reset", "connection reset"),
    ):
        if marker in text:
            return said
    lowest = str(chain[-1]).strip().splitlines()
    return lowest[0][:200] if lowest else type(chain[-1]).__name__
