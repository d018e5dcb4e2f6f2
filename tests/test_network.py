"""The relationship graph and its insights, each on a small hand-built commons whose answer is known."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from practice_commons import Severity, build_commons
from practice_commons.analyse import network as n
from practice_commons.cli import main
from practice_commons.render import build_site_plan
from practice_commons.render.graph_export import graph_json, graphml, node_link
from practice_commons.render.paths import url

from .conftest import write_commons


def community(ident: str, coordinators: list[str] = (), core: list[str] = (), stage: str = "maturing") -> dict:
    return {
        f"communities/{ident}/index.md": f"""
            ---
            title: {ident.title()}
            domain: About {ident}.
            stage: {stage}
            coordinators: {list(coordinators)}
            core_group: {list(core)}
            ---
            """
    }


def member(ident: str, *memberships: str, unit: str = "", expertise: dict[str, str] | None = None,
           private: list[str] = (), mentors: list[str] = ()) -> dict:  # fmt: skip
    lines = ["---", f"name: {ident.title()} Person", f"mentors: {list(mentors)}", f"private: {list(private)}"]
    if unit:
        lines.append(f"unit: {unit}")
    if memberships:
        lines += ["memberships:", *(f"  - {{community: {c}, role: active}}" for c in memberships)]
    if expertise:
        lines += ["expertise:", *(f"  - {{topic: {t}, level: {level}}}" for t, level in expertise.items())]
    return {f"members/{ident}.md": "\n".join([*lines, "---", ""])}


def artefact(ident: str, home: str, authors: list[str], reviewers: list[str] = (), topics: list[str] = (),
             derived_from: list[str] = ()) -> dict:  # fmt: skip
    return {
        f"practice/{home}/{ident}.md": f"""
            ---
            title: {ident.replace("-", " ").title()}
            type: method
            authors: {list(authors)}
            reviewers: {list(reviewers)}
            topics: {list(topics)}
            derived_from: {list(derived_from)}
            ---
            Text.
            """
    }


def event(ident: str, home: str, hosts: list[str], attendees: list[str] = ()) -> dict:
    return {
        f"events/{ident}.md": f"""
            ---
            title: {ident}
            community: {home}
            kind: meeting
            start: 2026-05-01
            hosts: {list(hosts)}
            attendees: {list(attendees)}
            ---
            """
    }


def build(tmp_path: Path, *parts: dict) -> n.Network:
    files = {"index.md": "# Home\n"}
    for part in parts:
        files.update(part)
    root = write_commons(tmp_path / "content", files)
    result = build_commons(root)
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    assert not errors, errors
    return n.analyse(result.commons)


def test_a_member_bridging_two_communities_is_the_top_connector(tmp_path):
    net = build(
        tmp_path,
        community("alpha"), community("beta"),
        *(member(x, "alpha") for x in ("a1", "a2", "a3")),
        *(member(x, "beta") for x in ("b1", "b2", "b3")),
        member("bridge", "alpha", "beta"),
        artefact("a-one", "alpha", ["a1", "a2"]), artefact("a-two", "alpha", ["a2", "a3"]),
        artefact("a-three", "alpha", ["a1", "a3"]), artefact("a-bridge", "alpha", ["bridge", "a1"]),
        artefact("b-one", "beta", ["b1", "b2"]), artefact("b-two", "beta", ["b2", "b3"]),
        artefact("b-three", "beta", ["b1", "b3"]), artefact("b-bridge", "beta", ["bridge", "b1"]),
    )  # fmt: skip
    top = net.connectors[0]
    assert top.member == "member:bridge"
    assert top.communities == ("community:alpha", "community:beta")
    assert top.betweenness > net.centrality["member:a1"] > net.centrality["member:a2"]
    # People of one community only are not connectors, however central.
    assert {c.member for c in net.connectors} <= {"member:bridge"}


def test_betweenness_above_the_exact_size_is_sampled_with_a_fixed_seed(tmp_path, monkeypatch):
    monkeypatch.setattr(n, "EXACT_BELOW", 3)
    monkeypatch.setattr(n, "MIN_SAMPLES", 4)
    monkeypatch.setattr(n, "BUDGET", 1)  # as few sources as allowed: 4 of 8
    parts = [community("alpha"), *(member(f"p{i}", "alpha") for i in range(8))]
    parts += [artefact(f"w{i}", "alpha", [f"p{i}", f"p{i + 1}"]) for i in range(7)]
    first = build(tmp_path, *parts)
    again = n.betweenness(first.people)
    assert again == first.centrality
    assert again != nx.betweenness_centrality(first.people)  # an estimate, not the exact value
    assert max(again, key=again.get) in {"member:p3", "member:p4"}  # the middle of the chain


def test_betweenness_is_exact_while_it_fits_the_budget_and_sampled_beyond_it_at_any_size(tmp_path, monkeypatch):
    # 150 people in a chain: past EXACT_BELOW, but exact work is 150 sources x 149 ties, well within the budget.
    parts = [community("alpha"), *(member(f"p{i}", "alpha") for i in range(150))]
    parts += [artefact(f"w{i}", "alpha", [f"p{i}", f"p{i + 1}"]) for i in range(149)]
    people = build(tmp_path, *parts).people
    assert n.betweenness(people) == nx.betweenness_centrality(people)
    # A denser network of the same size would cost more than the budget: sampled (it was exact below 400 people).
    monkeypatch.setattr(n, "BUDGET", 149 * 20)
    assert n.betweenness(people) != nx.betweenness_centrality(people)


@pytest.mark.parametrize(
    "people",
    [
        nx.gnm_random_graph(300, 2_000, seed=1),  # one network, many ties
        nx.disjoint_union(nx.grid_2d_graph(12, 12), nx.path_graph(40)),  # many equal shortest paths; two parts
        nx.barabasi_albert_graph(500, 3, seed=2),  # hubs
    ],
    ids=["random", "grid-and-chain", "hubs"],
)
def test_sampled_betweenness_is_networkx_s_to_the_last_bit(people):
    people = nx.relabel_nodes(people, {v: f"member:{i:04}" for i, v in enumerate(people)})
    for k in (2, 16, 101):
        assert n._sampled_betweenness(people, k, n.SEED) == nx.betweenness_centrality(people, k=k, seed=n.SEED)


def test_an_isolated_member_is_found(tmp_path):
    net = build(
        tmp_path, community("alpha"), member("ana", "alpha"), member("ben", "alpha"), member("loner", "alpha"),
        artefact("guide", "alpha", ["ana", "ben"]),
    )  # fmt: skip
    assert net.isolated == ["member:loner"]


def test_two_communities_sharing_three_members_are_linked_with_weight_three(tmp_path):
    net = build(
        tmp_path, community("gamma"), community("delta"), community("elsewhere"),
        *(member(x, "gamma", "delta") for x in ("m1", "m2", "m3")), member("m4", "gamma", "elsewhere"),
        artefact("g", "gamma", ["m1"], topics=["Sampling", "Coding"]),
        artefact("d", "delta", ["m2"], topics=["Sampling"]),
    )  # fmt: skip
    tie = net.ties_of("community:gamma")[0]
    assert (tie.a, tie.b, tie.weight) == ("community:delta", "community:gamma", 3)
    assert tie.members == ("member:m1", "member:m2", "member:m3")
    assert tie.topics == ("Sampling",)
    weaker = [t for t in net.ties_of("community:gamma") if "community:elsewhere" in (t.a, t.b)]
    assert [t.weight for t in weaker] == [1]


def test_a_single_expert_topic_is_flagged_with_who_could_share_it(tmp_path):
    net = build(
        tmp_path, community("alpha"),
        member("ana", "alpha", expertise={"Sampling": "expert", "Coding": "expert"}),
        member("ben", "alpha", expertise={"Sampling": "practitioner", "Coding": "expert"}),
        artefact("guide", "alpha", ["ana"], topics=["Sampling"]),
    )  # fmt: skip
    assert [(s.topic, s.expert, s.practitioners, s.artefacts) for s in net.single_experts] == [
        ("Sampling", "member:ana", ("member:ben",), 1)
    ]


def test_one_person_writing_most_of_a_community_practice_is_flagged(tmp_path):
    net = build(
        tmp_path, community("alpha", coordinators=["ana"]), community("beta"), member("ana"), member("ben", "alpha"),
        member("cleo", "beta"), member("dan", "beta"), member("eve", "beta"),
        *(artefact(f"a{i}", "alpha", ["ana"]) for i in range(3)), artefact("a3", "alpha", ["ben"]),
        artefact("b1", "beta", ["cleo"]), artefact("b2", "beta", ["dan"]), artefact("b3", "beta", ["cleo", "dan"]),
        artefact("b4", "beta", ["eve"]),  # Cléo wrote two of four: half, not more
    )  # fmt: skip
    assert [(o.community, o.member, o.authored, o.total) for o in net.one_author] == [
        ("community:alpha", "member:ana", 3, 4)
    ]
    assert net.lone_coordinators == []  # Ben writes too


def test_a_community_carried_by_its_coordinator_alone_is_flagged(tmp_path):
    net = build(
        tmp_path, community("solo", coordinators=["ana"]), member("ana"), member("ben", "solo"),
        artefact("guide", "solo", ["ana"]), event("2026-05-01-meeting", "solo", ["ana"], ["ben"]),
    )  # fmt: skip
    assert [(x.community, x.coordinators) for x in net.lone_coordinators] == [("community:solo", ("member:ana",))]


def test_ties_across_units_and_units_absent_from_a_community(tmp_path):
    net = build(
        tmp_path, community("alpha"), community("beta"),
        member("ana", "alpha", unit="Survey"), member("ben", "alpha", unit="Statistics"),
        member("cleo", "beta", unit="Field"),
        artefact("guide", "alpha", ["ana", "ben"]),
    )  # fmt: skip
    assert net.unit_ties == {("Statistics", "Survey"): 1}
    assert net.absent_units["community:alpha"] == ("Field",)
    assert net.absent_units["community:beta"] == ("Statistics", "Survey")


def test_core_and_periphery_set_declared_roles_beside_the_network(tmp_path):
    net = build(
        tmp_path, community("alpha", coordinators=["quiet"]), member("quiet"),
        *(member(x, "alpha") for x in ("p1", "p2", "p3")),
        artefact("w1", "alpha", ["p1", "p2"]), artefact("w2", "alpha", ["p2", "p3"]),
        artefact("w3", "alpha", ["p1", "p3"]),
    )  # fmt: skip
    [signal] = net.core
    assert signal.quiet_core == ("member:quiet",)
    assert signal.emerging == ("member:p1", "member:p2", "member:p3")


def test_private_memberships_and_expertise_stay_out_of_the_graph(tmp_path):
    net = build(
        tmp_path, community("alpha"), community("secret"),
        member("ana", "alpha", "secret", expertise={"Whistleblowing": "expert"}, private=["memberships", "expertise"]),
        member("ben", "alpha"),
    )  # fmt: skip
    g = net.graph
    assert g.targets("member:ana", "member") == []
    assert g.targets("member:ana", "expertise") == []
    exported = graph_json(g, url).decode()
    assert "Whistleblowing" not in exported
    assert '"member:ana","target":"community:secret"' not in exported


def test_exports_load_in_networkx_with_types_as_attributes(tmp_path, commons_dir):
    result = build_commons(commons_dir)
    g = n.commons_graph(result.commons)
    data = json.loads(graph_json(g, url))
    loaded = nx.node_link_graph(data, edges="edges")
    assert loaded.number_of_nodes() == len(g.nodes) and loaded.number_of_edges() == len(g.edges)
    assert loaded.nodes["member:ana"]["kind"] == "member"
    assert loaded.nodes["member:ana"]["url"] == "members/ana/"
    assert {d["type"] for _, _, d in loaded.edges(data=True)} >= {"member", "author", "reviewer", "mentor", "host"}
    out = tmp_path / "g.graphml"
    out.write_bytes(graphml(g, url))
    again = nx.read_graphml(out)
    assert again.number_of_edges() == len(g.edges)
    assert again.nodes["community:fieldwork"]["label"] == "Field Methods"


def test_graph_json_is_compact_json_as_python_writes_it_small_weights_included(commons_dir):
    def python_s(g: n.Graph) -> bytes:
        return json.dumps(node_link(g, url), ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    g = n.commons_graph(build_commons(commons_dir).commons)
    assert graph_json(g, url) == python_s(g)
    g.add_node("event:rally", "event", label="Rally \u00e9\u2028\x01", path="events/rally.md")
    g.add_edges("attendee", [("member:ana", "event:rally")], 12 / 1_000_000)  # a million people: 1.2e-05
    exported = graph_json(g, url)
    assert exported == python_s(g) and b"1.2e-05" in exported


def test_commons_graph_command_writes_both_formats(tmp_path, commons_dir, capsys):
    assert main(["graph", str(commons_dir), "--format", "graphml", "--out", str(tmp_path / "g.graphml")]) == 0
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() > 0
    assert main(["graph", str(commons_dir)]) == 0
    assert json.loads(capsys.readouterr().out)["multigraph"] is True
    assert main(["graph", str(commons_dir), "--out", str(commons_dir / "g.json")]) == 1
    assert not (commons_dir / "g.json").exists()


def test_the_same_content_gives_the_same_pictures(commons_dir):
    result = build_commons(commons_dir)

    def pictures() -> tuple[str, ...]:
        plan = build_site_plan(result.commons)
        plan.render_all()
        return tuple(
            plan.pages[p].after for p in ("network/index.md", "members/ana.md", "communities/fieldwork/index.md")
        )

    first = pictures()
    assert first == pictures()
    assert all("<svg" in page for page in first)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_related_communities_say_why_they_are_related(tmp_path, language):
    files = {"index.md": "# Home\n"}
    for part in (
        community("gamma"), community("delta"), *(member(x, "gamma", "delta") for x in ("m1", "m2", "m3")),
        artefact("g", "gamma", ["m1"], topics=["Sampling"]), artefact("d", "delta", ["m2"], topics=["Sampling"]),
    ):  # fmt: skip
        files.update(part)
    result = build_commons(write_commons(tmp_path / "content", files))
    plan = build_site_plan(result.commons, language=language)
    html = plan.pages["communities/gamma/index.md"].after
    why = {"en": "3 shared members · 1 shared topic", "fr": "3 membres communs · 1 sujet commun"}[language]
    assert f"Delta</a> — {why}" in html


def test_a_lineage_lists_its_derivations_generation_by_generation_in_every_build(tmp_path):
    # The rows followed a set of artefacts, whose order changed from one build (one process) to the next.
    parents = [artefact(f"parent-{i}", "fieldwork", ["ana"]) for i in range(5)]
    children = [artefact(f"child-{i}", "fieldwork", ["ana"], derived_from=["root"]) for i in range(5)]
    root = artefact("root", "fieldwork", ["ana"], derived_from=[f"parent-{i}" for i in range(5)])
    files = {"index.md": "# Home\n"}
    for part in (community("fieldwork"), member("ana", "fieldwork"), root, *parents, *children):
        files.update(part)
    result = build_commons(write_commons(tmp_path / "content", files))
    plan = build_site_plan(result.commons)
    after = plan.pages["practice/fieldwork/root.md"].after
    rows = [row.split("</li>")[0] for row in after.split('id="lineage"')[1].split("<li>")[1:] if "derives from" in row]
    expected = [f"Root derives from Parent {i}" for i in range(5)] + [f"Child {i} derives from Root" for i in range(5)]
    assert rows[-10:] == expected


def test_a_title_edit_keeps_the_previous_insights_and_a_new_tie_draws_them_again(tmp_path):
    """``serve`` plans again after each edit: the insights come from the graph's structure, not its titles."""
    parts = [community("alpha"), member("a1", "alpha"), member("a2", "alpha"), artefact("a-one", "alpha", ["a1"])]
    root = write_commons(tmp_path / "content", {k: v for part in parts for k, v in part.items()})
    before = n.analyse(build_commons(root).commons)
    page = root / "practice/alpha/a-one.md"
    page.write_text(page.read_text().replace("title: A One", "title: A First"))
    retitled = n.analyse(build_commons(root).commons, before)
    assert retitled.connectors is before.connectors and retitled.people is before.people
    assert retitled.graph.label("artefact:a-one") == "A First"  # the pictures show the new title
    page.write_text(page.read_text().replace("authors: ['a1']", "authors: ['a1', 'a2']"))
    tied = n.analyse(build_commons(root).commons, retitled)
    assert tied.people is not retitled.people and tied.people.has_edge("member:a1", "member:a2")
