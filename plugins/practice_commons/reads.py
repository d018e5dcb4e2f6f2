"""Which entities a page's generated HTML read while it rendered: for ``serve``'s rebuilds.

After an edit to front matter, a rebuild plans the site again. A page whose template and values are as
before, and which read no entity that changed, renders the same HTML as before: it need not be rendered
to know that (``rebuild.Rebuild.may_differ``). So, in ``serve``, every render records what it read:

* every attribute of an entity that the page's templates, macros and Python helpers read while it renders
  (``recording`` puts a hook on ``Entity`` for the time of the render: a one-off build pays nothing);
* what kept results stand for: a macro's output kept for the same arguments (``plan._Renderer._memo``), a
  kept link, a label read from the relationship graph (``touch``).

Entities are recorded by the number of their file's path (``number``): a page reads tens of them, and the
records travel from the rendering process by pipe. The numbers are given in the process that plans the
site, before any fork, and never change while it runs.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from . import model as m

#: What the renders in progress read, innermost last (a kept macro's render inside a page's).
_stack: list[set[str]] = []
#: Entity file path -> its number, for as long as the process runs.
_numbers: dict[str, int] = {}
_get = object.__getattribute__


def number(paths: Iterable[str]) -> None:
    """Give a number to each path that has none yet (before the renders, in the planning process)."""
    for path in paths:
        if path not in _numbers:
            _numbers[path] = len(_numbers)


def numbers(paths: Iterable[str]) -> set[int]:
    """The numbers of the paths that have one."""
    return {_numbers[path] for path in paths if path in _numbers}


def _recorded(self: m.Entity, name: str) -> object:
    if _stack:
        _stack[-1].add(_get(self, "path"))
    return _get(self, name)


@contextmanager
def recording() -> Iterator[set[str]]:
    """Record the paths of the entities read inside the block; an outer recording gets them too."""
    got: set[str] = set()
    _stack.append(got)
    if len(_stack) == 1:
        m.Entity.__getattribute__ = _recorded  # type: ignore[method-assign] # subclasses follow
    try:
        yield got
    finally:
        _stack.pop()
        if _stack:
            _stack[-1].update(got)
        else:
            del m.Entity.__getattribute__


def touch(paths: Iterable[str | None]) -> None:
    """The entities of ``paths`` were read (by a kept result, or through the relationship graph)."""
    if _stack:
        _stack[-1].update(path for path in paths if path)


def pack(paths: set[str]) -> bytes | None:
    """The numbers of ``paths``, compact; None when one has no number (it then counts as reading everything)."""
    try:
        return array("I", sorted(_numbers[path] for path in paths)).tobytes()
    except KeyError:
        return None


def unpack(packed: bytes) -> memoryview:
    return memoryview(packed).cast("I")


__all__ = ["number", "numbers", "pack", "recording", "touch", "unpack"]
