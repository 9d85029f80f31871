"""The embedded backend: SPARQL over the pyoxigraph store (parameterised).

>>> from cchc_kg.kg.store import GraphStore
>>> be = EmbeddedBackend(GraphStore.open(None))
>>> be.documents()
[]
"""

from __future__ import annotations

from typing import Any

from cchc_kg.kg.errors import DocumentNotFound
from cchc_kg.kg.store import CATALOG_GRAPH, ONTOLOGY_GRAPH, GraphStore, Iri
from cchc_kg.queries.backend import sort_edges
from cchc_kg.queries.doc_rows import LOOKUP_ELEMENT, assemble, expand, lookup_order, project
from cchc_kg.queries.index_reads import capped_values, citation_evidence, evidence_from_facts, facts_in_graph, node_facts

__all__ = ["EmbeddedBackend", "PREFIXES", "RELATION_IRIS", "IRI_RELATIONS"]

from cchc_kg.queries.sparql_text import (  # noqa: F401  (re-exported: PREFIXES, RELATION_IRIS, IRI_RELATIONS)
    PREFIXES,
    _CCHC,
    RELATION_IRIS,
    IRI_RELATIONS,
    _DOC_FACTS,
    _PROV_DERIVED,
    _DOC_KEY,
    _SKOS_PREF,
    _SKOS_NOTATION,
    _FILLABLE,
    _DOC_PREDICATES,
    _FIELD_PREDICATES,
    _ALL_DOC_FACTS,
    _LOOKUP_PREDICATES,
    _LOOKUP,
    _ALL_LABELS,
    _ALL_NOTATIONS,
    _ALL_PATHS,
    _FIND_NUMERAL,
    _BY_SOURCE,
    _FIND_LAW,
    _OUT_EDGES,
    _IN_EDGES,
    _closure_edges_query,
    _TARGETS_OF,
    _TARGETS_NATIONAL,
    _ALIGNMENTS,
    _ALIGNMENTS_TO,
    _ALIGNMENTS_IN,
    _AGENCY,
    _RESPS,
)

def _slug_of(iri: Any) -> Any:
    return iri.rsplit("/", 1)[-1] if isinstance(iri, str) else iri


def _evidence(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "sentence": r["sentence"], "start": r["start"], "end": r["end"], "quote": r["quote"],
        "source_path": r["path"], "pinpoint": None, "confidence": r["conf"], "fact_source": r["fsrc"],
    }


