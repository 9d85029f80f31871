"""Validity primitives over the property graph: pure assembly functions and their Cypher.

The embedded store reads validity facts from its indexes
(:mod:`cchc_kg.queries.validity_facts`); a Bolt server
(:class:`cchc_kg.queries.cypher.CypherBackend`) and a networkx projection
(:class:`cchc_kg.queries.nx.NetworkxBackend`) read the same facts from the
property graph of :mod:`cchc_kg.kg.pgmodel` and assemble them here, so
``show``, ``bases --as-of`` and ``check`` answer the same on all three.

A backend offering these methods is a *validity source*
(:class:`ValiditySource`): :meth:`ValidityFacts.from_source
<cchc_kg.queries.validity_facts.ValidityFacts.from_source>` uses them, and
:func:`cchc_kg.queries.validity_sparql.primitives` returns the backend itself
(it also answers the five SPARQL-shaped primitives, through
:func:`document_validity` / :func:`successor_edges` and the row functions).

Row shapes (Cypher ``RETURN`` columns; the networkx backend builds the same):

* change row — ``c`` (properties of a ``Citation`` whose ``relation`` is
  replaces / repeals / amends), ``successor`` (its ``CITING`` end), ``target``
  (``CITED``), ``stated_in`` (``SOURCE_DOCUMENT`` or None), ``file``
  (``DERIVED_FROM`` source file or None);
* pinned row — ``file``, ``end`` (and ``ends``: every end when a reference
  repeated in one file is one node with several spans), ``citing``, ``iri``
  of a reference with a pinpoint (an article, clause or point): the
  partial-change test of ``docs/validity.md``.

>>> rows = [{"c": {"iri": "urn:c", "relation": "replaces", "start": 3, "end": 9, "source_path": "a.txt",
...                "quote": "q", "sentence": "s"}, "successor": "urn:n", "target": "urn:o", "stated_in": "urn:n",
...          "file": "urn:f"}]
>>> f = change_facts_from_rows(rows, [])[0]
>>> (f.successor, f.relation, f.target, f.confidence, f.self_stated, f.partial, f.fact_source)
('urn:n', 'replaces', 'urn:o', 'S', True, False, 'a.txt [3:9]')
>>> change_facts_from_rows(rows, [{"file": "urn:f", "end": 9, "citing": "urn:n", "iri": "urn:r"}])[0].partial
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

from cchc_kg.kg.ids import slug
from cchc_kg.queries.validity_facts import CHANGE_RELATIONS, CORPUS_CONFIDENCE, ChangeFact, fact_order

__all__ = [
    "ValiditySource",
    "VALIDITY_METHODS",
    "doc_facts_from_props",
    "effective_clauses",
    "with_effective",
    "EFFECTIVE_CLAUSES",
    "stated_ended",
    "change_facts_from_rows",
    "document_validity",
    "successor_edges",
    "open_citation_from_props",
    "events_from_rows",
    "organisation_from_props",
    "law_names_from_props",
    "DOC_FACTS",
    "CHANGES",
    "CHANGES_INTO",
    "PINNED",
    "PINNED_ALL",
    "FILES_PER_REQUEST",
    "STATED_ENDED",
    "OPEN_CITATIONS",
    "EVENTS_FROM",
    "ORGANISATION",
    "LAW_NAMES",
]

#: the methods that make a backend a validity source
VALIDITY_METHODS = ("document_facts", "change_facts", "stated_ended", "law_names")


@runtime_checkable
class ValiditySource(Protocol):
    """What :class:`~cchc_kg.queries.validity_facts.ValidityFacts` reads from a property-graph backend."""

    def document_facts(self, iri: str) -> dict[str, Any]:
        """``in_force``, ``effective``, ``end``, ``date``, ``year``, ``confidence``, ``fact_source``, ``catalogued``, ``type``."""

    def change_facts(self, target: str | None = None) -> list[ChangeFact]:
        """Every change fact, or those whose target is ``target``."""

    def stated_ended(self) -> list[str]:
        """Documents with a stated end date or ``in_force`` false."""

    def law_names(self) -> list[tuple[str, str]]:
        """``(iri, law name)`` of every named law, each spelling once."""


# -- documents -------------------------------------------------------------------------
def _values(p: Mapping[str, Any], name: str) -> list[Any]:
    """Every distinct value of a property (``<name>_values`` when the graphs disagree)."""
    vals = p.get(name + "_values")
    if vals:
        return list(vals)
    return [] if p.get(name) is None else [p[name]]


def _first(vals: Iterable[Any]) -> Any:
    vs = sorted({v for v in vals if v is not None}, key=str)
    return vs[0] if vs else None


def doc_facts_from_props(p: Mapping[str, Any] | None) -> dict[str, Any]:
    """The validity document facts of a node (as ``validity_facts`` reads them from the store's indexes).

    Several values (catalog, loaded file, citing files): the first by text, as
    the embedded store; ``in_force`` is unknown when they disagree.

    >>> d = doc_facts_from_props({"iri": "d", "in_force_values": [False, True], "in_force": True, "type": "NĐ",
    ...                           "date_values": ["2020-02-01", "2019-05-01"], "catalogued": True})
    >>> d["in_force"], d["date"], d["type"], d["catalogued"]
    (None, '2019-05-01', 'nd', True)
    """
    p = p or {}
    forces = {bool(x) for x in _values(p, "in_force")}
    types = {str(x) for x in _values(p, "type")} if p.get("type_values") else {slug(str(p["type"]))} if p.get("type") else set()
    return {
        "in_force": None if len(forces) != 1 else next(iter(forces)),
        "effective": _first(_values(p, "effective")),
        "end": _first(_values(p, "end_date")),
        "date": _first(_values(p, "date")),
        "year": _first(_values(p, "year")),
        "confidence": _first(_values(p, "confidence")),
        "fact_source": _first(_values(p, "fact_source")),
        "catalogued": bool(p.get("catalogued")),
        "type": next(iter(types)) if len(types) == 1 else None,
    }


def stated_ended(props: Iterable[Mapping[str, Any]]) -> list[str]:
    """IRIs of nodes with a stated end date or an ``in_force`` false (sorted).

    >>> stated_ended([{"iri": "a", "end_date": "2020-01-01"}, {"iri": "b", "in_force": True}, {"iri": "c", "in_force": False}])
    ['a', 'c']
    """
    return sorted({p["iri"] for p in props if _values(p, "end_date") or False in [bool(x) for x in _values(p, "in_force")]})


# -- change facts ----------------------------------------------------------------------
def change_facts_from_rows(rows: Iterable[Mapping[str, Any]], pinned: Iterable[Mapping[str, Any]]) -> list[ChangeFact]:
    """Change facts from change rows; a corpus fact is partial when a pinned reference shares its file, end and stating document.

    Same facts, same order as the embedded store's
    (:func:`cchc_kg.queries.validity_facts.ValidityFacts.from_source`).
    """
    pins: dict[tuple[str, Any, str], set[str]] = {}
    for r in pinned:
        for end in r.get("ends") or [r["end"]]:
            pins.setdefault((r["file"], end, r["citing"]), set()).add(r["iri"])
    seen: set[tuple[str, str, str]] = set()
    out: list[ChangeFact] = []
    for r in rows:
        c = r["c"]
        succ, obj, rel = r["successor"], r["target"], c.get("relation")
        if rel not in CHANGE_RELATIONS or not succ or not obj or succ == obj or str(c["iri"]).startswith("_:"):
            continue
        if (c["iri"], succ, obj) in seen:
            continue
        seen.add((c["iri"], succ, obj))
        if c.get("catalogued"):
            out.append(ChangeFact(succ, rel, obj, c.get("date"), c.get("confidence"), c.get("fact_source"), "catalog",
                                  False, False, None, None, None, None, None, None))
            continue
        where = r.get("stated_in")
        start, end, path = c.get("start"), c.get("end"), c.get("source_path")
        partial = bool(where and r.get("file")
                       and any(pins.get((r["file"], e, where), set()) - {c["iri"]} for e in _values(c, "end")))
        self_stated = where == succ
        out.append(ChangeFact(
            succ, rel, obj, None, CORPUS_CONFIDENCE["self" if self_stated else "reported"], f"{path} [{start}:{end}]",
            "corpus", self_stated, partial, where, path, start, end, c.get("quote"), c.get("sentence"),
        ))
    out.sort(key=fact_order)
    return out


def document_validity(facts: Mapping[str, Any]) -> dict[str, Any]:
    """The ``document_validity`` primitive (:mod:`cchc_kg.queries.validity_sparql`) from document facts."""
    return {k: facts.get(k) for k in ("in_force", "effective", "end", "date", "year", "confidence", "fact_source",
                                      "effective_source", "effective_evidence")}


def effective_clauses(rows: Iterable[tuple[Mapping[str, Any], str | None]]) -> list[dict[str, Any]]:
    """A document's entry-into-force clauses from (clause node properties, source path) pairs,
    in the shape :func:`cchc_kg.queries.validity_sparql.merge_effective` reads.

    >>> effective_clauses([({"effective_date": "2024-02-15", "effective_basis": "stated", "start": 5, "end": 9,
    ...                      "sentence": "s", "quote": "q"}, "a.txt")])[0]["date"]
    '2024-02-15'
    """
    out = []
    for p, path in rows:
        date = _first(_values(p, "effective_date"))
        out.append({"date": str(date) if date is not None else None, "basis": _first(_values(p, "effective_basis")),
                    "source_path": path, "start": p.get("start"), "end": p.get("end"),
                    "sentence": p.get("sentence"), "quote": p.get("quote")})
    return out


def with_effective(facts: dict[str, Any], clauses: list[dict[str, Any]]) -> dict[str, Any]:
    """Document facts with ``effective`` / ``effective_source`` / ``effective_evidence`` set by the
    precedence of ``docs/validity.md`` (the catalog's date, else the document's own clause)."""
    from cchc_kg.queries.validity_sparql import merge_effective

    return merge_effective(facts, clauses)


def successor_edges(changes: Iterable[ChangeFact]) -> list[dict[str, Any]]:
    """The ``successor_edges`` primitive from the change facts into one document (one row per relation and successor)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for f in changes:
        e = out.setdefault((f.relation, f.successor), {
            "successor": f.successor, "relation": f.relation, "date": None, "confidence": None, "fact_source": None,
            "quote": None, "sentence": None, "source_path": None,
        })
        for k, v in (("date", f.date), ("confidence", f.confidence), ("fact_source", f.fact_source), ("quote", f.quote),
                     ("sentence", f.sentence), ("source_path", f.source_path)):
            if e[k] is None and v is not None:
                e[k] = v
    return sorted(out.values(), key=lambda e: (e["relation"], e["date"] or "", e["successor"]))


# -- citations, organisations, law names -----------------------------------------------
def open_citation_from_props(p: Mapping[str, Any], candidates: Iterable[str]) -> dict[str, Any]:
    """An ``open_citations`` row from an ambiguous/unresolved citation node and its candidates."""
    return {
        "citation": p["iri"], "status": p.get("status"), "relation": p.get("relation") or p.get("relation_predicate"),
        "candidates": sorted(set(candidates)), "quote": p.get("quote"), "sentence": p.get("sentence"),
        "start": p.get("start"), "end": p.get("end"), "source_path": p.get("source_path"), "pinpoint": p.get("pinpoint"),
    }


def open_citations_sorted(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """``open_citations`` order: source file, start, citation IRI."""
    return sorted(rows, key=lambda c: (c["source_path"] or "", c["start"] if c["start"] is not None else -1, c["citation"]))


def events_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``change_events_from`` rows: ``e`` (event properties), ``original``, ``resulting``, ``used``, ``coverage`` (IRIs or None)."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        p = r["e"]
        if p.get("event_date") is None:
            continue
        e = out.setdefault(p["iri"], {
            "event": p["iri"], "id": p.get("identifier"), "type": p.get("change_type"), "date": p.get("event_date"),
            "confidence": p.get("confidence"), "fact_source": p.get("fact_source"), "originals": set(), "resulting": set(),
            "function": p.get("function"), "note": p.get("note"), "instrument": None, "coverage": None,
        })
        for k, col in (("originals", "original"), ("resulting", "resulting")):
            if r.get(col):
                e[k].add(r[col])
        for k, col in (("instrument", "used"), ("coverage", "coverage")):
            if r.get(col) and (e[k] is None or r[col] < e[k]):
                e[k] = r[col]
    for e in out.values():
        e["originals"], e["resulting"] = sorted(e["originals"]), sorted(e["resulting"])
    return sorted(out.values(), key=lambda e: (e["date"] or "", e["event"]))


def organisation_from_props(iri: str, p: Mapping[str, Any] | None) -> dict[str, Any]:
    """The ``organisation`` primitive from an agency node (``name=None`` when unknown)."""
    p = p or {}
    return {"iri": iri, "name": _first(_values(p, "name")), "kind": _first(_values(p, "kind")),
            "jurisdiction": p.get("jurisdiction"), "is_group": bool(_first(_values(p, "is_group")))}


def law_names_from_props(props: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """``(iri, name)`` for every spelling of every law name."""
    return sorted({(p["iri"], str(n)) for p in props for n in _values(p, "law_name")})


# -- Cypher (constant text; every value a parameter) -------------------------------------
_CHANGE_TAIL = (
    "MATCH (c)-[:CITING]->(s:Resource) "
    "OPTIONAL MATCH (c)-[:SOURCE_DOCUMENT]->(w:Resource) "
    "OPTIONAL MATCH (c)-[:DERIVED_FROM]->(f:Resource) "
    "RETURN properties(c) AS c, s.iri AS successor, t.iri AS target, w.iri AS stated_in, f.iri AS file"
)
#: one node's properties
DOC_FACTS = "MATCH (d:Resource {iri: $iri}) RETURN properties(d) AS p"
#: the entry-into-force clauses of ``$iri`` (``cchc:EffectiveClause``) with their source file's path
EFFECTIVE_CLAUSES = ("MATCH (c:EffectiveClause)-[:EFFECTIVE_DATE_OF]->(:Resource {iri: $iri}) "
                     "OPTIONAL MATCH (c)-[:DERIVED_FROM]->(f:Resource) RETURN properties(c) AS c, f.path AS path")
#: every change fact (``$relations``: replaces, repeals, amends)
CHANGES = "MATCH (c:Citation)-[:CITED]->(t:Resource) WHERE c.relation IN $relations " + _CHANGE_TAIL
#: the change facts into ``$iri``
CHANGES_INTO = "MATCH (c:Citation)-[:CITED]->(t:Resource {iri: $iri}) WHERE c.relation IN $relations " + _CHANGE_TAIL
_PINNED_TAIL = "MATCH (p)-[:CITING]->(w:Resource) RETURN p.iri AS iri, f.iri AS file, p.end AS end, p.end_values AS ends, w.iri AS citing"
#: references with a pinpoint, in the source files ``$files`` (at most :data:`FILES_PER_REQUEST`:
#: FalkorDB's Bolt listener fails on a request over ~4 KB, see ``cchc_kg.kg.cypher.FALKORDB_LIMITS``)
PINNED = ("MATCH (p:Resource)-[:DERIVED_FROM]->(f:Resource) WHERE f.iri IN $files AND p.pinpoint IS NOT NULL "
          + _PINNED_TAIL)
#: every reference with a pinpoint (what a bulk read needs: no long parameter list)
PINNED_ALL = "MATCH (p:Resource)-[:DERIVED_FROM]->(f:Resource) WHERE p.pinpoint IS NOT NULL " + _PINNED_TAIL
FILES_PER_REQUEST = 20
STATED_ENDED = (
    "MATCH (d:Resource) WHERE d.end_date IS NOT NULL OR d.in_force = false OR d.in_force_values IS NOT NULL "
    "RETURN properties(d) AS p"
)
OPEN_CITATIONS = (
    "MATCH (c:Citation)-[:CITING]->(d:Resource {iri: $iri}) WHERE c.status IS NOT NULL AND c.status <> 'resolved' "
    "OPTIONAL MATCH (c)-[:CANDIDATE]->(x:Resource) RETURN properties(c) AS c, x.iri AS candidate"
)
EVENTS_FROM = (
    "MATCH (e:ChangeEvent)-[:ORIGINAL_ORGANIZATION]->(:Resource {iri: $org}) "
    "OPTIONAL MATCH (e)-[:ORIGINAL_ORGANIZATION]->(o:Resource) "
    "OPTIONAL MATCH (e)-[:RESULTING_ORGANIZATION]->(r:Resource) "
    "OPTIONAL MATCH (e)-[:USED]->(u:Resource) "
    "OPTIONAL MATCH (e)-[:COVERAGE]->(v:Resource) "
    "RETURN properties(e) AS e, o.iri AS original, r.iri AS resulting, u.iri AS used, v.iri AS coverage"
)
ORGANISATION = DOC_FACTS
LAW_NAMES = "MATCH (d:Resource) WHERE d.law_name IS NOT NULL RETURN properties(d) AS p"
