"""`summarizer brief --help` documents every input kind and shows the environment variables
(square brackets used to be eaten as rich markup)."""

from __future__ import annotations

import subprocess
import sys


def test_help_shows_env_vars_and_every_input_kind() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "summarizer", "brief", "--help"],
        capture_output=True, text=True, timeout=60, env={"PATH": "", "COLUMNS": "200"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.replace("│", " ").split())
    for hint in ("[env: SUMMARIZER_MODEL]", "[env: OPENAI_BASE_URL]",
                 "[env: SUMMARIZER_CONCURRENCY]"):  # fmt: skip
        assert hint in text, hint
    for kind in (".txt", ".md", ".json", ".jsonl", ".html", "http(s)://", "RSS/Atom", ".rss",
                 ".urls", "'-' for standard input", "folders"):  # fmt: skip
        assert kind in text, kind
    assert "more recall" not in text and "--no-group" in text
