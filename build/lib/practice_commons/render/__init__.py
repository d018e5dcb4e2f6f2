"""Render the resolved commons as a site plan: Markdown pages and assets by path.

The plan is engine-neutral: the MkDocs plugin hands it to MkDocs, and
``commons generate`` writes it to disk for any engine that reads Markdown.
"""

from .plan import SitePlan, build_site_plan

__all__ = ["SitePlan", "build_site_plan"]
