"""The Python heap during a build: when the cyclic garbage collector may run."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Run the enclosed work (a ``with`` block or a decorated function) without the cyclic collector.

    Planning allocates millions of small, acyclic objects while the whole commons is on the heap; each
    collector pass walks that heap again to find next to no garbage (at 10,000 artefacts the collector took
    more CPU than the work it interrupted). What little cyclic garbage there is waits for the next pass
    after the block. Nested uses are harmless: the outermost one turns the collector back on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


__all__ = ["collector_paused"]
