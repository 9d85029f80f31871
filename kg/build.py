"""Records → RDF graphs (one graph per source file). Never parses text.

>>> from cchc_kg.kg.model import DocumentRecord
>>> doc = DocumentRecord(doc_type="KH", number="53", symbol="53/KH-UBND", issuer_code="UBND",
...     issuer="UBND huyện Long Phú", jurisdiction="huyện Long Phú", level="district",
...     date="2022-05-31", year=2022, title="Kế hoạch", source="p.txt",
...     key="kh/2022/53/ubnd-huyen-long-phu")
>>> g = source_graph("p.txt", "0" * 64, [Extraction(document=doc)])
>>> (URIRef(doc_iri(doc.key)), ELI.number, lit("53/KH-UBND")) in g
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SKOS, XSD

from cchc_kg.kg.ids import agency_iri, doc_iri, fact_iri, slug, unit_iri
from cchc_kg.kg.model import (
    AgencyRecord,
    DocumentRecord,
    EffectiveRecord,
    Extraction,
    ReferenceRecord,
    StatedRelation,
)
from cchc_kg.kg.rdf_nodes import LEVELS as _LEVELS
from cchc_kg.kg.rdf_nodes import add_evidence, add_organisation
from cchc_kg.kg.rdf_nodes import add_unit as _unit
from cchc_kg.kg.relations import relation_predicates
from cchc_kg.kg.vocab import CCHC, ELI, concept, lit

if TYPE_CHECKING:
    from cchc_kg.kg.ntriples import SpilledTriples

__all__ = [
    "RELATION_PREDICATES",
    "PLAN_TYPES",
    "bind_prefixes",
    "source_graph",
    "source_ntriples",
    "fill_source_graph",
    "add_document",
    "add_organisation",
    "add_evidence",
    "issuer_kind",
]

#: record relation name → RDF predicate of the direct edge (from the relation registry)
RELATION_PREDICATES: dict[str, URIRef] = {name: URIRef(iri) for name, iri in relation_predicates().items()}

#: document types modelled as plans (cchc:Plan)
PLAN_TYPES = frozenset({"KH", "CTr"})

def bind_prefixes(g: Graph) -> Graph:
    """Bind the project's prefixes on ``g`` and return it."""
    g.bind("cchc", CCHC._NS)
    g.bind("eli", ELI._NS)
    g.bind("org", ORG)
    g.bind("prov", PROV)
    g.bind("skos", SKOS)
    g.bind("doc", URIRef("https://w3id.org/cchc/id/doc/"))
    return g


def issuer_kind(issuer: str, jurisdiction: str | None) -> str:
    """Kind slug of an issuing body: its name without the jurisdiction.

    >>> issuer_kind("UBND huyện Long Phú", "huyện Long Phú")
    'ubnd'
    >>> issuer_kind("Chính phủ", "Việt Nam")
    'chinh-phu'
    """
    s, j = slug(issuer), slug(jurisdiction or "")
    if j and s.endswith("-" + j):
        s = s[: -len(j) - 1]
    return s or "unknown"


def add_document(g: Graph, d: DocumentRecord, *, source_node: URIRef | None = None) -> URIRef:
    """Add a document node with what the record knows; return its IRI."""
    if not d.key:
        raise ValueError(f"document record without key: {d!r}")
    s = URIRef(doc_iri(d.key))
    g.add((s, RDF.type, ELI.LegalResource))
    g.add((s, CCHC.docKey, lit(d.key)))
    g.add((s, CCHC.origin, lit(d.origin)))
    if d.doc_type:
        g.add((s, ELI.type_document, concept("doctype", slug(d.doc_type))))
        if d.doc_type in PLAN_TYPES:
            g.add((s, RDF.type, CCHC.Plan))
    if d.symbol:
        g.add((s, ELI.number, lit(d.symbol)))
    if d.number:
        g.add((s, CCHC.numeral, lit(d.number)))
    if d.issuer_code:
        g.add((s, CCHC.issuerCode, lit(d.issuer_code)))
    if d.date:
        g.add((s, ELI.date_document, lit(d.date, datatype=XSD.date)))
    if d.year:
        g.add((s, CCHC.year, lit(int(d.year))))
    if d.title:
        g.add((s, ELI.title, lit(d.title, lang="vi")))
    if d.law_name:
        g.add((s, CCHC.lawName, lit(d.law_name, lang="vi")))
    if d.place:
        g.add((s, CCHC.place, lit(d.place)))
    if d.signer:
        g.add((s, CCHC.signer, lit(d.signer)))
    if d.level in _LEVELS:
        g.add((s, CCHC.adminLevel, concept("level", d.level)))
    if d.jurisdiction:
        g.add((s, CCHC.jurisdiction, _unit(g, d.jurisdiction, d.level)))
    if d.issuer:
        org = add_organisation(
            g,
            AgencyRecord(
                kind=issuer_kind(d.issuer, d.jurisdiction),
                name=d.issuer,
                jurisdiction=d.jurisdiction,
                level=d.level,
            ),
        )
        g.add((s, ELI.passed_by, org))
    if source_node is not None and d.origin == "loaded":
        g.add((s, PROV.wasDerivedFrom, source_node))
        g.add((s, CCHC.partIndex, lit(d.part)))
    return s


