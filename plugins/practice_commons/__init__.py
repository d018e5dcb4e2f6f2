"""Practice Commons: communities of practice kept as Markdown, published with MkDocs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .load import Cache, load_commons
from .model import Commons
from .problems import Problem, Severity
from .resolve import resolve

__all__ = ["Cache", "Commons", "Problem", "Result", "Severity", "build_commons"]


@dataclass(frozen=True)
class Result:
    commons: Commons
    problems: list[Problem]
    #: Entity files whose front matter could not be read; a site build leaves them out.
    rejected: frozenset[str] = frozenset()

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)


def build_commons(
    content_dir: Path | str, today: dt.date | None = None, cache: Cache | None = None, audience: str = "internal"
) -> Result:
    """Load, check and resolve the commons in ``content_dir``; never raises on content.

    The commons holds only what may be published to ``audience`` (see ``resolve.published``).
    """
    loaded = load_commons(Path(content_dir), cache)
    commons, problems = resolve(loaded.records, today, audience)
    problems = sorted(loaded.problems + problems, key=lambda p: p.sort_key)
    return Result(commons, problems, frozenset(loaded.rejected))
