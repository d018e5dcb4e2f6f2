"""A community's rhythm: events in their own time zone, intervals, gaps and kinds."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from practice_commons import build_commons
from practice_commons.analyse.rhythm import event_span, rhythm

from .conftest import SMALL_COMMONS, write_commons


def _event(tmp_path, front: str):
    files = {**SMALL_COMMONS, "events/2026-03-01-clinic.md": f"---\ntitle: Clinic\ncommunity: fieldwork\n{front}---\n"}
    result = build_commons(write_commons(tmp_path / "content", files), today=dt.date(2026, 1, 1))
    return result.commons.events["2026-03-01-clinic"]


def test_an_event_with_a_time_zone_starts_and_ends_in_that_zone(tmp_path):
    e = _event(tmp_path, "kind: clinic\nstart: 2026-03-01 14:00\nend: 2026-03-01 15:30\ntimezone: Europe/Paris\n")
    start, end, all_day = event_span(e)
    assert not all_day and start.tzinfo == ZoneInfo("Europe/Paris")
    assert start.astimezone(dt.UTC).hour == 13 and (end - start) == dt.timedelta(minutes=90)


def test_an_event_on_dates_only_lasts_whole_days(tmp_path):
    e = _event(tmp_path, "kind: visit\nstart: 2026-03-01\nend: 2026-03-03\n")
    start, end, all_day = event_span(e)
    assert all_day and start == dt.datetime(2026, 3, 1) and end == dt.datetime(2026, 3, 3, 23, 59, 59)


def test_an_event_without_an_end_ends_when_it_starts(tmp_path):
    start, end, _ = event_span(_event(tmp_path, "kind: talk\nstart: 2026-03-01 09:00\n"))
    assert start == end == dt.datetime(2026, 3, 1, 9, 0)


def test_rhythm_counts_the_last_twelve_months_and_the_mix_of_kinds(tmp_path):
    files = dict(SMALL_COMMONS)
    held = (("2025-06-01", "talk"), ("2026-01-10", "clinic"), ("2026-02-10", "workshop"), ("2026-04-01", "meeting"))
    for day, kind in (*held, ("2026-12-01", "clinic")):
        files[f"events/{day}-x.md"] = f"---\ntitle: X\ncommunity: fieldwork\nkind: {kind}\nstart: {day}\n---\n"
    commons = build_commons(write_commons(tmp_path / "content", files), today=dt.date(2026, 11, 27)).commons
    r = rhythm(commons.communities["fieldwork"], dt.date(2026, 11, 27))
    assert [e.start_date.isoformat() for e in r.last_year] == ["2026-01-10", "2026-02-10", "2026-03-01", "2026-04-01"]
    assert r.next.start_date == dt.date(2026, 12, 1) and r.last.start_date == dt.date(2026, 4, 1)
    assert r.kinds == (("clinic", 3), ("workshop", 1), ("meeting", 1))  # the 2025 talk is older than a year
    assert r.median_interval == 31  # 223, 31, 19, 31, 244 days between the six events
    assert [(g.after.start_date.isoformat(), g.days) for g in r.gaps] == [("2025-06-01", 223), ("2026-04-01", 244)]
    assert r.ongoing_gap is None  # the next event is planned: the pause is already counted


def test_two_events_give_no_usual_interval_and_no_gap(tmp_path):
    files = {
        **SMALL_COMMONS,
        "events/2026-09-01-x.md": "---\ntitle: X\ncommunity: fieldwork\nkind: talk\nstart: 2026-09-01\n---\n",
    }
    commons = build_commons(write_commons(tmp_path / "content", files), today=dt.date(2027, 6, 1)).commons
    r = rhythm(commons.communities["fieldwork"], dt.date(2027, 6, 1))
    assert r.median_interval is None and r.gaps == ()  # one interval (March to September) sets no norm
