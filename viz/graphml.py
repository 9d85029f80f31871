"""A view as GraphML for Gephi/yEd, with a ``label`` attribute on nodes and edges.

Gephi shows the ``label`` attribute as the node label (yEd maps it too), so
the file opens readable: one-line labels (the view's heading, with the year
for same-symbol documents), plus ``kind``, ``type``, ``year``, ``issuer`` for
partitioning and filtering, and each edge's relation as its label. Written
atomically.

>>> import tempfile, pathlib, networkx as nx
>>> from cchc_kg.viz.model import ViewGraph, ViewNode, ViewEdge
>>> v = ViewGraph("t", "all", (ViewNode("a", "doc-national", "76/NQ-CP\\nX", heading="76/NQ-CP (2021)", year=2021),
...               ViewNode("b", "doc-province", "KH 1", heading="KH 1")), (ViewEdge("b", "a", "based_on"),))
>>> p = write_view_graphml(v, pathlib.Path(tempfile.mkdtemp()) / "v.graphml")
>>> g = nx.read_graphml(p)
>>> g.nodes["a"]["label"], g.nodes["a"]["year"], g.edges["b", "a"]["label"]
('76/NQ-CP (2021)', 2021, 'Căn cứ')
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from cchc_kg.kg.concepts import RELATION_LABELS, ROLE_LABELS
from cchc_kg.viz.model import NODE_KINDS, ViewGraph
from cchc_kg.viz.office import atomic_write

__all__ = ["view_to_networkx", "write_view_graphml"]


def view_to_networkx(view: ViewGraph) -> nx.MultiDiGraph:
    """The view as a networkx multigraph with GraphML-safe attributes (no ``None``)."""
    g = nx.MultiDiGraph(name=view.title)
    for n in view.nodes:
        attrs: dict[str, object] = {"label": n.heading or n.label.split("\n", 1)[0], "kind": n.kind,
                                    "kind_label": NODE_KINDS.get(n.kind, (n.kind,))[0], "full_label": n.label.replace("\n", " — ")}
        if n.dtype:
            attrs["type"] = n.dtype
        if n.year is not None:
            attrs["year"] = int(n.year)
        if n.issuer:
            attrs["issuer"] = n.issuer
        g.add_node(n.id, **attrs)
    for e in view.edges:
        label = RELATION_LABELS.get(e.kind) or ROLE_LABELS.get(e.kind) or e.kind
        g.add_edge(e.source, e.target, label=label, kind=e.kind, evidence=" | ".join(e.evidence))
    return g


def write_view_graphml(view: ViewGraph, path: str | Path) -> Path:
    """Write ``view`` as GraphML (attribute ``label`` on nodes and edges), atomically."""
    g = view_to_networkx(view)
    return atomic_write(path, lambda tmp: nx.write_graphml(g, str(tmp), named_key_ids=True))
