"""The neutral view records every view builds and the renderer draws.

A :class:`ViewGraph` knows nothing about vis-network or HTML: nodes and
edges carry a *kind* (a key of :data:`NODE_KINDS` / :data:`EDGE_KINDS`),
a plain-text label and plain-text tooltip rows. The renderer escapes
everything; views never produce markup.

>>> g = ViewGraph("t", "all", (ViewNode("a", "doc-national", "A"), ViewNode("b", "doc-province", "B")),
...               (ViewEdge("b", "a", "based_on"),))
>>> g.node_counts()
{'doc-national': 1, 'doc-province': 1}
>>> g.edge_counts()
{'based_on': 1}
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from cchc_kg.kg.relations import edge_legend

__all__ = [
    "ViewNode",
    "ViewEdge",
    "ViewGraph",
    "NODE_KINDS",
    "EDGE_KINDS",
    "LEVEL_LAYER",
    "doc_kind",
]

#: node kind → (legend label, colour, vis shape)
NODE_KINDS: dict[str, tuple[str, str, str]] = {
    "doc-party-central": ("Party document (central)", "#b71c1c", "box"),
    "doc-national": ("National document", "#c62828", "box"),
    "doc-unknown": ("Document (level unknown)", "#757575", "box"),
    "doc-province": ("Province document", "#1565c0", "box"),
    "doc-district": ("District document", "#2e7d32", "box"),
    "doc-commune": ("Commune document", "#6a1b9a", "box"),
    "agency": ("Agency", "#ef6c00", "ellipse"),
    "agency-group": ("Agency group", "#f9a825", "ellipse"),
    "area": ("Reform area", "#00838f", "hexagon"),
    "task": ("Task", "#546e7a", "box"),
    "duty-cell": ("Duties of an agency in an area", "#455a64", "box"),
    "target": ("Local target", "#283593", "diamond"),
    "national-target": ("National target", "#ad1457", "star"),
}

#: edge kind → (legend label, colour, dashes, width)
EDGE_KINDS: dict[str, tuple[str, str, bool | list[int], float]] = {
    **edge_legend(),  # the document relations, from the relation registry
    "lead": ("role: lead (chủ trì)", "#d32f2f", False, 3.0),
    "support": ("role: support (phối hợp)", "#1976d2", False, 1.5),
    "standing": ("role: standing body (thường trực)", "#7b1fa2", False, 2.5),
    "advise": ("role: advise (tham mưu)", "#00897b", [6, 4], 2.0),
    "monitor": ("role: monitor (theo dõi, kiểm tra)", "#616161", [2, 4], 1.5),
    "implement": ("role: implement (thực hiện)", "#388e3c", False, 1.5),
    "contains": ("contains", "#b0bec5", [3, 3], 1.0),
    "has_target": ("has target", "#90a4ae", False, 1.0),
    "aligns": ("aligned with national target", "#ad1457", False, 2.5),
}

#: document level → layer (top to bottom) in hierarchical layouts
LEVEL_LAYER: dict[str, float] = {
    "party-central": 0.0,
    "national": 0.0,
    "unknown": 1.0,
    "province": 2.0,
    "district": 3.0,
    "commune": 4.0,
}


def doc_kind(level: str | None) -> str:
    """Node kind of a document of ``level``.

    >>> doc_kind("district"), doc_kind(None), doc_kind("ward")
    ('doc-district', 'doc-unknown', 'doc-unknown')
    """
    kind = f"doc-{level or 'unknown'}"
    return kind if kind in NODE_KINDS else "doc-unknown"


Rows = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ViewNode:
    """One node: ``id`` unique in the view, ``kind`` a key of NODE_KINDS.

    ``tip`` rows are (field, value) plain text shown in the tooltip;
    ``layer`` orders nodes in layered layouts (0 = first row/column);
    ``search`` is extra text the search box matches (symbol, name).
    """

    id: str
    kind: str
    label: str
    tip: Rows = ()
    heading: str = ""
    layer: float = 0.0
    search: str = ""
    focus: bool = False
    dashed: bool = False  # drawn with a dashed border (stubs, catalog entries)
    # facets the page filters on (documents only): type code, year, issuer
    dtype: str = ""
    year: int | None = None
    issuer: str = ""


@dataclass(frozen=True, slots=True)
class ViewEdge:
    """One edge from ``source`` to ``target`` (node ids) of kind ``kind``.

    ``evidence`` holds plain-text sentences (shown in the tooltip).
    """

    source: str
    target: str
    kind: str
    label: str = ""
    tip: Rows = ()
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ViewGraph:
    """A view: title, nodes, edges, notes (e.g. why it was capped)."""

    title: str
    view: str  # focus | responsibilities | matrix | target | all
    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]
    notes: tuple[str, ...] = ()
    direction: str = "UD"  # UD: layers top→bottom; LR: left→right
    total_nodes: int | None = None  # before capping

    def node_counts(self) -> dict[str, int]:
        """Nodes per kind, in NODE_KINDS order."""
        c = Counter(n.kind for n in self.nodes)
        return {k: c[k] for k in NODE_KINDS if c[k]} | {k: v for k, v in c.items() if k not in NODE_KINDS}

    def edge_counts(self) -> dict[str, int]:
        """Edges per kind, in EDGE_KINDS order."""
        c = Counter(e.kind for e in self.edges)
        return {k: c[k] for k in EDGE_KINDS if c[k]} | {k: v for k, v in c.items() if k not in EDGE_KINDS}
