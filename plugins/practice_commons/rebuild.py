"""``mkdocs serve --dirty``: what an edit changes, so that a rebuild writes only those pages.

Each rebuild compares what it read with the previous build's:

* Nothing changed: the previous site plan stays, and no page is written again.
* Only the text (body) of some entity files changed, and the model is otherwise the same: every
  field and relation of the entities those files hold, of the entities they refer to or cite, the
  problems, the set of files, the configuration and the templates. An entity's body shows on its
  own page only (its front matter feeds every other page, list and export), so the previous site
  plan stays, each of those pages takes its new text, and only they are built again. When, besides, the text
  keeps its links and anchors and the file had and has no problem, the commons is not even read again: the
  previous one takes the new text (``Rebuild.text_edit``).
* Entity files (not glossary terms) were edited beyond their text, added, renamed or deleted, and no other
  file: the site is planned again, and each page is compared with what the previous builds wrote for it
  (``Rebuild.differs``: a fingerprint of its template, front matter, text, generated HTML, feeds, section and
  problem box). A page's generated HTML is rendered again (in memory, on both cores when many) only if it may
  have changed (``Rebuild.may_differ``): its template, values or breadcrumbs differ, or an entity its last
  render read (``reads``) changed, or the plans' ``world`` differs (the relationship graph's relations, the
  entities and topics there are, feeds and embeds: then every page is). Only the pages and assets that differ
  or are new are built again, with the site's own pages (which may name an entity), and what the previous
  build wrote for pages that are gone is deleted. When a navigation page's title changed, every page is built
  again (every page shows the navigation).
* Anything else (a glossary term, which every page's text is explained with, an ordinary page, another
  file, the configuration, a template): every page is built again, as a clean build would, and what the
  previous build wrote for pages that are gone is deleted.

A page left out is marked unmodified (MkDocs' ``dirty`` mode then neither reads nor writes it).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import gc
import logging
import os
import sys
import threading
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from pydantic import BaseModel

from . import Result, reads
from . import model as m
from .links import ENTITY_KINDS, anchors_in, entity_target, find_links
from .load import Cache

#: At most this many files changed at once take the text-edit path (``Rebuild.text_edit``).
TEXT_EDITS = 20
#: Seconds after a build that planned the site again before the garbage collector frees the previous model and
#: plan (``Rebuild.built``): the browser shows the rebuilt page first.
SETTLE = 2.0
#: Entity kinds whose body shows elsewhere than on their own page: a term explains itself on every page.
_BODY_SHOWN_ELSEWHERE = frozenset({"term"})


def _shape(value: Any, top: bool = True) -> Any:
    """Everything of an entity but its body, comparable across builds: other entities by kind and id."""
    if isinstance(value, m.Entity) and not top:
        return (value.kind, value.id)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        skip = ("body",) if top else ()
        return (type(value).__name__,) + tuple(
            _shape(getattr(value, f.name), False) for f in dataclasses.fields(value) if f.name not in skip
        )
    if isinstance(value, (tuple, list)):
        return tuple(_shape(item, False) for item in value)
    if isinstance(value, Mapping):
        return tuple((key, _shape(item, False)) for key, item in value.items())
    if isinstance(value, BaseModel):
        return value  # specs compare by value
    return value


#: Values compared by ``==`` at once, by their exact type.
_PLAIN = frozenset({str, Markup, int, float, bool, type(None), dt.date, dt.datetime})
#: The field names of each dataclass ``_same`` met.
_FIELDS: dict[type, tuple[str, ...]] = {}
#: How ``_same`` compares the values of each type it met (``_how``): one lookup a value.
_EQUAL, _SEQUENCE, _MAPPING, _ENTITY, _METHOD, _FUNCTION, _DATACLASS = range(7)
_HOW: dict[type, int] = {kind: _EQUAL for kind in _PLAIN}


def _how(kind: type) -> int:
    """How ``_same`` compares values of ``kind``, found the first time it meets one."""
    if issubclass(kind, tuple | list):
        how = _SEQUENCE
    elif issubclass(kind, Mapping):
        how = _MAPPING
    elif issubclass(kind, m.Entity):
        how = _ENTITY
    elif kind is types.MethodType:
        how = _METHOD
    elif kind is types.FunctionType:
        how = _FUNCTION
    else:
        how = _DATACLASS if _fields(kind) else _EQUAL  # specs (by value), anything else as it compares
    _HOW[kind] = how
    return how


def _same(a: Any, b: Any) -> bool:
    """Whether two values read the same, as ``_shape`` compares them (other entities by kind and id), in one pass.

    A page's helper made for it (a closure) is the same when it is the same code made with the same values.
    Every page's values are compared at each rebuild in ``serve`` (a million values at 10,000 artefacts): each
    type's way of comparing is looked up once (``_how``).
    """
    if a is b:  # a value the two plans share (a spec the loader kept, a label)
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    how = _HOW.get(kind)
    if how is None:
        how = _how(kind)
    if how == _EQUAL:
        return a == b
    if how == _SEQUENCE:
        return len(a) == len(b) and all(map(_same, a, b))
    if how == _DATACLASS:
        return all(_same(getattr(a, name), getattr(b, name)) for name in _FIELDS[kind])
    if how == _ENTITY:
        return a.id == b.id  # of the same kind: the same type
    if how == _MAPPING:
        return list(a) == list(b) and all(map(_same, a.values(), b.values()))
    if how == _METHOD:
        return a.__func__ is b.__func__
    cells = (a.__closure__ or (), b.__closure__ or ())
    return a.__code__ is b.__code__ and all(map(_same, *([_cell(c) for c in each] for each in cells)))


def _fields(kind: type) -> tuple[str, ...]:
    """The field names of a dataclass (none for another type)."""
    names = _FIELDS.get(kind)
    if names is None:
        dataclass = dataclasses.is_dataclass(kind)
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind)) if dataclass else ()
    return names


def _same_entity(a: m.Entity, b: m.Entity, text: bool = True) -> bool:
    """Whether an entity's fields and relations (and, with ``text``, its text) are as they were."""
    return type(a) is type(b) and all(
        _same(getattr(a, name), getattr(b, name)) for name in _fields(type(a)) if text or name != "body"
    )


