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
    for topic, carriers in commons.topics.items():
        experts: dict[m.Member, Expert] = {}
        artefacts = []
        for entity in carriers:
            if isinstance(entity, m.Member):
                level = dict(entity.expertise).get(topic)
                experts.setdefault(entity, Expert(entity)).declared = level
            else:
                artefacts.append(entity)
        by_member: dict[m.Member, list[m.Artefact]] = defaultdict(list)
        for artefact in artefacts:
            for person in dict.fromkeys(artefact.authors + artefact.reviewers):
                by_member[person].append(artefact)
        for person, work in by_member.items():
            experts.setdefault(person, Expert(person)).demonstrated = work
        result[topic] = TopicExpertise(topic, sorted(experts.values(), key=_rank), artefacts)
    return result
