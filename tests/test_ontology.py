"""ontology/cchc.ttl and ontology/shapes.ttl: parse, agree with cchc_kg.kg.vocab, validate."""

from __future__ import annotations

import pyoxigraph
import pyshacl
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SKOS

from cchc_kg.kg.ids import slug
from cchc_kg.kg.vocab import CCHC, CONCEPT, ELI, concept
from cchc_kg.ontology import ONTOLOGY_PATH, SHAPES_PATH

SH = Namespace("http://www.w3.org/ns/shacl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # plain Namespace: pytest probes module attributes
CCHC_NS, ELI_NS = str(CCHC._NS), str(ELI._NS)
DECLARING = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}

BRIEF_DOCTYPES = ["NQ", "NĐ", "QĐ", "CT", "TT", "TTLT", "KH", "CTr", "HD", "TTr", "VBHN", "Luật", "PL", "CV", "TB", "BC", "ĐA", "QC", "KL"]
SCHEME_CODES = {
    "area": {"the-che", "tthc", "to-chuc-bo-may", "cong-vu", "tai-chinh-cong", "chinh-phu-so", "hien-dai-hoa", "chung"},
    "level": {"national", "province", "district", "commune", "party-central", "unknown"},
    "role": {"lead", "support", "standing", "advise", "monitor", "implement"},
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_PATH, format="turtle")


def _terms(graph: Graph, ns: str) -> set[str]:
    """Local names of every IRI in ``ns`` used anywhere in ``graph``."""
    out = set()
    for triple in graph:
        for node in triple:
            if isinstance(node, URIRef) and str(node).startswith(ns):
                out.add(str(node)[len(ns):])
    return out


def _concepts(graph: Graph, scheme: str) -> set[URIRef]:
    return set(graph.subjects(SKOS.inScheme, CONCEPT[scheme]))


