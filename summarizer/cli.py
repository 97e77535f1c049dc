"""The ``summarizer`` command: ``summarizer brief INPUT...``.

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
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from summarizer.api import StoryBriefing, abrief_stories
from summarizer.config import Config
from summarizer.cost import parse_budget
from summarizer.errors import SummarizerError
from summarizer.extract import write_atomic
from summarizer.ingest import Article, read_inputs
from summarizer.ingest.files import texts_jsonl
from summarizer.render import stories_to_json, stories_to_markdown
from summarizer.schema import ArticleRun, Usage

EXIT_OK = 0
EXIT_INPUT = 2
EXIT_PARTIAL = 3
EXIT_ALL_FAILED = 4

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False)
err = Console(stderr=True)


class Format(str, Enum):
    md = "md"
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
    if counts["skipped"]:
        parts.append(f"{counts['skipped']} not started (budget)")
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


@app.command("brief")
def brief_command(
    paths: Annotated[list[str], typer.Argument(metavar="INPUT", help=INPUTS_HELP)],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.md,
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
        Optional[str],  # noqa: UP045
        typer.Option(
            help=escape("OpenAI-compatible endpoint [env: OPENAI_BASE_URL]; unset: embedded.")
        ),
    ] = None,
    published: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Publication date (YYYY-MM-DD) for articles that carry none."),
    ] = None,
    concurrency: Annotated[
        int | None,
        typer.Option(help=escape("Articles in flight at once [env: SUMMARIZER_CONCURRENCY].")),
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
        str,
        typer.Option(
            help="'single' (one call per article) or 'two-pass' (a second call per article asks"
            " for what the first missed; twice the calls)."
        ),
    ] = "single",
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
) -> None:
    """Build one briefing per story from the articles named by the INPUTs."""
    if ungrounded not in ("flag", "drop"):
        raise _fail(f"--ungrounded {ungrounded!r}: expected 'flag' or 'drop'")
    if strategy not in ("single", "two-pass"):
        raise _fail(f"--strategy {strategy!r}: expected 'single' or 'two-pass'")
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
        strategy=strategy,  # type: ignore[arg-type]
    )
    try:
        config.resolve()
        inputs = read_inputs(paths, published=published)
    except SummarizerError as exc:
        raise _fail(str(exc)) from None
    articles = inputs.articles
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

        def done(run: ArticleRun) -> None:
            progress.advance(task)
            if run.status in ("failed", "skipped"):
                progress.console.print(f"[yellow]left out[/] {run.source_id}: {run.error}")

        try:
            stories = asyncio.run(
                abrief_stories(articles, config=config, generated_at=when, on_article_done=done,
                               failed=inputs.failed, group=group)
            )  # fmt: skip
        except SummarizerError as exc:
            raise _fail(str(exc)) from None
    pairs = [(s.story, s.briefing) for s in stories]
    text = stories_to_json(pairs) if format is Format.json else stories_to_markdown(pairs)
    if output is None:
        sys.stdout.write(text)
        if any(a.origin != "text" for a in articles):
            err.print(
                "[yellow]note:[/] articles were extracted from pages; with -o FILE their texts"
                " are kept beside the brief, so every quote can be checked",
                highlight=False,
            )
    else:
        try:
            write_atomic(output, text)
            extracted = [a for a in articles if a.origin != "text"]
            if extracted:
                write_atomic(_texts_path(output), texts_jsonl(extracted))
        except OSError as exc:
            raise _fail(f"{output}: cannot write ({exc.strerror or exc})") from None
    err.print(_summary(stories, time.monotonic() - started), highlight=False)
    _exit(stories, articles)


def _exit(stories: list[StoryBriefing], articles: list[Article]) -> None:
    runs = {r.source_id: r for s in stories for r in s.briefing.provenance.articles}.values()
    empty = [r.source_id for r in runs if r.status in ("ok", "cached") and not r.items]
    if empty:
        err.print(f"[yellow]nothing to report (not news?):[/] {', '.join(empty)}", highlight=False)
    failed = [r for r in runs if r.status in ("failed", "skipped")]
    if failed and len(failed) == len(runs):
        raise _fail("no article could be extracted", EXIT_ALL_FAILED)
    if failed:
        ids = ", ".join(r.source_id for r in failed)
        err.print(f"[yellow]brief produced without {len(failed)} article(s):[/] {ids}")
        raise typer.Exit(EXIT_PARTIAL)


def main() -> None:
    # instructor logs every failed attempt at ERROR; the CLI reports failures itself, once.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    app()
