"""Use the machine's second core for the two pure, per-file halves of a build: parsing and rendering."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items a second process costs more than it saves.
PARALLEL_FROM = 1000

# The work of the current call, inherited by the forked worker (never pickled).
_work: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _run(bounds: tuple[int, int]) -> list[Any]:
    assert _work is not None
    func, items = _work
    return [func(item) for item in items[bounds[0] : bounds[1]]]


def split_map(func: Callable[[T], R], items: Sequence[T], meanwhile: Callable[[], object] | None = None) -> list[R]:
    """``[func(x) for x in items]``, half of it in a forked process when that pays.

    Only for pure functions whose results pickle cheaply: a fork shares the
    inputs (the model, the templates) for free, and only results travel back.
    ``meanwhile()`` runs in this process once the second has started (first, if there is none):
    work the caller needs next, done while the other core has its own half to do, and its results to send.
    Set ``COMMONS_NO_PARALLEL=1`` to stay in one process.
    """
    global _work
    _work = (func, items)
    try:
        if not Ahead.worth_it(len(items)):
            if meanwhile is not None:
                meanwhile()
            return _run((0, len(items)))
        half = len(items) // 2
        with multiprocessing.get_context("fork").Pool(1) as pool:
            second = pool.apply_async(_run, ((half, len(items)),))
            if meanwhile is not None:
                meanwhile()
            first = _run((0, half))
            return first + second.get()
    finally:
        _work = None


class Ahead:
    """Compute ``func(item)`` for ``items`` in a forked process, in order, while the caller works.

    Results come back in batches through a pipe; ``until(key)`` waits only for
    what the caller needs next. MkDocs converts one page's Markdown while the
    other core renders the pages after it. If the worker fails, ``until``
    returns what arrived and the caller computes the rest itself.
    """

    def __init__(self, func: Callable[[T], R], items: Sequence[tuple[str, T]], batch: int = 64) -> None:
        self._receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
        self._process = multiprocessing.get_context("fork").Process(
            target=self._work, args=(func, items, batch, sender), daemon=True
        )
        # Out of the collector's reach until ``close``: a collection in either process would write to
        # every object's header and so copy the whole model, which the fork otherwise shares.
        gc.freeze()
        self._process.start()
        sender.close()
        self._open = True

    @staticmethod
    def _work(func: Callable[[Any], Any], items: Sequence[tuple[str, Any]], batch: int, sender: Any) -> None:
        chunk = []
        for key, item in items:
            chunk.append((key, func(item)))
            if len(chunk) >= batch:
                sender.send(chunk)
                chunk = []
        sender.send(chunk)
        sender.close()

    def until(self, key: str) -> dict[str, Any]:
        """Every result that arrives up to and including ``key`` (or all, if the worker stops)."""
        got: dict[str, Any] = {}
        while self._open and key not in got:
            try:
                got.update(self._receiver.recv())
            except (EOFError, OSError):
                self.close()
        return got

    def close(self) -> None:
        if self._open:
            self._open = False
            self._receiver.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        gc.unfreeze()

    @staticmethod
    def worth_it(count: int) -> bool:
        return (
            count >= PARALLEL_FROM
            and (os.cpu_count() or 1) > 1
            and "fork" in multiprocessing.get_all_start_methods()
            and not os.environ.get("COMMONS_NO_PARALLEL")
        )
