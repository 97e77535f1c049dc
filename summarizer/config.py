"""Configuration, resolved in one place: argument, then environment variable, then default."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args
from urllib.parse import urlparse

from summarizer.errors import ConfigError

OPENAI_BASE_URL = "https://api.openai.com/v1"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
EMBEDDED_MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m"
# Hosted models have 128k-token windows; 100k chars stays well inside them.
DEFAULT_ENDPOINT_CHUNK_CHARS = 100_000
# Loopback endpoints (Ollama, vLLM, llama.cpp) need no key; the openai client wants one anyway.
LOCAL_PLACEHOLDER_KEY = "not-needed"
#: Articles in flight per model server when ``concurrency`` is not set.
CONCURRENCY_PER_SERVER = 8

Backend = Literal["embedded", "endpoint"]
UngroundedPolicy = Literal["flag", "drop"]
#: decide: the parse reads each sentence's clauses (who, what, when, where, how many) and the
#: model only decides, in one token per clause, what kind of item it is; the item's text is the
#: article's own. single: the model fills the whole schema, one call per article. windows: the
#: same, one call per window of about ``window_chars`` characters.
Strategy = Literal["decide", "single", "windows"]
STRATEGIES: tuple[Strategy, ...] = get_args(Strategy)
#: Chosen on stories no one tuned to (README, "Measured quality and cost").
EMBEDDED_STRATEGY: Strategy = "decide"
ENDPOINT_STRATEGY: Strategy = "decide"
#: KV cache element type of the embedded server (q8_0 / q4_0 need flash attention).
KvType = Literal["f16", "q8_0", "q4_0"]
KV_TYPES: tuple[KvType, ...] = ("f16", "q8_0", "q4_0")
# Embedded server flags, each chosen from `benchmarks/embedded_flags.py` on the 2-core machine.
EMBEDDED_DEFAULTS = {
    "n_ctx": 8192,
    "n_batch": 512,
    "n_ubatch": 512,
}


@dataclass(frozen=True, kw_only=True)
class Config:
    """Options for a briefing run. ``None`` means: look at the environment, then use the default.

    ``base_url`` is one OpenAI-compatible endpoint or several (a sequence, or one string with
    commas); with several, calls are spread across them.

    Environment variables: ``OPENAI_BASE_URL`` (URLs separated by commas), ``OPENAI_API_KEY``,
    ``SUMMARIZER_MODEL``, ``SUMMARIZER_CONCURRENCY``, ``SUMMARIZER_CACHE_DIR``,
    ``SUMMARIZER_STRATEGY``, ``SUMMARIZER_REQUEST_TIMEOUT`` (seconds), ``SUMMARIZER_CHOICES_ROUTE``
    (1 or 0), and for the embedded server
    ``SUMMARIZER_EMBEDDED_THREADS``, ``_CTX``, ``_BATCH``, ``_UBATCH``, ``_KV_TYPE``,
    ``_FLASH_ATTN``, ``_MMAP`` and ``_PREFIX_STATE`` (each prefixed ``SUMMARIZER_EMBEDDED_``).
    """

    model: str | None = None
    base_url: str | Sequence[str] | None = None
    api_key: str | None = None
    #: Articles in flight at once, across all servers; default 8 per server (1 embedded).
    concurrency: int | None = None
    #: Re-asks after output that fails the schema (instructor ``max_retries``).
    max_reasks: int = 2
    #: Attempts for one HTTP call on 429/5xx/timeouts/connection errors.
    max_transport_attempts: int = 5
    #: Seconds one HTTP request may take (connect, or wait for the next bytes); default 600.
    #: A hung endpoint ends the run after about this long (README, "Failure behaviour").
    request_timeout_s: float | None = None
    temperature: float = 0.0
    max_output_tokens: int = 1536
    #: Longest article text sent in one call; longer articles are cut at paragraph or sentence
    #: boundaries and the chunks' results merged. Default: what fits the model's context.
    max_chunk_chars: int | None = None
    #: What to do with an item whose evidence cannot be found in its article.
    ungrounded: UngroundedPolicy = "flag"
    strategy: Strategy | None = None
    #: Send an article's one-token decisions in one request to the route of summarizer's own
    #: server (``/v1/summarizer/choices``, evaluated as one llama.cpp batch) instead of one chat
    #: completion each. Default: on for the embedded backend, off for endpoints (an endpoint that
    #: is this package's ``python -m summarizer.llm.server --parallel_choices N`` may turn it on).
    choices_route: bool | None = None
    #: Window size of the ``windows`` strategy, in characters of article text.
    window_chars: int = 1_500
    #: Send the day's articles through the OpenAI Batch API (half price, results within 24 h);
    #: answers that fail come back through the normal path.
    batch: bool = False
    batch_poll_s: float = 30.0
    #: Stop starting model calls once this many tokens (or US dollars) would be exceeded.
    budget_tokens: int | None = None
    budget_usd: float | None = None
    #: Extra or overriding prices: model -> (input, output) US dollars per million tokens.
    prices: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    cache_dir: Path | None = None
    #: Reuse stored extractions of unchanged articles (keyed by text, model, prompt, schema).
    use_cache: bool = True
    embedded_n_ctx: int | None = None
    embedded_n_threads: int | None = None
    #: Tokens per prefill batch (n_batch) and per compute micro-batch (n_ubatch).
    embedded_n_batch: int | None = None
    embedded_n_ubatch: int | None = None
    embedded_kv_type: KvType | None = None
    embedded_flash_attn: bool | None = None
    #: Map the model file instead of reading it into memory.
    embedded_mmap: bool | None = None
    #: Store the state after the static prompt prefix in the cache folder and start from it.
    embedded_prefix_state: bool | None = None

    def resolve(self, env: Mapping[str, str] | None = None) -> ResolvedConfig:
        env = os.environ if env is None else env
        base_urls = _urls(self.base_url) or _urls(env.get("OPENAI_BASE_URL"))
        api_key = self.api_key or env.get("OPENAI_API_KEY") or None
        backend: Backend
        if not base_urls and api_key is None:
            backend = "embedded"
        else:
            backend = "endpoint"
            base_urls = base_urls or (OPENAI_BASE_URL,)
            hosted = [url for url in base_urls if not _is_loopback(url)]
            if api_key is None and hosted:
                raise ConfigError(
                    f"{hosted[0]}: this endpoint needs an API key; set OPENAI_API_KEY or pass"
                    " api_key (or --api-key)"
                )
            api_key = api_key or LOCAL_PLACEHOLDER_KEY
        if self.batch and len(base_urls) > 1:
            raise ConfigError("batch mode sends the day to one provider: give one base URL")
        default_model = EMBEDDED_MODEL if backend == "embedded" else DEFAULT_OPENAI_MODEL
        model = self.model or env.get("SUMMARIZER_MODEL") or default_model
        concurrency = self.concurrency or _int_env(env, "SUMMARIZER_CONCURRENCY")
        if concurrency is not None and concurrency < 1:
            raise ConfigError(f"concurrency must be at least 1, got {concurrency}")
        if concurrency is None or backend == "embedded":
            # The embedded llama.cpp server decodes one request at a time; requests queued behind
            # it only wait, and on a long day run into the client's timeout (seen in a run at 8).
            concurrency = 1 if backend == "embedded" else CONCURRENCY_PER_SERVER * len(base_urls)
        n_ctx = _pick(self.embedded_n_ctx, _int_env(env, f"{_EMB}CTX"), EMBEDDED_DEFAULTS["n_ctx"])
        if self.max_chunk_chars is not None:
            max_chunk_chars = self.max_chunk_chars
        elif backend == "embedded":
            # Context minus the static prefix (~2,700 tokens) and the output, at ~3 chars/token.
            max_chunk_chars = max(2_000, (n_ctx - 2_700 - self.max_output_tokens) * 3)
        else:
            max_chunk_chars = DEFAULT_ENDPOINT_CHUNK_CHARS
        chosen = self.strategy or _strategy_env(env)
        strategy = chosen or (EMBEDDED_STRATEGY if backend == "embedded" else ENDPOINT_STRATEGY)
        if self.batch:
            # The Batch API takes one request per article, decided up front.
            if chosen not in (None, "single"):
                raise ConfigError("batch mode runs the single-pass strategy only")
            strategy = "single"
        if max_chunk_chars < 500:
            raise ConfigError(f"max_chunk_chars must be at least 500, got {max_chunk_chars}")
        cache_dir = self.cache_dir or _path_env(env, "SUMMARIZER_CACHE_DIR") or _default_cache_dir()
        return ResolvedConfig(
            backend=backend,
            model=model,
            base_urls=base_urls,
            api_key=api_key,
            concurrency=concurrency,
            max_reasks=self.max_reasks,
            max_transport_attempts=self.max_transport_attempts,
            request_timeout_s=_pick(
                self.request_timeout_s, _float_env(env, "SUMMARIZER_REQUEST_TIMEOUT"), 600.0
            ),
            temperature=self.temperature,
            max_output_tokens=self.max_output_tokens,
            ungrounded=self.ungrounded,
            strategy=strategy,
            choices_route=_pick(
                self.choices_route,
                _bool_env(env, "SUMMARIZER_CHOICES_ROUTE"),
                backend == "embedded",
            ),
            window_chars=self.window_chars,
            batch=self.batch,
            batch_poll_s=self.batch_poll_s,
            budget_tokens=self.budget_tokens,
            budget_usd=self.budget_usd,
            prices=dict(self.prices),
            max_chunk_chars=max_chunk_chars,
            cache_dir=cache_dir,
            use_cache=self.use_cache,
            embedded_n_ctx=n_ctx,
            **self._resolve_embedded(env, strategy),
        )

    def _resolve_embedded(self, env: Mapping[str, str], strategy: Strategy) -> dict[str, Any]:
        kv_type = self.embedded_kv_type or env.get(f"{_EMB}KV_TYPE") or "f16"
        if kv_type not in KV_TYPES:
            raise ConfigError(f"{_EMB}KV_TYPE={kv_type!r}: not one of {', '.join(KV_TYPES)}")
        # On for decide: the choices route evaluates an article's questions as parallel sequences
        # of one unified KV buffer, where every token's attention spans the other questions'
        # cells too; llama.cpp's CPU flash attention skips the cells the mask hides, the default
        # path computes them and discards them (README, "An article's decisions in one batch").
        flash_attn = _pick(
            self.embedded_flash_attn, _bool_env(env, f"{_EMB}FLASH_ATTN"), strategy == "decide"
        )
        if kv_type != "f16" and not flash_attn:
            raise ConfigError(f"KV cache type {kv_type} needs flash attention (llama.cpp)")
        sizes = {
            "embedded_n_threads": _pick(
                self.embedded_n_threads, _int_env(env, f"{_EMB}THREADS"), os.cpu_count() or 2
            ),
            "embedded_n_batch": _pick(
                self.embedded_n_batch, _int_env(env, f"{_EMB}BATCH"), EMBEDDED_DEFAULTS["n_batch"]
            ),
            "embedded_n_ubatch": _pick(
                self.embedded_n_ubatch,
                _int_env(env, f"{_EMB}UBATCH"),
                EMBEDDED_DEFAULTS["n_ubatch"],
            ),
        }
        for name, value in sizes.items():
            if value < 1:
                raise ConfigError(f"{name} must be at least 1, got {value}")
        values: dict[str, Any] = {
            **sizes,
            "embedded_kv_type": kv_type,
            "embedded_flash_attn": flash_attn,
            "embedded_mmap": _pick(self.embedded_mmap, _bool_env(env, f"{_EMB}MMAP"), False),
            "embedded_prefix_state": _pick(
                self.embedded_prefix_state, _bool_env(env, f"{_EMB}PREFIX_STATE"), True
            ),
        }
        return values


@dataclass(frozen=True, kw_only=True)
class ResolvedConfig:
    """A :class:`Config` with every value decided."""

    backend: Backend
    model: str
    #: The model servers, in the order given (none for the embedded backend, which starts its own).
    base_urls: tuple[str, ...]
    api_key: str | None = field(repr=False)
    concurrency: int
    max_reasks: int
    max_transport_attempts: int
    request_timeout_s: float
    temperature: float
    max_output_tokens: int
    ungrounded: UngroundedPolicy
    strategy: Strategy
    choices_route: bool
    window_chars: int
    batch: bool
    batch_poll_s: float
    budget_tokens: int | None
    budget_usd: float | None
    prices: Mapping[str, tuple[float, float]]
    max_chunk_chars: int
    cache_dir: Path
    use_cache: bool
    embedded_n_ctx: int
    embedded_n_threads: int
    embedded_n_batch: int
    embedded_n_ubatch: int
    embedded_kv_type: KvType
    embedded_flash_attn: bool
    embedded_mmap: bool
    embedded_prefix_state: bool


def _urls(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """Base URLs from a string or a sequence of them, each holding one URL or several separated
    by commas (as the environment holds them), blanks dropped. A URL given twice counts once, or
    its server would get two shares of the calls and two breakers."""
    given = [value] if isinstance(value, str) else list(value or ())
    urls = (url.strip() for text in given for url in text.split(","))
    return tuple(dict.fromkeys(url for url in urls if url))


def _is_loopback(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return host in {"localhost", "::1"} or host.startswith("127.")


def _int_env(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: not an integer") from None


def _float_env(env: Mapping[str, str], name: str) -> float | None:
    raw = env.get(name)
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: not a number") from None
    if not value > 0:
        raise ConfigError(f"{name}={raw!r}: must be more than 0")
    return value


def _strategy_env(env: Mapping[str, str]) -> Strategy | None:
    raw = env.get("SUMMARIZER_STRATEGY")
    if not raw:
        return None
    if raw not in STRATEGIES:
        raise ConfigError(f"SUMMARIZER_STRATEGY={raw!r}: expected one of {', '.join(STRATEGIES)}")
    return raw


_EMB = "SUMMARIZER_EMBEDDED_"
_T = TypeVar("_T")


def _pick(argument: _T | None, from_env: _T | None, default: _T) -> _T:
    if argument is not None:
        return argument
    return default if from_env is None else from_env


def _bool_env(env: Mapping[str, str], name: str) -> bool | None:
    raw = env.get(name)
    if not raw:
        return None
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r}: not a boolean (use 1 or 0)")


def _path_env(env: Mapping[str, str], name: str) -> Path | None:
    raw = env.get(name)
    return Path(raw).expanduser() if raw else None


def _default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("summarizer"))
