"""The networkx backend and graph analytics over the property-graph projection.

:class:`NetworkxBackend` answers the :class:`cchc_kg.queries.backend.Backend`
primitives from a ``networkx.MultiDiGraph`` built by
:func:`build_graph` (same model as the Bolt push, ``cchc_kg.kg.pgmodel``), with
the same dicts as the embedded SPARQL backend.

>>> from cchc_kg.kg.store import GraphStore
>>> g = build_graph(GraphStore.open(None))
>>> NetworkxBackend(g).documents(), most_cited(g), documents_without_basis(g)
([], [], [])
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from cchc_kg.kg.errors import DocumentNotFound
from cchc_kg.kg.exports import to_networkx
from cchc_kg.kg.pgmodel import from_store
from cchc_kg.kg.store import GraphStore
from cchc_kg.queries.validity_facts import ChangeFact
from cchc_kg.queries.backend import CITING_RELATIONS, LINEAGE_RELATIONS, Backend, generic_closure, sort_edges
from cchc_kg.queries import validity_pg as vpg
from cchc_kg.queries.cypher import (
    REL_TYPES,
    add_edge,
    alignment_from_props,
    described,
    doc_from_props,
    responsibility_from_props,
    target_from_props,
)

__all__ = [
    "NetworkxBackend",
    "build_graph",
    "most_cited",
    "bfs_path",
    "shortest_lineage_path",
    "backend_lineage_path",
    "documents_without_basis",
]

_TYPE_RELS = {v: k for k, v in REL_TYPES.items()}


def build_graph(store: GraphStore) -> nx.MultiDiGraph:
    """The store projected to a MultiDiGraph (node = IRI with labels and properties)."""
    return to_networkx(from_store(store))


def _props(g: nx.MultiDiGraph, n: str) -> dict[str, Any]:
    return {k: v for k, v in g.nodes[n].items() if k != "labels"}


def _labels(g: nx.MultiDiGraph, n: str) -> tuple[str, ...]:
    return tuple(g.nodes[n].get("labels", ()))


def _out(g: nx.MultiDiGraph, n: str, type_: str) -> list[str]:
    return sorted({v for _, v, d in g.out_edges(n, data=True) if d.get("type") == type_})


def _in(g: nx.MultiDiGraph, n: str, type_: str) -> list[str]:
    return sorted({u for u, _, d in g.in_edges(n, data=True) if d.get("type") == type_})


class NetworkxBackend:
    """Backend primitives over a :func:`build_graph` MultiDiGraph."""

    name = "networkx"

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.g = graph
        self._citations: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        self._numerals: dict[str, set[str]] = defaultdict(set)
        self._laws: dict[str, set[str]] = defaultdict(set)
        for n, attrs in graph.nodes(data=True):
            for k in attrs.get("numeral_keys") or ():
                self._numerals[k].add(n)
            for k in attrs.get("law_name_keys") or ():
                self._laws[k].add(n)
            if "Citation" in attrs.get("labels", ()):
                for citing in _out(graph, n, "CITING"):
                    for cited in _out(graph, n, "CITED"):
                        self._citations[(citing, cited)].append(_props(graph, n))

    @classmethod
    def from_store(cls, store: GraphStore) -> NetworkxBackend:
        """Project ``store`` and wrap it."""
        return cls(build_graph(store))

    def document(self, iri: str) -> dict[str, Any]:
        if iri not in self.g or not described(_props(self.g, iri), self.g.out_degree(iri)):
            raise DocumentNotFound(f"no document {iri}")
        return doc_from_props(_props(self.g, iri))

    def documents(self, *, loaded_only: bool = False) -> list[dict[str, Any]]:
        docs = [doc_from_props(_props(self.g, n)) for n, a in self.g.nodes(data=True)
                if "Document" in a.get("labels", ()) and a.get("key") is not None]
        docs.sort(key=lambda d: d["iri"])
        return [d for d in docs if d["source"]] if loaded_only else docs

    def find_by_numeral(self, number: str) -> list[str]:
        """IRIs of documents whose numeral equals ``number`` (case-insensitive)."""
        return sorted(self._numerals.get(number.lower(), ()))

    def find_by_law_name(self, name: str) -> list[str]:
        """IRIs of laws whose name equals ``name`` (case-insensitive)."""
        return sorted(self._laws.get(name.lower(), ()))

    def edges(self, iri: str, direction: str, relations: tuple[str, ...]) -> list[dict[str, Any]]:
        types = {REL_TYPES[r] for r in relations if r in REL_TYPES}
        edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        if iri not in self.g:
            return []
        it = self.g.out_edges(iri, data=True) if direction == "out" else self.g.in_edges(iri, data=True)
        for u, v, d in it:
            if d.get("type") not in types:
                continue
            rel = _TYPE_RELS[d["type"]]
            cits = self._citations.get((u, v)) or [None]
            for c in cits:
                add_edge(edges, rel, u, v, c)
        return sort_edges(edges, direction)

    def closure(
        self, iri: str, direction: str, relations: tuple[str, ...]
    ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, dict[str, Any]]]:
        """Everything reached from ``iri`` (``cchc_kg.queries.backend.generic_closure``)."""
        return generic_closure(self, iri, direction, relations)

    def targets(self, iri: str | None = None, *, national: bool = False) -> list[dict[str, Any]]:
        docs = [iri] if iri else sorted(self.g.nodes)
        wanted_national = national and not iri
        out: dict[str, dict[str, Any]] = {}
        for d in docs:
            if d not in self.g:
                continue
            for t in _out(self.g, d, "HAS_TARGET"):
                p = _props(self.g, t)
                if "Target" not in _labels(self.g, t) or t in out or p.get("metric") is None or p.get("comparator") is None:
                    continue
                if wanted_national and "NationalTarget" not in _labels(self.g, t):
                    continue
                out[t] = target_from_props(d, p)
        return sorted(out.values(), key=lambda x: (x["document"], x["index"] if x["index"] is not None else -1, x["iri"]))

    def alignments(self, *, national: str | None = None, document: str | None = None) -> list[dict[str, Any]]:
        national_iri = national
        out: dict[tuple[str, str], dict[str, Any]] = {}
        for a, attrs in self.g.nodes(data=True):
            if "Alignment" not in attrs.get("labels", ()) or attrs.get("score") is None or attrs.get("comparison") is None:
                continue
            for local in _out(self.g, a, "LOCAL_TARGET"):
                for nat in _out(self.g, a, "NATIONAL_TARGET"):
                    for doc in _in(self.g, local, "HAS_TARGET"):
                        if (national_iri is not None and nat != national_iri) or (document is not None and doc != document):
                            continue
                        out[(local, nat)] = alignment_from_props(attrs, local, _props(self.g, nat), doc)
        return sorted(out.values(), key=lambda a: (a["national_id"] or "", a["document"], a["local"]))

    def responsibilities(self, iri: str | None = None) -> list[dict[str, Any]]:
        docs = [iri] if iri else sorted(self.g.nodes)
        out: dict[str, dict[str, Any]] = {}
        for d in docs:
            if d not in self.g:
                continue
            for n in _out(self.g, d, "HAS_RESPONSIBILITY"):
                p = _props(self.g, n)
                if "Responsibility" not in _labels(self.g, n) or n in out or p.get("role") is None:
                    continue
                agents = _out(self.g, n, "AGENT")
                if not agents:
                    continue
                targets = _out(self.g, n, "FOR_TARGET")
                out[n] = responsibility_from_props(d, p, _props(self.g, agents[0]), targets[0] if targets else None)
        return sorted(out.values(), key=lambda x: (x["document"], x["index"] if x["index"] is not None else -1, x["iri"]))

    # -- validity (cchc_kg.queries.validity_pg: the same facts as the embedded store) --------
    def document_facts(self, iri: str) -> dict[str, Any]:
        """Validity facts of one document (:func:`cchc_kg.queries.validity_pg.doc_facts_from_props`)."""
        facts = vpg.doc_facts_from_props(_props(self.g, iri) if iri in self.g else None)
        rows = []
        if iri in self.g:
            for c in _in(self.g, iri, "EFFECTIVE_DATE_OF"):
                files = _out(self.g, c, "DERIVED_FROM")
                rows.append((_props(self.g, c), _props(self.g, files[0]).get("path") if files else None))
        return vpg.with_effective(facts, vpg.effective_clauses(rows))

    def _change_rows(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        if not hasattr(self, "_changes"):
            rows, pinned = [], []
            for n, a in self.g.nodes(data=True):
                files = _out(self.g, n, "DERIVED_FROM")
                if a.get("pinpoint") is not None:
                    pinned += [{"iri": n, "file": f, "end": a.get("end"), "ends": a.get("end_values"), "citing": w}
                               for f in files for w in _out(self.g, n, "CITING")]
                if "Citation" not in a.get("labels", ()) or a.get("relation") not in vpg.CHANGE_RELATIONS:
                    continue
                stated_in = _out(self.g, n, "SOURCE_DOCUMENT") or [None]
                rows += [{"c": _props(self.g, n), "successor": s, "target": t, "stated_in": stated_in[0],
                          "file": files[0] if files else None}
                         for s in _out(self.g, n, "CITING") for t in _out(self.g, n, "CITED")]
            self._changes = (rows, pinned)
        return self._changes

    def change_facts(self, target: str | None = None) -> list[ChangeFact]:
        """Every replaces/repeals/amends fact, or those into ``target``."""
        rows, pinned = self._change_rows()
        return vpg.change_facts_from_rows([r for r in rows if target is None or r["target"] == target], pinned)

    def stated_ended(self) -> list[str]:
        """Documents with a stated end date or ``in_force`` false."""
        return vpg.stated_ended(_props(self.g, n) for n in self.g.nodes)

    def law_names(self) -> list[tuple[str, str]]:
        """``(iri, name)`` of every law name."""
        return vpg.law_names_from_props(_props(self.g, n) for n, a in self.g.nodes(data=True) if a.get("law_name") is not None)

    def document_validity(self, iri: str) -> dict[str, Any]:
        return vpg.document_validity(self.document_facts(iri))

    def successor_edges(self, iri: str) -> list[dict[str, Any]]:
        return vpg.successor_edges(self.change_facts(iri))

    def open_citations(self, iri: str) -> list[dict[str, Any]]:
        if iri not in self.g:
            return []
        out = []
        for c in _in(self.g, iri, "CITING"):
            p = _props(self.g, c)
            if "Citation" in _labels(self.g, c) and p.get("status") not in (None, "resolved"):
                out.append(vpg.open_citation_from_props(p, _out(self.g, c, "CANDIDATE")))
        return vpg.open_citations_sorted(out)

    def change_events_from(self, org_iri: str) -> list[dict[str, Any]]:
        if org_iri not in self.g:
            return []
        rows = []
        for e in _in(self.g, org_iri, "ORIGINAL_ORGANIZATION"):
            if "ChangeEvent" not in _labels(self.g, e):
                continue
            p = _props(self.g, e)
            cols = {k: _out(self.g, e, t) or [None] for k, t in (("original", "ORIGINAL_ORGANIZATION"),
                    ("resulting", "RESULTING_ORGANIZATION"), ("used", "USED"), ("coverage", "COVERAGE"))}
            rows += [{"e": p, "original": o, "resulting": r, "used": u, "coverage": v}
                     for o in cols["original"] for r in cols["resulting"] for u in cols["used"] for v in cols["coverage"]]
        return vpg.events_from_rows(rows)

    def organisation(self, org_iri: str) -> dict[str, Any]:
        return vpg.organisation_from_props(org_iri, _props(self.g, org_iri) if org_iri in self.g else None)


# -- analytics -------------------------------------------------------------------
def most_cited(g: nx.MultiDiGraph, n: int = 10, *, relations: tuple[str, ...] = CITING_RELATIONS) -> list[tuple[str, int]]:
    """The ``n`` documents cited by most distinct documents: ``[(iri, count)]``, ties by IRI."""
    types = {REL_TYPES[r] for r in relations}
    citers: dict[str, set[str]] = defaultdict(set)
    for u, v, d in g.edges(data=True):
        if d.get("type") in types and u != v:
            citers[v].add(u)
    ranked = sorted(((iri, len(s)) for iri, s in citers.items()), key=lambda x: (-x[1], x[0]))
    return ranked[:n]


def bfs_path(start: str, goal: str, neighbors: Callable[[str], Iterable[str]]) -> list[str]:
    """Shortest path by breadth-first search (ties: smallest IRIs first); ``NetworkXNoPath`` if none.

    >>> bfs_path("a", "c", {"a": ["b"], "b": ["c"], "c": []}.__getitem__)
    ['a', 'b', 'c']
    """
    if start == goal:
        return [start]
    parent: dict[str, str] = {}
    seen = {start}
    queue: deque[str] = deque([start])
    while queue:
        cur = queue.popleft()
        for nxt in sorted(set(neighbors(cur))):
            if nxt in seen:
                continue
            seen.add(nxt)
            parent[nxt] = cur
            if nxt == goal:
                path = [goal]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return path[::-1]
            queue.append(nxt)
    raise nx.NetworkXNoPath(f"no lineage path from {start} to {goal}")


def shortest_lineage_path(g: nx.MultiDiGraph, a: str, b: str, *, relations: tuple[str, ...] = LINEAGE_RELATIONS) -> list[str]:
    """Shortest upward (based_on / implements) path from ``a`` to ``b`` in the projection."""
    for x in (a, b):
        if x not in g:
            raise DocumentNotFound(f"no document {x}")
    types = {REL_TYPES[r] for r in relations}
    return bfs_path(a, b, lambda n: (v for _, v, d in g.out_edges(n, data=True) if d.get("type") in types))


def backend_lineage_path(backend: Backend, a: str, b: str, *, relations: tuple[str, ...] = LINEAGE_RELATIONS) -> list[str]:
    """The same BFS over any backend (for Bolt servers without ``shortestPath``)."""
    backend.document(a)
    backend.document(b)
    return bfs_path(a, b, lambda n: (e["target"] for e in backend.edges(n, "out", relations)))


def documents_without_basis(g: nx.MultiDiGraph, *, relations: tuple[str, ...] = LINEAGE_RELATIONS) -> list[str]:
    """Loaded documents with no based_on / implements edge (sorted IRIs)."""
    types = {REL_TYPES[r] for r in relations}
    out = []
    for n, attrs in g.nodes(data=True):
        if "Document" in attrs.get("labels", ()) and attrs.get("source"):
            if not any(d.get("type") in types for _, _, d in g.out_edges(n, data=True)):
                out.append(n)
    return sorted(out)
