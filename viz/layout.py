"""Positions for a :class:`cchc_kg.viz.model.ViewGraph`: a cheap layered layout.

Nodes sit in layers (``ViewNode.layer``: national → province → district
for documents; agencies → areas → tasks for responsibilities). Inside a
layer, a few barycentre sweeps (Sugiyama-style) put connected nodes near
each other; long layers wrap into several rows. Linear in nodes + edges
per sweep, so a 2,000-node view is laid out in milliseconds and the
browser can draw it with physics off.

>>> from cchc_kg.viz.model import ViewGraph, ViewNode, ViewEdge
>>> g = ViewGraph("t", "all", (ViewNode("a", "doc-national", "A", layer=0), ViewNode("b", "doc-province", "B", layer=2),
...               ViewNode("c", "doc-province", "C", layer=2)), (ViewEdge("b", "a", "based_on"),))
>>> pos = layered(g)
>>> pos["a"][1] < pos["b"][1] == pos["c"][1]
True
"""

from __future__ import annotations

import math
from collections import defaultdict

from cchc_kg.viz.model import ViewGraph

__all__ = ["layered", "row_limit"]


def row_limit(n: int, direction: str = "UD") -> int:
    """How many nodes one row (or column) holds before wrapping.

    >>> row_limit(10), row_limit(1000), row_limit(64, "LR")
    (12, 26, 12)
    """
    if direction == "LR":
        return max(12, math.ceil(math.sqrt(n) * 1.3))
    return max(12, math.ceil(math.sqrt(n) * 0.8))


def layered(
    view: ViewGraph,
    *,
    along: float | None = None,
    across: float | None = None,
    sweeps: int = 4,
    max_per_row: int | None = None,
) -> dict[str, tuple[float, float]]:
    """``{node id: (x, y)}`` with layers top→bottom (``UD``) or left→right (``LR``).

    ``along`` is the gap between neighbours in a row, ``across`` the gap
    between layers; defaults suit the node widths the renderer uses.
    """
    lr = view.direction == "LR"
    along = along if along is not None else (95.0 if lr else 250.0)
    across = across if across is not None else (480.0 if lr else 190.0)
    limit = max_per_row or row_limit(len(view.nodes), view.direction)
    layers: dict[float, list[str]] = defaultdict(list)
    layer_of: dict[str, float] = {}
    for n in view.nodes:
        layers[n.layer].append(n.id)
        layer_of[n.id] = n.layer
    keys = sorted(layers)
    nbrs: dict[str, list[str]] = defaultdict(list)
    for e in view.edges:
        if e.source in layer_of and e.target in layer_of and layer_of[e.source] != layer_of[e.target]:
            nbrs[e.source].append(e.target)
            nbrs[e.target].append(e.source)
    # relative position in [0, 1] of each node inside its layer
    rel: dict[str, float] = {}
    for k in keys:
        ids = layers[k]
        for i, nid in enumerate(ids):
            rel[nid] = (i + 0.5) / len(ids)
    for s in range(sweeps):
        order = keys if s % 2 == 0 else list(reversed(keys))
        for k in order:
            ids = layers[k]

            def bary(nid: str) -> float:
                ns = nbrs.get(nid)
                return sum(rel[m] for m in ns) / len(ns) if ns else rel[nid]

            ids.sort(key=lambda nid: (bary(nid), rel[nid]))
            for i, nid in enumerate(ids):
                rel[nid] = (i + 0.5) / len(ids)
    pos: dict[str, tuple[float, float]] = {}
    offset = 0.0
    for k in keys:
        ids = layers[k]
        rows = [ids[i : i + limit] for i in range(0, len(ids), limit)]
        for r, row in enumerate(rows):
            width = (len(row) - 1) * along
            # stagger wrapped rows so edges do not run along a whole row
            shift = (along / 2) if r % 2 else 0.0
            for i, nid in enumerate(row):
                a = i * along - width / 2 + shift
                b = offset + r * across * 0.6
                pos[nid] = (b, a) if lr else (a, b)
        offset += across * (1 + 0.6 * (len(rows) - 1))
    return pos
