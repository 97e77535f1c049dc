"""Reading an article as numbered sentences in windows, and the guard on re-asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.config import EMBEDDED_STRATEGY, ENDPOINT_STRATEGY, Config
from summarizer.errors import ConfigError
from summarizer.extract import grounded, reasks_that_fit, window_size
from summarizer.ingest import read_articles
from summarizer.prompts import extraction_messages
from summarizer.schema import CitedExtraction, CitedProposal
from summarizer.sentences import split_sentences, windows

SEED = (
    Path(__file__).resolve().parent.parent / "examples" / "articles" / "001_67285be19205db1f.json"
)


def test_windows_cover_every_sentence_once_in_order_within_the_size() -> None:
    (article,) = read_articles([SEED])
    sentences = split_sentences(article.text, article.junk)
    parts = windows(sentences, 1_500)
    assert len(parts) > 1
    assert [s for part in parts for s in part] == list(sentences)
    assert all(sum(len(s.text) + 1 for s in part) <= 1_500 for part in parts if len(part) > 1)
    # Junk is never numbered, so the model cannot cite it.
    assert not any("MENAFN" in s.text or "Also Read" in s.text for s in sentences)


def test_a_later_window_keeps_the_articles_numbers_and_gets_the_headline() -> None:
    (article,) = read_articles([SEED])
    parts = windows(split_sentences(article.text, article.junk), 1_500)
    first, second = (extraction_messages(article, part)[1]["content"] for part in parts[:2])
    assert f"[{parts[1][0].number}] {parts[1][0].text}" in second
    assert "[1] " in first and "[1] " not in second
    if article.title:
        assert article.title in second


def test_a_sentence_number_becomes_that_sentence_verbatim_and_a_bad_one_no_quote() -> None:
    (article,) = read_articles([SEED])
    sentences = split_sentences(article.text, article.junk)
    cited = CitedExtraction(
        parties=[],
        proposals=[
            CitedProposal(sentence=2, proposer="Lavrov", proposal="talks", status="proposed"),
            CitedProposal(sentence=999, proposer="Lavrov", proposal="talks", status="proposed"),
        ],
        positions=[],
        military_developments=[],
    )
    ok, bad = grounded(cited, sentences).proposals
    assert ok.quote == sentences[1].text
    assert article.text[sentences[1].start : sentences[1].end] == ok.quote
    assert bad.quote == ""


def test_re_asks_never_overflow_the_embedded_context() -> None:
    # Seen: a re-ask grew one request to 9,810 prompt + 1,536 completion tokens on an
    # 8,192-token context; the server answered 400 and the article was lost.
    embedded = Config(cache_dir=Path("/tmp/x")).resolve(env={})
    assert embedded.backend == "embedded"
    assert reasks_that_fit(embedded, 1_500) == embedded.max_reasks
    assert reasks_that_fit(embedded, 11_000) == 0
    for chars in range(0, 20_000, 500):
        n = reasks_that_fit(embedded, chars)
        prompt = 2_000 + chars / 3.2
        assert (
            prompt + n * (embedded.max_output_tokens + 400) + embedded.max_output_tokens
            <= (embedded.embedded_n_ctx)
            or n == 0
        )
    hosted = Config(base_url="http://127.0.0.1:9/v1").resolve(env={})
    assert reasks_that_fit(hosted, 50_000) == hosted.max_reasks


def test_strategy_resolves_argument_then_environment_then_default() -> None:
    embedded = Config(cache_dir=Path("/tmp/x")).resolve(env={})
    hosted = Config(base_url="http://127.0.0.1:9/v1").resolve(env={})
    assert (embedded.strategy, hosted.strategy) == (EMBEDDED_STRATEGY, ENDPOINT_STRATEGY)
    env = {"SUMMARIZER_STRATEGY": "windows"}
    windowed = Config(base_url="http://127.0.0.1:9/v1").resolve(env=env)
    assert windowed.strategy == "windows"
    assert window_size(windowed) == windowed.window_chars
    assert Config(strategy="single", cache_dir=Path("/tmp/x")).resolve(env=env).strategy == "single"
    assert window_size(hosted) == hosted.max_chunk_chars
    with pytest.raises(ConfigError, match="SUMMARIZER_STRATEGY='two-pass'"):
        Config(cache_dir=Path("/tmp/x")).resolve(env={"SUMMARIZER_STRATEGY": "two-pass"})


def test_a_heading_glued_to_its_paragraph_is_a_sentence_apart() -> None:
    """A page that lost the line break after a heading ("... Putin's delayUS President Donald
    Trump expressed ...") gives two sentences, so the heading's words are no subject; brand
    names and a particle ("WhatsApp", "iPhone", "alHilweh") are not cut."""
    from summarizer.sentences import split_sentences

    text = (
        "Trump frustrated with Putin's delayUS President Donald Trump expressed growing"
        " irritation with Putin.\nBerlinThe Kremlin said on WhatsApp that an iPhone was found"
        " in the alHilweh camp."
    )
    assert [s.text for s in split_sentences(text)] == [
        "Trump frustrated with Putin's delay",
        "US President Donald Trump expressed growing irritation with Putin.",
        "The Kremlin said on WhatsApp that an iPhone was found in the alHilweh camp.",
    ]
