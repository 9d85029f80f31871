"""SHACL validation of a built graph against ``ontology/shapes.ttl``: whole or in bounded batches.

:func:`validate_graph` validates an ``rdflib.Graph`` in one pySHACL call.
:func:`validate_store` validates a store batch by batch: each batch is a
bounded number of focus subjects with their triples in the union graph
whose predicate a shape names (``sh:path``, ``sh:targetSubjectsOf``, the
property comparisons, ``rdf:type``), plus what the shapes look at beyond
them (the ``rdf:type`` of the nodes those triples point to, for
``sh:class``, and the store's ``rdfs:subClassOf`` triples). Every shape of
``ontology/shapes.ttl`` has a one-step path and none is closed, so that is
all a shape can read: the result is the same as validating the whole union
graph at once, with memory bounded by the batch instead of the store (a
60 MB plan is ~8 million triples; pySHACL holds a graph several times
over). Shapes that reach further (a path of several steps, an inverse
path, ``sh:targetObjectsOf``, ``sh:closed``, SPARQL) make
:func:`validate_store` validate the whole graph instead.

>>> from rdflib import Graph
>>> validate_graph(Graph())["conforms"]
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from rdflib import Graph
from rdflib.namespace import SH

from cchc_kg.ontology import ONTOLOGY_PATH, SHAPES_PATH

__all__ = ["validate_graph", "validate_store", "shapes_graph", "shape_predicates", "BATCH_SUBJECTS"]

#: focus subjects validated together by :func:`validate_store` (~20 triples each)
BATCH_SUBJECTS = 4000

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"

Progress = Callable[[str, int, int], None]


def shapes_graph() -> Graph:
    """The project's SHACL shapes."""
    g = Graph()
    g.parse(SHAPES_PATH, format="turtle")
    return g


def _ontology() -> Graph:
    onto = Graph()
    if ONTOLOGY_PATH.exists():
        onto.parse(ONTOLOGY_PATH, format="turtle")
    return onto


def validate_graph(data: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None) -> dict[str, Any]:
    """Validate ``data``; returns ``{"conforms": bool, "violations": [...]}``.

    The ontology is passed as extra graph so concept-scheme membership
    (e.g. a role concept ``skos:inScheme`` the role scheme) can be checked.
    Violations are sorted by focus node and path.
    """
    import pyshacl

    conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes or shapes_graph(), ont_graph=ontology if ontology is not None else _ontology(),
        inference="none", allow_warnings=True, advanced=True
    )
    violations = []
    for r in report.subjects(SH.resultSeverity, SH.Violation):
        violations.append(
            {
                "focus": str(report.value(r, SH.focusNode)),
                "path": str(report.value(r, SH.resultPath)),
                "message": str(report.value(r, SH.resultMessage)),
                "shape": str(report.value(r, SH.sourceShape)),
            }
        )
    violations.sort(key=lambda v: (v["focus"], v["path"]))
    return {"conforms": bool(conforms), "violations": violations}


