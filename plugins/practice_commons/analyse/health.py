"""Health: each community checked against the success factors of Wenger's quick start guide.

Community side: an energising domain for a core group, a skilled coordinator, expert
participation, attention to the details of practice, a good rhythm and mix of activities.
Organisation side: strategic relevance, visible sponsorship, adequate resources, value
made visible. Each factor gets a plain status (not a score), the evidence behind it and,
when it is not in place, a next step chosen for the community's stage. Participation
rings are set beside the rule of thumb as a soft signal. Findings that depend on the
date say so: they are read at ``today`` (the build date).

Findings are label keys with their values: the pages and the CLI word them in the
site's language (``health_ev_<key>`` and ``health_next_<factor>_<stage group>``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .. import model as m
from ..vocabulary import CYCLES
from .rhythm import YEAR, Rhythm, rhythm
from .value import reached

IN_PLACE, PARTLY, NOT_YET, TOO_EARLY = "in-place", "partly", "not-yet", "too-early"
#: The plain levels a factor can be at, best first.
STATUSES = (IN_PLACE, PARTLY, NOT_YET, TOO_EARLY)
COMMUNITY_FACTORS = ("domain", "coordinator", "experts", "practice", "rhythm")
ORGANISATION_FACTORS = ("relevance", "sponsorship", "resources", "value")
FACTORS = COMMUNITY_FACTORS + ORGANISATION_FACTORS
#: Stages grouped for wording next steps: starting out, established, changing shape.
STAGE_GROUPS = {
    "potential": "early",
    "coalescing": "early",
    "maturing": "grown",
    "stewardship": "grown",
    "transformation": "late",
}
#: The rule of thumb for participation, as shares of members: (low, high).
RULE_OF_THUMB = {"core": (0.10, 0.15), "active": (0.15, 0.20)}
#: The periphery is expected to be most of the community: below this share it is small.
PERIPHERY_LOW = 0.5
#: Below this many members the proportions say little.
RINGS_MIN_MEMBERS = 10
#: A community younger than this is too young to judge its rhythm.
YOUNG = dt.timedelta(days=182)


@dataclass(frozen=True)
class Labelled:
    """Ids a finding shows by their labels (``prefix`` + id), such as kinds of event."""

    prefix: str
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """One piece of evidence: a label key (``health_ev_<key>``) and the values it shows."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Factor:
    id: str
    status: str
    evidence: tuple[Finding, ...]
    #: Whether the status depends on the date it was read (the build date).
    dated: bool = False

    @property
    def side(self) -> str:
        return "community" if self.id in COMMUNITY_FACTORS else "organisation"


@dataclass(frozen=True)
class Rings:
    """Members by participation beside the rule of thumb (sponsors are not counted)."""

    core: int
    active: int
    periphery: int
    #: Label key of the soft signal (``health_rings_<signal>``).
    signal: str

    @property
    def total(self) -> int:
        return self.core + self.active + self.periphery

    def share(self, ring: str) -> int:
        """Percentage of members in ``ring`` (core | active | periphery)."""
        return round(100 * getattr(self, ring) / self.total) if self.total else 0


@dataclass(frozen=True)
class Health:
    community: m.Community
    today: dt.date
    factors: tuple[Factor, ...]
    rings: Rings
    rhythm: Rhythm

    @property
    def stage_group(self) -> str:
        return STAGE_GROUPS[self.community.spec.stage]

    def next_step(self, factor: Factor) -> str | None:
        """Label key of the next step for ``factor``, worded for the stage; None when it is in place."""
        if factor.status == IN_PLACE:
            return None
        return f"health_next_{factor.id}_{self.stage_group}"

    def count(self, status: str) -> int:
        return sum(1 for f in self.factors if f.status == status)


def _status(met: list[bool]) -> str:
    return IN_PLACE if all(met) else NOT_YET if not any(met) else PARTLY


def _domain(c: m.Community) -> Factor:
    answered = [q for q in c.key_questions if not q.is_open]
    evidence = [
        Finding("questions", {"count": len(c.key_questions), "answered": len(answered)})
        if c.key_questions
        else Finding("no_questions"),
        Finding("core", {"count": len(c.core_group), "names": c.core_group}) if c.core_group else Finding("no_core"),
    ]
    return Factor("domain", _status([bool(c.key_questions), bool(answered), len(c.core_group) >= 3]), tuple(evidence))


