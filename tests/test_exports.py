"""Feeds, calendars, embeds and redirect pages: what the intranet consumes beside the pages."""

from __future__ import annotations

import datetime as dt
import html.parser
import os
import subprocess
from pathlib import Path
from typing import Any

import feedparser
import pytest
from icalendar import Calendar

from practice_commons import build_commons
from practice_commons.render import build_site_plan

from . import forkrun
from .conftest import ROOT, SMALL_COMMONS, write_commons
from .htmlcheck import site_dangers

SITE_URL = "https://intranet.example/commons/"
CONFIG = """\
site_name: Exports
docs_dir: content
{site_url}
theme: {{name: material}}
plugins: [search, commons]
"""


def _build(root: Path, site_url: str | None = SITE_URL) -> subprocess.CompletedProcess:
    (root / "mkdocs.yml").write_text(CONFIG.format(site_url=f"site_url: {site_url}" if site_url else ""))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return forkrun.run("mkdocs", ["build", "--strict", "-f", "mkdocs.yml"], cwd=root, env=env, timeout=300)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("exports")
    write_commons(root / "content", SMALL_COMMONS)
    run = _build(root)
    assert run.returncode == 0, run.stderr
    return root / "site"


@pytest.fixture(scope="module")
def demo_plan():
    return build_site_plan(build_commons(ROOT / "content").commons, site_url="https://commons.tessera.example/")


# -- feeds ---------------------------------------------------------------------------


def test_every_feed_parses_without_a_bozo_flag_and_links_absolutely(demo_plan):
    feeds = {path: data for path, data in demo_plan.assets.items() if path.startswith("feeds/")}
    assert set(feeds) >= {"feeds/practice.xml", "feeds/stories.xml", "feeds/communities/field-methods.xml"}
    for path, data in feeds.items():
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        for entry in parsed.entries:
            assert entry.link.startswith("https://commons.tessera.example/"), entry.link
    practice = feedparser.parse(feeds["feeds/practice.xml"])
    assert len(practice.entries) == min(50, sum(1 for a in build_commons(ROOT / "content").commons.artefacts.values()
                                               if a.spec.updated or a.spec.created))  # fmt: skip
    dates = [entry.updated_parsed for entry in practice.entries]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert len(feedparser.parse(feeds["feeds/stories.xml"]).entries) == 5


def test_a_community_feed_holds_only_that_communitys_practice_and_stories(demo_plan):
    parsed = feedparser.parse(demo_plan.assets["feeds/communities/onboarding-circle.xml"])
    circle = build_commons(ROOT / "content").commons.communities["onboarding-circle"]
    own = {f"https://commons.tessera.example/{e.path[:-3]}/" for e in [*circle.artefacts, *circle.stories]}
    assert parsed.entries and {entry.link for entry in parsed.entries} <= own


def test_without_site_url_feeds_are_left_out_with_a_notice(tmp_path):
    write_commons(tmp_path / "content", SMALL_COMMONS)
    run = _build(tmp_path, site_url=None)
    assert run.returncode == 0, run.stderr  # a notice never fails a strict build
    assert "Atom feeds left out" in run.stderr and "site_url" in run.stderr
    assert not (tmp_path / "site/feeds").exists()
    assert 'type="application/atom+xml"' not in (tmp_path / "site/index.html").read_text()


def test_pages_link_their_feeds_in_the_head_and_the_text(small_site):
    page = (small_site / "communities/fieldwork/index.html").read_text()
    head = page.split("</head>")[0]
    link = '<link rel="alternate" type="application/atom+xml" title="Field Methods: new practice and stories" '
    assert link + 'href="../../feeds/communities/fieldwork.xml">' in head
    assert 'href="../../feeds/communities/fieldwork.xml" type="application/atom+xml"' in page.split("</head>")[1]
    assert (small_site / "feeds/communities/fieldwork.xml").is_file()
    home = (small_site / "index.html").read_text().split("</head>")[0]
    assert 'href="feeds/practice.xml"' in home and 'href="feeds/stories.xml"' in home
    parsed = feedparser.parse((small_site / "feeds/practice.xml").read_bytes())
    assert not parsed.bozo and [e.link for e in parsed.entries] == [SITE_URL + "practice/fieldwork/listing-guide/"]