def _identity_fields(d: DocumentRecord) -> tuple[object, ...]:
    """Every field :func:`add_document` reads for a node without provenance."""
    return (d.key, d.origin, d.doc_type, d.symbol, d.number, d.issuer_code, d.date, d.year,
            d.title, d.law_name, d.place, d.signer, d.level, d.jurisdiction, d.issuer)


def _add_cited(g: Graph, d: DocumentRecord, seen: dict[tuple[object, ...], URIRef] | None) -> URIRef:
    """:func:`add_document` once per distinct cited record of a graph.

    A plan cites the same few documents dozens of times; their triples are
    identical each time, so the second time only the IRI is needed (this
    was ~40 % of the time spent turning a file's records into triples).
    """
    if seen is None:
        return add_document(g, d)
    k = _identity_fields(d)
    node = seen.get(k)
    if node is None:
        node = seen[k] = add_document(g, d)
    return node


def _add_reference(
    g: Graph, citing: URIRef, ref: ReferenceRecord, source_node: URIRef, source: str,
    seen: dict[tuple[object, ...], URIRef] | None = None,
) -> None:
    pred = RELATION_PREDICATES[ref.relation]
    ev = ref.evidence
    c = URIRef(fact_iri("citation", source, str(citing), ev.start, ev.end, ref.relation))
    g.add((c, RDF.type, CCHC.Citation))
    g.add((c, CCHC.citingDocument, citing))
    g.add((c, CCHC.citationType, pred))
    g.add((c, CCHC.resolutionStatus, lit(ref.status)))
    if ref.pinpoint:
        g.add((c, CCHC.pinpoint, lit(ref.pinpoint, lang="vi")))
    add_evidence(g, c, ev, citing, source_node)
    if ref.status == "ambiguous":
        for key in ref.candidates:
            g.add((c, CCHC.candidate, URIRef(doc_iri(key))))
        return
    cited = _add_cited(g, ref.target, seen)
    g.add((c, CCHC.citedDocument, cited))
    if cited != citing:
        g.add((citing, pred, cited))


def _add_stated(
    g: Graph, where: URIRef, rel: StatedRelation, source_node: URIRef, source: str, loaded: frozenset[str] = frozenset(),
    seen: dict[tuple[object, ...], URIRef] | None = None,
) -> None:
    pred = RELATION_PREDICATES[rel.predicate]
    # endpoints are what the text says about (usually cited) documents: never
    # derived from this file themselves (the loaded documents are added, with
    # their provenance, by source_graph)
    subj = _add_cited(g, _as_stub(rel.subject, loaded), seen)
    obj = _add_cited(g, _as_stub(rel.object, loaded), seen)
    ev = rel.evidence
    c = URIRef(fact_iri("citation", source, str(subj), str(obj), ev.start, ev.end, rel.predicate))
    g.add((c, RDF.type, CCHC.Citation))
    g.add((c, CCHC.citingDocument, subj))
    g.add((c, CCHC.citedDocument, obj))
    g.add((c, CCHC.citationType, pred))
    g.add((c, CCHC.resolutionStatus, lit("resolved")))
    add_evidence(g, c, ev, where, source_node)
    if subj != obj:
        g.add((subj, pred, obj))


