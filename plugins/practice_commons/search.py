"""Site search by Pagefind: a static index in small chunks, built from the finished site.

Material's own search sends every reader the whole index (14.8 MB at 10,000 artefacts) and
matches accents exactly. Pagefind folds accents ("Lucia" finds "Lucía") and splits its index
so that a search fetches only the chunks its words need. It reads the built HTML, so what it
indexes is marked on the pages: the article of each searchable page (``data-pagefind-body``),
minus what Material's search leaves out too (``data-search-exclude``: cross-link lists,
problem boxes) and Material's page chrome.

A one-off build hands Pagefind each searchable page's head and article only (``SearchInput``),
written aside as the page is written: Pagefind parses every byte of a page and then throws
Material's chrome away, which was half of its work. The index it builds from them is the index
of the whole pages, byte for byte (``tests/test_search.py``).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable
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
_MARKED = _ARTICLE[:-1] + " data-pagefind-body>"
_END = "</article>"


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
    return html.replace(_ARTICLE, _MARKED, 1)


def searchable_part(html: str) -> str | None:
    """What Pagefind needs of a written page: its head and its marked article; ``None`` for a page it skips.

    Pagefind takes the language from ``<html lang>``, the text, title and anchors from the marked
    element, and ``data-pagefind-*`` attributes from anywhere: a page with any of those outside its
    article (a theme override's, say) is handed over whole. The slice runs to the last ``</article>``,
    so it holds the whole article whatever the article holds; anything after the article's own end
    is outside the marked element, which Pagefind does not read.
    """
    start = html.find(_MARKED)
    if start < 0:
        return None
    body = html.rfind("<body", 0, start)
    end = html.rfind(_END)
    if body < 0 or end < start:
        return html
    end += len(_END)
    if html.find("data-pagefind", 0, start) >= 0 or html.find("data-pagefind", end) >= 0:
        return html
    return f"{html[:body]}<body>{html[start:end]}</body></html>"


class SearchInput:
    """The folder Pagefind reads instead of the site: each searchable page's part, as the page is written.

    ``pages`` counts the pages handed in by the current build, so that a build which did not write every
    page can be told apart. A one-off build's folder lasts one build; ``serve`` keeps its folder across
    rebuilds: a rebuild of a few pages replaces their parts, and a build of every page (``complete``)
    drops the parts of pages that are gone.
    """

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="commons-search-"))
        self.parts: set[str] = set()
        self.complete = False
        self.begin()

    def begin(self) -> None:
        """A build starts."""
        self.pages, self._seen = 0, set()

    def add(self, dest_uri: str, html: str) -> None:
        self.pages += 1
        part = searchable_part(html)
        if part is not None:
            self.write(dest_uri, part)
        elif dest_uri in self.parts:  # no longer searchable (``search: exclude``, say)
            (self.folder / dest_uri).unlink(missing_ok=True)
            self.parts.discard(dest_uri)

    def write(self, dest_uri: str, html: str) -> None:
        path = self.folder / dest_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(html.encode("utf-8", errors="xmlcharrefreplace"))  # as MkDocs writes the page
        self.parts.add(dest_uri)
        self._seen.add(dest_uri)

    def adopt(self, dest_uris: Iterable[str]) -> None:
        """Pages another process handed in (``writer``): counted, and their parts (files it wrote) kept track of."""
        for dest_uri in dest_uris:
            self.pages += 1
            if (self.folder / dest_uri).is_file():
                self.parts.add(dest_uri)
                self._seen.add(dest_uri)
            else:  # not searchable: a part an earlier build wrote is gone
                self.parts.discard(dest_uri)

    def keep(self, dest_uris: set[str]) -> None:
        """Only the parts of ``dest_uris`` stay: those of pages no longer in the site (deleted, renamed) go."""
        for dest_uri in self.parts - dest_uris:
            (self.folder / dest_uri).unlink(missing_ok=True)
        self.parts &= dest_uris

    def completed(self) -> None:
        """This build wrote every page: the parts it did not write are of pages that are gone."""
        self.keep(self._seen)
        self.complete = True

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


#: Pagefind's progress line once it has parsed every page: from then on it builds and writes its bundle.
_PAGES_READ = "[Building search indexes]"


def _command(site: Path, directory_urls: bool, source: Path | None = None, *, quiet: bool = True) -> list[str]:
    from pagefind_bin import get_executable  # the binary from the ``pagefind[bin]`` wheel

    command = [str(get_executable()), "--site", str(source or site), "--output-path", str(site / BUNDLE)]
    command += ["--exclude-selectors", EXCLUDED] + (["--quiet"] if quiet else [])
    return command + ([] if directory_urls else ["--keep-index-url"])


def index_site(
    site: Path, *, directory_urls: bool = True, source: Path | None = None, read: Callable[[], None] | None = None
) -> IndexRun:
    """Run Pagefind's indexer over the built ``site``, or over ``source`` (a ``SearchInput`` folder) standing in
    for its pages; the bundle lands in ``site/pagefind/``.

    ``read()`` is called once Pagefind has read every page, as it starts to build and write the bundle (a third of
    its time): the caller can remove ``source`` meanwhile. Pagefind says so in its progress, which ``--quiet``
    silences; a Pagefind that does not say it never calls ``read``.
    """
    command = _command(site, directory_urls, source, quiet=read is None)
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace"
    ) as process:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            lines.append(line)
            if read is not None and line.startswith(_PAGES_READ):
                read()
                read = None
    return IndexRun(process.returncode == 0, "".join(lines).strip())


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
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(
        self, site: Path, *, directory_urls: bool, failed: Callable[[str], None], source: Path | None = None
    ) -> None:
        self.stop()
        cancel = self._cancel = threading.Event()
        nice = shutil.which("nice")
        command = ([nice, "-n", "19"] if nice else []) + _command(site, directory_urls, source)

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

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """A rebuild starts (or ``serve`` ends): the waiting or running index of the previous build goes."""
        if self._cancel is not None:
            self._cancel.set()
        with self._lock:
            process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join()  # a cancelled run ends at once: no thread outlives the index it was for


__all__ = [
    "BUNDLE", "BackgroundIndex", "EXCLUDED", "IndexRun", "SCRIPT", "SearchInput", "index_site", "mark_searchable",
    "searchable_part",
]  # fmt: skip
