"""The one place that knows where each page lives (source paths; URLs follow from them)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .. import model as m
from ..vocabulary import ARTEFACT_TYPES
from . import indexes

#: Generated index pages, by name.
INDEX_PAGES = {
    "home": "index.md",
    "communities": "communities/index.md",
    "people": "members/index.md",
    "experts": "experts/index.md",
    "units": "experts/units.md",
    "network": "network/index.md",
    "practice": "practice/index.md",
    "events": "events/index.md",
    "stories": "success-stories/index.md",
    "glossary": "glossary/index.md",
    "value": "value/index.md",
    "health": "health/index.md",
    "api": "api/index.md",
}


#: How many people one page of the A–Z directory lists: 4,000 members make 20 pages, each the same size.
PEOPLE_PAGE_SIZE = 200


def people_page(number: int = 1) -> str:
    """Page ``number`` of the people directory (a folder no member id can name: ids have no slash)."""
    return INDEX_PAGES["people"] if number == 1 else f"members/pages/{number}.md"


#: Topics on each page of who-knows-what: each with two people per level, about 4 kB a topic once a large
#: commons fills every level (384 kB for 100 topics at 10,000 artefacts), so 50 a page keep a page near 200 kB.
EXPERTS_PAGE_SIZE = 50


def experts_page(number: int = 1) -> str:
    """Page ``number`` of who-knows-what (topic pages live under ``experts/topics/``: no clash)."""
    return INDEX_PAGES["experts"] if number == 1 else f"experts/pages/{number}.md"


def experts_pages(count: int) -> int:
    """How many pages who-knows-what takes for ``count`` topics (one, even empty)."""
    return max(1, -(-count // EXPERTS_PAGE_SIZE))


def people_pages(count: int) -> int:
    """How many pages the directory of ``count`` people takes (one, even empty)."""
    return max(1, -(-count // PEOPLE_PAGE_SIZE))


def practice_of(community: m.Community) -> str:
    return f"practice/{community.id}/index.md"


def practice_type(kind: str) -> str:
    return f"practice/types/{kind}.md"


#: Rows on one page of any other long index (events, a type's or a community's practice): as all practice.
INDEX_PAGE_SIZE = indexes.PRACTICE_PAGE_SIZE


def page_count(count: int, size: int | None = None) -> int:
    """How many pages an index of ``count`` rows takes, ``size`` (``INDEX_PAGE_SIZE``) a page; one, even empty."""
    return max(1, -(-count // (size or INDEX_PAGE_SIZE)))


def later_page(first: str, number: int) -> str:
    """Page ``number`` of the index whose first page is built from ``first``, as People A–Z pages.

    ``events/index.md`` → ``events/pages/2.md``; ``practice/types/method.md`` → ``practice/types/method/pages/2.md``.
    Page 1 keeps its address; no entity id has a slash, so none names these.
    """
    if number == 1:
        return first
    folder = first[: -len("index.md")] if first == "index.md" or first.endswith("/index.md") else first[:-3] + "/"
    return f"{folder}pages/{number}.md"


def practice_all(page: int = 1) -> str:
    """Page ``page`` of the table of all practice (``render.indexes.PRACTICE_PAGE_SIZE`` rows a page)."""
    return "practice/all/index.md" if page == 1 else f"practice/all/{page}.md"


def slugify(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "topic"


def topic_slugs(labels: list[str]) -> dict[str, str]:
    """A unique slug per topic label ('C++' and 'C' must not share a page)."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for label in labels:
        base = slug = slugify(label)
        n = 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs[label] = slug
    return slugs


def topic_page(slug: str) -> str:
    return f"experts/topics/{slug}.md"


def generated_pages(commons: m.Commons) -> set[str]:
    """Source paths of the pages the plan adds beside the contributors' files, so that links to them check.

    Cheaper than planning the site; ``test_generated_pages_are_the_planned_ones`` keeps the two in step.
    """
    slugs = topic_slugs(list(commons.topics))
    types = Counter(a.spec.type for a in commons.artefacts.values())
    return (
        set(INDEX_PAGES.values())
        | {
            later_page(practice_of(c), n)
            for c in commons.communities.values()
            for n in range(1, page_count(len(c.artefacts)) + 1)
        }
        | {later_page(practice_type(kind), n) for kind in ARTEFACT_TYPES for n in range(1, page_count(types[kind]) + 1)}
        | {
            later_page(INDEX_PAGES[name], n)
            for name, count in (
                ("events", len(commons.events)),
                ("stories", len(commons.stories)),
                ("glossary", len(commons.terms)),
            )
            for n in range(2, page_count(count) + 1)
        }
        | {practice_all(n) for n in range(1, max(1, -(-len(commons.artefacts) // indexes.PRACTICE_PAGE_SIZE)) + 1)}
        | {people_page(n) for n in range(2, people_pages(len(commons.members)) + 1)}
        | {experts_page(n) for n in range(2, experts_pages(len(commons.topics)) + 1)}
        | {
            later_page(topic_page(slugs[topic]), n)
            for topic, carriers in commons.topics.items()
            for n in range(1, page_count(sum(isinstance(x, m.Artefact) for x in carriers)) + 1)
        }
    )


# -- exports: files beside the pages (API, feeds, calendars, embeds), by path ---------

#: How many items one API document holds; the rest follow in pages linked from it.
API_PAGE_SIZE = 500
#: ... and about this many bytes at most (a community or a topic can be large).
API_PAGE_BYTES = 500_000


def api_document(name: str, page: int = 1) -> str:
    return f"api/{name}.json" if page == 1 else f"api/{name}-page-{page}.json"


def api_schema(name: str) -> str:
    return f"api/schema/{name}.json"


def feed(name: str) -> str:
    """The site's feeds: ``practice``, ``stories``."""
    return f"feeds/{name}.xml"


def community_feed(community: m.Community) -> str:
    return f"feeds/communities/{community.id}.xml"


def calendar(community: m.Community | None = None) -> str:
    return f"calendar/communities/{community.id}.ics" if community else "calendar/events.ics"


def event_calendar(event: m.Event) -> str:
    return f"calendar/events/{event.id}.ics"


def community_embed(community: m.Community) -> str:
    return f"embed/{community.id}/index.html"


def member_card(member: m.Member) -> str:
    return f"embed/members/{member.id}/index.html"


def url(path: str, directory_urls: bool = True) -> str:
    """Site URL (relative to the root) of the page built from source ``path``, as MkDocs computes it."""
    stem = path[:-3] if path.endswith(".md") else path
    if not path.endswith(".md"):
        return path  # an asset keeps its path
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")] if directory_urls else f"{stem}.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def up(page: str, directory_urls: bool = True) -> str:
    """The relative URL from the page built from ``page`` back to the site root."""
    page_url = url(page, directory_urls)
    return "../" * page_url.count("/")


def href(target: str, page: str, directory_urls: bool = True) -> str:
    """Relative URL from the page built from ``page`` to the one built from ``target``.

    Always climbs to the root and down again: a little longer than the
    shortest path, but one string operation per link.
    """
    return up(page, directory_urls) + url(target, directory_urls) or "./"
