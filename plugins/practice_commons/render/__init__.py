"""Render the resolved commons as a site plan: Markdown pages and assets by path.

The plan is engine-neutral: the MkDocs plugin hands it to MkDocs, and
``commons generate`` writes it to disk for any engine that reads Markdown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .plan import SitePlan, build_site_plan

__all__ = ["SitePlan", "build_site_plan"]


def __getattr__(name: str) -> Any:
    # Imported when first asked for: `commons validate` needs `render.paths`, not Jinja and every export.
    if name in __all__:
        from . import plan

        return getattr(plan, name)
    raise AttributeError(name)