def validate_store(
    store: Any,
    subjects: Iterable[str] | None = None,
    *,
    batch_size: int = BATCH_SUBJECTS,
    shapes: Graph | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Validate a :class:`cchc_kg.kg.store.GraphStore`'s union graph in batches of subjects.

    ``subjects`` (IRIs) limits the focus nodes validated (default: every
    subject of the union graph); the answer is what :func:`validate_graph`
    on the whole union graph says about them (with the same ``shapes``
    graph: a property shape is a blank node, named anew at each parse). A
    store without quad indexes (no ``raw``) is validated whole.

    >>> from cchc_kg.kg.store import GraphStore
    >>> st = GraphStore.open(None)
    >>> _ = st.replace_graph("urn:g", b'<urn:r> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/org#Organization> .\\n')
    >>> r = validate_store(st)
    >>> r["conforms"], [v["focus"] for v in r["violations"]]
    (False, ['urn:r'])
    >>> validate_store(st, ["urn:other"])["conforms"]
    True
    """
    raw = getattr(store, "raw", None)
    if raw is None:
        return validate_graph(store.to_rdflib(), shapes=shapes)
    import pyoxigraph as ox

    in_union = store.in_union
    step = progress or (lambda *_a: None)
    shapes, onto = shapes if shapes is not None else shapes_graph(), _ontology()
    preds = shape_predicates(shapes)
    if preds is None:  # shapes that read beyond a subject's own triples
        return validate_graph(store.to_rdflib(), shapes=shapes, ontology=onto)
    subclass = [ox.Triple(q.subject, q.predicate, q.object)
                for q in raw.quads_for_pattern(None, ox.NamedNode(_SUBCLASS), None, None) if in_union(q.graph_name)]
    focus = _union_subjects(raw, in_union) if subjects is None else (ox.NamedNode(s) for s in _unique(subjects))
    violations: list[dict[str, Any]] = []
    reported: set[str] = set()  # foci whose violations are in (a subject met twice is validated twice)
    done = 0
    for batch in _batches(focus, batch_size):
        data, names = _batch_graph(raw, in_union, batch, subclass, preds)
        found = [v for v in validate_graph(data, shapes=shapes, ontology=onto)["violations"]
                 if v["focus"] in names and v["focus"] not in reported]
        reported.update(v["focus"] for v in found)
        violations += found
        done += len(batch)
        step("shacl", done, 0)
    violations.sort(key=lambda v: (v["focus"], v["path"]))
    return {"conforms": not violations, "violations": violations}


#: shape terms that make a node's validity depend on more than its own triples
_FAR = ("targetObjectsOf", "closed", "sparql", "inversePath", "alternativePath", "zeroOrMorePath",
        "oneOrMorePath", "zeroOrOnePath", "target", "select", "ask", "rule")
_PREDICATE_TERMS = ("path", "targetSubjectsOf", "lessThan", "lessThanOrEquals", "equals", "disjoint")


def shape_predicates(shapes: Graph) -> frozenset[str] | None:
    """The predicates ``shapes`` read on a focus node, or ``None`` when they reach beyond its own triples.

    >>> preds = shape_predicates(shapes_graph())
    >>> "https://w3id.org/cchc/ontology#agent" in preds, "https://w3id.org/cchc/ontology#hasTarget" in preds
    (True, False)
    >>> from rdflib import BNode
    >>> shape_predicates(Graph().add((BNode(), SH.path, BNode()))) is None
    True
    """
    from rdflib import URIRef

    if any(True for t in _FAR for _ in shapes.triples((None, URIRef(str(SH) + t), None))):
        return None
    preds = {_RDF_TYPE}
    for t in _PREDICATE_TERMS:
        for o in shapes.objects(None, URIRef(str(SH) + t)):
            if not isinstance(o, URIRef):
                return None  # a path of several steps
            preds.add(str(o))
    return frozenset(preds)


def _unique(items: Iterable[str]) -> Iterator[str]:
    seen: set[str] = set()
    for i in items:
        if i not in seen:
            seen.add(i)
            yield i


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for i in items:
        batch.append(i)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _graph_key(g: Any) -> str:
    return g.value if hasattr(g, "value") else ""  # the default graph sorts first


def _union_subjects(raw: Any, in_union: Callable[[Any], bool]) -> Iterator[Any]:
    """Every subject of the union graph, once, without holding them all.

    Graph by graph; a subject is yielded from the first graph (default graph
    first, then by IRI) that holds it. Within a graph the store lists quads
    grouped by subject (its graph-subject index), so a repeat is the
    previous subject.
    """
    import pyoxigraph as ox

    graphs = [ox.DefaultGraph(), *sorted((g for g in raw.named_graphs() if in_union(g)), key=_graph_key)]
    for g in graphs:
        key, last = _graph_key(g), None
        for q in raw.quads_for_pattern(None, None, None, g):
            s = q.subject
            if s == last:
                continue
            last = s
            first = min(_graph_key(x.graph_name) for x in raw.quads_for_pattern(s, None, None, None) if in_union(x.graph_name))
            if first == key:
                yield s


def _batch_graph(raw: Any, in_union: Callable[[Any], bool], batch: list[Any], extra: list[Any],
                 preds: frozenset[str]) -> tuple[Graph, set[str]]:
    """The rdflib graph a batch is validated on, and the IRIs of its focus subjects."""
    import pyoxigraph as ox

    triples: dict[Any, None] = {}
    objects: set[Any] = set()
    for s in batch:
        for q in raw.quads_for_pattern(s, None, None, None):
            if q.predicate.value in preds and in_union(q.graph_name):
                triples[ox.Triple(q.subject, q.predicate, q.object)] = None
                if not isinstance(q.object, ox.Literal):
                    objects.add(q.object)
    rdf_type = ox.NamedNode(_RDF_TYPE)
    for o in objects.difference(batch):
        for q in raw.quads_for_pattern(o, rdf_type, None, None):
            if in_union(q.graph_name):
                triples[ox.Triple(q.subject, q.predicate, q.object)] = None
    for t in extra:
        triples[t] = None
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    g = Graph()
    g.parse(data=data.decode("utf-8"), format="nt")
    return g, {s.value for s in batch if isinstance(s, ox.NamedNode)}
