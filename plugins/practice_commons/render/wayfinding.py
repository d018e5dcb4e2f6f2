"""Where a page sits: its breadcrumb trail, and the index page of the navigation it belongs under.

Entity pages stay out of the navigation (Material renders the whole tree into every
page: O(N²)); instead each page names the index it belongs under, which the MkDocs
adapter marks active while the page renders, and carries a breadcrumb. One entry per
page, each a handful of links: linear in the commons.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .. import model as m
from ..vocabulary import ARTEFACT_TYPES
from . import indexes, paths

#: (label, source path of the page it links to); the last crumb is the page itself (path None).
Crumb = tuple[str, str | None]


def sections(page_paths: Iterator[str] | list[str], nav: list[str]) -> dict[str, str]:
    """The nearest navigation page above each page not in the navigation, by the folders of its path.

    ``practice/field-methods/listing.md`` belongs under ``practice/index.md``; ``experts/topics/x.md``
    under ``experts/index.md``. Pages under no listed folder (the home page's own) get none.
    """
    listed = set(nav)
    found: dict[str, str] = {}
    for path in page_paths:
        if path in listed:
            continue
        parts = path.split("/")[:-1]
        for end in range(len(parts), 0, -1):
            candidate = "/".join(parts[:end]) + "/index.md"
            if candidate in listed and candidate != path:
                found[path] = candidate
                break
    return found


def breadcrumbs(commons: m.Commons, t: Callable[..., str], topic_pages: dict[str, str],
                artefact_count: int) -> dict[str, list[Crumb]]:  # fmt: skip
    """Breadcrumb trails of the entity pages and the index pages below the navigation, by source path."""
    index = paths.INDEX_PAGES
    trails: dict[str, list[Crumb]] = {}
    for c in commons.communities.values():
        trails[c.path] = [(t("nav_communities"), index["communities"]), (c.title, None)]
        trails[paths.practice_of(c)] = [(c.title, c.path), (t("practice"), None)]
    for x in commons.members.values():
        trails[x.path] = [(t("directory"), index["people"]), (x.title, None)]
    for a in commons.artefacts.values():
        c = a.community
        trails[a.path] = [(c.title, c.path), (t("practice"), paths.practice_of(c)), (a.title, None)]
    for kind, entities, home in (
        ("events", commons.events, "events"), ("stories", commons.stories, "stories"),
        ("glossary", commons.terms, "glossary"),
    ):  # fmt: skip
        label = t("nav_" + kind)
        for entity in entities.values():
            trails[entity.path] = [(label, index[home]), (entity.title, None)]
    library = (t("library"), index["practice"])
    for kind in ARTEFACT_TYPES:
        trails[paths.practice_type(kind)] = [library, (t("types_" + kind), None)]
    pages = max(1, -(-artefact_count // indexes.PRACTICE_PAGE_SIZE))
    trails[paths.practice_all()] = [library, (t("all_practice"), None)]
    for n in range(2, pages + 1):
        trails[paths.practice_all(n)] = [library, (t("all_practice"), paths.practice_all()), (str(n), None)]
    directory = (t("directory"), index["people"])
    for n in range(2, paths.people_pages(len(commons.members)) + 1):
        trails[paths.people_page(n)] = [directory, (str(n), None)]
    experts = (t("nav_experts"), index["experts"])
    for n in range(2, paths.experts_pages(len(topic_pages)) + 1):
        trails[paths.experts_page(n)] = [experts, (str(n), None)]
    trails[index["units"]] = [experts, (t("by_unit"), None)]
    for topic, page in topic_pages.items():
        trails[page] = [experts, (topic, None)]
    return trails


def later_pages(trails: dict[str, list[Crumb]], first: str, title: str, count: int) -> None:
    """Add the trails of pages 2 to ``count`` of the index built from ``first``: page 1's trail, then the number."""
    trail = trails.get(first) or [(title, None)]
    above = [*trail[:-1], (trail[-1][0], first)]
    for number in range(2, count + 1):
        trails[paths.later_page(first, number)] = [*above, (str(number), None)]


__all__ = ["Crumb", "breadcrumbs", "later_pages", "sections"]
