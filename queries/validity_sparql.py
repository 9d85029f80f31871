"""Validity and change-event primitives, as parameterised SPARQL.

:mod:`cchc_kg.queries.validity` and :mod:`cchc_kg.queries.orgs_time` are written over five
primitives beyond :class:`cchc_kg.queries.backend.Backend`. A backend may provide
them as methods of the same names (the Cypher/networkx backends can);
otherwise :func:`primitives` answers them with SPARQL over the embedded
store (:class:`cchc_kg.kg.store.GraphStore`, also reached through
``EmbeddedBackend.store``) or over an ``rdflib.Graph``.

``document_validity(iri) -> dict``
    ``in_force`` (bool|None), ``effective``, ``end``, ``date`` (ISO strings
    or None), ``year`` (int|None), ``confidence``, ``fact_source``.
``successor_edges(iri) -> list[dict]``
    Documents that replace, repeal or amend ``iri``: ``successor``,
    ``relation`` (``replaces``/``repeals``/``amends``), ``date`` (of the
    relation, when the catalog gives one), ``confidence``, ``fact_source``,
    ``quote``, ``sentence``, ``source_path``; sorted.
``open_citations(iri) -> list[dict]``
    Citations made by ``iri`` whose ``status`` is ``ambiguous`` or
    ``unresolved``: ``citation``, ``status``, ``relation``, ``candidates``
    (IRIs), ``quote``, ``sentence``, ``start``, ``end``, ``source_path``,
    ``pinpoint``.
``change_events_from(org_iri) -> list[dict]``
    ``org:ChangeEvent`` nodes with ``org_iri`` as an original organisation:
    ``event``, ``id``, ``type``, ``date``, ``confidence``, ``fact_source``,
    ``originals``, ``resulting`` (IRIs, sorted), ``function``, ``note``,
    ``instrument``, ``coverage``; sorted by (date, event).
``organisation(org_iri) -> dict``
    ``iri``, ``name``, ``kind``, ``jurisdiction`` (label), ``is_group``
    (unknown organisations give ``name=None``; never an error).

>>> from cchc_kg.kg.store import GraphStore
>>> p = primitives(GraphStore.open(None))
>>> p.document_validity("https://w3id.org/cchc/id/doc/x")["in_force"] is None
True
>>> p.change_events_from("https://w3id.org/cchc/id/org/so-noi-vu/tinh-x")
[]
"""

from __future__ import annotations

import datetime as _dt
import weakref
from typing import Any

from rdflib import Graph, Literal, URIRef

from cchc_kg.kg.errors import BackendError
from cchc_kg.queries.embedded import IRI_RELATIONS, PREFIXES

__all__ = ["PRIMITIVES", "SparqlPrimitives", "primitives", "merge_effective"]

PRIMITIVES = ("document_validity", "successor_edges", "open_citations", "change_events_from", "organisation")
_PREFIXES = PREFIXES + "PREFIX dcterms: <http://purl.org/dc/terms/>\n"

_VALIDITY = _PREFIXES + """
SELECT ?doc ?in_force ?effective ?end ?date ?year ?conf ?fsrc WHERE {
  OPTIONAL { ?doc eli:in_force ?in_force }
  OPTIONAL { ?doc cchc:year ?year }
  OPTIONAL { ?doc eli:first_date_entry_in_force ?effective }
  OPTIONAL { ?doc eli:date_no_longer_in_force ?end }
  OPTIONAL { ?doc eli:date_document ?date }
  OPTIONAL { ?doc cchc:confidence ?conf }
  OPTIONAL { ?doc cchc:factSource ?fsrc }
}"""

_EFFECTIVE = _PREFIXES + """
SELECT ?doc ?date ?basis ?start ?end ?sentence ?quote ?path WHERE {
  ?n cchc:effectiveDateOf ?doc ; cchc:effectiveDate ?date ; cchc:effectiveBasis ?basis ;
     cchc:charStart ?start ; cchc:charEnd ?end ; cchc:sentence ?sentence .
  OPTIONAL { ?n cchc:quote ?quote }
  OPTIONAL { ?n prov:wasDerivedFrom ?s . ?s cchc:path ?path }
}"""

_SUCCESSORS = _PREFIXES + """
SELECT ?doc ?succ ?p ?date ?conf ?fsrc ?quote ?sentence ?path WHERE {
  VALUES ?p { cchc:replaces eli:repeals eli:amends }
  ?succ ?p ?doc .
  OPTIONAL {
    ?c cchc:citingDocument ?succ ; cchc:citedDocument ?doc ; cchc:citationType ?p .
    OPTIONAL { ?c eli:date_document ?date }
    OPTIONAL { ?c cchc:confidence ?conf }
    OPTIONAL { ?c cchc:factSource ?fsrc }
    OPTIONAL { ?c cchc:quote ?quote }
    OPTIONAL { ?c cchc:sentence ?sentence }
    OPTIONAL { ?c prov:wasDerivedFrom ?s . ?s cchc:path ?path }
  }
}"""

