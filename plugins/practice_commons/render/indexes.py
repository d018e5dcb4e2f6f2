"""What the index pages show beside their links: a first sentence, last activity, recent windows, pages of rows.

Each function is bounded by what one page lists, never by the size of the commons,
except those computed once per build (``last_activity``, ``by_unit``), which are linear.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .. import model as m

T = TypeVar("T")

#: How many rows one page of "all practice" lists: a page a phone still scrolls through, and a
#: site of 10,000 artefacts makes 100 such pages, each the same size whatever the commons' size.
PRACTICE_PAGE_SIZE = 100
#: "Recently updated" means within this many days before the build.
RECENT_DAYS = 90
#: Outside that window, the page says so and names this many of the newest instead.
NEWEST_FALLBACK = 5
#: How many people and communities a unit names before it says "and N more".
UNIT_NAMES = 8

_MARKUP = re.compile(r"<[^>]+>|!\[[^\]]*\]\([^)]*\)|[*_`~#>|]+")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[\[([^\]|]*)(?:\|([^\]]*))?\]\]")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"«(\[]?[A-ZÀ-ÖØ-Þ0-9])")


def first_sentence(markdown: str, limit: int = 160) -> str:
    """The first sentence of ``markdown`` as plain text, cut at a word before ``limit`` characters.

    >>> first_sentence("Data about the **interview**. Timestamps, durations.")
    'Data about the interview.'
    """
    paragraphs = [p for p in re.split(r"\n\s*\n", markdown.strip()) if p.strip() and not p.lstrip().startswith("#")]
    if not paragraphs:
        return ""
    plain = _LINK.sub(lambda x: x.group(1) or x.group(3) or x.group(2) or "", paragraphs[0])
    plain = " ".join(_MARKUP.sub("", plain).split())
    sentence = _SENTENCE_END.split(plain, maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _day(value: dt.date | dt.datetime | None) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


def last_activity(community: m.Community, today: dt.date) -> tuple[dt.date, m.Entity] | None:
    """The latest day up to ``today`` that ``community`` wrote or updated practice or held an event, and what."""
    found: list[tuple[dt.date, str, m.Entity]] = []
    for a in community.artefacts:
        day = _day(a.spec.updated or a.spec.created)
        if day and day <= today:
            found.append((day, a.id, a))
    found += [(e.start_date, e.id, e) for e in community.events if e.start_date <= today]
    if not found:
        return None
    day, _, entity = max(found, key=lambda x: (x[0], x[1]))
    return day, entity


@dataclass(frozen=True)
class Recent:
    """Artefacts of a recent window, newest first; ``in_window`` False: none is recent, these are the newest."""

    items: list[m.Artefact]
    in_window: bool
    days: int = RECENT_DAYS


def recent(artefacts: Iterable[m.Artefact], day_of: Callable[[m.Artefact], dt.date | None], today: dt.date,
           limit: int, days: int = RECENT_DAYS, fallback: int = NEWEST_FALLBACK) -> Recent:  # fmt: skip
    """The artefacts whose ``day_of`` is in the ``days`` before ``today`` (at most ``limit``), else the newest few."""
    dated = [(day, a.id, a) for a in artefacts if (day := _day(day_of(a))) and day <= today]
    dated.sort(key=lambda x: (x[0], x[1]), reverse=True)
    since = today - dt.timedelta(days=days)
    within = [a for day, _, a in dated if day >= since][:limit]
    if within:
        return Recent(within, True, days)
    return Recent([a for _, _, a in dated[:fallback]], False, days)


def pages_of(items: Sequence[T], size: int | None = None) -> list[Sequence[T]]:
    """``items`` in pages of ``size`` (default ``PRACTICE_PAGE_SIZE``; one empty page when there are none)."""
    size = size or PRACTICE_PAGE_SIZE
    return [items[start : start + size] for start in range(0, len(items), size)] or [items[:0]]


def pager(current: int, total: int, around: int = 2) -> list[int | None]:
    """Page numbers a pager shows: the first, the last, and ``around`` either side of ``current``; None for a gap.

    Bounded (at most 2 × ``around`` + 5 entries) however many pages there are.

    >>> pager(7, 40)
    [1, None, 5, 6, 7, 8, 9, None, 40]
    """
    shown = sorted({1, total, *range(max(1, current - around), min(total, current + around) + 1)})
    out: list[int | None] = []
    for number in shown:
        if out and number - (out[-1] or 0) > 1:
            out.append(None)
        out.append(number)
    return out


@dataclass(frozen=True)
class Unit:
    """A unit: its people (the first few shown) and the communities they belong to, most represented first."""

    name: str
    people: list[m.Member]
    communities: list[tuple[m.Community, int]]


def by_unit(members: Iterable[m.Member]) -> list[Unit]:
    """Units by name (people without a unit last), each with its people and their communities."""
    people: dict[str, list[m.Member]] = {}
    for x in members:
        people.setdefault(x.spec.unit or "", []).append(x)
    units = []
    for name in sorted(people, key=lambda u: (not u, u.casefold())):
        counts = Counter(c for x in people[name] for c, _ in x.memberships)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].title.casefold()))
        units.append(Unit(name, sorted(people[name], key=lambda x: x.spec.name.casefold()), ranked))
    return units


__all__ = [
    "NEWEST_FALLBACK", "PRACTICE_PAGE_SIZE", "RECENT_DAYS", "UNIT_NAMES", "Recent", "Unit", "by_unit",
    "first_sentence", "last_activity", "pager", "pages_of", "recent",
]  # fmt: skip
