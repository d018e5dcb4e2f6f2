"""A one-off build writes every other page in a forked second process.

MkDocs reads and converts every page first, then renders each page through the theme and writes
it, one after the other, in one process: at 10,000 artefacts that second half is most of the
build, on one of two cores. Once every page is read (``on_env``), a fork of the build takes every
other page and runs MkDocs' own ``_build_page`` on it, with the same pages, navigation, templates
and plugins, while the main process writes the rest. Its output is the serial build's, byte for
byte (``tests/test_parallel.py``).

The fork runs every plugin's page events for its pages, so what a plugin gathers from them stays
in the fork: it is used only when every plugin of the site is one whose page events leave nothing
behind (this one, and the search plugins the commons turns off). Warnings and errors logged in the
fork are logged again by the main process, where ``--strict`` counts them; a page that fails
there fails the build.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import traceback
from collections.abc import Callable, Sequence
from typing import Any

from mkdocs.plugins import PluginCollection
from mkdocs.structure.pages import Page

#: Plugins whose page events gather nothing the end of a build reads (the search plugins: when the commons turned
#: them off). Any other plugin keeps the build in one process.
QUIET_PLUGINS = frozenset({"commons", "search", "material/search"})
#: The template the main process renders for a page the fork writes: nothing, which MkDocs does not write.
ELSEWHERE = "commons-written-elsewhere.html"


def quiet_plugins(plugins: PluginCollection) -> bool:
    """Whether every plugin of the site leaves nothing behind from its page events."""
    for name, plugin in plugins.items():
        enabled = getattr(plugin, "config", {}).get("enabled", True) if name.endswith("search") else True
        if name not in QUIET_PLUGINS or (name != "commons" and enabled):
            return False
    return True


def share(pages: Sequence[Page]) -> tuple[list[Page], list[Page]]:
    """The pages this process writes, and those the fork writes: every other one, so each gets a fair mix."""
    return list(pages[0::2]), list(pages[1::2])


class _Held(logging.Filter):
    """In the fork: warnings and errors are kept for the main process to log (and count), not printed here."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[dict[str, Any]] = []
        self._seen: set[int] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING and record.name != __name__:
            return True
        if id(record) not in self._seen:  # one record reaches several handlers
            self._seen.add(id(record))
            self.records.append({"name": record.name, "levelno": record.levelno, "levelname": record.levelname,
                                 "msg": record.getMessage(), "args": None})  # fmt: skip
        return False


def _handlers() -> list[logging.Handler]:
    found: list[logging.Handler] = []
    for logger in (logging.getLogger("mkdocs"), logging.getLogger()):
        found += [handler for handler in logger.handlers if handler not in found]
    return found


class PageWriter:
    """Writes ``pages`` with ``build_page`` in a forked process, until ``finish``."""

    def __init__(self, pages: Sequence[Page], build_page: Callable[[Page], None]) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=self._work, args=(pages, build_page, sender), daemon=True)
        gc.freeze()  # a collection in either process would write to every object and so copy it
        self._process.start()
        sender.close()

    @staticmethod
    def _work(pages: Sequence[Page], build_page: Callable[[Page], None], sender: Any) -> None:
        held = _Held()
        for handler in _handlers():
            handler.addFilter(held)
        failure = None
        for page in pages:
            try:
                build_page(page)
            except Exception as exc:  # noqa: BLE001 - reported to the main process, which fails the build
                logging.getLogger(__name__).debug(traceback.format_exc())
                failure = f"{page.file.src_uri}: {''.join(traceback.format_exception_only(exc)).strip()}"
                break
        sender.send((held.records, failure))
        sender.close()

    def finish(self) -> str | None:
        """Wait for the fork; log what it logged; what went wrong there, if anything."""
        try:
            records, failure = self._receiver.recv()
        except (EOFError, OSError):
            records, failure = [], "the second process stopped before writing its pages"
        self._receiver.close()
        self._process.join()
        gc.unfreeze()
        for fields in records:
            logging.getLogger(fields["name"]).handle(logging.makeLogRecord(fields))
        if failure is None and self._process.exitcode != 0:
            failure = f"the second process ended with code {self._process.exitcode}"
        return failure

    def stop(self) -> None:
        """The build failed elsewhere: the fork's pages are not needed."""
        self._receiver.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        gc.unfreeze()


__all__ = ["ELSEWHERE", "PageWriter", "QUIET_PLUGINS", "quiet_plugins", "share"]
