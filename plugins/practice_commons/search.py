"""Site search by Pagefind: a static index in small chunks, built from the finished site.

Material's own search sends every reader the whole index (14.8 MB at 10,000 artefacts) and
matches accents exactly. Pagefind folds accents ("Lucia" finds "Lucía") and splits its index
so that a search fetches only the chunks its words need. It reads the built HTML, so what it
indexes is marked on the pages: the article of each searchable page (``data-pagefind-body``),
minus what Material's search leaves out too (``data-search-exclude``: cross-link lists,
problem boxes) and Material's page chrome.
"""

from __future__ import annotations

import shutil
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
#: ``serve``: seconds without a rebuild before the site is indexed again (``BackgroundIndex``).
IDLE_SECONDS = 2.0
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
    again once the new index is written. The run waits until the author has not saved for
    ``idle`` seconds, and runs at the lowest priority: at 10,000 pages it takes tens of seconds
    of both cores, which the next edit's rebuild would otherwise share.
    """

    def __init__(self, idle: float = IDLE_SECONDS) -> None:
        self.process: subprocess.Popen | None = None
        self.idle = idle
        self._cancel: threading.Event | None = None
        self._lock = threading.Lock()

    def start(self, site: Path, *, directory_urls: bool, failed: Callable[[str], None]) -> None:
        self.stop()
        cancel = self._cancel = threading.Event()
        nice = shutil.which("nice")
        command = ([nice, "-n", "19"] if nice else []) + _command(site, directory_urls)

        def run() -> None:
            if cancel.wait(self.idle):
                return
            with self._lock:  # stop() either sees the process or has cancelled it before it starts
                if cancel.is_set():
                    return
                process = self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            output, _ = process.communicate()
            if process.returncode != 0 and not cancel.is_set():  # not one this class stopped
                failed(output.decode("utf-8", errors="replace").strip())

        threading.Thread(target=run, daemon=True).start()

    def stop(self) -> None:
        """A rebuild starts (or ``serve`` ends): the waiting or running index of the previous build goes."""
        if self._cancel is not None:
            self._cancel.set()
        with self._lock:
            process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait()


__all__ = ["BUNDLE", "BackgroundIndex", "EXCLUDED", "IndexRun", "SCRIPT", "index_site", "mark_searchable"]
