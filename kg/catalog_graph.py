"""The built-in catalog (national documents, validity, national targets) as RDF.

Every catalog fact carries ``cchc:confidence`` (V/S/U) and ``cchc:factSource``
(the research-note row and its source keys) instead of a character span.

>>> g = catalog_graph()
>>> from cchc_kg.kg.ids import doc_iri
>>> (URIRef(doc_iri("nq/2021/76/cp")), CCHC.origin, Literal("catalog")) in g
True
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from cchc_kg.kg import catalog
from cchc_kg.kg.build import RELATION_PREDICATES, add_document, bind_prefixes
from cchc_kg.kg.ids import doc_iri, fact_iri
from cchc_kg.kg.model import DocumentRecord
from cchc_kg.kg.plans_graph import add_target_values, national_target_iri
from cchc_kg.kg.vocab import CCHC, ELI

__all__ = ["catalog_graph", "catalog_record"]


def catalog_record(d: catalog.CatalogDocument) -> DocumentRecord:
    """A catalog row as a neutral document record (origin ``catalog``)."""
    national = {"level": "national", "jurisdiction": "Việt Nam"}
    party = d.issuer_code.upper().endswith("TW")
    return DocumentRecord(
        doc_type=d.doc_type,
        number=d.number,
        symbol=d.symbol,
        issuer_code=d.issuer_code,
        issuer=d.issuer,
        jurisdiction=national["jurisdiction"],
        level="party-central" if party else national["level"],
        date=d.date,
        year=d.year,
        title=d.title,
        law_name=d.law_name,
        origin="catalog",
        key=d.key,
    )


def _source_note(row_id: str, sources: tuple[str, ...] | list[str]) -> str:
    return f"cchc-kg catalog row {row_id}" + (f"; sources {', '.join(sources)}" if sources else "; no source found")


def catalog_graph() -> Graph:
    """All catalog facts in one graph."""
    g = bind_prefixes(Graph())
    for d in catalog.national_documents():
        s = add_document(g, catalog_record(d))
        note = Literal(_source_note(d.id, d.sources))
        g.add((s, CCHC.confidence, Literal(d.confidence)))
        g.add((s, CCHC.factSource, note))
        if d.in_force is not None:
            g.add((s, ELI.in_force, Literal(bool(d.in_force))))
        if d.effective:
            g.add((s, ELI.first_date_entry_in_force, Literal(d.effective, datatype=XSD.date)))
        if d.end:
            g.add((s, ELI.date_no_longer_in_force, Literal(d.end, datatype=XSD.date)))
        for rel in d.relations:
            pred = RELATION_PREDICATES.get(rel["predicate"])
            if pred is None:
                continue
            obj = URIRef(doc_iri(rel["object"]))
            g.add((s, pred, obj))
            c = URIRef(fact_iri("catalog-relation", d.key, rel["predicate"], rel["object"]))
            g.add((c, RDF.type, CCHC.Citation))
            g.add((c, CCHC.citingDocument, s))
            g.add((c, CCHC.citedDocument, obj))
            g.add((c, CCHC.citationType, pred))
            g.add((c, CCHC.resolutionStatus, Literal("resolved")))
            g.add((c, CCHC.confidence, Literal(rel.get("confidence", d.confidence))))
            g.add((c, CCHC.factSource, Literal(_source_note(d.id, tuple(rel.get("sources", ()))))))
            if rel.get("date"):
                g.add((c, ELI.date_document, Literal(rel["date"], datatype=XSD.date)))
    national_targets = getattr(catalog, "national_targets", None)
    for t in national_targets() if national_targets else ():
        node = national_target_iri(t.id)
        add_target_values(g, node, t)
        g.add((node, RDF.type, CCHC.NationalTarget))
        doc_key = getattr(t, "document", None) or getattr(t, "doc_key", None)
        if doc_key:
            d = URIRef(doc_iri(doc_key))
            g.add((d, CCHC.hasTarget, node))
            g.add((node, CCHC.sourceDocument, d))
        g.add((node, CCHC.nationalTargetId, Literal(t.id)))
        g.add((node, CCHC.confidence, Literal(t.confidence)))
        g.add((node, CCHC.factSource, Literal(_source_note(t.id, tuple(getattr(t, "sources", ()))))))
    return g
