"""Reads straight from the pyoxigraph indexes, for facts SPARQL makes costly.

The embedded backend answers most questions in SPARQL. A few reads are
cheaper as direct index look-ups, because a SPARQL query pays for parsing
and planning each time and joins every ``OPTIONAL`` one by one:

* the facts of a document in one named graph (its own file, or the catalog):
  one ``(subject, graph)`` prefix scan;
* the evidence of citation nodes (sentence, span, quote, source path …):
  one ``(subject)`` prefix scan per citation instead of eight ``OPTIONAL``
  joins (at 100k documents, a 50-document ``bases`` tree spent most of its
  time there).

Every function takes the ``pyoxigraph.Store`` first and returns built-in
types; values are converted by :func:`cchc_kg.kg.store.to_python`, exactly as
``GraphStore.select`` converts them.

>>> import pyoxigraph as ox
>>> raw = ox.Store()
>>> c, g = ox.NamedNode("urn:c"), ox.NamedNode("urn:g")
>>> raw.add(ox.Quad(c, ox.NamedNode(CCHC + "sentence"), ox.Literal("Căn cứ …", language="vi"), g))
>>> raw.add(ox.Quad(c, ox.NamedNode(CCHC + "charStart"), ox.Literal("7", datatype=ox.NamedNode(XSD_INTEGER)), g))
>>> citation_evidence(raw, ["urn:c"])["urn:c"][0]["start"]
7
>>> facts_in_graph(raw, "urn:c", "urn:g", {CCHC + "sentence"})
[('https://w3id.org/cchc/ontology#sentence', 'Căn cứ …')]
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from itertools import product
from typing import Any

import pyoxigraph as ox

from cchc_kg.kg.store import to_python

__all__ = [
    "CCHC", "XSD_INTEGER", "EVIDENCE_FIELDS", "facts_in_graph", "capped_values", "node_facts",
    "evidence_from_facts", "citation_evidence",
]

CCHC = "https://w3id.org/cchc/ontology#"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"

#: evidence key → predicate of the fact node holding it ("source_path" goes
#: through the fact's prov:wasDerivedFrom source node and its cchc:path)
EVIDENCE_FIELDS: dict[str, str] = {
    "sentence": CCHC + "sentence",
    "start": CCHC + "charStart",
    "end": CCHC + "charEnd",
    "quote": CCHC + "quote",
    "pinpoint": CCHC + "pinpoint",
    "confidence": CCHC + "confidence",
    "fact_source": CCHC + "factSource",
}
_ORDER = ("sentence", "start", "end", "quote", "source_path", "pinpoint", "confidence", "fact_source")


def facts_in_graph(raw: ox.Store, iri: str, graph: str, predicates: Collection[str]) -> list[tuple[str, Any]]:
    """``(predicate, value)`` of ``iri`` in named graph ``graph``, for the wanted predicates.

    One ``(subject, predicate, graph)`` look-up per predicate: every quad
    read is decoded term by term from the store's dictionary (~7 µs), and a
    plan's node has hundreds of target and task links the caller does not
    want (a scan of the whole subject cost 2.4x more on the 10k store).
    """
    node, g = ox.NamedNode(iri), ox.NamedNode(graph)
    return [(p, to_python(q.object)) for p in predicates for q in raw.quads_for_pattern(node, ox.NamedNode(p), None, g)]


def capped_values(
    raw: ox.Store, iri: str, predicate: str, *, limit: int, keep: Callable[[str], bool] = lambda g: True
) -> list[tuple[str, Any]]:
    """Up to ``limit`` ``(graph, value)`` pairs of ``iri predicate ?v`` over the graphs ``keep`` accepts.

    A fact repeated in thousands of graphs (a stub document described by
    every file citing it) costs at most ``limit`` reads.
    """
    out: list[tuple[str, Any]] = []
    for q in raw.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(predicate), None, None):
        g = q.graph_name.value
        if keep(g):
            out.append((g, to_python(q.object)))
            if len(out) >= limit:
                break
    return out


def node_facts(raw: ox.Store, iri: str, keep: Callable[[str], bool] | None = None) -> dict[str, list[Any]]:
    """Predicate → distinct values of ``iri`` (one subject scan; graphs ``keep`` accepts)."""
    out: dict[str, list[Any]] = {}
    for q in raw.quads_for_pattern(ox.NamedNode(iri), None, None, None):
        if keep is not None and not keep(q.graph_name.value):
            continue
        v = to_python(q.object)
        vals = out.setdefault(q.predicate.value, [])
        if v not in vals:
            vals.append(v)
    return out


def evidence_from_facts(raw: ox.Store, facts: dict[str, list[Any]], paths: dict[str, list[Any]] | None = None) -> list[dict[str, Any]]:
    """Evidence dicts of a fact node from its :func:`node_facts` (one per combination of values)."""
    paths = {} if paths is None else paths
    found: list[Any] = []
    for s in facts.get(_PROV_DERIVED, []):
        if not isinstance(s, str):
            continue
        if s not in paths:
            paths[s] = sorted({to_python(q.object) for q in raw.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(CCHC + "path"), None, None)})
        found += [p for p in paths[s] if p not in found]
    columns = [found or [None] if k == "source_path" else facts.get(EVIDENCE_FIELDS[k]) or [None] for k in _ORDER]
    return [dict(zip(_ORDER, combo)) for combo in product(*columns)]


def citation_evidence(
    raw: ox.Store, citations: Iterable[str], paths: dict[str, list[Any]] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Evidence dicts of each fact node in ``citations`` (sentence, span, quote, source path …).

    The same rows the SPARQL ``OPTIONAL`` block gives: a field with several
    values yields one dict per combination, a missing field is ``None``.
    ``paths`` caches source node → paths across calls.
    """
    paths = {} if paths is None else paths
    out: dict[str, list[dict[str, Any]]] = {}
    for c in citations:
        if c not in out:
            out[c] = evidence_from_facts(raw, node_facts(raw, c), paths)
    return out
