"""Rhythm: when a community meets, how regularly, and in what forms.

Gaps are judged against the community's own median interval between events, not
against an outside norm: a quarterly community is not late after two months.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .. import model as m

#: A pause longer than this many times the usual interval is flagged as a gap.
GAP_FACTOR = 2
#: One interval is no "usual" interval: a median needs at least this many.
MIN_INTERVALS = 2
#: The window "recent" activity is counted in.
YEAR = dt.timedelta(days=365)


def event_span(event: m.Event) -> tuple[dt.datetime, dt.datetime, bool]:
    """(start, end, all_day) of ``event``: aware in its ``timezone`` when it has one, floating otherwise.

    A date without a time covers the whole day (an all-day event); an event without
    an end ends when it starts (a day's end for an all-day one).
    """
    spec = event.spec
    zone = ZoneInfo(spec.timezone) if spec.timezone else None

    def moment(value: dt.date | dt.datetime, end: bool) -> dt.datetime:
        if not isinstance(value, dt.datetime):
            value = dt.datetime.combine(value, dt.time.max.replace(microsecond=0) if end else dt.time.min)
        if value.tzinfo is None and zone is not None:
            value = value.replace(tzinfo=zone)
        return value

    all_day = not isinstance(spec.start, dt.datetime)
    start = moment(spec.start, end=False)
    if spec.end is None:
        end = moment(spec.start, end=True) if all_day else start
    else:
        end = moment(spec.end, end=True)
    return start, end, all_day


@dataclass(frozen=True)
class Gap:
    """A pause between two events (``before`` is None for one still going on at ``today``)."""

    after: m.Event
    before: m.Event | None
    days: int


@dataclass(frozen=True)
class Rhythm:
    """A community's events seen from ``today``."""

    today: dt.date
    past: tuple[m.Event, ...]
    upcoming: tuple[m.Event, ...]
    #: Events held in the twelve months up to ``today``.
    last_year: tuple[m.Event, ...]
    #: Median days between consecutive events (held and planned), or None with fewer than three events.
    median_interval: float | None
    #: Pauses longer than ``GAP_FACTOR`` times the median, oldest first; an ongoing one last.
    gaps: tuple[Gap, ...]
    #: Kinds of the events of the last twelve months and those planned, most frequent first.
    kinds: tuple[tuple[str, int], ...]

    @property
    def last(self) -> m.Event | None:
        return self.past[-1] if self.past else None

    @property
    def next(self) -> m.Event | None:
        return self.upcoming[0] if self.upcoming else None

    @property
    def ongoing_gap(self) -> Gap | None:
        return self.gaps[-1] if self.gaps and self.gaps[-1].before is None else None


def rhythm(community: m.Community, today: dt.date) -> Rhythm:
    """Cadence, gaps and mix of kinds of ``community``'s events as of ``today``.

    An event is past once its start date is before ``today`` (the build date); pages
    decide again in the reader's browser. Linear in the community's events.
    """
    events = sorted(community.events, key=lambda e: (e.start_date, e.id))
    past = tuple(e for e in events if e.start_date < today)
    upcoming = tuple(e for e in events if e.start_date >= today)
    last_year = tuple(e for e in past if e.start_date >= today - YEAR)
    days = [e.start_date for e in events]
    intervals = [(b - a).days for a, b in zip(days, days[1:], strict=False)]
    median = statistics.median(intervals) if len(intervals) >= MIN_INTERVALS else None
    gaps: list[Gap] = []
    if median:
        limit = GAP_FACTOR * median
        gaps = [Gap(a, b, n) for a, b, n in zip(events, events[1:], intervals, strict=False) if n > limit]
        if past and not upcoming and (today - past[-1].start_date).days > limit:
            gaps.append(Gap(past[-1], None, (today - past[-1].start_date).days))
    kinds = Counter(e.spec.kind for e in last_year + upcoming)
    return Rhythm(today, past, upcoming, last_year, median, tuple(gaps), tuple(kinds.most_common()))
