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


#: Results the second process sends at a time.
_BATCH = 64


def _send(bounds: Any, lock: Any, sender: Any) -> None:
    """The second process: takes items from the end (``bounds[1]``), sends their results in batches, last first."""
    assert _work is not None
    func, items = _work
    batch: list[Any] = []
    try:
        while True:
            with lock:
                if bounds[1] <= bounds[0]:
                    break
                bounds[1] -= 1
                at = bounds[1]
            batch.append(func(items[at]))
            if len(batch) == _BATCH:
                sender.send(batch)
                batch = []
        sender.send(batch)
    except BaseException:  # noqa: BLE001, S110 - the caller computes what did not arrive, and meets the error itself
        pass
    finally:
        sender.close()


def split_map(func: Callable[[T], R], items: Sequence[T], meanwhile: Callable[[], object] | None = None) -> list[R]:
    """``[func(x) for x in items]``, part of it in a forked process when that pays.

    Only for pure functions whose results pickle cheaply: a fork shares the
    inputs (the model, the templates) for free, and only results travel back.
    This process takes items from the front and the other from the back until they meet, so each
    does what its core has time for (beside ``meanwhile``, other jobs, the results' travel).
    ``meanwhile()`` runs in this process once the second has started (first, if there is none):
    work the caller needs next, done while the other core starts on the items.
    If the second process fails, this one computes what it did not send.
    Set ``COMMONS_NO_PARALLEL=1`` to stay in one process.
    """
    global _work
    _work = (func, items)
    try:
        if not Ahead.worth_it(len(items)):
            if meanwhile is not None:
                meanwhile()
            return _run((0, len(items)))
        context = multiprocessing.get_context("fork")
        bounds = context.RawArray("q", [0, len(items)])  # [next item from the front, end of the items left]
        lock = context.Lock()
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_send, args=(bounds, lock, sender), daemon=True)
        process.start()
        sender.close()
        first: list[R] = []
        last: list[R] = []  # the other process's results, last item first
        try:
            if meanwhile is not None:
                meanwhile()
            # The other process's results are taken as they come, between this one's items: unpickling them
            # overlaps its work and its pickling, instead of following both.
            open_ = True
            while (at := _take_front(bounds, lock, process)) is not None:
                first.append(func(items[at]))
                if open_ and receiver.poll():
                    open_ = _receive(receiver, last)
            while open_ and len(first) + len(last) < len(items):
                open_ = _receive(receiver, last)
        finally:
            receiver.close()
            process.join()
        # What the other process took and did not send (it failed), computed here.
        missing = [func(item) for item in items[len(first) : len(items) - len(last)]]
        return first + missing + last[::-1]
    finally:
        _work = None


def _take_front(bounds: Any, lock: Any, process: Any) -> int | None:
    """The next item from the front; None once the two ends meet, or if the other process died holding the lock."""
    while not lock.acquire(timeout=1):
        if not process.is_alive():  # killed in its three lines under the lock: what it did not send is read here
            return None
    try:
        if bounds[0] >= bounds[1]:
            return None
        bounds[0] += 1
        return bounds[0] - 1
    finally:
        lock.release()


def _receive(receiver: Any, into: list[Any]) -> bool:
    """Add the next batch to ``into``; False once the sender has closed (done, or failed)."""
    try:
        into += receiver.recv()
    except (EOFError, OSError):
        return False
    return True


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
            self._take(got)
        return got

    def ready(self) -> dict[str, Any]:
        """The results that have arrived, without waiting: the caller takes them as it goes, so that the worker,
        whose batches fill the pipe's small buffer, never stops to wait until the caller next needs one."""
        got: dict[str, Any] = {}
        while self._open and self._receiver.poll():
            self._take(got)
        return got

    def _take(self, into: dict[str, Any]) -> None:
        try:
            into.update(self._receiver.recv())
        except (EOFError, OSError):
            self.close()

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
