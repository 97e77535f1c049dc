"""The one folding every name comparison in the merge layer goes through."""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii


@lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """ASCII, lower case, punctuation to spaces, single-spaced."""
    text = re.sub(r"['’]s\b", "", anyascii(text).lower())
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())
