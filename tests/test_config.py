"""Configuration resolves in one place: argument, then environment, then default."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.config import DEFAULT_OPENAI_MODEL, EMBEDDED_MODEL, OPENAI_BASE_URL, Config
from summarizer.errors import ConfigError


def test_nothing_configured_means_the_embedded_model() -> None:
    resolved = Config().resolve(env={})
    assert resolved.backend == "embedded"
    assert resolved.model == EMBEDDED_MODEL
    assert resolved.concurrency == 1


def test_api_key_alone_means_openai() -> None:
    resolved = Config().resolve(env={"OPENAI_API_KEY": "sk-test"})
    assert (resolved.backend, resolved.base_urls) == ("endpoint", (OPENAI_BASE_URL,))
    assert resolved.model == DEFAULT_OPENAI_MODEL


def test_argument_beats_environment_beats_default() -> None:
    env = {
        "OPENAI_BASE_URL": "http://localhost:11434/v1",
        "SUMMARIZER_MODEL": "llama3.1",
        "SUMMARIZER_CONCURRENCY": "3",
        "SUMMARIZER_CACHE_DIR": "/tmp/x",
    }
    from_env = Config().resolve(env=env)
    assert (from_env.base_urls, from_env.model, from_env.concurrency) == (
        ("http://localhost:11434/v1",), "llama3.1", 3,
    )  # fmt: skip
    assert from_env.cache_dir == Path("/tmp/x")
    assert from_env.api_key == "not-needed"  # loopback endpoints need no key
    explicit = Config(base_url="http://127.0.0.1:8000/v1", model="qwen", concurrency=5).resolve(
        env=env
    )
    assert (explicit.base_urls, explicit.model, explicit.concurrency) == (
        ("http://127.0.0.1:8000/v1",), "qwen", 5,
    )  # fmt: skip


def test_several_base_urls_from_the_argument_or_the_environment() -> None:
    a, b, c = (f"http://127.0.0.1:{port}/v1" for port in (8000, 8001, 8002))
    from_env = Config().resolve(env={"OPENAI_BASE_URL": f"{a}, {b},,{a}"})
    # Blanks dropped, a URL given twice counts once; 8 articles in flight per server.
    assert (from_env.base_urls, from_env.concurrency) == ((a, b), 16)
    explicit = Config(base_url=[c, f"{a},{b}"]).resolve(env={"OPENAI_BASE_URL": a})
    assert (explicit.base_urls, explicit.concurrency) == ((c, a, b), 24)
    # A concurrency given is the whole run's, not each server's.
    assert Config(base_url=[a, b], concurrency=5).resolve(env={}).concurrency == 5
    assert Config(base_url=a).resolve(env={}).concurrency == 8


def test_several_base_urls_need_a_key_for_any_hosted_one_and_no_batch() -> None:
    local = "http://127.0.0.1:8000/v1"
    with pytest.raises(ConfigError, match=r"^https://my-vllm\.example\.com/v1: .*needs an API key"):
        Config(base_url=[local, "https://my-vllm.example.com/v1"]).resolve(env={})
    with pytest.raises(ConfigError, match="one base URL"):
        Config(base_url=[local, "http://127.0.0.1:8001/v1"], batch=True).resolve(env={})


def test_hosted_endpoint_needs_a_key() -> None:
    with pytest.raises(ConfigError, match="needs an API key"):
        Config(base_url="https://my-azure.example.com/v1").resolve(env={})


@pytest.mark.parametrize("raw", ["many", "0"])
def test_bad_concurrency(raw: str) -> None:
    with pytest.raises(ConfigError, match=r"SUMMARIZER_CONCURRENCY|at least 1"):
        Config().resolve(env={"SUMMARIZER_CONCURRENCY": raw})


def test_api_key_is_not_in_repr() -> None:
    resolved = Config(api_key="sk-secret-value").resolve(env={})
    assert "sk-secret-value" not in repr(resolved)


def test_embedded_server_flags_argument_beats_environment_beats_default() -> None:
    default = Config().resolve(env={})
    assert (default.embedded_n_ctx, default.embedded_kv_type, default.embedded_mmap) == (
        8192, "f16", False,
    )  # fmt: skip
    assert default.embedded_prefix_state is True
    # Flash attention for the choices route's parallel sequences (decide) only.
    assert (default.strategy, default.embedded_flash_attn) == ("decide", True)
    assert Config(strategy="single").resolve(env={}).embedded_flash_attn is False
    env = {
        "SUMMARIZER_EMBEDDED_THREADS": "1",
        "SUMMARIZER_EMBEDDED_CTX": "4096",
        "SUMMARIZER_EMBEDDED_BATCH": "256",
        "SUMMARIZER_EMBEDDED_UBATCH": "128",
        "SUMMARIZER_EMBEDDED_KV_TYPE": "q8_0",
        "SUMMARIZER_EMBEDDED_FLASH_ATTN": "1",
        "SUMMARIZER_EMBEDDED_MMAP": "1",
        "SUMMARIZER_EMBEDDED_PREFIX_STATE": "off",
    }
    from_env = Config().resolve(env=env)
    assert (from_env.embedded_n_threads, from_env.embedded_n_ctx) == (1, 4096)
    assert (from_env.embedded_n_batch, from_env.embedded_n_ubatch) == (256, 128)
    assert (from_env.embedded_kv_type, from_env.embedded_flash_attn) == ("q8_0", True)
    assert (from_env.embedded_mmap, from_env.embedded_prefix_state) == (True, False)
    # The context size also decides how long an article chunk may be.
    assert from_env.max_chunk_chars < default.max_chunk_chars
    explicit = Config(
        embedded_n_threads=2, embedded_n_ctx=8192, embedded_mmap=False, embedded_prefix_state=True
    ).resolve(env=env)
    assert (explicit.embedded_n_threads, explicit.embedded_n_ctx) == (2, 8192)
    assert (explicit.embedded_mmap, explicit.embedded_prefix_state) == (False, True)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SUMMARIZER_EMBEDDED_KV_TYPE": "q5"}, "SUMMARIZER_EMBEDDED_KV_TYPE='q5': not one of"),
        (
            {"SUMMARIZER_EMBEDDED_KV_TYPE": "q8_0", "SUMMARIZER_EMBEDDED_FLASH_ATTN": "0"},
            "KV cache type q8_0 needs flash attention",
        ),
        ({"SUMMARIZER_EMBEDDED_MMAP": "maybe"}, "SUMMARIZER_EMBEDDED_MMAP='maybe': not a boolean"),
        ({"SUMMARIZER_EMBEDDED_BATCH": "0"}, "embedded_n_batch must be at least 1, got 0"),
        ({"SUMMARIZER_EMBEDDED_THREADS": "two"}, "SUMMARIZER_EMBEDDED_THREADS='two': not an int"),
    ],
)
def test_bad_embedded_server_flags(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        Config().resolve(env=env)


def test_request_timeout_argument_beats_environment_beats_default() -> None:
    env = {"SUMMARIZER_REQUEST_TIMEOUT": "2.5"}
    assert Config().resolve(env={}).request_timeout_s == 600.0
    assert Config().resolve(env=env).request_timeout_s == 2.5
    assert Config(request_timeout_s=1.0).resolve(env=env).request_timeout_s == 1.0


@pytest.mark.parametrize("raw", ["soon", "0", "-1"])
def test_bad_request_timeout(raw: str) -> None:
    with pytest.raises(ConfigError, match="SUMMARIZER_REQUEST_TIMEOUT"):
        Config().resolve(env={"SUMMARIZER_REQUEST_TIMEOUT": raw})