def test_ontology_parses_in_rdflib_and_pyoxigraph(onto: Graph) -> None:
    assert len(onto) > 500
    quads = list(pyoxigraph.parse(path=str(ONTOLOGY_PATH), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(onto)
    assert list(pyoxigraph.parse(path=str(SHAPES_PATH), format=pyoxigraph.RdfFormat.TURTLE))


def test_declared_cchc_terms_equal_vocab(onto: Graph) -> None:
    declared = {
        str(s)[len(CCHC_NS):]
        for s, o in onto.subject_objects(RDF.type)
        if o in DECLARING and str(s).startswith(CCHC_NS)
    }
    assert declared == set(CCHC.__annotations__)
    # and nothing else of the namespace is used without being declared
    assert _terms(onto, CCHC_NS) == declared


@pytest.mark.parametrize("path", [ONTOLOGY_PATH, SHAPES_PATH], ids=["ontology", "shapes"])
def test_eli_and_cchc_terms_used_are_known(path) -> None:
    g = Graph().parse(path, format="turtle")
    assert _terms(g, ELI_NS) <= set(ELI.__annotations__)
    assert _terms(g, CCHC_NS) <= set(CCHC.__annotations__)


def test_every_term_and_concept_has_vi_and_en_labels(onto: Graph) -> None:
    for s in set(onto.subjects(RDF.type, SKOS.Concept)) | set(onto.subjects(RDF.type, SKOS.ConceptScheme)):
        langs = {o.language for o in onto.objects(s, SKOS.prefLabel)}
        assert {"vi", "en"} <= langs, s
    for s, o in onto.subject_objects(RDF.type):
        if o in DECLARING:
            assert {"vi", "en"} <= {l.language for l in onto.objects(s, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}, s


@pytest.mark.parametrize(("scheme", "codes"), sorted(SCHEME_CODES.items()))
def test_concept_schemes(onto: Graph, scheme: str, codes: set[str]) -> None:
    assert {str(c).rsplit("/", 1)[1] for c in _concepts(onto, scheme)} == codes
    assert all(concept(scheme, c) in _concepts(onto, scheme) for c in codes)


def test_doctype_concepts_use_slug_of_notation(onto: Graph) -> None:
    notations = {}
    for c in _concepts(onto, "doctype"):
        (n,) = onto.objects(c, SKOS.notation)
        assert c == concept("doctype", slug(str(n))), c
        notations[str(n)] = c
    assert set(BRIEF_DOCTYPES) <= set(notations)


@pytest.mark.parametrize(
    ("prop", "parent"),
    [(CCHC.replaces, ELI.changes), (CCHC.implements, ELI.based_on), (CCHC.guides, ELI.cites), (CCHC.onProposalOf, ELI.cites)],
)
def test_subproperties(onto: Graph, prop: URIRef, parent: URIRef) -> None:
    assert (prop, URIRef("http://www.w3.org/2000/01/rdf-schema#subPropertyOf"), parent) in onto


def test_shapes_graph_is_valid_shacl(shapes: Graph) -> None:
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True, inference="none")
    assert conforms, text


def test_shape_concept_lists_match_ontology(onto: Graph, shapes: Graph) -> None:
    """Every sh:in list of concept IRIs is exactly one scheme of the ontology."""
    schemes = {s: _concepts(onto, s) for s in ("doctype", "area", "level", "role")}
    seen = set()
    for lst in shapes.objects(None, SH["in"]):
        items = set(Collection(shapes, lst))
        if all(isinstance(i, URIRef) and str(i).startswith(str(CONCEPT)) for i in items):
            match = [s for s, cs in schemes.items() if cs == items]
            assert match, items
            seen.update(match)
    assert seen == set(schemes)


# ---------------------------------------------------------------- data graphs

PREFIXES = """
@prefix cchc: <https://w3id.org/cchc/ontology#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix doc: <https://w3id.org/cchc/id/doc/> .
@prefix c: <https://w3id.org/cchc/concept/> .
@prefix ex: <https://example.org/> .
"""

GOOD = PREFIXES + """
ex:file a cchc:SourceFile, prov:Entity ; cchc:path "plans/ke-hoach.txt" ;
    cchc:sha256 "3e13e4f5f52b46543e13e4f5f52b46543e13e4f5f52b46543e13e4f5f52b4654" .
doc:plan a eli:LegalResource, cchc:Plan ; cchc:docKey "kh/2022/12/ubnd-huyen-an-phu" ;
    eli:type_document <https://w3id.org/cchc/concept/doctype/kh> ; eli:number "12/KH-UBND" ;
    eli:date_document "2022-03-01"^^xsd:date ; cchc:year 2022 ; cchc:origin "loaded" ; cchc:partIndex 0 ;
    cchc:adminLevel <https://w3id.org/cchc/concept/level/district> ; prov:wasDerivedFrom ex:file .
doc:nq a eli:LegalResource ; cchc:docKey "nq/2021/76/cp" ; cchc:origin "catalog" ;
    eli:type_document <https://w3id.org/cchc/concept/doctype/nq> ;
    eli:in_force true ; cchc:confidence "V" ; cchc:factSource <https://example.org/source> .
doc:old a eli:LegalResource ; cchc:docKey "nd/unknown/61/cp" ; cchc:origin "stub" ;
    eli:date_no_longer_in_force "2025-07-01"^^xsd:date ; cchc:confidence "V" ; cchc:factSource "s15" .
ex:cit a cchc:Citation ; cchc:citingDocument doc:plan ; cchc:citedDocument doc:nq ;
    cchc:citationType eli:based_on ; cchc:resolutionStatus "resolved" ;
    cchc:sourceDocument doc:plan ; cchc:charStart 40 ; cchc:charEnd 72 ;
    cchc:sentence "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021;" ; cchc:quote "Nghị quyết số 76/NQ-CP" ;
    prov:wasDerivedFrom ex:file .
ex:amb a cchc:Citation ; cchc:citingDocument doc:plan ; cchc:candidate doc:nq, doc:old ;
    cchc:citationType cchc:implements ; cchc:resolutionStatus "ambiguous" ;
    cchc:sourceDocument doc:plan ; cchc:charStart 80 ; cchc:charEnd 80 ; cchc:sentence "Thực hiện …" .
ex:sonv a org:Organization ; skos:prefLabel "Sở Nội vụ"@vi ; cchc:agencyKind "so-noi-vu" .
ex:target a cchc:Target ; cchc:metric "hồ sơ được giải quyết trực tuyến" ; cchc:value 50.0 ;
    cchc:unit "%" ; cchc:comparator ">=" ; cchc:targetYear 2025 ;
    cchc:reformArea <https://w3id.org/cchc/concept/area/tthc> ;
    cchc:sourceDocument doc:plan ; cchc:charStart 100 ; cchc:charEnd 150 ; cchc:sentence "…" .
ex:ntarget a cchc:Target ; cchc:metric "hồ sơ trực tuyến" ; cchc:comparator ">=" ; cchc:sourceDocument doc:nq ;
    cchc:nationalTargetId "B05" .
ex:resp a cchc:Responsibility ; cchc:agent ex:sonv ; cchc:role <https://w3id.org/cchc/concept/role/lead> ;
    cchc:forTarget ex:target ; cchc:sourceDocument doc:plan ; cchc:charStart 200 ; cchc:charEnd 210 ; cchc:sentence "…" .
ex:align a cchc:Alignment ; cchc:localTarget ex:target ; cchc:nationalTarget ex:ntarget ; cchc:score 0.8 .
"""

EX = Namespace("https://example.org/")
DOC = Namespace("https://w3id.org/cchc/id/doc/")
PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")


def _validate(data: Graph, shapes: Graph) -> tuple[bool, set[URIRef]]:
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    hit = set(results.objects(None, SH.resultPath)) | set(results.objects(None, SH.sourceConstraintComponent))
    return conforms, hit


def test_good_graph_conforms(shapes: Graph) -> None:
    conforms, hit = _validate(Graph().parse(data=GOOD, format="turtle"), shapes)
    assert conforms, hit


# (case, triples removed as (s, p), triples added, expected path or constraint component)
VIOLATIONS = [
    ("no docKey", [(DOC.plan, CCHC.docKey)], [], CCHC.docKey),
    ("two docKeys", [], [(DOC.plan, CCHC.docKey, Literal("kh/2022/13/ubnd-huyen-an-phu"))], CCHC.docKey),
    ("bad docKey", [(DOC.nq, CCHC.docKey)], [(DOC.nq, CCHC.docKey, Literal("76/NQ-CP"))], CCHC.docKey),
    ("date as string", [(DOC.plan, ELI.date_document)], [(DOC.plan, ELI.date_document, Literal("2022-03-01"))], ELI.date_document),
    ("two dates", [], [(DOC.plan, ELI.date_document, Literal("2022-03-02", datatype=XSD.date))], ELI.date_document),
    ("year as string", [(DOC.plan, CCHC.year)], [(DOC.plan, CCHC.year, Literal("2022"))], CCHC.year),
    ("unknown doctype", [], [(DOC.nq, ELI.type_document, concept("doctype", "xyz"))], ELI.type_document),
    ("bad origin", [(DOC.nq, CCHC.origin)], [(DOC.nq, CCHC.origin, Literal("guess"))], CCHC.origin),
    ("loaded without source file", [(DOC.plan, PROV.wasDerivedFrom)], [], SH.OrConstraintComponent),
    ("bad sha256", [(EX.file, CCHC.sha256)], [(EX.file, CCHC.sha256, Literal("ABC"))], CCHC.sha256),
    ("file without path", [(EX.file, CCHC.path)], [], CCHC.path),
    ("start after end", [(EX.cit, CCHC.charStart)], [(EX.cit, CCHC.charStart, Literal(99))], CCHC.charStart),
    ("negative start", [(EX.cit, CCHC.charStart)], [(EX.cit, CCHC.charStart, Literal(-1))], CCHC.charStart),
    ("no sentence", [(EX.cit, CCHC.sentence)], [], CCHC.sentence),
    ("no citing document", [(EX.cit, CCHC.citingDocument)], [], CCHC.citingDocument),
    ("resolved without cited", [(EX.cit, CCHC.citedDocument)], [], SH.OrConstraintComponent),
    ("ambiguous with cited", [], [(EX.amb, CCHC.citedDocument, DOC.nq)], SH.OrConstraintComponent),
    ("bad citation type", [(EX.cit, CCHC.citationType)], [(EX.cit, CCHC.citationType, CCHC.agent)], CCHC.citationType),
    ("bad status", [(EX.cit, CCHC.resolutionStatus)], [(EX.cit, CCHC.resolutionStatus, Literal("maybe"))], CCHC.resolutionStatus),
    ("target without comparator", [(EX.target, CCHC.comparator)], [], CCHC.comparator),
    ("target without metric", [(EX.ntarget, CCHC.metric)], [], CCHC.metric),
    ("target without source", [(EX.ntarget, CCHC.sourceDocument)], [], CCHC.sourceDocument),
    ("target area outside scheme", [], [(EX.target, CCHC.reformArea, concept("area", "sports"))], CCHC.reformArea),
    ("two agents", [], [(EX.resp, CCHC.agent, EX.other)], CCHC.agent),
    ("agent not an organisation", [(EX.resp, CCHC.agent)], [(EX.resp, CCHC.agent, DOC.plan)], CCHC.agent),
    ("role outside scheme", [(EX.resp, CCHC.role)], [(EX.resp, CCHC.role, concept("level", "province"))], CCHC.role),
    ("score above one", [(EX.align, CCHC.score)], [(EX.align, CCHC.score, Literal(1.5))], CCHC.score),
    ("no national target", [(EX.align, CCHC.nationalTarget)], [], CCHC.nationalTarget),
    ("validity without confidence", [(DOC.nq, CCHC.confidence)], [], CCHC.confidence),
    ("validity without source", [(DOC.old, CCHC.factSource)], [], CCHC.factSource),
    ("organisation without label", [(EX.sonv, SKOS.prefLabel)], [], SKOS.prefLabel),
]


@pytest.mark.parametrize(("case", "remove", "add", "expected"), VIOLATIONS, ids=[v[0] for v in VIOLATIONS])
def test_violations_are_reported(shapes: Graph, case: str, remove: list, add: list, expected: URIRef) -> None:
    g = Graph().parse(data=GOOD, format="turtle")
    g.add((EX.other, RDF.type, ORG.Organization))
    g.add((EX.other, SKOS.prefLabel, Literal("Sở Tư pháp", lang="vi")))
    for s, p in remove:
        assert (s, p, None) in g, case
        g.remove((s, p, None))
    for triple in add:
        g.add(triple)
    conforms, hit = _validate(g, shapes)
    assert not conforms, case
    assert expected in hit, (case, hit)
