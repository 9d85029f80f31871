"""The property graph's schema: which RDF classes become labels, which predicates properties or relationships.

Owned here, read by :mod:`cchc_kg.kg.pgmodel` (the projection both ways),
the Cypher writer and the exports; ``docs/property-graph.md`` documents it.

>>> CLASS_LABELS["http://data.europa.eu/eli/ontology#LegalResource"]
'Document'
>>> PROPERTIES["https://w3id.org/cchc/ontology#docKey"]
('key', 'str')
"""

from __future__ import annotations

from rdflib.namespace import DCTERMS, ORG, PROV, RDFS, SKOS

from cchc_kg.kg.build import RELATION_PREDICATES
from cchc_kg.kg.vocab import CCHC, ELI

__all__ = ["PROPERTIES", "CONCEPT_PROPERTIES", "RELATIONSHIPS", "DOCUMENT_RELATIONS", "CLASS_LABELS"]

# -- the mapping tables ----------------------------------------------------------
#: literal predicate → (property, kind); kind: str | vi | en | int | decimal | date | bool
PROPERTIES: dict[str, tuple[str, str]] = {
    str(CCHC.docKey): ("key", "str"),
    str(CCHC.origin): ("origin", "str"),
    str(ELI.number): ("symbol", "str"),
    str(CCHC.numeral): ("number", "str"),
    str(CCHC.issuerCode): ("issuer_code", "str"),
    str(ELI.date_document): ("date", "date"),
    str(CCHC.year): ("year", "int"),
    str(ELI.title): ("title", "vi"),
    str(CCHC.lawName): ("law_name", "vi"),
    str(CCHC.place): ("place", "str"),
    str(CCHC.signer): ("signer", "str"),
    str(CCHC.partIndex): ("part_index", "int"),
    str(CCHC.confidence): ("confidence", "str"),
    str(CCHC.factSource): ("fact_source", "str"),
    str(ELI.in_force): ("in_force", "bool"),
    str(ELI.first_date_entry_in_force): ("effective", "date"),
    str(ELI.date_no_longer_in_force): ("end_date", "date"),
    str(CCHC.effectiveDate): ("effective_date", "date"),
    str(CCHC.effectiveBasis): ("effective_basis", "str"),
    str(CCHC.path): ("path", "str"),
    str(CCHC.sha256): ("sha256", "str"),
    str(RDFS.label): ("label", "vi"),
    str(SKOS.prefLabel): ("name", "vi"),
    str(SKOS.notation): ("notation", "str"),
    str(CCHC.agencyKind): ("kind", "str"),
    str(CCHC.isGroup): ("is_group", "bool"),
    str(CCHC.resolutionStatus): ("status", "str"),
    str(CCHC.pinpoint): ("pinpoint", "vi"),
    str(CCHC.charStart): ("start", "int"),
    str(CCHC.charEnd): ("end", "int"),
    str(CCHC.sentence): ("sentence", "vi"),
    str(CCHC.quote): ("quote", "vi"),
    str(CCHC.metric): ("metric", "vi"),
    str(CCHC.value): ("value", "decimal"),
    str(CCHC.valueText): ("value_text", "str"),
    str(CCHC.unit): ("unit", "str"),
    str(CCHC.comparator): ("comparator", "str"),
    str(CCHC.targetYear): ("target_year", "int"),
    str(CCHC.baseline): ("baseline", "str"),
    str(CCHC.targetGroup): ("group", "str"),
    str(CCHC.nationalTargetId): ("national_id", "str"),
    str(CCHC.orderIndex): ("index", "int"),
    str(CCHC.score): ("score", "decimal"),
    str(CCHC.comparison): ("comparison", "str"),
    str(CCHC.explanation): ("explanation", "en"),
    # org:ChangeEvent (kg/changes_graph.py)
    str(DCTERMS.identifier): ("identifier", "str"),
    str(DCTERMS.date): ("event_date", "date"),
    str(DCTERMS.subject): ("function", "vi"),
    str(DCTERMS.description): ("note", "en"),
    str(PROV.startedAtTime): ("started", "datetime"),
}
#: concept-valued predicate → property holding the concept's code (slug)
CONCEPT_PROPERTIES: dict[str, tuple[str, str]] = {
    str(ELI.type_document): ("type", "doctype"),
    str(CCHC.adminLevel): ("level", "level"),
    str(CCHC.role): ("role", "role"),
    str(CCHC.reformArea): ("area", "area"),
    str(DCTERMS.type): ("change_type", "change"),
}
#: document → document relationship types (RDF predicate → type): the relation name upper-cased
DOCUMENT_RELATIONS: dict[str, str] = {str(pred): name.upper() for name, pred in RELATION_PREDICATES.items()}
#: every object predicate → relationship type
RELATIONSHIPS: dict[str, str] = {
    **DOCUMENT_RELATIONS,
    str(ELI.passed_by): "PASSED_BY",
    str(CCHC.jurisdiction): "IN_JURISDICTION",
    str(PROV.wasDerivedFrom): "DERIVED_FROM",
    str(CCHC.citingDocument): "CITING",
    str(CCHC.citedDocument): "CITED",
    str(CCHC.candidate): "CANDIDATE",
    str(CCHC.sourceDocument): "SOURCE_DOCUMENT",
    str(CCHC.effectiveDateOf): "EFFECTIVE_DATE_OF",
    str(CCHC.hasTarget): "HAS_TARGET",
    str(CCHC.hasTask): "HAS_TASK",
    str(CCHC.hasResponsibility): "HAS_RESPONSIBILITY",
    str(CCHC.agent): "AGENT",
    str(CCHC.forTask): "FOR_TASK",
    str(CCHC.forTarget): "FOR_TARGET",
    str(CCHC.alignsWith): "ALIGNS_WITH",
    str(CCHC.localTarget): "LOCAL_TARGET",
    str(CCHC.nationalTarget): "NATIONAL_TARGET",
    str(ORG.originalOrganization): "ORIGINAL_ORGANIZATION",
    str(ORG.resultingOrganization): "RESULTING_ORGANIZATION",
    str(ORG.changedBy): "CHANGED_BY",
    str(ORG.resultedFrom): "RESULTED_FROM",
    str(PROV.used): "USED",
    str(DCTERMS.coverage): "COVERAGE",
}
#: RDF class → label
CLASS_LABELS: dict[str, str] = {
    str(ELI.LegalResource): "Document",
    str(CCHC.Plan): "Plan",
    str(CCHC.Citation): "Citation",
    str(CCHC.SourceFile): "SourceFile",
    str(CCHC.Target): "Target",
    str(CCHC.NationalTarget): "NationalTarget",
    str(CCHC.Task): "Task",
    str(CCHC.Responsibility): "Responsibility",
    str(CCHC.Alignment): "Alignment",
    str(CCHC.AdministrativeUnit): "AdministrativeUnit",
    str(ORG.Organization): "Agency",
    str(CCHC.AgencyGroup): "AgencyGroup",
    str(ORG.ChangeEvent): "ChangeEvent",
    str(CCHC.EffectiveClause): "EffectiveClause",
}
