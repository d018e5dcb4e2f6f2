"""The network pictures of the site: ego graphs, lineages, the community map and the people network.

Each function turns the analysis (``analyse.network``) into a ``graphs.Picture``
and a text alternative with the same relations, for screen readers and for
anyone who prefers a list. ``href`` gives the link to a source path, ``t`` the
labels in the site's language.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from markupsafe import Markup, escape

from .. import model as m
from .. import reads
from ..analyse.network import TIES, CommunityTie, Network, active_in, key
from ..vocabulary import ROLES, STAGES
from . import graphs as gr
from .i18n import Labels

Href = Callable[[str], str]


def _link(href: Href, path: str | None, label: str) -> str:
    return f'<a href="{href(path)}">{escape(label)}</a>' if path else str(escape(label))


def tie_words(t: Labels, kinds: tuple[str, ...], weight: int) -> str:
    """'co-authorship, review · 3 occasions' in the site's language."""
    words = ", ".join(t("tie_" + kind.replace("-", "_").replace(" ", "_")) for kind in kinds)
    return f"{words} · {t('occasions', count=weight)}"


def community_tie_words(t: Labels, tie: CommunityTie) -> str:
    """'4 shared members · 3 shared topics · declared related'."""
    parts = []
    if tie.members:
        parts.append(t("shared_members", count=len(tie.members)))
    if tie.topics:
        parts.append(t("shared_topics", count=len(tie.topics)))
    if tie.declared:
        parts.append(t("declared_related"))
    return " · ".join(parts)


def _height(*rings: list) -> int:
    """A few neighbours need less room than a dozen: no tall, empty box around a small network."""
    return 460 if sum(map(len, rings)) > 4 else 300


