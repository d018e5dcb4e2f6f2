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
import threading
from collections.abc import Callable
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


def _command(site: Path, directory_urls: bool) -> list[str]:
    from pagefind_bin import get_executable  # the binary from the ``pagefind[bin]`` wheel

    command = [str(get_executable()), "--site", str(site), "--output-subdir", BUNDLE, "--exclude-selectors", EXCLUDED]
    return command + ["--quiet"] + ([] if directory_urls else ["--keep-index-url"])


def index_site(site: Path, *, directory_urls: bool = True) -> IndexRun:
    """Run Pagefind's indexer over the built ``site``; the bundle lands in ``site/pagefind/``."""
    run = subprocess.run(_command(site, directory_urls), capture_output=True, text=True, timeout=1800)
    return IndexRun(run.returncode == 0, (run.stdout + run.stderr).strip())


class BackgroundIndex:
    """``mkdocs serve``: the index is rebuilt beside the served site, so an edit shows without waiting for it.

    A rebuild stops the indexing of the previous one (its pages are gone); search answers
    again once the new index is written.
    """

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def start(self, site: Path, *, directory_urls: bool, failed: Callable[[str], None]) -> None:
        self.stop()
        process = subprocess.Popen(_command(site, directory_urls), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.process = process

        def wait() -> None:
            output, _ = process.communicate()
            if process.returncode != 0 and self.process is process:  # not one this class stopped
                failed(output.decode("utf-8", errors="replace").strip())

        threading.Thread(target=wait, daemon=True).start()

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait()


__all__ = ["BUNDLE", "BackgroundIndex", "EXCLUDED", "IndexRun", "SCRIPT", "index_site", "mark_searchable"]