def test_exports_are_safe_html(small_site):
    assert site_dangers(small_site) == {}


# -- calendars -----------------------------------------------------------------------

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def demo_calendars():
    commons = build_commons(ROOT / "content").commons
    plan = build_site_plan(commons, site_url="https://commons.tessera.example/", today=TODAY)
    return {path: Calendar.from_ical(data) for path, data in plan.assets.items() if path.startswith("calendar/")}


def _events(cal: Calendar) -> dict[str, Any]:
    return {str(ev["URL"]).rstrip("/").rsplit("/", 1)[-1]: ev for ev in cal.walk("VEVENT")}


def test_the_site_calendar_carries_the_demos_events_at_their_utc_instants(demo_calendars):
    events = _events(demo_calendars["calendar/events.ics"])
    assert len(events) == 16
    utc = {
        "2026-01-20-sampling-clinic": dt.datetime(2026, 1, 20, 13, 0, tzinfo=dt.UTC),  # Paris, winter
        "2026-06-24-xlsform-clinic": dt.datetime(2026, 6, 24, 13, 0, tzinfo=dt.UTC),  # Paris, summer
        "2026-04-15-reidentification-drill": dt.datetime(2026, 4, 15, 9, 0, tzinfo=dt.UTC),  # Dakar
        "2026-05-06-enumerator-training-review": dt.datetime(2026, 5, 6, 6, 0, tzinfo=dt.UTC),  # Nairobi
        "2027-02-09-data-sharing-workshop": dt.datetime(2027, 2, 9, 14, 30, tzinfo=dt.UTC),  # Toronto
    }
    for ident, instant in utc.items():
        start = events[ident]["DTSTART"]
        assert start.dt.astimezone(dt.UTC) == instant, ident
        if ident != "2026-04-15-reidentification-drill":  # Dakar is UTC all year round: written as UTC
            assert start.params["TZID"] == str(start.dt.tzinfo)  # local time with its zone
    end = events["2026-05-06-enumerator-training-review"]["DTEND"].dt
    assert end.astimezone(dt.UTC) == dt.datetime(2026, 5, 7, 14, 0, tzinfo=dt.UTC)
    visit = events["2026-06-10-kisumu-field-visit"]
    assert (visit["DTSTART"].dt, visit["DTEND"].dt) == (dt.date(2026, 6, 10), dt.date(2026, 6, 13))  # whole days
    zones = {str(tz["TZID"]) for tz in demo_calendars["calendar/events.ics"].walk("VTIMEZONE")}
    assert zones == {"Europe/Paris", "Africa/Nairobi", "America/Toronto"}


def test_calendar_time_zones_come_in_the_order_of_their_names_whatever_the_process(monkeypatch):
    """icalendar adds them in a set's order, which changes with the hash seed: builds were not reproducible."""
    missing = Calendar.get_missing_tzids
    monkeypatch.setattr(Calendar, "get_missing_tzids", lambda cal: sorted(missing(cal), reverse=True))
    commons = build_commons(ROOT / "content").commons
    assets = build_site_plan(commons, site_url="https://commons.tessera.example/", today=TODAY).assets
    zones = [str(zone["TZID"]) for zone in Calendar.from_ical(assets["calendar/events.ics"]).walk("VTIMEZONE")]
    assert len(zones) >= 3 and zones == sorted(zones)
    for path in (p for p in assets if p.endswith(".ics")):
        names = [c.name for c in Calendar.from_ical(assets[path]).subcomponents]
        assert names == sorted(names, key=lambda name: name != "VTIMEZONE"), path  # zones before the events


