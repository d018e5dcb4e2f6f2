"""The ``commons`` MkDocs plugin: a thin adapter between MkDocs and the core.

The core (load, validate, resolve) knows nothing of MkDocs; this module only
feeds it the docs directory once per build and reports what it found through
MkDocs' logger, so that ``mkdocs build --strict`` fails on every problem and
lists them all.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files

from . import Result, build_commons
from .load import Cache
from .problems import Severity

log = get_plugin_logger("commons")


class CommonsConfig(base.Config):
    pass


class CommonsPlugin(BasePlugin[CommonsConfig]):
    def __init__(self) -> None:
        self.cache = Cache()
        self.result: Result | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Declared so that MkDocs keeps this instance, and its cache, across ``serve`` rebuilds."""

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Load and check the commons once per build, before any page is read.

        Files whose front matter could not be read are left out of the site:
        their problems are reported, and MkDocs would otherwise parse the same
        YAML again without the guards the loader applies.
        """
        docs_dir = Path(config.docs_dir)
        self.result = build_commons(docs_dir, cache=self.cache)
        shown = Path(os.path.relpath(docs_dir, Path(config.config_file_path or ".").parent))
        for problem in self.result.problems:
            message = f"{(shown / problem.path).as_posix()}:{problem.line}: {problem.message}"
            if problem.hint:
                message += f" ({problem.hint})"
            if problem.severity is Severity.ERROR:
                log.error(message)
            elif problem.severity is Severity.WARNING:
                log.warning(message)
            else:
                log.info(message)
        for path in self.result.rejected:
            file = files.get_file_from_path(path)
            if file is not None:
                files.remove(file)
        return files
