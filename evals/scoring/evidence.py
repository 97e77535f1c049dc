"""Whether evidence quotes stand verbatim in their sources, and page furniture in items."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from evals.scoring.common import evidence_of, ratio

# Matched case-sensitively: in lower case "also read" or "error message" are ordinary prose,
# while the page furniture always carries this capitalisation.
JUNK_MARKERS: tuple[str, ...] = (
    "Story continues below",
    "Advertisement",
    "MENAFN",
    "Legal Disclaimer",
    "Also Read",
    "Latest Comment",
    "Post Comment",
    "Read Comments",
    "Error message",
    "An error occurred while searching",
    "Click here to follow",
    "Stay updated with the latest",
)


def score_evidence(
    owners: Sequence[tuple[str, Mapping[str, Any]]], texts: Mapping[str, str]
) -> dict[str, Any]:
    """How much evidence is verbatim at its offsets, and why the rest is not."""
    counts = {"verbatim": 0, "offset_mismatch": 0, "not_in_text": 0, "unknown_source": 0}
    problems: list[dict[str, Any]] = []
    total = 0
    for owner_id, entry in owners:
        for ev in evidence_of(entry):
            total += 1
            verdict = _evidence_verdict(ev, texts)
            counts[verdict] += 1
            if verdict != "verbatim":
                problems.append(
                    {"owner": owner_id, "source_id": ev.get("source_id"), "problem": verdict}
                )
    return {
        "verbatim_share": ratio(counts["verbatim"], total),
        "total": total,
        **counts,
        "problems": problems,
    }


def _evidence_verdict(ev: Mapping[str, Any], texts: Mapping[str, str]) -> str:
    text = texts.get(str(ev.get("source_id")))
    if text is None:
        return "unknown_source"
    quote, start, end = ev.get("quote"), ev.get("start"), ev.get("end")
    # An empty quote is trivially text[i:i] but supports nothing.
    if not isinstance(quote, str) or not quote:
        return "not_in_text"
    if (
        isinstance(start, int)
        and isinstance(end, int)
        and 0 <= start <= end <= len(text)
        and text[start:end] == quote
    ):
        return "verbatim"
    return "offset_mismatch" if quote in text else "not_in_text"


def junk_found(text: str, markers: Sequence[str] = JUNK_MARKERS) -> list[str]:
    """The page-furniture markers present in ``text``."""
    return [m for m in markers if m in text]