def _cell(cell: types.CellType) -> Any:
    try:
        return cell.cell_contents
    except ValueError:  # not set yet
        return None


def _changed(old: m.Commons, new: m.Commons, edited: Iterable[str]) -> set[str]:
    """The files of the entities that differ between two commons (text, fields or relations), are new or gone.

    Only the entities of ``edited`` files changed, and those whose relations they name (before or after, in
    their fields or their text): the model's other relations are the back-links of those (``resolve``).
    """
    before, after = _entities(old), _entities(new)
    changed = before.keys() ^ after.keys()
    near: set[str] = set()
    for path in edited:
        for entity in (before.get(path), after.get(path)):
            if entity is None:
                continue
            near.add(entity.path)
            for kind, ident in _neighbours(_shape(entity), set()) | _cited(entity.body):
                near.update(other.path for other in (_by_key(old, kind, ident), _by_key(new, kind, ident)) if other)
    for path in near & before.keys() & after.keys():
        if not _same_entity(before[path], after[path]):
            changed.add(path)
    return changed


def _neighbours(shape: Any, found: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (kind, id) of every entity a shape refers to."""
    if isinstance(shape, tuple):
        if len(shape) == 2 and shape[0] in ENTITY_KINDS and isinstance(shape[1], str):
            found.add(shape)
        else:
            for item in shape:
                _neighbours(item, found)
    return found


def _cited(body: str) -> set[tuple[str, str]]:
    """The entities a body links to (an artefact lists what cites it)."""
    if ":" not in body:
        return set()
    targets = (entity_target(link.url) for link in find_links(body) if link.kind != "html")
    return {(kind, ident) for kind, ident, _ in filter(None, targets)}


def _links(body: str) -> list[tuple[str, str]]:
    return [(link.kind, link.url) for link in find_links(body)]


def _entities(commons: m.Commons) -> dict[str, m.Entity]:
    """Every entity by the path of its file."""
    found: dict[str, m.Entity] = {}
    for plural in ENTITY_KINDS.values():
        for entity in getattr(commons, plural).values():
            found[entity.path] = entity
    return found


def _by_key(commons: m.Commons, kind: str, ident: str) -> m.Entity | None:
    return getattr(commons, ENTITY_KINDS[kind]).get(ident)


def _stamp(path: str | None) -> tuple[int, int] | None:
    try:
        info = os.stat(path) if path else None
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size) if info else None


def _tree(folder: str | Path | None) -> tuple:
    """The files under ``folder`` with their stamps (a theme override folder: a few files)."""
    if not folder or not os.path.isdir(folder):
        return ()
    return tuple(
        sorted((os.path.join(top, name), _stamp(os.path.join(top, name))) for top, _, names in os.walk(folder)
               for name in names)
    )  # fmt: skip


@dataclass
class Decision:
    """What a rebuild does: every page (``full``), or the pages of ``bodies`` (path -> new entity) and ``pages``."""

    full: bool
    bodies: dict[str, m.Entity] = field(default_factory=dict)
    why: str = ""
    #: A full rebuild where only entity files changed: comparing the new plan's pages with what was written
    #: may find that only some differ (``Rebuild.differs``); not full: the new plan was compared.
    compare: bool = False
    #: Pages to build again besides ``bodies``: those that differ from what was written.
    pages: frozenset[str] = frozenset()


@dataclass
class _Build:
    key: tuple
    stamps: dict[str, tuple[int, int] | None]
    result: Result
    dests: set[str]


class Rebuild:
    """The previous ``serve`` build, and what a new one must build again (see the module's docstring)."""

    def __init__(self) -> None:
        self.previous: _Build | None = None
        self._pending: _Build | None = None
        self._full = True
        #: title and meta of each navigation page as the last build that read it left them (the menu shows them)
        self.titles: dict[str, tuple[Any, dict]] = {}
        #: the navigation the plugin gave the last build (a text edit keeps it)
        self.nav: list | None = None
        #: page path -> fingerprint of what the page was last written from (``SitePlan.fingerprint``)
        self.prints: dict[str, tuple[int, int]] = {}
        #: the collection after the last build, waiting (``built``, ``settle``)
        self._later: threading.Timer | None = None
        self._uncollected = False
        self._collecting = threading.Lock()
        #: how many pages the last ``differs`` rendered
        self.rendered = 0
        self._fresh = True

    @staticmethod
    def key(config: Any, options: Any, overrides: Path | None) -> tuple:
        """What, besides the content, every page depends on: settings, templates, the day (upcoming, overdue)."""
        theme = config.theme
        return (
            config.docs_dir, config.site_dir, config.config_file_path, _stamp(config.config_file_path),
            repr(dict(options)), theme.name, theme.get("language"), tuple(theme.dirs), _tree(theme.custom_dir),
            _tree(overrides), config.use_directory_urls, config.site_url, config.repo_url, config.edit_uri,
            repr(config.nav), repr(config.markdown_extensions), repr(config.mdx_configs), repr(config.extra),
            m.build_date(),
        )  # fmt: skip

    @staticmethod
    def stamps(files: Iterable[Any]) -> dict[str, tuple[int, int] | None]:
        """Every file MkDocs found in the docs directory (and the theme), by path, with its time and size."""
        # MkDocs' abs_src_path normalises each path (a third of the time at 10,000 files); stat needs no normal form.
        return {
            file.src_uri: _stamp(os.path.join(file.src_dir, file.src_uri) if file.src_dir else file.abs_src_path)
            for file in files if file.generated_by is None
        }  # fmt: skip

    def unchanged(self, key: tuple, stamps: dict[str, tuple[int, int] | None]) -> Result | None:
        """The previous build's commons, when no file and no setting changed since (nothing to read again)."""
        before = self.previous
        return before.result if before is not None and before.key == key and before.stamps == stamps else None

    def text_edit(self, key: tuple, stamps: dict[str, tuple[int, int] | None], root: Path,
                  cache: Cache | None) -> Result | None:  # fmt: skip
        """The previous build's commons with new text, when a few entity files changed below their front matter only.

        Reading and checking the whole commons again is most of a text edit's rebuild. It is skipped when a
        changed file's front matter, lines and problems are as before, and its text has the same links (what it
        cites, what the link check reads) and the same anchors (what other pages' links may point to); the
        previous build had no problem in it. Anything else returns None: the commons is read again.
        """
        before = self.previous
        if before is None or cache is None or before.key != key or before.stamps.keys() != stamps.keys():
            return None
        changed = [path for path, stamp in stamps.items() if before.stamps[path] != stamp]
        if not changed or len(changed) > TEXT_EDITS:
            return None
        old_result = before.result
        if any(problem.path in changed for problem in old_result.problems):
            return None
        entities = _entities(old_result.commons)
        edited: dict[str, str] = {}
        for path in changed:
            entity = entities.get(path)
            if entity is None or entity.kind in _BODY_SHOWN_ELSEWHERE:
                return None
            try:
                cached, (record, problems) = cache.reload(root, path)
            except OSError:
                return None
            old = cached[0] if cached is not None else None
            if old is None or record is None or problems or cached[1]:
                return None
            if (record.data, record.lines, record.body_line) != (old.data, old.lines, old.body_line):
                return None
            if record.body != entity.body and (
                _links(record.body) != _links(entity.body) or anchors_in(record.body) != anchors_in(entity.body)
            ):
                return None
            edited[path] = record.body
        commons = old_result.commons
        kinds: dict[str, dict[str, m.Entity]] = {}
        for path, body in edited.items():
            entity = copy.copy(entities[path])
            entity.body = body
            plural = ENTITY_KINDS[entity.kind]
            kinds.setdefault(plural, dict(getattr(commons, plural)))[entity.id] = entity
        return dataclasses.replace(old_result, commons=dataclasses.replace(commons, **kinds))

    def decide(self, key: tuple, stamps: dict[str, tuple[int, int] | None], result: Result,
               planned: bool = True) -> Decision:  # fmt: skip
        """Compare this build's inputs with the previous build's (see the module's docstring).

        ``planned``: the previous build's site plan is still at hand (else every page is built).
        """
        self._pending = _Build(key, stamps, result, set())
        self.rendered = 0
        before = self.previous
        if before is None or not planned:
            return Decision(True, why="(first build)")
        if before.key != key:
            return Decision(True, why="(settings, templates or the date changed, or the last build failed)")
        old_result = before.result
        old, new = _entities(old_result.commons), _entities(result.commons)

        def entity_files(paths: Iterable[str]) -> bool:
            """Whether only entity files whose text shows on their own page only were edited, added or deleted:
            then the pages that differ can be found by comparing plans."""
            if old_result.rejected != result.rejected:
                return False
            for path in paths:
                kinds = {entity.kind for entity in (old.get(path), new.get(path)) if entity is not None}
                if not kinds or kinds & _BODY_SHOWN_ELSEWHERE:
                    return False
            return True

        if before.stamps.keys() != stamps.keys():
            moved = before.stamps.keys() ^ stamps.keys()
            moved |= {path for path in stamps.keys() & before.stamps.keys() if before.stamps[path] != stamps[path]}
            return Decision(True, why="(a file was added, renamed or deleted)", compare=entity_files(moved))
        changed = [path for path, stamp in stamps.items() if before.stamps[path] != stamp]
        if not changed:
            return Decision(False, why="(nothing changed)")
        fields = entity_files(changed)
        if old_result.problems != result.problems or old_result.rejected != result.rejected:
            return Decision(True, why="(the problems changed)", compare=fields)
        if old.keys() != new.keys() or old_result.commons.topics.keys() != result.commons.topics.keys():
            return Decision(True, why="(entities or topics changed)", compare=fields)
        bodies: dict[str, m.Entity] = {}
        compare: dict[str, None] = {}
        for path in changed:
            entity = new.get(path)
            if entity is None or entity.kind in _BODY_SHOWN_ELSEWHERE:
                return Decision(True, why=f"({path} is not an entity whose text shows on its own page only)")
            bodies[path] = entity
            compare[path] = None
            near = _neighbours(_shape(old[path]), set()) | _neighbours(_shape(entity), set())
            near |= _cited(old[path].body) | _cited(entity.body)
            for kind, ident in near:
                other = _by_key(result.commons, kind, ident)
                if other is not None:
                    compare[other.path] = None
        for path in compare:
            if not _same_entity(old[path], new[path], text=False):
                return Decision(True, why=f"({path}: more than its text changed)", compare=fields)
        return Decision(False, bodies, why="(only the text of the edited files changed)")

    def differs(self, old: Any, new: Any, boxes: Mapping[str, str]) -> frozenset[str] | None:
        """The pages and assets of the plan ``new`` that differ from what was written, or None: build everything.

        ``old`` is the plan the previous build wrote from; ``boxes`` the new problem box of each page. The
        pages that may differ (``may_differ``) are rendered (on both cores, when many); the HTML of those
        that are the same is dropped at once.
        """
        if old.nav != new.nav:
            return None
        if any(path not in old.pages or old.pages[path].meta != new.pages[path].meta for _, path in new.nav):
            return None  # every page shows the navigation's titles
        for path in old.pages.keys() - new.pages.keys():  # gone: written again if it comes back
            self.prints.pop(path, None)
        todo = self.may_differ(old, new, boxes)
        self.rendered = len(todo)
        new.render_all(todo)
        differ = {path for path in todo if self.prints.get(path) != new.fingerprint(path, boxes.get(path))}
        for path in todo:
            if path not in differ:
                new.done(path)
        return frozenset(differ | {path for path, data in new.assets.items() if data != old.assets.get(path)})

    def may_differ(self, old: Any, new: Any, boxes: Mapping[str, str]) -> list[str]:
        """The pages of ``new`` whose output may differ from what was written; the others are as they were.

        A page is as it was when everything it is written from but its generated HTML is (``SitePlan.outside``)
        and its generated HTML would render the same: the same template, values and breadcrumbs
        (``SitePlan.inputs``), in the same world (``SitePlan.world``), and no entity its last render read
        (``reads``) changed. Without a record of what the pages read (a plan made without ``track``), every page.
        """
        before, now = self.previous, self._pending
        if not (old.track and new.track) or before is None or now is None or old.world() != new.world():
            return list(new.pages)
        edited = {path for path, stamp in now.stamps.items() if before.stamps.get(path) != stamp}
        changed = reads.numbers(_changed(old.commons, new.commons, edited | (before.stamps.keys() - now.stamps.keys())))
        todo = []
        for path in new.pages:
            read = old.reads.get(path)
            printed = self.prints.get(path)
            if (
                read is None
                or printed is None
                or path not in old.pages
                or printed[0] != new.outside(path, boxes.get(path))
                or not changed.isdisjoint(reads.unpack(read))
                or not _same(new.inputs(path), old.inputs(path))
            ):
                todo.append(path)
            else:
                new.carry(old, path)
        return todo

    def written(self, path: str, fingerprint: tuple[int, int]) -> None:
        """The page of ``path`` was written from what ``fingerprint`` sums up."""
        self.prints[path] = fingerprint

    def done(self, files: Iterable[Any], site_dir: str, decision: Decision) -> None:
        """Mark the pages to build again; delete what the previous build wrote for files that are gone."""
        pending = self._pending
        assert pending is not None
        self._full = decision.full
        self._fresh = decision.full or decision.compare  # a new model and plan
        if self._fresh:
            gc.unfreeze()  # the previous model and plan may go now
        if decision.full:
            self.prints.clear()  # every page is written again
        if not self._fresh:
            # The same files as the previous build (decide() compared them) write to the same places.
            pending.dests = self.previous.dests
        bodies = decision.bodies
        for file in files:
            if self._fresh:
                pending.dests.add(file.abs_dest_path)
            if decision.full:
                if file.generated_by is not None or file.is_documentation_page():
                    file.is_modified = _yes
            elif file.generated_by is not None or file.is_documentation_page():
                file.is_modified = _yes if file.src_uri in bodies or file.src_uri in decision.pages else _no
        if self.previous is not None and self._fresh:
            _delete(self.previous.dests - pending.dests, site_dir)

    def remember(self, pages: Iterable[Any]) -> None:
        """After the pages are read: the navigation's titles, for builds that do not read those pages again."""
        for page in pages:
            if page.markdown is not None:
                self.titles[page.file.src_uri] = (page.title, page.meta)

    def restore(self, pages: Iterable[Any]) -> None:
        """Before the pages are read: the titles of navigation pages this build does not read again."""
        for page in pages:
            if not page.file.is_modified() and page.file.src_uri in self.titles:
                page.title, page.meta = self.titles[page.file.src_uri]

    def built(self, plan: Any) -> None:
        """The build wrote every page it had to: the next one compares with it.

        After a full build, ``plan`` compiles its templates here (they were rendered in another process). After a
        build with a new model and plan, the previous ones are garbage: ``SETTLE`` seconds later (a full
        collection holds the interpreter for seconds at 10,000 artefacts: the browser shows the page first),
        they are collected and what the build keeps is set aside from the garbage collector, which would
        otherwise walk the model and the plan (millions of objects) over and over in every rebuild. A build
        that starts sooner collects first (``settle``). Until then the collector stays off (``begin``).
        """
        if self._pending is None:
            gc.enable()
            return
        self.previous, self._pending = self._pending, None
        if self._full:
            plan.warm()
        if not self._fresh:
            gc.enable()
            return
        self._uncollected = True
        self._later = threading.Timer(SETTLE, self._collect)
        self._later.daemon = True
        self._later.start()

    def _collect(self) -> None:
        with self._collecting:
            if self._uncollected:
                gc.collect()
                gc.freeze()
                gc.enable()
                self._uncollected = False  # last: ``collecting`` says when all of it is done

    def begin(self) -> None:
        """A build starts: the collection after the last build runs first (``settle``). A rebuild then runs
        without the cyclic collector: its passes would walk the new model, the plan and the previous ones
        (millions of objects, seconds at 10,000 artefacts); the garbage waits for the collection after it."""
        self.settle()
        if self.previous is not None:
            gc.disable()

    @property
    def collecting(self) -> bool:
        """Whether the collection after the last build is still to run."""
        return self._uncollected

    def settle(self) -> None:
        """A build starts, or ``serve`` ends: the collection after the last build, if it has not run, runs now."""
        later, self._later = self._later, None
        if later is not None:
            later.cancel()
            self._collect()
            later.join()

    def stop(self) -> None:
        """``serve`` ends: the garbage collector may walk everything again."""
        self.settle()
        gc.enable()
        gc.unfreeze()

    def failed(self) -> None:
        """The build stopped part way: the next one builds every page (and still deletes what is gone)."""
        gc.enable()
        pending, self._pending = self._pending, None
        if self.previous is not None:
            self.previous.key = ("failed",)
            self.previous.dests |= pending.dests if pending is not None else set()


class QuietDirty(logging.Filter):
    """Drops MkDocs' warning that a dirty build makes navigation and links inaccurate: here it does not."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once for all ``serve`` rebuilds (each build makes a new Jinja environment).

    Jinja keys each entry by template name and a checksum of its source: an edited template compiles again.
    """

    def __init__(self) -> None:
        self.codes: dict[tuple[str, str], Any] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.codes.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.codes[(bucket.key, bucket.checksum)] = bucket.code


#: File systems whose changes reach the kernel's notifications (inotify): local disks, a container's own layers.
#: Network mounts, a virtual machine's shared folders (Docker Desktop, WSL's drives) do not: MkDocs polls those.
_LOCAL_FILE_SYSTEMS = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "overlay", "zfs", "f2fs", "bcachefs"})


