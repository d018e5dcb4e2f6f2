"""The JSON API under ``/api/``: one document per collection, its JSON Schema beside it.

Each collection (communities, members, artefacts, events, stories, terms,
experts by topic) is split into documents of ``paths.API_PAGE_SIZE`` items
linked by ``next``/``prev``, so that no file grows without bound; ``index.json``
lists them all with the API ``version`` and the generation time, plus any other
JSON document the plan holds under ``api/`` (the relationship graph, say). Every
document is built from pydantic models whose ``model_json_schema()`` is
published under ``api/schema/``; items come from the resolved model, so a
member's private fields, relations included, are already absent.

Links are relative to the document that holds them (the API works under any
sub-path); dates are ISO 8601.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from .. import model as m
from ..links import link_entities
from . import paths
from .export import Export

#: Bumped when a field changes meaning or goes away; new fields do not bump it.
API_VERSION = 1
JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
#: The file every document and schema here is relative to.
_HERE = "api/index.json"


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Ref(_Out):
    """Another entity: its id and its page, relative to this document."""

    id: str
    url: str


class KeyQuestion(_Out):
    id: str
    question: str
    answered_by: list[str] = Field(description="ids of the artefacts that answer it; empty: an open question")


class Role(_Out):
    member: str
    role: str


class Channel(_Out):
    name: str
    url: str


class Community(_Out):
    id: str
    url: str
    title: str
    domain: str
    stage: str
    key_questions: list[KeyQuestion]
    coordinators: list[str]
    core_group: list[str]
    sponsors: list[str]
    members: list[Role] = Field(description="every member once, under their strongest role")
    value_proposition: str | None
    business_problems: list[str]
    rhythm: dict[str, Any] | None
    channels: list[Channel]
    resources: dict[str, str | None] | None
    founded: dt.date | None
    related: list[str]
    artefact_count: int
    practice_url: str
    calendar: str
    feed: str | None
    embed: str


class Expertise(_Out):
    topic: str
    level: str


class Membership(_Out):
    community: str
    role: str


class Contact(_Out):
    email: str | None
    chat: str | None
    phone: str | None
    office: str | None


class Member(_Out):
    id: str
    url: str
    name: str
    job_title: str | None
    unit: str | None
    location: str | None
    expertise: list[Expertise]
    memberships: list[Membership]
    mentors: list[str]
    mentees: list[str]
    open_to: list[str]
    contact: Contact | None
    authored: list[str]
    reviewed: list[str]
    card: str = Field(description="the member's card, to embed in an intranet page")


class Answer(_Out):
    community: str
    question: str


class Resource(_Out):
    title: str
    url: str
    type: str = Field(description="web, video, book, podcast, article, course, tool or dataset")
    note: str | None


class Artefact(_Out):
    id: str
    url: str
    title: str
    type: str
    summary: str | None
    status: str
    community: str
    communities: list[str]
    authors: list[str]
    reviewers: list[str]
    topics: list[str]
    tags: list[str]
    answers: list[Answer]
    related: list[str]
    derived_from: list[str]
    created: dt.date | None
    updated: dt.date | None
    review_by: dt.date | None
    cover: str | None = Field(description="the cover image, relative to this document or on an allowed host")
    cover_alt: str | None
    resources: list[Resource]


class Event(_Out):
    id: str
    url: str
    title: str
    community: str
    kind: str
    start: dt.datetime | dt.date = Field(description="local time in `timezone` (or a whole day)")
    end: dt.datetime | dt.date | None
    timezone: str | None
    start_utc: dt.datetime | None = Field(description="the start as a UTC instant, when the time zone is known")
    end_utc: dt.datetime | None
    location: str | None
    online: str | None
    hosts: list[str]
    speakers: list[str]
    attendees: list[str]
    attendance: int | None
    outputs: list[str]
    calendar: str


class Evidence(_Out):
    text: str
    kind: str | None
    id: str | None


class Step(_Out):
    cycle: str
    text: str
    when: dt.date | None
    evidence: list[Evidence]


class Story(_Out):
    id: str
    url: str
    title: str
    status: str
    communities: list[str]
    narrators: list[str]
    value_for: list[str]
    horizon: list[str]
    value: list[str]
    steps: list[Step]


class Term(_Out):
    id: str
    url: str
    term: str
    aliases: list[str]
    communities: list[str]


class Expert(_Out):
    member: str
    declared: str | None = Field(description="learning | practitioner | expert, as the member says; or null")
    demonstrated: int = Field(description="how many artefacts on the topic the member authored or reviewed")


class Topic(_Out):
    topic: str
    url: str
    experts: list[Expert] = Field(description="strongest first")
    artefacts: list[str]


Item = TypeVar("Item", bound=BaseModel)


class Collection(_Out, Generic[Item]):
    """One document of a collection; ``next`` and ``prev`` link its neighbours."""

    schema_: str = Field(alias="$schema")
    version: int
    generated: dt.datetime
    collection: str
    total: int
    page: int
    pages: int
    first: str
    last: str
    prev: str | None
    next: str | None
    items: list[Item]


class Document(_Out):
    name: str
    url: str
    schema_: str | None = Field(alias="schema", default=None)
    total: int | None = None
    pages: int | None = None


class Index(_Out):
    schema_: str = Field(alias="$schema")
    version: int
    generated: dt.datetime
    site_url: str | None
    documents: list[Document] = Field(description="the collections, and other documents of the API")
    feeds: list[Document]
    calendars: list[Document]


# -- items from the model ---------------------------------------------------------


def _ids(entities: Iterable[m.Entity]) -> list[str]:
    return [e.id for e in entities]


def _utc(value: dt.date | dt.datetime | None, zone: str | None) -> dt.datetime | None:
    if not isinstance(value, dt.datetime) or not zone:
        return None
    local = value if value.tzinfo else value.replace(tzinfo=ZoneInfo(zone))
    return local.astimezone(dt.UTC)


class _Items:
    def __init__(self, x: Export) -> None:
        self.x = x

    def page(self, entity: m.Entity) -> str:
        return self.x.href(entity.path, _HERE)

    def community(self, c: m.Community) -> Community:
        spec, x = c.spec, self.x
        return Community(
            id=c.id, url=self.page(c), title=c.title, domain=spec.domain, stage=spec.stage,
            key_questions=[KeyQuestion(id=q.id, question=q.question, answered_by=_ids(q.answered_by))
                           for q in c.key_questions],
            coordinators=_ids(c.coordinators), core_group=_ids(c.core_group), sponsors=_ids(c.sponsors),
            members=[Role(member=person.id, role=role) for role, people in c.members_by_role.items()
                     for person in people],
            value_proposition=spec.value_proposition, business_problems=list(spec.business_problems),
            rhythm=spec.rhythm.model_dump() if spec.rhythm else None,
            channels=[Channel(name=ch.name, url=ch.url) for ch in spec.channels],
            resources=spec.resources.model_dump() if spec.resources else None,
            founded=spec.founded, related=_ids(c.related), artefact_count=len(c.artefacts),
            practice_url=x.href(paths.practice_of(c), _HERE), calendar=x.href(paths.calendar(c), _HERE),
            feed=x.href(paths.community_feed(c), _HERE) if x.site_url else None,
            embed=x.href(paths.community_embed(c), _HERE),
        )  # fmt: skip

    def member(self, person: m.Member) -> Member:
        spec = person.spec  # the published view: private fields are empty here
        contact = spec.contact
        return Member(
            id=person.id, url=self.page(person), name=spec.name, job_title=spec.job_title, unit=spec.unit,
            location=spec.location,
            expertise=[Expertise(topic=topic, level=level) for topic, level in person.expertise],
            memberships=[Membership(community=c.id, role=role) for c, role in person.memberships],
            mentors=_ids(person.mentors), mentees=_ids(person.mentees), open_to=list(spec.open_to),
            contact=Contact(**contact.model_dump()) if contact and any(contact.model_dump().values()) else None,
            authored=_ids(person.authored), reviewed=_ids(person.reviewed),
            card=self.x.href(paths.member_card(person), _HERE),
        )  # fmt: skip

    def artefact(self, a: m.Artefact) -> Artefact:
        spec = a.spec
        return Artefact(
            id=a.id, url=self.page(a), title=a.title, type=spec.type, summary=spec.summary, status=spec.status,
            community=a.community.id, communities=_ids(a.communities), authors=_ids(a.authors),
            reviewers=_ids(a.reviewers), topics=list(a.topics), tags=list(spec.tags),
            answers=[Answer(community=q.community.id, question=q.id) for q in a.answers],
            related=_ids(a.related), derived_from=_ids(a.derived_from), created=spec.created,
            updated=spec.updated, review_by=spec.review_by,
            cover=(a.cover if "://" in a.cover else self.x.href(a.cover, _HERE)) if a.cover else None,
            cover_alt=spec.cover_alt if a.cover else None,
            resources=[Resource(**r.model_dump()) for r in spec.resources],
        )  # fmt: skip

    def event(self, e: m.Event) -> Event:
        spec = e.spec
        return Event(
            id=e.id, url=self.page(e), title=e.title, community=e.community.id, kind=spec.kind,
            start=spec.start, end=spec.end, timezone=spec.timezone,
            start_utc=_utc(spec.start, spec.timezone), end_utc=_utc(spec.end, spec.timezone),
            location=spec.location, online=spec.url, hosts=_ids(e.hosts), speakers=_ids(e.speakers),
            attendees=_ids(e.attendees), attendance=spec.attendance, outputs=_ids(e.outputs),
            calendar=self.x.href(paths.event_calendar(e), _HERE),
        )  # fmt: skip

    def story(self, s: m.Story) -> Story:
        spec = s.spec
        steps = [
            Step(cycle=step.cycle, text=step.text, when=step.when, evidence=[
                Evidence(text=ev.text, kind=ev.entity.kind if ev.entity else None,
                         id=ev.entity.id if ev.entity else None)
                for ev in step.evidence
            ])
            for step in s.steps
        ]  # fmt: skip
        return Story(
            id=s.id, url=self.page(s), title=s.title, status=spec.status, communities=_ids(s.communities),
            narrators=_ids(s.narrators), value_for=list(spec.value_for), horizon=list(spec.horizon),
            value=list(spec.value), steps=steps,
        )  # fmt: skip

    def term(self, term: m.Term) -> Term:
        return Term(id=term.id, url=self.page(term), term=term.title, aliases=list(term.spec.aliases),
                    communities=_ids(term.communities))  # fmt: skip

    def topic(self, topic: str) -> Topic:
        entry = self.x.expertise[topic]
        return Topic(
            topic=topic, url=self.x.href(paths.topic_page(self.x.topic_slug[topic]), _HERE),
            # Dicts, which pydantic makes into Experts in one pass: 53,000 Expert() calls at 10,000 artefacts.
            experts=[{"member": e.member.id, "declared": e.declared, "demonstrated": len(e.demonstrated)}
                     for e in entry.experts],
            artefacts=_ids(entry.artefacts),
        )  # fmt: skip


def _dump(model: BaseModel) -> bytes:
    # Compact: the pages are read by programs; a person reads the documentation page. pydantic's own
    # serialiser writes what json.dumps(ensure_ascii=False, separators=(",", ":")) wrote for these models
    # (no float fields), in a third of the time: 13,700 items at 10,000 artefacts.
    return model.model_dump_json(by_alias=True).encode("utf-8")


def schema_of(model: type[BaseModel]) -> dict[str, Any]:
    """The published JSON Schema of a document model (draft 2020-12)."""
    return {"$schema": JSON_SCHEMA, **model.model_json_schema(mode="serialization", by_alias=True)}


def _file(path: str) -> str:
    """``path`` relative to the API folder, where every document and schema sits."""
    return path.removeprefix("api/")


_COLLECTIONS = ("communities", "members", "artefacts", "events", "stories", "terms", "experts")


def collections(x: Export) -> dict[str, tuple[type[BaseModel], list[Any], Callable[[Any], BaseModel]]]:
    """Each published collection: item model, entities in a stable order, and how an entity becomes an item."""
    items, c = _Items(x), x.commons
    by_id = sorted
    return {
        "communities": (Community, by_id(c.communities.values(), key=lambda e: e.id), items.community),
        "members": (Member, by_id(c.members.values(), key=lambda e: e.id), items.member),
        "artefacts": (Artefact, by_id(c.artefacts.values(), key=lambda e: e.id), items.artefact),
        "events": (Event, by_id(c.events.values(), key=lambda e: e.id), items.event),
        "stories": (Story, by_id(c.stories.values(), key=lambda e: e.id), items.story),
        "terms": (Term, by_id(c.terms.values(), key=lambda e: e.id), items.term),
        "experts": (Topic, sorted(x.expertise, key=str.casefold), items.topic),
    }


def other_documents(assets: Mapping[str, bytes]) -> list[Document]:
    """JSON documents other parts of the plan publish in ``api/`` (the relationship graph...), for the index."""
    found = []
    for path in sorted(assets):
        name = _file(path)
        stem = name.removesuffix(".json")
        if path.startswith("api/") and name.endswith(".json") and "/" not in name and stem != "index":
            if stem not in _COLLECTIONS and not re.search(r"-page-\d+$", stem):
                found.append(Document(name=stem, url=name))
    return found


def _chunks(items: list[bytes]) -> list[list[bytes]]:
    """Items in pages of at most ``API_PAGE_SIZE`` items and about ``API_PAGE_BYTES``: no file grows unbounded."""
    chunks: list[list[bytes]] = [[]]
    size = 0
    for item in items:
        if chunks[-1] and (len(chunks[-1]) >= paths.API_PAGE_SIZE or size + len(item) > paths.API_PAGE_BYTES):
            chunks.append([])
            size = 0
        chunks[-1].append(item)
        size += len(item) + 1
    return chunks


def add(plan: Any, x: Export) -> None:
    """Write every collection, its schema, the index and the documentation page into ``plan``."""
    documents: list[Document] = []
    examples: dict[str, str] = {}
    for name, (item_model, entities, make) in collections(x).items():
        model = Collection[item_model]  # type: ignore[valid-type]
        schema = paths.api_schema(name)
        plan.assets[schema] = json.dumps(schema_of(model), indent=2).encode("utf-8")
        items = [make(entity) for entity in entities]
        if items:
            examples[name] = json.dumps(items[0].model_dump(mode="json"), indent=2, ensure_ascii=False)
        chunks = _chunks([_dump(item) for item in items])
        pages = len(chunks)

        def link(page: int, name: str = name) -> str:
            return _file(paths.api_document(name, page))

        for page, chunk in enumerate(chunks, start=1):
            envelope = model(
                **{"$schema": _file(schema)}, version=API_VERSION, generated=x.generated, collection=name,
                total=len(entities), page=page, pages=pages, first=link(1), last=link(pages),
                prev=link(page - 1) if page > 1 else None, next=link(page + 1) if page < pages else None,
                items=[],
            )  # fmt: skip
            # The items are serialised once, to measure the pages, and joined into their envelope here.
            head = _dump(envelope).removesuffix(b"[]}")
            plan.assets[paths.api_document(name, page)] = head + b"[" + b",".join(chunk) + b"]}"
        documents.append(
            Document(name=name, url=link(1), schema=_file(schema), total=len(entities), pages=pages)
        )  # fmt: skip
    documents += other_documents(plan.assets)
    feeds = [Document(name=path, url=x.href(path, _HERE)) for path in sorted(plan.assets) if path.startswith("feeds/")]
    calendars = [
        Document(name=path, url=x.href(path, _HERE))
        for path in sorted(plan.assets)
        if path.startswith("calendar/") and not path.startswith("calendar/events/")
    ]
    index = Index(
        **{"$schema": _file(paths.api_schema("index"))}, version=API_VERSION, generated=x.generated,
        site_url=x.site_url, documents=documents, feeds=feeds, calendars=calendars,
    )  # fmt: skip
    plan.assets[paths.api_schema("index")] = json.dumps(schema_of(Index), indent=2).encode("utf-8")
    plan.assets[_HERE] = _dump(index)

    page = paths.INDEX_PAGES["api"]
    own = x.pages.get(page)  # a contributor's introduction stays above the generated part
    title = x.labels("api_title")
    meta = {"title": title, **(own.data if own else {})}
    meta.setdefault("search", {"exclude": True})
    intro = link_entities(own.body.strip(), page, x.commons) if own else ""
    plan.add(
        page, "api.html", meta, intro, title=title, intro_title=bool(re.match(r"\A\s*#\s", intro)),
        documents=documents, examples=examples, page_size=paths.API_PAGE_SIZE, version=API_VERSION,
    )  # fmt: skip


__all__ = ["API_VERSION", "add", "collections", "schema_of"]
