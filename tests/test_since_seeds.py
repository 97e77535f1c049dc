"""``--since`` on two "days" made from the seeds, replaying the real model's recorded answers.

Day one is seeds 0-2, day two seeds 1-3: two articles in both, one dropped, one added. The
expected statuses follow from principles that hold whatever the model answered (so they survive
re-recording the cassette), not from counts copied from one recording:

- every item of day two is new, updated or unchanged, and every item of day one is matched or no
  longer reported, exactly once;
- an item that quotes a passage some item of day one quoted (same article, same offsets: one
  report) is matched to it: never new, and that item is not dropped;
- an item all of whose sources are articles day one did not read cannot be unchanged (its sources
  are new), and a new item quotes no passage of day one;
- a day-one item none of whose passages is quoted on day two, and whose sources day two dropped,
  is no longer reported unless the merger's clustering matches it to a day-two item;
- a brief compared with itself is unchanged throughout.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import Briefing, Config, brief, read_articles, to_json
from summarizer.cli import app
from summarizer.config import EMBEDDED_MODEL
from summarizer.merge.diff import BriefingDiff, diff_briefings
from tests.conftest import recording
from tests.replay import REPLAY_BASE_URL, SEEDS_CASSETTE, replaying

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "examples" / "articles").glob("*.json"))
DAY_ONE, DAY_TWO = SEEDS[0:3], SEEDS[1:4]

_memo: dict[str, Briefing] = {}


def _brief(name: str, paths: list[Path], tmp: Path) -> Briefing:
    if name not in _memo:
        config = Config(model=EMBEDDED_MODEL, base_url=REPLAY_BASE_URL, use_cache=False,
                        cache_dir=tmp, max_transport_attempts=1)  # fmt: skip
        # Each day replays the seeds cassette afresh: the shared articles are asked for twice.
        with replaying(SEEDS_CASSETTE):
            _memo[name] = brief(read_articles(paths), config=config)
    return _memo[name]


@pytest.fixture
def days(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Briefing, Briefing]:
    if recording(request):
        pytest.skip("replays the cassette that tests/test_pipeline.py records")
    return _brief("one", DAY_ONE, tmp_path), _brief("two", DAY_TWO, tmp_path)


def _items(b: Briefing) -> dict[tuple[str, str], set[tuple[str, int, int]]]:
    """(kind, id) -> the passages it quotes."""
    kinds = (("proposal", b.proposals), ("position", b.positions),
             ("development", b.military_developments))  # fmt: skip
    return {
        (kind, i.id): {(e.source_id, e.start, e.end) for e in i.evidence}
        for kind, items in kinds
        for i in items
    }


def _sources(b: Briefing) -> dict[tuple[str, str], set[str]]:
    items = [("proposal", i) for i in b.proposals] + [("position", i) for i in b.positions]
    items += [("development", i) for i in b.military_developments]
    return {(k, i.id): set(i.sources) for k, i in items}


def test_every_item_gets_exactly_one_status(days: tuple[Briefing, Briefing]) -> None:
    one, two = days
    diff = diff_briefings(one, two)
    today = [c for c in diff.changes if c.kind != "party" and c.status != "dropped"]
    assert sorted((c.kind, c.id) for c in today) == sorted(_items(two))
    matched = {(c.kind, p) for c in today for p in c.previous_ids}
    dropped = {(c.kind, c.id) for c in diff.of_status("dropped") if c.kind != "party"}
    assert not matched & dropped
    assert matched | dropped == set(_items(one))
    counts = diff.counts()
    assert counts["new"] + counts["updated"] + counts["unchanged"] == len(_items(two))
    assert counts["dropped"] == len(dropped)
    print(f"\nseed days: items {counts}; parties {diff.counts(parties=True)}")


def test_statuses_follow_from_shared_passages_and_sources(days: tuple[Briefing, Briefing]) -> None:
    one, two = days
    diff = diff_briefings(one, two)
    before, now = _items(one), _items(two)
    only_today = {p.stem for p in DAY_TWO} - {p.stem for p in DAY_ONE}
    gone = {p.stem for p in DAY_ONE} - {p.stem for p in DAY_TWO}
    assert only_today and gone
    by_id = {(c.kind, c.id): c for c in diff.changes if c.kind != "party" and c.status != "dropped"}
    shared_checked = new_only = 0
    for (kind, id), passages in now.items():
        change = by_id[(kind, id)]
        quoting_day_one = [k for k, p in before.items() if k[0] == kind and p & passages]
        for other in quoting_day_one:
            assert change.status != "new" and other[1] in change.previous_ids, (id, other)
            shared_checked += 1
        if change.status == "new":
            assert not quoting_day_one
        if _sources(two)[(kind, id)] <= only_today:
            assert change.status != "unchanged", id
            new_only += 1
        if change.status == "unchanged":
            earlier = {s for k in change.previous_ids for s in _sources(one)[(kind, k)]}
            assert _sources(two)[(kind, id)] <= earlier
    # The two shared articles give the same reports on both days: some are quoted on both.
    assert shared_checked > 0
    # Day one's items from the dropped article alone, that nothing today quotes: dropped, or
    # matched by clustering to an item today, which then says so.
    quoted_today = set().union(*now.values())
    for key, passages in before.items():
        if _sources(one)[key] <= gone and not passages & quoted_today:
            matches = [c for c in by_id.values() if key[1] in c.previous_ids and c.kind == key[0]]
            assert matches or key[1] in {c.id for c in diff.of_status("dropped")}


def test_parties_named_alike_on_both_days_are_matched(days: tuple[Briefing, Briefing]) -> None:
    one, two = days
    diff = diff_briefings(one, two)
    names_before = {p.name for p in one.parties}
    for c in diff.changes:
        if c.kind == "party" and c.label in names_before and c.id in {p.id for p in two.parties}:
            assert c.status in ("updated", "unchanged"), c
    assert not [c for c in diff.of_status("dropped") if c.kind == "party"
                and c.label in {p.name for p in two.parties}]  # fmt: skip


def test_a_day_against_itself_is_unchanged(days: tuple[Briefing, Briefing]) -> None:
    _, two = days
    diff: BriefingDiff = diff_briefings(two, two)
    assert set(diff.counts()) == {"new", "updated", "unchanged", "dropped"}
    assert diff.counts()["unchanged"] == len(_items(two))
    assert diff.counts(parties=True)["unchanged"] == len(two.parties)
    assert len(diff.changes) == len(_items(two)) + len(two.parties)


def test_render_since_from_the_command_line(
    days: tuple[Briefing, Briefing], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = days
    monkeypatch.chdir(ROOT)
    (tmp_path / "day1.json").write_text(to_json(one), encoding="utf-8")
    (tmp_path / "day2.json").write_text(to_json(two), encoding="utf-8")
    counts = diff_briefings(one, two).counts()
    for fmt, expected in (
        ("md", f"Items: {counts['new']} new, {counts['updated']} updated, "
               f"{counts['unchanged']} unchanged, {counts['dropped']} no longer reported."),
        ("html", f'<td class="n-new">{counts["new"]}</td>'),
    ):  # fmt: skip
        args = ["render", str(tmp_path / "day2.json"), "--since", str(tmp_path / "day1.json")]
        result = CliRunner().invoke(app, [*args, "--format", fmt])
        assert result.exit_code == 0, result.output
        assert expected in result.stdout


def test_brief_since_writes_html_with_what_changed(
    days: tuple[Briefing, Briefing], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = days
    monkeypatch.chdir(ROOT)
    (tmp_path / "day1.json").write_text(to_json(one), encoding="utf-8")
    out = tmp_path / "day2.html"
    args = ["brief", *(str(p.relative_to(ROOT)) for p in DAY_TWO), "--format", "html",
            "-o", str(out), "--since", str(tmp_path / "day1.json"), "--no-cache",
            "--model", EMBEDDED_MODEL, "--base-url", REPLAY_BASE_URL]  # fmt: skip
    with replaying(SEEDS_CASSETTE):
        result = CliRunner().invoke(app, args, env={"SUMMARIZER_CACHE_DIR": str(tmp_path / "c")})
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    counts = diff_briefings(one, two).counts()
    assert '<section id="changes"' in page
    assert page.count('<article class="source-text"') == 3
    assert page.count('<span class="badge new">') >= counts["new"]


def test_daily_brief_compares_with_the_previous_day_on_its_own(
    days: tuple[Briefing, Briefing],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from examples.daily_brief import main

    one, two = days
    for day, paths in (("2025-05-28", DAY_ONE), ("2025-05-29", DAY_TWO)):
        folder = tmp_path / day
        folder.mkdir()
        for path in paths:
            (folder / path.name).write_bytes(path.read_bytes())
    monkeypatch.setenv("OPENAI_BASE_URL", REPLAY_BASE_URL)
    monkeypatch.setenv("SUMMARIZER_MODEL", EMBEDDED_MODEL)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    out = tmp_path / "briefs"
    with replaying(SEEDS_CASSETTE):
        assert main([str(tmp_path / "2025-05-28"), "--date", "2025-05-28", "--out", str(out)]) == 0
    assert "compared with" not in capsys.readouterr().out
    # The second run finds the first one's JSON brief in the output folder by itself.
    with replaying(SEEDS_CASSETTE):
        assert main([str(tmp_path / "2025-05-29"), "--date", "2025-05-29", "--out", str(out)]) == 0
    counts = ", ".join(f"{n} {s}" for s, n in diff_briefings(one, two).counts().items())
    assert f"compared with {out / '2025-05-28.json'}: items {counts}" in capsys.readouterr().out
    assert "## What changed" in (out / "2025-05-29.md").read_text(encoding="utf-8")
    assert '<section id="changes"' in (out / "2025-05-29.html").read_text(encoding="utf-8")
    assert "## What changed" not in (out / "2025-05-28.md").read_text(encoding="utf-8")
