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
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import frontmatter
import jinja2
import markdown
import yaml
from markupsafe import Markup, escape

from .. import model as m
from ..expertise import expertise_by_topic
from ..vocabulary import ARTEFACT_TYPES, ROLES
from . import paths
from .i18n import Labels

#: How many items an entity page lists before it says "and N more".
PAGE_LIST_LIMIT = 30
#: How many artefacts "recently added / updated" show.
RECENT = 15
ASSETS = ("assets/commons/commons.css", "assets/commons/commons.js")
#: Where a template puts the contributor's Markdown.
BODY = "\x00body\x00"

_H1 = re.compile(r"\A\s*#\s+(.+?)\s*#*\s*(?:\n|\Z)")
_HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>')


@dataclass
class Page:
    """One page: front matter, generated HTML around the contributor's Markdown."""

    meta: dict[str, Any]
    before: str
    body: str
    after: str

    @staticmethod
    def _headings(html: str) -> list[tuple[int, str, str]]:
        return [(int(level), ident, inner) for level, ident, inner in _HEADING.findall(html)]

    @property
    def headings_before(self) -> list[tuple[int, str, str]]:
        """(level, id, inner HTML) of the generated headings above the contributor's text."""
        return self._headings(self.before)

    @property
    def headings_after(self) -> list[tuple[int, str, str]]:
        return self._headings(self.after)

    @functools.cached_property
    def markdown(self) -> str:
        """The page as one Markdown file, raw HTML blocks included, for any engine."""
        meta = yaml.safe_dump(self.meta, allow_unicode=True, sort_keys=False, width=1000)
        parts = [part.strip() for part in (self.before, self.body, self.after) if part.strip()]
        return f"---\n{meta}---\n\n" + "\n\n".join(parts) + "\n"

    @functools.cached_property
    def source(self) -> str:
        """Front matter and contributor Markdown only: what MkDocs converts when the plugin runs."""
        meta = yaml.safe_dump(self.meta, allow_unicode=True, sort_keys=False, width=1000)
        return f"---\n{meta}---\n\n{self.body.strip()}\n"


@dataclass
class SitePlan:
    #: source path -> page
    pages: dict[str, Page] = field(default_factory=dict)
    #: path -> bytes of the packaged assets the pages use
    assets: dict[str, bytes] = field(default_factory=dict)
    #: navigation: (label, source path) of the index pages, in order
    nav: list[tuple[str, str]] = field(default_factory=list)


def _split_heading(body: str) -> str:
    """The contributor's body without its leading H1: the page writes its own title."""
    return _H1.sub("", body, count=1).strip()


def _sort_date(value: dt.date | dt.datetime | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    return value or dt.date.min


class _Prose:
    """Short Markdown from front matter (a domain, a summary) as inline HTML."""

    def __init__(self) -> None:
        self.md = markdown.Markdown()

    def __call__(self, text: Any) -> Markup:
        if not text:
            return Markup("")
        html = self.md.reset().convert(str(text))
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)