def _file_system(path: str) -> str | None:
    """The type of the file system ``path`` lies on (Linux), from the mount nearest to it."""
    real, best, kind = os.path.realpath(path), "", None
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as table:
            for line in table:
                left, _, right = line.partition(" - ")
                fields = left.split()
                if len(fields) < 5 or not right:
                    continue
                mount = fields[4].replace("\\040", " ")
                inside = real == mount or real.startswith(mount.rstrip("/") + "/")
                if inside and len(mount) >= len(best):
                    best, kind = mount, right.split()[0]
    except OSError:
        return None
    return kind


def _linked_folder(path: str) -> bool:
    """Whether a folder under ``path`` is a symbolic link: inotify does not see into it, MkDocs' polling does."""
    # os.walk lists a link to a folder among the folders, and does not go into it
    return any(os.path.islink(os.path.join(top, name)) for top, folders, _ in os.walk(path) for name in folders)


def watch_natively(server: Any, docs_dir: str | None = None) -> bool:
    """Have ``mkdocs serve`` learn of a save from the kernel (inotify) instead of polling every file twice a second.

    MkDocs polls, so that it also sees edits on network and virtual-machine mounts; at 10,000 files each
    poll takes a fifth of a second of the process, beside the rebuild, and a save waits up to half a second
    to be seen. Only on Linux, and only when every watched path is on a local file system and, besides
    ``docs_dir``, holds no symbolic link to a folder; otherwise (or when inotify cannot watch them all)
    MkDocs' polling stays.
    """
    watched = dict(getattr(server, "_watched_paths", None) or {})
    if sys.platform != "linux" or not watched or not hasattr(server, "observer"):
        return False
    if any(_file_system(path) not in _LOCAL_FILE_SYSTEMS for path in watched):
        return False
    # The commons refuses linked files and folders in ``docs_dir`` (``load.survey``): nothing there to watch into.
    if any(_linked_folder(path) for path in watched if path != docs_dir):
        return False
    try:
        from watchdog.events import FileSystemEventHandler

        probe = _changes_observer()()  # fails here, not once serving, when the system allows too few watches
        for path in watched:
            probe.schedule(FileSystemEventHandler(), path, recursive=True)
        probe.start()
        probe.stop()
        probe.join()
    except Exception:  # noqa: BLE001 - any failure keeps MkDocs' own watcher
        return False
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = _changes_observer()()
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)
    return True