def test_calendars_are_what_icalendar_writes_for_the_whole_calendar(monkeypatch):
    """Each event and zone is serialised once for all calendars; the files are still icalendar's own, byte for byte."""
    from practice_commons.render import calendars

    seen = []
    add = calendars.add
    monkeypatch.setattr(calendars, "add", lambda plan, x: (seen.append(x), add(plan, x)))
    commons = build_commons(ROOT / "content").commons
    build_site_plan(commons, site_url="https://commons.tessera.example/", today=TODAY)
    (x,) = seen
    shared = calendars._Calendars(x)  # noqa: SLF001

    def whole(events: list) -> bytes:  # the calendar as icalendar builds it in one piece
        cal = Calendar()
        for name, value in (("prodid", "-//Practice Commons//Calendar//EN"), ("version", "2.0"),
                            ("calscale", "GREGORIAN"), ("x-wr-calname", "Name")):  # fmt: skip
            cal.add(name, value)
        for event in sorted(events, key=lambda e: (e.start_date, e.id)):
            cal.add_component(calendars._component(event, x))  # noqa: SLF001
        days = [event.start_date for event in events]
        first = max(dt.date(1970, 1, 1), min(days) - dt.timedelta(days=366))
        cal.add_missing_timezones(first_date=first, last_date=max(days) + dt.timedelta(days=732))
        zones = sorted((c for c in cal.subcomponents if c.name == "VTIMEZONE"), key=lambda zone: str(zone["TZID"]))
        cal.subcomponents[:] = zones + [c for c in cal.subcomponents if c.name != "VTIMEZONE"]
        return cal.to_ical()

    events = list(commons.events.values())
    zoned = {event.spec.timezone for event in events if event.spec.timezone}
    assert len(zoned) >= 3  # the demo's events span several zones, so the zones' order is tested too
    for chosen in (events, events[:1], events[::2], [e for e in events if e.spec.timezone == "Europe/Paris"]):
        assert shared.calendar(chosen, "Name") == whole(chosen)


def test_calendar_events_have_stable_uids_a_place_and_their_page(demo_calendars):
    events = _events(demo_calendars["calendar/events.ics"])
    uids = [str(ev["UID"]) for ev in events.values()]
    assert len(set(uids)) == len(uids) and all(uid.endswith("@commons.tessera.example") for uid in uids)
    again = build_site_plan(build_commons(ROOT / "content").commons, site_url="https://commons.tessera.example/")
    rebuilt = Calendar.from_ical(again.assets["calendar/events.ics"])
    assert set(uids) == {str(ev["UID"]) for ev in rebuilt.walk("VEVENT")}  # the same from build to build
    commons = build_commons(ROOT / "content").commons
    for ident, ev in events.items():
        page = f"https://commons.tessera.example/events/{ident}/"
        assert str(ev["URL"]) == page and page in str(ev["DESCRIPTION"])
        spec = commons.events[ident].spec
        assert ev.get("LOCATION") == (spec.location or spec.url), ident


def test_community_and_event_calendars_hold_their_own_events(demo_calendars):
    commons = build_commons(ROOT / "content").commons
    for c in commons.communities.values():
        assert set(_events(demo_calendars[f"calendar/communities/{c.id}.ics"])) == {e.id for e in c.events}
    for e in commons.events.values():
        assert list(_events(demo_calendars[f"calendar/events/{e.id}.ics"])) == [e.id]


def test_pages_offer_their_calendars(small_site):
    events = (small_site / "events/index.html").read_text()
    assert '<link rel="alternate" type="text/calendar" title="All events" href="../calendar/events.ics">' in events
    assert 'href="../calendar/events.ics" type="text/calendar"' in events
    community = (small_site / "communities/fieldwork/index.html").read_text()
    assert 'href="../../calendar/communities/fieldwork.ics"' in community
    event = (small_site / "events/2026-03-01-clinic/index.html").read_text()
    assert 'href="../../calendar/events/2026-03-01-clinic.ics" type="text/calendar"' in event
    cal = Calendar.from_ical((small_site / "calendar/events/2026-03-01-clinic.ics").read_bytes())
    (clinic,) = cal.walk("VEVENT")
    assert clinic["DTSTART"].dt.astimezone(dt.UTC) == dt.datetime(2026, 3, 1, 13, 0, tzinfo=dt.UTC)
    assert str(clinic["URL"]) == SITE_URL + "events/2026-03-01-clinic/"


