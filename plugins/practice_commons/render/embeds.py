"""Small self-contained pages for an intranet portal's iframe: a community at a glance, a member's card.

No Material chrome and no script: one HTML file with its own few lines of CSS,
links opening in a new tab (the portal stays), the same escaping (Jinja
autoescape) and privacy (the published model) as every page. Sizing is
documented in the README: the community embed is fluid in width and about
420 px high, the card about 360 × 170 px.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import paths
from .export import Export

#: How many artefacts and events the community embed lists.
EMBED_ITEMS = 5


def _day(value: dt.date | None) -> dt.date:
    return value or dt.date.min


def _render(x: Export, template: str, origin: str, **values: Any) -> bytes:
    html = x.env.get_template(template).render(
        to=lambda target: x.href(target, origin), language=x.labels.language, **values
    )
    return html.encode("utf-8")


def add(plan: Any, x: Export) -> None:
    """One embed per community and one card per member."""
    for c in x.commons.communities.values():
        latest = sorted(c.artefacts, key=lambda a: (_day(a.spec.updated or a.spec.created), a.id), reverse=True)
        upcoming = sorted((e for e in c.events if e.start_date >= x.today), key=lambda e: (e.start_date, e.id))
        path = paths.community_embed(c)
        plan.embeds[c.path] = path
        plan.assets[path] = _render(
            x, "embed_community.html", path, community=c, artefacts=latest[:EMBED_ITEMS],
            events=upcoming[:EMBED_ITEMS], practice=paths.practice_of(c), calendar=paths.calendar(c),
        )  # fmt: skip
    for person in x.commons.members.values():
        path = paths.member_card(person)
        plan.embeds[person.path] = path
        plan.assets[path] = _render(x, "embed_member.html", path, member=person, profile=person.spec)


__all__ = ["EMBED_ITEMS", "add"]
