"""What model calls cost: a price table per model that users can extend, and budgets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from summarizer.schema import Usage


@dataclass(frozen=True)
class Price:
    """US dollars per million tokens."""

    input_per_million: float
    output_per_million: float

    def cost(self, usage: Usage) -> float:
        return (
            usage.prompt_tokens * self.input_per_million
            + usage.completion_tokens * self.output_per_million
        ) / 1_000_000


#: List prices (standard tier, USD per 1M tokens) as published by OpenAI in 2025; pass
#: ``Config(prices=...)`` to add models or to use your contract's prices.
DEFAULT_PRICES: Mapping[str, Price] = {
    "gpt-4o-mini": Price(0.15, 0.60),
    "gpt-4o": Price(2.50, 10.00),
    "gpt-4.1": Price(2.00, 8.00),
    "gpt-4.1-mini": Price(0.40, 1.60),
    "gpt-4.1-nano": Price(0.10, 0.40),
    # Runs on this machine: no money per token.
    "qwen2.5-coder-1.5b-instruct-q4_k_m": Price(0.0, 0.0),
}


def price_for(model: str, prices: Mapping[str, Price]) -> Price | None:
    """The price of ``model``: an exact entry, else the longest entry it starts with
    ("gpt-4o-mini-2024-07-18" is priced as "gpt-4o-mini"), else ``None`` (unknown)."""
    if model in prices:
        return prices[model]
    matches = [name for name in prices if model.startswith(name)]
    return prices[max(matches, key=len)] if matches else None


def parse_budget(text: str) -> tuple[int | None, float | None]:
    """'20000' -> 20,000 tokens; '$0.50' or '0.5usd' -> 0.50 US dollars."""
    raw = text.strip().lower().replace(",", "").replace("_", "")
    money = raw.startswith("$") or raw.endswith("usd")
    number = raw.lstrip("$").removesuffix("usd").strip()
    try:
        value = float(number)
    except ValueError:
        raise ValueError(f"budget {text!r}: expected tokens (20000) or dollars ($0.50)") from None
    if value <= 0:
        raise ValueError(f"budget {text!r}: must be more than zero")
    return (None, value) if money else (int(value), None)