def _add_effective(g: Graph, doc: URIRef, eff: EffectiveRecord, source_node: URIRef, source: str) -> None:
    """The document's own entry-into-force clause, as a fact node with its evidence.

    The date stays on the clause node (not ``eli:first_date_entry_in_force``
    on the document, which is the catalog's): readers merge the two by the
    precedence rules of ``docs/validity.md``.
    """
    ev = eff.evidence
    n = URIRef(fact_iri("effective", source, str(doc), ev.start, ev.end))
    g.add((n, RDF.type, CCHC.EffectiveClause))
    g.add((n, CCHC.effectiveDateOf, doc))
    g.add((n, CCHC.effectiveDate, lit(eff.date, datatype=XSD.date)))
    g.add((n, CCHC.effectiveBasis, lit(eff.basis)))
    add_evidence(g, n, ev, doc, source_node)


def _as_stub(d: DocumentRecord, loaded: frozenset[str]) -> DocumentRecord:
    """A document the text only talks about is a stub here, whatever the record's default."""
    if d.origin == "loaded" and d.key not in loaded:
        return replace(d, origin="stub", source=None)
    return d


def source_graph(
    path: str,
    sha256: str,
    extractions: Sequence[Extraction],
    *,
    plan_facts: bool = True,
    alignments: Iterable[tuple[int, int, object]] = (),
) -> Graph:
    """The RDF graph of one source file: its documents and every fact.

    ``alignments`` is an iterable of ``(extraction_index, target_index,
    cchc_kg.kg.align.Alignment)`` computed by the caller (see :mod:`cchc_kg.kg.plans_graph`).
    """
    return fill_source_graph(bind_prefixes(Graph()), path, sha256, extractions, plan_facts=plan_facts, alignments=alignments)


def source_ntriples(
    path: str,
    sha256: str,
    extractions: Sequence[Extraction],
    *,
    plan_facts: bool = True,
    alignments: Iterable[tuple[int, int, object]] = (),
    spill_dir: str | Path | None = None,
) -> bytes | SpilledTriples:
    """The same triples as :func:`source_graph`, as N-Triples, without an rdflib graph (~5x faster).

    With ``spill_dir``, a graph past :data:`cchc_kg.kg.ntriples.SPILL_CHARS`
    is written to a file there instead of memory (a :class:`SpilledTriples`
    whose tail is the source's ``cchc:sha256`` line, to be stored last).
    """
    from cchc_kg.kg.ntriples import TripleFile, TripleList

    if spill_dir is None:
        sink = TripleList()
        fill_source_graph(sink, path, sha256, extractions, plan_facts=plan_facts, alignments=alignments)
        return sink.serialize()
    spill = TripleFile(spill_dir, hold=(CCHC.sha256,))
    try:
        fill_source_graph(spill, path, sha256, extractions, plan_facts=plan_facts, alignments=alignments)
        return spill.finish()
    except BaseException:
        spill.discard()
        raise


def fill_source_graph(
    g: Any,
    path: str,
    sha256: str,
    extractions: Sequence[Extraction],
    *,
    plan_facts: bool = True,
    alignments: Iterable[tuple[int, int, object]] = (),
) -> Any:
    """Add the triples of one source file to ``g`` (an rdflib Graph or a TripleList)."""
    src = URIRef(fact_iri("source", path))
    g.add((src, RDF.type, CCHC.SourceFile))
    g.add((src, RDF.type, PROV.Entity))
    g.add((src, CCHC.path, lit(path)))
    g.add((src, CCHC.sha256, lit(sha256)))
    g.add((src, RDFS.label, lit(path)))
    loaded = frozenset(ex.document.key for ex in extractions)
    seen: dict[tuple[object, ...], URIRef] = {}
    for ex in extractions:
        d = add_document(g, ex.document, source_node=src)
        if ex.effective is not None and ex.effective.date:
            _add_effective(g, d, ex.effective, src, path)
        for ref in ex.references:
            _add_reference(g, d, ref, src, path, seen)
        for rel in ex.relations:
            _add_stated(g, d, rel, src, path, loaded, seen)
    if plan_facts:
        from cchc_kg.kg.plans_graph import add_plan_facts  # local: keeps this module small

        add_plan_facts(g, extractions, src, path, alignments)
    return g
