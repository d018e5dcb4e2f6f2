"""iCalendar (RFC 5545) files of the events: the site's, one per community, one per event.

Written with the ``icalendar`` library. An event with a ``timezone`` keeps its
local time (``DTSTART;TZID=...``, with the zone's VTIMEZONE in the file), so a
calendar shows it right across daylight-saving changes; without one its time is
floating (read in the reader's zone); a date without a time is a whole day.
UIDs stay the same from build to build, and through a rename when the old id
is kept in ``redirect_from``. Calendars carry events from a year back onwards:
old events stay on the site, and the file stays bounded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .. import model as m
from . import paths
from .export import Export

CALENDAR = "text/calendar"
#: How far back the subscribed calendars go.
PAST = dt.timedelta(days=365)


def _moment(value: dt.date | dt.datetime, zone: str | None) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime) and zone and value.tzinfo is None:
        return value.replace(tzinfo=ZoneInfo(zone))
    return value


def uid(event: m.Event, x: Export) -> str:
    """The event's UID: its first id (the oldest in ``redirect_from``, else its own) at the site's host."""
    first = next((old for old in getattr(event.spec, "redirect_from", ()) if "/" not in old), event.id)
    return f"{first}@{x.host}"


def _component(event: m.Event, x: Export) -> CalendarEvent:
    spec, t = event.spec, x.labels
    item = CalendarEvent()
    item.add("uid", uid(event, x))
    item.add("dtstamp", x.generated)
    item.add("summary", event.title)
    start = _moment(spec.start, spec.timezone)
    item.add("dtstart", start)
    if spec.end is not None and isinstance(spec.end, dt.datetime) == isinstance(spec.start, dt.datetime):
        end = _moment(spec.end, spec.timezone)
        # A whole-day event's end is its last day in the content, the day after it in iCalendar.
        item.add("dtend", end if isinstance(end, dt.datetime) else end + dt.timedelta(days=1))
    elif not isinstance(spec.start, dt.datetime):
        item.add("dtend", spec.start + dt.timedelta(days=1))
    if spec.location or spec.url:
        item.add("location", spec.location or spec.url)
    page = x.absolute(event.path)
    if page:
        item.add("url", page)
    lines = [f"{t('kind_' + spec.kind)} · {event.community.title}"]
    if event.hosts:
        lines.append(f"{t('hosts')}{t('colon')} {', '.join(person.title for person in event.hosts)}")
    if spec.url:
        lines.append(f"{t('online')}{t('colon')} {spec.url}")
    if page:
        lines.append(page)
    item.add("description", "\n".join(lines))
    item.add("categories", [spec.kind])
    return item


def calendar(events: Iterable[m.Event], name: str, x: Export) -> bytes:
    """One VCALENDAR of ``events``, with a VTIMEZONE for each zone they use."""
    cal = Calendar()
    cal.add("prodid", "-//Practice Commons//Calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    days = []
    for event in sorted(events, key=lambda e: (e.start_date, e.id)):
        cal.add_component(_component(event, x))
        days.append(event.start_date)
    if days:
        # Transitions around the events only: a zone's whole history would make every file large.
        first = max(dt.date(1970, 1, 1), min(days) - dt.timedelta(days=366))
        cal.add_missing_timezones(first_date=first, last_date=max(days) + dt.timedelta(days=732))
        # icalendar adds the zones in the order of a set of names, which changes from one process to the next:
        # by name, so that two builds of the same commons write the same files.
        zones = sorted((c for c in cal.subcomponents if c.name == "VTIMEZONE"), key=lambda zone: str(zone["TZID"]))
        cal.subcomponents[:] = zones + [c for c in cal.subcomponents if c.name != "VTIMEZONE"]
    return cal.to_ical()


def add(plan: Any, x: Export) -> None:
    """The site's calendar, one per community, one per event, and the pages' links to them."""
    t, commons = x.labels, x.commons
    since = x.today - PAST
    current = [e for e in commons.events.values() if e.start_date >= since]
    path, title = paths.calendar(), t("calendar_all")
    plan.assets[path] = calendar(current, title, x)
    plan.alternates.setdefault(paths.INDEX_PAGES["events"], []).append((CALENDAR, title, path))
    for c in commons.communities.values():
        path, title = paths.calendar(c), t("calendar_community", community=c.title)
        plan.assets[path] = calendar([e for e in c.events if e.start_date >= since], title, x)
        plan.alternates.setdefault(c.path, []).append((CALENDAR, title, path))
    for event in commons.events.values():
        path = paths.event_calendar(event)
        plan.assets[path] = calendar([event], event.title, x)
        plan.alternates.setdefault(event.path, []).append((CALENDAR, t("calendar_event"), path))


__all__ = ["add", "calendar", "uid"]