_OPEN = _PREFIXES + """
SELECT ?doc ?c ?status ?type ?cand ?quote ?sentence ?start ?end ?path ?pin WHERE {
  ?c cchc:citingDocument ?doc ; cchc:resolutionStatus ?status .
  FILTER(STR(?status) != "resolved")
  OPTIONAL { ?c cchc:citationType ?type }
  OPTIONAL { ?c cchc:candidate ?cand }
  OPTIONAL { ?c cchc:quote ?quote }
  OPTIONAL { ?c cchc:sentence ?sentence }
  OPTIONAL { ?c cchc:charStart ?start }
  OPTIONAL { ?c cchc:charEnd ?end }
  OPTIONAL { ?c cchc:pinpoint ?pin }
  OPTIONAL { ?c prov:wasDerivedFrom ?s . ?s cchc:path ?path }
}"""

_EVENTS = _PREFIXES + """
SELECT ?org ?e ?id ?type ?date ?conf ?fsrc ?orig ?res ?fn ?note ?used ?cov WHERE {
  ?e a org:ChangeEvent ; org:originalOrganization ?org ; dcterms:date ?date .
  OPTIONAL { ?e dcterms:identifier ?id }
  OPTIONAL { ?e dcterms:type ?type }
  OPTIONAL { ?e cchc:confidence ?conf }
  OPTIONAL { ?e cchc:factSource ?fsrc }
  OPTIONAL { ?e org:originalOrganization ?orig }
  OPTIONAL { ?e org:resultingOrganization ?res }
  OPTIONAL { ?e dcterms:subject ?fn }
  OPTIONAL { ?e dcterms:description ?note }
  OPTIONAL { ?e prov:used ?used }
  OPTIONAL { ?e dcterms:coverage ?cov }
}"""

_ORG = _PREFIXES + """
SELECT ?org ?name ?kind ?unit ?group WHERE {
  OPTIONAL { ?org skos:prefLabel ?name }
  OPTIONAL { ?org cchc:agencyKind ?kind }
  OPTIONAL { ?org cchc:jurisdiction ?j . ?j skos:prefLabel ?unit }
  OPTIONAL { ?org cchc:isGroup ?group }
}"""


def _py(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, URIRef):
        return str(v)
    if isinstance(v, Literal):
        x = v.toPython()
        if isinstance(x, (_dt.date, _dt.datetime)):
            return x.isoformat()
        return x if isinstance(x, (bool, int, float)) else str(x)
    return v


def _first(rows: list[dict[str, Any]], key: str) -> Any:
    vals = sorted({r[key] for r in rows if r.get(key) is not None}, key=str)
    return vals[0] if vals else None


