"""Plan facts (targets, tasks, responsibilities, alignments) → RDF.

>>> from rdflib import Graph
>>> from cchc_kg.kg.model import DocumentRecord, TargetRecord, Evidence, Extraction
>>> doc = DocumentRecord(doc_type="KH", key="kh/2022/1/ubnd-tinh-x", source="a.txt")
>>> ev = Evidence("a.txt", 0, 3, "80% TTHC", "80%")
>>> t = TargetRecord(metric="TTHC", value=80.0, unit="%", comparator=">=", year=2025, evidence=ev)
>>> g = Graph()
>>> add_plan_facts(g, [Extraction(document=doc, targets=(t,))], URIRef("urn:src"), "a.txt")
>>> len(list(g.subjects(RDF.type, CCHC.Target)))
1
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from cchc_kg.kg.ids import BASE, doc_iri, fact_iri
from cchc_kg.kg.model import Extraction, TargetRecord
from cchc_kg.kg.rdf_nodes import add_evidence, add_organisation
from cchc_kg.kg.vocab import CCHC, concept, lit

__all__ = ["add_plan_facts", "target_iri", "national_target_iri", "add_target_values"]


def national_target_iri(target_id: str) -> URIRef:
    """IRI of a catalogued national target (``B06`` → .../id/target/national/B06)."""
    return URIRef(f"{BASE}id/target/national/{target_id}")


def target_iri(source: str, doc_key: str, t: TargetRecord) -> URIRef:
    """Deterministic IRI of an extracted target."""
    return URIRef(fact_iri("target", source, doc_key, t.index, t.evidence.start, t.level, t.year, t.value))


def add_target_values(g: Graph, node: URIRef, t: object) -> None:
    """Metric/value/unit/comparator/year/level/area/baseline of a target-like record."""
    g.add((node, RDF.type, CCHC.Target))
    g.add((node, CCHC.metric, lit(getattr(t, "metric"), lang="vi")))
    g.add((node, CCHC.comparator, lit(getattr(t, "comparator"))))
    value = getattr(t, "value", None)
    if value is not None:
        g.add((node, CCHC.value, lit(float(value), datatype=XSD.decimal)))
    for attr, prop in (("unit", CCHC.unit), ("value_text", CCHC.valueText), ("baseline", CCHC.baseline)):
        v = getattr(t, attr, None)
        if v:
            g.add((node, prop, lit(v)))
    if getattr(t, "year", None):
        g.add((node, CCHC.targetYear, lit(int(t.year))))  # type: ignore[attr-defined]
    level = getattr(t, "level", None)
    if level:
        g.add((node, CCHC.adminLevel, concept("level", level)))
    area = getattr(t, "area", None)
    if area:
        g.add((node, CCHC.reformArea, concept("area", area)))
    group = getattr(t, "group", None)
    if group:
        g.add((node, CCHC.targetGroup, lit(group)))


def add_plan_facts(
    g: Graph,
    extractions: Sequence[Extraction],
    source_node: URIRef,
    source: str,
    alignments: Iterable[tuple[int, int, object]] = (),
) -> None:
    """Add the targets, tasks and responsibilities of every extraction."""

    target_nodes: dict[tuple[int, int], URIRef] = {}
    for ei, ex in enumerate(extractions):
        d = URIRef(doc_iri(ex.document.key))
        for ti, t in enumerate(ex.targets):
            node = target_iri(source, ex.document.key, t)
            target_nodes[(ei, ti)] = node
            add_target_values(g, node, t)
            if ex.document.level == "national":
                g.add((node, RDF.type, CCHC.NationalTarget))
            g.add((node, CCHC.orderIndex, lit(t.index)))
            add_evidence(g, node, t.evidence, d, source_node)
            g.add((d, CCHC.hasTarget, node))
        task_nodes: dict[str, URIRef] = {}
        for k in ex.tasks:
            node = URIRef(fact_iri("task", source, ex.document.key, k.index, k.evidence.start))
            task_nodes[k.text] = node
            g.add((node, RDF.type, CCHC.Task))
            g.add((node, RDFS.label, lit(k.text, lang="vi")))
            g.add((node, CCHC.orderIndex, lit(k.index)))
            if k.area:
                g.add((node, CCHC.reformArea, concept("area", k.area)))
            add_evidence(g, node, k.evidence, d, source_node)
            g.add((d, CCHC.hasTask, node))
        for r in ex.responsibilities:
            node = URIRef(
                fact_iri(
                    "responsibility", source, ex.document.key, r.index, r.evidence.start,
                    r.agency.kind, r.agency.jurisdiction, r.role, r.area, r.task, r.target_index,
                )
            )
            org = add_organisation(g, r.agency)
            g.add((node, RDF.type, CCHC.Responsibility))
            g.add((node, CCHC.agent, org))
            g.add((node, CCHC.role, concept("role", r.role)))
            g.add((node, CCHC.orderIndex, lit(r.index)))
            if r.area:
                g.add((node, CCHC.reformArea, concept("area", r.area)))
            if r.task:
                tn = task_nodes.get(r.task)
                if tn is not None:
                    g.add((node, CCHC.forTask, tn))
                else:
                    g.add((node, RDFS.label, lit(r.task, lang="vi")))
            if r.target_index is not None and (ei, r.target_index) in target_nodes:
                g.add((node, CCHC.forTarget, target_nodes[(ei, r.target_index)]))
            add_evidence(g, node, r.evidence, d, source_node)
            g.add((d, CCHC.hasResponsibility, node))
    for ei, ti, al in alignments:
        local = target_nodes.get((ei, ti))
        if local is None:
            continue
        national = national_target_iri(getattr(al, "national_id"))
        node = URIRef(fact_iri("alignment", str(local), str(national)))
        g.add((node, RDF.type, CCHC.Alignment))
        g.add((node, CCHC.localTarget, local))
        g.add((node, CCHC.nationalTarget, national))
        g.add((node, CCHC.score, lit(round(float(getattr(al, "score")), 4), datatype=XSD.decimal)))
        g.add((node, CCHC.comparison, lit(getattr(al, "comparison"))))
        g.add((node, CCHC.explanation, lit(getattr(al, "explanation"), lang="en")))
        g.add((local, CCHC.alignsWith, national))
        ex = extractions[ei]
        t = ex.targets[ti]
        add_evidence(g, node, t.evidence, URIRef(doc_iri(ex.document.key)), source_node)
