"""Value: the guide's value table filled with the commons' own stories, and how far they reach.

After Wenger, Trayner and de Laat's value-creation framework: a story climbs the cycles
immediate → potential → applied → realized → reframing; the table (members | organisation
by short | long term) says whose value it is and over which horizon.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .. import model as m
from ..vocabulary import CYCLES, ValueTable


@dataclass(frozen=True)
class ValueCell:
    """One cell of the table: who gains, over which horizon, and each value with the stories that show it."""

    value_for: str
    horizon: str
    values: tuple[tuple[str, tuple[m.Story, ...]], ...]

    @property
    def stories(self) -> tuple[m.Story, ...]:
        return tuple(dict.fromkeys(s for _, stories in self.values for s in stories))


@dataclass(frozen=True)
class Reach:
    """How far one community's stories go along the cycles."""

    community: m.Community
    #: cycle -> stories that reached it or went further, for every cycle in order.
    by_cycle: tuple[tuple[str, tuple[m.Story, ...]], ...]
    #: The furthest cycle any of its stories reached, or None without stories.
    furthest: str | None


def reached(story: m.Story, today: dt.date) -> str | None:
    """The furthest cycle ``story`` has reached, or None if it has no step.

    An account has reached every step it tells. An aspiration's later steps are what
    the community works towards: only its steps dated on or before ``today`` count.

    >>> # reached(aspiration with immediate (dated), applied (dated), realized (no date)) -> 'applied'
    """
    steps = story.steps
    if story.spec.status == "aspiration":
        steps = tuple(s for s in steps if s.when is not None and s.when <= today)
    ranks = [CYCLES.index(s.cycle) for s in steps]
    return CYCLES[max(ranks)] if ranks else None


def value_table(stories: Iterable[m.Story], table: ValueTable | None = None) -> tuple[ValueCell, ...]:
    """Each cell of ``table`` (the guide's by default), in its order, with the stories showing each value.

    A story fills every cell where one of its ``value`` tags stands; a value no story
    shows is kept, with no stories, so that the page shows what is still to tell.
    """
    table = table or ValueTable()
    showing: dict[str, list[m.Story]] = {tag: [] for tag in table.tags}
    for story in stories:
        for tag in dict.fromkeys(story.spec.value):
            if tag in showing:
                showing[tag].append(story)
    return tuple(
        ValueCell(who, horizon, tuple((tag, tuple(showing[tag])) for tag in tags))
        for (who, horizon), tags in table.cells.items()
    )


def reach(community: m.Community, today: dt.date) -> Reach:
    """How far ``community``'s stories reach along the cycles (see ``reached``)."""
    furthest = {story: reached(story, today) for story in community.stories}
    by_cycle = tuple(
        (cycle, tuple(s for s, top in furthest.items() if top is not None and CYCLES.index(top) >= rank))
        for rank, cycle in enumerate(CYCLES)
    )
    tops = [CYCLES.index(top) for top in furthest.values() if top is not None]
    return Reach(community, by_cycle, CYCLES[max(tops)] if tops else None)
