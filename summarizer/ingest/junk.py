"""Page junk that survives inside an article's text, found as spans without moving offsets.

Extraction from HTML (trafilatura, in :mod:`summarizer.ingest.web`) removes navigation, ads,
related links and comments by the page's structure. What is left here is junk that arrives inside
the text itself: files saved as plain text from a page, and lines a page puts in its main body.
Each pattern has a test on the seed text or page that carries it (tests/test_ingest.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A whole line that is page furniture, never reporting.
_JUNK_LINE = re.compile(
    r"^[ \t]*(?:premium|advertisement|sponsored|latest comments?|post comment|read comments"
    r"|comments|no comments?|error message|story continues below (?:this )?ad(?:vertisement)?"
    r"|an error occurred while searching.*|stay updated with the latest.*|click here to .*"
    r"|(?:ap|afp|reuters)(?:\s*/\s*(?:ap|afp|reuters))*|share this article|subscribe.*newsletter.*"
    r")[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# A line that talks to a language model is not reporting: the model never sees it, so an article
# cannot steer the extraction (defence in depth; the evidence check is the other half).
_INJECTION_LINE = re.compile(
    r"^[^\n]*(?:(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:the\s+|your\s+)?"
    r"(?:previous|prior|above|earlier|preceding)\s+(?:instructions|prompts?|rules)"
    r"|you\s+are\s+now\s+(?:in\s+)?\w+\s+mode|system\s+prompt)[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
# A photo caption or credit line left in the body: "(Photo by X/Agency)", "Photo: X / Agency".
_CREDIT_LINE = re.compile(
    r"^[^\n]{0,300}?(?:\(\s*photo(?:graph)?\s*(?:by|:)[^)\n]*\)|^\s*photo(?:graph)?\s*(?:by|:)"
    r"[^\n]*|\b(?:photo|image|picture)\s*credit\s*:[^\n]*)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# Everything from a legal disclaimer to the end of the page is boilerplate.
_DISCLAIMER = re.compile(r"Legal Disclaimer:.*\Z", re.DOTALL)
# "Also Read | <headline of another story>": the link runs to the end of its line or to the next
# heading glued onto it ("...missilesIn Berlin"), whichever comes first.
_ALSO_READ = re.compile(
    r"(?:(?i:Also Read|Read More|Related)\s*\|"
    # A teaser for another story, with its leading capital as pages write it, not as prose
    # would ("to read more of the report").
    r"|(?:Read [Mm]ore|READ MORE|Read [Aa]lso|See [Aa]lso|You [Mm]ay [Aa]lso [Ll]ike"
    r"|You [Mm]ay (?:[Aa]lso )?[Bb]e [Ii]nterested [Ii]n|Recommended [Ff]or [Yy]ou)\b\s*[:|]?)"
    r"[^\n]*"
)
_GLUED = re.compile(r"[a-z][A-Z]")
# The page's own date stamp before its first words ("date 2025-09-24 A drone launched ...",
# "2025-11-25 03:09:10 ..."), as archived and aggregated pages carry it: metadata, and glued to
# the lead it changes how the lead parses (what acts, when).
_PAGE_STAMP = re.compile(r"\A\s*(?:date\s+)?\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?(?=\s)")


def find_junk(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of ``text`` that are page junk, sorted and non-overlapping."""
    spans: list[tuple[int, int]] = []
    disclaimer = _DISCLAIMER.search(text)
    limit = disclaimer.start() if disclaimer else len(text)
    if disclaimer:
        spans.append((disclaimer.start(), len(text)))
    stamp = _PAGE_STAMP.match(text)
    if stamp:
        spans.append((stamp.start(), stamp.end()))
    for pattern in (_JUNK_LINE, _INJECTION_LINE, _CREDIT_LINE):
        spans.extend((m.start(), m.end()) for m in pattern.finditer(text, 0, limit))
    for m in _ALSO_READ.finditer(text, 0, limit):
        end = min(m.end(), limit)
        glued = _GLUED.search(text, m.start() + 12, end)
        if glued:
            # Keep the paragraph that starts at the capital; the heading before it goes too.
            end = glued.start() + 1
        spans.append((m.start(), end))
    return merge_spans(spans)


def merge_spans(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)
