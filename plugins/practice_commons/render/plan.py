"""Build the site plan: every page, every asset, by path.

Each page is a Jinja template (packaged under ``templates/``, overridable from
the site's ``overrides`` folder) rendered to HTML around the contributor's own
Markdown. Keeping the generated parts as HTML spares MkDocs a Markdown pass
over thousands of generated links, which would otherwise dominate the build;
the contributor's text stays Markdown. Work per page is bounded by what the
page shows, never by the size of the commons: listings are computed once here,
and long lists are capped or split into pages.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import secrets
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from types import MethodType
from typing import Any, NamedTuple

import jinja2
from markupsafe import Markup, escape

from .. import model as m
from .. import reads
from ..analyse.health import FACTORS, STATUSES, health
from ..analyse.network import Network, analyse
from ..analyse.network import key as node_key
from ..analyse.value import reach, reached, value_table
from ..expertise import expertise_by_topic, member_expertise
from ..heap import collector_paused
from ..links import ENTITY_KINDS, link_entities
from ..links import split_heading as _split_heading
from ..load import Record
from ..parallel import Ahead, split_map
from ..topics import topic_key
from ..urls import safe_url
from ..vocabulary import ARTEFACT_TYPES, ROLES, ValueTable
from . import api, calendars, embeds, feeds, indexes, paths, redirects, wayfinding
from .contribute import ContributeLinks, Repository
from .export import Export, generation_time, normalise_site_url
from .glossary import Glossary
from .graph_export import graph_json
from .i18n import Labels
from .network import NetworkPictures, community_tie_words
from .people import FIND_INDEX, find_index, people_globals
from .sanitise import Sanitiser, escape_meta, markdown_text, text
from .sections import mark_sections
from .words import Words

#: How many items an entity page lists before it says "and N more".
PAGE_LIST_LIMIT = 30
#: How many people of each level a topic shows on /experts/ before linking to the topic's page.
EXPERTS_PER_LEVEL = 2
#: How many topics the practice library names (those with most practice); the others are in who knows what.
LIBRARY_TOPICS = 100
#: How many artefacts "recently added / updated" show.
RECENT = 15
ASSETS = ("assets/commons/commons.css", "assets/commons/commons.js")
#: The relationship graph for other tools (node-link JSON; see ``render.graph_export``).
GRAPH_EXPORT = "api/graph.json"
#: Where a template puts the contributor's Markdown; random, so that no field can write it.
BODY = f"\x00body-{secrets.token_hex(16)}\x00"
#: Stands for the relative way back to the site root in links, until a page is rendered.
_ROOT = "\x01"

_H1 = re.compile(r"\A\s*#\s+(.+?)\s*#*\s*(?:\n|\Z)")
_HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>')


class Page:
    """One page: front matter, and generated HTML around the contributor's Markdown.

    The HTML is rendered when first asked for (or ahead, in a second process,
    see ``SitePlan.render_ahead``); front matter and body are known at once.
    """

    def __init__(self, plan: SitePlan, path: str, template: str, meta: dict[str, Any], body: str,
                 values: dict[str, Any]) -> None:  # fmt: skip
        self.plan, self.path, self.template, self.meta, self.body, self.values = (
            plan,
            path,
            template,
            meta,
            body,
            values,
        )

    @property
    def before(self) -> str:
        return self.plan.html(self)[0]

    @property
    def after(self) -> str:
        return self.plan.html(self)[1]

    @property
    def headings_before(self) -> list[tuple[int, str, str]]:
        """(level, id, inner HTML) of the generated headings above the contributor's text."""
        return self.plan.packed(self).headings_before

    @property
    def headings_after(self) -> list[tuple[int, str, str]]:
        return self.plan.packed(self).headings_after

    @property
    def front_matter(self) -> str:
        return front_matter(self.meta)

    @property
    def markdown(self) -> str:
        """The page as one Markdown file, raw HTML blocks included, for any engine.

        That engine cleans nothing: front matter is written escaped (themes print it as
        HTML) and the contributor's Markdown neutralised (``sanitise.markdown_text``).
        """
        body = markdown_text(self.plan.sanitiser, self.body)
        parts = [part.strip() for part in (self.before, body, self.after) if part.strip()]
        return front_matter(escape_meta(self.meta)) + "\n\n".join(parts) + "\n"

    @property
    def source(self) -> str:
        """Front matter and contributor Markdown only: what MkDocs converts when the plugin runs."""
        return self.front_matter + self.body.strip() + "\n"


def _enriched(page: Page) -> bool:
    """An artefact's conventional sections are marked in its converted text, after its generated headings."""
    return page.template == "artefact.html"


def _headings(html: str) -> list[tuple[int, str, str]]:
    return [(int(level), ident, inner) for level, ident, inner in _HEADING.findall(html)]


class _Packed(NamedTuple):
    """A page's generated HTML, compressed, from its rendering to its writing, and its headings.

    MkDocs converts every page before it writes any, so the generated HTML of the whole site waits
    in memory between the two (30 MB of text at 2,000 artefacts); compressed, a fifth of that.
    """

    cut: int  # where the HTML above the body ends, in characters
    html: bytes  # above + below, UTF-8, zlib
    headings_before: list[tuple[int, str, str]]
    headings_after: list[tuple[int, str, str]]
    #: the entities its render read (``reads``), in ``serve``; None: not recorded
    reads: bytes | None = None

    @classmethod
    def of(cls, before: str, after: str, read: bytes | None = None) -> _Packed:
        return cls(len(before), zlib.compress((before + after).encode(), 1), _headings(before), _headings(after), read)

    def unpack(self) -> tuple[str, str]:
        both = zlib.decompress(self.html).decode()
        return both[: self.cut], both[self.cut :]


