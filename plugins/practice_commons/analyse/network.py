"""The relationship graph of the commons and what it tells a coordinator.

``commons_graph`` builds one typed, weighted multigraph from the resolved model,
once per build; every other function here is a view of it, pure and
deterministic (nodes are added in id order; sampling uses a fixed seed), so the
same content gives the same answers and the same pictures.

The model is already the published view: a membership, an expertise or a mentor
a member keeps ``private`` is not in it, so neither is it in the graph or in
anything drawn or exported from it.

Wording downstream is about the community, never a ranking of people: a
connector is someone good to ask, not a score.
"""

from __future__ import annotations

import functools
import itertools
import math
import random
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx

from .. import model as m
from .. import reads
from ..heap import collector_paused

#: An event with at most this many people is a place where they get to know each other.
SMALL_EVENT = 12
#: Betweenness is exact up to this many people; above, exact only while that stays within ``BUDGET`` edge visits
#: (one per source and edge), else estimated from as many sampled sources as the budget allows (``MIN_SAMPLES``).
EXACT_BELOW = 100
BUDGET = 600_000
MIN_SAMPLES = 16
SEED = 7
#: A community needs this much practice before one author's share of it means anything.
MIN_PRACTICE = 3
CORE_ROLES = ("coordinator", "core", "sponsor")
#: How strongly each role ties a member to a community.
ROLE_WEIGHT = {"coordinator": 3.0, "core": 2.5, "sponsor": 1.0, "active": 2.0, "occasional": 1.0, "peripheral": 0.5}
#: The edge types of the multigraph, in the order an export lists them.
EDGE_TYPES = (
    "member", "author", "reviewer", "co_author", "mentor", "host", "speaker", "attendee", "expertise",
    "topic", "practice_of", "held_by", "output", "related", "derived_from",
)  # fmt: skip


def key(entity: m.Entity) -> str:
    """The node of ``entity``: ``kind:id`` (ids are unique within a kind)."""
    return f"{entity.kind}:{entity.id}"


def topic_key(topic: str) -> str:
    return f"topic:{topic}"


def home_community(member: m.Member) -> m.Community | None:
    """Where a member belongs most: their strongest role, else where most of their practice lives."""
    if member.memberships:
        return member.memberships[0][0]
    homes = Counter(a.community for a in member.authored)
    return min(homes, key=lambda c: (-homes[c], c.id)) if homes else None


#: Kinds of node whose label (the entity's title) no insight reads; the pictures that show one record it (``reads``).
TITLED = frozenset({"member", "artefact", "event"})