def _coordinator(c: m.Community) -> Factor:
    if not c.coordinators:
        return Factor("coordinator", NOT_YET, (Finding("no_coordinator"),))
    evidence = [Finding("coordinators", {"names": c.coordinators})]
    mentees = tuple(dict.fromkeys(x for coordinator in c.coordinators for x in coordinator.mentees))
    if mentees:
        evidence.append(Finding("mentees", {"names": mentees}))
    if len(c.coordinators) > 1:
        evidence.append(Finding("several_coordinators"))
    if not mentees and len(c.coordinators) == 1:
        evidence.append(Finding("no_successor"))
    return Factor("coordinator", IN_PLACE if mentees or len(c.coordinators) > 1 else PARTLY, tuple(evidence))


def _active_people(c: m.Community, since: dt.date, today: dt.date) -> set[m.Member]:
    """Who took part in ``c``'s events or wrote or reviewed its practice between ``since`` and ``today``."""
    people: set[m.Member] = set()
    for e in c.events:
        if since <= e.start_date <= today:
            people.update(e.hosts + e.speakers + e.attendees)
    for a in c.artefacts:
        day = a.spec.updated or a.spec.created
        if day is not None and since <= day <= today:
            people.update(a.authors + a.reviewers)
    return people


def _experts(c: m.Community, today: dt.date) -> Factor:
    active = _active_people(c, today - YEAR, today)
    # A sponsor backs the community; they are not expected to take part as one of its experts.
    members = (x for x in c.members if x not in c.sponsors or x in active)
    candidates = dict.fromkeys((*members, *sorted(active, key=lambda x: x.id)))
    experts = [x for x in candidates if any(level == "expert" for _, level in x.expertise)]
    if not experts:
        return Factor("experts", NOT_YET, (Finding("no_experts"),), dated=True)
    busy = tuple(x for x in experts if x in active)
    quiet = tuple(x for x in experts if x not in active)
    evidence = []
    if busy:
        evidence.append(Finding("experts_active", {"names": busy, "date": today}))
    if quiet:
        evidence.append(Finding("experts_quiet", {"names": quiet, "date": today}))
    return Factor("experts", IN_PLACE if busy else PARTLY, tuple(evidence), dated=True)


def _practice(c: m.Community, today: dt.date) -> Factor:
    artefacts = [a for a in c.artefacts if a.spec.status != "archived"]
    if not artefacts:
        return Factor("practice", NOT_YET, (Finding("no_artefacts"),), dated=True)
    reviewed = sum(1 for a in artefacts if a.reviewers)
    overdue = tuple(a for a in artefacts if a.review_overdue(today))
    answered = sum(1 for q in c.key_questions if not q.is_open)
    evidence = [Finding("reviewed", {"reviewed": reviewed, "count": len(artefacts)})]
    evidence.append(
        Finding("overdue", {"names": overdue, "date": today}) if overdue else Finding("no_overdue", {"date": today})
    )
    if c.key_questions:
        evidence.append(Finding("answered", {"answered": answered, "count": len(c.key_questions)}))
    met = [2 * reviewed >= len(artefacts), not overdue, 2 * answered >= len(c.key_questions)]
    return Factor("practice", IN_PLACE if all(met) else PARTLY, tuple(evidence), dated=True)