class SparqlPrimitives:
    """The primitives over a ``GraphStore`` (pyoxigraph substitutions) or an ``rdflib.Graph`` (initBindings)."""

    def __init__(self, source: Any) -> None:
        self.source = source

    def _select(self, query: str, params: dict[str, str]) -> list[dict[str, Any]]:
        if isinstance(self.source, Graph):
            res = self.source.query(query, initBindings={k: URIRef(v) for k, v in params.items()})
            names = [str(v) for v in res.vars]
            return [{n: _py(row[i]) for i, n in enumerate(names)} for row in res]
        from cchc_kg.kg.store import Iri

        return self.source.select(query, {k: Iri(v) for k, v in params.items()})

    def document_validity(self, iri: str) -> dict[str, Any]:
        rows = self._select(_VALIDITY, {"doc": iri})
        forces = {r["in_force"] for r in rows if r["in_force"] is not None}
        clauses = [{"date": r["date"], "basis": r["basis"], "source_path": r["path"], "start": r["start"], "end": r["end"],
                    "sentence": r["sentence"], "quote": r["quote"]} for r in self._select(_EFFECTIVE, {"doc": iri})]
        return merge_effective({
            "in_force": None if len(forces) != 1 else bool(next(iter(forces))),
            "effective": _first(rows, "effective"),
            "end": _first(rows, "end"),
            "date": _first(rows, "date"),
            "year": _first(rows, "year"),
            "confidence": _first(rows, "conf"),
            "fact_source": _first(rows, "fsrc"),
        }, clauses)

    def successor_edges(self, iri: str) -> list[dict[str, Any]]:
        out: dict[tuple[str, str], dict[str, Any]] = {}
        for r in self._select(_SUCCESSORS, {"doc": iri}):
            rel = IRI_RELATIONS.get(r["p"], r["p"])
            e = out.setdefault((rel, r["succ"]), {
                "successor": r["succ"], "relation": rel, "date": None, "confidence": None, "fact_source": None,
                "quote": None, "sentence": None, "source_path": None,
            })
            for k, src in (("date", "date"), ("confidence", "conf"), ("fact_source", "fsrc"), ("quote", "quote"),
                           ("sentence", "sentence"), ("source_path", "path")):
                if e[k] is None and r[src] is not None:
                    e[k] = r[src]
        return sorted(out.values(), key=lambda e: (e["relation"], e["date"] or "", e["successor"]))

    def open_citations(self, iri: str) -> list[dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for r in self._select(_OPEN, {"doc": iri}):
            c = out.setdefault(r["c"], {
                "citation": r["c"], "status": r["status"], "relation": IRI_RELATIONS.get(r["type"], r["type"]),
                "candidates": [], "quote": r["quote"], "sentence": r["sentence"], "start": r["start"],
                "end": r["end"], "source_path": r["path"], "pinpoint": r["pin"],
            })
            if r["cand"] and r["cand"] not in c["candidates"]:
                c["candidates"].append(r["cand"])
        for c in out.values():
            c["candidates"].sort()
        return sorted(out.values(), key=lambda c: (c["source_path"] or "", c["start"] if c["start"] is not None else -1, c["citation"]))

    def change_events_from(self, org_iri: str) -> list[dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for r in self._select(_EVENTS, {"org": org_iri}):
            e = out.setdefault(r["e"], {
                "event": r["e"], "id": r["id"], "type": (r["type"] or "").rsplit("/", 1)[-1] or None,
                "date": r["date"], "confidence": r["conf"], "fact_source": r["fsrc"], "originals": set(),
                "resulting": set(), "function": r["fn"], "note": r["note"], "instrument": r["used"], "coverage": r["cov"],
            })
            if r["orig"]:
                e["originals"].add(r["orig"])
            if r["res"]:
                e["resulting"].add(r["res"])
        for e in out.values():
            e["originals"], e["resulting"] = sorted(e["originals"]), sorted(e["resulting"])
        return sorted(out.values(), key=lambda e: (e["date"] or "", e["event"]))

    def organisation(self, org_iri: str) -> dict[str, Any]:
        rows = self._select(_ORG, {"org": org_iri})
        return {
            "iri": org_iri, "name": _first(rows, "name"), "kind": _first(rows, "kind"),
            "jurisdiction": _first(rows, "unit"), "is_group": bool(_first(rows, "group")),
        }


_STORES: "weakref.WeakKeyDictionary[Graph, tuple[int, Any]]" = weakref.WeakKeyDictionary()


def _as_store(g: Graph) -> Any:
    """An in-memory pyoxigraph copy of ``g`` (cached while ``g`` keeps its size): rdflib SPARQL is slow."""
    from cchc_kg.kg.store import GraphStore

    hit = _STORES.get(g)
    if hit is not None and hit[0] == len(g):
        return hit[1]
    st = GraphStore.open(None)
    st.replace_graph("urn:cchc:query", g)
    _STORES[g] = (len(g), st)
    return st


def primitives(source: Any) -> Any:
    """The validity primitives for a backend, a ``GraphStore`` or an ``rdflib.Graph``.

    A backend that defines every name in :data:`PRIMITIVES` is returned as is.
    """
    if all(callable(getattr(source, n, None)) for n in PRIMITIVES):
        return source
    store = getattr(source, "store", None)
    if store is not None and hasattr(store, "select"):
        return SparqlPrimitives(store)
    if isinstance(source, Graph):
        return SparqlPrimitives(_as_store(source))
    if hasattr(source, "select"):
        return SparqlPrimitives(source)
    raise BackendError(f"no validity primitives for {type(source).__name__}: pass an EmbeddedBackend, GraphStore or rdflib Graph")


def merge_effective(facts: dict[str, Any], clauses: list[dict[str, Any]]) -> dict[str, Any]:
    """Set ``effective``, ``effective_source`` and ``effective_evidence`` of a document's facts.

    Precedence (``docs/validity.md``): the catalog's date, else the
    document's own "hiệu lực" clause (the first by source path and offset).

    >>> merge_effective({"effective": None}, [{"date": "2024-02-15", "basis": "stated", "source_path": "a.txt",
    ...                   "start": 5, "end": 9, "sentence": "s", "quote": "q"}])["effective_source"]
    'corpus'
    """
    facts["effective_source"] = "catalog" if facts.get("effective") else None
    facts["effective_evidence"] = None
    dated = sorted((c for c in clauses if c.get("date")), key=lambda c: (c["source_path"] or "", c["start"] or 0))
    if dated:
        facts["effective_evidence"] = dated[0]
        if not facts.get("effective"):
            facts["effective"], facts["effective_source"] = dated[0]["date"], "corpus"
    return facts
