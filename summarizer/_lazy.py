"""Package exports imported on first use (PEP 562).

The embedded server process imports ``summarizer.llm.server``, and with it this package's and
``summarizer.llm``'s ``__init__``; imported eagerly they pulled in the whole pipeline (openai,
instructor, the extractors): about 2 s of the server's start, on the path of every run
(README, "An article's decisions in one batch").
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def exports(namespace: dict[str, Any], names: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for the package whose ``globals()`` are ``namespace``: it
    imports ``names[name]`` (a module) when ``name`` is first read, and keeps the value in the
    package's namespace."""
    package = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    return __getattr__
