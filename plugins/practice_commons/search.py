"""Site search by Pagefind: a static index in small chunks, built from the finished site.

Material's own search sends every reader the whole index (14.8 MB at 10,000 artefacts) and
matches accents exactly. Pagefind folds accents ("Lucia" finds "Lucía") and splits its index
so that a search fetches only the chunks its words need. It reads the built HTML, so what it
indexes is marked on the pages: the article of each searchable page (``data-pagefind-body``),
minus what Material's search leaves out too (``data-search-exclude``: cross-link lists,
problem boxes) and Material's page chrome.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

#: The script that wires Material's search box to Pagefind (packaged under assets/).
SCRIPT = "assets/commons/search.js"
#: Where Pagefind writes its bundle in the site.
BUNDLE = "pagefind"
#: Left out of the index inside an article: what Material's search leaves out, and the page's buttons.
EXCLUDED = "[data-search-exclude], .md-content__button, .headerlink, .md-source-file"
_ARTICLE = '<article class="md-content__inner md-typeset">'


@dataclass(frozen=True)
class IndexRun:
    """What one indexing run did: how it went, and Pagefind's own report when it failed."""

    ok: bool
    output: str


def mark_searchable(html: str, meta: dict) -> str:
    """Mark the page's article for the index, unless the page is kept out of search (``search: {exclude: true}``).

    Once any page carries the mark, Pagefind indexes only marked pages: listings, redirects,
    embeds and problem pages stay out as they do with Material's search.
    """
    search = meta.get("search")
    if isinstance(search, dict) and search.get("exclude"):
        return html
    return html.replace(_ARTICLE, _ARTICLE[:-1] + " data-pagefind-body>", 1)


def index_site(site: Path, *, directory_urls: bool = True) -> IndexRun:
    """Run Pagefind's indexer over the built ``site``; the bundle lands in ``site/pagefind/``."""
    from pagefind_bin import get_executable  # the binary from the ``pagefind[bin]`` wheel

    command = [str(get_executable()), "--site", str(site), "--output-subdir", BUNDLE, "--exclude-selectors", EXCLUDED]
    command += ["--quiet"] + ([] if directory_urls else ["--keep-index-url"])
    run = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    return IndexRun(run.returncode == 0, (run.stdout + run.stderr).strip())


__all__ = ["BUNDLE", "EXCLUDED", "IndexRun", "SCRIPT", "index_site", "mark_searchable"]