class EmbeddedBackend:
    """Primitive queries against a :class:`cchc_kg.kg.store.GraphStore`."""

    name = "embedded"

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        # labels/notations/paths of organisations, units and types: shared by
        # many documents and repeated in every graph that mentions them
        self._lookups: dict[tuple[Any, int], list[tuple[Any, Any, Any]]] = {}  # (value, element) → combinations
        self._agencies: dict[str, dict[str, Any]] = {}
        self._paths: dict[str, list[Any]] = {}  # source node → cchc:path values

    def documents(self, *, loaded_only: bool = False) -> list[dict[str, Any]]:
        grouped: dict[str, list[dict[str, Any]]] = {}
        for r in self.store.select(_ALL_DOC_FACTS):
            grouped.setdefault(r["doc"], []).append(r)
        tables = [self.store.select(q) for q in (_ALL_LABELS, _ALL_NOTATIONS, _ALL_PATHS)]
        by_v: list[dict[str, list[Any]]] = []
        for rows in tables:
            m: dict[str, list[Any]] = {}
            for r in rows:
                m.setdefault(r["v"], []).append(r["x"])
            by_v.append(m)
        lookups: dict[str, list[tuple[Any, Any, Any]]] = {}
        for rows in grouped.values():
            for r in rows:
                v = r["v"]
                if r["p"] in _LOOKUP_PREDICATES and v not in lookups:
                    lookups[v] = sorted(
                        (
                            (lab, nota, path)
                            for lab in by_v[0].get(v, [None])
                            for nota in by_v[1].get(v, [None])
                            for path in by_v[2].get(v, [None])
                        ),
                        key=lookup_order,
                    )
        docs = [assemble(i, expand(rows, lookups)) for i, rows in sorted(grouped.items())]
        return [d for d in docs if d["source"]] if loaded_only else docs

    def _authoritative_graphs(self, iri: str) -> tuple[list[str], int] | None:
        """Graphs holding a document's own facts: its source files (rank 0), else the catalog (1).

        ``None`` for a stub (only citing files describe it). Index look-ups on
        (subject, predicate), so the cost does not grow with the number of citers.
        """
        import pyoxigraph as ox

        raw = getattr(self.store, "raw", None)
        if raw is None:  # a SPARQL-only store (e.g. the rdflib comparison in bench/): generic path
            return None
        node = ox.NamedNode(iri)
        loaded = sorted(
            {
                q.graph_name.value
                for q in raw.quads_for_pattern(node, ox.NamedNode(_PROV_DERIVED), None, None)
                if self.store.is_committed(q.graph_name.value)
            }
        )
        if loaded:
            return loaded, 0
        if next(
            iter(raw.quads_for_pattern(node, ox.NamedNode(_DOC_KEY), None, ox.NamedNode(CATALOG_GRAPH))), None
        ):
            return [CATALOG_GRAPH], 1
        return None

    def document(self, iri: str) -> dict[str, Any]:
        where = self._authoritative_graphs(iri)
        if where is not None:
            graphs, rank = where
            rows = [
                {"doc": iri, "p": p, "v": v, "rank": rank}
                for g in graphs
                for p, v in facts_in_graph(self.store.raw, iri, g, _DOC_PREDICATES)
            ]
            d = self._assemble_rows(iri, rows)
            if all(d[f] is not None for f in _FILLABLE):
                return d
            # A field the document's own source lacks (e.g. a catalog row with
            # no date) is filled from the citing files, as for stubs: one
            # (subject, predicate) index look-up per missing field, reading at
            # most FILL_VALUES values, so a document cited by thousands of
            # files stays cheap to describe (27 ms → 1 ms at 1k files).
            rows += self._fill_rows(iri, d, exclude=set(graphs))
            return self._assemble_rows(iri, rows)
        if getattr(self.store, "raw", None) is None:  # SPARQL-only store: generic path
            rows = self.store.select(_DOC_FACTS, {"doc": Iri(iri)})
        else:
            rows = self._stub_rows(iri)
        if not rows:
            raise DocumentNotFound(f"no document {iri}")
        return self._assemble_rows(iri, rows)

    #: how many values of one missing field are read from the citing files
    FILL_VALUES = 32

    def _fill_rows(self, iri: str, d: dict[str, Any], *, exclude: set[str]) -> list[dict[str, Any]]:
        """Stub facts (rank 2) for the fields of ``d`` that are still ``None``."""
        rows: list[dict[str, Any]] = []
        keep = lambda g: g not in exclude and self.store.is_committed(g)  # noqa: E731
        for field in _FILLABLE:
            if d[field] is not None:
                continue
            for pred in _FIELD_PREDICATES[field]:
                for _g, v in capped_values(self.store.raw, iri, pred, limit=self.FILL_VALUES, keep=keep):
                    rows.append({"doc": iri, "p": pred, "v": v, "rank": 2})
        return rows

    def _static_lookup(self, v: str) -> list[tuple[Any, Any, Any]] | None:
        """Label/notation of ``v`` from the catalog and ontology graphs, when they describe it.

        National bodies and units ("Chính phủ", "Việt Nam") are described in
        almost every file's graph; the catalog holds the same label once.
        """
        import pyoxigraph as ox

        raw = getattr(self.store, "raw", None)
        if raw is None or not v.startswith("http"):
            return None
        node = ox.NamedNode(v)
        labels: list[str] = []
        notations: list[str] = []
        for g in (CATALOG_GRAPH, ONTOLOGY_GRAPH):
            gn = ox.NamedNode(g)
            labels += [q.object.value for q in raw.quads_for_pattern(node, ox.NamedNode(_SKOS_PREF), None, gn)]
            notations += [q.object.value for q in raw.quads_for_pattern(node, ox.NamedNode(_SKOS_NOTATION), None, gn)]
        if not labels and not notations:
            return None
        return sorted(
            ((lab, nota, None) for lab in sorted(set(labels)) or [None] for nota in sorted(set(notations)) or [None]),
            key=lookup_order,
        )

    def _assemble_rows(self, iri: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
        lookups = self._lookups
        view: dict[Any, list[tuple[Any, Any, Any]]] = {}
        for r in rows:
            p = r["p"]
            if p not in _LOOKUP_PREDICATES:
                continue
            v, need = r["v"], LOOKUP_ELEMENT[p]
            hit = lookups.get((v, need))
            if hit is None:
                hit = lookups[(v, need)] = self._lookup(v, need)
            view[v] = hit
        return assemble(iri, expand(rows, view))

    def _lookup(self, v: Any, need: int) -> list[tuple[Any, Any, Any]]:
        """(label, notation, path) combinations describing ``v``, in a fixed order.

        Only element ``need`` is read (0 label, 1 notation, 2 path: the one
        :func:`assemble` uses for the predicate pointing at ``v``), the
        others are ``None``; index look-ups capped at ``FACT_COPIES`` copies
        per fact: an organisation is named in every file of its province,
        and reading every copy made the cost grow with the collection.
        """
        if not isinstance(v, str) or not v.startswith(("http://", "https://", "urn:")):
            return [(None, None, None)]  # a literal: nothing describes it
        if getattr(self.store, "raw", None) is None:  # SPARQL-only store: generic path
            found = self.store.select(_LOOKUP, {"v": Iri(v)})
            return project(sorted(((f["label"], f["notation"], f["path"]) for f in found), key=lookup_order), need)
        if need != 2:
            static = self._static_lookup(v)
            if static is not None:
                return project(static, need)
        values = self._values(v, (_SKOS_PREF, _SKOS_NOTATION, _CCHC + "path")[need]) or [None]
        return [(x, None, None) if need == 0 else (None, x, None) if need == 1 else (None, None, x) for x in values]

    def _stub_rows(self, iri: str) -> list[dict[str, Any]]:
        """Facts of a document no loaded file or catalog describes, from the files citing it.

        One (subject, predicate) index look-up per document field, at most
        ``FACT_COPIES`` copies each: a stub cited by thousands of files costs
        the same as one cited once. Rank 1 for the catalog graph, else 2.
        """
        rows: list[dict[str, Any]] = []
        for pred in _DOC_PREDICATES:
            for g, v in capped_values(self.store.raw, iri, pred, limit=self.FACT_COPIES, keep=self.store.is_committed):
                rows.append({"doc": iri, "p": pred, "v": v, "rank": 1 if g == CATALOG_GRAPH else 2})
        return rows

    def documents_by_source(self) -> dict[str, list[str]]:
        """Every loaded source path → the documents derived from it (a document may have several sources)."""
        out: dict[str, list[str]] = {}
        for r in self.store.select(_BY_SOURCE):
            out.setdefault(r["path"], []).append(r["doc"])
        return {k: sorted(set(v)) for k, v in out.items()}

    def find_by_numeral(self, number: str) -> list[str]:
        """IRIs of documents whose numeral equals ``number`` (case-insensitive)."""
        return [r["doc"] for r in self.store.select(_FIND_NUMERAL, {"num": number.lower()})]

    def find_by_law_name(self, name: str) -> list[str]:
        """IRIs of laws whose name equals ``name`` (case-insensitive)."""
        return [r["doc"] for r in self.store.select(_FIND_LAW, {"name": name.lower()})]

    def targets(self, iri: str | None = None, *, national: bool = False) -> list[dict[str, Any]]:
        if iri is not None and getattr(self.store, "raw", None) is not None:
            return self._targets_of(iri)
        if national and iri is None and getattr(self.store, "raw", None) is not None:
            return self._national_targets()
        if national and iri is None:
            rows = self.store.select(_TARGETS_NATIONAL)
        else:
            rows = self.store.select(_TARGETS_OF, {"doc": Iri(iri)} if iri else None)
        out: dict[str, dict[str, Any]] = {}
        for r in rows:
            if r["n"] in out:
                continue
            out[r["n"]] = {
                "iri": r["n"], "document": r["doc"], "metric": r["metric"], "value": r["value"],
                "value_text": r["value_text"], "unit": r["unit"], "comparator": r["comparator"],
                "year": r["year"], "level": _slug_of(r["level"]), "area": _slug_of(r["area"]),
                "baseline": r["baseline"], "group": r["group"], "index": r["index"],
                "national_id": r["national_id"], "evidence": _evidence(r),
            }
        return sorted(out.values(), key=lambda t: (t["document"], t["index"] if t["index"] is not None else -1, t["iri"]))

    def _national_targets(self) -> list[dict[str, Any]]:
        """Every ``cchc:NationalTarget`` from the indexes: the targets of the documents holding one.

        Same dicts and order as the SPARQL path (one row per target node,
        sorted by document, index, IRI); the SPARQL answer took seconds on
        gazette + local (2k rows of 16 columns).
        """
        import pyoxigraph as ox

        raw, keep = self.store.raw, self.store.is_committed
        rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        nodes = {q.subject.value for q in raw.quads_for_pattern(None, rdf_type, ox.NamedNode(_CCHC + "NationalTarget"), None)
                 if keep(q.graph_name.value)}
        holders = sorted({q.subject.value for n in nodes
                          for q in raw.quads_for_pattern(None, ox.NamedNode(_CCHC + "hasTarget"), ox.NamedNode(n), None)
                          if keep(q.graph_name.value)})
        out: dict[str, dict[str, Any]] = {}
        for doc in holders:
            for t in self._targets_of(doc):
                if t["iri"] in nodes and t["iri"] not in out:
                    out[t["iri"]] = t
        return sorted(out.values(), key=lambda t: (t["document"], t["index"] if t["index"] is not None else -1, t["iri"]))

    def _targets_of(self, iri: str) -> list[dict[str, Any]]:
        """The targets of one document from the indexes: one scan per target node.

        Same dicts as the SPARQL path (a target needs a metric and a
        comparator; the first value of a field is kept). A 16-OPTIONAL query
        per plan cost 10 ms, most of ``implements`` at 10k documents.
        """
        raw, keep = self.store.raw, self.store.is_committed
        out = []
        for n in sorted({v for _g, v in capped_values(raw, iri, _CCHC + "hasTarget", limit=1 << 30, keep=keep)}):
            f = node_facts(raw, n, keep)

            def first(name: str) -> Any:
                return (f.get(_CCHC + name) or [None])[0]

            if first("metric") is None or first("comparator") is None:
                continue
            out.append({
                "iri": n, "document": iri, "metric": first("metric"), "value": first("value"),
                "value_text": first("valueText"), "unit": first("unit"), "comparator": first("comparator"),
                "year": first("targetYear"), "level": _slug_of(first("adminLevel")), "area": _slug_of(first("reformArea")),
                "baseline": first("baseline"), "group": first("targetGroup"), "index": first("orderIndex"),
                "national_id": first("nationalTargetId"),
                "evidence": {**evidence_from_facts(raw, f, self._paths)[0], "pinpoint": None},
            })
        return sorted(out, key=lambda t: (t["index"] if t["index"] is not None else -1, t["iri"]))

    def alignments(self, *, national: str | None = None, document: str | None = None) -> list[dict[str, Any]]:
        if national is not None:
            rows = self.store.select(_ALIGNMENTS_TO, {"national": Iri(national)})
            rows = [r for r in rows if document is None or r["doc"] == document]
        elif document is not None:
            rows = self.store.select(_ALIGNMENTS_IN, {"doc": Iri(document)})
        else:
            rows = self.store.select(_ALIGNMENTS)
        out = {(r["local"], r["national"]): {
            "local": r["local"], "national": r["national"], "national_id": r["national_id"], "document": r["doc"],
            "score": r["score"], "comparison": r["comparison"], "explanation": r["explanation"],
        } for r in rows}
        return sorted(out.values(), key=lambda a: (a["national_id"] or "", a["document"], a["local"]))

    def responsibilities(self, iri: str | None = None) -> list[dict[str, Any]]:
        rows = self.store.select(_RESPS, {"doc": Iri(iri)} if iri else None)
        out: dict[str, dict[str, Any]] = {}
        for r in rows:
            if r["n"] in out:
                continue
            out[r["n"]] = {
                "iri": r["n"], "document": r["doc"], "agency": self._agency(r["agency"]),
                "role": _slug_of(r["role"]), "area": _slug_of(r["area"]),
                "task": r["task_label"] or r["own_label"], "target": r["target"], "index": r["index"],
                "evidence": _evidence(r),
            }
        return sorted(out.values(), key=lambda x: (x["document"], x["index"] if x["index"] is not None else -1, x["iri"]))

    #: how many copies of one fact are read when every file repeats it
    FACT_COPIES = 32

    def _values(self, iri: str, pred: str) -> list[Any]:
        """Distinct values of (``iri``, ``pred``) from at most ``FACT_COPIES`` committed quads, sorted."""
        found = capped_values(self.store.raw, iri, pred, limit=self.FACT_COPIES, keep=self.store.is_committed)
        return sorted({v for _g, v in found}, key=str)

    def describe_agency(self, iri: str) -> dict[str, Any]:
        """Name, kind, jurisdiction label and group flag of an agency, as in :meth:`responsibilities` rows
        (cached per backend).

        >>> from cchc_kg.kg.store import GraphStore
        >>> EmbeddedBackend(GraphStore.open(None)).describe_agency("urn:a")["name"] is None
        True
        """
        return self._agency(iri)

    def _agency(self, iri: str) -> dict[str, Any]:
        """Name, kind, jurisdiction label and group flag of an agency (cached per backend)."""
        hit = self._agencies.get(iri)
        if hit is not None:
            return hit
        if getattr(self.store, "raw", None) is None:  # SPARQL-only store: generic path
            rows = self.store.select(_AGENCY, {"agency": Iri(iri)})
            pick = {k: sorted({r[k] for r in rows if r[k] is not None}, key=str) for k in ("name", "kind", "jl", "group")}
        else:
            j = self._values(iri, _CCHC + "jurisdiction")
            pick = {
                "name": self._values(iri, _SKOS_PREF), "kind": self._values(iri, _CCHC + "agencyKind"),
                "jl": sorted({lab for x in j for lab in self._label_values(x)}, key=str),
                "group": self._values(iri, _CCHC + "isGroup"),
            }
        a = {
            "iri": iri, "name": (pick["name"] or [None])[0], "kind": (pick["kind"] or [None])[0],
            "jurisdiction": (pick["jl"] or [None])[0], "is_group": bool((pick["group"] or [False])[0]),
        }
        self._agencies[iri] = a
        return a

    def _label_values(self, iri: str) -> list[Any]:
        static = self._static_lookup(iri)
        if static is not None:
            return [lab for lab, _n, _p in static if lab is not None]
        return self._values(iri, _SKOS_PREF)

    def edges(self, iri: str, direction: str, relations: tuple[str, ...]) -> list[dict[str, Any]]:
        q = _OUT_EDGES if direction == "out" else _IN_EDGES
        return _edges_from_rows(self.store.select(q, {"doc": Iri(iri)}), iri, direction, relations)

    def closure(
        self, iri: str, direction: str, relations: tuple[str, ...]
    ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, dict[str, Any]]]:
        """Edges and documents of everything reached from ``iri`` (see ``cchc_kg.queries.backend.closure``).

        One query for the edges of the whole tree; the evidence of their
        citations and the facts of each document are then read from the
        indexes (see :mod:`cchc_kg.queries.index_reads`).
        """
        if getattr(self.store, "raw", None) is None:  # SPARQL-only store: generic path
            from cchc_kg.queries.backend import generic_closure

            return generic_closure(self, iri, direction, relations)
        walked = self._in_closure_from_rows(iri, relations) if direction == "in" else None
        if walked is not None:
            rows, evidence = walked
        else:
            rows = self.store.select(_closure_edges_query(direction, relations), {"root": Iri(iri)})
            evidence = citation_evidence(self.store.raw, (r["c"] for r in rows if r["c"] is not None), self._paths)
        by_doc: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            by_doc.setdefault(r["doc"], []).append(r)
        members = {iri} | set(by_doc) | {r["x"] for r in rows}
        edges = {m: _edges_from_rows(by_doc.get(m, []), m, direction, relations, evidence) for m in members}
        members = {iri} | {e["target" if direction == "out" else "source"] for es in edges.values() for e in es}
        return {m: edges.get(m, []) for m in members}, self._documents(sorted(members))

    def _in_closure_from_rows(
        self, iri: str, relations: tuple[str, ...]
    ) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]] | None:
        """The closure query's rows for everything pointing at ``iri`` and their citations' evidence,
        walked in memory over the summary rows written at build time; ``None`` when the rows are not
        complete (or ``iri`` is not a document: the query then raises as before)."""
        from cchc_kg.queries.summary_read import summary_index  # local: read at call time (tests swap it)

        ix = summary_index(self.store)
        if ix is None or ix.part(iri, "document") is None:
            return None
        return ix.in_closure(iri, relations)

    def _documents(self, iris: list[str]) -> dict[str, dict[str, Any]]:
        """:meth:`document` of each IRI, from the summary rows written at build time when complete
        (one look-up each instead of a dozen; ``cchc_kg.queries.summary``)."""
        from cchc_kg.queries.summary_read import summary_index  # local: read at call time (tests swap it)

        ix = summary_index(self.store)
        out = {}
        for m in iris:
            r = ix.part(m, "document") if ix is not None else None
            out[m] = dict(r["document"]) if r is not None else self.document(m)
        return out


