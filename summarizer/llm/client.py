"""One OpenAI-compatible client for every backend, with two separate retry policies.

* Transport (tenacity, here): 429, 408/409, 5xx, timeouts and connection errors are retried with
  exponential backoff and jitter, honouring ``Retry-After``, capped in attempts and total time.
  The openai client's own retries are off so the two policies do not multiply.
* Output (instructor ``max_retries``): output that is not valid JSON or fails the schema is re-asked
  with the validation error.

Both stop when the run's :class:`~summarizer.llm.breaker.Breaker` finds the endpoint dead.
"""

from __future__ import annotations

import contextvars
import functools
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import instructor
import openai
from openai.types import CompletionUsage
from openai.types.chat.chat_completion import Choice as CompletionChoice
from pydantic import ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
)
from tenacity.stop import stop_base

from summarizer.config import LOCAL_PLACEHOLDER_KEY, ResolvedConfig
from summarizer.errors import BackendError, ConfigError
from summarizer.llm.breaker import Breaker, EndpointDown, ServerDied, why_unreachable
from summarizer.llm.choices import CHOICES_PATH, chunks, in_order
from summarizer.retrying import RETRYABLE_STATUS, WaitHonouringRetryAfter
from summarizer.retrying import retry_after_s as shared_retry_after_s
from summarizer.schema import CitedExtraction, Usage


@functools.cache
def _tool_model(model: type[CitedExtraction]) -> type[CitedExtraction]:
    """The model wrapped as an instructor response schema, once per process.

    Given a plain model, instructor builds a new wrapper class on every call, so its cached tool
    schema never hits: pydantic rebuilt the JSON schema each time, ~13 of the ~28 ms of client
    CPU a call took (profiled against the loopback server)."""
    return instructor.response_schema(model)


MAX_RETRY_WAIT_S = 60.0
#: Log-probabilities asked for a one-token decision (the options' letters are among them).
TOP_LOGPROBS = 10
MAX_TRANSPORT_TIME_S = 300.0


@dataclass
class Reply:
    """A validated extraction and what it cost."""

    extraction: CitedExtraction
    usage: Usage
    calls: int


class ModelCallError(BackendError):
    """One article's model call failed after both retry policies; says what was spent."""

    def __init__(self, message: str, calls: int, usage: Usage) -> None:
        super().__init__(message)
        self.calls = calls
        self.usage = usage

    @property
    def unreachable(self) -> bool:
        """Whether the last attempt never reached the server (a connection error other than a
        timeout, which may be the article's own length): another server may answer it."""
        seen: BaseException | None = self.__cause__
        chain: list[BaseException] = []
        while seen is not None and seen not in chain:
            if isinstance(seen, openai.APIConnectionError):
                return not isinstance(seen, openai.APITimeoutError)
            chain.append(seen)
            seen = seen.__cause__ or seen.__context__
        return False


@dataclass
class Choice:
    """The option a model picked in one token, and how sure it was: the probability of each
    option among the options (from the token's log-probabilities), or ``None`` for an endpoint
    that returns none."""

    picked: str
    probabilities: dict[str, float] | None
    usage: Usage
    calls: int


@dataclass
class Choices:
    """Many decisions' choices, in the order asked, and what they cost together (each
    :class:`Choice` of one request carries no usage or calls of its own)."""

    choices: list[Choice]
    usage: Usage
    calls: int


class _ChoicesResponse(openai.BaseModel):
    """The answer of the embedded server's choices route: one chat-completion choice per
    question."""

    choices: list[CompletionChoice]
    usage: CompletionUsage | None = None


@dataclass
class _CallStats:
    calls: int = 0
    usage: Usage = field(default_factory=Usage)
    #: What the breaker counts timeouts by: the article, else this one call.
    article: str = ""


# Per-task tally of HTTP calls, so concurrent articles each count their own re-asks.
_stats: contextvars.ContextVar[_CallStats] = contextvars.ContextVar("summarizer_call_stats")


