"""The Bolt backend: parameterised Cypher over a pushed property graph.

Implements :class:`cchc_kg.queries.backend.Backend` against the graph written by
``cchc_kg.kg.neo4j_writer.push`` (model: ``docs/property-graph.md``). It returns
exactly the dicts of :class:`cchc_kg.queries.embedded.EmbeddedBackend`; the
record-assembly helpers below are shared with :mod:`cchc_kg.queries.nx`.

>>> doc_from_props({"iri": "urn:d", "key": "k", "year": 2022})["year"]
2022
"""

from __future__ import annotations

from typing import Any, Protocol

from cchc_kg.kg.build import RELATION_PREDICATES
from cchc_kg.kg.errors import DocumentNotFound
from cchc_kg.queries import validity_pg as vpg
from cchc_kg.queries.backend import DOC_FIELDS, empty_document, generic_closure, sort_edges
from cchc_kg.queries.validity_facts import CHANGE_RELATIONS, ChangeFact

__all__ = [
    "CypherBackend",
    "Runner",
    "REL_TYPES",
    "doc_from_props",
    "evidence_from_props",
    "target_from_props",
    "responsibility_from_props",
    "alignment_from_props",
    "sort_edges",  # re-exported from cchc_kg.queries.backend
    "described",
]

#: backend relation name → relationship type (``based_on`` → ``BASED_ON``)
REL_TYPES = {name: name.upper() for name in RELATION_PREDICATES}
_TYPE_RELS = {v: k for k, v in REL_TYPES.items()}


