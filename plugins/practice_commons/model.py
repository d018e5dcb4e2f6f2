"""The resolved commons: typed entities cross-referenced in both directions.

Every reference in the content becomes a link both ways (Backstage-style): an
artefact lists its authors and a member lists what they wrote. Entities are
built by ``resolve.py`` and read-only afterwards: relations are tuples.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import schema as s
from .vocabulary import ROLES


def build_date() -> dt.date:
    """The date the commons is read on: ``SOURCE_DATE_EPOCH`` (reproducible builds) wins, else today.

    It decides what is upcoming and what is overdue on the built pages (the pages' script decides
    again in the reader's browser), so the same content and epoch give the same site.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch.isdigit() else dt.date.today()


@dataclass(eq=False)
class Entity:
    id: str
    path: str
    body: str
    body_line: int

    kind = ""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}>"


@dataclass(eq=False, repr=False)
class KeyQuestion:
    id: str
    question: str
    community: Community
    answered_by: tuple[Artefact, ...] = ()

    @property
    def is_open(self) -> bool:
        return not self.answered_by


@dataclass(eq=False, repr=False)
class Community(Entity):
    spec: s.CommunitySpec = field(default=None)  # type: ignore[assignment]
    key_questions: tuple[KeyQuestion, ...] = ()
    #: Members by role, each member once under their strongest role.
    members_by_role: Mapping[str, tuple[Member, ...]] = field(default_factory=dict)
    coordinators: tuple[Member, ...] = ()
    core_group: tuple[Member, ...] = ()
    sponsors: tuple[Member, ...] = ()
    artefacts: tuple[Artefact, ...] = ()
    events: tuple[Event, ...] = ()
    stories: tuple[Story, ...] = ()
    terms: tuple[Term, ...] = ()
    related: tuple[Community, ...] = ()

    kind = "community"

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def members(self) -> tuple[Member, ...]:
        return tuple(m for role in ROLES for m in self.members_by_role.get(role, ()))

    @property
    def open_questions(self) -> tuple[KeyQuestion, ...]:
        return tuple(q for q in self.key_questions if q.is_open)


@dataclass(eq=False, repr=False)
class Member(Entity):
    #: What may be published: every field the member keeps ``private`` (and, for a public
    #: audience, every internal-only field) is already empty here, so no page or export can leak it.
    spec: s.MemberSpec = field(default=None)  # type: ignore[assignment]
    #: (community, role) pairs; a coordinator named by a community file is one here.
    memberships: tuple[tuple[Community, str], ...] = ()
    #: (canonical topic label, level) pairs.
    expertise: tuple[tuple[str, str], ...] = ()
    authored: tuple[Artefact, ...] = ()
    reviewed: tuple[Artefact, ...] = ()
    hosted: tuple[Event, ...] = ()
    spoke_at: tuple[Event, ...] = ()
    attended: tuple[Event, ...] = ()
    narrated: tuple[Story, ...] = ()
    mentors: tuple[Member, ...] = ()
    mentees: tuple[Member, ...] = ()
    #: The published photo's path in the content directory, set once the file is checked (``photos.py``).
    photo: str | None = None

    kind = "member"

    @property
    def title(self) -> str:
        return self.spec.name


@dataclass(eq=False, repr=False)
class Artefact(Entity):
    spec: s.ArtefactSpec = field(default=None)  # type: ignore[assignment]
    community: Community = field(default=None)  # type: ignore[assignment]
    communities: tuple[Community, ...] = ()
    authors: tuple[Member, ...] = ()
    reviewers: tuple[Member, ...] = ()
    topics: tuple[str, ...] = ()  # canonical labels
    answers: tuple[KeyQuestion, ...] = ()
    related: tuple[Artefact, ...] = ()
    derived_from: tuple[Artefact, ...] = ()
    derivatives: tuple[Artefact, ...] = ()
    #: (relation, entity) pairs of everything that cites this artefact.
    referenced_by: tuple[tuple[str, Entity], ...] = ()
    #: the cover image as checked by ``covers.py``: a path in the content folder, an allowed URL, or None
    cover: str | None = None

    kind = "artefact"

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def lineage(self) -> tuple[Artefact, ...]:
        """Ancestors through ``derived_from``, nearest first (cycles cut by validation)."""
        seen: list[Artefact] = []
        frontier = list(self.derived_from)
        while frontier:
            parent = frontier.pop(0)
            if parent is not self and parent not in seen:
                seen.append(parent)
                frontier.extend(parent.derived_from)
        return tuple(seen)

    @property
    def connections(self) -> tuple[tuple[Entity, tuple[str, ...]], ...]:
        """What this artefact lists as related and what cites it, each entity once with every way it is linked.

        Related both ways is one "related"; derivatives are left to the lineage, which lists them already.
        """
        found: dict[Entity, list[str]] = {x: ["related"] for x in self.related}
        for relation, x in self.referenced_by:
            if relation == "derived_from":
                continue
            ways = found.setdefault(x, [])
            if relation not in ways:
                ways.append(relation)
        return tuple((x, tuple(ways)) for x, ways in found.items())

    def review_overdue(self, today: dt.date) -> bool:
        return self.spec.review_by is not None and self.spec.review_by < today


@dataclass(eq=False, repr=False)
class Event(Entity):
    spec: s.EventSpec = field(default=None)  # type: ignore[assignment]
    community: Community = field(default=None)  # type: ignore[assignment]
    hosts: tuple[Member, ...] = ()
    speakers: tuple[Member, ...] = ()
    attendees: tuple[Member, ...] = ()
    outputs: tuple[Artefact, ...] = ()

    kind = "event"

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def start_date(self) -> dt.date:
        start = self.spec.start
        return start.date() if isinstance(start, dt.datetime) else start


@dataclass(frozen=True)
class Evidence:
    """What backs a story step: an entity, or a metric in words."""

    text: str
    entity: Entity | None = None


@dataclass(eq=False, repr=False)
class StoryStep:
    cycle: str
    text: str
    when: dt.date | None
    evidence: tuple[Evidence, ...]


@dataclass(eq=False, repr=False)
class Story(Entity):
    spec: s.StorySpec = field(default=None)  # type: ignore[assignment]
    communities: tuple[Community, ...] = ()
    narrators: tuple[Member, ...] = ()
    steps: tuple[StoryStep, ...] = ()

    kind = "story"

    @property
    def title(self) -> str:
        return self.spec.title


@dataclass(eq=False, repr=False)
class Term(Entity):
    spec: s.TermSpec = field(default=None)  # type: ignore[assignment]
    communities: tuple[Community, ...] = ()

    kind = "term"

    @property
    def title(self) -> str:
        return self.spec.term


@dataclass(frozen=True)
class Commons:
    """Everything in one commons, by kind and id."""

    communities: Mapping[str, Community]
    members: Mapping[str, Member]
    artefacts: Mapping[str, Artefact]
    events: Mapping[str, Event]
    stories: Mapping[str, Story]
    terms: Mapping[str, Term]
    #: canonical topic label -> artefacts and members that carry it
    topics: Mapping[str, tuple[Artefact | Member, ...]]

    def counts(self) -> dict[str, int]:
        return {
            "communities": len(self.communities),
            "members": len(self.members),
            "artefacts": len(self.artefacts),
            "events": len(self.events),
            "stories": len(self.stories),
            "terms": len(self.terms),
            "topics": len(self.topics),
        }
