"""Practice Commons: communities of practice kept as Markdown, published with MkDocs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .problems import Problem, Severity

if TYPE_CHECKING:
    from .load import Cache, Record
    from .model import Commons
    from .vocabulary import ValueTable

__all__ = ["Cache", "Commons", "Problem", "Result", "Severity", "build_commons"]


def __getattr__(name: str) -> Any:
    # Imported when first asked for: the model imports pydantic and builds the schemas (a third of a second),
    # which `commons validate --changed` spends while git searches the commons (see ``changed.py``).
    if name == "Cache":
        from .load import Cache

        return Cache
    if name == "Commons":
        from .model import Commons

        return Commons
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Result:
    commons: Commons
    problems: list[Problem]
    #: Files and linked folders under the content directory that a site build leaves out (see ``problems``).
    rejected: frozenset[str] = frozenset()
    #: Ordinary pages (the home page, index introductions...) by path: front matter read by the loader.
    pages: Mapping[str, Record] = field(default_factory=dict)

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)


def build_commons(
    content_dir: Path | str,
    today: dt.date | None = None,
    cache: Cache | None = None,
    audience: str = "internal",
    external_hosts: tuple[str, ...] = (),
    values: ValueTable | None = None,
) -> Result:
    """Load, check and resolve the commons in ``content_dir``; never raises on content.

    The commons holds only what may be published to ``audience`` (see ``resolve.published``);
    story ``value`` tags are checked against ``values`` (the guide's value table by default).
    """
    from .load import load_commons

    loaded = load_commons(Path(content_dir), cache, meanwhile=_import_checks)
    from .covers import check_covers
    from .links import check_links, site_files
    from .permalinks import check_redirects
    from .photos import check_photos
    from .resolve import resolve

    commons, problems = resolve(loaded.records, today, audience, values=values)
    problems += check_links(Path(content_dir), loaded, commons, today, external_hosts)
    if any(a.spec.cover for a in commons.artefacts.values()):
        files = site_files(Path(content_dir)) - set(loaded.rejected)
        problems += check_covers(Path(content_dir), loaded, commons, files, external_hosts)
    problems += check_redirects(loaded.records, commons, loaded.pages)
    photo_problems, withheld = check_photos(Path(content_dir), loaded.records, commons)  # withheld: never published
    problems += photo_problems
    problems = sorted(loaded.problems + problems, key=lambda p: p.sort_key)
    return Result(commons, problems, frozenset(loaded.rejected) | withheld, MappingProxyType(loaded.pages))


def _import_checks() -> None:
    # What checks the records imports pydantic and builds the schemas (a third of a second at every start of
    # `commons validate`): imported while the second core reads its half of the files.
    from . import covers, links, permalinks, photos, resolve  # noqa: F401
