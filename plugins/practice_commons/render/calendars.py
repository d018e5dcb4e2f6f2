"""iCalendar (RFC 5545) files of the events: the site's, one per community, one per event.

Written with the ``icalendar`` library, each event and zone once (``_Calendars``).
An event with a ``timezone`` keeps its local time (``DTSTART;TZID=...``, with the zone's VTIMEZONE in the file), so a
calendar shows it right across daylight-saving changes; without one its time is
floating (read in the reader's zone); a date without a time is a whole day.
UIDs stay the same from build to build, and through a rename when the old id
is kept in ``redirect_from``. Calendars carry events from a year back onwards:
old events stay on the site, and the file stays bounded.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone
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


#: What stands for the build's generation time in a kept VEVENT (``_vevent``); the real one replaces it.
_STAMP = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_STAMP_LINE = b"\r\nDTSTAMP:19700101T000000Z\r\n"


def _properties(event: m.Event, x: Export) -> tuple[tuple[str, Any], ...]:
    """The event's VEVENT properties, in order: plain values, with each moment's zone named beside it."""
    spec, t = event.spec, x.labels
    found: list[tuple[str, Any]] = [("uid", uid(event, x)), ("dtstamp", _STAMP), ("summary", event.title)]
    found.append(("dtstart", _moment(spec.start, spec.timezone)))
    if spec.end is not None and isinstance(spec.end, dt.datetime) == isinstance(spec.start, dt.datetime):
        end = _moment(spec.end, spec.timezone)
        # A whole-day event's end is its last day in the content, the day after it in iCalendar.
        found.append(("dtend", end if isinstance(end, dt.datetime) else end + dt.timedelta(days=1)))
    elif not isinstance(spec.start, dt.datetime):
        found.append(("dtend", spec.start + dt.timedelta(days=1)))
    if spec.location or spec.url:
        found.append(("location", spec.location or spec.url))
    page = x.absolute(event.path)
    if page:
        found.append(("url", page))
    lines = [f"{t('kind_' + spec.kind)} · {event.community.title}"]
    if event.hosts:
        lines.append(f"{t('hosts')}{t('colon')} {', '.join(person.title for person in event.hosts)}")
    if spec.url:
        lines.append(f"{t('online')}{t('colon')} {spec.url}")
    if page:
        lines.append(page)
    found.append(("description", "\n".join(lines)))
    found.append(("categories", (spec.kind,)))
    # Two moments in different zones can be equal (the same instant): the zone and the type keep them apart.
    return tuple((name, type(value).__name__, str(getattr(value, "tzinfo", None)), value) for name, value in found)


@functools.lru_cache(maxsize=16384)  # in the process: ``serve`` plans again after each edit, most events unchanged
def _vevent(properties: tuple[tuple[str, Any], ...]) -> tuple[bytes, frozenset[str]]:
    """The VEVENT ``icalendar`` writes for ``properties``, with the stand-in generation time; the zones it names."""
    item = _filled(properties, _STAMP)
    zones = {getattr(value, "params", {}).get("TZID") for _, value in item.property_items(sorted=False)}
    ical = item.to_ical()
    assert ical.count(_STAMP_LINE) == 1  # what ``_Calendars.event`` replaces
    return ical, frozenset(zones - {None, "UTC"})


def _filled(properties: tuple[tuple[str, Any], ...], stamp: dt.datetime) -> CalendarEvent:
    item = CalendarEvent()
    for name, _, _, value in properties:
        item.add(name, stamp if name == "dtstamp" else list(value) if isinstance(value, tuple) else value)
    return item


def _component(event: m.Event, x: Export) -> CalendarEvent:
    """The event's VEVENT as ``icalendar`` builds it, at the build's generation time."""
    return _filled(_properties(event, x), x.generated)


class _Calendars:
    """Calendars of one build: each event's VEVENT and each zone's VTIMEZONE serialised once.

    An event is in the site's calendar, its community's and its own: serialising it once, and each zone once
    for the same span of dates (once in the process: ``serve`` plans the site again after each edit), is a third
    of the work (``icalendar`` formats every line anew). The files are
    byte for byte what ``icalendar`` writes for the whole calendar: its output is the concatenation of its
    components' own.
    """

    def __init__(self, x: Export) -> None:
        self.x = x
        self._events: dict[str, tuple[bytes, frozenset[str]]] = {}
        stamp = x.generated.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        self._stamp = f"\r\nDTSTAMP:{stamp}\r\n".encode()

    def event(self, event: m.Event) -> tuple[bytes, frozenset[str]]:
        """The event's VEVENT, and the zones (TZID) it names."""
        done = self._events.get(event.id)
        if done is None:
            ical, zones = _vevent(_properties(event, self.x))
            done = self._events[event.id] = (ical.replace(_STAMP_LINE, self._stamp, 1), zones)
        return done

    @staticmethod
    @functools.lru_cache(maxsize=4096)  # in the process, for every build: ``serve`` plans again after each edit
    def zone(tzid: str, first: dt.date, last: dt.date) -> bytes:
        """The zone's VTIMEZONE with its transitions from ``first`` to ``last``; empty for a zone unknown here."""
        try:
            return Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical()
        except ValueError:  # as ``Calendar.add_missing_timezones``: a zone it does not know is left out
            return b""

    @staticmethod
    @functools.lru_cache(maxsize=16384)
    def head(name: str) -> bytes:
        """The empty VCALENDAR called ``name``."""
        cal = Calendar()
        cal.add("prodid", "-//Practice Commons//Calendar//EN")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", name)
        return cal.to_ical()

    def calendar(self, events: Iterable[m.Event], name: str) -> bytes:
        """One VCALENDAR of ``events``, with a VTIMEZONE for each zone they use."""
        head, end = self.head(name), b"END:VCALENDAR\r\n"
        parts, days, zones = [], [], set()
        for event in sorted(events, key=lambda e: (e.start_date, e.id)):
            ical, names = self.event(event)
            parts.append(ical)
            days.append(event.start_date)
            zones |= names
        if zones:
            # Transitions around the events only: a zone's whole history would make every file large.
            first = max(dt.date(1970, 1, 1), min(days) - dt.timedelta(days=366))
            last = max(days) + dt.timedelta(days=732)
            # By name, so that two builds of the same commons write the same files.
            parts[:0] = [self.zone(tzid, first, last) for tzid in sorted(zones)]
        return head.removesuffix(end) + b"".join(parts) + end


