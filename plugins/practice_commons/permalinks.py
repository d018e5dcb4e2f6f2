"""Permalinks: an entity renamed or moved keeps its old addresses through ``redirect_from``.

Rename = move the file and add the old id (or the old path) to ``redirect_from``;
the build then writes a redirect page at each old address. This module reads a
``redirect_from`` value as the page address it stood for, and checks that no
old address is a live page or another entity's old address (either would send
readers to the wrong place, or hide a page).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from . import model as m
from .load import KIND_PATHS, SLUG, Record
from .problems import Problem
from .render import paths

#: First folders that hold the site's own files, never a page.
RESERVED = ("api", "assets", "calendar", "embed", "feeds", "pagefind", "search")
_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")


def old_page(entity: m.Entity, value: str) -> str | None:
    """The source path an old id or path of ``entity`` stood for, or None if it names no page of this site.

    ``old-id`` is the entity's kind and folder with that id; a path is read from
    the site's root: ``practice/field-methods/old-id``, ``…/old-id.md``, ``…/old-id/``
    (its folder page) or ``…/old-id.html`` all work.
    """
    text = value.strip().lstrip("/")
    if "/" not in text and not text.endswith((".md", ".html")):
        if not SLUG.fullmatch(text):
            return None
        community = entity.community.id if isinstance(entity, m.Artefact) else ""
        return KIND_PATHS[entity.kind].format(id=text, community=community)
    if text.endswith("/"):
        text += "index.md"
    elif text.endswith(".html"):
        text = text.removesuffix(".html") + ".md"
    elif not text.endswith(".md"):
        text += ".md"
    parts = text.split("/")
    if not all(_SEGMENT.fullmatch(part) for part in parts) or parts[0] in RESERVED:
        return None
    return text


def _address(source: str) -> str:
    """The address a page is reached at, whatever ``use_directory_urls`` says: ``x.md`` and ``x/index.md`` meet."""
    return paths.url(source, True)


def redirects(commons: m.Commons, live: Iterable[str]) -> dict[str, m.Entity]:
    """Old source path -> the entity it now leads to: the redirects to write, collisions left out."""
    taken = {_address(path) for path in live}
    found: dict[str, m.Entity] = {}
    for entity in _entities(commons):
        for value in getattr(entity.spec, "redirect_from", ()):
            old = old_page(entity, value)
            if old is not None and _address(old) not in taken:
                taken.add(_address(old))
                found[old] = entity
    return found


def _entities(commons: m.Commons) -> list[m.Entity]:
    kinds: tuple[Mapping[str, m.Entity], ...] = (
        commons.communities, commons.members, commons.artefacts, commons.events, commons.stories, commons.terms,
    )  # fmt: skip
    return [entity for kind in kinds for entity in kind.values()]


def live_pages(commons: m.Commons, pages: Iterable[str]) -> set[str]:
    """Source paths of every page the site publishes: entities, generated pages, the site's own pages."""
    return {e.path for e in _entities(commons)} | paths.generated_pages(commons) | set(pages)


def check_redirects(records: Iterable[Record], commons: m.Commons, pages: Iterable[str]) -> list[Problem]:
    """A ``redirect_from`` that names no page, a live page, or another entity's old address: an error on its line."""
    entities = {(e.kind, e.id): e for e in _entities(commons)}
    live: dict[str, str] | None = None  # made at the first redirect_from: a quarter of a second at 20k, often for none
    seen: dict[str, tuple[str, int]] = {}
    problems = []
    for record in sorted(records, key=lambda r: r.path):
        entity = entities.get((record.kind, record.id))
        if entity is None or entity.path != record.path:
            continue  # a file that did not resolve has its own problems
        for i, value in enumerate(getattr(entity.spec, "redirect_from", ())):
            line = record.line_of(("redirect_from", i))
            old = old_page(entity, value)
            if old is None:
                first = value.strip().lstrip("/").split("/")[0]
                hint = (
                    f"{first}/ holds the site's own files ({', '.join(RESERVED)}), never a page"
                    if first in RESERVED
                    else "write an old id (old-name) or the old path from the site's root (practice/topic/old-name)"
                )
                problems.append(Problem(record.path, line, f"redirect_from: '{value}' is not an address of this site",
                                        hint=hint))  # fmt: skip
                continue
            address = _address(old)
            if live is None:
                live = {_address(path): path for path in live_pages(commons, pages)}
            if address in live:
                target = live[address]
                message = (
                    f"redirect_from: '{value}' is this page's own address"
                    if target == entity.path
                    else f"redirect_from: '{value}' is the address of a live page, {target}"
                )
                hint = "remove it" if target == entity.path else "remove it, or rename that page first"
                problems.append(Problem(record.path, line, message, hint=hint))
            elif address in seen:
                where, at = seen[address]
                problems.append(Problem(
                    record.path, line, f"redirect_from: '{value}' is also an old address in {where} (line {at})",
                    hint="an old address can lead to one page only: keep it in one file",
                ))  # fmt: skip
            else:
                seen[address] = (record.path, line)
    return problems


__all__ = ["RESERVED", "check_redirects", "live_pages", "old_page", "redirects"]