# -- embeds --------------------------------------------------------------------------


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [value for name, value in attrs if name in ("href", "src") and value]


def test_embeds_are_self_contained_pages_without_script_whose_links_resolve(small_site):
    embeds = sorted((small_site / "embed").rglob("*.html"))
    assert [p.relative_to(small_site).as_posix() for p in embeds] == [
        "embed/data/index.html", "embed/fieldwork/index.html", "embed/members/ana/index.html",
        "embed/members/ben/index.html", "embed/members/cleo/index.html",
    ]  # fmt: skip
    for page in embeds:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        assert "script" not in parser.tags and "link" not in parser.tags, page  # its own CSS, nothing loaded
        assert "style" in parser.tags
        for link in parser.links:
            target = (page.parent / link).resolve()
            target = target / "index.html" if link.endswith("/") else target
            assert target.is_file(), f"{page.relative_to(small_site)}: {link}"
    assert site_dangers(small_site / "embed") == {}
    community = (small_site / "embed/fieldwork/index.html").read_text()
    assert "Listing checklist" in community and "Listing households without a register" in community
    assert 'href="../../communities/fieldwork/" target="_blank"' in community
    card = (small_site / "embed/members/ana/index.html").read_text()
    assert "Ana Silva" in card and "Anonymisation" in card and "+33 1 23" not in card  # phone: private


def test_embed_text_is_escaped(tmp_path):
    files = dict(SMALL_COMMONS)
    files["practice/fieldwork/x.md"] = '---\ntitle: "<script>alert(1)</script>"\ntype: tool\ncreated: 2026-01-01\n---\n'
    write_commons(tmp_path / "content", files)
    plan = build_site_plan(build_commons(tmp_path / "content").commons)
    page = plan.assets["embed/fieldwork/index.html"].decode()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_kept_vevents_follow_an_event_s_zone_and_the_build_s_generation_time(tmp_path, monkeypatch):
    """``serve`` plans again after each edit and reuses each unchanged event's VEVENT: not after an edit of its zone
    that keeps the same instants, nor with an earlier build's generation time."""
    from practice_commons.render import calendars

    calendars._vevent.cache_clear()  # noqa: SLF001
    content = write_commons(tmp_path / "content", SMALL_COMMONS)
    clinic = content / "events/2026-03-01-clinic.md"
    paris = clinic.read_text(encoding="utf-8")
    lima = paris.replace("Europe/Paris", "America/Lima").replace("14:00", "08:00").replace("16:00", "10:00")
    steps = [(paris, "1795737600", "Europe/Paris"), (paris, "1795824000", "Europe/Paris"),  # a day later
             (lima, "1795824000", "America/Lima"), (paris, "1795824000", "Europe/Paris")]  # fmt: skip
    for text, epoch, zone in steps:
        clinic.write_text(text, encoding="utf-8")
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        assets = build_site_plan(build_commons(content).commons, site_url="https://intranet.example/").assets
        (event,) = Calendar.from_ical(assets["calendar/events/2026-03-01-clinic.ics"]).walk("VEVENT")
        assert event["DTSTART"].params["TZID"] == zone and event["DTEND"].params["TZID"] == zone
        assert event["DTSTAMP"].dt == dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    assert event["DTSTART"].dt == dt.datetime(2026, 3, 1, 13, tzinfo=dt.UTC)  # the same instant throughout
    assert calendars._vevent.cache_info().hits >= 2  # noqa: SLF001  # the plans after the first reused it