class Runner(Protocol):
    """Anything that runs one parameterised statement (``cchc_kg.kg.neo4j_writer.Connection``)."""

    def run(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...


# -- shared assembly (Cypher rows and networkx attributes) ------------------------
def described(props: dict[str, Any], out_degree: int) -> bool:
    """Whether a node was the subject of any RDF triple (else ``document()`` raises)."""
    return out_degree > 0 or any(k != "iri" for k in props)


def doc_from_props(p: dict[str, Any]) -> dict[str, Any]:
    """A document dict (``DOC_FIELDS``) from node properties."""
    d = empty_document(p["iri"])
    for f in DOC_FIELDS[1:]:
        d[f] = p.get(f)
    return d


def evidence_from_props(p: dict[str, Any], *, pinpoint: bool = False) -> dict[str, Any]:
    """An evidence dict from a fact node's properties."""
    return {
        "sentence": p.get("sentence"), "start": p.get("start"), "end": p.get("end"), "quote": p.get("quote"),
        "source_path": p.get("source_path"), "pinpoint": p.get("pinpoint") if pinpoint else None,
        "confidence": p.get("confidence"), "fact_source": p.get("fact_source"),
    }


def target_from_props(doc: str, p: dict[str, Any]) -> dict[str, Any]:
    """A target dict (``TARGET_FIELDS``)."""
    return {
        "iri": p["iri"], "document": doc, "metric": p.get("metric"), "value": p.get("value"),
        "value_text": p.get("value_text"), "unit": p.get("unit"), "comparator": p.get("comparator"),
        "year": p.get("target_year"), "level": p.get("level"), "area": p.get("area"),
        "baseline": p.get("baseline"), "group": p.get("group"), "index": p.get("index"),
        "national_id": p.get("national_id"), "evidence": evidence_from_props(p),
    }


def responsibility_from_props(doc: str, p: dict[str, Any], agency: dict[str, Any], target: str | None) -> dict[str, Any]:
    """A responsibility dict; ``agency`` holds the agency node's properties."""
    return {
        "iri": p["iri"], "document": doc,
        "agency": {
            "iri": agency["iri"], "name": agency.get("name"), "kind": agency.get("kind"),
            "jurisdiction": agency.get("jurisdiction"), "is_group": bool(agency.get("is_group")),
        },
        "role": p.get("role"), "area": p.get("area"), "task": p.get("task"), "target": target,
        "index": p.get("index"), "evidence": evidence_from_props(p),
    }


def alignment_from_props(a: dict[str, Any], local: str, national: dict[str, Any], doc: str) -> dict[str, Any]:
    """An alignment dict (national_id falls back to the last IRI segment)."""
    return {
        "local": local, "national": national["iri"],
        "national_id": national.get("national_id") or national["iri"].rsplit("/", 1)[-1],
        "document": doc, "score": a.get("score"), "comparison": a.get("comparison"), "explanation": a.get("explanation"),
    }


def _index_key(x: dict[str, Any]) -> tuple[str, int, str]:
    return (x["document"], x["index"] if x["index"] is not None else -1, x["iri"])


def add_edge(edges: dict[tuple[str, str, str], dict[str, Any]], rel: str, src: str, dst: str, citation: dict[str, Any] | None) -> None:
    """Record one edge and (if it qualifies it) one citation's evidence."""
    e = edges.setdefault((rel, src, dst), {"source": src, "target": dst, "relation": rel, "evidence": []})
    if citation is not None and citation.get("relation") == rel:
        ev = evidence_from_props(citation, pinpoint=True)
        if ev not in e["evidence"]:
            e["evidence"].append(ev)


# -- the statements (constant text; every value is a parameter) ---------------------
_DOC = "MATCH (d:Resource {iri: $iri}) OPTIONAL MATCH (d)-[r]->() RETURN properties(d) AS p, count(r) AS out"
_DOCS = "MATCH (d:Document) WHERE d.key IS NOT NULL RETURN properties(d) AS p"
_NUMERAL = "MATCH (d:Resource) WHERE $v IN d.numeral_keys RETURN d.iri AS iri"
_LAW = "MATCH (d:Resource) WHERE $v IN d.law_name_keys RETURN d.iri AS iri"
_OUT = (
    "MATCH (d:Resource {iri: $iri})-[r]->(x:Resource) WHERE type(r) IN $types "
    "OPTIONAL MATCH (d)<-[:CITING]-(c:Citation)-[:CITED]->(x) "
    "RETURN type(r) AS t, x.iri AS other, properties(c) AS c"
)
_IN = (
    "MATCH (d:Resource {iri: $iri})<-[r]-(x:Resource) WHERE type(r) IN $types "
    "OPTIONAL MATCH (x)<-[:CITING]-(c:Citation)-[:CITED]->(d) "
    "RETURN type(r) AS t, x.iri AS other, properties(c) AS c"
)
_TARGETS = "MATCH (d:Resource)-[:HAS_TARGET]->(t:Target) RETURN d.iri AS doc, properties(t) AS p"
_TARGETS_NATIONAL = (
    "MATCH (d:Resource)-[:HAS_TARGET]->(t:NationalTarget) RETURN d.iri AS doc, properties(t) AS p"
)
_TARGETS_OF = "MATCH (d:Resource {iri: $iri})-[:HAS_TARGET]->(t:Target) RETURN d.iri AS doc, properties(t) AS p"
_ALIGNMENTS = (
    "MATCH (a:Alignment)-[:LOCAL_TARGET]->(l:Resource), (a)-[:NATIONAL_TARGET]->(n:Resource), "
    "(d:Resource)-[:HAS_TARGET]->(l) "
    "RETURN properties(a) AS a, l.iri AS local, properties(n) AS n, d.iri AS doc"
)
_ALIGNMENTS_TO = (
    "MATCH (n:Resource {iri: $national})<-[:NATIONAL_TARGET]-(a:Alignment)-[:LOCAL_TARGET]->(l:Resource), "
    "(d:Resource)-[:HAS_TARGET]->(l) "
    "RETURN properties(a) AS a, l.iri AS local, properties(n) AS n, d.iri AS doc"
)
_ALIGNMENTS_IN = (
    "MATCH (d:Resource {iri: $doc})-[:HAS_TARGET]->(l:Resource)<-[:LOCAL_TARGET]-(a:Alignment)-[:NATIONAL_TARGET]->(n:Resource) "
    "RETURN properties(a) AS a, l.iri AS local, properties(n) AS n, d.iri AS doc"
)
_RESP_TAIL = (
    "-[:HAS_RESPONSIBILITY]->(n:Responsibility)-[:AGENT]->(a:Resource) "
    "OPTIONAL MATCH (n)-[:FOR_TARGET]->(t:Resource) "
    "RETURN d.iri AS doc, properties(n) AS p, properties(a) AS a, t.iri AS target"
)
_RESPS = "MATCH (d:Resource)" + _RESP_TAIL
_RESPS_OF = "MATCH (d:Resource {iri: $iri})" + _RESP_TAIL


class CypherBackend:
    """Backend primitives over a Bolt connection (``cchc_kg.kg.neo4j_writer.connect``)."""

    name = "neo4j"

    def __init__(self, conn: Runner) -> None:
        self.conn = conn

    def document(self, iri: str) -> dict[str, Any]:
        rows = self.conn.run(_DOC, {"iri": iri})
        if not rows or rows[0]["p"] is None or not described(rows[0]["p"], int(rows[0]["out"] or 0)):
            raise DocumentNotFound(f"no document {iri}")
        return doc_from_props(rows[0]["p"])

    def documents(self, *, loaded_only: bool = False) -> list[dict[str, Any]]:
        docs = sorted((doc_from_props(r["p"]) for r in self.conn.run(_DOCS)), key=lambda d: d["iri"])
        return [d for d in docs if d["source"]] if loaded_only else docs

    def find_by_numeral(self, number: str) -> list[str]:
        """IRIs of documents whose numeral equals ``number`` (case-insensitive)."""
        return sorted({r["iri"] for r in self.conn.run(_NUMERAL, {"v": number.lower()})})

    def find_by_law_name(self, name: str) -> list[str]:
        """IRIs of laws whose name equals ``name`` (case-insensitive)."""
        return sorted({r["iri"] for r in self.conn.run(_LAW, {"v": name.lower()})})

    def edges(self, iri: str, direction: str, relations: tuple[str, ...]) -> list[dict[str, Any]]:
        types = sorted({REL_TYPES[r] for r in relations if r in REL_TYPES})
        rows = self.conn.run(_OUT if direction == "out" else _IN, {"iri": iri, "types": types})
        edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        for r in rows:
            rel = _TYPE_RELS[r["t"]]
            src, dst = (iri, r["other"]) if direction == "out" else (r["other"], iri)
            add_edge(edges, rel, src, dst, r["c"])
        return sort_edges(edges, direction)

    def closure(
        self, iri: str, direction: str, relations: tuple[str, ...]
    ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, dict[str, Any]]]:
        """Everything reached from ``iri`` (``cchc_kg.queries.backend.generic_closure``)."""
        return generic_closure(self, iri, direction, relations)

    def targets(self, iri: str | None = None, *, national: bool = False) -> list[dict[str, Any]]:
        if iri:
            rows = self.conn.run(_TARGETS_OF, {"iri": iri})
        else:
            rows = self.conn.run(_TARGETS_NATIONAL if national else _TARGETS)
        out: dict[str, dict[str, Any]] = {}
        for r in sorted(rows, key=lambda r: (r["doc"], r["p"]["iri"])):
            p = r["p"]
            if p["iri"] in out or p.get("metric") is None or p.get("comparator") is None:
                continue
            out[p["iri"]] = target_from_props(r["doc"], p)
        return sorted(out.values(), key=_index_key)

    def alignments(self, *, national: str | None = None, document: str | None = None) -> list[dict[str, Any]]:
        if national is not None:
            rows = [r for r in self.conn.run(_ALIGNMENTS_TO, {"national": national}) if document is None or r["doc"] == document]
        elif document is not None:
            rows = self.conn.run(_ALIGNMENTS_IN, {"doc": document})
        else:
            rows = self.conn.run(_ALIGNMENTS)
        out: dict[tuple[str, str], dict[str, Any]] = {}
        for r in rows:
            if r["a"].get("score") is None or r["a"].get("comparison") is None:
                continue
            a = alignment_from_props(r["a"], r["local"], r["n"], r["doc"])
            out[(a["local"], a["national"])] = a
        return sorted(out.values(), key=lambda a: (a["national_id"] or "", a["document"], a["local"]))

    def responsibilities(self, iri: str | None = None) -> list[dict[str, Any]]:
        rows = self.conn.run(_RESPS_OF, {"iri": iri}) if iri else self.conn.run(_RESPS)
        out: dict[str, dict[str, Any]] = {}
        for r in sorted(rows, key=lambda r: (r["doc"], r["p"]["iri"], r["target"] or "")):
            p = r["p"]
            if p["iri"] in out or p.get("role") is None:
                continue
            out[p["iri"]] = responsibility_from_props(r["doc"], p, r["a"], r["target"])
        return sorted(out.values(), key=_index_key)

    # -- validity (cchc_kg.queries.validity_pg: the same facts as the embedded store) --------
    def _props(self, iri: str) -> dict[str, Any] | None:
        rows = self.conn.run(vpg.DOC_FACTS, {"iri": iri})
        return rows[0]["p"] if rows else None

    def document_facts(self, iri: str) -> dict[str, Any]:
        """Validity facts of one document (:func:`cchc_kg.queries.validity_pg.doc_facts_from_props`)."""
        facts = vpg.doc_facts_from_props(self._props(iri))
        rows = self.conn.run(vpg.EFFECTIVE_CLAUSES, {"iri": iri})
        return vpg.with_effective(facts, vpg.effective_clauses((r["c"], r["path"]) for r in rows))

    def change_facts(self, target: str | None = None) -> list[ChangeFact]:
        """Every replaces/repeals/amends fact, or those into ``target`` (two statements)."""
        rels = list(CHANGE_RELATIONS)
        if target is None:
            rows = self.conn.run(vpg.CHANGES, {"relations": rels})
        else:
            rows = self.conn.run(vpg.CHANGES_INTO, {"iri": target, "relations": rels})
        files = sorted({r["file"] for r in rows if r["file"] and r["stated_in"]})
        if target is None:
            pinned = self.conn.run(vpg.PINNED_ALL) if files else []
        else:  # short requests: a long parameter list crashes FalkorDB's Bolt listener
            n = vpg.FILES_PER_REQUEST
            pinned = [p for i in range(0, len(files), n) for p in self.conn.run(vpg.PINNED, {"files": files[i:i + n]})]
        return vpg.change_facts_from_rows(rows, pinned)

    def stated_ended(self) -> list[str]:
        """Documents with a stated end date or ``in_force`` false."""
        return vpg.stated_ended(r["p"] for r in self.conn.run(vpg.STATED_ENDED))

    def law_names(self) -> list[tuple[str, str]]:
        """``(iri, name)`` of every law name."""
        return vpg.law_names_from_props(r["p"] for r in self.conn.run(vpg.LAW_NAMES))

    def document_validity(self, iri: str) -> dict[str, Any]:
        return vpg.document_validity(self.document_facts(iri))

    def successor_edges(self, iri: str) -> list[dict[str, Any]]:
        return vpg.successor_edges(self.change_facts(iri))

    def open_citations(self, iri: str) -> list[dict[str, Any]]:
        by: dict[str, tuple[dict[str, Any], set[str]]] = {}
        for r in self.conn.run(vpg.OPEN_CITATIONS, {"iri": iri}):
            _, cands = by.setdefault(r["c"]["iri"], (r["c"], set()))
            if r["candidate"]:
                cands.add(r["candidate"])
        return vpg.open_citations_sorted(vpg.open_citation_from_props(p, c) for p, c in by.values())

    def change_events_from(self, org_iri: str) -> list[dict[str, Any]]:
        return vpg.events_from_rows(self.conn.run(vpg.EVENTS_FROM, {"org": org_iri}))

    def organisation(self, org_iri: str) -> dict[str, Any]:
        return vpg.organisation_from_props(org_iri, self._props(org_iri))
