"""Atom feeds of new and updated practice and of success stories, for the site and per community.

Written with feedgen (never hand-made XML). A feed reader fetches a feed out
of the site, so its links are absolute, from ``site_url``; without one, the
feeds are left out and the build says so. Only dated items can be new: an
artefact enters by its ``updated`` (else ``created``) date, a story by its
latest step's ``when``; undated ones stay out of the feeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from feedgen.feed import FeedGenerator

from .. import model as m
from . import paths
from .export import Export

#: Newest entries per feed: a feed tells what is new, the site keeps the rest.
FEED_ENTRIES = 50
ATOM = "application/atom+xml"


def _instant(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time(), dt.UTC) if day else None


def _when(entity: m.Artefact | m.Story) -> dt.datetime | None:
    if isinstance(entity, m.Artefact):
        return _instant(entity.spec.updated or entity.spec.created)
    return _instant(max((step.when for step in entity.steps if step.when), default=None))


def _newest(entities: Iterable[m.Artefact | m.Story]) -> list[tuple[dt.datetime, m.Artefact | m.Story]]:
    dated = [(when, e) for e in entities if (when := _when(e)) is not None]
    return sorted(dated, key=lambda pair: (pair[0], pair[1].id), reverse=True)[:FEED_ENTRIES]


def _feed(x: Export, path: str, title: str, page: str, entries: list[tuple[dt.datetime, Any]]) -> bytes:
    t = x.labels
    fg = FeedGenerator()
    fg.id(x.absolute(path))
    fg.title(title)
    fg.author({"name": t("feed_author")})
    fg.link(href=x.absolute(path), rel="self", type=ATOM)
    fg.link(href=x.absolute(page), rel="alternate", type="text/html")
    fg.language(t.language)
    fg.generator("Practice Commons")
    fg.updated(entries[0][0] if entries else x.generated)
    for when, entity in reversed(entries):  # feedgen writes the last added first
        fe = fg.add_entry()
        link = x.absolute(entity.path)
        fe.id(link)
        fe.link(href=link, rel="alternate", type="text/html")
        fe.updated(when)
        people = entity.authors if isinstance(entity, m.Artefact) else entity.narrators
        for person in people:
            fe.author({"name": person.title})
        if isinstance(entity, m.Artefact):
            fe.title(entity.title)
            if entity.spec.created:
                fe.published(_instant(entity.spec.created))
            fe.summary(entity.spec.summary or t("types_" + entity.spec.type))
            fe.category([{"term": entity.spec.type, "label": t("types_" + entity.spec.type)}]
                        + [{"term": topic} for topic in entity.topics])  # fmt: skip
        else:
            fe.title(f"{t('story')}{t('colon')} {entity.title}")
            fe.summary(" → ".join(step.text for step in entity.steps) or entity.title)
            fe.category([{"term": value} for value in entity.spec.value])
    return fg.atom_str(pretty=True)


def add(plan: Any, x: Export) -> None:
    """Site feeds (practice, stories) and one feed per community, with their ``<link rel="alternate">``."""
    if x.site_url is None:
        x.notices.append(x.labels("feed_no_site_url"))
        return
    t, commons = x.labels, x.commons
    site = [
        ("practice", t("feed_practice"), paths.INDEX_PAGES["practice"], commons.artefacts.values()),
        ("stories", t("feed_stories"), paths.INDEX_PAGES["stories"], commons.stories.values()),
    ]
    for name, title, page, entities in site:
        path = paths.feed(name)
        plan.assets[path] = _feed(x, path, title, page, _newest(entities))
        for shown in (page, paths.INDEX_PAGES["home"]):
            plan.alternates.setdefault(shown, []).append((ATOM, title, path))
    for c in commons.communities.values():
        path = paths.community_feed(c)
        title = t("feed_community", community=c.title)
        plan.assets[path] = _feed(x, path, title, c.path, _newest([*c.artefacts, *c.stories]))
        for shown in (c.path, paths.practice_of(c)):
            plan.alternates.setdefault(shown, []).append((ATOM, title, path))


__all__ = ["FEED_ENTRIES", "add"]