def front_matter(meta: Mapping[str, Any]) -> str:
    """``meta`` as front matter that MkDocs, or any engine, reads back as it is.

    JSON keys and values are YAML flow values: one dumps call each instead of a
    YAML emitter, and no key or value can end the block early.
    """
    dump = functools.partial(json.dumps, ensure_ascii=False, default=str)
    lines = [f"{dump(str(key))}: {dump(value)}" for key, value in meta.items()] or ["{}"]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


class SitePlan:
    """Every page of the site by source path, the assets by path, and the navigation."""

    def __init__(self, renderer: _Renderer, sanitiser: Sanitiser) -> None:
        #: cleans each page's converted Markdown (see ``render.sanitise``)
        self.sanitiser = sanitiser
        self.pages: dict[str, Page] = {}
        #: path -> bytes of the packaged assets the pages use
        self.assets: dict[str, bytes] = {}
        #: navigation: (label, source path) of the index pages, in order
        self.nav: list[tuple[str, str]] = []
        #: what the build should tell the site's owner (exports left out...), never a failure
        self.notices: list[str] = []
        #: page path -> (MIME type, title, file path) of its feeds and calendars, for ``<link rel="alternate">``
        self.alternates: dict[str, list[tuple[str, str, str]]] = {}
        #: page path -> the embeddable version of that page (``render.embeds``)
        self.embeds: dict[str, str] = {}
        #: page path -> the navigation's index page it belongs under (``render.wayfinding``)
        self.sections: dict[str, str] = {}
        self._renderer = renderer
        self._html: dict[str, _Packed] = {}
        #: page path -> the entities its generated HTML read (``reads``; ``serve`` only), kept once written
        self.reads: dict[str, bytes | None] = {}
        self._world: tuple | None = None
        #: the last page's HTML unpacked: MkDocs asks for one page's parts several times in a row
        self._last: tuple[str, tuple[str, str]] | None = None
        self._ahead: Ahead | None = None
        #: explains glossary terms in the contributors' text (``render.glossary``)
        self.glossary: Glossary | None = None

    def add(self, path: str, template: str, meta: dict[str, Any], body: str = "", **values: Any) -> None:
        self.pages[path] = Page(self, path, template, meta, body, values)

    def html(self, page: Page) -> tuple[str, str]:
        """The generated HTML (above, below the body) of ``page``."""
        if self._last is not None and self._last[0] == page.path:
            return self._last[1]
        done = self.packed(page).unpack()
        self._last = (page.path, done)
        return done

    def packed(self, page: Page) -> _Packed:
        """``page``'s generated HTML as kept until it is written, rendered (or received) when first asked for."""
        done = self._html.get(page.path)
        if done is None:
            if self._ahead is not None:
                self._keep(self._ahead.until(page.path))
            done = self._html.get(page.path)
            if done is None:
                done = self._render(page)
                self._keep({page.path: done})
        return done

    def _keep(self, done: Mapping[str, _Packed]) -> None:
        self._html.update(done)
        if self._renderer.track:
            self.reads.update((path, packed.reads) for path, packed in done.items())

    def _render(self, page: Page) -> _Packed:
        if not self._renderer.track:
            return _Packed.of(*self._renderer.render(page))
        with reads.recording() as read:
            before, after = self._renderer.render(page)
        return _Packed.of(before, after, reads.pack(read))

    def enrich(self, html: str, path: str) -> str:
        """The contributor's converted and cleaned text as page ``path`` shows it.

        Glossary terms are explained on every page; an artefact's conventional sections are marked
        and a long one gets its menu (``render.sections``).
        """
        page = self.pages.get(path)
        if page is not None and _enriched(page):
            later = [(ident, text(inner)) for level, ident, inner in page.headings_after if level == 2]
            html = mark_sections(html, later, self._renderer.labels("on_this_page"))
        return self.glossary.explain(html, path) if self.glossary is not None else html

    def fingerprint(self, path: str, *more: Any) -> tuple[int, int]:
        """What the page built from ``path`` is written from, summed up: equal when its output would be the same.

        Its template, front matter, text, feeds and calendars, section, embed, and ``more`` (what the caller
        adds: its problem box), then its generated HTML. For ``serve``'s rebuilds (``rebuild.Rebuild.differs``).
        """
        packed = self.packed(self.pages[path])
        return self.outside(path, *more), hash((packed.cut, packed.html))

    def outside(self, path: str, *more: Any) -> int:
        """The first half of ``fingerprint``: everything but the generated HTML."""
        page = self.pages[path]
        around = (repr(self.alternates.get(path)), self.sections.get(path), self.embeds.get(path))
        return hash((page.template, repr(page.meta), page.body, around, more))

    def done(self, path: str) -> None:
        """Forget the generated HTML of the page built from ``path``, once it is written."""
        self._html.pop(path, None)
        if self._last is not None and self._last[0] == path:
            self._last = None

    def warm(self) -> None:
        """Compile every page template in this process: ``serve`` then rebuilds a page without compiling any."""
        env = self._renderer.env
        for name in env.list_templates(extensions=["html"]):
            env.get_template(name)
        self._renderer.macros  # noqa: B018 (a cached property)

    def rebody(self, path: str, body: str) -> None:
        """``mkdocs serve``: the entity page ``path`` shows ``body``, its file's new text, as ``build_site_plan`` would.

        The generated HTML stays: no template shows an entity's body (``rebuild`` decides when this holds).
        """
        self.pages[path].body = link_entities(_split_heading(body), path, self._renderer.commons)

    def fragment(self, template: str, page: str, **values: Any) -> str:
        """``template`` rendered for the page built from ``page`` (its links relative to that page)."""
        html = self._renderer.env.get_template(template).render(page=page, **values)
        return html.replace(_ROOT, paths.up(page, self._renderer.directory_urls))

    def render_all(self, only: Iterable[str] | None = None) -> None:
        """Render every page (or those of ``only``) now, on both cores when there are many."""
        todo = [self.pages[path] for path in (self.pages if only is None else only) if path not in self._html]
        self._keep(dict(zip((p.path for p in todo), split_map(self._render, todo), strict=True)))

    @property
    def commons(self) -> m.Commons:
        return self._renderer.commons

    @property
    def network(self) -> Network:
        return self._renderer.network

    @property
    def track(self) -> bool:
        return self._renderer.track

    def inputs(self, path: str) -> tuple:
        """What the page's generated HTML is rendered from, besides the ``world`` and the entities it reads."""
        page = self.pages[path]
        return page.template, page.values, self._renderer.crumbs.get(path)

    def carry(self, old: SitePlan, path: str) -> None:
        """``serve``: the page of ``path`` renders as in ``old`` (``rebuild``): so does what its render read."""
        self.reads[path] = old.reads.get(path)

    def world(self) -> tuple:
        """What any page's generated HTML may read beyond its template, its values and the entities it reads.

        Two plans with the same world render a page with the same template and values the same, unless an
        entity it read changed (``rebuild.Rebuild.may_differ``). The relationship graph's labels of members,
        artefacts and events are left out (``Graph.structure``): a page that shows one records it (``reads.touch``).
        The day the commons is read on is in it: templates read ``today`` (an overdue review, upcoming events).
        """
        if self._world is None:
            r, c = self._renderer, self._renderer.commons
            kinds = tuple(tuple(getattr(c, plural)) for plural in (*ENTITY_KINDS.values(), "topics"))
            self._world = (r.network.graph.structure(), kinds, tuple(r.topic_slug.items()), self.alternates,
                           self.embeds, r.env.globals["today"])  # fmt: skip
        return self._world

    def render_ahead(self, order: list[str]) -> None:
        """Start rendering, in a second process, the pages in the order they will be asked for.

        ``order`` is the order MkDocs reads the pages in. An artefact page's generated HTML is asked for as
        MkDocs reads it (``enrich``), every other page's only once all are read: artefact pages go first.
        The caller takes what has arrived as it reads (``pump``).
        """
        todo = [(path, self.pages[path]) for path in order if path in self.pages and path not in self._html]
        todo.sort(key=lambda item: not _enriched(item[1]))  # stable: MkDocs' order within each
        if Ahead.worth_it(len(todo)):
            self._ahead = Ahead(self._render, todo)

    def pump(self) -> None:
        """Take the pages the second process has rendered so far, without waiting for any."""
        if self._ahead is not None:
            self._keep(self._ahead.ready())

    def ordinary_markdown(self, meta: Mapping[str, Any], body: str) -> str:
        """An ordinary page (one the plan does not generate) made safe for an engine that cleans nothing."""
        heading = _H1.match(body)
        if "title" not in meta and heading:
            # MkDocs un-escapes a title it takes from the first heading, and the theme prints it as HTML.
            meta = {**meta, "title": heading.group(1)}
        return front_matter(escape_meta(dict(meta))) + markdown_text(self.sanitiser, body)

    def head(self, path: str, directory_urls: bool = True) -> str:
        """``<link rel="alternate">`` to the feeds and calendars of the page built from ``path``, for its ``<head>``."""
        up = paths.up(path, directory_urls)
        return "".join(
            f'<link rel="alternate" type="{kind}" title="{escape(title)}" href="{escape(up + target)}">'
            for kind, title, target in self.alternates.get(path, ())
        )

    def close(self) -> None:
        if self._ahead is not None:
            self._ahead.close()
            self._ahead = None

    def settle(self) -> None:
        """Every page's generated HTML in this process from now on: what the renderer's process has left is received,
        and it ends (a fork made after this one gets the pages whole)."""
        if self._ahead is not None:
            self._keep(self._ahead.until(""))  # "" is no page's path: everything, to the end
            self.close()


