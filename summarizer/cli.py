"""The ``summarizer`` command: ``summarizer brief INPUT...`` and ``summarizer render BRIEF.json``.

The result goes to stdout (or ``-o FILE``); progress, one line per input that failed, and the run
summary go to stderr.
Exit codes: 0 brief complete; 2 bad input or configuration (nothing produced); 3 brief produced
but some articles were left out; 4 no article could be extracted.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from summarizer.api import StoryBriefing, abrief_stories
from summarizer.config import STRATEGIES, Config
from summarizer.cost import parse_budget
from summarizer.errors import SummarizerError
from summarizer.extract import write_atomic
from summarizer.ingest import Article, group_stories, read_articles, read_inputs
from summarizer.ingest.files import texts_jsonl
from summarizer.merge.diff import diff_stories
from summarizer.render import (
    StoryBrief,
    report_paths,
    stories_from_json,
    stories_to_json,
    stories_to_markdown,
    to_html,
)
from summarizer.schema import ArticleRun, Briefing, Usage

EXIT_OK = 0
EXIT_INPUT = 2
EXIT_PARTIAL = 3
EXIT_ALL_FAILED = 4

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False)
err = Console(stderr=True)


class Format(str, Enum):
    md = "md"
    html = "html"
    json = "json"


@app.callback()
def _root() -> None:
    """Turn a day's news articles into one source-attributed briefing per story."""


def _fail(message: str, code: int = EXIT_INPUT) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(code)


def _summary(stories: list[StoryBriefing], seconds: float) -> str:
    # A failed input is named in every story's brief; count each source once.
    runs = list({r.source_id: r for s in stories for r in s.briefing.provenance.articles}.values())
    counts = {
        s: sum(1 for r in runs if r.status == s)
        for s in ("ok", "cached", "duplicate", "failed", "skipped")
    }
    calls = sum(r.calls for r in runs)
    u = sum((r.usage for r in runs), Usage())
    costs = [s.briefing.provenance.cost_usd for s in stories]
    cost = sum(c for c in costs if c) if any(costs) else None
    parts = [f"{len(runs)} articles: {counts['ok']} extracted, {counts['cached']} cached"]
    if counts["duplicate"]:
        parts.append(f"{counts['duplicate']} duplicate")
    parts.append(f"{counts['failed']} failed")
    if len(stories) > 1:
        parts.append(f"{len(stories)} stories")
    skipped = [r.error or "" for r in runs if r.status == "skipped"]
    if budget := sum("budget" in e for e in skipped):
        parts.append(f"{budget} not started (budget)")
    if unreachable := len(skipped) - budget:
        parts.append(f"{unreachable} not started (model endpoint down)")
    return (
        ", ".join(parts)
        + f"; {calls} model calls, {u.prompt_tokens:,} prompt + {u.completion_tokens:,} completion"
        " tokens" + (f" (${cost:.4f})" if cost else "") + f"; {seconds:.1f} s"
    )


INPUTS_HELP = (
    "Articles: text files (.txt, .md), JSON (.json, .jsonl: objects with 'text'), saved web"
    " pages (.html, .htm), folders of these, '-' for standard input, http(s):// URLs of news"
    " pages or of RSS/Atom feeds, feed files (.rss, .atom, .xml), and .urls files listing URLs"
    " or paths, one a line."
)


def _texts_path(output: Path) -> Path:
    return output.with_name(output.stem + ".texts.jsonl")


