"""Permalinks: ``redirect_from`` keeps old addresses alive, and never takes a live page's or another's."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from practice_commons import build_commons
from practice_commons.permalinks import old_page
from practice_commons.render import build_site_plan

from .conftest import SMALL_COMMONS, write_commons
from .htmlcheck import dangers

GUIDE = SMALL_COMMONS["practice/fieldwork/listing-guide.md"]


def _with(tmp_path, changes: dict[str, str | None] | None = None):
    write_commons(tmp_path / "content", {**SMALL_COMMONS, **(changes or {})})
    return build_commons(tmp_path / "content")


def _guide(redirects: str) -> str:
    return GUIDE.replace("created: 2025-01-10", f"created: 2025-01-10\n        redirect_from: {redirects}")


def test_an_old_id_gets_a_redirect_page_to_the_new_address(tmp_path):
    result = _with(tmp_path, {"practice/fieldwork/listing-guide.md": _guide("[household-listing]")})
    assert result.problems == []
    plan = build_site_plan(result.commons, site_url="https://intranet.example/commons/")
    page = plan.assets["practice/fieldwork/household-listing/index.html"].decode()
    assert '<meta http-equiv="refresh" content="0; url=../../../practice/fieldwork/listing-guide/">' in page
    assert '<link rel="canonical" href="https://intranet.example/commons/practice/fieldwork/listing-guide/">' in page
    assert "Listing households without a register" in page
    path = tmp_path / "redirect.html"
    path.write_text(page)
    assert dangers(path) == []  # a refresh within the site is allowed; nothing else


def test_old_paths_are_read_from_the_site_root_in_any_spelling(tmp_path):
    result = _with(tmp_path, {"practice/fieldwork/listing-guide.md": _guide(
        "[practice/methods/listing, /practice/old/listing.md, guides/listing/, old/listing.html]"
    )})  # fmt: skip
    assert result.problems == []
    assets = build_site_plan(result.commons).assets
    for old in ("practice/methods/listing", "practice/old/listing", "guides/listing", "old/listing"):
        assert f"{old}/index.html" in assets, old
    flat = build_site_plan(result.commons, directory_urls=False).assets
    assert 'url=../../practice/fieldwork/listing-guide.html"' in flat["practice/methods/listing.html"].decode()
    assert "guides/listing/index.html" in flat


@pytest.mark.parametrize(
    ("redirects", "message"),
    [
        (
            "[listing-checklist]",
            "'listing-checklist' is the address of a live page, practice/fieldwork/listing-checklist.md",
        ),
        ("[listing-guide]", "'listing-guide' is this page's own address"),
        ("[members/ana]", "'members/ana' is the address of a live page, members/ana.md"),
        ("[experts/]", "'experts/' is the address of a live page, experts/index.md"),
        ('["https://old.example/guide"]', "is not an address of this site"),
        ('["../../etc/passwd"]', "is not an address of this site"),
        ("[api/members]", "is not an address of this site"),
        ("[Old Guide]", "is not an address of this site"),
    ],
)
def test_a_redirect_that_is_no_free_address_is_an_error_on_its_line(tmp_path, redirects, message):
    result = _with(tmp_path, {"practice/fieldwork/listing-guide.md": _guide(redirects)})
    (problem,) = result.problems
    assert (problem.path, problem.line, problem.severity.value) == ("practice/fieldwork/listing-guide.md", 9, "error")
    assert message in problem.message
    assets = build_site_plan(result.commons).assets  # a non-strict build writes no such redirect, and nothing outside
    assert "practice/fieldwork/listing-checklist/index.html" not in assets and "members/ana/index.html" not in assets
    assert not any(".." in path or path.startswith("/") for path in assets)


def test_two_entities_claiming_one_old_address_is_an_error_naming_both(tmp_path):
    checklist = SMALL_COMMONS["practice/fieldwork/listing-checklist.md"].replace(
        "related: [listing-guide]", "related: [listing-guide]\n        redirect_from: [practice/fieldwork/old]"
    )
    result = _with(tmp_path, {"practice/fieldwork/listing-guide.md": _guide("[old]"),
                              "practice/fieldwork/listing-checklist.md": checklist})  # fmt: skip
    (problem,) = result.problems
    assert problem.path == "practice/fieldwork/listing-guide.md" and problem.line == 9
    assert "also an old address in practice/fieldwork/listing-checklist.md (line 7)" in problem.message


def test_old_page_reads_ids_in_the_entitys_own_folder(tmp_path):
    commons = _with(tmp_path).commons
    assert old_page(commons.artefacts["listing-guide"], "old") == "practice/fieldwork/old.md"
    assert old_page(commons.communities["data"], "old-data") == "communities/old-data/index.md"
    assert old_page(commons.members["ana"], "ana-s") == "members/ana-s.md"
    assert old_page(commons.members["ana"], "feeds/x") is None


def test_a_renamed_event_keeps_its_calendar_uid(tmp_path):
    clinic = SMALL_COMMONS["events/2026-03-01-clinic.md"]
    before = _with(tmp_path / "a").commons
    renamed = clinic.replace("hosts: [ana]", "hosts: [ana]\n        redirect_from: [2026-03-01-clinic]")
    story = SMALL_COMMONS["success-stories/faster-listing.md"].replace(
        "event:2026-03-01-clinic", "event:2026-03-01-sampling-clinic"
    )
    after = _with(tmp_path / "b", {"events/2026-03-01-clinic.md": None, "events/2026-03-01-sampling-clinic.md": renamed,
                                   "success-stories/faster-listing.md": story})  # fmt: skip
    assert after.problems == []
    calendars = [
        build_site_plan(c, today=dt.date(2026, 1, 1)).assets["calendar/events.ics"] for c in (before, after.commons)
    ]
    uids = [str(Calendar.from_ical(data).walk("VEVENT")[0]["UID"]) for data in calendars]
    assert uids[0] == uids[1] == "2026-03-01-clinic@practice-commons.invalid"