def _rhythm(c: m.Community, r: Rhythm) -> Factor:
    evidence = [Finding("events_year", {"count": len(r.last_year), "date": r.today})]
    if c.spec.rhythm:  # what the community says it does, beside what the commons records
        evidence.insert(0, Finding("declared", {"text": c.spec.rhythm.cadence}))
    if r.median_interval is not None:
        evidence.append(Finding("median", {"days": round(r.median_interval)}))
    for gap in r.gaps:
        if gap.before is None:
            evidence.append(Finding("gap_ongoing", {"days": gap.days, "last": gap.after.start_date}))
        else:
            evidence.append(Finding("gap", {"days": gap.days, "after": gap.after.start_date}))
    evidence.append(Finding("next", {"names": (r.next,)}) if r.next else Finding("no_next"))
    if r.kinds:
        evidence.append(Finding("kinds", {"kinds": Labelled("kind_", tuple(k for k, _ in r.kinds))}))
    if not r.last_year and not r.upcoming:
        status = NOT_YET
    elif len(r.last_year) >= 3 and not r.ongoing_gap and len(r.kinds) >= 2:
        status = IN_PLACE
    elif c.spec.founded and r.today - c.spec.founded < YOUNG:
        status = TOO_EARLY
    else:
        status = PARTLY
    return Factor("rhythm", status, tuple(evidence), dated=True)


def _relevance(c: m.Community) -> Factor:
    spec = c.spec
    evidence = (
        Finding("value_proposition" if spec.value_proposition else "no_value_proposition"),
        Finding("business_problems", {"count": len(spec.business_problems)})
        if spec.business_problems
        else Finding("no_business_problems"),
    )
    return Factor("relevance", _status([bool(spec.value_proposition), bool(spec.business_problems)]), evidence)


def _sponsorship(c: m.Community) -> Factor:
    if c.sponsors:
        return Factor("sponsorship", IN_PLACE, (Finding("sponsors", {"names": c.sponsors}),))
    return Factor("sponsorship", NOT_YET, (Finding("no_sponsor"),))


def _resources(c: m.Community) -> Factor:
    granted = c.spec.resources
    declared = {k: getattr(granted, k) for k in ("time", "budget", "support") if granted and getattr(granted, k)}
    if not declared:
        return Factor("resources", NOT_YET, (Finding("no_resources"),))
    evidence = tuple(Finding("resource_" + k, {"text": text}) for k, text in declared.items())
    full = "time" in declared and ("budget" in declared or "support" in declared)
    return Factor("resources", IN_PLACE if full else PARTLY, evidence)


def _value(c: m.Community, today: dt.date) -> Factor:
    if not c.stories:
        return Factor("value", NOT_YET, (Finding("no_stories"),))
    applied = CYCLES.index("applied")
    tops = {s: reached(s, today) for s in c.stories}
    far = tuple(s for s, top in tops.items() if top is not None and CYCLES.index(top) >= applied)
    near = tuple(s for s in c.stories if s not in far)
    evidence = []
    if far:
        evidence.append(Finding("stories_far", {"names": far}))
    if near:
        evidence.append(Finding("stories_near", {"names": near}))
    aspirations = tuple(s for s in c.stories if s.spec.status == "aspiration")
    if aspirations:
        evidence.append(Finding("aspirations", {"names": aspirations}))
    return Factor("value", IN_PLACE if far else PARTLY, tuple(evidence), dated=bool(aspirations))


def _rings(c: m.Community) -> Rings:
    by_role = c.members_by_role
    core = len(c.core_group)
    active = len(by_role.get("active", ()))
    periphery = len(by_role.get("occasional", ())) + len(by_role.get("peripheral", ()))
    total = core + active + periphery
    if total < RINGS_MIN_MEMBERS:
        signal = "small"
    elif core / total < RULE_OF_THUMB["core"][0]:
        signal = "core_thin"
    elif periphery / total < PERIPHERY_LOW:
        signal = "periphery_small"
    elif active / total < RULE_OF_THUMB["active"][0]:
        signal = "active_thin"
    else:
        signal = "usual"
    return Rings(core, active, periphery, signal)


def health(community: m.Community, today: dt.date) -> Health:
    """The health check of ``community`` as of ``today`` (the build date).

    Returns every factor of ``FACTORS``, in order, with its status, evidence and whether
    it depends on the date; the participation rings; and the rhythm it was read from.
    Linear in the community's own events, artefacts, members and stories.
    """
    r = rhythm(community, today)
    factors = (
        _domain(community),
        _coordinator(community),
        _experts(community, today),
        _practice(community, today),
        _rhythm(community, r),
        _relevance(community),
        _sponsorship(community),
        _resources(community),
        _value(community, today),
    )
    return Health(community, today, factors, _rings(community), r)
