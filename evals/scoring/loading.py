"""Reading the articles and the hand labels from disk."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from evals.scoring.common import ITEM_SECTIONS, VERDICTS

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ARTICLES = ROOT / "examples" / "articles"
LABELS_DIR = ROOT / "evals" / "labels"


def _articles(folder: str | Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for path in sorted(Path(folder).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            yield str(data.get("id") or path.stem), data


def load_texts(folder: str | Path) -> dict[str, str]:
    """The ``text`` of every ``.json`` article in ``folder``, keyed by its ``id``."""
    return {article_id: data["text"] for article_id, data in _articles(folder)}


def load_published(folder: str | Path) -> dict[str, str]:
    """The ``published`` date of every ``.json`` article in ``folder`` that has one."""
    return {
        article_id: data["published"]
        for article_id, data in _articles(folder)
        if isinstance(data.get("published"), str)
    }


def load_labels(path: str | Path) -> list[dict[str, Any]]:
    """The hand labels of a labels file; entries with ``"checked": false`` are left out."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    labels = data.get("labels") if isinstance(data, Mapping) else None
    if not isinstance(labels, list):
        raise ValueError(f"{path}: expected {{'labels': [...]}}")
    kept: list[dict[str, Any]] = []
    for i, label in enumerate(labels):
        if not (
            isinstance(label, dict)
            and label.get("section") in ITEM_SECTIONS
            and isinstance(label.get("source_id"), str)
            and isinstance(label.get("start"), int)
            and label.get("verdict") in VERDICTS
        ):
            raise ValueError(
                f"{path}: label {i} needs section ({', '.join(ITEM_SECTIONS)}), source_id,"
                f" start (int) and verdict ({', '.join(VERDICTS)})"
            )
        if label.get("checked") is not False:
            kept.append(label)
    return kept


def default_labels_path(gold_path: str | Path) -> Path:
    """``evals/labels/<gold stem>.json``."""
    return LABELS_DIR / f"{Path(gold_path).stem}.json"
