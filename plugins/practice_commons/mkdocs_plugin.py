"""The ``commons`` MkDocs plugin: a thin adapter between MkDocs and the core.

The core (load, validate, resolve, render) knows nothing of MkDocs; this module
feeds it the docs directory once per build, reports what it found through
MkDocs' logger (so that ``mkdocs build --strict`` fails on every problem and
lists them all), and hands the rendered site plan to MkDocs.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import logging
import os
import signal
import threading
from collections.abc import Sequence
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader, Environment, TemplateNotFound
from markupsafe import Markup, escape
from mkdocs.commands.build import _build_page
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.utils.templates import TemplateContext

from . import Result, build_commons
from . import search as site_search
from .links import link_entities
from .load import Cache, classify
from .parallel import Ahead
from .problems import Severity
from .rebuild import CompiledTemplates, Decision, QuietDirty, Rebuild, watch_natively
from .render import SitePlan, build_site_plan
from .render.contribute import Repository
from .render.i18n import Labels
from .render.plan import ASSETS, front_matter
from .render.problems import add_problem_pages
from .render.sanitise import escape_meta, text
from .vocabulary import ValueTable
from .writer import ELSEWHERE, PageWriter, quiet_plugins, share

log = get_plugin_logger("commons")
#: Material partials the plugin replaces (after the site's own ``custom_dir``, which still wins).
THEME = Path(__file__).parent / "theme"
_QUIET_DIRTY = QuietDirty()
#: MkDocs' build log (ProperDocs' when it runs the build: it stands in for the ``mkdocs`` modules).
_BUILD_LOG = logging.getLogger(_build_page.__module__)


class _Elsewhere(logging.Filter):
    """The pages the second process writes, whose (empty) output here MkDocs would report as skipped."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: set[str] = set()
        #: their ``dest_uri``: the fork wrote their search parts
        self.dests: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()  # MkDocs' own words: "Page skipped: '<src_uri>'. Generated empty output."
        skipped = message.removeprefix("Page skipped: '").removesuffix("'. Generated empty output.")
        return skipped == message or skipped not in self.pages


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM during ``serve``: MkDocs' own Ctrl-C path (it stops the server, then ``on_shutdown`` cleans up).

    A forked helper (``parallel``, ``writer``) inherits this handler; stopped, it ends as it would have without it.
    """
    if os.getpid() != _serving_pid:
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise KeyboardInterrupt


#: The process that serves (the one ``on_serve`` set ``_interrupt`` up in).
_serving_pid = 0


def _clean_toc(links: list[AnchorLink]) -> None:
    """Heading titles in the table of contents as text: the theme prints them as HTML."""
    for link in links:
        link.title = text(link.title)
        _clean_toc(link.children)


def _under(path: str, rejected: frozenset[str]) -> bool:
    """Whether ``path`` or one of its folders (a linked folder MkDocs walked into) is rejected."""
    parts = path.split("/")
    return any("/".join(parts[:end]) in rejected for end in range(len(parts), 0, -1))


def _token(link: AnchorLink) -> dict:
    return {"level": link.level, "id": link.id, "name": link.title, "children": [_token(c) for c in link.children]}


class CommonsConfig(base.Config):
    #: Folder of template and label overrides; default: ``<theme custom_dir>/commons``.
    overrides = c.Optional(c.Dir(exists=True))
    #: Hosts pages may load embeds, images and media from (subdomains included); others become links.
    external_hosts = c.ListOfItems(c.Type(str), default=[])
    #: ``public`` also leaves out contact details and every field marked internal-only.
    audience = c.Choice(("internal", "public"), default="internal")
    #: Who reviews what no community owns, in ``commons codeowners`` (GitHub users or org/team); unused by the build.
    codeowners_fallback = c.ListOfItems(c.Type(str), default=[])
    #: The organisation's own value table, labels per language (``vocabulary.ValueTable.from_option``).
    value_table = c.Optional(c.Type(dict))
    #: ``pagefind``: Material's search box, searched by Pagefind (folds accents, fetches small chunks);
    #: ``material``: Material's own search plugin, as listed in the site's ``plugins``.
    search = c.Choice(("pagefind", "material"), default="pagefind")
    #: ``mkdocs serve``: ``system``: learn of a save from the kernel where the files are on a local disk;
    #: ``polling``: MkDocs' own watcher, which also sees edits on network and virtual-machine mounts.
    serve_watch = c.Choice(("system", "polling"), default="system")


class CommonsPlugin(BasePlugin[CommonsConfig]):
    def __init__(self) -> None:
        self.cache: Cache | None = Cache()
        self.result: Result | None = None
        self.plan: SitePlan | None = None
        self.env: Environment | None = None
        #: Non-strict builds: the problem box of each page whose file has problems, by source path.
        self.boxes: dict[str, str] = {}
        self.values = ValueTable()
        #: ``serve`` only: the search index, rebuilt in the background after each build.
        self.background: site_search.BackgroundIndex | None = None
        #: Navigation pages by source path, and the one marked active for the page being rendered.
        self.nav_pages: dict[str, Page] = {}
        self.section: Page | None = None
        #: ``serve --dirty`` only: what each rebuild must build again (``rebuild``).
        self.rebuild: Rebuild | None = None
        #: ``serve`` only: the theme's compiled templates, kept across rebuilds.
        self.compiled: CompiledTemplates | None = None
        self.compiled_plan: CompiledTemplates | None = None  # and the plan's
        #: The plan's assets as MkDocs files, whose content a one-off build drops once written (``_release``).
        self.generated: list[File] = []
        #: A one-off build: the searchable part of each page, which Pagefind reads (``search.SearchInput``).
        self.search_input: site_search.SearchInput | None = None
        #: ``--dirty``: some pages are not written again, so only the written site holds them all.
        self.dirty = False
        #: What Pagefind would read: the pages MkDocs writes (their ``dest_uri``), other HTML files of the site.
        self.searched: tuple[set[str], list[str]] = (set(), [])
        #: A one-off build: the second process writing every other page (``writer``), and those pages' sources.
        self.writer: PageWriter | None = None
        self.elsewhere = _Elsewhere()
        self.nav: Navigation | None = None
        #: A one-off build beside plugins that gather nothing from pages: the pages, whose sources go before Pagefind.
        self.quiet_pages: list[Page] = []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Declared so that MkDocs keeps this instance, and its cache, across ``serve`` rebuilds.

        A one-off ``build`` keeps no cache: it would hold every file's front matter and line numbers to the end.
        """
        self.cache = Cache() if command == "serve" else None
        self.dirty = dirty
        self.background = site_search.BackgroundIndex() if command == "serve" else None
        self.rebuild = Rebuild() if command == "serve" and dirty else None
        if self.rebuild is not None:
            _BUILD_LOG.addFilter(_QUIET_DIRTY)
        self.compiled = CompiledTemplates() if command == "serve" else None
        self.compiled_plan = CompiledTemplates() if command == "serve" else None

    def on_shutdown(self) -> None:
        _BUILD_LOG.removeFilter(_QUIET_DIRTY)
        if self.rebuild is not None:
            self.rebuild.stop()
        if self.background is not None:
            self.background.stop()
        self._close_search_input()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Add the CSS and the filter script the generated pages use.

        Entity pages are kept out of the navigation on purpose, so MkDocs' notice
        listing every page not in the nav is lowered to debug. The site must load
        nothing from outside itself, so Material's web fonts are turned off.
        """
        config.validation.nav.omitted_files = logging.DEBUG
        try:
            self.values = ValueTable.from_option(self.config.value_table)
        except ValueError as exc:
            raise PluginError(f"commons: {exc}") from None
        if config.theme.name == "material" and config.theme.get("font") is not False:
            # Intranet readers often have no internet: Material would fetch fonts from Google.
            config.theme["font"] = False
        if config.theme.name == "material" and (config.repo_url or self._pagefind):
            # Material's script would ask the repository host for its stars and forks: the packaged
            # partial keeps the repository link and drops that request (pages load nothing from outside).
            # The packaged header also holds the search box that Pagefind answers.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
        if self._pagefind:
            material = config.plugins.get("material/search")
            if material is not None and material.config.enabled:
                # Its index would still be built, and downloaded whole by every reader.
                material.config.enabled = False
                log.info("search by Pagefind: Material's search plugin is turned off (commons option search: material)")
            if not any(str(script) == site_search.SCRIPT for script in config.extra_javascript):
                config.extra_javascript.append(site_search.SCRIPT)
        css, js = ASSETS
        if css not in config.extra_css:
            config.extra_css.append(css)
        if not any(str(script) == js for script in config.extra_javascript):
            config.extra_javascript.append(js)
        return config

    def on_serve(self, server, *, config: MkDocsConfig, builder):  # noqa: ANN001, ANN201 - MkDocs' own types
        """Watch the files through the kernel's notifications where it can (``rebuild.watch_natively``).

        A ``serve`` ended with SIGTERM (an editor's stop button, ``docker stop``, ``kill``) stops as Ctrl-C stops it:
        Python's default would end the process at once, leaving MkDocs' temporary site and the search parts (about
        100 MB at 10,000 artefacts) in the temporary folder.
        """
        global _serving_pid  # noqa: PLW0603 - the one serving process, set once
        if self.config.serve_watch == "system" and watch_natively(server, config.docs_dir):
            log.info("serve: watching the files through the system's notifications (commons option serve_watch)")
        if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            _serving_pid = os.getpid()
            signal.signal(signal.SIGTERM, _interrupt)
        return server

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """``serve``: a rebuild starts; the previous build's search index would only share its CPU (and its site)."""
        if self.rebuild is not None:
            self.rebuild.begin()  # the previous build's garbage first, if not collected yet
        if self.background is not None:
            self.background.stop()
            if self._pagefind and self.search_input is None:
                self.search_input = site_search.SearchInput()  # kept across rebuilds (``SearchInput``)
        elif self._pagefind and not self.dirty:
            self._close_search_input()
            self.search_input = site_search.SearchInput()
        if self.search_input is not None:
            self.search_input.begin()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Load, check and render the commons once per build, before any page is read.

        Generated pages are added as files. Pages whose path a contributor's file
        already has (entities, and index pages they wrote an introduction for)
        keep that file, and its edit link; ``on_page_read_source`` feeds MkDocs
        their text. What the loader refused is left out (files it could not
        read, files of kinds the site does not publish, links and everything
        MkDocs found through them): its problems are reported.
        """
        docs_dir = Path(config.docs_dir)
        self.env = config.theme.get_env()  # the theme's templates, to check those a page's front matter names
        key = Rebuild.key(config, self.config, self._overrides(config)) if self.rebuild is not None else ()
        stamps = Rebuild.stamps(files) if self.rebuild is not None else {}
        result = self.rebuild.unchanged(key, stamps) if self.rebuild is not None else None
        if result is None and self.rebuild is not None:  # a text edit: the previous commons, with the new text
            result = self.rebuild.text_edit(key, stamps, docs_dir, self.cache)
        if result is None:  # read it (only what changed, with `serve`'s cache)
            result = build_commons(
                docs_dir, cache=self.cache, audience=self.config.audience,
                external_hosts=tuple(self.config.external_hosts), values=self.values,
            )  # fmt: skip
        self._report(result, docs_dir, config)
        rejected = result.rejected
        for file in [f for f in files if f.generated_by is None and _under(f.src_uri, rejected)] if rejected else ():
            files.remove(file)
        decision = Decision(True)
        if self.rebuild is not None:
            decision = self.rebuild.decide(key, stamps, result, planned=self.plan is not None)
        self.result = result
        if not decision.full:
            self._rebuilding(decision)
            for path, entity in decision.bodies.items():
                self.plan.rebody(path, entity.body)
            return self._hand_over(files, config, decision)
        if self.plan is not None and not decision.compare:
            self.plan.close()  # a previous `serve` build's renderer; its plan is not compared with the new one
            self.plan = None
        plan = build_site_plan(
            self.result.commons,
            language=config.theme.get("language") or "en",
            overrides=self._overrides(config),
            pages=self.result.pages,
            directory_urls=config.use_directory_urls,
            external_hosts=tuple(self.config.external_hosts),
            repository=Repository.from_settings(config.repo_url, config.edit_uri),
            values=self.values,
            site_url=config.site_url,
            track=self.rebuild is not None,  # ``serve --dirty``: a rebuild renders only what an edit may change
            compiled=self.compiled_plan,
            previous=self.plan.network if self.plan is not None else None,  # kept only to be compared
        )
        for notice in plan.notices:
            log.info(notice)
        boxes = {} if config.strict else self._problem_pages(plan, files, docs_dir, config)
        if decision.compare and self.plan is not None and self.rebuild is not None:
            differ = self.rebuild.differs(self.plan, plan, boxes)
            if differ is not None:  # and the site's own pages, which may name an entity
                own = {file.src_uri for file in files.documentation_pages() if file.src_uri not in plan.pages}
                pages = len(differ & plan.pages.keys())
                rendered = self.rebuild.rendered
                why = (f"(entity files changed: {rendered:,} of {len(plan.pages):,} generated pages rendered "
                       f"again; {pages:,} of them and {len(differ) - pages:,} other files differ)")  # fmt: skip
                decision = Decision(False, why=why, compare=True, pages=differ | own)
        if self.plan is not None:
            self.plan.close()  # a previous `serve` build's renderer
        self.plan, self.boxes = plan, boxes
        if self.rebuild is not None:
            self._rebuilding(decision)
        return self._hand_over(files, config, decision)

    @staticmethod
    def _rebuilding(decision: Decision) -> None:
        if decision.full:
            what = "every page"
        elif decision.compare:
            what = "what differs"
        else:
            what = f"{len(decision.bodies)} page{'s' if len(decision.bodies) != 1 else ''}"
        log.info(f"serve: rebuilding {what} {decision.why}")

    def _hand_over(self, files: Files, config: MkDocsConfig, decision: Decision) -> Files:
        """The plan's pages and assets as MkDocs files, and the navigation; ``serve --dirty``: which to build."""
        have = files.src_uris  # the plan's paths are POSIX already: no get_file_from_path (a PurePath) per path
        for path in self.plan.pages:
            if path not in have:
                files.append(File.generated(config, path, content=""))  # its text: on_page_read_source
        self.generated = [File.generated(config, path, content=data) for path, data in self.plan.assets.items()
                          if path not in have]  # fmt: skip
        for file in self.generated:
            files.append(file)
        if self._pagefind and site_search.SCRIPT not in have:
            script = Path(__file__).parent.joinpath(site_search.SCRIPT).read_bytes()
            files.append(File.generated(config, site_search.SCRIPT, content=script))
        if config.nav is None:
            # Only the text of entities changed (the same files, the same plan): the same navigation.
            reuse = not decision.full and not decision.compare and self.rebuild is not None and self.rebuild.nav
            config.nav = self.rebuild.nav if reuse else self._nav(files)
            if self.rebuild is not None:
                self.rebuild.nav = config.nav
        if decision.full:
            # MkDocs reads pages in this order; the other core renders them just ahead.
            self.plan.render_ahead([file.src_uri for file in files.documentation_pages()])
        if self.rebuild is not None:
            self.rebuild.done(files, config.site_dir, decision)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Keep the navigation's pages at hand, to mark the section of a page that is not in it."""
        self.nav_pages = {page.file.src_uri: page for page in nav.pages}
        self.nav = nav
        if self.rebuild is not None:
            self.rebuild.restore(nav.pages)
        return nav

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """Every page as the loader read it: MkDocs never parses a contributor's YAML itself.

        A file at a planned path gets the plan's front matter; an ordinary page
        its own, as the loader built it. A body the loader refused is empty.
        """
        self.plan.pump()  # what the other core has rendered meanwhile (``SitePlan.render_ahead``)
        planned = self.plan.pages.get(page.file.src_uri)
        if planned is not None:
            return planned.source
        own = self.result.pages.get(page.file.src_uri) if page.file.generated_by is None else None
        return front_matter(own.data) + own.body if own is not None else None

    @event_priority(100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Clean what the contributor wrote, first, before any plugin adds its own (trusted) HTML.

        The theme prints page meta and titles without escaping them (Material's
        ``<title>``, description, header and search results), so every
        front-matter string is escaped here, and titles taken from a heading are
        reduced to text, for every page of the site, not only the generated ones.
        """
        self._theme_files(page)
        had_title = "title" in page.meta
        page.meta = escape_meta(page.meta)
        title = page.meta["title"] if had_title else page.title
        if title is not None:
            page.title = escape(title) if had_title and not isinstance(title, str) else Markup(text(title))
            if not page.is_homepage or had_title:
                page.meta["title"] = page.title  # Material's fallback would un-escape it with striptags
        _clean_toc(page.toc)
        return self.plan.enrich(self.plan.sanitiser.body(html), page.file.src_uri) if self.plan else html

    def _theme_files(self, page: Page) -> None:
        """A ``template`` or ``icon`` the theme does not have would stop the build: report it and leave it out."""
        for key, name in (("template", "{}"), ("icon", ".icons/{}.svg")):
            value = page.meta.get(key)
            if value is None or self.env is None:
                continue
            try:
                self.env.get_template(name.format(value))
            except (TemplateNotFound, TypeError, ValueError):
                own = self.result.pages.get(page.file.src_uri) if self.result else None
                line = own.lines.get((key,), 1) if own else 1
                log.error(f"{page.file.src_uri}:{line}: the theme has no {key} '{value}'; the page is built without it")
                del page.meta[key]

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Entity links in the site's own pages; the plan's pages have them pointed already."""
        if self.result is None or page.file.src_uri in self.plan.pages:
            return markdown
        return link_entities(markdown, page.file.src_uri, self.result.commons)

    # The generated parts are HTML already (running thousands of generated links
    # through Markdown would make the build several times slower), so they join
    # the page after its Markdown is converted, in the page-context event: by
    # then the other core has rendered them while MkDocs converted every page.

    @event_priority(10)
    def _on_page_context_header(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation):
        """Before the search plugin indexes the page: the generated header, and every part in the contents."""
        planned = self.plan.pages.get(page.file.src_uri) if self.plan else None
        if planned is None or page.content is None:
            return context
        # An entity page is not in the navigation (O(N²)): its index is marked active while it renders.
        self.section = self.nav_pages.get(self.plan.sections.get(page.file.src_uri, ""))
        if self.section is not None:
            self.section.active = True
        before, after = planned.headings_before, planned.headings_after
        # The generated headings are anchors too, so that links to them pass MkDocs' anchor check.
        page.present_anchor_ids = (page.present_anchor_ids or set()) | {ident for _, ident, _ in before + after}
        tokens: list[dict] = []

        def add(level: int, ident: str, name: str, children: list | None = None) -> None:
            # Nest under the last heading of a higher rank, as the toc extension does.
            siblings = tokens
            while siblings and siblings[-1]["level"] < level:
                siblings = siblings[-1]["children"]
            siblings.append({"level": level, "id": ident, "name": name, "children": children or []})

        # A generated heading may hold a link (a file name on /problems/); Material wraps toc titles in a link.
        for level, ident, inner in before:
            add(level, ident, text(inner))
        for link in page.toc:
            add(link.level, link.id, link.title, [_token(child) for child in link.children])
        for level, ident, inner in after:
            add(level, ident, text(inner))
        page.toc = get_toc(tokens)
        page.content = "\n".join(part for part in (planned.before, page.content) if part)
        return context

    @event_priority(-100)
    def _on_page_context_links(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation):
        """After the search plugin indexed the page: the cross-links below the contributor's text.

        Searching for a person should find their page, not every page that
        lists them. The links are marked ``data-search-exclude`` as well, which
        keeps them out of the index when the site is built from
        ``commons generate`` without the plugin.
        """
        planned = self.plan.pages.get(page.file.src_uri) if self.plan else None
        if planned is not None and page.content is not None and planned.after:  # no content: written elsewhere
            page.content = f"{page.content}\n{planned.after}"
        return context

    @event_priority(-110)
    def _on_page_context_problems(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation):
        """Not in strict builds: the file's problems above everything else on its page, out of the search index."""
        box = self.boxes.get(page.file.src_uri)
        if box and page.content is not None:
            page.content = f"{box}\n{page.content}"
        return context

    on_page_context = CombinedEvent(_on_page_context_header, _on_page_context_links, _on_page_context_problems)

    def _problem_pages(self, plan: SitePlan, files: Files, docs_dir: Path, config: MkDocsConfig) -> dict[str, str]:
        """``/problems/`` and error pages for a build that is not strict (``serve``); the problem boxes by path."""
        labels = Labels(config.theme.get("language") or "en", self._overrides(config))
        shown = Path(os.path.relpath(docs_dir, Path(config.config_file_path or ".").parent)).as_posix()
        taken = {file.src_uri for file in files if file.generated_by is None}
        titles = (labels("problems_title"), labels("problem_page_title"))
        result = self.result
        return add_problem_pages(
            plan, result.problems, result.commons, result.rejected, docs_dir, shown, titles, taken,
            self.config.audience,
        )  # fmt: skip

    def _on_post_page_head(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The page's feeds and calendars as ``<link rel="alternate">`` in its head, where feed readers look."""
        if self.section is not None:
            self.section.active, self.section = False, None
        links = self.plan.head(page.file.src_uri, config.use_directory_urls) if self.plan else ""
        output = output.replace("</head>", f"{links}</head>", 1) if links else output
        return site_search.mark_searchable(output, page.meta) if self._pagefind else output

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Tell the packaged header to show the search box that Pagefind answers."""
        env.globals["commons_search"] = self._pagefind
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)  # the pages ``build`` writes
        if self.search_input is not None:
            others = [file.dest_uri for file in files.static_pages() if file.dest_uri.endswith(".html")]
            others += [name for name in config.theme.static_templates if name.endswith(".html")]
            self.searched = ({file.dest_uri for file in doc_files}, others)
        if self.compiled is not None:
            env.bytecode_cache = self.compiled
        if self.rebuild is not None:
            self.rebuild.remember(self.nav_pages.values())
        self._share_pages(env, config, doc_files)
        return env

    def _share_pages(self, env: Environment, config: MkDocsConfig, doc_files: Sequence[File]) -> None:
        """A large build of every page: a fork writes every other page from here on (``writer``).

        This process still runs MkDocs' page events for them, through a template that renders nothing
        (which MkDocs does not write); it keeps what the end of the build checks: each page's anchors.
        A one-off build, or ``serve``'s first build: later ones run beside the server's threads, which a
        fork would not copy (a lock one of them holds would stay held in the fork).
        """
        pages = [file.page for file in doc_files if file.page is not None]
        if not quiet_plugins(config.plugins) or threading.active_count() > 1:
            return
        if self.background is None and self.dirty:
            return  # a one-off ``--dirty`` build writes only what changed
        if self.background is None:
            self.quiet_pages = pages
        if not (self.plan is not None and self.nav is not None and Ahead.worth_it(len(pages))):
            return
        if self.rebuild is not None and not all(file.is_modified() for file in doc_files):
            return  # a ``serve --dirty`` rebuild of some pages
        self.plan.settle()
        _, theirs = share(pages)
        build = functools.partial(_build_page, config=config, doc_files=doc_files, nav=self.nav, env=env)
        self.writer = PageWriter(theirs, build)
        log.debug(f"{len(theirs)} of {len(pages)} pages are written by a second process")
        env.loader = ChoiceLoader([DictLoader({ELSEWHERE: ""}), env.loader])
        for page in theirs:
            path = page.file.src_uri
            self.elsewhere.pages.add(path)
            self.elsewhere.dests.append(page.file.dest_uri)
            planned = self.plan.pages.get(path)
            if planned is not None and page.content is not None:  # as ``_on_page_context_header`` adds them
                ids = {ident for _, ident, _ in planned.headings_before + planned.headings_after}
                page.present_anchor_ids = (page.present_anchor_ids or set()) | ids
                if self.rebuild is not None:  # what the fork writes the page from
                    self.rebuild.written(path, self.plan.fingerprint(path, self.boxes.get(path)))
            self.plan.done(path)
            page.meta["template"], page.content = ELSEWHERE, None
        _BUILD_LOG.addFilter(self.elsewhere)

    def _writer_done(self, *, stop: bool = False) -> None:
        writer, self.writer = self.writer, None
        _BUILD_LOG.removeFilter(self.elsewhere)
        dests = self.elsewhere.dests
        self.elsewhere.pages, self.elsewhere.dests = set(), []
        if writer is None:
            return
        if stop:
            writer.stop()
            return
        failure = writer.finish()
        if failure is not None:
            raise PluginError(f"commons: the page {failure} (the page was written by a second process)")
        if self.search_input is not None:
            self.search_input.adopt(dests)  # the fork wrote their searchable parts

    @event_priority(-100)
    def _on_post_page_free(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The page's output is final: drop its HTML, so that a build holds one page's, not the whole site's, at once.

        MkDocs keeps every page's content to the end of the build, though nothing reads it after this event.
        """
        path = page.file.src_uri
        if path in self.elsewhere.pages:  # written by the fork, which ran these events with its output
            return output
        if self.plan is not None:
            if self.rebuild is not None and path in self.plan.pages:
                self.rebuild.written(path, self.plan.fingerprint(path, self.boxes.get(path)))
            self.plan.done(path)
        if self.search_input is not None:
            self.search_input.add(page.file.dest_uri, output)
        page.content = None
        return output

    on_post_page = CombinedEvent(_on_post_page_head, _on_post_page_free)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Stop the page renderer's second process, if one ran; then index the written site for search."""
        self._writer_done()
        if self.rebuild is not None:
            self.rebuild.built(self.plan)
        if self.plan is not None:
            self.plan.close()
        if self._pagefind and self.background is not None:
            failed = lambda output: log.warning(f"the search index could not be built: {output}")  # noqa: E731
            site = Path(config.site_dir)
            source = self._search_source(site)
            self.background.start(site, directory_urls=config.use_directory_urls, failed=failed, source=source)
        elif self._pagefind:
            self._release()
            site = Path(config.site_dir)
            # Once Pagefind has read every part, they are removed while it writes its bundle (a disk can be slow).
            remover = threading.Thread(target=self.search_input.close) if self.search_input is not None else None
            try:
                source = self._search_source(site)
                read = remover.start if remover is not None and source is not None else None
                run = site_search.index_site(site, directory_urls=config.use_directory_urls, source=source, read=read)
            finally:
                if remover is not None and remover.ident is not None:  # started
                    remover.join()
                self._close_search_input()
            if not run.ok:
                log.error(f"the search index could not be built: {run.output}")

    def _search_source(self, site: Path) -> Path | None:
        """The folder Pagefind reads: the searchable parts of every page; ``None`` (the site) where it lacks a page."""
        search_input = self.search_input
        pages, others = self.searched
        if search_input is None:
            return None
        if search_input.pages < len(pages):  # a ``serve`` rebuild of a few pages keeps the other pages' parts
            kept = search_input.complete and search_input.parts and self.background is not None
            if kept:
                search_input.keep(pages | set(others))
            return search_input.folder if kept else None
        search_input.completed()
        for dest_uri in others:  # rarely searchable, but Pagefind would read them: so it reads them whole
            try:
                html = (site / dest_uri).read_bytes()
            except OSError:
                continue
            if b"data-pagefind" in html:
                search_input.write(dest_uri, html.decode("utf-8", errors="replace"))
        return search_input.folder if search_input.parts else None

    def _close_search_input(self) -> None:
        if self.search_input is not None:
            self.search_input.close()
            self.search_input = None

    def _release(self) -> None:
        """A one-off build is written: hand back the model's, the plan's and the assets' memory before Pagefind
        indexes the site, so that the indexer's peak does not stack on the build's."""
        self.plan = self.result = self.section = None
        self.nav_pages, self.boxes = {}, {}
        for file in self.generated:
            file.content_bytes = b""  # written by now; MkDocs keeps every generated file's content to the end
        self.generated = []
        for page in self.quiet_pages:  # no plugin reads a page's Markdown after the build (``writer.QUIET_PLUGINS``)
            page.markdown = None
        self.quiet_pages = []
        gc.collect()
        try:  # freed memory goes back to the system only when the C library is asked to (glibc)
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):
            pass

    @property
    def _pagefind(self) -> bool:
        return self.config.search == "pagefind"

    def on_build_error(self, *, error: Exception) -> None:
        self._writer_done(stop=True)
        self._close_search_input()
        if self.rebuild is not None:
            self.rebuild.failed()
        if self.plan is not None:
            self.plan.close()

    def _overrides(self, config: MkDocsConfig) -> Path | None:
        if self.config.overrides:
            return Path(self.config.overrides)
        custom_dir = config.theme.custom_dir
        default = Path(custom_dir) / "commons" if custom_dir else None
        return default if default and default.is_dir() else None

    def _nav(self, files: Files) -> list[dict[str, str]]:
        """Index pages and the site's own pages; entity pages stay out of the tree.

        Material renders the whole navigation into every page: a navigation of N
        entity pages would make the build O(N²).
        """
        nav = [{label: path} for label, path in self.plan.nav]
        listed = {path for _, path in self.plan.nav}
        for file in files.documentation_pages():
            path = file.src_uri
            if path not in listed and path not in self.plan.pages and not classify(path):
                nav.append({file.name.replace("-", " ").capitalize(): path})
        return nav

    def _report(self, result: Result, docs_dir: Path, config: MkDocsConfig) -> None:
        shown = Path(os.path.relpath(docs_dir, Path(config.config_file_path or ".").parent))
        for problem in result.problems:
            message = f"{(shown / problem.path).as_posix()}:{problem.line}: {problem.message}"
            if problem.hint:
                message += f" ({problem.hint})"
            if problem.severity is Severity.ERROR:
                log.error(message)
            elif problem.severity is Severity.WARNING:
                log.warning(message)
            else:
                log.info(message)
