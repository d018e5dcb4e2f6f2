"""Pictures of the relationship graph: SVG laid out at build time.

Why SVG from the build rather than a graph library in the browser: the picture
is the same for every reader (a seeded layout), it loads nothing and runs no
script to be seen (links work without JavaScript; the small packaged script
only adds highlighting, pan and zoom), and a page carries only the nodes it
draws. Every picture is capped in size — an ego graph draws at most
``EGO_LIMIT`` neighbours, the community map each community's strongest ties,
and the people network is drawn person by person only up to
``PEOPLE_LIMIT`` people (above that, by unit) — so it stays readable and small
at 2,000 members.

Labels are escaped here (``markupsafe.escape``): they come from front matter.
Links carry the renderer's placeholder for the way back to the site root.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import networkx as nx
from markupsafe import Markup, escape

#: Neighbours an ego graph draws, at most, of each kind.
EGO_LIMIT = 12
#: People drawn one by one on /network/; above this the network is drawn by unit.
PEOPLE_LIMIT = 150
#: Ties drawn per community on the community map (the strongest ones).
MAP_TIES = 4
#: Names written on the community map, largest communities first (the others: on hover, focus and in the table).
MAP_LABELS = 24
SEED = 7
#: Colours for home communities (CSS classes pc-c0 … pc-c7); the rest share pc-cx.
PALETTE = 8


@dataclass
class Node:
    id: str
    label: str
    href: str | None
    #: CSS classes: the kind and a colour class.
    classes: str
    #: Radius in picture units.
    size: float = 7.0
    #: What a reader hovering the node is told besides its name.
    note: str = ""
    #: A ring around the node (a connector, the centre of an ego graph).
    ring: bool = False
    #: Whether the name is written under the node (always in its tooltip and accessible name).
    show_label: bool = True
    #: Whether the name goes under the node (else above it).
    below: bool = True
    x: float = 0.0
    y: float = 0.0


@dataclass
class Edge:
    a: str
    b: str
    width: float = 1.0
    note: str = ""
    classes: str = ""


@dataclass
class Picture:
    nodes: list[Node]
    edges: list[Edge]
    #: The accessible name of the picture.
    title: str
    width: int = 640
    height: int = 420
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, label)


def _short(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def radial(picture: Picture, rings: Sequence[Sequence[Node]], centre: Node | None = None) -> Picture:
    """Place ``centre`` in the middle and each ring of nodes evenly on a circle around it, inner first."""
    cx, cy = picture.width / 2, picture.height / 2
    if centre is not None:
        centre.x, centre.y = cx, cy
    filled = [ring for ring in rings if ring]
    for depth, ring in enumerate(filled, start=1):
        share = 1.0 if depth == len(filled) else 0.6 * depth / (len(filled) - 1 or 1)
        rx, ry = (picture.width / 2 - 80) * share, (picture.height / 2 - 36) * share
        # The outer ring starts at the top; inner rings half a step round, so no node hides another's label.
        offset = math.pi / 2 + (0 if depth == len(filled) else math.pi / len(ring))
        for i, node in enumerate(ring):
            angle = offset + 2 * math.pi * i / len(ring)
            node.x, node.y = cx + rx * math.cos(angle), cy - ry * math.sin(angle)
            node.below = node.y >= cy
    return picture


def layered(picture: Picture, layers: Sequence[Sequence[Node]]) -> Picture:
    """Columns left to right (a lineage: ancestors, the artefact, what derives from it)."""
    columns = [layer for layer in layers if layer]
    for i, layer in enumerate(columns):
        x = picture.width * (i + 0.5) / len(columns)
        for j, node in enumerate(layer):
            node.x, node.y = x, picture.height * (j + 0.5) / len(layer)
    return picture


def spring(picture: Picture) -> Picture:
    """A force-directed layout, seeded: the same graph always gives the same picture.

    Nodes without any edge would be flung to the corners and squeeze the rest into
    the middle: they get a row of their own along the bottom instead.
    """
    g = nx.Graph()
    for e in picture.edges:
        if e.a != e.b:
            g.add_edge(e.a, e.b, weight=max(0.1, e.width))
    alone = [n for n in picture.nodes if n.id not in g]
    linked = [n for n in picture.nodes if n.id in g]
    margin_x, margin_y = 70, 30
    bottom = picture.height - (48 if alone else 0)
    if len(linked) > 1:
        g = nx.Graph(sorted(g.edges(data=True)))  # the same graph in the same order: the same picture
        k = 2.2 / math.sqrt(g.number_of_nodes())
        positions = nx.spring_layout(g, k=k, seed=SEED, iterations=100, weight="weight")
        xs = [float(p[0]) for p in positions.values()]
        ys = [float(p[1]) for p in positions.values()]
        span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
        for node in linked:
            px, py = positions[node.id]
            node.x = margin_x + (float(px) - min(xs)) / span_x * (picture.width - 2 * margin_x)
            node.y = margin_y + (float(py) - min(ys)) / span_y * (bottom - 2 * margin_y)
    elif linked:
        linked[0].x, linked[0].y = picture.width / 2, bottom / 2
    for i, node in enumerate(alone):
        node.x = margin_x + (i + 0.5) * (picture.width - 2 * margin_x) / len(alone)
        node.y = picture.height - 30 + (12 if i % 2 else 0) - 6
    return picture


def svg(picture: Picture, labels: bool = True, described_by: str = "") -> Markup:
    """The picture as inline SVG: every node a link with its name, edges under nodes, a legend under it all."""
    ids = {node.id: f"n{i}" for i, node in enumerate(picture.nodes)}
    where = {node.id: node for node in picture.nodes}
    description = f' aria-describedby="{described_by}"' if described_by else ""
    out = [
        f'<svg class="pc-graph" viewBox="0 0 {picture.width} {picture.height}" role="group" '
        f'aria-label="{escape(picture.title)}"{description} preserveAspectRatio="xMidYMid meet">',
        '<g class="pc-graph-view">',
        '<g class="pc-edges">',
    ]
    for edge in picture.edges:
        a, b = where.get(edge.a), where.get(edge.b)
        if a is None or b is None:
            continue
        note = f"<title>{escape(edge.note)}</title>" if edge.note else ""
        classes = f' class="{edge.classes}"' if edge.classes else ""
        out.append(
            f'<line{classes} data-a="{ids[edge.a]}" data-b="{ids[edge.b]}" x1="{a.x:.1f}" y1="{a.y:.1f}" '
            f'x2="{b.x:.1f}" y2="{b.y:.1f}" stroke-width="{edge.width:.1f}">{note}</line>'
        )
    out.append('</g>\n<g class="pc-nodes">')
    for node in picture.nodes:
        name = escape(node.label)
        tooltip = escape(f"{node.label} — {node.note}" if node.note else node.label)
        shape = (
            f'<circle cx="{node.x:.1f}" cy="{node.y:.1f}" r="{node.size:.1f}" class="{node.classes}'
            f'{" pc-ring" if node.ring else ""}"></circle>'
        )
        below = node.y + node.size + 13 if node.below else node.y - node.size - 5
        text = (
            f'<text x="{node.x:.1f}" y="{below:.1f}">{escape(_short(node.label))}</text>'
            if labels and node.show_label
            else ""
        )
        inner = f"<title>{tooltip}</title>{shape}{text}"
        if node.href:
            out.append(
                f'<a class="pc-node" data-id="{ids[node.id]}" href="{node.href}" aria-label="{name}">{inner}</a>'
            )
        else:
            out.append(f'<g class="pc-node" data-id="{ids[node.id]}">{inner}</g>')
    out.append("</g>\n</g>\n</svg>")
    return Markup("\n".join(out))


def figure(picture: Picture, alternative: Markup, caption: str, labels: bool = True, alternative_title: str = "",
           zoom: tuple[str, str, str] = ("+", "−", "⤢")) -> Markup:  # fmt: skip
    """The picture with its caption, legend, zoom buttons (the script adds them) and a text alternative."""
    legend = ""
    if picture.legend:
        items = "".join(
            f'<li><svg class="pc-swatch" viewBox="0 0 10 10" aria-hidden="true"><circle cx="5" cy="5" r="4.5" '
            f'class="{css}"></circle></svg> {escape(label)}</li>'
            for css, label in picture.legend
        )
        legend = f'<ul class="pc-legend">{items}</ul>'
    details = (
        f'<details class="pc-graph-text"><summary>{escape(alternative_title)}</summary>\n{alternative}\n</details>'
        if alternative
        else ""
    )
    # Shown by the script, which makes them work: without it, no dead buttons.
    buttons = "".join(
        f'<button type="button" data-zoom="{name}" aria-label="{escape(text)}" title="{escape(text)}">{symbol}</button>'
        for name, symbol, text in zip(("in", "out", "reset"), ("+", "−", "⤢"), zoom, strict=True)
    )
    # The caption describes the picture to a screen reader too; one id per picture on a page (titles differ).
    caption_id = "pc-caption-" + re.sub(r"[^a-z0-9]+", "-", picture.title.casefold()).strip("-")
    return Markup(
        f'<figure class="pc-figure">\n<div class="pc-zoom" hidden>{buttons}</div>\n'
        f"{svg(picture, labels, caption_id)}\n"
        f'<figcaption id="{caption_id}">{escape(caption)}{legend}</figcaption>\n'
        f"</figure>\n{details}"
    )


def person_colours(homes: Sequence[str], order: Callable[[str], object] | None = None) -> dict[str, str]:
    """A colour class per home community: the largest ``PALETTE`` communities get their own, the rest share one."""
    counts: dict[str, int] = {}
    for home in homes:
        if home:
            counts[home] = counts.get(home, 0) + 1
    ranked = sorted(counts, key=lambda h: (-counts[h], order(h) if order else h))
    return {home: (f"pc-c{i}" if i < PALETTE else "pc-cx") for i, home in enumerate(ranked)}
