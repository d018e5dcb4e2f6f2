"""The ``commons`` MkDocs plugin: a thin adapter between MkDocs and the core.

The core (load, validate, resolve, render) knows nothing of MkDocs; this module
feeds it the docs directory once per build, reports what it found through
MkDocs' logger (so that ``mkdocs build --strict`` fails on every problem and
lists them all), and hands the rendered site plan to MkDocs.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import Result, build_commons
from .load import Cache, classify
from .problems import Severity
from .render import SitePlan, build_site_plan
from .render.plan import ASSETS

log = get_plugin_logger("commons")

#: Markdown extensions the generated pages use (admonitions, card grids, tables).
EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables")


class CommonsConfig(base.Config):
    #: Folder of template and label overrides; default: ``<theme custom_dir>/commons``.
    overrides = c.Optional(c.Dir(exists=True))


class CommonsPlugin(BasePlugin[CommonsConfig]):
    def __init__(self) -> None:
        self.cache = Cache()
        self.result: Result | None = None
        self.plan = SitePlan()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Declared so that MkDocs keeps this instance, and its cache, across ``serve`` rebuilds."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Enable what the generated pages need: a few Markdown extensions, the CSS and the filter script.

        Entity pages are kept out of the navigation on purpose, so MkDocs' notice
        listing every page not in the nav is lowered to debug. The site must load
        nothing from outside itself, so Material's web fonts are turned off.
        """
        config.validation.nav.omitted_files = logging.DEBUG
        if config.theme.name == "material" and config.theme.get("font") is not False:
            # Intranet readers often have no internet: Material would fetch fonts from Google.
            config.theme["font"] = False
        for extension in EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        css, js = ASSETS
        if css not in config.extra_css:
            config.extra_css.append(css)
        if not any(str(script) == js for script in config.extra_javascript):
            config.extra_javascript.append(js)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Load, check and render the commons once per build, before any page is read.

        Generated pages are added as files; entity pages keep their source file
        (and its edit link) and get their rendered text in ``on_page_read_source``.
        Files whose front matter could not be read are left out: their problems
        are reported, and MkDocs would otherwise parse the same YAML unguarded.
        """
        docs_dir = Path(config.docs_dir)
        self.result = build_commons(docs_dir, cache=self.cache)
        self._report(self.result, docs_dir, config)
        for path in self.result.rejected:
            if file := files.get_file_from_path(path):
                files.remove(file)
        self.plan = build_site_plan(
            self.result.commons,
            language=config.theme.get("language") or "en",
            overrides=self._overrides(config),
            content_dir=docs_dir,
        )
        for path, text in self.plan.pages.items():
            if existing := files.get_file_from_path(path):
                if existing.generated_by is None and path not in self._entity_paths():
                    files.remove(existing)  # a contributor's index page: its text is inside the generated one
                    files.append(File.generated(config, path, content=text, inclusion=existing.inclusion))
            else:
                files.append(File.generated(config, path, content=text))
        for path, data in self.plan.assets.items():
            if not files.get_file_from_path(path):
                files.append(File.generated(config, path, content=data))
        if config.nav is None:
            config.nav = self._nav(files)
        return files

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """Entity pages: MkDocs reads the rendered page instead of the bare source file."""
        if page.file.generated_by is None and page.file.src_uri in self._entity_paths():
            return self.plan.pages[page.file.src_uri]
        return None

    def _entity_paths(self) -> set[str]:
        if self.result is None:
            return set()
        if getattr(self, "_entities_of", None) is not self.result:
            commons = self.result.commons
            kinds = (commons.communities, commons.members, commons.artefacts, commons.events, commons.stories,
                     commons.terms)  # fmt: skip
            self._entities = {entity.path for kind in kinds for entity in kind.values()}
            self._entities_of = self.result
        return self._entities

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