def calendar(events: Iterable[m.Event], name: str, x: Export) -> bytes:
    """One VCALENDAR of ``events``, with a VTIMEZONE for each zone they use."""
    return _Calendars(x).calendar(events, name)


def add(plan: Any, x: Export) -> None:
    """The site's calendar, one per community, one per event, and the pages' links to them."""
    t, commons = x.labels, x.commons
    since = x.today - PAST
    current = [e for e in commons.events.values() if e.start_date >= since]
    path, title = paths.calendar(), t("calendar_all")
    calendars = _Calendars(x)
    plan.assets[path] = calendars.calendar(current, title)
    plan.alternates.setdefault(paths.INDEX_PAGES["events"], []).append((CALENDAR, title, path))
    for c in commons.communities.values():
        path, title = paths.calendar(c), t("calendar_community", community=c.title)
        plan.assets[path] = calendars.calendar([e for e in c.events if e.start_date >= since], title)
        plan.alternates.setdefault(c.path, []).append((CALENDAR, title, path))
    for event in commons.events.values():
        path = paths.event_calendar(event)
        plan.assets[path] = calendars.calendar([event], event.title)
        plan.alternates.setdefault(event.path, []).append((CALENDAR, t("calendar_event"), path))


__all__ = ["add", "calendar", "uid"]