def _edges_from_rows(
    rows: list[dict[str, Any]], iri: str, direction: str, relations: tuple[str, ...],
    evidence: dict[str, list[dict[str, Any]]] | None = None,
) -> list[dict[str, Any]]:
    """Edge dicts (sorted, evidence de-duplicated) from the rows of an edge query about ``iri``.

    The evidence of a row's citation ``c`` is in the row itself, or in
    ``evidence[c]`` when the query left it to :func:`citation_evidence`.
    """
    wanted = set(relations)
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in rows:
        rel = IRI_RELATIONS.get(r["p"])
        if rel not in wanted:
            continue
        src, dst = (iri, r["x"]) if direction == "out" else (r["x"], iri)
        e = edges.setdefault((rel, src, dst), {"source": src, "target": dst, "relation": rel, "evidence": []})
        if r["c"] is None:
            continue
        if evidence is not None:
            found = evidence[r["c"]]
        else:
            found = [{
                "sentence": r["sentence"], "start": r["start"], "end": r["end"], "quote": r["quote"],
                "source_path": r["path"], "pinpoint": r["pin"], "confidence": r["conf"], "fact_source": r["fsrc"],
            }]
        for ev in found:
            if ev not in e["evidence"]:
                e["evidence"].append(ev)
    return sort_edges(edges, direction)
