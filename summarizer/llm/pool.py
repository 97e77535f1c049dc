"""Several model servers behind one client (issue 16: past one machine).

Each call goes to the live server with the fewest calls in flight, so a slow or busy server gets
fewer; among equals the next in turn, so calls made one at a time still take turns. Each server
keeps its own :class:`~summarizer.llm.breaker.Breaker`: a call whose server turns out dead (its
breaker opened, or the call's retries all ended on connection errors) is made again on a live
server it has not tried, and the run is down only when every server is. Errors that come with an
answer (HTTP 400, output failing the schema), and a timeout on a server that has not tripped its
breaker (it may be the article's own length), belong to the article: they are not sent
elsewhere.

Which server answered is recorded nowhere: the cache key (``extract.cache_key``) and the recorded
cassettes identify an answer by the model and the request, not by the server.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import TypeVar

import openai

from summarizer.llm.breaker import Breakers
from summarizer.llm.client import Choice, Choices, ModelCallError, ModelClient, Reply
from summarizer.schema import CitedExtraction, Usage

_R = TypeVar("_R", Reply, Choice, Choices)


class ModelPool:
    """Spreads model calls across one :class:`ModelClient` per server (one or more)."""

    def __init__(self, clients: Sequence[ModelClient]) -> None:
        if not clients:
            raise ValueError("a pool needs at least one model client")
        self.clients = tuple(clients)
        #: Open, with every server's reason, once every server is known dead.
        self.breaker = Breakers([c.breaker for c in self.clients])
        self._in_flight = [0] * len(self.clients)
        self._turn = 0

    async def extract(
        self,
        messages: list[dict[str, str]],
        response_model: type[CitedExtraction] = CitedExtraction,
        *,
        max_reasks: int | None = None,
        max_output_tokens: int | None = None,
        article: str = "",
    ) -> Reply:
        """:meth:`ModelClient.extract` on the least busy live server."""
        return await self._spread(
            lambda client: client.extract(
                messages, response_model, max_reasks=max_reasks,
                max_output_tokens=max_output_tokens, article=article,
            )
        )  # fmt: skip

    async def choose(
        self, messages: list[dict[str, str]], options: str, *, article: str = ""
    ) -> Choice:
        """:meth:`ModelClient.choose` on the least busy live server."""
        return await self._spread(lambda client: client.choose(messages, options, article=article))

    async def choose_many(
        self, questions: Sequence[list[dict[str, str]]], options: str, *, article: str = ""
    ) -> Choices:
        """:meth:`ModelClient.choose_many` on the least busy live server (all of an article's
        questions on one server, which may evaluate them as one batch)."""
        return await self._spread(
            lambda client: client.choose_many(questions, options, article=article)
        )

    async def _spread(self, call: Callable[[ModelClient], Awaitable[_R]]) -> _R:
        """``call`` on one server, then on another while the server it went to is dead; what
        the failed tries spent is added to the answer (or to the last error)."""
        tried: set[int] = set()
        spent_calls, spent = 0, Usage()
        while True:
            live = self._live(tried)
            if not live:
                # Only before a first try (a failed try goes on only to a live server): every
                # server was already down.
                raise ModelCallError(f"stopped: {self.breaker.reason}", 0, Usage())
            index = self._pick(live)
            client = self.clients[index]
            self._in_flight[index] += 1
            try:
                result = await call(client)
            except ModelCallError as exc:
                tried.add(index)
                dead = client.breaker.open or exc.unreachable
                if not dead or not self._live(tried):
                    exc.calls += spent_calls
                    exc.usage = spent + exc.usage
                    raise
                spent_calls += exc.calls
                spent = spent + exc.usage
                continue
            finally:
                self._in_flight[index] -= 1
            return replace(result, calls=spent_calls + result.calls, usage=spent + result.usage)

    def _live(self, tried: set[int]) -> list[int]:
        return [
            i for i, client in enumerate(self.clients) if i not in tried and not client.breaker.open
        ]

    def _pick(self, live: list[int]) -> int:
        count = len(self.clients)
        index = min(live, key=lambda i: (self._in_flight[i], (i - self._turn) % count))
        self._turn = (index + 1) % count
        return index

    @property
    def openai(self) -> openai.AsyncOpenAI:
        """The first server's client (the Batch API takes one provider, see the config)."""
        return self.clients[0].openai

    async def aclose(self) -> None:
        for client in self.clients:
            await client.aclose()
