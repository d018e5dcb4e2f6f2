"""The relationship graph as files other tools read: node-link JSON (networkx, D3) and GraphML (Gephi, yEd).

Both carry every node and edge of ``analyse.network.Graph`` with its type as an
attribute (``kind`` on nodes, ``type`` on edges), and each node's page as a URL
relative to the site root. The graph is built from the published model, so a
field a member keeps ``private`` is not in it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import networkx as nx
import pydantic_core

from ..analyse.network import Graph

#: Node attributes that name a source file: exports give the page's URL instead.
_SOURCE = "path"


def _node_attributes(graph: Graph, url: Callable[[str], str]) -> list[tuple[str, dict[str, Any]]]:
    nodes = []
    for node, data in graph.nodes.items():
        attributes = {k: v for k, v in data.items() if k != _SOURCE}
        if data.get(_SOURCE):
            attributes["url"] = url(data[_SOURCE])
        nodes.append((node, attributes))
    return nodes


def node_link(graph: Graph, url: Callable[[str], str]) -> dict[str, Any]:
    """The graph in networkx's node-link form (``nx.node_link_graph(data, edges="edges")`` reads it back)."""
    keys: dict[tuple[str, str], int] = {}
    edges = []
    for u, v, type, weight, other in graph.edges:  # as ``Graph.edge_attributes`` gives them, one dict less each
        k = keys[(u, v)] = keys.get((u, v), -1) + 1
        edges.append({"source": u, "target": v, "key": k, "type": type, "weight": weight, **(other or {})})
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"name": "practice commons"},
        "nodes": [{"id": node, **attributes} for node, attributes in _node_attributes(graph, url)],
        "edges": edges,
    }


def graph_json(graph: Graph, url: Callable[[str], str]) -> bytes:
    data = node_link(graph, url)
    # pydantic's serialiser writes the 100,000 edges of a 10,000-artefact commons in a third of json.dumps'
    # time, the same bytes for strings, ints and floats but those under 1e-4 (Python writes 1e-05, it 1e-5):
    # a weight that small is an event of over 120,000 people, written as it always was.
    if all(weight >= 1e-4 for _, _, _, weight, _ in graph.edges):
        return pydantic_core.to_json(data)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def graphml(graph: Graph, url: Callable[[str], str]) -> bytes:
    g = nx.MultiDiGraph(name="practice commons")
    g.add_nodes_from(_node_attributes(graph, url))
    g.add_edges_from(graph.edge_attributes())
    out = io.BytesIO()
    nx.write_graphml(g, out, encoding="utf-8")
    return out.getvalue()
