"""Redirect pages at the old addresses an entity lists in ``redirect_from``, as mkdocs-redirects writes them.

Each is a tiny HTML file (meta refresh and canonical link, no script) at the
old page's place, pointing relatively to the new page, so it works under any
sub-path; ``permalinks.py`` decides which old addresses are free to take.
"""

from __future__ import annotations

from typing import Any

from .. import permalinks  # a module, not names: permalinks reads render.paths while it loads
from . import paths
from .export import Export


def redirect_file(old: str, directory_urls: bool) -> str:
    """The file a browser asking for the old page's address gets."""
    address = paths.url(old, directory_urls)
    return address + "index.html" if address.endswith("/") or not address else address


def add(plan: Any, x: Export) -> None:
    """A redirect page for every free old address."""
    live = permalinks.live_pages(x.commons, [*plan.pages, *x.pages])
    for old, entity in permalinks.redirects(x.commons, live).items():
        path = redirect_file(old, x.directory_urls)
        if path in plan.assets:
            continue  # never over one of the site's own files
        target = x.href(entity.path, path)
        html = x.env.get_template("redirect.html").render(
            title=entity.title, target=target, canonical=x.absolute(entity.path) or target, language=x.labels.language
        )
        plan.assets[path] = html.encode("utf-8")


__all__ = ["add", "redirect_file"]
