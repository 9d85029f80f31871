"""RDF nodes shared by the document graph (:mod:`cchc_kg.kg.build`) and the plan facts (:mod:`cchc_kg.kg.plans_graph`).

Organisations, their administrative units, and the evidence properties of a
fact node. Both builders import them from here, so neither imports the other
at load time.

>>> from rdflib import Graph
>>> from cchc_kg.kg.model import AgencyRecord
>>> g = Graph()
>>> o = add_organisation(g, AgencyRecord(kind="so-noi-vu", name="Sở Nội vụ", jurisdiction="tỉnh Bình Minh", level="province"))
>>> str(o)
'https://w3id.org/cchc/id/org/so-noi-vu/tinh-binh-minh'
>>> (o, CCHC.agencyKind, lit("so-noi-vu")) in g
True
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import ORG, PROV, RDF, SKOS

from cchc_kg.kg.ids import agency_iri, unit_iri
from cchc_kg.kg.model import AgencyRecord, Evidence
from cchc_kg.kg.vocab import CCHC, concept, lit

__all__ = ["LEVELS", "add_organisation", "add_unit", "add_evidence"]

#: administrative levels a unit node records (``cchc:adminLevel``)
LEVELS = {"national", "province", "district", "commune", "party-central"}


def add_organisation(g: Graph, agency: AgencyRecord) -> URIRef:
    """Add an ``org:Organization`` node keyed on (kind, jurisdiction)."""
    o = URIRef(agency_iri(agency.kind, agency.jurisdiction))
    g.add((o, RDF.type, ORG.Organization))
    if agency.is_group:
        g.add((o, RDF.type, CCHC.AgencyGroup))
        g.add((o, CCHC.isGroup, lit(True)))
    g.add((o, SKOS.prefLabel, lit(agency.name, lang="vi")))
    g.add((o, CCHC.agencyKind, lit(agency.kind)))
    if agency.jurisdiction:
        g.add((o, CCHC.jurisdiction, add_unit(g, agency.jurisdiction, agency.level)))
    return o


def add_unit(g: Graph, name: str, level: str | None = None) -> URIRef:
    """Add a ``cchc:AdministrativeUnit`` node (with its level when known)."""
    u = URIRef(unit_iri(name))
    g.add((u, RDF.type, CCHC.AdministrativeUnit))
    g.add((u, SKOS.prefLabel, lit(name, lang="vi")))
    if level in LEVELS:
        g.add((u, CCHC.adminLevel, concept("level", level)))
    return u


def add_evidence(g: Graph, node: URIRef, ev: Evidence, document: URIRef, source_node: URIRef) -> None:
    """Attach the shared evidence properties to a fact node."""
    g.add((node, CCHC.sourceDocument, document))
    g.add((node, CCHC.charStart, lit(ev.start)))
    g.add((node, CCHC.charEnd, lit(ev.end)))
    g.add((node, CCHC.sentence, lit(ev.sentence, lang="vi")))
    if ev.quote:
        g.add((node, CCHC.quote, lit(ev.quote, lang="vi")))
    g.add((node, PROV.wasDerivedFrom, source_node))
