"""Legal-basis lineage: what a document is based on, and who cites it.

Written once over :class:`cchc_kg.queries.backend.Backend`, so every backend gives
the same answer.

>>> from cchc_kg.kg.store import GraphStore
>>> from cchc_kg.queries.embedded import EmbeddedBackend
>>> be = EmbeddedBackend(GraphStore.open(None))
>>> bases(be, "https://w3id.org/cchc/id/doc/x")
Traceback (most recent call last):
...
cchc_kg.kg.errors.DocumentNotFound: no document https://w3id.org/cchc/id/doc/x
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cchc_kg.queries.backend import CITING_RELATIONS, LINEAGE_RELATIONS, Backend

__all__ = ["bases", "cited_by", "iter_cited_by", "flatten_tree", "lineage_paths"]


def bases(
    backend: Backend,
    iri: str,
    *,
    depth: int | None = None,
    relations: tuple[str, ...] = LINEAGE_RELATIONS,
) -> dict[str, Any]:
    """The legal-basis tree of a document, upward, as nested dicts.

    Each node: ``document`` (fields), ``relation`` and ``evidence`` of the
    edge from its parent, ``bases`` (children). A document already on the
    path is shown once more with ``"cycle": True`` and not expanded;
    a document expanded elsewhere is marked ``"repeated": True``.
    """
    # the whole upward tree in one call (one query per kind on the embedded
    # store), then walked depth-first exactly as before
    tree_edges, docs = backend.closure(iri, "out", relations)
    root_doc = docs[iri]
    expanded: set[str] = set()

    def doc(i: str) -> dict[str, Any]:
        if i not in docs:
            docs[i] = backend.document(i)
        return docs[i]

    def out_edges(i: str) -> list[dict[str, Any]]:
        if i not in tree_edges:
            tree_edges[i] = backend.edges(i, "out", relations)
        return tree_edges[i]

    def walk(i: str, level: int, path: frozenset[str]) -> list[dict[str, Any]]:
        if depth is not None and level >= depth:
            return []
        children = []
        for e in out_edges(i):
            t = e["target"]
            node: dict[str, Any] = {"document": doc(t), "relation": e["relation"], "evidence": e["evidence"], "bases": []}
            if t in path:
                node["cycle"] = True
            elif t in expanded:
                node["repeated"] = True
            else:
                expanded.add(t)
                node["bases"] = walk(t, level + 1, path | {t})
            children.append(node)
        return children

    expanded.add(iri)
    return {"document": root_doc, "relation": None, "evidence": [], "bases": walk(iri, 0, frozenset({iri}))}


def flatten_tree(tree: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """Depth-first ``(level, node)`` pairs of a :func:`bases` tree."""
    out: list[tuple[int, dict[str, Any]]] = []

    def rec(n: dict[str, Any], lvl: int) -> None:
        out.append((lvl, n))
        for c in n["bases"]:
            rec(c, lvl + 1)

    rec(tree, 0)
    return out


def cited_by(
    backend: Backend,
    iri: str,
    *,
    transitive: bool = False,
    relations: tuple[str, ...] = CITING_RELATIONS,
) -> list[dict[str, Any]]:
    """Documents that are based on / implement / propose / cite ``iri``.

    Returns one dict per citing document: ``document``, ``relations``
    (sorted names), ``evidence``, ``depth`` (1 = direct) and ``via`` (the
    document it cites on the way, for transitive results), sorted by
    (depth, IRI). The rows of :func:`iter_cited_by`.
    """
    return list(iter_cited_by(backend, iri, transitive=transitive, relations=relations))


def iter_cited_by(
    backend: Backend,
    iri: str,
    *,
    transitive: bool = False,
    relations: tuple[str, ...] = CITING_RELATIONS,
) -> Iterator[dict[str, Any]]:
    """:func:`cited_by` as a stream: the citers of each depth are yielded (by IRI) once that depth is complete.

    ``DocumentNotFound`` is raised before the first row for an unknown IRI.
    """
    if transitive:
        in_edges, docs = backend.closure(iri, "in", relations)
    else:
        docs = {iri: backend.document(iri)}  # DocumentNotFound for unknown IRIs
        in_edges = {iri: backend.edges(iri, "in", relations)}
    seen: dict[str, dict[str, Any]] = {}
    level = [iri]
    visited = {iri}
    d = 0
    while level:
        found: list[str] = []
        for cur in level:
            if cur not in in_edges:
                in_edges[cur] = backend.edges(cur, "in", relations)
            for e in in_edges[cur]:
                s = e["source"]
                if s == iri:
                    continue
                entry = seen.get(s)
                if entry is None:
                    entry = {"document": None, "relations": set(), "evidence": [], "depth": d + 1, "via": cur if d else None}
                    seen[s] = entry
                    found.append(s)
                if entry["depth"] == d + 1 and (entry["via"] == (cur if d else None)):
                    entry["relations"].add(e["relation"])
                    entry["evidence"].extend(e["evidence"])
                if transitive and s not in visited:
                    visited.add(s)
        rows = []
        for s in found:
            entry = seen[s]
            entry["document"] = docs[s] if s in docs else backend.document(s)
            entry["relations"] = sorted(entry["relations"])
            rows.append(entry)
        rows.sort(key=lambda x: x["document"]["iri"])
        yield from rows
        if not transitive:
            break
        level = found
        d += 1


def lineage_paths(backend: Backend, iri: str, goal: str, *, max_depth: int = 8) -> list[list[str]]:
    """Every shortest upward path (list of IRIs) from ``iri`` to ``goal``."""
    frontier = [[iri]]
    for _ in range(max_depth):
        nxt = []
        found = []
        for path in frontier:
            for e in backend.edges(path[-1], "out", LINEAGE_RELATIONS):
                t = e["target"]
                if t in path:
                    continue
                (found if t == goal else nxt).append(path + [t])
        if found:
            return sorted({tuple(p): p for p in found}.values())
        frontier = nxt
        if not frontier:
            break
    return []
