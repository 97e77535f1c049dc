"""Grouping a mixed day by story, on a fixture mix: the five seeds (talks in Istanbul) plus short
articles written for this test about two other stories (tests/mix/: a drone strike on Russian
airbases in the same days, which shares the seeds' parties, and a flood in Bavaria); and on three
events of one conflict on three days (tests/events/: a Houthi missile at Ben Gurion airport,
Israel's strikes on Hodeidah the next day, the US-Houthi truce the day after, each told once by
the Houthi side, the truce also by the Houthi leader's speech the day after it); and on four
events of two conflicts told with the same words (tests/days/: an Easter truce declared and the
tally of its violations two days later, whose lead names no day; strikes on Gaza after a clash in
Rafah, with Netanyahu's speech on it two days later, and strikes nine days later); and on three
events of one conflict at sea and on land in four days (tests/sea/: Israel's strikes on Yemeni
ports, a ship the Houthis attacked off them the day before and claimed that day, and a second ship
attacked the same day and sunk two days later); and on two measures of one diplomatic row on one
day, each told by three articles that open on their own measure and go on with the same context
(tests/leads/: an ambassador expelled, an airspace closed in reply; states invented)."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from summarizer import group_stories, read_articles
from summarizer.ingest import Article, make_article
from summarizer.ingest.stories import NO_WORDS, _cut, _graph, _split
from summarizer.ingest.stories._features import (
    DAY_CHARS,
    at_sea,
    event_day,
    event_kinds,
    features,
    lead,
    names,
    place,
)
from summarizer.ingest.stories._graph import (
    AT_SEA_WEIGHT,
    ELSEWHERE_WEIGHT,
    INFERRED_DAY,
    KIND_WEIGHT,
    OTHER_DAYS,
    SAID_DAY,
    SAID_DAYS,
    penalise,
)
from tests.scripted_server import Step, scripted_server
from tests.web_server import Route, web_server

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "articles"
MIX = ROOT / "tests" / "mix"
EVENTS = ROOT / "tests" / "events"
DAYS = ROOT / "tests" / "days"
SEA = ROOT / "tests" / "sea"
LEADS = ROOT / "tests" / "leads"


def _mix() -> list[Article]:
    return read_articles([SEEDS, MIX])


def _labels() -> dict[str, str]:
    labels = {p.stem: json.loads(p.read_text())["story"] for p in MIX.glob("*.json")}
    labels.update({p.stem: "istanbul-talks" for p in SEEDS.glob("*.json")})
    return labels


def _partition(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(g) for g in groups}


def test_each_story_is_one_group() -> None:
    labels = _labels()
    stories = group_stories(_mix())
    expected = {
        frozenset(i for i, s in labels.items() if s == story) for story in set(labels.values())
    }
    assert _partition([[a.id for a in s.articles] for s in stories]) == expected
    # Biggest story first; ids and labels say which is which.
    assert [s.id for s in stories] == ["story-1", "story-2", "story-3"]
    assert len(stories[0].articles) == 5 and "ukraine" in stories[0].label


def test_grouping_is_deterministic_whatever_the_order() -> None:
    articles = _mix()
    first = group_stories(articles)
    again = group_stories(articles)
    assert [(s.id, s.label, s.articles) for s in first] == [
        (s.id, s.label, s.articles) for s in again
    ]
    backwards = group_stories(list(reversed(articles)))
    assert _partition([[a.id for a in s.articles] for s in backwards]) == _partition(
        [[a.id for a in s.articles] for s in first]
    )


def test_one_article_and_none() -> None:
    (article,) = read_articles([MIX / "flood-1.json"])
    (story,) = group_stories([article])
    assert story.articles == (article,)
    assert group_stories([]) == []


def _cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    # Every model call gets a real recorded completion (tests/scripted_server.py).
    with scripted_server([Step()]) as (model_url, _script):
        return subprocess.run(
            [sys.executable, "-m", "summarizer", "brief", str(SEEDS), str(MIX), "--base-url",
             model_url, "--model", "m", "--no-cache", *args],
            capture_output=True, text=True, timeout=120, cwd=ROOT,
            env={"PATH": "", "SUMMARIZER_CACHE_DIR": str(tmp_path), "HOME": str(tmp_path)},
        )  # fmt: skip


def test_cli_prints_an_index_and_one_brief_per_story(tmp_path: Path) -> None:
    result = _cli(tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("# Stories\n")
    assert "3 stories from 11 articles" in out
    assert out.count("# Daily brief") == 3
    for n in (1, 2, 3):
        assert f"**Story {n} of 3**" in out
    assert "11 articles: 11 extracted" in result.stderr and "3 stories" in result.stderr


def test_cli_json_holds_each_story_and_its_briefing(tmp_path: Path) -> None:
    result = _cli("--format", "json", tmp_path=tmp_path)
    data = json.loads(result.stdout)
    assert [s["id"] for s in data["stories"]] == ["story-1", "story-2", "story-3"]
    assert sorted(len(s["articles"]) for s in data["stories"]) == [3, 3, 5]
    for story in data["stories"]:
        assert {src["id"] for src in story["briefing"]["sources"]} == set(story["articles"])


def test_no_group_makes_one_brief(tmp_path: Path) -> None:
    result = _cli("--no-group", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Daily brief") and result.stdout.count("# Daily brief") == 1
    assert "Built from 11 sources" in result.stdout


def test_cron_example_briefs_a_feed(tmp_path: Path) -> None:
    """examples/daily_brief.py on a feed served from loopback: the feed's pages are fetched,
    grouped and briefed; a dead link is named once; the texts are kept beside the briefs."""
    page = (ROOT / "examples" / "articles" / "000_2b9f856e03fbdeb3.json").read_text()
    body = "".join(f"<p>{line}</p>" for line in json.loads(page)["text"].split("\n") if line)
    routes = {"/world/talks": Route(body=f"<html><body><article>{body}</article></body></html>"
                                    .encode())}  # fmt: skip
    with web_server(routes) as (base, _site):
        routes["/rss"] = Route(
            body=(f'<rss version="2.0"><channel><title>W</title><link>{base}/</link>'
                  f"<item><title>Talks</title><link>{base}/world/talks</link></item>"
                  f"<item><title>Gone</title><link>{base}/gone</link></item>"
                  "</channel></rss>").encode(),
            content_type="application/rss+xml",
        )  # fmt: skip
        with scripted_server([Step()]) as (model_url, _script):
            result = subprocess.run(
                [sys.executable, "examples/daily_brief.py", f"{base}/rss", "--date",
                 "2025-05-28", "--out", str(tmp_path / "briefs")],
                capture_output=True, text=True, timeout=120, cwd=ROOT,
                env={"PATH": "", "HOME": str(tmp_path), "OPENAI_BASE_URL": model_url,
                     "SUMMARIZER_MODEL": "m", "SUMMARIZER_CACHE_DIR": str(tmp_path / "c")},
            )  # fmt: skip
    assert result.returncode == 3, result.stderr
    assert result.stderr.splitlines() == [f"left out {base}/gone: HTTP 404 Not Found"]
    out = tmp_path / "briefs"
    assert (out / "2025-05-28.md").read_text().startswith("# Daily brief")
    data = json.loads((out / "2025-05-28.json").read_text())
    assert {r["status"] for r in data["provenance"]["articles"]} == {"ok", "failed"}
    (kept,) = (out / "2025-05-28.texts.jsonl").read_text().splitlines()
    assert json.loads(kept)["url"] == f"{base}/world/talks"


def test_any_order_and_the_same_day_twice_give_the_same_stories() -> None:
    articles = _mix()
    first = group_stories(articles)
    for seed in (1, 2, 3):
        shuffled = random.Random(seed).sample(articles, len(articles))
        again = group_stories(shuffled)
        assert _partition([[a.id for a in s.articles] for s in again]) == _partition(
            [[a.id for a in s.articles] for s in first]
        )
        labels = {frozenset(a.id for a in s.articles): s.label for s in first}
        assert all(labels[frozenset(a.id for a in s.articles)] == s.label for s in again)


def test_articles_without_a_content_word_are_stories_of_their_own() -> None:
    stubs = [
        make_article("It is what it is.", id="stub-words"),
        make_article("123 456 789 2025.", id="stub-numbers"),
    ]
    # Alone: no vocabulary at all (this raised "empty vocabulary" before).
    alone = group_stories(stubs)
    assert sorted(tuple(a.id for a in s.articles) for s in alone) == [
        ("stub-numbers",),
        ("stub-words",),
    ]
    assert {s.label for s in alone} == {NO_WORDS}
    # In a real day: the stories stay as they were, each stub apart.
    day = group_stories([*_mix(), *stubs])
    assert len(day) == 5
    assert [s.label for s in day if len(s.articles) == 1] == [NO_WORDS, NO_WORDS]


def test_cli_briefs_a_day_of_stubs_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("It is what it is.\n")
    (tmp_path / "b.txt").write_text("123 456 789 2025.\n")
    with scripted_server([Step()]) as (model_url, _script):
        result = subprocess.run(
            [sys.executable, "-m", "summarizer", "brief", str(tmp_path / "a.txt"),
             str(tmp_path / "b.txt"), "--base-url", model_url, "--model", "m", "--no-cache",
             "--format", "json"],
            capture_output=True, text=True, timeout=120, cwd=ROOT,
            env={"PATH": "", "SUMMARIZER_CACHE_DIR": str(tmp_path), "HOME": str(tmp_path)},
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    stories = json.loads(result.stdout)["stories"]
    assert sorted(s["articles"] for s in stories) == [["a"], ["b"]]
    assert {s["label"] for s in stories} == {NO_WORDS}


def _day(iso: str) -> float:
    return float((date.fromisoformat(iso) - date(1970, 1, 1)).days)


def test_the_day_of_the_event_an_article_reports() -> None:
    # Published on Tuesday 24 June 2025. The first day named in the week before is the event's;
    # a day named further back is background, a later one a plan.
    published = _day("2025-06-24")
    assert event_day(
        "Iran fired missiles on Monday, after the US strikes of June 21. Talks resume next Monday.",
        published,
    ) == (_day("2025-06-23"), _day("2025-06-23"), True, False)
    assert event_day("The strikes of June 2 were answered today.", published) == (
        published,
        published,
        True,
        False,
    )
    # Both nights of "the nights of June 23 and 24"; "yesterday" is the day before.
    assert event_day("Shelling on the nights of June 23 and 24.", published)[:2] == (
        _day("2025-06-23"),
        published,
    )
    assert event_day("Yesterday the ceasefire held.", published)[0] == _day("2025-06-23")
    # A dateline says when the copy was filed, not when the event was.
    assert event_day("DOHA, June 24 (Reuters) - Iran struck on Monday.", published)[0] == _day(
        "2025-06-23"
    )
    # No day named: the publication day, and said so.
    assert event_day("Iran and Israel agreed a ceasefire.", published) == (
        published,
        published,
        False,
        False,
    )
    # Late December told in early January.
    assert event_day("Fighting on December 31.", _day("2026-01-01"))[0] == _day("2025-12-31")
    first, last, named, said = event_day("Talks on Monday.", float("nan"))
    assert np.isnan(first) and np.isnan(last) and not named and not said


def test_the_event_day_is_read_from_the_lead() -> None:
    # Published on Sunday 19 October 2025.
    published = _day("2025-10-19")
    # A photo's caption, its date closed by a credit, is when the picture was taken.
    caption = (
        "Two soldiers killed in Rafah\nPalestinians watch the search in Khan Younis, Saturday,"
        " October 18, 2025 (AP)\nIsraeli media reported on Sunday that two soldiers were killed."
    )
    assert event_day(caption, published)[0] == published
    # "Overnight": the night from the day before into the day of publication.
    assert event_day("Israeli strikes overnight killed 104 people.", published)[:2] == (
        published - 1,
        published,
    )
    # A day named only past the lead is what led to the news, not the news: the lead names
    # none, so the article reports its publication day.
    background = "Syria and Israel have agreed a ceasefire, the US envoy said. " * 12
    assert len(background) > DAY_CHARS
    told = f"Ceasefire in Syria\n{background}It came after Israel's strikes on Thursday."
    assert event_day(told, published) == (published, published, False, False)
    assert event_day(f"\nStrikes on Thursday. {background}", published)[:2] == (
        published - 3,
        published - 3,
    )
    # The lead starts after the title, and after a line that only repeats it.
    title = "Ceasefire in Syria, the US envoy says, backed by its neighbours and by Turkey"
    body = f"{background[: DAY_CHARS - 40]}Talks on Thursday."
    repeated = f"{title}\n{title}\n{body}"
    assert lead(repeated) == f"{title}\n{body}"
    assert event_day(lead(repeated), published)[0] == published - 3
    assert event_day(repeated, published)[0] == published


def test_an_event_lasts_the_days_its_sentence_names() -> None:
    # Published on Thursday 10 July 2025.
    published = _day("2025-07-10")
    monday, wednesday = _day("2025-07-07"), _day("2025-07-09")
    sunk = "The vessel was hit on Monday and attacked until it sank on Wednesday."
    assert event_day(sunk, published) == (monday, wednesday, True, False)
    # A later sentence's day is another event's (what came of it, what came next), and a day
    # before the first is background.
    assert event_day("The vessel was hit on Monday. A second ship sank on Wednesday.", published)[
        :2
    ] == (monday, monday)
    assert event_day("The vessel sank on Wednesday, a week after June 30.", published)[:2] == (
        wednesday,
        wednesday,
    )


def test_a_page_stamp_is_not_the_event_day() -> None:
    # Published on Monday 20 October 2025: "Published" and "Updated" stamp the page, and so does
    # a date with its year and a section's name alone on its line; the news is told after them.
    published = _day("2025-10-20")
    stamped = (
        "Truce holds, envoy says\nPublished October 20, 2025 Updated October 20, 2025 08:27am\n"
        "The envoy said yesterday that the truce held after strikes on the border town."
    )
    assert event_day(stamped, published)[:2] == (published - 1, published - 1)
    section = "Prisoners freed\nOctober 20, 2025 News\nThe release took place late Sunday night."
    assert event_day(section, published)[:2] == (published - 1, published - 1)
    # A dateline still ends with a dash or an agency, and a date in a sentence is still a day.
    assert event_day("Talks end\nThe talks ended on October 18, 2025 in Oslo.", published)[
        0
    ] == _day("2025-10-18")


def test_a_reaction_lasts_from_the_days_before_its_sentence_names() -> None:
    # Published on Saturday 6 September 2025: "three days earlier" counts from the day the
    # sentence names, "ago" from publication; neither an initial ("U.S.") nor a month's
    # abbreviation ("Sept.") ends the sentence.
    published = _day("2025-09-06")
    reaction = (
        "On Sept. 6, the president vowed to defend the coast after a U.S. strike three days"
        " earlier sank a boat off it."
    )
    assert event_day(reaction, published)[:2] == (_day("2025-09-03"), published)
    ago = "The minister said on Friday that the raid two days ago killed four guards."
    assert event_day(ago, published)[:2] == (_day("2025-09-04"), _day("2025-09-05"))
    # A later sentence's count is another event's.
    apart = "The minister spoke on Friday. A raid three days earlier had killed four guards."
    assert event_day(apart, published)[:2] == (_day("2025-09-05"), _day("2025-09-05"))


def test_a_caption_ended_by_its_credit_is_not_the_event_day() -> None:
    """Round 7: a line that ends with a photo's credit in brackets is a caption, whatever its
    date looks like: "killed in a December 17 attack. (AP Photo)" recalls, the news is below."""
    # Published on Saturday 20 December 2025.
    published = _day("2025-12-20")
    caption = (
        "Jets strike the desert camps\nLeaders salute as teams carry the remains of soldiers"
        " killed in a December 17 attack in the desert. (AP Photo)\nJets struck forty camps in"
        " the desert, officials said."
    )
    assert event_day(caption, published) == (published, published, False, False)
    getty = "Talks open\nLeaders met at a summit on Dec. 18. (Chip Person/Getty Images)\nTalks."
    assert event_day(getty, published)[:3] == (published, published, False)
    # A bracket that is no credit does not make a caption.
    told = "Talks open\nThe envoys met on Dec. 18 to open the talks (the first round)\nOn and on."
    assert event_day(told, published)[0] == _day("2025-12-18")


def test_a_date_with_its_clock_time_is_a_page_stamp() -> None:
    """Round 7: "Mon Dec 29 05:30:00 UTC 2025: News Article:" says when the copy went out; the
    lead below says when the news happened."""
    # Published on Monday 29 December 2025.
    published = _day("2025-12-29")
    stamped = (
        "Leaders meet at the resort\nMon Dec 29 05:30:00 UTC 2025: News Article:\nThe two"
        " leaders met at the resort on Sunday for three hours of talks."
    )
    assert event_day(stamped, published)[:3] == (published - 1, published - 1, True)
    assert event_day("Talks end\nDecember 29, 2025 10:42\nThe talks ended.", published)[:3] == (
        published,
        published,
        False,
    )
    # A time told after "at" is the event's: "on Dec 28 at 10:30" stays the 28th.
    assert event_day("Talks end\nThe talks ended on Dec 28 at 10:30.", published)[0] == (
        published - 1
    )


def test_a_dateline_a_day_off_the_publication_date_is_when_the_copy_was_filed() -> None:
    """Round 8: a wire copy's dateline ("Jan 9 (Reuters) -"), or else its stamp with a clock
    time, says when it was filed; a feed's date a day off (another time zone, a repost the next
    morning) is not the day its "Friday" and "yesterday" count from."""
    # The feed says Thursday 8 January 2026; the copy was filed on Friday the 9th.
    published = _day("2026-01-08")
    wire = (
        "Strike in the west\nPosted on January 8, 2026\nJan 9 (Reuters) - A missile struck a"
        " depot in the west, officials said early on Friday."
    )
    assert event_day(wire, published) == (published + 1, published + 1, True, False)
    # A lead that names no day reports the day its copy was filed.
    assert event_day("Truce\nDOHA, Jan 7 (Reuters) - A truce was agreed.", published)[:3] == (
        published - 1,
        published - 1,
        False,
    )
    stamped = "Truce agreed\nBy a staff writer\n7 January 2026 22:51\nThe truce was agreed."
    assert event_day(stamped, published)[:2] == (published - 1, published - 1)
    # The page's own stamp is not the copy's; a dateline days off is some other copy's.
    posted = "Truce\nPosted on January 7, 2026\nThe truce was agreed yesterday."
    assert event_day(posted, published)[0] == published - 1
    old = "Truce\nDOHA, Jan 3 (Reuters) - A truce was agreed yesterday."
    assert event_day(old, published)[0] == published - 1


def test_an_event_in_its_second_day_began_the_day_before() -> None:
    """Round 8: "as the drills entered their second day" on the day the sentence names: the
    drills began the day before, and the articles of their first day tell the same event."""
    # Published on Wednesday 31 December 2025.
    published = _day("2025-12-31")
    second = (
        "Leader urges unity\nThe president yesterday urged unity as the drills around the island"
        " entered their second day."
    )
    assert event_day(second, published) == (published - 2, published - 1, True, False)
    third = "Strikes go on\nOn Tuesday the strikes went on for a third straight day."
    assert event_day(third, published)[:2] == (published - 3, published - 1)
    # Another sentence's count is another event's, and a week is as far back as it goes.
    apart = "Strikes go on\nThe strikes went on yesterday. It was the third day of the strikes."
    assert event_day(apart, published)[:2] == (published - 1, published - 1)
    assert event_day("Siege\nOn Tuesday the siege entered its 7th day.", published)[0] == (
        published - 6
    )


def test_a_caption_ended_by_photo_and_its_credit_is_not_the_event_day() -> None:
    """Round 8: a line that ends with "Photo: CNA" is a photo's caption: its "yesterday" and its
    weekdays, like its dates, are the picture's, not the news'."""
    # Published on Wednesday 31 December 2025.
    published = _day("2025-12-31")
    caption = (
        "Drills go on\nA man watches the news of the drills in the capital yesterday. Photo: CNA"
        "\nThe drills began on Monday around the island."
    )
    assert event_day(caption, published)[:2] == (published - 2, published - 2)
    weekday = "Drills go on\nCrowds on Tuesday in the capital. Photo credit: Staff\nThe drills."
    assert event_day(weekday, published)[:3] == (published, published, False)
    # A sentence that goes on after "photo:" is no caption.
    told = "Drills go on\nThe drills began yesterday, as the photo: shows, around the island."
    assert event_day(told, published)[0] == published - 1


def test_only_a_lead_that_mostly_tells_fighting_is_held_apart_by_where_and_at_sea() -> None:
    """Round 8: a truce told with the attacks it ends ("agreed to stop attacking ships in the
    Red Sea") is no fighting at sea, nor fighting somewhere: those tell strikes apart, not the
    talks that recall them."""
    truce = (
        "Ceasefire reached\nThe United States and the group reached a ceasefire agreement,"
        " mediated by Oman, in talks that end attacks on ships in the Red Sea."
    )
    strikes = "Ships attacked\nBoats attacked two ships in the Red Sea, and one sank."
    found = features(
        [make_article(t, id=str(i), published="2025-05-06") for i, t in enumerate([truce, strikes])]
    )
    assert np.isnan(found.events.at_sea[0]) and found.events.place[0] == -1
    assert found.events.at_sea[1] > 0.5 and found.events.place[1] >= 0
    # The truce the day after, its lead naming ships and a place the first lead does not: no
    # higher bar than any other day's (the talks' own kind still counts).
    later = (
        "Ceasefire holds\nThe United States and the group kept the ceasefire agreement, mediated"
        " by Oman, in talks after attacks on ships near Aden."
    )
    raw, sims = _penalised([truce, later], ["2025-05-06", "2025-05-07"])
    assert sims[0] == pytest.approx(raw[0] * INFERRED_DAY)


def test_a_reaction_the_day_after_lasts_from_the_event_its_sentence_follows() -> None:
    """Round 7: "announced on Sunday an operation in the town, following the attack ... on
    Saturday": what came of an event the day after, told in the sentence that names the event,
    is told with it; days later, or a day named in another sentence, is its own event."""
    # Published on Sunday 14 December 2025.
    published = _day("2025-12-14")
    saturday = _day("2025-12-13")
    reaction = (
        "The ministry announced on Sunday an operation in the town of Kelmar, following the"
        " attack by a gunman on Saturday that killed two soldiers."
    )
    assert event_day(reaction, published)[:2] == (saturday, published)
    after = "Police arrested five men on Sunday after the attack on Saturday in Kelmar."
    assert event_day(after, published)[:2] == (saturday, published)
    # No "after" or "following": the earlier day is no part of it.
    plain = "Police arrested five men on Sunday; the attack was on Saturday in Kelmar."
    assert event_day(plain, published)[:2] == (published, published)
    # Further back than a day: its own event (strikes in retaliation for an attack days before).
    far = "Police arrested five men on Sunday after the attack on Thursday in Kelmar."
    assert event_day(far, published)[:2] == (published, published)
    # Fighting the day after is an event of its own, whatever it follows.
    strikes = "Jets struck the camps on Sunday after the attack on Saturday in Kelmar."
    assert event_day(strikes, published)[:2] == (published, published)
    retaliation = "On Sunday, jets struck the camps following the attack on Saturday in Kelmar."
    assert event_day(retaliation, published)[:2] == (published, published)
    # Another sentence's day is another event's.
    apart = "Police arrested five men on Sunday. That came after the attack on Saturday."
    assert event_day(apart, published)[:2] == (published, published)
    # Grouped: the arrests the day after are one story with the attack, told apart from strikes
    # on camps four days later that recall it.
    attack = (
        "Gunman kills soldiers in Kelmar\nA gunman opened fire on a patrol of soldiers in the"
        " desert town of Kelmar on Saturday, killing two soldiers and an interpreter, officials"
        " said."
    )
    arrests = (
        "Interior ministry arrests suspects\nThe interior ministry announced on Sunday a security"
        " operation in Kelmar, following the attack by a gunman on a patrol of soldiers on"
        " Saturday. Five suspects were arrested, the ministry said in its statement."
    )
    strikes = (
        "Jets strike desert camps\nJets struck forty camps across the desert on Wednesday,"
        " officials said, in retaliation for the attack on soldiers in Kelmar."
    )
    articles = [
        make_article(text, id=name, published=day)
        for name, text, day in (
            ("attack", attack, "2025-12-13"),
            ("arrests", arrests, "2025-12-14"),
            ("strikes", strikes, "2025-12-17"),
        )
    ]
    found = {frozenset(a.id for a in s.articles) for s in group_stories(articles)}
    assert found == {frozenset({"attack", "arrests"}), frozenset({"strikes"})}


def test_one_party_under_its_names() -> None:
    # A capital, a demonym and a possessive name the same country.
    assert names("Officials in Tehran said. The Iranian army and Iran’s envoy met.") == (
        "iran iran iran"
    )
    assert names("Forces of the Zionist entity met Pakistani troops and Pakistan's envoy.") == (
        "isrl pkst pkst"
    )
    # A name spelled in other letters, as each outlet spells it: one name.
    assert names(
        "The army withdrew from El Fasher, said Burhan of al-Fashir. Clashes in Sweida spread"
        " to Suwayda; strikes on Hodeidah hit Hudaydah's port. Envoy Tom Barrack and Iran met."
    ) == ("fshr burh fshr swd swd hddh hddh brrck iran")


def test_names_in_cyrillic_are_the_english_copys_names() -> None:
    """Round 7: a Russian-language article names the parties in Cyrillic, in the cases a name
    takes; letter by letter in Latin, by their consonants, they are the English copy's names, and
    the article joins the story it tells rather than standing alone."""
    russian = (
        "Министр иностранных дел России Сергей Лавров заявил, что Украина атаковала резиденцию"
        " Путина в Новгороде. Президент США Дональд Трамп обсудил это с Зеленским. И Москва."
    )
    english = (
        "Russian Foreign Minister Sergei Lavrov said Ukraine attacked the residence of Vladimir"
        " Putin in Novgorod. US President Donald Trump discussed it with Zelensky. And Moscow."
    )
    assert names(russian) == names(english) == "lvrv ukrn ptn nvgrd trmp zlnsk russ"
    # English text is read as before.
    assert names("Officials in Tehran said.") == "iran"
    claim = [
        "Lavrov says drones targeted Putin residence\nRussian Foreign Minister Sergei Lavrov said"
        " on Monday that Ukraine launched 91 drones at the residence of President Vladimir Putin"
        " in the Novgorod region, and that Moscow would review its position in talks.",
        "Kremlin claims attack on Putin home\nThe Kremlin said on Monday that Ukrainian drones"
        " attacked Vladimir Putin's residence at Valdai in the Novgorod region overnight; Lavrov"
        " said all were shot down. Zelensky called it a lie.",
        "Russia alleges drone strike on Valdai residence\nSergei Lavrov told reporters on Monday"
        " that Kyiv had tried to hit Putin's Valdai residence in Novgorod with drones, and that"
        " Russia's negotiating position would change.",
    ]
    strikes = [
        "Russian missiles pound Kyiv\nRussia attacked Kyiv with 500 drones and 40 missiles on"
        " Saturday, cutting power to much of the capital, Ukrainian officials said, a day before"
        " Zelensky meets Trump in Florida.",
        "Kyiv hit by massive strike\nA massive Russian missile and drone attack struck Kyiv on"
        " Saturday, killing two people and damaging energy facilities, mayor Vitali Klitschko"
        " said.",
        "Ukraine's capital under fire\nUkrainian air defences fought off hundreds of Russian drones"
        " and missiles over Kyiv on Saturday, Zelensky said ahead of his meeting with Trump.",
    ]
    in_russian = (
        "Лавров заявил об атаке на резиденцию Путина\nМинистр иностранных дел России Сергей"
        " Лавров заявил, что Украина атаковала 91 беспилотником государственную резиденцию"
        " Владимира Путина на Валдае в Новгородской области. По словам Лаврова, переговорная"
        " позиция Москвы будет пересмотрена. Зеленский назвал это ложью."
    )
    articles = [
        *(make_article(t, id=f"claim-{i}", published="2025-12-29") for i, t in enumerate(claim)),
        *(
            make_article(t, id=f"strikes-{i}", published="2025-12-27")
            for i, t in enumerate(strikes)
        ),
        make_article(in_russian, id="claim-ru", published="2025-12-29"),
    ]
    found = {frozenset(a.id for a in s.articles) for s in group_stories(articles)}
    assert found == {
        frozenset({"claim-0", "claim-1", "claim-2", "claim-ru"}),
        frozenset({"strikes-0", "strikes-1", "strikes-2"}),
    }


def _penalised(texts: list[str], published: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The similarity of the first text to each other one, before and after the penalties."""
    articles = [
        make_article(t, id=str(i), published=p)
        for i, (t, p) in enumerate(zip(texts, published, strict=True))
    ]
    found = features(articles)
    rows, cols = np.zeros(len(texts) - 1, dtype=np.int64), np.arange(1, len(texts))
    raw = np.asarray(found.vectors[rows].multiply(found.vectors[cols]).sum(axis=1)).ravel()
    return raw, penalise(raw, rows, cols, found.events)


def test_different_reported_days_lower_the_similarity() -> None:
    # The further apart the days, the lower: one day apart, two, nine.
    texts = [
        "Negotiators met in Geneva on Monday and agreed a truce in the border war.",
        "Negotiators met in Geneva on Monday and agreed a truce in the border war again.",
        "Negotiators met in Geneva on Tuesday and agreed a truce in the border war.",
        "Negotiators met in Geneva on Wednesday and agreed a truce in the border war.",
        "Negotiators met in Geneva on Wednesday and agreed a truce in the border war.",
    ]
    raw, sims = _penalised(texts, ["2025-06-26"] * 4 + ["2025-07-02"])
    assert sims[0] == pytest.approx(raw[0])
    assert sims[1] == pytest.approx(raw[1] * OTHER_DAYS)
    assert sims[2] == pytest.approx(raw[2] * OTHER_DAYS / 2)
    assert sims[3] == pytest.approx(raw[3] * OTHER_DAYS / 9)


def test_a_day_taken_from_publication_is_held_to_a_lower_bar() -> None:
    # The second names no day: published the day after, it may tell the same day's news.
    texts = [
        "Negotiators met in Geneva on Monday and agreed a truce in the border war.",
        "Negotiators met in Geneva and agreed a truce in the border war.",
        "Negotiators met in Geneva and agreed a truce in the border war.",
    ]
    raw, sims = _penalised(texts, ["2025-06-23", "2025-06-24", "2025-06-26"])
    assert sims[0] == pytest.approx(raw[0] * INFERRED_DAY)
    assert sims[1] == pytest.approx(raw[1] * OTHER_DAYS / 3)


def test_the_day_of_a_speech_is_when_it_was_given() -> None:
    # Published on Saturday 19 July 2025.
    published = _day("2025-07-19")
    speeches = (
        "The clashes could have spiralled out of control, al-Sharaa said during a televised"
        " speech on Saturday.",
        "Netanyahu said in a speech to the Knesset on Saturday that Hamas would pay.",
        "Hegseth held a press conference early on Saturday on the strikes.",
        "In a televised address late Friday night, the general vowed to avenge the city.",
    )
    for text in speeches:
        assert event_day(text, published)[2:] == (True, True), text
    # A statement is how armies and ministries announce what they did: its day is the event's.
    assert event_day("The army said in a statement on Saturday it struck a depot.", published)[
        2:
    ] == (True, False)
    # The day is not the speech's when the speech is named elsewhere.
    assert event_day("Strikes hit the port on Friday, the minister said in a speech.", published)[
        2:
    ] == (True, False)


def test_a_speech_a_day_or_two_after_an_event_is_held_to_a_lower_bar() -> None:
    """A leader's speech a day or two after an event is most often about it, in words of its
    own; only from the later of the two, and not beyond ``SAID_DAYS``."""
    event = "Negotiators met in Geneva on Monday and agreed a truce in the border war."
    speech = "The truce in the border war holds, the president said in a speech on {}."
    texts = [event] + [speech.format(day) for day in ("Tuesday", "Wednesday", "Thursday")]
    raw, sims = _penalised(texts, ["2025-06-23", "2025-06-24", "2025-06-25", "2025-06-26"])
    assert SAID_DAYS == 2
    assert sims[0] == pytest.approx(raw[0] * SAID_DAY)
    assert sims[1] == pytest.approx(raw[1] * SAID_DAY / 2)
    assert sims[2] == pytest.approx(raw[2] * OTHER_DAYS / 3)
    # A speech the day before an event is not its reaction; a statement the day after is held to
    # the bar of any other day.
    before = "The truce in the border war will hold, the president said in a speech on Sunday."
    statement = "The truce in the border war holds, the army said in a statement on Tuesday."
    raw, sims = _penalised([event, before, statement], ["2025-06-23"] * 2 + ["2025-06-24"])
    assert sims == pytest.approx(raw * OTHER_DAYS)
    # Whichever of the two comes first in the input.
    raw, sims = _penalised([texts[1], event], ["2025-06-24", "2025-06-23"])
    assert sims[0] == pytest.approx(raw[0] * SAID_DAY)


def test_leads_that_tell_different_kinds_of_event_lower_the_similarity() -> None:
    strike = "Missiles struck the port of Hodeidah, killing workers."
    truce = "Oman said the ceasefire agreed in talks would hold."
    assert event_kinds(strike) @ event_kinds(truce) == 0.0
    assert not event_kinds("The minister visited the port of Hodeidah.").any()
    texts = [
        f"{strike} The minister visited the port of Hodeidah.",
        f"{truce} The minister visited the port of Hodeidah.",
        "The minister visited the port of Hodeidah on a tour of the coast.",
    ]
    raw, sims = _penalised(texts, ["2025-05-06"] * 3)
    assert sims[0] == pytest.approx(raw[0] * (1 - KIND_WEIGHT))
    # A lead that tells no kind of event is not held to a higher bar.
    assert sims[1] == pytest.approx(raw[1])


def test_fighting_at_sea_and_on_land_lower_the_similarity() -> None:
    """A port struck and a ship attacked off it share the parties, the sea and the words of
    fighting: what was hit tells them apart."""
    ship = "Boats hit the bulk carrier, and the vessel sank; its crew left the ship."
    port = "Warplanes struck the port and a power station in a wave of strikes."
    # Five words of ships and the sea, one of fighting.
    assert at_sea(ship) == pytest.approx(5 / 6)
    assert at_sea(port) == 0.0
    # No fighting told, no share: boats in a flood, a ship in port.
    assert np.isnan(at_sea("Rescuers used boats to reach the flooded town."))
    texts = [
        f"{port} Officials in the coastal province counted the damage.",
        f"{ship} Officials in the coastal province counted the damage.",
        f"{port} Officials in the coastal province counted the damage again.",
        "Officials in the coastal province counted the damage.",
    ]
    raw, sims = _penalised(texts, ["2025-07-07"] * 4)
    assert sims[0] == pytest.approx(raw[0] * (1 - AT_SEA_WEIGHT * 5 / 6))
    assert sims[1] == pytest.approx(raw[1])
    # A lead that tells no fighting is not held to a higher bar.
    assert sims[2] == pytest.approx(raw[2])


def test_fighting_somewhere_the_earlier_lead_does_not_name_lowers_the_similarity() -> None:
    """Strikes on forces in a province one day and on the capital's headquarters the next share
    the parties and the words (the later one recalls the province as background): only where
    the fighting was tells them apart. The earlier lead cannot name the later place."""
    assert place("Jets struck the army headquarters in Kelmar on Wednesday.") == "klmr"
    assert place("Warplanes bombed convoys in the southern province of Ostria.") == "ostr"
    # A place of the fighting, not any place: no fighting, or no place soon after it, is none.
    assert place("The envoy met the minister in Kelmar.") == ""
    far = "Jets struck twice before dawn, and the army said that the next wave would come soon, as"
    far += " officials"
    assert place(f"{far} in Kelmar said.") == ""
    province = (
        "Norland jets struck army convoys in Ostria on Tuesday, the Norland military said,"
        " after clashes in the province."
    )
    capital = (
        "Norland jets struck the army headquarters in Kelmar on Wednesday, the Norland military"
        " said, after clashes in Ostria."
    )
    again = (
        "Norland jets struck army convoys in Ostria again on Wednesday, the Norland military"
        " said, after clashes in the province."
    )
    raw, sims = _penalised([province, capital, again], ["2025-07-15", "2025-07-16", "2025-07-16"])
    assert sims[0] == pytest.approx(raw[0] * OTHER_DAYS * (1 - ELSEWHERE_WEIGHT))
    # The same place the next day: any other day.
    assert sims[1] == pytest.approx(raw[1] * OTHER_DAYS)
    # Whichever comes first, and the same day is not held apart by place.
    raw, sims = _penalised([capital, province], ["2025-07-16", "2025-07-15"])
    assert sims[0] == pytest.approx(raw[0] * OTHER_DAYS * (1 - ELSEWHERE_WEIGHT))
    raw, sims = _penalised([province, capital.replace("Wednesday", "Tuesday")], ["2025-07-16"] * 2)
    assert sims[0] == pytest.approx(raw[0])
    # The whole piece at once (the cut) agrees with the pairs (the graph).
    articles = [
        make_article(t, id=str(i), published=p)
        for i, (t, p) in enumerate(
            zip([province, capital, again], ["2025-07-15", "2025-07-16", "2025-07-16"], strict=True)
        )
    ]
    found = features(articles)
    full = (found.vectors @ found.vectors.T).toarray()
    whole = _graph.penalise_all(full.copy(), found.events)
    rows, cols = np.repeat(np.arange(3), 3), np.tile(np.arange(3), 3)
    pairs = penalise(full[rows, cols], rows, cols, found.events).reshape(3, 3)
    off = ~np.eye(3, dtype=bool)
    assert whole[off] == pytest.approx(pairs[off])


def _groups_as_labelled(folder: Path) -> None:
    """The articles of ``folder`` make the stories their files label, in any order."""
    articles = read_articles([folder])
    labels = {p.stem: json.loads(p.read_text())["story"] for p in folder.glob("*.json")}
    expected = {
        frozenset(i for i, s in labels.items() if s == story) for story in set(labels.values())
    }
    for seed in (0, 1, 2):
        day = random.Random(seed).sample(articles, len(articles))
        # The same day twice over (a feed polled twice) groups the same way.
        for found in (group_stories(day), group_stories(day + day[:3])):
            assert {frozenset(a.id for a in s.articles) for s in found} == expected


def test_three_events_of_one_conflict_on_three_days_are_three_stories() -> None:
    """A missile one day, reprisal strikes the next, a truce the day after: the same parties and
    most of the same words (each event recalls the ones before); each told once by the other
    side ("the Zionist enemy", "the American aggression"). The truce is also told by the Houthi
    leader's televised speech the day after, in words of his own, and by a press conference that
    announced it the day after the strikes."""
    _groups_as_labelled(EVENTS)


def test_a_truce_and_its_violations_and_strikes_nine_days_apart_are_their_own_stories() -> None:
    """Two conflicts, two events each, told with the same words: an Easter truce declared, and
    the tally of its violations two days later, whose lead names no day (the truce's hours are
    named further down) and whose page prints its headline twice; strikes on Gaza after a clash
    in Rafah (one article dated by a photo's caption of the day before; Netanyahu's speech on it
    to the Knesset two days later), and strikes ordered nine days later (one article
    "overnight")."""
    _groups_as_labelled(DAYS)


def test_a_port_struck_and_ships_attacked_off_it_are_their_own_stories() -> None:
    """One conflict on 6-9 July: Israel's strikes on Yemeni ports (one told by the Houthi side,
    one naming no day), a ship the Houthis hit the day before, claimed as sinking the day of the
    strikes and sunk the day after (its articles are more like the strikes' than like each
    other's in words), and a second ship hit the day of the strikes and sunk two days later (one
    article tells both days in one sentence; another names the day after the sinking)."""
    _groups_as_labelled(SEA)


def test_an_article_given_twice_counts_once() -> None:
    """A feed polled again repeats some of the day's articles: each repeat joins its first
    copy's story and changes nothing else (before, a repeated tally of the Easter truce's
    violations counted twice in the average linkage and joined the truce)."""
    articles = read_articles([DAYS])
    once = {frozenset(a.id for a in s.articles) for s in group_stories(articles)}
    for repeated in articles:
        stories = group_stories([*articles, repeated])
        assert {frozenset(a.id for a in s.articles) for s in stories} == once
        assert sum(a is repeated for s in stories for a in s.articles) == 2


def test_pruned_graph_and_split_pieces_still_group_the_mix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The paths a big day takes (each article's heaviest terms only in the graph's product; a
    piece too big to compare in full, split where its links are weakest), forced on the fixture
    mix."""
    labels = _labels()
    expected = {
        frozenset(i for i, s in labels.items() if s == story) for story in set(labels.values())
    }
    monkeypatch.setattr(_graph, "EXACT_UP_TO", 0)
    monkeypatch.setattr(_graph, "SIGNATURE_TERMS", 10)
    stories = group_stories(_mix())
    assert _partition([[a.id for a in s.articles] for s in stories]) == expected
    monkeypatch.setattr(_cut, "MAX_PIECE", 4)
    split = group_stories(_mix())
    ids = [a.id for s in split for a in s.articles]
    assert sorted(ids) == sorted(labels) and all(len(s.articles) <= 4 for s in split)
    # Every piece is still cut inside one story.
    assert all(len({labels[a.id] for a in s.articles}) == 1 for s in split)


def test_two_measures_whose_leads_differ_are_two_stories(monkeypatch: pytest.MonkeyPatch) -> None:
    """An expulsion and an airspace closure the same day, told with the same context after the
    first lines: the whole texts join them, their titles and first lines keep them apart."""
    _groups_as_labelled(LEADS)
    monkeypatch.setattr(_split, "SPLIT_RATIO", 0.0)
    (joined,) = group_stories(read_articles([LEADS]))
    assert len(joined.articles) == 6


def test_one_article_that_opens_otherwise_stays_with_its_story() -> None:
    """A story is cut in two only when each half has two articles: one outlet that leads with
    something else (a statement, a speech) is not a story of its own."""
    articles = [a for a in read_articles([LEADS]) if a.id != "airspace-2" and a.id != "airspace-3"]
    (story,) = group_stories(articles)
    assert len(story.articles) == 4


def test_one_event_whose_articles_open_on_different_sentences_stays_one_story(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Four accounts of one expulsion, two opening on the envoy's summons and two on the
    lawmakers' and president's words, the rest the same: their leads fall apart, their whole
    texts do not, and a split needs both."""
    text = json.loads((LEADS / "expel-2.json").read_text())["text"].split("\n", 1)[1]
    sentences = re.split(r"(?<=[.;])\s+", text)
    endings = ["Markets were calm.", "Talks are frozen.", "The bloc is silent.", "Trade went on."]
    articles = []
    for n, opening in enumerate([(1, 2), (1, 2), (3, 5), (3, 5)]):
        rest = [s for k, s in enumerate(sentences) if k not in opening]
        told = [sentences[k] for k in opening] + rest + [endings[n]]
        articles.append(make_article(" ".join(told), id=f"x{n}", published="2025-04-08"))
    (story,) = group_stories(articles)
    assert len(story.articles) == 4
    monkeypatch.setattr(_split, "WHOLE_RATIO", float("inf"))
    assert len(group_stories(articles)) == 2