def load_brief(path: Path) -> list[StoryBrief]:
    """A saved ``--format json`` brief (one story, or several), or a one-line error naming it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        return stories_from_json(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "document"
        raise _fail(f"{path}: not a summarizer brief ({where}: {first['msg']})") from None


def _texts_of(briefing: Briefing, extra: list[str], beside: Path) -> dict[str, str]:
    """Article texts for the report: from ``--articles`` when given, else from each source's
    recorded path (relative paths from the current folder) and from the texts of pages kept
    beside the brief (``beside``). A source not found stays textless."""
    wanted = {s.id for s in briefing.sources}
    texts: dict[str, str] = {}
    paths = extra or [
        *(s.path for s in briefing.sources if s.path and Path(s.path).is_file()),
        *([str(beside)] if beside.is_file() else []),
    ]
    for path in paths:
        try:
            texts.update({a.id: a.text for a in read_articles([path]) if a.id in wanted})
        except SummarizerError as exc:
            if extra:
                raise _fail(str(exc)) from None
    return texts


def _with_changes(stories: list[StoryBrief], previous: list[StoryBrief] | None) -> list[StoryBrief]:
    if previous is None:
        return stories
    diffs = diff_stories([p.briefing for p in previous], [s.briefing for s in stories])
    return [replace(s, changes=d) for s, d in zip(stories, diffs, strict=True)]


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_atomic(output, text)
    except OSError as exc:
        raise _fail(f"{output}: cannot write ({exc.strerror or exc})") from None


def _output(
    stories: list[StoryBrief],
    format: Format,
    output: Path | None,
    texts: Callable[[Briefing], dict[str, str]],
) -> None:
    if format is Format.json:
        _write(stories_to_json(stories), output)
    elif format is Format.md:
        _write(stories_to_markdown(stories), output)
    elif output is None:
        (story,) = stories  # several stories without -o are refused before any work
        _write(to_html(story.briefing, texts=texts(story.briefing), changes=story.changes), None)
    else:
        for story, path in zip(stories, report_paths(output, stories), strict=True):
            html = to_html(story.briefing, texts=texts(story.briefing), changes=story.changes)
            _write(html, path)
        if len(stories) > 1:
            names = ", ".join(p.name for p in report_paths(output, stories))
            err.print(f"{len(stories)} stories, one report each: {names}", highlight=False)


_SINCE_HELP = (
    "The previous brief (--format json): mark what is new, updated or no longer reported. With"
    " several stories on either day, each story is compared with the previous story that"
    " reports most of its items (none: all new)."
)
_FORMAT_HELP = (
    "Output format. With several stories: md = an index, then each story's brief; json ="
    ' {"stories": [...]}; html = one report per story beside -o FILE, with the story id in'
    " its name (FILE-STEM.story-2.html)."
)
_HTML_NEEDS_OUTPUT = "--format html with several stories writes one report per story: give -o FILE"


@app.command("render")
def render_command(
    brief_json: Annotated[Path, typer.Argument(help="A brief saved with --format json.")],
    format: Annotated[Format, typer.Option("--format", "-f", help=_FORMAT_HELP)] = Format.md,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")  # noqa: UP045
    ] = None,
    since: Annotated[Optional[Path], typer.Option(help=_SINCE_HELP)] = None,  # noqa: UP045
    articles: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            help="Article files or folders (default: the paths the brief records, and the"
            " NAME.texts.jsonl beside it)."
        ),
    ] = None,
) -> None:
    """Render a saved brief again, with no model: Markdown, HTML or JSON."""
    stories = load_brief(brief_json)
    if format is Format.html and output is None and len(stories) > 1:
        raise _fail(_HTML_NEEDS_OUTPUT)
    beside = _texts_path(brief_json)
    _output(
        _with_changes(stories, load_brief(since) if since else None),
        format,
        output,
        lambda briefing: _texts_of(briefing, articles or [], beside),
    )


@app.command("brief")
def brief_command(
    paths: Annotated[list[str], typer.Argument(metavar="INPUT", help=INPUTS_HELP)],
    format: Annotated[Format, typer.Option("--format", "-f", help=_FORMAT_HELP)] = Format.md,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            help="Write here instead of stdout; the text of every article taken from a page,"
            " URL or feed goes beside it (NAME.texts.jsonl), so every quote can be checked.",
        ),
    ] = None,
    model: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help=escape("Model name [env: SUMMARIZER_MODEL].")),
    ] = None,
    base_url: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            metavar="URL",
            help=escape(
                "OpenAI-compatible endpoint [env: OPENAI_BASE_URL]; unset: embedded. Give it"
                " once per model server (in the variable: commas between URLs) to spread the"
                " calls across them."
            ),
        ),
    ] = None,
    published: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Publication date (YYYY-MM-DD) for articles that carry none."),
    ] = None,
    concurrency: Annotated[
        int | None,
        typer.Option(
            help=escape(
                "Articles in flight at once, across all servers; default 8 per server, 1 embedded"
                " [env: SUMMARIZER_CONCURRENCY]."
            )
        ),
    ] = None,
    cache: Annotated[
        bool, typer.Option(help="Reuse stored extractions of unchanged articles.")
    ] = True,
    group: Annotated[
        bool,
        typer.Option(
            help="Group the articles by story and print one brief per story, after an index of"
            " the stories; --no-group makes one brief of everything."
        ),
    ] = True,
    ungrounded: Annotated[
        str, typer.Option(help="Items whose quote is not in the article: 'flag' or 'drop'.")
    ] = "flag",
    strategy: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            help=escape(
                "'decide' (the default): the parse reads each sentence, the model decides each"
                " clause's kind in one token; 'single': the model fills the whole schema, one"
                " call per article; 'windows': the same per ~1,500 characters"
                " [env: SUMMARIZER_STRATEGY]."
            )
        ),
    ] = None,
    batch: Annotated[
        bool,
        typer.Option("--batch", help="Use the OpenAI Batch API: half price, results within 24 h."),
    ] = False,
    budget: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            help="Stop starting model calls past this many tokens (20000) or dollars ($0.50)."
        ),
    ] = None,
    generated_at: Annotated[
        Optional[str], typer.Option(help="Timestamp to record (ISO 8601), for reproducible output.")  # noqa: UP045
    ] = None,
    since: Annotated[Optional[Path], typer.Option(help=_SINCE_HELP)] = None,  # noqa: UP045
) -> None:
    """Build one briefing per story from the articles named by the INPUTs."""
    previous = load_brief(since) if since else None
    if ungrounded not in ("flag", "drop"):
        raise _fail(f"--ungrounded {ungrounded!r}: expected 'flag' or 'drop'")
    if strategy is not None and strategy not in STRATEGIES:
        raise _fail(f"--strategy {strategy!r}: expected one of {', '.join(STRATEGIES)}")
    try:
        when = datetime.fromisoformat(generated_at.replace("Z", "+00:00")) if generated_at else None
    except ValueError:
        raise _fail(f"--generated-at {generated_at!r}: not an ISO 8601 timestamp") from None
    try:
        budget_tokens, budget_usd = parse_budget(budget) if budget else (None, None)
    except ValueError as exc:
        raise _fail(f"--{exc}") from None
    config = Config(
        batch=batch,
        budget_tokens=budget_tokens,
        budget_usd=budget_usd,
        model=model,
        base_url=base_url,
        concurrency=concurrency,
        use_cache=cache,
        ungrounded=ungrounded,  # type: ignore[arg-type]
        strategy=strategy,
    )
    try:
        config.resolve()
        inputs = read_inputs(paths, published=published)
    except SummarizerError as exc:
        raise _fail(str(exc)) from None
    articles = inputs.articles
    if format is Format.html and output is None and group and len(group_stories(articles)) > 1:
        raise _fail(_HTML_NEEDS_OUTPUT)
    for failure in inputs.failed:
        err.print(f"[yellow]left out[/] {escape(str(failure))}", highlight=False, soft_wrap=True)
    started = time.monotonic()
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    with progress:
        task = progress.add_task("Reading articles", total=len(articles))
        not_started: set[str | None] = set()

        def done(run: ArticleRun) -> None:
            progress.advance(task)
            if run.status == "skipped" and run.error in not_started:
                return  # one line per reason; a dead endpoint leaves out the whole day
            if run.status == "skipped":
                not_started.add(run.error)
            if run.status in ("failed", "skipped"):
                progress.console.print(
                    f"[yellow]left out[/] {escape(run.source_id)}: {escape(run.error or '')}",
                    soft_wrap=True,
                )

        try:
            stories = asyncio.run(
                abrief_stories(articles, config=config, generated_at=when, on_article_done=done,
                               failed=inputs.failed, group=group)
            )  # fmt: skip
        except SummarizerError as exc:
            raise _fail(str(exc)) from None
    day = [
        StoryBrief(s.story.id, s.story.label, tuple(a.id for a in s.story.articles), s.briefing)
        for s in stories
    ]
    texts = {a.id: a.text for a in articles}
    _output(_with_changes(day, previous), format, output, lambda _briefing: texts)
    extracted = [a for a in articles if a.origin != "text"]
    if output is None and extracted:
        err.print(
            "[yellow]note:[/] articles were extracted from pages; with -o FILE their texts"
            " are kept beside the brief, so every quote can be checked",
            highlight=False,
        )
    elif output is not None and extracted:
        _write(texts_jsonl(extracted), _texts_path(output))
    err.print(_summary(stories, time.monotonic() - started), highlight=False, soft_wrap=True)
    _exit(stories, articles)


def _exit(stories: list[StoryBriefing], articles: list[Article]) -> None:
    runs = {r.source_id: r for s in stories for r in s.briefing.provenance.articles}.values()
    empty = [r.source_id for r in runs if r.status in ("ok", "cached") and not r.items]
    if empty:
        err.print(f"[yellow]nothing to report (not news?):[/] {', '.join(empty)}", highlight=False)
    failed = [r for r in runs if r.status in ("failed", "skipped")]
    if failed and len(failed) == len(runs):
        # The reason most articles share (a dead endpoint, a wrong model name...).
        reasons = Counter((r.error or "").removeprefix("not started: ") for r in failed)
        reason = reasons.most_common(1)[0][0]
        raise _fail(
            "no article could be extracted" + (f": {escape(reason)}" if reason else ""),
            EXIT_ALL_FAILED,
        )
    if failed:
        ids = ", ".join(r.source_id for r in failed)
        err.print(f"[yellow]brief produced without {len(failed)} article(s):[/] {ids}")
        raise typer.Exit(EXIT_PARTIAL)


def main() -> None:
    # instructor logs every failed attempt at ERROR; the CLI reports failures itself, once.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    app()
