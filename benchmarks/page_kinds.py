"""The largest page of each kind in a built site, and the index pages that grow with the commons (issue 12, target 6).

    python benchmarks/page_kinds.py SITE [SITE...]      # one column per site, smallest commons first

A page's kind is its address with the ids and page numbers taken out (``practice/<x>/<x>/``,
``events/pages/<n>/``). An index page must stay the same size however large the commons: a
longer list goes on more pages. Between two sizes of the synthetic commons, the largest page of
each index kind may grow at most ``GROWTH_LIMIT`` times once over ``GROWTH_FLOOR``, except the pages that list every
community (home, communities, health, network, value, API), which are compared per community
listed: a commons has tens, at most a few hundred, communities, and those pages are about them all.
"""

from __future__ import annotations

import sys
from pathlib import Path

#: How much the largest page of an index kind may grow from one size of the commons to the next...
GROWTH_LIMIT = 1.25
#: ... once it is this large. Below it a page is quick on any phone, and a page still filling up (50 stories at
#: 10,000 artefacts, 100 at 20,000: the same one page of ``INDEX_PAGE_SIZE``; a topic's page, its people and its
#: first 100 artefacts, 53 KB then 69 KB) is not a list that never stops.
GROWTH_FLOOR = 100 * 1024
#: Address segments that name a kind of page (any other segment is an id or a page number).
FIXED = {
    "communities", "members", "pages", "experts", "topics", "units", "network", "practice", "all", "types", "events",
    "success-stories", "glossary", "value", "health", "api", "problems", "embed",
}  # fmt: skip
#: Entity pages and their embeds: one entity each, their lists capped (see ``render.plan.PAGE_LIST_LIMIT``).
ENTITY_KINDS = {
    "communities/<x>/", "members/<x>/", "practice/<x>/<x>/", "events/<x>/", "success-stories/<x>/", "glossary/<x>/",
    "embed/<x>/", "embed/members/<x>/",
}  # fmt: skip
#: Index pages about every community: compared per community.
PER_COMMUNITY = {"/", "communities/", "health/", "network/", "value/", "api/"}
_SKIP = {"search", "assets", "pagefind", "calendar", "feeds"}


def kind_of(rel: str) -> str:
    """The kind of the page at ``rel``: ``practice/c001/a000001/index.html`` → ``practice/<x>/<x>/``.

    >>> kind_of("events/pages/3/index.html")
    'events/pages/<n>/'
    """
    parts = rel.split("/")[:-1]
    return "/".join(p if p in FIXED else "<n>" if p.isdigit() else "<x>" for p in parts) + "/"


def page_kinds(site: Path) -> dict[str, tuple[int, str, int]]:
    """Kind → (bytes of its largest page, that page's address, how many pages of the kind)."""
    found: dict[str, tuple[int, str, int]] = {}
    for html in site.rglob("index.html"):
        rel = html.relative_to(site).as_posix()
        if rel.split("/", 1)[0] in _SKIP:
            continue
        kind, size = kind_of(rel), html.stat().st_size
        largest, at, count = found.get(kind, (0, "", 0))
        if size > largest:
            largest, at = size, rel[: -len("index.html")] or "/"
        found[kind] = (largest, at, count + 1)
    return found


def growing(before: dict[str, tuple[int, str, int]], after: dict[str, tuple[int, str, int]],
            communities: tuple[int, int]) -> list[tuple[str, float]]:  # fmt: skip
    """Index kinds whose largest page grows more than ``GROWTH_LIMIT`` times (and past ``GROWTH_FLOOR``).

    From ``before`` to ``after``; ``communities``: how many communities each site has (the pages in ``PER_COMMUNITY``
    are compared per community).
    """
    found = []
    for kind, (size, _, _) in after.items():
        if kind in ENTITY_KINDS or kind not in before:
            continue
        growth = size / before[kind][0]
        if kind in PER_COMMUNITY:
            growth *= communities[0] / communities[1]
        if growth > GROWTH_LIMIT and size > GROWTH_FLOOR:
            found.append((kind, growth))
    return found


def table(columns: list[tuple[str, dict[str, tuple[int, str, int]]]]) -> list[str]:
    """One line per kind: pages and largest page in each column (a label and ``page_kinds`` of a site)."""
    kinds = sorted(set().union(*(found for _, found in columns)))
    lines = [f"{'page kind':<26} " + " | ".join(f"{label:>8} {'pages':>6} {'largest':>9}" for label, _ in columns)]
    for kind in kinds:
        cells = []
        for _, found in columns:
            size, _, count = found.get(kind, (0, "", 0))
            cells.append(f"{'':>8} {count:>6,} {size / 1024:>6.0f} KB" if count else f"{'':>8} {'-':>6} {'-':>9}")
        mark = "" if kind not in ENTITY_KINDS else "  (entity)"
        lines.append(f"{kind:<26} " + " | ".join(cells) + mark)
    return lines


def main() -> int:
    sites = [Path(arg) for arg in sys.argv[1:]]
    if not sites:
        sys.exit(__doc__)
    columns = [(site.name[-8:], page_kinds(site)) for site in sites]
    print("\n".join(table(columns)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
