"""The embedded server process imports only what serving needs: every run waits for its start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_server_module_does_not_import_the_pipeline() -> None:
    # Eager package imports once pulled openai, instructor and the extractors into the server
    # process: about 2 s of its start (summarizer._lazy).
    code = (
        "import sys, summarizer.llm.server; "
        "print(sorted(m for m in ('openai', 'instructor', 'spacy', 'summarizer.api', "
        "'summarizer.extract', 'summarizer.llm.client') if m in sys.modules))"
    )
    # This checkout's package, whichever one the interpreter has installed.
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.strip() == "[]"


def test_the_packages_still_export_their_names() -> None:
    import summarizer
    import summarizer.llm

    assert summarizer.brief.__module__ == "summarizer.api"
    assert summarizer.llm.ModelPool.__module__ == "summarizer.llm.pool"
    assert all(getattr(summarizer, name) is not None for name in summarizer.__all__)
    assert all(getattr(summarizer.llm, name) is not None for name in summarizer.llm.__all__)
