"""Who knows what: declared and demonstrated expertise by topic."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from . import model as m
from .vocabulary import LEVELS


@dataclass
class Expert:
    member: m.Member
    #: What the member says (learning | practitioner | expert), or None.
    declared: str | None = None
    #: Artefacts on the topic the member authored or reviewed.
    demonstrated: list[m.Artefact] = field(default_factory=list)


@dataclass
class TopicExpertise:
    topic: str
    experts: list[Expert]
    artefacts: list[m.Artefact]


def _rank(expert: Expert) -> tuple[int, int, str]:
    level = LEVELS.index(expert.declared) if expert.declared else -1
    return (-level, -len(expert.demonstrated), expert.member.spec.name.casefold())


def expertise_by_topic(commons: m.Commons) -> dict[str, TopicExpertise]:
    """Every topic with its people, strongest first, and its artefacts.

    Declared expertise comes from members' ``expertise``; demonstrated expertise
    from the artefacts on the topic they authored or reviewed. Linear in the
    size of the commons.

    >>> # expertise_by_topic(commons)["Sampling"].experts[0].member.id -> 'amara-diallo'
    """
    result: dict[str, TopicExpertise] = {}
    declared: dict[m.Member, dict[str, str]] = {}  # each member's levels by topic, made once, not once a topic
    for topic, carriers in commons.topics.items():
        experts: dict[m.Member, Expert] = {}
        artefacts = []
        for entity in carriers:
            if isinstance(entity, m.Member):
                levels = declared.get(entity)
                if levels is None:
                    levels = declared[entity] = dict(entity.expertise)
                expert = experts.get(entity) or experts.setdefault(entity, Expert(entity))
                expert.declared = levels.get(topic)
            else:
                artefacts.append(entity)
        by_member: dict[m.Member, list[m.Artefact]] = defaultdict(list)
        for artefact in artefacts:
            for person in dict.fromkeys(artefact.authors + artefact.reviewers):
                by_member[person].append(artefact)
        for person, work in by_member.items():
            expert = experts.get(person) or experts.setdefault(person, Expert(person))
            expert.demonstrated = work
        result[topic] = TopicExpertise(topic, sorted(experts.values(), key=_rank), artefacts)
    return result


@dataclass
class MemberTopic:
    topic: str
    #: What the member says (learning | practitioner | expert), or None.
    declared: str | None = None
    #: Artefacts on the topic they authored or reviewed, and talks they gave whose outputs are on it.
    demonstrated: list[m.Artefact | m.Event] = field(default_factory=list)


def member_expertise(member: m.Member) -> list[MemberTopic]:
    """A member's topics, declared beside demonstrated, strongest first.

    Demonstrated: the topics of the artefacts they authored or reviewed, and of the
    outputs of the talks they gave. Bounded by the member's own work, not by the commons.
    """
    found: dict[str, MemberTopic] = {topic: MemberTopic(topic, level) for topic, level in member.expertise}

    def entry(topic: str) -> MemberTopic:  # not ``setdefault``, which would make an entry for every topic seen
        return found.get(topic) or found.setdefault(topic, MemberTopic(topic))

    for artefact in dict.fromkeys(member.authored + member.reviewed):
        for topic in artefact.topics:
            entry(topic).demonstrated.append(artefact)
    for event in member.spoke_at:
        for topic in dict.fromkeys(t for output in event.outputs for t in output.topics):
            entry(topic).demonstrated.append(event)

    def rank(entry: MemberTopic) -> tuple[int, int, str]:
        level = LEVELS.index(entry.declared) if entry.declared else -1
        return (-level, -len(entry.demonstrated), entry.topic.casefold())

    return sorted(found.values(), key=rank)


#: The groups a topic's people are listed in, strongest first; "demonstrated": no declared level, only work.
GROUPS = ("expert", "practitioner", "learning", "demonstrated")


def by_level(experts: list[Expert]) -> list[tuple[str, list[Expert]]]:
    """``experts`` grouped by declared level (see ``GROUPS``), each group in the given order; empty groups left out."""
    groups: dict[str, list[Expert]] = {group: [] for group in GROUPS}
    for expert in experts:
        groups[expert.declared or "demonstrated"].append(expert)
    return [(group, people) for group, people in groups.items() if people]