class NetworkPictures:
    def __init__(self, net: Network, t: Labels, href: Href, units_href: Callable[[str], str]) -> None:
        self.net, self.t, self.href, self.units_href = net, t, href, units_href
        g = net.graph
        communities = g.of_kind("community")
        self.colours = gr.person_colours([g.nodes[x]["home"] for x in g.of_kind("member")], order=g.label)
        self.community_count = {c: len(g.roles[c]) for c in communities}
        self.connector_keys = {c.member for c in net.connectors}

    # -- helpers -----------------------------------------------------------------------

    def _node(self, node: str, classes: str, **kw: object) -> gr.Node:
        data = self.net.graph.nodes[node]
        reads.touch((data.get("path"),))  # its label: the entity's title
        return gr.Node(node, data["label"], self.href(data["path"]) if data.get("path") else None, classes, **kw)

    def _person(self, node: str, **kw: object) -> gr.Node:
        colour = self.colours.get(self.net.graph.nodes[node]["home"], "pc-cx")
        return self._node(node, f"pc-member {colour}", **kw)

    def _community(self, node: str, **kw: object) -> gr.Node:
        stage = self.net.graph.nodes[node]["stage"]
        size = 5 + 1.6 * math.sqrt(self.community_count.get(node, 0))
        kw.setdefault("size", size)
        return self._node(node, f"pc-community pc-stage-{stage}", **kw)

    def _stage_legend(self, shown: list[gr.Node]) -> list[tuple[str, str]]:
        stages = {self.net.graph.nodes[n.id]["stage"] for n in shown}
        return [(f"pc-community pc-stage-{s}", self.t("stage_" + s)) for s in STAGES if s in stages]

    def _colour_legend(self, shown: set[str]) -> list[tuple[str, str]]:
        g = self.net.graph
        legend = [(c, g.label(home)) for home, c in self.colours.items() if c != "pc-cx" and home in shown]
        if any(self.colours.get(h, "pc-cx") == "pc-cx" for h in shown):
            legend.append(("pc-cx", self.t("other_communities")))
        return legend

    def _figure(self, picture: gr.Picture, alternative: Markup, caption: str, **kw: object) -> Markup:
        zoom = (self.t("zoom_in"), self.t("zoom_out"), self.t("zoom_reset"))
        return gr.figure(picture, alternative, caption, zoom=zoom, **kw)  # type: ignore[arg-type]

    def _items(self, rows: list[str]) -> Markup:
        return Markup("<ul>\n" + "\n".join(f"<li>{row}</li>" for row in rows) + "\n</ul>") if rows else Markup("")

    # -- ego graphs ----------------------------------------------------------------------

    def member(self, member: m.Member) -> Markup:
        """The member, the people they work with and their communities; empty when they have none yet."""
        net, t, g = self.net, self.t, self.net.graph
        me = key(member)
        if me not in net.people:
            return Markup("")
        ties = sorted(net.people[me].items(), key=lambda kv: (-kv[1]["weight"], g.label(kv[0]).casefold()))
        communities = list(dict.fromkeys([c for c, _ in g_roles_of(g, me)] + list(active_in(g, me))))
        if not ties and not communities:
            return Markup("")
        people = [
            self._node(other, "pc-member pc-person", note=tie_words(t, data["ties"], data["weight"]), size=5.5)
            for other, data in ties[: gr.EGO_LIMIT]
        ]
        roles = dict(g_roles_of(g, me))
        places = [
            self._community(c, note=t("role_" + roles[c]) if c in roles else t("contributes"), size=7)
            for c in communities[: gr.EGO_LIMIT // 2]
        ]
        centre = self._node(me, "pc-member pc-person", size=9, ring=True)
        picture = gr.Picture(
            [centre, *people, *places], [], t("network_of", name=member.title), 640, _height(people, places)
        )
        for node in people:
            data = net.people.edges[me, node.id]
            picture.edges.append(gr.Edge(me, node.id, 0.8 + math.log2(data["weight"]), node.note))
        for node in places:
            picture.edges.append(gr.Edge(me, node.id, 1.5, node.note, "pc-edge-community"))
        for node in people:
            for place in places:
                if node.id in g.roles[place.id]:
                    picture.edges.append(gr.Edge(node.id, place.id, 0.6, "", "pc-edge-faint pc-edge-community"))
        gr.radial(picture, [people, places], centre)
        picture.legend = [("pc-member pc-person", t("legend_people")), *self._stage_legend(places)]
        rows = [f"{_link(self.href, g.nodes[n.id]['path'], n.label)} — {escape(n.note)}" for n in people + places]
        more = len(ties) - len(people)
        if more > 0:
            rows.append(escape(t("and_more", count=more)))
        return self._figure(picture, self._items(rows), t("ego_caption_member"), alternative_title=t("as_a_list"))

    def community(self, community: m.Community) -> Markup:
        """The community, the communities it shares people or topics with, and its coordinators and core group."""
        net, t, g = self.net, self.t, self.net.graph
        me = key(community)
        ties = net.ties_of(me)[: gr.EGO_LIMIT // 2 + 2]
        roles = g.roles[me]
        leaders = sorted(
            (x for x, r in roles.items() if r in ("coordinator", "core")),
            key=lambda x: (ROLES.index(roles[x]), g.label(x).casefold()),
        )
        if not ties and not leaders:
            return Markup("")
        others = [self._community(tie.other(me), note=community_tie_words(t, tie)) for tie in ties]
        people = [
            self._node(x, "pc-member pc-person", note=t("role_" + roles[x]), size=5.5) for x in leaders[: gr.EGO_LIMIT]
        ]
        centre = self._community(me, ring=True)
        picture = gr.Picture([centre, *people, *others], [], t("network_of", name=community.title), 640,
                             _height(people, others))  # fmt: skip
        for node, tie in zip(others, ties, strict=True):
            picture.edges.append(gr.Edge(me, node.id, 0.8 + math.sqrt(tie.weight), node.note, "pc-edge-community"))
        for node in people:
            picture.edges.append(gr.Edge(me, node.id, 1.2, node.note))
            for other in others:
                if node.id in g.roles[other.id]:
                    picture.edges.append(gr.Edge(node.id, other.id, 0.6, "", "pc-edge-faint pc-edge-community"))
        gr.radial(picture, [people, others], centre)
        picture.legend = [("pc-member pc-person", t("legend_people")), *self._stage_legend([centre, *others])]
        rows = [f"{_link(self.href, g.nodes[n.id]['path'], n.label)} — {escape(n.note)}" for n in others + people]
        return self._figure(picture, self._items(rows), t("ego_caption_community"), alternative_title=t("as_a_list"))

    def lineage(self, artefact: m.Artefact) -> Markup:
        """What the artefact derives from and what derives from it, generation by generation."""
        if not artefact.derived_from and not artefact.derivatives:
            return Markup("")
        t = self.t
        up: list[list[m.Artefact]] = []
        seen = {artefact}
        frontier = list(artefact.derived_from)
        while frontier and sum(map(len, up)) < gr.EGO_LIMIT:
            layer = [a for a in dict.fromkeys(frontier) if a not in seen][: gr.EGO_LIMIT]
            seen.update(layer)
            if layer:
                up.insert(0, layer)
            frontier = [p for a in layer for p in a.derived_from]
        down: list[list[m.Artefact]] = []
        frontier = list(artefact.derivatives)
        while frontier and sum(map(len, down)) < gr.EGO_LIMIT:
            layer = [a for a in dict.fromkeys(frontier) if a not in seen][: gr.EGO_LIMIT]
            seen.update(layer)
            if layer:
                down.append(layer)
            frontier = [c for a in layer for c in a.derivatives]

        def node(a: m.Artefact, **kw: object) -> gr.Node:
            return gr.Node(key(a), a.title, self.href(a.path), "pc-artefact", note=t("type_" + a.spec.type), **kw)

        layers = [[node(a) for a in layer] for layer in up] + [[node(artefact, ring=True, size=9)]]
        layers += [[node(a) for a in layer] for layer in down]
        nodes = [n for layer in layers for n in layer]
        # Generation by generation, not the set's order: it follows memory addresses, and changed from build to build.
        drawn = {a.id: a for layer in [*up, [artefact], *down] for a in layer}
        edges = [
            gr.Edge(key(a), key(p), 1.2, t("derived_from_edge", child=a.title, parent=p.title))
            for a in drawn.values()
            for p in a.derived_from
            if p.id in drawn
        ]
        height = max(160, 56 * max(len(layer) for layer in layers))
        picture = gr.layered(gr.Picture(nodes, edges, t("lineage_of", title=artefact.title), 640, height), layers)
        rows = [escape(e.note) for e in edges]
        return self._figure(picture, self._items(rows), t("lineage_caption"), alternative_title=t("as_a_list"))

    # -- the whole commons --------------------------------------------------------------------

    def community_map(self) -> Markup:
        net, t, g = self.net, self.t, self.net.graph
        communities = g.of_kind("community")
        if not communities:
            return Markup("")
        chosen: dict[tuple[str, str], CommunityTie] = {}
        for c in communities:
            for tie in [x for x in net.ties_of(c) if x.members or x.declared][: gr.MAP_TIES]:
                chosen[(tie.a, tie.b)] = tie
        nodes = [self._community(c, note=t("members_count", count=self.community_count[c])) for c in communities]
        edges = [
            gr.Edge(
                tie.a,
                tie.b,
                0.6 + math.sqrt(tie.weight),
                f"{g.label(tie.a)} — {g.label(tie.b)}: {community_tie_words(t, tie)}",
                "pc-edge-community",
            )  # fmt: skip
            for tie in sorted(chosen.values(), key=lambda x: (-x.weight, x.a, x.b))
        ]
        largest = sorted(communities, key=lambda c: (-self.community_count[c], c))[: gr.MAP_LABELS]
        for node in nodes:
            node.show_label = node.id in largest
        size = 420 if len(nodes) <= 20 else 640
        picture = gr.spring(gr.Picture(nodes, edges, t("community_map"), 820, size))
        picture.legend = self._stage_legend(nodes)
        head = f"<thead><tr><th>{t('community')}</th><th>{t('community')}</th><th>{t('why_linked')}</th></tr></thead>"
        body = "".join(
            f"<tr><td>{_link(self.href, g.nodes[tie.a]['path'], g.label(tie.a))}</td>"
            f"<td>{_link(self.href, g.nodes[tie.b]['path'], g.label(tie.b))}</td>"
            f"<td>{escape(community_tie_words(t, tie))}</td></tr>"
            for tie in sorted(chosen.values(), key=lambda x: (-x.weight, x.a, x.b))
        )
        caption = f"<caption>{escape(t('community_map'))}</caption>"
        table = Markup(f"<table>\n{caption}\n{head}\n<tbody>{body}</tbody>\n</table>")
        caption = t("community_map_caption")
        if len(nodes) > len(largest):
            caption += " " + t("community_map_labels", count=len(largest))
        return self._figure(picture, table if chosen else Markup(""), caption,
                         alternative_title=t("as_a_table"))  # fmt: skip

    def people(self) -> Markup:
        """Everyone, person by person, up to ``PEOPLE_LIMIT`` people; above that, the ties between units."""
        net, t, g = self.net, self.t, self.net.graph
        members = g.of_kind("member")
        if not members:
            return Markup("")
        if len(members) > gr.PEOPLE_LIMIT:
            return self._units()
        nodes = []
        labelled = len(members) <= 60
        for x in members:
            degree = net.people.degree(x)
            note = t("works_with", count=degree) if degree else t("not_yet_connected")
            node = self._person(x, note=note, size=3.5 + math.sqrt(degree), ring=x in self.connector_keys)
            if not labelled and x not in self.connector_keys:
                node.show_label = False
            nodes.append(node)
        edges = [
            gr.Edge(
                a,
                b,
                0.5 + 0.5 * math.log2(data["weight"]),
                f"{g.label(a)} — {g.label(b)}: {tie_words(t, data['ties'], data['weight'])}",
            )  # fmt: skip
            for a, b, data in sorted(net.people.edges(data=True))
        ]
        picture = gr.spring(gr.Picture(nodes, edges, t("people_network"), 820, 560 if len(nodes) > 30 else 420))
        picture.legend = [*self._colour_legend({g.nodes[x]["home"] for x in members}), ("pc-member pc-cx pc-ring",
                          t("legend_connector"))]  # fmt: skip
        rows = []
        for x in members:
            tied = sorted(net.people[x], key=lambda o: g.label(o).casefold())
            if tied:
                names = ", ".join(_link(self.href, g.nodes[o]["path"], g.label(o)) for o in tied)
                rows.append(f"{_link(self.href, g.nodes[x]['path'], g.label(x))} — {names}")
        return self._figure(picture, self._items(rows), t("people_network_caption"), labels=True,
                         alternative_title=t("as_a_list"))  # fmt: skip

    def _units(self) -> Markup:
        net, t, g = self.net, self.t, self.net.graph
        sizes: dict[str, int] = {}
        for x in g.of_kind("member"):
            unit = g.nodes[x]["unit"]
            if unit:
                sizes[unit] = sizes.get(unit, 0) + 1
        if not sizes:
            return Markup("")
        nodes = [
            gr.Node(
                "unit:" + u,
                u,
                self.units_href(u),
                "pc-unit",
                size=4 + 1.2 * math.sqrt(n),
                note=t("people_count", count=n),
            )  # fmt: skip
            for u, n in sorted(sizes.items())
        ]
        ties = list(net.unit_ties.items())
        strongest = max((w for _, w in ties), default=1)
        edges = [
            gr.Edge("unit:" + a, "unit:" + b, 0.4 + 4 * w / strongest, f"{a} — {b}: {t('ties_count', count=w)}")
            for (a, b), w in ties
        ]
        picture = gr.spring(gr.Picture(nodes, edges, t("people_by_unit"), 820, 560))
        picture.legend = [("pc-unit", t("legend_unit"))]
        rows = [f"{escape(a)} — {escape(b)}: {escape(t('ties_count', count=w))}" for (a, b), w in ties[:200]]
        caption = t("people_by_unit_caption", count=len(g.of_kind("member")))
        return self._figure(picture, self._items(rows), caption, alternative_title=t("as_a_list"))


def g_roles_of(g: object, member: str) -> list[tuple[str, str]]:
    """(community, role) of a member, strongest role first (as the member page lists them)."""
    found = [(c, g.roles[c][member]) for c in g.targets(member, "member")]  # type: ignore[attr-defined]
    return sorted(found, key=lambda cr: ROLES.index(cr[1]))


__all__ = ["TIES", "NetworkPictures", "community_tie_words", "tie_words"]