@functools.cache  # one class, for the probe and the observer
def _changes_observer() -> type:
    """An inotify observer that reports what changes the files, as MkDocs' polling does, and nothing else.

    Unfiltered, inotify also reports a file being opened and read: the rebuild reading the saved file would
    ask for another rebuild. MkDocs rebuilds on file events only: a folder moved or deleted as a whole
    (one event for the folder) is passed on as a change of the folder's path.
    """
    from watchdog import events as e
    from watchdog.observers.inotify import InotifyObserver

    changes = [e.FileCreatedEvent, e.FileDeletedEvent, e.FileModifiedEvent, e.FileMovedEvent, e.FileClosedEvent,
               e.DirCreatedEvent, e.DirDeletedEvent, e.DirMovedEvent]  # fmt: skip

    class Folders(e.FileSystemEventHandler):
        def __init__(self, inner: e.FileSystemEventHandler) -> None:
            self.inner = inner

        def dispatch(self, event: e.FileSystemEvent) -> None:
            if event.is_directory and event.event_type in (e.EVENT_TYPE_MOVED, e.EVENT_TYPE_DELETED):
                event = e.FileModifiedEvent(event.src_path)
            self.inner.dispatch(event)

    class Changes(InotifyObserver):
        def schedule(self, handler: Any, path: Any, *, recursive: bool = False, event_filter: Any = None,
                     follow_symlink: bool = False) -> Any:  # fmt: skip
            return super().schedule(Folders(handler), path, recursive=recursive, follow_symlink=follow_symlink,
                                    event_filter=changes if event_filter is None else event_filter)  # fmt: skip

    return Changes


def _yes() -> bool:
    return True


def _no() -> bool:
    return False


def _delete(paths: Iterable[str], site_dir: str) -> None:
    """Delete outputs of files that are gone, inside the served ``site_dir`` only, and folders left empty."""
    root = os.path.realpath(site_dir)
    folders = set()
    for path in paths:
        real = os.path.realpath(path)
        if os.path.commonpath([root, real]) != root or real == root or not os.path.isfile(real):
            continue
        os.remove(real)
        folders.add(os.path.dirname(real))
    for folder in sorted(folders, key=len, reverse=True):
        while folder != root and os.path.commonpath([root, folder]) == root:
            try:
                os.rmdir(folder)  # only when empty
            except OSError:
                break
            folder = os.path.dirname(folder)


__all__ = ["CompiledTemplates", "Decision", "QuietDirty", "Rebuild", "watch_natively"]