def is_retryable(exc: BaseException) -> bool:
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    return isinstance(exc, openai.APIStatusError) and exc.status_code in RETRYABLE_STATUS


def retry_after_s(exc: BaseException | None) -> float | None:
    """Seconds the server asked us to wait, from the failed call's response headers."""
    response = getattr(exc, "response", None)
    return shared_retry_after_s(getattr(response, "headers", None))


class _StopWhenOpen(stop_base):
    def __init__(self, breaker: Breaker) -> None:
        self._breaker = breaker

    def __call__(self, retry_state: RetryCallState) -> bool:
        return self._breaker.open


def transport_retrying(
    attempts: int,
    *,
    initial_wait_s: float = 1.0,
    max_time_s: float = MAX_TRANSPORT_TIME_S,
    breaker: Breaker | None = None,
) -> AsyncRetrying:
    """The shared policy; with a ``breaker``, retries stop and waits end once it opens."""
    stop = stop_after_attempt(attempts) | stop_after_delay(max_time_s)
    interruptible: dict[str, Any] = {}
    if breaker is not None:
        stop = stop | _StopWhenOpen(breaker)
        interruptible["sleep"] = breaker.sleep
    return AsyncRetrying(
        retry=retry_if_exception(is_retryable),
        wait=WaitHonouringRetryAfter(initial_wait_s, MAX_RETRY_WAIT_S, retry_after_s),
        stop=stop,
        reraise=True,
        **interruptible,
    )