def _safe_url(url: Any) -> str:
    """A front-matter URL for an ``href``: validation refuses other schemes; this keeps a page safe regardless."""
    return str(url) if url and safe_url(str(url)) else "#"


def _sort_date(value: dt.date | dt.datetime | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    return value or dt.date.min


#: Per type of callable: whether its ``__call__`` is marked to receive Jinja's context (``jinja2.pass_context``).
_CALL_MARKED: dict[type, bool] = {}


class _Context(jinja2.runtime.Context):
    """Jinja's context, which calls a callable the templates use as Jinja would, only sooner.

    Jinja looks for ``pass_context`` marks on the callable and its ``__call__`` at every call a template makes
    (``t(...)``, ``link(...)``, macros: 250,000 calls at 2,000 artefacts); here the ``__call__`` is looked at
    once per type. Anything marked goes Jinja's own way.
    """

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # Jinja's own signature
        kind = type(__obj)
        marked = _CALL_MARKED.get(kind)
        if marked is None:
            marked = _CALL_MARKED[kind] = hasattr(getattr(kind, "__call__", None), "jinja_pass_arg")  # noqa: B004
        # A bound method answers for its function, but only after raising (and dropping) an AttributeError:
        # asked of the function directly, the same answer costs a tenth (``link``, ``href``, ``pictures.member``).
        if marked or hasattr(__obj.__func__ if kind is MethodType else __obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


try:  # MarkupSafe 3: ``escape`` is Python around this C core
    from markupsafe import _escape_inner
except ImportError:  # MarkupSafe 2: ``escape`` is C already, nothing to gain
    _escape_inner = None

#: ``Markup(text)`` for a ``str``, in C: ``Markup.__new__`` first asks each text for an ``__html__`` it cannot have.
_markup = functools.partial(str.__new__, Markup)
_NOTHING = Markup("")


def _escape(value: Any) -> Markup:
    """``markupsafe.escape``, its common cases (a ``str``, a ``Markup``, nothing) in one step: our templates print
    200,000 values at 2,000 artefacts, each escaped, and MarkupSafe's own path is a fifth of rendering a page."""
    kind = type(value)
    if kind is str:
        return _markup(_escape_inner(value))
    if kind is Markup:
        return value
    if kind is jinja2.Undefined:  # ``{{ ", " if not loop.last }}`` on the last: Jinja's own, always ""
        return _NOTHING
    return escape(value)


class _Template(jinja2.Template):
    """A template whose printed values go through ``_escape``."""

    @classmethod
    def from_code(cls, environment: jinja2.Environment, code: Any, globals: Any, uptodate: Any = None) -> Any:  # noqa: A002 - Jinja's own signature
        template = super().from_code(environment, code, globals, uptodate)
        if _escape_inner is not None:
            # The compiled module's namespace, which its blocks and macros share: autoescape calls its ``escape``.
            template.root_render_func.__globals__["escape"] = _escape
        return template


class _Environment(jinja2.Environment):
    """Jinja's environment, whose templates share its globals dict.

    Every render copies its template's globals into a new context; Jinja keeps them in a ``ChainMap`` (the
    template's own, then the environment's), whose copy of our ~45 names runs in Python: ~50 µs a render,
    a tenth of an artefact page. A dict copies in C. No template here has globals of its own.
    """

    context_class = _Context
    template_class = _Template

    def make_globals(self, d: Mapping[str, Any] | None) -> Any:
        return self.globals if not d else super().make_globals(d)


class _Renderer:
    def __init__(self, commons: m.Commons, labels: Labels, today: dt.date, overrides: Path | None,
                 directory_urls: bool, sanitiser: Sanitiser, network: Network,
                 values: ValueTable | None = None, track: bool = False,
                 compiled: jinja2.BytecodeCache | None = None) -> None:  # fmt: skip
        self.commons = commons
        #: record what each render reads (``reads``): ``serve`` compares plans with it
        self.track = track
        if track:
            reads.number(e.path for plural in ENTITY_KINDS.values() for e in getattr(commons, plural).values())
        self.network = network
        self.labels = labels
        self.directory_urls = directory_urls
        self.values = values or ValueTable()
        words = Words(labels, self.values, self.link)
        loaders: list[jinja2.BaseLoader] = []
        if overrides and overrides.is_dir():
            loaders.append(jinja2.FileSystemLoader(str(overrides)))
        loaders.append(jinja2.PackageLoader("practice_commons", "templates"))
        self.env = _Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            auto_reload=False,  # a new environment each build: no template changes under it to look for
            bytecode_cache=compiled,
        )
        self.topic_slug = paths.topic_slugs(list(commons.topics))
        self.urls = functools.lru_cache(maxsize=None)(lambda path: paths.url(path, directory_urls))
        self._links = functools.lru_cache(maxsize=None)(self._link)
        self.env.filters.update(date=labels.date, prose=sanitiser.prose, url=_safe_url, slug=paths.slugify,
                                when=words.when)  # fmt: skip
        self.env.filters["sentence"] = indexes.first_sentence
        #: page path -> its breadcrumb trail, drawn above the page (``render.wayfinding``)
        self.crumbs: dict[str, list[wayfinding.Crumb]] = {}
        self.env.globals["all_practice_href"] = lambda number=1: self.href(paths.practice_all(number))
        self.pictures = NetworkPictures(network, labels, self.href, self.unit_href)
        self.env.globals.update(
            t=labels, link=self.link, href=self.href, today=today, ROLES=ROLES, TYPES=ARTEFACT_TYPES,
            index=paths.INDEX_PAGES, limit=PAGE_LIST_LIMIT, topic_href=self.topic_href,
            practice_href=self.practice_href, type_href=self.type_href, BODY=Markup(BODY),
            people=self._memo("people"), artefact_item=self._memo("artefact_item"), event_item=self._memo("event_item"),
            pictures=self.pictures, community_ties=self.community_ties, unit_href=self.unit_href,
            absent_units=lambda c: network.absent_units.get(node_key(c), ()),
            value_label=words.value_label, say=words.say, ends=words.ends, FACTORS=FACTORS, STATUSES=STATUSES,
        )  # fmt: skip
        self.env.globals.update(profile_card=self._memo("profile_card"), person_line=self._memo("person_line"),
                                artefact_person=self._memo("artefact_person"),
                                **people_globals(labels))  # fmt: skip

    # -- links ---------------------------------------------------------------------
    # Links are written with a placeholder for the way back to the site root,
    # which ``render`` replaces once per page: a link, and a fragment of links,
    # then reads the same on every page and is built once (see ``_memo``).

    def href(self, target: str) -> str:
        return _ROOT + self.urls(target)

    def link(self, entity: m.Entity | None, text: str | None = None) -> Markup:
        if entity is None:
            return Markup("")
        if text is None:
            reads.touch((entity.path,))  # a kept link reads its title
            return self._links(entity)
        return Markup(f'<a href="{_ROOT}{self.urls(entity.path)}">{escape(text)}</a>')

    def _link(self, entity: m.Entity) -> Markup:
        return Markup(f'<a href="{_ROOT}{self.urls(entity.path)}">{escape(entity.title)}</a>')

    def unit_href(self, unit: str) -> str:
        return self.href(paths.INDEX_PAGES["units"]) + "#unit-" + paths.slugify(unit or "none")

    def entity(self, node: str) -> m.Entity:
        """The entity behind a node of the relationship graph."""
        kind, ident = node.split(":", 1)
        return getattr(self.commons, {"community": "communities", "member": "members"}.get(kind, kind + "s"))[ident]

    def community_ties(self, community: m.Community, limit: int = 8) -> list[tuple[m.Community, str]]:
        """The communities most linked to ``community``, each with why ('4 shared members · 3 shared topics')."""
        ties = self.network.ties_of(node_key(community))[:limit]
        return [(self.entity(tie.other(node_key(community))), community_tie_words(self.labels, tie)) for tie in ties]

    def topic_href(self, topic: str) -> str:
        return self.href(paths.topic_page(self.topic_slug[topic]))

    def practice_href(self, community: m.Community) -> str:
        return self.href(paths.practice_of(community))

    def type_href(self, kind: str) -> str:
        return self.href(paths.practice_type(kind))

    def _memo(self, name: str) -> Any:
        """A macro of ``_macros.html`` whose output is kept for the same arguments.

        With ``track``, what its render read is kept too, and recorded again each time the output is used.
        """
        cache: dict[Any, tuple[Markup, frozenset[str]]] = {}

        def render(args: tuple, kwargs: dict[str, Any]) -> tuple[Markup, frozenset[str]]:
            if not self.track:
                return Markup(getattr(self.macros, name)(*args, **kwargs)), frozenset()
            with reads.recording() as got:
                return Markup(getattr(self.macros, name)(*args, **kwargs)), frozenset(got)

        def call(*args: Any, **kwargs: Any) -> Markup:
            try:
                key = (args, tuple(sorted(kwargs.items())))
                value, read = cache[key]
            except KeyError:
                value, _ = cache[key] = render(args, kwargs)
                return value
            except TypeError:  # unhashable arguments: render every time
                return render(args, kwargs)[0]
            if read:
                reads.touch(read)
            return value

        return call

    @functools.cached_property
    def macros(self) -> Any:
        return self.env.get_template("_macros.html").module

    def render(self, page: Page) -> tuple[str, str]:
        """The HTML above and below the contributor's text on ``page``."""
        html = self.env.get_template(page.template).render(page=page.path, **page.values)
        trail = self.crumbs.get(page.path)
        if trail:
            html = self.env.get_template("_breadcrumb.html").render(trail=trail) + "\n\n" + html
        html = html.replace(_ROOT, paths.up(page.path, self.directory_urls))
        before, found, after = html.partition(BODY)
        if not found:  # a template override without the body slot must not lose the contributor's text
            before, after = html, ""
        after = after.strip()
        if after:
            # Cross-links below the text are navigation: searching for a person should
            # find their page, not every page that lists them.
            after = f'<div class="commons-links" data-search-exclude>\n{after}\n</div>'
        return before.strip(), after


def _network_values(net: Network, r: _Renderer) -> dict[str, Any]:
    """The insights of the network page, as entities the templates link to."""
    e = r.entity
    return {
        "connectors": [(e(c.member), [e(x) for x in c.communities]) for c in net.connectors],
        "isolated": [e(x) for x in net.isolated],
        "single_experts": [(s.topic, e(s.expert), [e(x) for x in s.practitioners], s.artefacts)
                           for s in net.single_experts],
        "one_author": [(e(o.community), e(o.member), o.authored, o.total) for o in net.one_author],
        "lone_coordinators": [(e(lc.community), [e(x) for x in lc.coordinators]) for lc in net.lone_coordinators],
        "unit_ties": list(net.unit_ties.items())[:15],
        "core": [(e(sig.community), [e(x) for x in sig.quiet_core], [e(x) for x in sig.emerging]) for sig in net.core],
        "member_count": len(net.graph.of_kind("member")),
    }  # fmt: skip


def _initial(name: str) -> str:
    """The letter a name files under in the A–Z directory ("Émile" under E); "#" for a name without one."""
    first = unicodedata.normalize("NFKD", name.strip()[:1]).encode("ascii", "ignore").decode().upper()
    return first if first.isalpha() else "#"


def _people_pages(people: list[m.Member], t: Labels, index: Any, href: Any) -> None:
    """The A–Z directory in pages of ``paths.PEOPLE_PAGE_SIZE``: each page the same size whatever the commons'.

    Every page shows the letters, each linked to the row where it starts, on whichever page that is.
    """
    size, count = paths.PEOPLE_PAGE_SIZE, paths.people_pages(len(people))
    letters: dict[str, tuple[str, int]] = {}  # letter -> (anchor, page)
    starts: dict[str, str] = {}  # member id -> the anchor of the letter its row starts
    for position, x in enumerate(people):
        letter = _initial(x.spec.name)
        if letter not in letters:
            letters[letter] = ("letter-" + (letter.lower() if letter != "#" else "other"), position // size + 1)
            starts[x.id] = letters[letter][0]

    def page_href(number: int) -> str:
        return href(paths.people_page(number))

    for number in range(1, count + 1):
        rows = people[(number - 1) * size : number * size]
        title = t("directory") if number == 1 else t("directory_page", page=number, pages=count)
        index(paths.people_page(number), "people.html", title, people=rows, number=number, pages=count,
              numbers=indexes.pager(number, count), letters=letters, starts=starts, page_href=page_href)  # fmt: skip


def _experts_pages(expertise: Mapping[str, Any], t: Labels, index: Any, href: Any) -> None:
    """Who knows what in pages of ``paths.EXPERTS_PAGE_SIZE`` topics: each page the same size whatever the commons'."""
    topics = list(expertise.items())
    every = indexes.pages_of(topics, paths.EXPERTS_PAGE_SIZE)

    def page_href(number: int) -> str:
        return href(paths.experts_page(number))

    for number, rows in enumerate(every, start=1):
        title = t("experts") if number == 1 else t("experts_page", page=number, pages=len(every))
        index(paths.experts_page(number), "experts.html", title, searchable=True, expertise=dict(rows),
              per_level=EXPERTS_PER_LEVEL, number=number, numbers=indexes.pager(number, len(every)),
              page_href=page_href)  # fmt: skip


def _paged(index: Any, t: Labels, href: Any, first: str, template: str, title: str, rows: list[Any], intro: str,
           **values: Any) -> tuple[str, str, int]:  # fmt: skip
    """An index of ``rows`` in pages of ``paths.INDEX_PAGE_SIZE``: page 1 at ``first``, the others after it.

    Each page the same size whatever the commons'; every row on exactly one page. ``intro`` names the label
    that says which rows a page shows, when there are several. Returns (page 1, title, pages) for the trails.
    """
    size = paths.INDEX_PAGE_SIZE
    every = indexes.pages_of(rows, size)

    def page_href(number: int) -> str:
        return href(paths.later_page(first, number))

    for number, part in enumerate(every, start=1):
        name = title if number == 1 else t("index_page", title=title, page=number, pages=len(every))
        start = (number - 1) * size
        shown = t(intro, first=start + 1, last=start + len(part), total=len(rows)) if len(every) > 1 else ""
        index(paths.later_page(first, number), template, name, rows=part, number=number, pages=len(every),
              numbers=indexes.pager(number, len(every)), page_href=page_href, shown=shown,
              pager_label=t("index_pages", title=title), **values)  # fmt: skip
    return first, title, len(every)


@collector_paused()  # see there: the plan is millions of small objects and next to no garbage
def build_site_plan(
    commons: m.Commons,
    *,
    language: str = "en",
    today: dt.date | None = None,
    overrides: Path | None = None,
    pages: Mapping[str, Record] | None = None,
    directory_urls: bool = True,
    external_hosts: tuple[str, ...] = (),
    site_url: str | None = None,
    repository: Repository | None = None,
    values: ValueTable | None = None,
    track: bool = False,
    compiled: jinja2.BytecodeCache | None = None,
    previous: Network | None = None,
) -> SitePlan:
    """Plan every page of the commons; pages render when first read (see ``SitePlan``).

    ``overrides`` is a folder whose templates (same names as the packaged ones)
    and ``locales/<language>.yml`` labels win; ``pages`` (the loader's ordinary
    pages, ``Result.pages``) lets a contributor's own page at a generated path
    (the home page, say) stay, with the generated content after it;
    ``directory_urls`` follows MkDocs' ``use_directory_urls``; ``external_hosts``
    are the hosts pages may load embeds and images from (everything else external
    becomes a link); ``repository`` (where the files live on GitHub) adds the contribution links;
    ``site_url`` (MkDocs' own) makes the absolute links of feeds and calendars; ``track`` records what each
    page's render reads (``reads``: ``serve`` then renders again only what an edit may change); ``compiled``
    keeps the compiled templates from one plan to the next (``serve``), and ``previous`` a previous plan's network
    analysis, reused when the relationship graph's structure is the same (``analyse``).
    """
    today = today or m.build_date()
    t = Labels(language, overrides)
    sanitiser = Sanitiser(external_hosts, t)
    network = analyse(commons, previous)
    r = _Renderer(commons, t, today, overrides, directory_urls, sanitiser, network, values, track, compiled)
    plan = SitePlan(r, sanitiser)
    plan.glossary = Glossary(commons.terms.values(), sanitiser, r.urls, lambda page: paths.up(page, directory_urls))
    # A glossary term and the topic of the same name (or alias) link to each other, as topics match each other.
    topic_by_key = {topic_key(topic): topic for topic in commons.topics}
    term_topics = {term.id: list(dict.fromkeys(topic_by_key[key] for name in (term.spec.term, *term.spec.aliases)
                                               if (key := topic_key(name)) in topic_by_key))
                   for term in commons.terms.values()}  # fmt: skip
    topic_terms: dict[str, list[m.Term]] = defaultdict(list)
    for term in commons.terms.values():
        for topic in term_topics[term.id]:
            topic_terms[topic].append(term)
    r.env.globals.update(term_topics=lambda term: term_topics.get(term.id, []),
                         topic_terms=lambda topic: topic_terms.get(topic, []))  # fmt: skip
    r.env.globals["subscriptions"] = lambda page: plan.alternates.get(page, ())
    r.env.globals["embed_of"] = lambda page: plan.embeds.get(page)
    r.env.globals["contribute"] = ContributeLinks(repository, commons, today.isoformat()) if repository else None
    expertise = expertise_by_topic(commons)
    checks = {c.id: health(c, today) for c in commons.communities.values()}

    def text(body: str, path: str) -> str:
        """The contributor's Markdown as the page shows it: entity links point at their pages' files."""
        return link_entities(body, path, commons)

    def index(name: str, template: str, title: str, searchable: bool = False, **values: Any) -> None:
        path = paths.INDEX_PAGES.get(name, name)
        own = (pages or {}).get(path)
        meta = {"title": title, **(own.data if own else {})}
        intro = own.body if own else ""
        if not searchable:
            meta.setdefault("search", {"exclude": True})
        intro = text(intro.strip(), path)
        plan.add(path, template, meta, intro, title=title, intro_title=bool(_H1.match(intro)), **values)

    # Entity pages: the contributor's file, enriched around its body; then topic pages.
    for c in commons.communities.values():
        events = sorted(c.events, key=lambda e: _sort_date(e.spec.start))
        upcoming = [e for e in events if e.start_date >= today]
        recent = [e for e in reversed(events) if e.start_date < today]
        by_type = defaultdict(list)
        for a in sorted(c.artefacts, key=lambda a: (_sort_date(a.spec.updated or a.spec.created), a.id), reverse=True):
            by_type[a.spec.type].append(a)
        meta = {"title": c.title, "description": c.spec.domain}
        values = {"community": c, "by_type": by_type, "upcoming": upcoming[:5], "recent": recent[:5],
                  "health": checks[c.id]}  # fmt: skip
        plan.add(c.path, "community.html", meta, text(_split_heading(c.body), c.path), **values)
    for x in commons.members.values():
        profile = x.spec
        meta = {"title": x.title, "description": " · ".join(filter(None, [profile.job_title, profile.unit]))}
        plan.add(x.path, "member.html", meta, text(_split_heading(x.body), x.path), member=x, profile=profile,
                 topics=member_expertise(x))  # fmt: skip
    for a in commons.artefacts.values():
        meta = {"title": a.title, "description": a.spec.summary or a.title}
        plan.add(a.path, "artefact.html", meta, text(_split_heading(a.body), a.path), artefact=a)
    for kind, template, entities in (
        ("event", "event.html", commons.events), ("story", "story.html", commons.stories),
        ("term", "term.html", commons.terms),
    ):  # fmt: skip
        for entity in entities.values():
            body = text(_split_heading(entity.body), entity.path)
            plan.add(entity.path, template, {"title": entity.title}, body, **{kind: entity})
    paged: list[tuple[str, str, int]] = []  # (page 1, its title, pages) of the indexes in pages
    for topic, entry in expertise.items():
        # A topic's practice in pages; its people on page 1 (cards for a bounded few of each level, then names).
        # Later pages stay out of search: page 1 is the topic's answer.
        def add(path: str, template: str, name: str, topic: str = topic, **values: Any) -> None:
            meta = {"title": name} if name == topic else {"title": name, "search": {"exclude": True}}
            plan.add(path, template, meta, title=name, topic=topic, **values)

        practice = sorted(entry.artefacts, key=lambda a: (a.title.casefold(), a.id))
        paged.append(_paged(add, t, r.href, paths.topic_page(r.topic_slug[topic]), "topic.html", topic, practice,
                            "index_page_intro", entry=entry))  # fmt: skip

    # Index pages.
    communities = list(commons.communities.values())
    artefacts = list(commons.artefacts.values())
    index("home", "home.html", t("nav_home"), searchable=True, communities=communities, find_index=FIND_INDEX)
    activity = {c.id: indexes.last_activity(c, today) for c in communities}
    index("communities", "communities.html", t("communities"), communities=communities, activity=activity)
    people = sorted(commons.members.values(), key=lambda x: (_initial(x.spec.name), x.spec.name.casefold(), x.id))
    _people_pages(people, t, index, r.href)
    index("units", "units.html", t("by_unit"), units=indexes.by_unit(people), names=indexes.UNIT_NAMES)
    _experts_pages(expertise, t, index, r.href)
    index("network", "network.html", t("network"), **_network_values(network, r))
    types = Counter(a.spec.type for a in artefacts)
    topic_counts = {topic: len(entry.artefacts) for topic, entry in expertise.items() if entry.artefacts}
    # The library names the topics with most practice; who knows what (in pages) lists every one.
    top = set(sorted(topic_counts, key=lambda topic: (-topic_counts[topic], topic.casefold()))[:LIBRARY_TOPICS])
    more_topics = len(topic_counts) - len(top)
    topic_counts = {topic: count for topic, count in topic_counts.items() if topic in top}
    added = indexes.recent(artefacts, lambda a: a.spec.created, today, RECENT)
    changed = [a for a in artefacts if a.spec.updated and a.spec.updated != a.spec.created]
    updated = indexes.recent(changed, lambda a: a.spec.updated, today, RECENT)
    every = indexes.pages_of(sorted(artefacts, key=lambda a: (a.title.casefold(), a.id)))
    index(
        "practice", "practice.html", t("library"), searchable=True, types=types, communities=communities,
        topic_counts=topic_counts, more_topics=more_topics, added=added, updated=updated, all_count=len(artefacts),
    )  # fmt: skip
    for number, rows in enumerate(every, start=1):
        title = t("all_practice") if number == 1 else t("all_practice_page", page=number, pages=len(every))
        index(paths.practice_all(number), "practice_all.html", title, rows=rows, number=number, pages=len(every),
              numbers=indexes.pager(number, len(every)), size=indexes.PRACTICE_PAGE_SIZE,
              total=len(artefacts))  # fmt: skip
    for c in communities:
        ordered = sorted(c.artefacts, key=lambda a: (ARTEFACT_TYPES.index(a.spec.type), a.title.casefold()))
        paged.append(_paged(index, t, r.href, paths.practice_of(c), "practice_community.html",
                            f"{t('practice')}: {c.title}", ordered, "index_page_intro_types", community=c))  # fmt: skip
    for kind in ARTEFACT_TYPES:
        of_kind = sorted((a for a in artefacts if a.spec.type == kind), key=lambda a: (a.title.casefold(), a.id))
        paged.append(_paged(index, t, r.href, paths.practice_type(kind), "practice_type.html", t("types_" + kind),
                            of_kind, "index_page_intro", kind=kind))  # fmt: skip
    # Upcoming first, soonest first; then past, newest first: what a reader of an events page looks for.
    events = sorted(commons.events.values(), key=lambda e: (_sort_date(e.spec.start), e.id))
    upcoming = [e for e in events if e.start_date >= today]
    past = [e for e in reversed(events) if e.start_date < today]
    paged.append(_paged(index, t, r.href, paths.INDEX_PAGES["events"], "events.html", t("events"), upcoming + past,
                        "events_page_intro"))  # fmt: skip
    furthest = {s.id: reached(s, today) for s in commons.stories.values()}
    paged.append(_paged(index, t, r.href, paths.INDEX_PAGES["stories"], "stories.html", t("stories"),
                        list(commons.stories.values()), "index_page_intro_listed", furthest=furthest))  # fmt: skip
    terms = sorted(commons.terms.values(), key=lambda x: (x.title.casefold(), x.id))
    paged.append(_paged(index, t, r.href, paths.INDEX_PAGES["glossary"], "glossary.html", t("glossary"), terms,
                        "index_page_intro"))  # fmt: skip
    cells = {(cell.value_for, cell.horizon): cell for cell in value_table(commons.stories.values(), r.values)}
    index("value", "value.html", t("value_title"), cells=cells, reaches=[reach(c, today) for c in communities])
    index("health", "health.html", t("health_title"), checks=list(checks.values()))

    for asset in ASSETS:
        plan.assets[asset] = resources.files("practice_commons").joinpath(asset).read_bytes()
    topic_url = lambda topic: r.urls(paths.topic_page(r.topic_slug[topic]))  # noqa: E731
    plan.assets[FIND_INDEX] = find_index(commons, expertise, t, r.urls, topic_url)
    plan.assets[GRAPH_EXPORT] = graph_json(network.graph, lambda path: paths.url(path, directory_urls))
    plan.nav = [
        (t(label), paths.INDEX_PAGES[name])
        for label, name in (
            ("nav_home", "home"), ("nav_communities", "communities"), ("nav_experts", "experts"),
            ("nav_people", "people"), ("nav_network", "network"), ("nav_practice", "practice"),
            ("nav_events", "events"), ("nav_stories", "stories"), ("nav_value", "value"), ("nav_health", "health"),
            ("nav_glossary", "glossary"),
        )
    ]  # fmt: skip
    topic_pages = {topic: paths.topic_page(r.topic_slug[topic]) for topic in expertise}
    r.crumbs = wayfinding.breadcrumbs(commons, t, topic_pages, len(artefacts))
    for first, title, count in paged:
        wayfinding.later_pages(r.crumbs, first, title, count)
    plan.sections = wayfinding.sections(list(plan.pages), [path for _, path in plan.nav])
    x = Export(commons, t, r.env, r.urls, r.topic_slug, expertise, directory_urls, today, generation_time(),
               normalise_site_url(site_url), pages or {})  # fmt: skip
    for export in (redirects, embeds, calendars, feeds, api):  # the API last: its index lists what the others wrote
        export.add(plan, x)
    plan.notices += x.notices
    return plan


__all__ = ["ASSETS", "Page", "SitePlan", "build_site_plan", "front_matter"]
