"""Build the site plan: every page as Markdown (with front matter), every asset as bytes.

Each page is a Jinja template (packaged under ``templates/``, overridable from
the site's ``overrides`` folder) rendered with the entity or listing it shows.
Work per page is bounded by what that page shows, never by the size of the
commons: listings are computed once here, and long lists are capped or split.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import frontmatter
import jinja2
import yaml

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

_H1 = re.compile(r"\A\s*#\s+(.+?)\s*#*\s*(?:\n|\Z)")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


@dataclass
class SitePlan:
    #: source path -> Markdown page (front matter included)
    pages: dict[str, str] = field(default_factory=dict)
    #: path -> bytes of the packaged assets the pages use
    assets: dict[str, bytes] = field(default_factory=dict)
    #: navigation: (label, source path) of the index pages, in order
    nav: list[tuple[str, str]] = field(default_factory=list)


def md(text: Any) -> str:
    """Escape text for use inside Markdown (link texts, table cells)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("<", "&lt;").replace("\n", " ")


def _split_heading(body: str) -> str:
    """The contributor's body without its leading H1: the page writes its own title."""
    return _H1.sub("", body, count=1).strip()


def _sort_date(value: dt.date | dt.datetime | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    return value or dt.date.min


def _front_matter(meta: dict[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


class _Renderer:
    def __init__(self, commons: m.Commons, labels: Labels, today: dt.date, overrides: Path | None) -> None:
        self.commons = commons
        self.t = labels
        self.today = today
        loaders: list[jinja2.BaseLoader] = []
        if overrides and overrides.is_dir():
            loaders.append(jinja2.FileSystemLoader(str(overrides)))
        loaders.append(jinja2.PackageLoader("practice_commons", "templates"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=False,  # the output is Markdown; text is escaped with the `md` filter
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
        )
        self.topic_slug = paths.topic_slugs(list(commons.topics))
        self.env.filters.update(md=md, date=labels.date)
        self.env.globals.update(
            t=labels, link=self.link, href=self.href, today=today, ROLES=ROLES, TYPES=ARTEFACT_TYPES,
            index=paths.INDEX_PAGES, limit=PAGE_LIST_LIMIT, topic_href=self.topic_href,
            practice_href=self.practice_href, type_href=self.type_href,
        )  # fmt: skip

    # -- links, relative to the page being rendered --------------------------------

    @jinja2.pass_context
    def href(self, context: Any, target: str) -> str:
        return paths.relative(target, context["page"])

    @jinja2.pass_context
    def link(self, context: Any, entity: m.Entity | None, text: str | None = None) -> str:
        if entity is None:
            return ""
        label = md(text if text is not None else entity.title)
        return f"[{label}]({paths.relative(paths.source(entity), context['page'])})"

    @jinja2.pass_context
    def topic_href(self, context: Any, topic: str) -> str:
        return paths.relative(paths.topic_page(self.topic_slug[topic]), context["page"])

    @jinja2.pass_context
    def practice_href(self, context: Any, community: m.Community) -> str:
        return paths.relative(paths.practice_of(community), context["page"])

    @jinja2.pass_context
    def type_href(self, context: Any, kind: str) -> str:
        return paths.relative(paths.practice_type(kind), context["page"])

    def render(self, template: str, page: str, meta: dict[str, Any], **values: Any) -> str:
        body = self.env.get_template(template).render(page=page, **values)
        return _front_matter(meta) + body.strip() + "\n"


def _intro(content_dir: Path | None, path: str) -> tuple[dict[str, Any], str]:
    """A contributor's own page at a generated path: its front matter and body stay."""
    file = content_dir / path if content_dir else None
    if not file or not file.is_file():
        return {}, ""
    try:
        post = frontmatter.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError, ValueError):
        return {}, file.read_text(encoding="utf-8", errors="replace")
    meta = post.metadata if isinstance(post.metadata, dict) else {}
    return meta, post.content


def build_site_plan(
    commons: m.Commons,
    *,
    language: str = "en",
    today: dt.date | None = None,
    overrides: Path | None = None,
    content_dir: Path | None = None,
) -> SitePlan:
    """Render every page of the commons.

    ``overrides`` is a folder whose templates (same names as the packaged ones)
    and ``locales/<language>.yml`` labels win; ``content_dir`` lets a
    contributor's own page at a generated path (the home page, say) stay, with
    the generated content after it.
    """
    today = today or dt.date.today()
    t = Labels(language, overrides)
    r = _Renderer(commons, t, today, overrides)
    plan = SitePlan()
    expertise = expertise_by_topic(commons)

    def index(name: str, template: str, title: str, searchable: bool = False, **values: Any) -> None:
        path = paths.INDEX_PAGES.get(name, name)
        meta, intro = _intro(content_dir, path)
        meta = {"title": title, **meta}
        if not searchable:
            meta.setdefault("search", {"exclude": True})
        plan.pages[path] = r.render(template, path, meta, intro=intro.strip(), **values)

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
            "community.md.j2", c.path, meta, community=c, body=_split_heading(c.body), by_type=by_type,
            upcoming=upcoming[:5], recent=recent[:5],
        )  # fmt: skip
    for x in commons.members.values():
        profile = x.public_spec
        meta = {"title": x.title, "description": " · ".join(filter(None, [profile.job_title, profile.unit]))}
        plan.pages[x.path] = r.render(
            "member.md.j2", x.path, meta, member=x, profile=profile, body=_split_heading(x.body)
        )
    for a in commons.artefacts.values():
        meta = {"title": a.title, "description": a.spec.summary or a.title}
        plan.pages[a.path] = r.render("artefact.md.j2", a.path, meta, artefact=a, body=_split_heading(a.body))
    for e in commons.events.values():
        plan.pages[e.path] = r.render("event.md.j2", e.path, {"title": e.title}, event=e, body=_split_heading(e.body))
    for s in commons.stories.values():
        plan.pages[s.path] = r.render("story.md.j2", s.path, {"title": s.title}, story=s, body=_split_heading(s.body))
    for term in commons.terms.values():
        plan.pages[term.path] = r.render(
            "term.md.j2", term.path, {"title": term.title}, term=term, body=_split_heading(term.body)
        )

    # Topic pages: who knows a topic, and the practice on it.
    for topic, entry in expertise.items():
        path = paths.topic_page(r.topic_slug[topic])
        plan.pages[path] = r.render("topic.md.j2", path, {"title": topic}, topic=topic, entry=entry)

    # Index pages.
    communities = list(commons.communities.values())
    artefacts = list(commons.artefacts.values())
    index("home", "home.md.j2", t("nav_home"), searchable=True, communities=communities)
    index("communities", "communities.md.j2", t("communities"), communities=communities)
    people = sorted(commons.members.values(), key=lambda x: x.spec.name.casefold())
    index("people", "people.md.j2", t("directory"), people=people)
    units: dict[str, list[m.Member]] = defaultdict(list)
    for x in people:
        units[x.public_spec.unit or ""].append(x)
    index("units", "units.md.j2", t("by_unit"), units=dict(sorted(units.items(), key=lambda u: (not u[0], u[0]))))
    index("experts", "experts.md.j2", t("experts"), searchable=True, expertise=expertise)
    types = Counter(a.spec.type for a in artefacts)
    topic_counts = {topic: len(entry.artefacts) for topic, entry in expertise.items() if entry.artefacts}
    added = sorted(artefacts, key=lambda a: (_sort_date(a.spec.created), a.id), reverse=True)[:RECENT]
    updated = [a for a in artefacts if a.spec.updated and a.spec.updated != a.spec.created]
    updated = sorted(updated, key=lambda a: (a.spec.updated, a.id), reverse=True)[:RECENT]
    index(
        "practice", "practice.md.j2", t("library"), searchable=True, types=types, communities=communities,
        topic_counts=topic_counts, added=added, updated=updated,
    )  # fmt: skip
    for c in communities:
        ordered = sorted(c.artefacts, key=lambda a: (ARTEFACT_TYPES.index(a.spec.type), a.title.casefold()))
        index(paths.practice_of(c), "practice_community.md.j2", f"{t('practice')}: {c.title}",
              community=c, artefacts=ordered)  # fmt: skip
    for kind in ARTEFACT_TYPES:
        of_kind = sorted((a for a in artefacts if a.spec.type == kind), key=lambda a: a.title.casefold())
        index(paths.practice_type(kind), "practice_type.md.j2", t("types_" + kind), kind=kind, artefacts=of_kind)
    events = sorted(commons.events.values(), key=lambda e: _sort_date(e.spec.start))
    index(
        "events", "events.md.j2", t("events"),
        upcoming=[e for e in events if e.start_date >= today],
        past=[e for e in reversed(events) if e.start_date < today],
    )  # fmt: skip
    index("stories", "stories.md.j2", t("stories"), stories=list(commons.stories.values()))
    terms = sorted(commons.terms.values(), key=lambda x: x.title.casefold())
    index("glossary", "glossary.md.j2", t("glossary"), terms=terms)

    for asset in ASSETS:
        plan.assets[asset] = resources.files("practice_commons").joinpath(asset).read_bytes()
    plan.nav = [
        (t("nav_home"), paths.INDEX_PAGES["home"]),
        (t("nav_communities"), paths.INDEX_PAGES["communities"]),
        (t("nav_experts"), paths.INDEX_PAGES["experts"]),
        (t("nav_people"), paths.INDEX_PAGES["people"]),
        (t("nav_practice"), paths.INDEX_PAGES["practice"]),
        (t("nav_events"), paths.INDEX_PAGES["events"]),
        (t("nav_stories"), paths.INDEX_PAGES["stories"]),
        (t("nav_glossary"), paths.INDEX_PAGES["glossary"]),
    ]
    return plan
