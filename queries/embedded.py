"""The embedded backend: SPARQL over the pyoxigraph store (parameterised).

>>> from kg.store import GraphStore
>>> be = EmbeddedBackend(GraphStore.open(None))
>>> be.documents()
[]
"""

from __future__ import annotations

from typing import Any

from kg.errors import DocumentNotFound
from kg.store import CATALOG_GRAPH, ONTOLOGY_GRAPH, GraphStore, Iri
from queries.backend import empty_document

__all__ = ["EmbeddedBackend", "PREFIXES", "RELATION_IRIS", "IRI_RELATIONS"]

PREFIXES = """PREFIX cchc: <https://w3id.org/cchc/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
_ELI = "http://data.europa.eu/eli/ontology#"
_CCHC = "https://w3id.org/cchc/ontology#"
RELATION_IRIS = {
    "based_on": _ELI + "based_on",
    "implements": _CCHC + "implements",
    "proposal": _CCHC + "onProposalOf",
    "cites": _ELI + "cites",
    "amends": _ELI + "amends",
    "replaces": _CCHC + "replaces",
    "repeals": _ELI + "repeals",
    "guides": _CCHC + "guides",
    "promulgates": _CCHC + "promulgates",
    "follows": _CCHC + "follows",
}
IRI_RELATIONS = {v: k for k, v in RELATION_IRIS.items()}

# Document facts, de-duplicated by the engine. The union default graph
# repeats a triple once per named graph that holds it, and a much-cited
# document has stub facts in every citing file's graph: joining labels to
# the raw rows multiplied them (93 s for one document at 1k files). So the
# facts come DISTINCT with the rank of their graph (0 loaded, 1 catalog, 2
# stub), and labels/notations/paths are looked up once per distinct value.
_RANKED = """
  GRAPH ?g { ?doc ?p ?v }
  OPTIONAL { GRAPH ?g { ?doc prov:wasDerivedFrom ?src } }
  BIND(IF(BOUND(?src), 0, IF(?g = <%s>, 1, 2)) AS ?rank)""" % CATALOG_GRAPH
_DOC_FACTS = PREFIXES + "SELECT DISTINCT ?doc ?p ?v ?rank WHERE {" + _RANKED + "}"
# Facts of a document in one named graph (loaded file or catalog): the
# authoritative sources, read without touching the stub facts that every
# citing file's graph repeats (1.8 s → ms for NQ 76 at 10k files).
_DOC_FACTS_IN = PREFIXES + "SELECT DISTINCT ?doc ?g ?p ?v WHERE { GRAPH ?g { ?doc ?p ?v } }"
_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_DOC_KEY = _CCHC + "docKey"
_SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
_SKOS_NOTATION = "http://www.w3.org/2004/02/skos/core#notation"
#: fields the citing files may fill when the document's own source lacks them
_FILLABLE = ("type", "symbol", "number", "issuer", "jurisdiction", "level", "date", "year", "title")
_ALL_DOC_FACTS = PREFIXES + """SELECT DISTINCT ?doc ?p ?v ?rank WHERE {
  { SELECT DISTINCT ?doc WHERE { ?doc cchc:docKey ?key } }""" + _RANKED + "}"
# only these predicates' objects are described by a label, notation or path
_LOOKUP_PREDICATES = frozenset({
    "http://data.europa.eu/eli/ontology#passed_by", "https://w3id.org/cchc/ontology#jurisdiction",
    "http://data.europa.eu/eli/ontology#type_document", "http://www.w3.org/ns/prov#wasDerivedFrom",
})
_LOOKUP = PREFIXES + """SELECT DISTINCT ?v ?label ?notation ?path WHERE {
  OPTIONAL { ?v skos:prefLabel ?label }
  OPTIONAL { ?v skos:notation ?notation }
  OPTIONAL { ?v cchc:path ?path }
}"""
_ALL_LABELS = PREFIXES + "SELECT DISTINCT ?v ?x WHERE { ?v skos:prefLabel ?x }"
_ALL_NOTATIONS = PREFIXES + "SELECT DISTINCT ?v ?x WHERE { ?v skos:notation ?x }"
_ALL_PATHS = PREFIXES + "SELECT DISTINCT ?v ?x WHERE { ?v cchc:path ?x }"
_FIND_NUMERAL = PREFIXES + """
SELECT DISTINCT ?doc ?num WHERE { ?doc cchc:numeral ?n . FILTER(LCASE(STR(?n)) = ?num) } ORDER BY ?doc"""
_BY_SOURCE = PREFIXES + "SELECT DISTINCT ?doc ?path WHERE { ?doc prov:wasDerivedFrom ?s ; cchc:docKey ?key . ?s cchc:path ?path }"
_FIND_KEY = PREFIXES + "SELECT DISTINCT ?doc ?key WHERE { ?doc cchc:docKey ?key }"
_FIND_LAW = PREFIXES + """
SELECT DISTINCT ?doc ?name WHERE { ?doc cchc:lawName ?n . FILTER(LCASE(STR(?n)) = ?name) } ORDER BY ?doc"""

_EDGE_SELECT = """SELECT ?doc ?p ?x ?c ?sentence ?start ?end ?quote ?path ?pin ?conf ?fsrc ?status WHERE {
  %s
  VALUES ?p { eli:based_on cchc:implements cchc:onProposalOf eli:cites eli:amends cchc:replaces eli:repeals cchc:guides cchc:promulgates cchc:follows }
  OPTIONAL {
    %s
    OPTIONAL { ?c cchc:sentence ?sentence }
    OPTIONAL { ?c cchc:charStart ?start }
    OPTIONAL { ?c cchc:charEnd ?end }
    OPTIONAL { ?c cchc:quote ?quote }
    OPTIONAL { ?c prov:wasDerivedFrom ?s . ?s cchc:path ?path }
    OPTIONAL { ?c cchc:pinpoint ?pin }
    OPTIONAL { ?c cchc:confidence ?conf }
    OPTIONAL { ?c cchc:factSource ?fsrc }
    OPTIONAL { ?c cchc:sourceDocument ?srcdoc }
  }
}"""
# The pattern text is constant (chosen from two fixed strings); the document
# is bound through a substitution of ?doc.
# The bound document comes first in the citation pattern: pyoxigraph keeps the
# written order inside OPTIONAL, and starting from the unbound end scanned
# every citation in the store (6.7 s → 2 ms for in-edges at 100k documents).
_OUT_EDGES = PREFIXES + _EDGE_SELECT % (
    "?doc ?p ?x .", "?c cchc:citingDocument ?doc ; cchc:citedDocument ?x ; cchc:citationType ?p ."
)
_IN_EDGES = PREFIXES + _EDGE_SELECT % (
    "?x ?p ?doc .", "?c cchc:citedDocument ?doc ; cchc:citingDocument ?x ; cchc:citationType ?p ."
)

_EVIDENCE = """
  OPTIONAL { ?n cchc:sentence ?sentence }
  OPTIONAL { ?n cchc:charStart ?start }
  OPTIONAL { ?n cchc:charEnd ?end }
  OPTIONAL { ?n cchc:quote ?quote }
  OPTIONAL { ?n prov:wasDerivedFrom ?s . ?s cchc:path ?path }
  OPTIONAL { ?n cchc:confidence ?conf }
  OPTIONAL { ?n cchc:factSource ?fsrc }"""
_TARGET_BODY = """
  ?doc cchc:hasTarget ?n . ?n cchc:metric ?metric ; cchc:comparator ?comparator .
  OPTIONAL { ?n cchc:value ?value }
  OPTIONAL { ?n cchc:valueText ?value_text }
  OPTIONAL { ?n cchc:unit ?unit }
  OPTIONAL { ?n cchc:targetYear ?year }
  OPTIONAL { ?n cchc:adminLevel ?level }
  OPTIONAL { ?n cchc:reformArea ?area }
  OPTIONAL { ?n cchc:baseline ?baseline }
  OPTIONAL { ?n cchc:targetGroup ?group }
  OPTIONAL { ?n cchc:orderIndex ?index }
  OPTIONAL { ?n cchc:nationalTargetId ?national_id }""" + _EVIDENCE
_TARGET_VARS = "?n ?metric ?comparator ?value ?value_text ?unit ?year ?level ?area ?baseline ?group ?index ?national_id ?sentence ?start ?end ?quote ?path ?conf ?fsrc"
_TARGETS_OF = PREFIXES + "SELECT ?doc " + _TARGET_VARS + " WHERE {" + _TARGET_BODY + "}"
_TARGETS_ALL = _TARGETS_OF
_ALIGNMENTS = PREFIXES + """
SELECT ?local ?national ?national_id ?doc ?score ?comparison ?explanation WHERE {
  ?a a cchc:Alignment ; cchc:localTarget ?local ; cchc:nationalTarget ?national ;
     cchc:score ?score ; cchc:comparison ?comparison .
  ?doc cchc:hasTarget ?local .
  OPTIONAL { ?national cchc:nationalTargetId ?nid }
  BIND(COALESCE(?nid, REPLACE(STR(?national), "^.*/", "")) AS ?national_id)
  OPTIONAL { ?a cchc:explanation ?explanation }
}"""
_RESP_BODY = """
  ?doc cchc:hasResponsibility ?n . ?n cchc:agent ?agency ; cchc:role ?role .
  OPTIONAL { ?agency skos:prefLabel ?agency_name }
  OPTIONAL { ?agency cchc:agencyKind ?agency_kind }
  OPTIONAL { ?agency cchc:jurisdiction ?j . ?j skos:prefLabel ?agency_jurisdiction }
  OPTIONAL { ?agency cchc:isGroup ?is_group }
  OPTIONAL { ?n cchc:reformArea ?area }
  OPTIONAL { ?n cchc:forTask ?t . ?t rdfs:label ?task_label }
  OPTIONAL { ?n rdfs:label ?own_label }
  OPTIONAL { ?n cchc:forTarget ?target }
  OPTIONAL { ?n cchc:orderIndex ?index }""" + _EVIDENCE
_RESP_VARS = "?n ?agency ?agency_name ?agency_kind ?agency_jurisdiction ?is_group ?role ?area ?task_label ?own_label ?target ?index ?sentence ?start ?end ?quote ?path ?conf ?fsrc"
_RESPS = PREFIXES + "SELECT ?doc " + _RESP_VARS + " WHERE {" + _RESP_BODY + "}"


def _slug_of(iri: Any) -> Any:
    return iri.rsplit("/", 1)[-1] if isinstance(iri, str) else iri


def _evidence(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "sentence": r["sentence"], "start": r["start"], "end": r["end"], "quote": r["quote"],
        "source_path": r["path"], "pinpoint": None, "confidence": r["conf"], "fact_source": r["fsrc"],
    }


_ORIGIN_RANK = {"loaded": 0, "catalog": 1, "stub": 2}


class EmbeddedBackend:
    """Primitive queries against a :class:`kg.store.GraphStore`."""

    name = "embedded"

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        # labels/notations/paths of organisations, units and types: shared by
        # many documents and repeated in every graph that mentions them
        self._lookups: dict[str, list[tuple[Any, Any, Any]]] = {}

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
                        key=_lookup_order,
                    )
        docs = [_assemble(i, _expand(rows, lookups)) for i, rows in sorted(grouped.items())]
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
            rows = []
            for g in graphs:
                for r in self.store.select(_DOC_FACTS_IN, {"doc": Iri(iri), "g": Iri(g)}):
                    rows.append({"doc": r["doc"], "p": r["p"], "v": r["v"], "rank": rank})
            d = self._assemble_rows(iri, rows)
            if all(d[f] is not None for f in _FILLABLE):
                return d
            # A field the document's own source lacks (e.g. a catalog row with
            # no date) is filled from the citing files, as for stubs — from the
            # first FILL_GRAPHS of them in index order, so that a document
            # cited by thousands of files stays cheap to describe.
            for g in self._describing_graphs(iri, exclude=set(graphs)):
                for r in self.store.select(_DOC_FACTS_IN, {"doc": Iri(iri), "g": Iri(g)}):
                    rows.append({"doc": r["doc"], "p": r["p"], "v": r["v"], "rank": 2})
            return self._assemble_rows(iri, rows)
        rows = self.store.select(_DOC_FACTS, {"doc": Iri(iri)})
        if not rows:
            raise DocumentNotFound(f"no document {iri}")
        return self._assemble_rows(iri, rows)

    #: how many citing files may fill the gaps of a loaded or catalog document
    FILL_GRAPHS = 32

    def _describing_graphs(self, iri: str, *, exclude: set[str]) -> list[str]:
        import pyoxigraph as ox

        out: list[str] = []
        for q in self.store.raw.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(_DOC_KEY), None, None):
            g = q.graph_name.value
            if g not in exclude and g not in out and self.store.is_committed(g):
                out.append(g)
                if len(out) >= self.FILL_GRAPHS:
                    break
        return out

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
            key=_lookup_order,
        )

    def _assemble_rows(self, iri: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
        lookups = self._lookups
        for r in rows:
            v = r["v"]
            if r["p"] in _LOOKUP_PREDICATES and v not in lookups and r["p"] != _PROV_DERIVED:
                static = self._static_lookup(v)
                if static is not None:
                    lookups[v] = static
                    continue
            if r["p"] in _LOOKUP_PREDICATES and v not in lookups:
                try:
                    found = self.store.select(_LOOKUP, {"v": Iri(v)})
                except (ValueError, SyntaxError):  # not an IRI: nothing describes it
                    found = []
                lookups[v] = sorted(((f["label"], f["notation"], f["path"]) for f in found), key=_lookup_order) or [(None, None, None)]
        return _assemble(iri, _expand(rows, lookups))

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

    def targets(self, iri: str | None = None) -> list[dict[str, Any]]:
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

    def alignments(self) -> list[dict[str, Any]]:
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
                "iri": r["n"], "document": r["doc"],
                "agency": {
                    "iri": r["agency"], "name": r["agency_name"], "kind": r["agency_kind"],
                    "jurisdiction": r["agency_jurisdiction"], "is_group": bool(r["is_group"]),
                },
                "role": _slug_of(r["role"]), "area": _slug_of(r["area"]),
                "task": r["task_label"] or r["own_label"], "target": r["target"], "index": r["index"],
                "evidence": _evidence(r),
            }
        return sorted(out.values(), key=lambda x: (x["document"], x["index"] if x["index"] is not None else -1, x["iri"]))

    def edges(self, iri: str, direction: str, relations: tuple[str, ...]) -> list[dict[str, Any]]:
        q = _OUT_EDGES if direction == "out" else _IN_EDGES
        rows = self.store.select(q, {"doc": Iri(iri)})
        wanted = set(relations)
        edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        for r in rows:
            rel = IRI_RELATIONS.get(r["p"])
            if rel not in wanted:
                continue
            src, dst = (iri, r["x"]) if direction == "out" else (r["x"], iri)
            e = edges.setdefault((rel, src, dst), {"source": src, "target": dst, "relation": rel, "evidence": []})
            if r["c"] is not None:
                ev = {
                    "sentence": r["sentence"],
                    "start": r["start"],
                    "end": r["end"],
                    "quote": r["quote"],
                    "source_path": r["path"],
                    "pinpoint": r["pin"],
                    "confidence": r["conf"],
                    "fact_source": r["fsrc"],
                }
                if ev not in e["evidence"]:
                    e["evidence"].append(ev)
        out = list(edges.values())
        for e in out:
            e["evidence"].sort(key=lambda ev: (ev["source_path"] or "", ev["start"] if ev["start"] is not None else -1))
        other = "target" if direction == "out" else "source"
        out.sort(key=lambda e: (e["relation"], e[other]))
        return out


def _lookup_order(t: tuple[Any, Any, Any]) -> tuple[tuple[bool, str], ...]:
    """Deterministic tie-break when a node has several labels: alphabetical, missing last."""
    return tuple((x is None, str(x or "")) for x in t)


def _expand(rows: list[dict[str, Any]], lookups: dict[str, list[tuple[Any, Any, Any]]]) -> list[dict[str, Any]]:
    """Ranked fact rows joined with the label/notation/path of their object."""
    out = []
    for r in rows:
        for label, notation, path in lookups.get(r["v"], [(None, None, None)]) if r["p"] in _LOOKUP_PREDICATES else [(None, None, None)]:
            out.append({**r, "label": label, "notation": notation, "path": path})
    return out


def _assemble(iri: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Merge the per-graph facts of one document: loaded > catalog > stub (``rank`` 0/1/2)."""
    rows.sort(key=lambda r: (r["rank"], str(r["v"])))
    d = empty_document(iri)
    origins: list[str] = []
    for r in rows:
        p, v = r["p"], r["v"]
        name = p.rsplit("#", 1)[-1]
        if name == "origin":
            origins.append(v)
        elif name == "docKey":
            d["key"] = d["key"] or v
        elif name == "type_document":
            d["type"] = d["type"] or r["notation"] or v.rsplit("/", 1)[-1]
        elif name == "number":
            d["symbol"] = d["symbol"] or v
        elif name == "numeral":
            d["number"] = d["number"] or v
        elif name == "passed_by":
            d["issuer"] = d["issuer"] or r["label"]
        elif name == "jurisdiction":
            d["jurisdiction"] = d["jurisdiction"] or r["label"]
        elif name == "adminLevel":
            d["level"] = d["level"] or v.rsplit("/", 1)[-1]
        elif name == "date_document":
            d["date"] = d["date"] or v
        elif name == "year":
            d["year"] = d["year"] or v
        elif name == "title":
            d["title"] = d["title"] or v
        elif name == "wasDerivedFrom":
            d["source"] = d["source"] or r["path"]
    d["origin"] = min(origins, key=lambda o: _ORIGIN_RANK.get(o, 9)) if origins else None
    if d["source"]:
        d["origin"] = "loaded"
    return d
