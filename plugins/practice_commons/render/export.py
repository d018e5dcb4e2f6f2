"""What every export (API, feeds, calendars, embeds, redirects) needs from the plan, in one object.

Exports are files beside the pages (``SitePlan.assets``), so that the MkDocs
plugin and ``commons generate`` write the same ones. Links inside them are
relative to the file (the site then works under any sub-path); feeds and
calendars, which readers fetch out of the site, use absolute links from
``site_url`` instead.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import jinja2

from .. import model as m
from ..expertise import TopicExpertise
from ..load import Record
from . import paths
from .i18n import Labels


def generation_time() -> dt.datetime:
    """Now, in UTC, to the second; ``SOURCE_DATE_EPOCH`` (reproducible builds) wins when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass
class Export:
    commons: m.Commons
    labels: Labels
    env: jinja2.Environment
    #: site URL (relative to the root) of a source path, as MkDocs computes it
    url: Callable[[str], str]
    topic_slug: Mapping[str, str]
    expertise: Mapping[str, TopicExpertise]
    directory_urls: bool
    today: dt.date
    generated: dt.datetime
    #: ``site_url`` with a trailing slash, or None (feeds then left out, calendars without page links)
    site_url: str | None = None
    #: the loader's ordinary pages, so that a contributor's introduction to a generated page is kept
    pages: Mapping[str, Record] = field(default_factory=dict)
    #: what a build should tell the site's owner (not a content problem: nothing fails on it)
    notices: list[str] = field(default_factory=list)

    def href(self, target: str, origin: str) -> str:
        """Relative link from the file (or page) ``origin`` to the page or file ``target``."""
        return paths.up(origin, self.directory_urls) + self.url(target) or "./"

    def absolute(self, target: str) -> str | None:
        """Absolute address of ``target`` from ``site_url``, or None without one."""
        return self.site_url + self.url(target) if self.site_url else None

    @property
    def host(self) -> str:
        """The site's host name, for ids that must be unique beyond the site (calendar UIDs)."""
        return (urlsplit(self.site_url).hostname if self.site_url else None) or "practice-commons.invalid"


def normalise_site_url(site_url: Any) -> str | None:
    """``site_url`` with one trailing slash, or None when it is not an http(s) address."""
    text = str(site_url or "").strip()
    if urlsplit(text).scheme not in ("http", "https") or not urlsplit(text).hostname:
        return None
    return text.rstrip("/") + "/"
