"""SPARQL text of the embedded backend: constant queries and the builders of
the closure queries (which only join constant prefixed names).

Every value reaches a query through a pyoxigraph substitution, never through
string formatting; the only formatting here composes constants.

>>> "?root (cchc:implements|eli:based_on)* ?doc ." == _CLOSURE_DOC["out"] % _path(("based_on", "implements"))
True
"""

from __future__ import annotations

from cchc_kg.kg.store import CATALOG_GRAPH

__all__ = ["PREFIXES", "RELATION_IRIS", "IRI_RELATIONS"]

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
_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_DOC_KEY = _CCHC + "docKey"
_SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
_SKOS_NOTATION = "http://www.w3.org/2004/02/skos/core#notation"
#: fields the citing files may fill when the document's own source lacks them
_FILLABLE = ("type", "symbol", "number", "issuer", "jurisdiction", "level", "date", "year", "title")
#: every predicate a document dict is assembled from
_DOC_PREDICATES = (
    _CCHC + "origin", _CCHC + "docKey", _ELI + "type_document", _ELI + "number", _CCHC + "numeral",
    _ELI + "passed_by", _CCHC + "jurisdiction", _CCHC + "adminLevel", _ELI + "date_document", _CCHC + "year",
    _ELI + "title", "http://www.w3.org/ns/prov#wasDerivedFrom",
)
_FIELD_PREDICATES = {
    "type": (_ELI + "type_document",), "symbol": (_ELI + "number",), "number": (_CCHC + "numeral",),
    "issuer": (_ELI + "passed_by",), "jurisdiction": (_CCHC + "jurisdiction",), "level": (_CCHC + "adminLevel",),
    "date": (_ELI + "date_document",), "year": (_CCHC + "year",), "title": (_ELI + "title",),
}
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

def _evidence_block(node: str, pinpoint: bool) -> str:
    """The OPTIONAL evidence fields of fact node ``node`` (constant text)."""
    fields = [("cchc:sentence", "sentence"), ("cchc:charStart", "start"), ("cchc:charEnd", "end"), ("cchc:quote", "quote")]
    lines = [f"OPTIONAL {{ {node} {p} ?{v} }}" for p, v in fields]
    lines.append(f"OPTIONAL {{ {node} prov:wasDerivedFrom ?s . ?s cchc:path ?path }}")
    if pinpoint:
        lines.append(f"OPTIONAL {{ {node} cchc:pinpoint ?pin }}")
    lines += [f"OPTIONAL {{ {node} cchc:confidence ?conf }}", f"OPTIONAL {{ {node} cchc:factSource ?fsrc }}"]
    return "".join("\n    " + ln for ln in lines)