class Graph:
    """The typed multigraph of the commons: nodes with attributes, and edges ``(source, target, attributes)``.

    Kept as plain lists, indexed by edge type both ways as they are added: the
    views read them thousands of times, and a networkx ``MultiDiGraph`` of a
    10,000-artefact commons (100,000 edges) costs seconds to build, so it is
    made only for an export (``to_networkx``). Views that need graph algorithms
    build their own, smaller networkx graphs (the people network).
    """

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        #: (source, target, type, weight, other attributes or None)
        self.edges: list[tuple[str, str, str, float, dict[str, Any] | None]] = []
        self.kinds: dict[str, list[str]] = defaultdict(list)
        self.incoming: dict[str, dict[str, list[str]]] = {t: defaultdict(list) for t in EDGE_TYPES}
        self.outgoing: dict[str, dict[str, list[str]]] = {t: defaultdict(list) for t in EDGE_TYPES}
        #: community -> member -> role
        self.roles: dict[str, dict[str, str]] = defaultdict(dict)
        #: topic -> level -> members
        self.levels: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self._structure: tuple[int, int] | None = None

    def add_node(self, node: str, kind: str, **attributes: Any) -> None:
        self.nodes[node] = {"kind": kind, **attributes}
        self.kinds[kind].append(node)

    def add_edge(self, u: str, v: str, type: str, weight: float = 1.0, **attributes: Any) -> None:
        self.edges.append((u, v, type, weight, attributes or None))
        self.incoming[type][v].append(u)
        self.outgoing[type][u].append(v)
        if type == "member":
            self.roles[v][u] = attributes["role"]
        elif type == "expertise":
            self.levels[v][attributes["level"]].append(u)

    def add_edges(self, type: str, pairs: Iterable[tuple[str, str]], weight: float = 1.0) -> None:
        """Many edges of one type without other attributes (most of them: the cheap way)."""
        incoming, outgoing, edges = self.incoming[type], self.outgoing[type], self.edges
        for u, v in pairs:
            edges.append((u, v, type, weight, None))
            incoming[v].append(u)
            outgoing[u].append(v)

    def edge_attributes(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for u, v, type, weight, other in self.edges:
            yield u, v, {"type": type, "weight": weight, **(other or {})}

    def of_kind(self, kind: str) -> list[str]:
        return self.kinds.get(kind, [])

    def sources(self, node: str, *types: str) -> list[str]:
        return [u for t in types for u in self.incoming[t].get(node, ())]

    def targets(self, node: str, *types: str) -> list[str]:
        return [v for t in types for v in self.outgoing[t].get(node, ())]

    def structure(self) -> tuple[int, int]:
        """Every node and edge but the labels of ``TITLED`` nodes, summed up: what every insight is drawn from.

        For ``serve``, which plans again after each edit; the graph is complete by then.
        """
        if self._structure is None:
            nodes = [(node, {k: v for k, v in data.items() if k != "label"} if data["kind"] in TITLED else data)
                     for node, data in self.nodes.items()]  # fmt: skip
            self._structure = (hash(repr(nodes)), hash(repr(self.edges)))
        return self._structure

    def label(self, node: str) -> str:
        data = self.nodes[node]
        reads.touch((data.get("path"),))  # a page that shows a title records it (``SitePlan.world``)
        return data["label"]

    def to_networkx(self) -> nx.MultiDiGraph:
        """The graph as networkx has it: node and edge types as attributes, for GraphML and node-link JSON."""
        g = nx.MultiDiGraph()
        g.add_nodes_from(self.nodes.items())
        g.add_edges_from(self.edge_attributes())
        return g


def commons_graph(commons: m.Commons) -> Graph:
    """Every entity a node, every relation a typed edge (``type``, ``weight``, and ``role`` or ``level``)."""
    g = Graph()
    by_id = functools.partial(sorted, key=lambda entity: entity.id)
    communities, members = by_id(commons.communities.values()), by_id(commons.members.values())
    artefacts, events = by_id(commons.artefacts.values()), by_id(commons.events.values())
    for c in communities:
        g.add_node(key(c), "community", label=c.title, path=c.path, stage=c.spec.stage)
    for x in members:
        home = home_community(x)
        g.add_node(key(x), "member", label=x.title, path=x.path, unit=x.spec.unit or "", home=key(home) if home else "")
    for a in artefacts:
        g.add_node(key(a), "artefact", label=a.title, path=a.path, type=a.spec.type, community=key(a.community))
    for e in events:
        g.add_node(key(e), "event", label=e.title, path=e.path, start=str(e.spec.start), community=key(e.community))
    for topic in sorted(commons.topics):
        g.add_node(topic_key(topic), "topic", label=topic)

    for x in members:
        for c, role in x.memberships:
            g.add_edge(key(x), key(c), "member", ROLE_WEIGHT[role], role=role)
        for mentor in x.mentors:
            g.add_edge(key(mentor), key(x), "mentor")
        for topic, level in x.expertise:
            g.add_edge(key(x), topic_key(topic), "expertise", level=level)
    for a in artefacts:
        ka = key(a)
        authors = sorted(key(x) for x in a.authors)
        g.add_edges("author", ((x, ka) for x in authors))
        g.add_edges("reviewer", ((key(x), ka) for x in a.reviewers), 0.5)
        for one, other in itertools.combinations(authors, 2):
            g.add_edge(one, other, "co_author", artefact=a.id)
        g.add_edges("practice_of", ((ka, key(c)) for c in a.communities))
        g.add_edges("topic", ((ka, topic_key(topic)) for topic in a.topics))
        g.add_edges("related", ((ka, key(other)) for other in a.related), 0.5)
        g.add_edges("derived_from", ((ka, key(parent)) for parent in a.derived_from))
    for e in events:
        ke = key(e)
        g.add_edge(ke, key(e.community), "held_by")
        size = max(len(set(e.hosts + e.speakers + e.attendees)), e.spec.attendance or 0)
        # In a large event, attending says little about who knows whom.
        presence = min(1.0, SMALL_EVENT / size) if size else 1.0
        g.add_edges("host", ((key(x), ke) for x in e.hosts))
        g.add_edges("speaker", ((key(x), ke) for x in e.speakers))
        g.add_edges("attendee", ((key(x), ke) for x in e.attendees), presence)
        g.add_edges("output", ((ke, key(a)) for a in e.outputs))
    for c in communities:
        for other in c.related:
            g.add_edge(key(c), key(other), "related")
    return g


# -- the people network --------------------------------------------------------------

#: Why two people are tied, as the people network records it.
TIES = ("co-authorship", "review", "mentoring", "co-hosting", "small event")


def people_network(g: Graph) -> nx.Graph:
    """Members tied by working together: ``weight`` counts the occasions, ``ties`` says which kinds."""
    ties: dict[tuple[str, str], list[str]] = defaultdict(list)

    def tie(a: str, b: str, kind: str) -> None:
        if a != b:
            ties[(a, b) if a < b else (b, a)].append(kind)

    def tie_all(people: list[str], kind: str) -> None:
        for pair in itertools.combinations(people, 2):  # sorted people: pairs come ordered
            ties[pair].append(kind)

    for kind, relation in (("co-authorship", "co_author"), ("mentoring", "mentor")):
        for u, targets in g.outgoing[relation].items():
            for v in targets:
                tie(u, v, kind)
    for a in g.of_kind("artefact"):
        authors = g.sources(a, "author")
        for reviewer in g.sources(a, "reviewer"):
            for author in authors:
                tie(reviewer, author, "review")
    for e in g.of_kind("event"):
        leading = sorted(set(g.sources(e, "host", "speaker")))
        tie_all(leading, "co-hosting")
        everyone = sorted(set(leading) | set(g.sources(e, "attendee")))
        if len(everyone) <= SMALL_EVENT:
            tie_all(everyone, "small event")
    p = nx.Graph()
    p.add_nodes_from(g.of_kind("member"))
    p.add_edges_from(
        (a, b, {"weight": len(kinds), "ties": tuple(sorted(set(kinds), key=TIES.index))})
        for (a, b), kinds in ties.items()
    )
    return p


def active_in(g: Graph, member: str) -> tuple[str, ...]:
    """The communities a member takes part in: memberships, practice written or reviewed, events led."""
    found = dict.fromkeys(g.targets(member, "member"))
    for work in g.targets(member, "author", "reviewer"):
        found.update(dict.fromkeys(g.targets(work, "practice_of")))
    for event in g.targets(member, "host", "speaker"):
        found.update(dict.fromkeys(g.targets(event, "held_by")))
    return tuple(sorted(found))


@dataclass(frozen=True)
class Connector:
    member: str
    #: Communities the member is active in.
    communities: tuple[str, ...]
    #: Share of shortest paths between other people that run through them (exact, or estimated when large).
    betweenness: float
    #: How many people they work with.
    ties: int


def betweenness(p: nx.Graph) -> dict[str, float]:
    """Betweenness on the people network: exact up to ``EXACT_BELOW`` people or while that costs under ``BUDGET``
    edge visits; above, estimated from a seeded sample of sources whose number keeps the work near the budget,
    whatever the size (400 people with 7,500 ties took 2.6 s exactly, 5 % of the build, and 0.5 s sampled)."""
    n = p.number_of_nodes()
    samples = max(MIN_SAMPLES, BUDGET // max(1, p.number_of_edges()))
    if n <= EXACT_BELOW or samples >= n:
        return nx.betweenness_centrality(p)
    return _sampled_betweenness(p, samples, SEED)


def _sampled_betweenness(p: nx.Graph, k: int, seed: int) -> dict[str, float]:
    """``nx.betweenness_centrality(p, k=k, seed=seed)`` (networkx 3.6), the same floats, in a third of the time.

    Brandes' algorithm as networkx writes it (same sources, same visiting order, same arithmetic), over lists
    indexed by node number instead of dicts keyed by name: at 10,000 artefacts its 16 breadth-first searches
    of 40,000 ties were the largest part of the network analysis. ``test_network`` compares the two.
    """
    nodes = list(p)
    number = {node: i for i, node in enumerate(nodes)}
    neighbours = [[number[w] for w in p.adj[v]] for v in nodes]
    sources = random.Random(seed).sample(nodes, k)  # as networkx's ``py_random_state`` draws them
    size = len(nodes)
    total = [0.0] * size
    for source in sources:
        s = number[source]
        order, before = [], [[] for _ in range(size)]  # visiting order; predecessors on shortest paths
        paths, depth = [0.0] * size, [-1] * size
        paths[s], depth[s] = 1.0, 0
        queue = deque([s])
        while queue:
            v = queue.popleft()
            order.append(v)
            next_depth, through = depth[v] + 1, paths[v]
            for w in neighbours[v]:
                if depth[w] < 0:
                    queue.append(w)
                    depth[w] = next_depth
                if depth[w] == next_depth:
                    paths[w] += through
                    before[w].append(v)
        share = [0] * size
        for w in reversed(order):
            coefficient = (1 + share[w]) / paths[w]
            for v in before[w]:
                share[v] += paths[v] * coefficient
            if w != s:
                total[w] += share[w]
    # networkx's rescaling of a sample without endpoints: pairs from a source exclude the source itself.
    scale_source = 1 / ((k - 1) * (size - 2)) if k > 1 else math.nan
    scale_other = 1 / (k * (size - 2))
    sampled = {number[source] for source in sources}
    return {node: total[i] * (scale_source if i in sampled else scale_other) for i, node in enumerate(nodes)}


def connectors(g: Graph, p: nx.Graph, limit: int = 12, centrality: dict[str, float] | None = None) -> list[Connector]:
    """People who connect communities: between others in the people network, and active in several communities."""
    centrality = betweenness(p) if centrality is None else centrality
    found = []
    for member in p.nodes:
        communities = active_in(g, member)
        if len(communities) >= 2 and (centrality.get(member, 0) > 0 or p.degree(member) > 0):
            found.append(Connector(member, communities, centrality.get(member, 0.0), p.degree(member)))
    found.sort(key=lambda c: (-c.betweenness, -len(c.communities), -c.ties, c.member))
    return found[:limit]


def isolated(p: nx.Graph) -> list[str]:
    """Members who have not yet worked with anyone: no co-authorship, review, mentoring or shared small event."""
    return sorted(n for n in p.nodes if p.degree(n) == 0)


# -- the community map -----------------------------------------------------------------


@dataclass(frozen=True)
class CommunityTie:
    """Two communities and why they are linked."""

    a: str
    b: str
    members: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    declared: bool = False

    @property
    def weight(self) -> int:
        return len(self.members)

    def other(self, community: str) -> str:
        return self.b if community == self.a else self.a


def community_topics(g: Graph) -> dict[str, set[str]]:
    """The topics of each community's practice."""
    topics: dict[str, set[str]] = {c: set() for c in g.of_kind("community")}
    for a in g.of_kind("artefact"):
        labels = [g.label(t) for t in g.targets(a, "topic")]
        for c in g.targets(a, "practice_of"):
            topics[c].update(labels)
    return topics


def community_map(g: Graph) -> list[CommunityTie]:
    """Communities linked by shared members (the weight), shared topics and declared ``related``; strongest first."""
    members: dict[tuple[str, str], list[str]] = defaultdict(list)
    for x in g.of_kind("member"):
        for pair in itertools.combinations(sorted(set(g.targets(x, "member"))), 2):
            members[pair].append(x)
    topics: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_topic: dict[str, set[str]] = defaultdict(set)
    for c, labels in community_topics(g).items():
        for label in labels:
            by_topic[label].add(c)
    for label in sorted(by_topic):
        for pair in itertools.combinations(sorted(by_topic[label]), 2):
            topics[pair].append(label)
    declared = {
        tuple(sorted((u, v)))
        for u, targets in g.outgoing["related"].items()
        if u.startswith("community:")
        for v in targets
    }
    ties = [
        CommunityTie(a, b, tuple(members.get((a, b), ())), tuple(topics.get((a, b), ())), (a, b) in declared)
        for a, b in set(members) | set(topics) | declared
        if a != b
    ]
    ties.sort(key=lambda t: (-t.weight, -len(t.topics), not t.declared, t.a, t.b))
    return ties


def ties_of(ties: Iterable[CommunityTie], community: str) -> list[CommunityTie]:
    return [t for t in ties if community in (t.a, t.b)]


# -- knowledge at risk -----------------------------------------------------------------


@dataclass(frozen=True)
class SingleExpert:
    topic: str
    expert: str
    #: People who practise the topic and could share the load.
    practitioners: tuple[str, ...]
    artefacts: int


@dataclass(frozen=True)
class OneAuthor:
    """A community where one person wrote more than half of the practice."""

    community: str
    member: str
    authored: int
    total: int


@dataclass(frozen=True)
class LoneCoordinator:
    """A community whose coordinators are the only people who write its practice or lead its events."""

    community: str
    coordinators: tuple[str, ...]


def single_experts(g: Graph) -> list[SingleExpert]:
    found = []
    for t in g.of_kind("topic"):
        levels = g.levels[t]
        if len(levels["expert"]) == 1:
            artefacts = len(g.sources(t, "topic"))
            found.append(SingleExpert(g.label(t), levels["expert"][0], tuple(sorted(levels["practitioner"])),
                                      artefacts))  # fmt: skip
    found.sort(key=lambda s: (-s.artefacts, s.topic.casefold()))
    return found


def one_author_communities(g: Graph) -> list[OneAuthor]:
    found = []
    for c in g.of_kind("community"):
        practice = [a for a in g.sources(c, "practice_of") if g.nodes[a]["community"] == c]
        if len(practice) < MIN_PRACTICE:
            continue
        counts = Counter(x for a in practice for x in set(g.sources(a, "author")))
        if counts:
            member, authored = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            if authored * 2 > len(practice):
                found.append(OneAuthor(c, member, authored, len(practice)))
    return found


def lone_coordinators(g: Graph) -> list[LoneCoordinator]:
    found = []
    for c in g.of_kind("community"):
        coordinators = {x for x, role in g.roles[c].items() if role == "coordinator"}
        contributors: set[str] = set()
        for a in g.sources(c, "practice_of"):
            contributors.update(g.sources(a, "author"))
        for e in g.sources(c, "held_by"):
            contributors.update(g.sources(e, "host", "speaker"))
        if coordinators and contributors and contributors <= coordinators:
            found.append(LoneCoordinator(c, tuple(sorted(contributors))))
    return found


# -- units, core and periphery -------------------------------------------------------------


def unit_ties(g: Graph, p: nx.Graph) -> dict[tuple[str, str], int]:
    """Ties between people of different organisational units, by pair of units, most first."""
    counts: Counter[tuple[str, str]] = Counter()
    for a, b, weight in p.edges(data="weight"):
        ua, ub = g.nodes[a]["unit"], g.nodes[b]["unit"]
        if ua and ub and ua != ub:
            counts[tuple(sorted((ua, ub)))] += weight
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def absent_units(g: Graph) -> dict[str, tuple[str, ...]]:
    """For each community, the organisation's units none of its members belong to."""
    units = sorted({g.nodes[x]["unit"] for x in g.of_kind("member")} - {""})
    result = {}
    for c in g.of_kind("community"):
        present = {g.nodes[x]["unit"] for x in g.sources(c, "member")}
        result[c] = tuple(u for u in units if u not in present)
    return result


@dataclass(frozen=True)
class CoreSignal:
    """Declared roles beside the shape of the network, as a gentle prompt for a coordinator."""

    community: str
    #: In the core group (or coordinating) but with few working ties so far.
    quiet_core: tuple[str, ...] = ()
    #: Among the most connected people of the community, without a core role.
    emerging: tuple[str, ...] = ()


def core_periphery(g: Graph, p: nx.Graph) -> list[CoreSignal]:
    core = nx.core_number(p) if p.number_of_edges() else dict.fromkeys(p.nodes, 0)
    signals = []
    for c in g.of_kind("community"):
        roles = g.roles[c]
        if not roles:
            continue
        top = max(core[x] for x in roles)
        quiet = tuple(sorted(x for x, r in roles.items() if r in CORE_ROLES and core[x] <= 1 < top))
        emerging = tuple(sorted(x for x, r in roles.items() if r not in CORE_ROLES and top >= 2 and core[x] == top))
        if quiet or emerging:
            signals.append(CoreSignal(c, quiet, emerging))
    return signals


# -- all of it, once per build ------------------------------------------------------------------


@dataclass
class Network:
    graph: Graph
    people: nx.Graph
    communities: list[CommunityTie]
    centrality: dict[str, float]
    connectors: list[Connector]
    isolated: list[str]
    single_experts: list[SingleExpert]
    one_author: list[OneAuthor]
    lone_coordinators: list[LoneCoordinator]
    unit_ties: dict[tuple[str, str], int]
    absent_units: dict[str, tuple[str, ...]]
    core: list[CoreSignal]
    _ties_by_community: dict[str, list[CommunityTie]] = field(default_factory=dict, repr=False)

    def ties_of(self, community: str) -> list[CommunityTie]:
        if not self._ties_by_community:
            for tie in self.communities:
                self._ties_by_community.setdefault(tie.a, []).append(tie)
                self._ties_by_community.setdefault(tie.b, []).append(tie)
        return self._ties_by_community.get(community, [])


def analyse(commons: m.Commons, previous: Network | None = None) -> Network:
    """The graph and every insight drawn from it: ``previous``'s insights when its graph's structure is the same."""
    with collector_paused():
        g = commons_graph(commons)
        if previous is not None and previous.graph.structure() == g.structure():
            return replace(previous, graph=g)  # a title edited: the same insights, the new labels
        p = people_network(g)
        centrality = betweenness(p)
        return Network(
            graph=g,
            people=p,
            communities=community_map(g),
            centrality=centrality,
            connectors=connectors(g, p, centrality=centrality),
            isolated=isolated(p),
            single_experts=single_experts(g),
            one_author=one_author_communities(g),
            lone_coordinators=lone_coordinators(g),
            unit_ties=unit_ties(g, p),
            absent_units=absent_units(g),
            core=core_periphery(g, p),
        )