class ModelClient:
    """Asks a model to fill :class:`CitedExtraction` for one window of an article at a time."""

    def __init__(
        self,
        config: ResolvedConfig,
        *,
        base_url: str,
        initial_wait_s: float = 1.0,
        recover: Callable[[], Awaitable[object]] | None = None,
        diagnose: Callable[[], str | None] | None = None,
    ) -> None:
        """``recover`` runs after a connection error, before the retry: the embedded backend
        passes a restart of its server when the server process has died. ``diagnose`` says why
        an endpoint that stays unreachable went away (the embedded server's deaths)."""
        if config.api_key is None and config.backend == "endpoint":
            raise ConfigError(f"{base_url}: no API key; set OPENAI_API_KEY")
        self.config = config
        self.base_url = base_url
        self._initial_wait_s = initial_wait_s
        self._recover = recover
        self._diagnose = diagnose
        self.breaker = Breaker(base_url, timeout_s=config.request_timeout_s)
        self._openai = openai.AsyncOpenAI(
            api_key=config.api_key or LOCAL_PLACEHOLDER_KEY,
            base_url=base_url,
            timeout=config.request_timeout_s,
            max_retries=0,
        )
        create = self._openai.chat.completions.create
        self._client = instructor.AsyncInstructor(
            client=self._openai,
            create=instructor.patch(
                create=self._with_transport_retries(create), mode=instructor.Mode.TOOLS
            ),
            mode=instructor.Mode.TOOLS,
        )

    def _with_transport_retries(
        self, create: Callable[..., Awaitable[Any]]
    ) -> Callable[..., Awaitable[Any]]:
        attempts = self.config.max_transport_attempts
        initial = self._initial_wait_s
        recover = self._recover
        diagnose = self._diagnose
        breaker = self.breaker

        async def create_with_retries(*args: Any, **kwargs: Any) -> Any:
            stats = _stats.get(None)
            # Without an article name, each call counts as an article of its own.
            article = stats.article if stats is not None and stats.article else str(id(kwargs))
            began = time.monotonic()
            previous: BaseException | None = None
            retrying = transport_retrying(attempts, initial_wait_s=initial, breaker=breaker)
            try:
                async for attempt in retrying:
                    with attempt:
                        if breaker.open and previous is not None:
                            # The breaker opened during the wait: end on the real error.
                            raise previous
                        if stats is not None:
                            stats.calls += 1
                        started = time.monotonic()
                        try:
                            response = await breaker.guard(create(*args, **kwargs))
                        except openai.APITimeoutError as exc:
                            previous = exc
                            breaker.timed_out(article, started)
                            raise
                        except openai.APIConnectionError as exc:
                            previous = exc
                            if recover is not None:
                                await recover()
                            raise
                        except openai.APIStatusError as exc:
                            previous = exc
                            breaker.answered()
                            raise
                        breaker.answered()
            except openai.APITimeoutError:
                raise  # counted per attempt above: a hung server's retries take minutes
            except openai.APIConnectionError as exc:
                # Counted only now: a refusal is instant, and the retries outlast a blip.
                note = diagnose() if diagnose else None
                breaker.retries_exhausted(exc, began, note=note)
                if note is not None:
                    # The article's own error says why too: with one article (or all of them
                    # already running) no "not started" line would carry the breaker's reason.
                    raise ServerDied(
                        f"cannot reach the model endpoint ({why_unreachable(exc)}): {note}"
                    ) from exc
                raise
            usage = getattr(response, "usage", None)
            if stats is not None and usage is not None:
                stats.usage = stats.usage + Usage(
                    prompt_tokens=usage.prompt_tokens or 0,
                    completion_tokens=usage.completion_tokens or 0,
                    total_tokens=usage.total_tokens or 0,
                )
            return response

        return create_with_retries

    async def extract(
        self,
        messages: list[dict[str, str]],
        response_model: type[CitedExtraction] = CitedExtraction,
        *,
        max_reasks: int | None = None,
        max_output_tokens: int | None = None,
        article: str = "",
    ) -> Reply:
        """One extraction; ``max_reasks`` and ``max_output_tokens`` override the config's.
        ``article`` names the article for the breaker, which counts timeouts by article."""
        stats = _CallStats(article=article)
        token = _stats.set(stats)
        try:
            extraction, _completion = await self._client.create_with_completion(
                model=self.config.model,
                messages=messages,  # type: ignore[arg-type]
                response_model=_tool_model(response_model),
                max_retries=self.config.max_reasks if max_reasks is None else max_reasks,
                temperature=self.config.temperature,
                max_tokens=max_output_tokens or self.config.max_output_tokens,
            )
        except instructor.core.exceptions.InstructorRetryException as exc:
            raise ModelCallError(_describe(exc), stats.calls, stats.usage) from exc
        except (openai.APIError, ValidationError, EndpointDown) as exc:
            raise ModelCallError(_describe(exc), stats.calls, stats.usage) from exc
        finally:
            _stats.reset(token)
        return Reply(extraction=extraction, usage=stats.usage, calls=stats.calls)

    async def choose(
        self, messages: list[dict[str, str]], options: str, *, article: str = ""
    ) -> Choice:
        """One decision among ``options`` (one letter each), read from a single token.

        No grammar and no JSON: a one-token answer decodes once, and its log-probabilities give
        the model's confidence in every option for free. ``article`` names the article for the
        breaker."""
        stats = _CallStats(article=article)
        token = _stats.set(stats)
        create = self._with_transport_retries(self._openai.chat.completions.create)
        try:
            response = await create(
                model=self.config.model,
                messages=messages,
                max_tokens=1,
                temperature=0,
                logprobs=True,
                top_logprobs=TOP_LOGPROBS,
            )
        except (openai.APIError, EndpointDown) as exc:
            raise ModelCallError(_describe(exc), stats.calls, stats.usage) from exc
        finally:
            _stats.reset(token)
        return _choice(response.choices[0], options, stats.usage, stats.calls)

    async def choose_many(
        self, questions: Sequence[list[dict[str, str]]], options: str, *, article: str = ""
    ) -> Choices:
        """:meth:`choose` for each of ``questions``, in order.

        With ``choices_route`` (the embedded server), they go in one request per
        :data:`~summarizer.llm.choices.MAX_QUESTIONS` to its choices route, which evaluates them
        as one llama.cpp batch and answers each as the chat route would; otherwise, one chat
        completion each. Both go through the same transport retries and breaker."""
        if not self.config.choices_route:
            asked = [await self.choose(m, options, article=article) for m in questions]
            usage = sum((c.usage for c in asked), Usage())
            return Choices(asked, usage, sum(c.calls for c in asked))
        stats = _CallStats(article=article)
        token = _stats.set(stats)
        post = self._with_transport_retries(self._openai.post)
        answers: list[CompletionChoice] = []
        try:
            for part in chunks(len(questions)):
                response = await post(
                    CHOICES_PATH,
                    cast_to=_ChoicesResponse,
                    body={
                        "model": self.config.model,
                        "questions": [{"messages": questions[i]} for i in part],
                        "top_logprobs": TOP_LOGPROBS,
                    },
                )
                answers.extend(in_order(response.choices, len(part)))
        except (openai.APIError, EndpointDown) as exc:
            raise ModelCallError(_describe(exc), stats.calls, stats.usage) from exc
        except ValueError as exc:
            message = f"the choices route answered other questions: {exc}"
            raise ModelCallError(message, stats.calls, stats.usage) from exc
        finally:
            _stats.reset(token)
        chosen = [_choice(a, options, Usage(), 0) for a in answers]
        return Choices(chosen, stats.usage, stats.calls)

    @property
    def openai(self) -> openai.AsyncOpenAI:
        """The underlying client (for the Batch API)."""
        return self._openai

    async def aclose(self) -> None:
        await self._openai.close()


