"""In Chromium: /value/, /health/, a community's health panel, and events that stay right without a rebuild.

The demo is built as on 27 November 2026 (``conftest.BUILD_EPOCH``); the browser's clock is then moved on, and the
pages must decide again, offline, what is past and what is overdue.
"""

from __future__ import annotations

import datetime as dt

import pytest

playwright = pytest.importorskip("playwright.sync_api")

from .test_browser import browser, offline_tab, server  # noqa: E402, F401 - Chromium, the demo site served

UTC = dt.UTC


@pytest.fixture
def open_at(browser, server):  # noqa: F811 - the fixture imported above
    """A tab whose clock reads ``moment`` (None: the real clock), in ``zone``; nothing loads from outside."""
    contexts = []

    def tab(moment: dt.datetime | None = None, zone: str = "Europe/Paris"):
        page = offline_tab(browser, server, timezone_id=zone, locale="en-GB")
        contexts.append(page.context)
        if moment is not None:
            page.context.clock.set_fixed_time(moment)
        return page

    yield tab
    for context in contexts:
        context.close()


def test_value_page_shows_the_table_and_its_stories_link(open_at, server):  # noqa: F811
    page = open_at()
    page.goto(f"{server}/value/")
    table = page.locator("article table.commons-value-table")
    assert "Time saved" in table.inner_text() and "Talent retention" in table.inner_text()
    table.get_by_role("link", name="One crosswalk, three countries").first.click()
    page.wait_for_url("**/success-stories/crosswalk-reused-in-three-countries/")
    page.go_back()
    page.locator("article table.commons-value-table").get_by_role("link", name="Time saved").click()
    page.wait_for_url("**/success-stories/?q=Time*")
    shown = [row.inner_text() for row in page.locator("article table tbody tr").all() if row.is_visible()]
    assert len(shown) == 2 and all("Time saved" in row for row in shown)  # the stories index, filtered by value
    assert page.outside == [], page.outside


def test_health_page_compares_communities_and_leads_to_the_panel(open_at, server):  # noqa: F811
    page = open_at()
    page.goto(f"{server}/health/")
    rows = page.locator("article table.commons-health-grid tbody tr")
    assert rows.count() == 6
    rows.get_by_role("link", name="Onboarding Circle").click()
    page.wait_for_url("**/communities/onboarding-circle/#health")
    panel = page.locator("details.commons-health")
    assert not panel.locator("table").is_visible()  # compact until asked for
    panel.locator("summary").click()
    assert panel.locator("table").is_visible()
    text = panel.inner_text()
    assert "An energising domain for a core group" in text and "Next step" in text
    assert "Participation: core group 3" in text
    assert page.outside == [], page.outside


def test_an_event_shows_as_past_once_the_clock_passes_it_without_a_rebuild(open_at, server):  # noqa: F811
    webinar = "Webinar: paradata checks every supervisor can do"  # 3 December 2026, 14:00–15:00 Europe/Paris
    now = open_at(dt.datetime(2026, 11, 27, 9, tzinfo=UTC))  # the day the demo is built on (conftest.BUILD_EPOCH)
    now.goto(f"{server}/events/")
    upcoming = now.locator('[data-commons-events="upcoming"]')
    assert webinar in upcoming.inner_text()

    later = open_at(dt.datetime(2026, 12, 3, 14, 30, tzinfo=UTC))  # 15:30 in Paris: it has ended
    later.goto(f"{server}/events/")
    past_rows = later.locator('[data-commons-events="past"] tbody tr')
    assert webinar in past_rows.first.inner_text()  # the most recent past event, on top
    assert webinar not in later.locator('[data-commons-events="upcoming"]').inner_text()
    later.goto(f"{server}/communities/field-methods/")
    assert webinar in later.locator('[data-commons-events="past"]').inner_text()

    during = open_at(dt.datetime(2026, 12, 3, 13, 30, tzinfo=UTC))  # 14:30 in Paris: still on
    during.goto(f"{server}/events/")
    assert webinar in during.locator('[data-commons-events="upcoming"]').inner_text()
    assert later.outside == [] and during.outside == []


def test_the_whole_upcoming_list_empties_when_every_event_is_past(open_at, server):  # noqa: F811
    page = open_at(dt.datetime(2028, 1, 1, tzinfo=UTC))
    page.goto(f"{server}/events/")
    assert not page.locator('[data-commons-events="upcoming"]').is_visible()
    assert page.locator('[data-commons-events="past"] tbody tr').count() == 16


def test_a_review_notice_appears_when_its_date_passes(open_at, server):  # noqa: F811
    path = f"{server}/practice/data-stewardship/anonymisation-playbook/"  # review_by: 2027-10-01
    notice = '[data-commons-review-by="2027-10-01"]'
    before = open_at(dt.datetime(2027, 10, 1, 12, tzinfo=UTC))
    before.goto(path)
    assert not before.locator(notice).is_visible()
    after = open_at(dt.datetime(2027, 10, 2, 12, tzinfo=UTC))
    after.goto(path)
    assert after.locator(notice).is_visible() and "Review overdue" in after.locator(notice).inner_text()


def test_times_show_their_zone_and_the_readers_local_time_beside_them(open_at, server):  # noqa: F811
    page = open_at(zone="America/New_York")
    page.goto(f"{server}/events/2026-12-03-paradata-webinar/")
    when = page.locator("article table time").first
    assert when.inner_text() == "3 December 2026, 14:00–15:00 Europe/Paris"
    local = page.locator("article table .commons-local").first.inner_text()
    assert "08:00" in local and "your time" in local
    paris = open_at(zone="Europe/Paris")
    paris.goto(f"{server}/events/2026-12-03-paradata-webinar/")
    assert paris.locator("article .commons-local").count() == 0  # same zone: nothing to add
