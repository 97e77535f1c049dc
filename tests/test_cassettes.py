"""No key, authorization header, cookie or organisation header may sit in a cassette."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import SECRET_HEADERS

CASSETTES = sorted((Path(__file__).resolve().parent.parent / "cassettes").glob("*.yaml"))
KEY_LIKE = re.compile(r"sk-[A-Za-z0-9_-]{8,}|Bearer\s+\S{8,}")


def test_there_are_cassettes() -> None:
    assert CASSETTES


@pytest.mark.parametrize("path", CASSETTES, ids=lambda p: p.name)
def test_cassette_holds_no_secret(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not KEY_LIKE.search(text)
    data = yaml.safe_load(text)
    for interaction in data["interactions"]:
        for part in ("request", "response"):
            headers = {h.lower() for h in interaction[part].get("headers", {})}
            leaked = headers & set(SECRET_HEADERS)
            assert not leaked, f"{path.name}: {part} carries {sorted(leaked)}"