def _choice(choice: Any, options: str, usage: Usage, calls: int) -> Choice:
    """The option a chat-completion choice picked: the likeliest option by its log-probabilities
    (ties to the earlier option), else the answer's first letter if it is one."""
    text = (choice.message.content or "").strip()[:1].upper()
    probabilities = _option_probabilities(choice, options)
    if probabilities:
        picked = max(probabilities, key=lambda o: (probabilities[o], -options.index(o)))
    else:
        picked = text if text and text in options else ""
    return Choice(picked, probabilities, usage, calls)


def _option_probabilities(choice: Any, options: str) -> dict[str, float] | None:
    """Each option's probability among the options, from the first token's top log-probs
    (" P", "P" and "p" are the same answer)."""
    logprobs = getattr(choice, "logprobs", None)
    content = getattr(logprobs, "content", None) if logprobs is not None else None
    if not content:
        return None
    mass: dict[str, float] = dict.fromkeys(options, 0.0)
    for candidate in content[0].top_logprobs or []:
        letter = candidate.token.strip().upper()
        if len(letter) == 1 and letter in mass:
            mass[letter] += math.exp(candidate.logprob)
    total = sum(mass.values())
    if total <= 0:
        return None
    return {o: round(m / total, 4) for o, m in mass.items()}


def _describe(exc: BaseException) -> str:
    cause = exc.__cause__ or exc.__context__
    for died in (exc, cause):
        if isinstance(died, ServerDied):
            return str(died)
    if isinstance(exc, EndpointDown) or isinstance(cause, EndpointDown):
        return f"stopped: {cause if isinstance(cause, EndpointDown) else exc}"
    root = cause if isinstance(cause, openai.APIError) else exc
    if isinstance(root, openai.APIStatusError):
        return f"HTTP {root.status_code} from the model endpoint: {_first_line(root.message)}"
    if isinstance(root, openai.APITimeoutError):
        return "the model endpoint timed out"
    if isinstance(root, openai.APIConnectionError):
        return f"cannot reach the model endpoint ({_first_line(str(root.__cause__ or root))})"
    return f"model output failed after re-asks: {_first_line(str(exc))}"


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line[:300]
