"""RDF ↔ property graph: the one place that knows how triples become nodes.

An RDF dataset (the store's named graphs, or one ``rdflib.Graph``) is
projected to neutral :class:`PGNode` / :class:`PGRel` records that every
property-graph consumer uses (the Cypher writer, the CSV/GraphML exports,
the networkx backend); :func:`to_rdf` maps them back for round-trip tests.
The mapping is documented in ``docs/property-graph.md``.

* Every node is keyed on its IRI (property ``iri``) and carries the label
  ``Resource`` plus the labels of its RDF classes (``Document``, ``Plan``,
  ``Citation``, ``Target`` …); documents also get an ASCII type label
  (``KH``, ``ND``, ``QD`` …).
* Literal predicates become properties (:data:`PROPERTIES`), object
  predicates relationships (:data:`RELATIONSHIPS`), SKOS concepts (type,
  level, role, area) become slug properties.
* A document described in several named graphs gets one value per field,
  chosen like ``cchc_kg.queries.embedded``: the graph the document was loaded
  from wins over the catalog, which wins over citation stubs.
* Derived, read-only conveniences (not mapped back): document ``issuer`` /
  ``jurisdiction`` names, ``numeral_keys`` / ``law_name_keys``, fact
  ``source_path``, responsibility ``task``, agency ``jurisdiction``,
  ``IN_AREA`` and ``RESPONSIBLE_FOR {role}`` relationships, and the
  alignment score on ``ALIGNS_WITH``.

>>> from cchc_kg.kg.build import source_graph
>>> from cchc_kg.kg.model import DocumentRecord, Extraction
>>> doc = DocumentRecord(doc_type="KH", number="5", symbol="5/KH-UBND", key="kh/2022/5/ubnd-x", source="a.txt")
>>> pg = from_rdflib(source_graph("a.txt", "0" * 64, [Extraction(document=doc)]))
>>> n = pg.nodes["https://w3id.org/cchc/id/doc/kh/2022/5/ubnd-x"]
>>> n.labels, n.props["symbol"], n.props["source"]
(('Resource', 'Document', 'KH', 'Plan'), '5/KH-UBND', 'a.txt')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from cchc_kg.kg.build import RELATION_PREDICATES
from cchc_kg.kg.ids import DOC_BASE, slug
from cchc_kg.kg.store import CATALOG_GRAPH, ONTOLOGY_GRAPH, GraphStore
from cchc_kg.kg.vocab import CCHC, CONCEPT, ELI
from cchc_kg.kg.pgschema import (  # noqa: F401 - re-exported: the schema's tables are part of this module's API
    CLASS_LABELS,
    CONCEPT_PROPERTIES,
    DOCUMENT_RELATIONS,
    PROPERTIES,
    RELATIONSHIPS,
)

__all__ = [
    "PGNode",
    "PGRel",
    "PGGraph",
    "PROPERTIES",
    "RELATIONSHIPS",
    "DOCUMENT_RELATIONS",
    "CLASS_LABELS",
    "from_store",
    "from_rdflib",
    "from_quads",
    "to_rdf",
    "type_label",
]

# -- derived look-ups ------------------------------------------------------------
_LABEL_CLASSES = {v: k for k, v in CLASS_LABELS.items()}
_REL_PREDICATES = {v: k for k, v in RELATIONSHIPS.items()}
_PROP_PREDICATES = {v[0]: (k, v[1]) for k, v in PROPERTIES.items()}
_CONCEPT_PREDICATES = {v[0]: (k, v[1]) for k, v in CONCEPT_PROPERTIES.items()}
_RELATION_NAMES = {name.upper(): name for name in RELATION_PREDICATES}
#: document facts whose presence in the catalog graph makes a document ``catalogued``
_VALIDITY_PREDICATES = tuple(str(p) for p in (ELI.in_force, ELI.first_date_entry_in_force, ELI.date_no_longer_in_force,
                                              ELI.date_document, CCHC.year, CCHC.confidence, CCHC.factSource))
_FACT_LABELS = ("Citation", "Target", "Task", "Responsibility", "Alignment")
_DERIVED_RELS = frozenset({"IN_AREA", "RESPONSIBLE_FOR"})
_CONCEPT_BASE = str(CONCEPT)
_TYPE = str(RDF.type)
_ENTITY = str(PROV.Entity)


@dataclass(frozen=True, slots=True)
class PGNode:
    """A node: its IRI, labels (``Resource`` first) and properties."""

    iri: str
    labels: tuple[str, ...]
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PGRel:
    """A relationship ``start -[type props]-> end`` between node IRIs.

    ``key`` distinguishes parallel relationships of one type (the IRI of
    the fact they come from); ``""`` when there is at most one.
    """

    type: str
    start: str
    end: str
    props: dict[str, Any] = field(default_factory=dict)
    key: str = ""


@dataclass(slots=True)
class PGGraph:
    """Nodes by IRI and relationships sorted by (type, start, end, key)."""

    nodes: dict[str, PGNode]
    rels: list[PGRel]

    def label_counts(self) -> dict[str, int]:
        """Number of nodes per label."""
        out: dict[str, int] = defaultdict(int)
        for n in self.nodes.values():
            for lab in n.labels:
                out[lab] += 1
        return dict(sorted(out.items()))


def type_label(doc_type: str) -> str:
    """ASCII label of a document type notation.

    >>> type_label("NĐ"), type_label("CTr"), type_label("Luật")
    ('ND', 'CTR', 'LUAT')
    """
    return slug(doc_type).replace("-", "_").upper() or "VB"


# -- RDF → PG ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Lit:
    lexical: str


def _python(kind: str, lexical: str) -> Any:
    if kind == "int":
        try:
            return int(lexical)
        except ValueError:
            return lexical
    if kind == "decimal":
        return float(lexical)
    if kind == "bool":
        return lexical in ("true", "1")
    return lexical


def from_store(store: GraphStore) -> PGGraph:
    """Project every committed data graph of ``store`` (the ontology graph is read only for concept notations)."""
    import pyoxigraph as ox

    def quads() -> Iterator[tuple[str, str, object, str]]:
        for q in store.raw.quads_for_pattern(None, None, None, None):
            g = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
            if not store.is_committed(g):
                continue  # the temporary graph of a build still running (or crashed)
            s = q.subject.value if isinstance(q.subject, ox.NamedNode) else "_:" + str(q.subject.value)
            o = q.object
            obj: object = _Lit(o.value) if isinstance(o, ox.Literal) else (o.value if isinstance(o, ox.NamedNode) else "_:" + str(o.value))
            yield s, q.predicate.value, obj, g

    return from_quads(quads())


def from_rdflib(graph: Graph, graph_iri: str = "urn:x-cchc:graph") -> PGGraph:
    """Project one rdflib graph (every triple counts as one named graph)."""

    def quads() -> Iterator[tuple[str, str, object, str]]:
        for s, p, o in graph:
            yield str(s), str(p), (_Lit(str(o)) if isinstance(o, Literal) else str(o)), graph_iri

    return from_quads(quads())


def from_quads(quads: Iterable[tuple[str, str, object, str]]) -> PGGraph:
    """Project ``(subject, predicate, object, graph)`` quads; literals are ``_Lit``."""
    notations: dict[str, str] = {}
    # (s, p) → list of (graph, object)
    facts: dict[str, dict[str, list[tuple[str, object]]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o, g in quads:
        if g == ONTOLOGY_GRAPH:
            if p == str(SKOS.notation) and isinstance(o, _Lit):
                notations[s] = o.lexical
            continue
        facts[s][p].append((g, o))
    return _Projection(facts, notations).run()


class _Projection:
    def __init__(self, facts: dict[str, dict[str, list[tuple[str, object]]]], notations: dict[str, str]) -> None:
        self.facts = facts
        self.notations = notations
        self.nodes: dict[str, PGNode] = {}
        self.rels: dict[tuple[str, str, str, str], PGRel] = {}

    # value choice: loaded graph of the subject, then catalog, then the rest; ties by text
    def _rank(self, s: str) -> Any:
        loaded = {g for g, _ in self.facts.get(s, {}).get(str(PROV.wasDerivedFrom), [])}

        def rank(go: tuple[str, object]) -> tuple[int, str]:
            g, o = go
            return (0 if g in loaded else 1 if g == CATALOG_GRAPH else 2, _sort_text(o))

        return rank

    def _pick(self, s: str, p: str) -> object | None:
        vals = self.facts.get(s, {}).get(p)
        if not vals:
            return None
        return min(vals, key=self._rank(s))[1]

    def _prop(self, s: str, p: str) -> Any:
        o = self._pick(s, p)
        if o is None:
            return None
        if isinstance(o, _Lit):
            return _python(PROPERTIES.get(p, ("", "str"))[1], o.lexical)
        return o

    def node(self, iri: str) -> PGNode:
        if iri in self.nodes:
            return self.nodes[iri]
        po = self.facts.get(iri, {})
        labels = ["Resource"]
        types = sorted({o for _, o in po.get(_TYPE, []) if isinstance(o, str)})
        for t in types:
            lab = CLASS_LABELS.get(t)
            if lab and lab not in labels:
                labels.append(lab)
        if iri.startswith(DOC_BASE) and "Document" not in labels:
            labels.insert(1, "Document")
        if iri.startswith(_CONCEPT_BASE + "area/"):
            labels.append("ReformArea")
        props: dict[str, Any] = {"iri": iri}
        extra_types = [t for t in types if t not in CLASS_LABELS and t != _ENTITY]
        if extra_types:
            props["rdf_types"] = extra_types
        for p, vals in po.items():
            if p in PROPERTIES and any(isinstance(o, _Lit) for _, o in vals):
                name, kind = PROPERTIES[p]
                if name == "label" and "SourceFile" in labels:
                    continue  # regenerated from the path
                props[name] = self._prop(iri, p)
                every = sorted({o.lexical for _, o in vals if isinstance(o, _Lit)})
                if len(every) > 1:
                    props[name + "_values"] = [_python(kind, x) for x in every]
            elif p in CONCEPT_PROPERTIES:
                name, _scheme = CONCEPT_PROPERTIES[p]
                c = self._pick(iri, p)
                if isinstance(c, str):
                    props[name] = self.notations.get(c) if name == "type" and c in self.notations else c.rsplit("/", 1)[-1]
                every = sorted({o for _, o in vals if isinstance(o, str)})
                if len(every) > 1:
                    props[name + "_values"] = [c.rsplit("/", 1)[-1] for c in every]
        if iri.startswith(_CONCEPT_BASE):
            props.setdefault("code", iri.rsplit("/", 1)[-1])
        if "Document" in labels and props.get("type"):
            labels.insert(2, type_label(str(props["type"])))
        node = PGNode(iri, tuple(labels), props)
        self.nodes[iri] = node
        return node

    def rel(self, type_: str, start: str, end: str, props: dict[str, Any] | None = None, key: str = "") -> None:
        self.node(start)
        self.node(end)
        self.rels[(type_, start, end, key)] = PGRel(type_, start, end, props or {}, key)

    def run(self) -> PGGraph:
        for s in list(self.facts):
            self.node(s)
        for s, po in list(self.facts.items()):
            for p, vals in po.items():
                rt = RELATIONSHIPS.get(p)
                if p == str(CCHC.citationType):
                    for _, o in vals:
                        if isinstance(o, str) and o in DOCUMENT_RELATIONS:
                            self.nodes[s].props["relation"] = _RELATION_NAMES[DOCUMENT_RELATIONS[o]]
                        elif isinstance(o, str):
                            self.nodes[s].props["relation_predicate"] = o
                    continue
                if p in CONCEPT_PROPERTIES or p == _TYPE:
                    continue
                objs = sorted({o for _, o in vals if isinstance(o, str)})
                if rt is not None:
                    for o in objs:
                        self.rel(rt, s, o)
                elif objs:  # a predicate outside the table: type from its local name, IRI kept
                    other = _other_type(p)
                    for o in objs:
                        self.rel(other, s, o, {"predicate": p}, key=p)
            area = self._pick(s, str(CCHC.reformArea))
            if isinstance(area, str):
                self.rel("IN_AREA", s, area)
        self._derive()
        rels = sorted(self.rels.values(), key=lambda r: (r.type, r.start, r.end, r.key))
        return PGGraph(dict(sorted(self.nodes.items())), rels)

    def _label_of(self, iri: str | None) -> Any:
        if iri is None:
            return None
        return self._prop(iri, str(SKOS.prefLabel)) or None

    def _derive(self) -> None:
        """Denormalised read conveniences (documented; ignored by :func:`to_rdf`)."""
        derived_from = str(PROV.wasDerivedFrom)
        for iri, n in self.nodes.items():
            p = n.props
            po = self.facts.get(iri, {})
            labels = set(n.labels)
            if "Document" in labels and po:
                self._document(iri, p, po)
            if "Citation" in labels and any(g == CATALOG_GRAPH for vals in po.values() for g, _ in vals):
                p["catalogued"] = True  # a catalog relation (origin of a validity change fact)
            if labels & set(_FACT_LABELS):
                src = self._pick(iri, derived_from)
                if isinstance(src, str):
                    path = self._prop(src, str(CCHC.path))
                    if path is not None:
                        p["source_path"] = path
            if "Agency" in labels:
                unit = self._pick(iri, str(CCHC.jurisdiction))
                if isinstance(unit, str):
                    p["jurisdiction"] = self._label_of(unit)
            if "Responsibility" in labels:
                task = self._pick(iri, str(CCHC.forTask))
                text = self._prop(task, str(RDFS.label)) if isinstance(task, str) else None
                p["task"] = text or p.get("label")
                agent = self._pick(iri, str(CCHC.agent))
                for d in sorted(o for _, o in self._incoming(iri, str(CCHC.hasResponsibility))):
                    if isinstance(agent, str):
                        self.rel("RESPONSIBLE_FOR", agent, d, {"role": p.get("role"), "area": p.get("area"), "via": iri}, key=iri)
            if "Alignment" in labels:
                local = self._pick(iri, str(CCHC.localTarget))
                national = self._pick(iri, str(CCHC.nationalTarget))
                if isinstance(local, str) and isinstance(national, str):
                    self.rel("ALIGNS_WITH", local, national, {
                        "score": p.get("score"), "comparison": p.get("comparison"), "via": iri,
                    })

    def _incoming(self, obj: str, pred: str) -> list[tuple[str, str]]:
        if not hasattr(self, "_in_index"):
            idx: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
            for s, po in self.facts.items():
                for p, vals in po.items():
                    for g, o in vals:
                        if isinstance(o, str):
                            idx[(p, o)].append((g, s))
            self._in_index = idx
        return [(g, s) for g, s in self._in_index.get((pred, obj), [])]

    def _document(self, iri: str, p: dict[str, Any], po: dict[str, list[tuple[str, object]]]) -> None:
        issuer = self._pick(iri, str(ELI.passed_by))
        p["issuer"] = self._label_of(issuer) if isinstance(issuer, str) else None
        unit = self._pick(iri, str(CCHC.jurisdiction))
        p["jurisdiction"] = self._label_of(unit) if isinstance(unit, str) else None
        src = self._pick(iri, str(PROV.wasDerivedFrom))
        p["source"] = self._prop(src, str(CCHC.path)) if isinstance(src, str) else None
        origins = [o.lexical for _, o in po.get(str(CCHC.origin), []) if isinstance(o, _Lit)]
        rank = {"loaded": 0, "catalog": 1, "stub": 2}
        p["origin"] = "loaded" if p["source"] else (min(origins, key=lambda o: rank.get(o, 9)) if origins else None)
        nums = sorted({o.lexical.lower() for _, o in po.get(str(CCHC.numeral), []) if isinstance(o, _Lit)})
        if nums:
            p["numeral_keys"] = nums
        names = sorted({o.lexical.lower() for _, o in po.get(str(CCHC.lawName), []) if isinstance(o, _Lit)})
        if names:
            p["law_name_keys"] = names
        if any(g == CATALOG_GRAPH for pred in _VALIDITY_PREDICATES for g, _ in po.get(pred, [])):
            p["catalogued"] = True  # the catalog states its validity (docs/validity.md, precedence rule 4)


def _other_type(predicate: str) -> str:
    local = predicate.replace("#", "/").rsplit("/", 1)[-1]
    snake = "".join("_" + c if c.isupper() else c for c in local).strip("_")
    return "".join(c if c.isalnum() else "_" for c in snake).upper() or "RELATED"


def _sort_text(o: object) -> str:
    if isinstance(o, _Lit):
        lex = o.lexical
        try:
            return str(int(lex)) if lex.lstrip("-").isdigit() else lex
        except ValueError:
            return lex
    return str(o)


# -- PG → RDF ------------------------------------------------------------------
_DERIVED_PROPS = {
    "Document": {"issuer", "jurisdiction", "source", "numeral_keys", "law_name_keys", "catalogued"},
    "Citation": {"catalogued"},
    "Agency": {"jurisdiction"},
    "Responsibility": {"task"},
}


def _literal(kind: str, v: Any) -> Literal:
    if kind == "vi":
        return Literal(str(v), lang="vi")
    if kind == "en":
        return Literal(str(v), lang="en")
    if kind == "int":
        return Literal(int(v))
    if kind == "decimal":
        return Literal(float(v), datatype=XSD.decimal)
    if kind == "date":
        return Literal(str(v), datatype=XSD.date)
    if kind == "datetime":
        return Literal(str(v), datatype=XSD.dateTime)
    if kind == "bool":
        return Literal(bool(v))
    return Literal(str(v))


def to_rdf(pg: PGGraph) -> Graph:
    """Map a projection back to one RDF graph (derived properties and relationships are dropped).

    >>> from rdflib import Graph, URIRef, Literal
    >>> g = Graph(); d = URIRef("https://w3id.org/cchc/id/doc/a")
    >>> _ = g.add((d, CCHC.docKey, Literal("a"))); _ = g.add((d, RDF.type, ELI.LegalResource))
    >>> len(to_rdf(from_rdflib(g)))
    2
    """
    g = Graph()
    relation_iris = {name: URIRef(_REL_PREDICATES[t]) for t, name in _RELATION_NAMES.items()}
    for n in pg.nodes.values():
        s = URIRef(n.iri)
        for lab in n.labels:
            if lab == "Document" and "key" not in n.props:
                continue  # a document IRI only ever used as an object
            if lab in _LABEL_CLASSES:
                g.add((s, RDF.type, URIRef(_LABEL_CLASSES[lab])))
        derived = set().union(*(_DERIVED_PROPS.get(lab, set()) for lab in n.labels))
        for k, v in n.props.items():
            if k in ("iri", "code", "source_path") or k in derived or v is None or k.endswith("_values"):
                continue
            values = n.props.get(k + "_values") or [v]
            if k == "rdf_types":
                for t in v:
                    g.add((s, RDF.type, URIRef(t)))
            elif k == "relation":
                g.add((s, CCHC.citationType, relation_iris[v]))
            elif k == "relation_predicate":
                g.add((s, CCHC.citationType, URIRef(v)))
            elif k in _CONCEPT_PREDICATES:
                pred, scheme = _CONCEPT_PREDICATES[k]
                for x in values:
                    code = slug(str(x)) if scheme == "doctype" else str(x)
                    g.add((s, URIRef(pred), CONCEPT[f"{scheme}/{code}"]))
            elif k in _PROP_PREDICATES:
                pred, kind = _PROP_PREDICATES[k]
                for x in values:
                    g.add((s, URIRef(pred), _literal(kind, x)))
        if "SourceFile" in n.labels:
            g.add((s, RDF.type, PROV.Entity))
            if n.props.get("path") is not None:
                g.add((s, RDFS.label, Literal(n.props["path"])))
    for r in pg.rels:
        if r.type in _DERIVED_RELS:
            continue
        pred = r.props.get("predicate") or _REL_PREDICATES[r.type]
        g.add((URIRef(r.start), URIRef(pred), URIRef(r.end)))
    return g