class _Renderer:
    def __init__(self, commons: m.Commons, labels: Labels, today: dt.date, overrides: Path | None,
                 directory_urls: bool) -> None:  # fmt: skip
        self.commons = commons
        self.directory_urls = directory_urls
        loaders: list[jinja2.BaseLoader] = []
        if overrides and overrides.is_dir():
            loaders.append(jinja2.FileSystemLoader(str(overrides)))
        loaders.append(jinja2.PackageLoader("practice_commons", "templates"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.topic_slug = paths.topic_slugs(list(commons.topics))
        self.up = ""
        self.urls = functools.lru_cache(maxsize=None)(lambda path: paths.url(path, directory_urls))
        self.titles = functools.lru_cache(maxsize=None)(lambda entity: escape(entity.title))
        self.env.filters.update(date=labels.date, prose=_Prose())
        self.env.globals.update(
            t=labels, link=self.link, href=self.href, today=today, ROLES=ROLES, TYPES=ARTEFACT_TYPES,
            index=paths.INDEX_PAGES, limit=PAGE_LIST_LIMIT, topic_href=self.topic_href,
            practice_href=self.practice_href, type_href=self.type_href, BODY=Markup(BODY),
        )  # fmt: skip

    # -- links, relative to the page being rendered --------------------------------
    # The page being rendered is kept on the renderer rather than in the Jinja
    # context, so that macros can be imported once instead of on every page.

    def href(self, target: str) -> str:
        return self.up + self.urls(target)

    def link(self, entity: m.Entity | None, text: str | None = None) -> Markup:
        if entity is None:
            return Markup("")
        label = escape(text) if text is not None else self.titles(entity)
        return Markup(f'<a href="{self.up}{self.urls(entity.path)}">{label}</a>')

    def topic_href(self, topic: str) -> str:
        return self.href(paths.topic_page(self.topic_slug[topic]))

    def practice_href(self, community: m.Community) -> str:
        return self.href(paths.practice_of(community))

    def type_href(self, kind: str) -> str:
        return self.href(paths.practice_type(kind))

    def render(self, template: str, page: str, meta: dict[str, Any], body: str = "", **values: Any) -> Page:
        self.up = paths.up(page, self.directory_urls) or ""
        html = self.env.get_template(template).render(page=page, **values)
        before, found, after = html.partition(BODY)
        if not found:  # a template override without the body slot must not lose the contributor's text
            before, after = html, ""
        after = after.strip()
        if after:
            # Cross-links below the text are navigation: searching for a person should
            # find their page, not every page that lists them.
            after = f'<div class="commons-links" data-search-exclude>\n{after}\n</div>'
        return Page(meta, before.strip(), body, after)


def _intro(content_dir: Path | None, path: str) -> tuple[dict[str, Any], str]:
    """A contributor's own page at a generated path: its front matter and body stay."""
    file = content_dir / path if content_dir else None
    if not file or not file.is_file():
        return {}, ""
    text = file.read_text(encoding="utf-8", errors="replace")
    try:
        post = frontmatter.loads(text)
    except (yaml.YAMLError, ValueError):
        return {}, text
    meta = post.metadata if isinstance(post.metadata, dict) else {}
    return meta, post.content


def build_site_plan(
    commons: m.Commons,
    *,
    language: str = "en",
    today: dt.date | None = None,
    overrides: Path | None = None,
    content_dir: Path | None = None,
    directory_urls: bool = True,
) -> SitePlan:
    """Render every page of the commons.

    ``overrides`` is a folder whose templates (same names as the packaged ones)
    and ``locales/<language>.yml`` labels win; ``content_dir`` lets a
    contributor's own page at a generated path (the home page, say) stay, with
    the generated content after it; ``directory_urls`` follows MkDocs'
    ``use_directory_urls``.
    """
    today = today or dt.date.today()
    t = Labels(language, overrides)
    r = _Renderer(commons, t, today, overrides, directory_urls)
    plan = SitePlan()
    expertise = expertise_by_topic(commons)

    def index(name: str, template: str, title: str, searchable: bool = False, **values: Any) -> None:
        path = paths.INDEX_PAGES.get(name, name)
        meta, intro = _intro(content_dir, path)
        meta = {"title": title, **meta}
        if not searchable:
            meta.setdefault("search", {"exclude": True})
        intro = intro.strip()
        plan.pages[path] = r.render(
            template, path, meta, body=intro, title=title, intro_title=bool(_H1.match(intro)), **values
        )

    # Entity pages: the contributor's file, enriched around its body.
    for c in commons.communities.values():
        events = sorted(c.events, key=lambda e: _sort_date(e.spec.start))
        upcoming = [e for e in events if e.start_date >= today]
        recent = [e for e in reversed(events) if e.start_date < today]
        by_type = defaultdict(list)
        for a in sorted(c.artefacts, key=lambda a: (_sort_date(a.spec.updated or a.spec.created), a.id), reverse=True):
            by_type[a.spec.type].append(a)
        meta = {"title": c.title, "description": c.spec.domain}
        plan.pages[c.path] = r.render(
            "community.html", c.path, meta, body=_split_heading(c.body), community=c, by_type=by_type,
            upcoming=upcoming[:5], recent=recent[:5],
        )  # fmt: skip
    for x in commons.members.values():
        profile = x.public_spec
        meta = {"title": x.title, "description": " · ".join(filter(None, [profile.job_title, profile.unit]))}
        plan.pages[x.path] = r.render(
            "member.html", x.path, meta, body=_split_heading(x.body), member=x, profile=profile
        )
    for a in commons.artefacts.values():
        meta = {"title": a.title, "description": a.spec.summary or a.title}
        plan.pages[a.path] = r.render("artefact.html", a.path, meta, body=_split_heading(a.body), artefact=a)
    for e in commons.events.values():
        plan.pages[e.path] = r.render("event.html", e.path, {"title": e.title}, body=_split_heading(e.body), event=e)
    for s in commons.stories.values():
        plan.pages[s.path] = r.render("story.html", s.path, {"title": s.title}, body=_split_heading(s.body), story=s)
    for term in commons.terms.values():
        plan.pages[term.path] = r.render(
            "term.html", term.path, {"title": term.title}, body=_split_heading(term.body), term=term
        )

    # Topic pages: who knows a topic, and the practice on it.
    for topic, entry in expertise.items():
        path = paths.topic_page(r.topic_slug[topic])
        plan.pages[path] = r.render("topic.html", path, {"title": topic}, topic=topic, entry=entry)

    # Index pages.
    communities = list(commons.communities.values())
    artefacts = list(commons.artefacts.values())
    index("home", "home.html", t("nav_home"), searchable=True, communities=communities)
    index("communities", "communities.html", t("communities"), communities=communities)
    people = sorted(commons.members.values(), key=lambda x: x.spec.name.casefold())
    index("people", "people.html", t("directory"), people=people)
    units: dict[str, list[m.Member]] = defaultdict(list)
    for x in people:
        units[x.public_spec.unit or ""].append(x)
    index("units", "units.html", t("by_unit"), units=dict(sorted(units.items(), key=lambda u: (not u[0], u[0]))))
    index("experts", "experts.html", t("experts"), searchable=True, expertise=expertise)
    types = Counter(a.spec.type for a in artefacts)
    topic_counts = {topic: len(entry.artefacts) for topic, entry in expertise.items() if entry.artefacts}
    added = sorted(artefacts, key=lambda a: (_sort_date(a.spec.created), a.id), reverse=True)[:RECENT]
    updated = [a for a in artefacts if a.spec.updated and a.spec.updated != a.spec.created]
    updated = sorted(updated, key=lambda a: (a.spec.updated, a.id), reverse=True)[:RECENT]
    index(
        "practice", "practice.html", t("library"), searchable=True, types=types, communities=communities,
        topic_counts=topic_counts, added=added, updated=updated,
    )  # fmt: skip
    for c in communities:
        ordered = sorted(c.artefacts, key=lambda a: (ARTEFACT_TYPES.index(a.spec.type), a.title.casefold()))
        index(paths.practice_of(c), "practice_community.html", f"{t('practice')}: {c.title}",
              community=c, artefacts=ordered)  # fmt: skip
    for kind in ARTEFACT_TYPES:
        of_kind = sorted((a for a in artefacts if a.spec.type == kind), key=lambda a: a.title.casefold())
        index(paths.practice_type(kind), "practice_type.html", t("types_" + kind), kind=kind, artefacts=of_kind)
    events = sorted(commons.events.values(), key=lambda e: _sort_date(e.spec.start))
    index(
        "events", "events.html", t("events"),
        upcoming=[e for e in events if e.start_date >= today],
        past=[e for e in reversed(events) if e.start_date < today],
    )  # fmt: skip
    index("stories", "stories.html", t("stories"), stories=list(commons.stories.values()))
    terms = sorted(commons.terms.values(), key=lambda x: x.title.casefold())
    index("glossary", "glossary.html", t("glossary"), terms=terms)

    for asset in ASSETS:
        plan.assets[asset] = resources.files("practice_commons").joinpath(asset).read_bytes()
    plan.nav = [
        (t(label), paths.INDEX_PAGES[name])
        for label, name in (
            ("nav_home", "home"), ("nav_communities", "communities"), ("nav_experts", "experts"),
            ("nav_people", "people"), ("nav_practice", "practice"), ("nav_events", "events"),
            ("nav_stories", "stories"), ("nav_glossary", "glossary"),
        )
    ]  # fmt: skip
    return plan


__all__ = ["ASSETS", "Page", "SitePlan", "build_site_plan", "escape"]
