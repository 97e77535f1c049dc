"""The ``summarizer`` command: ``summarizer brief PATH...`` and ``summarizer render BRIEF.json``.

The result goes to stdout (or ``-o FILE``); progress and the run summary go to stderr.
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
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from summarizer.api import abrief
from summarizer.config import Config
from summarizer.cost import parse_budget
from summarizer.errors import SummarizerError
from summarizer.extract import write_atomic
from summarizer.ingest import read_articles
from summarizer.merge.diff import BriefingDiff, diff_briefings
from summarizer.render import to_html, to_json, to_markdown
from summarizer.schema import ArticleRun, Briefing

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
    """Turn many news articles about one story into one source-attributed briefing."""


def _fail(message: str, code: int = EXIT_INPUT) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(code)


def _summary(briefing: Briefing, seconds: float) -> str:
    runs = briefing.provenance.articles
    counts = {
        s: sum(1 for r in runs if r.status == s)
        for s in ("ok", "cached", "duplicate", "failed", "skipped")
    }
    calls = sum(r.calls for r in runs)
    u = briefing.provenance.usage
    parts = [f"{len(runs)} articles: {counts['ok']} extracted, {counts['cached']} cached"]
    if counts["duplicate"]:
        parts.append(f"{counts['duplicate']} duplicate")
    parts.append(f"{counts['failed']} failed")
    if counts["skipped"]:
        parts.append(f"{counts['skipped']} not started (budget)")
    return (
        ", ".join(parts)
        + f"; {calls} model calls, {u.prompt_tokens:,} prompt + {u.completion_tokens:,} completion"
        " tokens"
        + (f" (${briefing.provenance.cost_usd:.4f})" if briefing.provenance.cost_usd else "")
        + f"; {seconds:.1f} s"
    )


def load_brief(path: Path) -> Briefing:
    """A saved ``--format json`` brief, or a one-line error naming the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        return Briefing.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "document"
        raise _fail(f"{path}: not a summarizer brief ({where}: {first['msg']})") from None


def _texts_of(briefing: Briefing, extra: list[str]) -> dict[str, str]:
    """Article texts for the report: from ``--articles`` when given, else from each source's
    recorded path (relative paths from the current folder). A source not found stays textless."""
    wanted = {s.id for s in briefing.sources}
    texts: dict[str, str] = {}
    paths = extra or [s.path for s in briefing.sources if s.path and Path(s.path).is_file()]
    for path in paths:
        try:
            texts.update({a.id: a.text for a in read_articles([path]) if a.id in wanted})
        except SummarizerError as exc:
            if extra:
                raise _fail(str(exc)) from None
    return texts


def _render(
    briefing: Briefing, format: Format, texts: dict[str, str], changes: BriefingDiff | None
) -> str:
    if format is Format.json:
        return to_json(briefing)
    if format is Format.html:
        return to_html(briefing, texts=texts, changes=changes)
    return to_markdown(briefing, changes=changes)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_atomic(output, text)
    except OSError as exc:
        raise _fail(f"{output}: cannot write ({exc.strerror or exc})") from None


_SINCE_HELP = "The previous brief (--format json): mark what is new, updated or no longer reported."


@app.command("render")
def render_command(
    brief_json: Annotated[Path, typer.Argument(help="A brief saved with --format json.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.md,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")  # noqa: UP045
    ] = None,
    since: Annotated[Optional[Path], typer.Option(help=_SINCE_HELP)] = None,  # noqa: UP045
    articles: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(help="Article files or folders (default: the paths the brief records)."),
    ] = None,
) -> None:
    """Render a saved brief again, with no model: Markdown, HTML or JSON."""
    briefing = load_brief(brief_json)
    changes = diff_briefings(load_brief(since), briefing) if since else None
    texts = _texts_of(briefing, articles or []) if format is Format.html else {}
    _write(_render(briefing, format, texts, changes), output)


@app.command("brief")
def brief_command(
    paths: Annotated[list[str], typer.Argument(help="Article files or folders; '-' reads stdin.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.md,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")  # noqa: UP045
    ] = None,
    model: Annotated[
        Optional[str], typer.Option(help="Model name [env: SUMMARIZER_MODEL].")  # noqa: UP045
    ] = None,
    base_url: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="OpenAI-compatible endpoint [env: OPENAI_BASE_URL]; unset: embedded."),
    ] = None,
    published: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Publication date (YYYY-MM-DD) for articles that carry none."),
    ] = None,
    concurrency: Annotated[
        int | None,
        typer.Option(help="Articles in flight at once [env: SUMMARIZER_CONCURRENCY]."),
    ] = None,
    cache: Annotated[
        bool, typer.Option(help="Reuse stored extractions of unchanged articles.")
    ] = True,
    ungrounded: Annotated[
        str, typer.Option(help="Items whose quote is not in the article: 'flag' or 'drop'.")
    ] = "flag",
    strategy: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            help="'windows': one call per ~1,500 characters (default on the embedded model);"
            " 'single': one call per article (default on endpoints)."
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
    """Build one briefing from the articles under PATHS."""
    previous = load_brief(since) if since else None
    if ungrounded not in ("flag", "drop"):
        raise _fail(f"--ungrounded {ungrounded!r}: expected 'flag' or 'drop'")
    if strategy not in (None, "single", "windows"):
        raise _fail(f"--strategy {strategy!r}: expected 'single' or 'windows'")
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
        articles = read_articles(paths, published=published)
    except SummarizerError as exc:
        raise _fail(str(exc)) from None
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
            briefing = asyncio.run(abrief(articles, config=config, generated_at=when,
                                          on_article_done=done))  # fmt: skip
        except SummarizerError as exc:
            raise _fail(str(exc)) from None
    changes = diff_briefings(previous, briefing) if previous else None
    _write(_render(briefing, format, {a.id: a.text for a in articles}, changes), output)
    err.print(_summary(briefing, time.monotonic() - started), highlight=False)
    empty = [
        r.source_id
        for r in briefing.provenance.articles
        if r.status in ("ok", "cached") and not r.items
    ]
    if empty:
        err.print(f"[yellow]nothing to report (not news?):[/] {', '.join(empty)}", highlight=False)
    failed = briefing.failed
    if failed and len(failed) == len(articles):
        raise _fail("no article could be extracted", EXIT_ALL_FAILED)
    if failed:
        ids = ", ".join(r.source_id for r in failed)
        err.print(f"[yellow]brief produced without {len(failed)} article(s):[/] {ids}")
        raise typer.Exit(EXIT_PARTIAL)


def main() -> None:
    # instructor logs every failed attempt at ERROR; the CLI reports failures itself, once.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    app()