_CITATION_EVIDENCE = _evidence_block("?c", pinpoint=True)
_EDGE_SELECT = """SELECT ?doc ?p ?x ?c ?sentence ?start ?end ?quote ?path ?pin ?conf ?fsrc ?status WHERE {
  %s
  VALUES ?p { eli:based_on cchc:implements cchc:onProposalOf eli:cites eli:amends cchc:replaces eli:repeals cchc:guides cchc:promulgates cchc:follows }
  OPTIONAL {
    %s""" + _CITATION_EVIDENCE.replace("%", "%%") + """
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

# One query for the edges of every document reached from a bound root over
# the lineage relations (the whole upward tree of ``bases``, or everything
# citing a document transitively), instead of one query per document.
# The path is made of constant prefixed names chosen from RELATION_IRIS.
# The path starts the query (never inside a sub-select: pyoxigraph substitutes
# ?root in the outer pattern only, and a sub-select computed the closure of
# every document, which hung at 100k).
_CLOSURE_DOC = {"out": "?root %s* ?doc .", "in": "?doc %s* ?root ."}


def _names(relations: tuple[str, ...]) -> list[str]:
    return sorted({_PREFIXED[r] for r in relations if r in _PREFIXED})


def _path(relations: tuple[str, ...]) -> str:
    return "(" + "|".join(_names(relations)) + ")"


_PREFIXED = {
    name: ("eli:" + iri[len(_ELI):]) if iri.startswith(_ELI) else ("cchc:" + iri[len(_CCHC):])
    for name, iri in RELATION_IRIS.items()
}


def _relation_values(relations: tuple[str, ...]) -> str:
    """``VALUES ?p { … }`` of the wanted relations only (constant prefixed names)."""
    return "VALUES ?p { " + " ".join(_names(relations)) + " }"


def _closure_edges_query(direction: str, relations: tuple[str, ...]) -> str:
    # LATERAL makes pyoxigraph evaluate the right side once per reached
    # document; as a plain join its planner started from the other end
    # (1.2 s at 1k documents instead of milliseconds). The evidence of each
    # citation ?c is read afterwards from the indexes (cchc_kg.queries.index_reads):
    # eight OPTIONAL joins per citation were most of the cost at 100k.
    reach = _CLOSURE_DOC[direction] % _path(relations)
    if direction == "out":
        hop = "?doc ?p ?x"
        cite = "?c cchc:citingDocument ?doc ; cchc:citedDocument ?x ; cchc:citationType ?p ."
    else:
        hop = "?x ?p ?doc"
        # both ends are bound here; start from the citing one (?x, a few
        # citations each): from the cited end every row re-read all the
        # citations of a much-cited document (everything citing NQ 76 at
        # 10k documents ran for more than 10 minutes)
        cite = "?c cchc:citingDocument ?x ; cchc:citedDocument ?doc ; cchc:citationType ?p ."
    return PREFIXES + """SELECT ?root ?doc ?p ?x ?c WHERE {
  %s
  LATERAL { SELECT DISTINCT ?doc ?p ?x WHERE { %s %s . } }
  LATERAL { OPTIONAL { %s } }
}""" % (reach, _relation_values(relations), hop, cite)


_EVIDENCE = _evidence_block("?n", pinpoint=False)
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
# National targets: typed cchc:NationalTarget when built (catalog targets and
# targets of national-level documents), so no scan over every document.
_TARGETS_NATIONAL = PREFIXES + "SELECT ?doc " + _TARGET_VARS + """ WHERE {
  ?n a cchc:NationalTarget .""" + _TARGET_BODY + "}"
# Alignments, with the bound end first (pyoxigraph keeps the written order).
_ALIGN_TAIL = """
  ?a cchc:score ?score ; cchc:comparison ?comparison .
  OPTIONAL { GRAPH <%s> { ?national cchc:nationalTargetId ?nid } }
  BIND(COALESCE(?nid, REPLACE(STR(?national), "^.*/", "")) AS ?national_id)
  OPTIONAL { ?a cchc:explanation ?explanation }
}""" % CATALOG_GRAPH
_ALIGN_VARS = "SELECT ?local ?national ?national_id ?doc ?score ?comparison ?explanation WHERE {"
_ALIGNMENTS = PREFIXES + _ALIGN_VARS + """
  ?a a cchc:Alignment ; cchc:localTarget ?local ; cchc:nationalTarget ?national .
  ?doc cchc:hasTarget ?local .""" + _ALIGN_TAIL
_ALIGNMENTS_TO = PREFIXES + _ALIGN_VARS + """
  ?a cchc:nationalTarget ?national ; cchc:localTarget ?local .
  ?doc cchc:hasTarget ?local .""" + _ALIGN_TAIL
_ALIGNMENTS_IN = PREFIXES + _ALIGN_VARS + """
  ?doc cchc:hasTarget ?local . ?a cchc:localTarget ?local ; cchc:nationalTarget ?national .""" + _ALIGN_TAIL
# Agency names, kinds and jurisdiction labels are repeated in every file that
# names the agency; joining them here multiplied the rows by that fan-in (the
# query did not finish at 100k documents). They are looked up once per agency.
_RESP_BODY = """
  ?doc cchc:hasResponsibility ?n . ?n cchc:agent ?agency ; cchc:role ?role .
  OPTIONAL { ?n cchc:reformArea ?area }
  OPTIONAL { ?n cchc:forTask ?t . ?t rdfs:label ?task_label }
  OPTIONAL { ?n rdfs:label ?own_label }
  OPTIONAL { ?n cchc:forTarget ?target }
  OPTIONAL { ?n cchc:orderIndex ?index }""" + _EVIDENCE
_RESP_VARS = "?n ?agency ?role ?area ?task_label ?own_label ?target ?index ?sentence ?start ?end ?quote ?path ?conf ?fsrc"
_AGENCY = PREFIXES + """SELECT DISTINCT ?agency ?name ?kind ?jl ?group WHERE {
  OPTIONAL { ?agency skos:prefLabel ?name }
  OPTIONAL { ?agency cchc:agencyKind ?kind }
  OPTIONAL { ?agency cchc:jurisdiction ?j . ?j skos:prefLabel ?jl }
  OPTIONAL { ?agency cchc:isGroup ?group }
}"""
_RESPS = PREFIXES + "SELECT ?doc " + _RESP_VARS + " WHERE {" + _RESP_BODY + "}"
