"""Validity over time: in force on a date, replacement chains, finding kinds and severities.

The finding kinds of ``check`` (:func:`cchc_kg.queries.checks.run_check`) and their severities:

================================  ========  ==========================================
kind                              severity  meaning
================================  ========  ==========================================
``superseded-citation``           error /   the cited document was replaced/repealed
                                  warning   (``classification`` ``drafting-error``:
                                            already when the citing document was
                                            signed — an error when the end rests on
                                            a verified fact, else a warning;
                                            ``ageing``: later; ``undetermined``: a
                                            date is missing or only approximate)
``unresolved-reference``          info      a citation that matched no document
``ambiguous-reference``           info      a citation with several candidates
``no-legal-basis``                warning   a plan with no based_on/implements edge
``agency-reorganised``            info      a plan names an agency that was merged,
                                            moved or dissolved (``cchc_kg.queries.orgs_time``)
``shacl``                         error     a SHACL violation on the document or
                                            one of its fact nodes
================================  ========  ==========================================

Validity dicts come from :class:`cchc_kg.queries.validity_facts.ValidityFacts`
(catalog and corpus merged), so ``show``, ``bases --as-of`` and ``check``
read the same facts. Replacement chains carry ``chain`` (steps from the
cited document to the document in force, each with ``document``,
``replaces``, ``relation``, ``date``, ``confidence``, ``fact_source``),
``current`` and ``amended_by``.

>>> from cchc_kg.kg.store import GraphStore
>>> validity_of(GraphStore.open(None), "https://w3id.org/cchc/id/doc/x")["successors"]
[]
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from typing import Any

from cchc_kg.queries.orgs_time import iso_date
from cchc_kg.queries.validity_facts import ValidityFacts
from cchc_kg.queries.backend import CITING_RELATIONS, LINEAGE_RELATIONS, Backend
from cchc_kg.queries.orgs_time import holder_at, iso_date
from cchc_kg.queries.validity_sparql import primitives

__all__ = [
    "FINDING_KINDS",
    "SEVERITY",
    "PLAN_TYPES",
    "validity_of",
    "validity_lookup",
    "in_force_at",
    "FINDING_LABELS",
    "document_in_force_at",
    "replacement_chain",
    "classify",
    "shacl_findings",
    "mark_in_force",
    "GRACE_DAYS",
]

FINDING_KINDS = (
    "superseded-citation", "unresolved-reference", "ambiguous-reference", "no-legal-basis",
    "agency-reorganised", "shacl",
)
#: finding kinds and classifications → (Vietnamese, English) words people read
FINDING_LABELS: dict[str, tuple[str, str]] = {
    "superseded-citation": ("dẫn chiếu văn bản hết hiệu lực", "superseded citation"),
    "unresolved-reference": ("dẫn chiếu chưa xác định được văn bản", "unresolved reference"),
    "ambiguous-reference": ("dẫn chiếu khớp nhiều văn bản", "ambiguous reference"),
    "no-legal-basis": ("kế hoạch không nêu căn cứ", "no legal basis"),
    "agency-reorganised": ("cơ quan đã sắp xếp lại", "agency reorganised"),
    "shacl": ("vi phạm ràng buộc SHACL", "SHACL violation"),
    "drafting-error": ("sai khi soạn thảo (đã hết hiệu lực khi ký)", "drafting error"),
    "ageing": ("hết hiệu lực sau khi ký", "ageing"),
    "undetermined": ("chưa xác định được thời điểm", "undetermined"),
}
#: severity of each finding kind / classification when the citation is a legal basis
#: (based_on / implements / proposal); a plain mention (``cites``) is one step lower
SEVERITY = {
    "drafting-error": "error", "ageing": "warning", "undetermined": "warning",
    "unresolved-reference": "info", "ambiguous-reference": "info", "no-legal-basis": "warning",
    "agency-reorganised": "info", "shacl": "error",
}
#: document types that are plans (``type`` field of document dicts, any case)
PLAN_TYPES = frozenset({"kh", "ctr"})
#: when a document's end is only its successor's signing date, a citing
#: document signed less than this many days later is ``undetermined``
#: (the successor may not yet have taken effect)
GRACE_DAYS = 180


def validity_of(source: Any, iri: str) -> dict[str, Any]:
    """Validity of one document: stated facts plus what its successors imply.

    Read from :class:`cchc_kg.queries.validity_facts.ValidityFacts` (catalog and
    corpus merged by the precedence rules of ``docs/validity.md``). Keys:
    ``iri``, ``in_force``, ``effective``, ``end`` (stated, else the earliest
    dated replacement), ``end_source`` (``stated`` / ``successor`` /
    ``successor-signed`` / None), ``date``, ``year``, ``confidence``,
    ``fact_source``, ``successors`` and ``amended_by`` (edge dicts).
    For many documents build one :func:`validity_lookup` instead.
    """
    return validity_lookup(source)(iri)


def validity_lookup(source: Any) -> Callable[[str], dict[str, Any]]:
    """A cached ``iri → validity dict`` function over one validity table (for :func:`mark_in_force`).

    ``source`` is a backend, store or graph, or already a
    :class:`~cchc_kg.queries.validity_facts.ValidityFacts`.
    """
    if isinstance(source, ValidityFacts):
        return source
    return ValidityFacts.from_source(source)


def in_force_at(v: Mapping[str, Any], as_of: Any, *, today: Any = None) -> bool | None:
    """Was a document (validity dict) in force on ``as_of``? ``None`` when unknown.

    >>> v = {"in_force": False, "effective": "2018-06-21", "end": "2025-07-01", "date": "2018-04-23"}
    >>> in_force_at(v, "2024-01-01"), in_force_at(v, "2025-07-01"), in_force_at(v, "2018-05-01")
    (True, False, False)
    >>> in_force_at({"in_force": None, "effective": None, "end": None, "date": None}, "2024-01-01") is None
    True
    """
    on = iso_date(as_of)
    now = iso_date(today or _dt.date.today())
    start = v.get("effective") or v.get("date")
    if v.get("date") and on < v["date"]:
        return False
    if not start and v.get("year"):
        if on[:4] < str(v["year"]):
            return False
        if on[:4] == str(v["year"]):
            return None  # issued that year, day unknown
    if v.get("effective") and on < v["effective"]:
        return False
    if v.get("end"):
        if on >= v["end"]:
            return False
        return True if (start or v.get("in_force") is not None) else None
    if v.get("in_force") is True:
        return True if (start is None or on >= start) else False
    if v.get("in_force") is False:
        return False if on >= now else None
    return None


def document_in_force_at(document: Mapping[str, Any], validity: Mapping[str, Any] | None, as_of: Any) -> bool | None:
    """Was this document in force on ``as_of``? Its validity facts, with the document's own date and year
    when the facts lack them; ``None`` when nothing is known (no validity facts).

    >>> document_in_force_at({"date": "2021-07-15"}, {"in_force": True, "effective": None, "end": None}, "2026-01-01")
    True
    >>> document_in_force_at({"date": "2021-07-15"}, None, "2026-01-01") is None
    True
    """
    if not validity:
        return None
    v = dict(validity)
    for k in ("date", "year"):
        v[k] = v.get(k) or document.get(k)
    return in_force_at(v, as_of)


def replacement_chain(source: Any, iri: str, *, until: Any = None) -> dict[str, Any]:
    """Follow replaces/repeals edges from ``iri`` to the documents in force.

    Returns ``chain`` (steps in order: ``document``, ``replaces``,
    ``relation``, ``relations``, ``date``, ``confidence``, ``fact_source``,
    ``evidence``; one step per successor),
    ``current`` (IRIs at the end; ``[iri]`` when never replaced) and
    ``amended_by`` (amendments of the current documents). Steps dated after
    ``until`` are left out.
    """
    limit = None if until is None else iso_date(until)
    lookup = source if callable(source) else validity_lookup(source)
    chain: list[dict[str, Any]] = []
    frontier, seen, current = [iri], {iri}, []
    while frontier:
        nxt = []
        for cur in frontier:
            steps = [e for e in lookup(cur)["successors"] if not (limit and e["date"] and e["date"] > limit)]
            if not steps:
                current.append(cur)
                continue
            merged: dict[str, dict[str, Any]] = {}
            for e in steps:  # one step per successor ("replaces" and "repeals" of one pair merge)
                if e["successor"] in merged:
                    m = merged[e["successor"]]
                    m["relations"].append(e["relation"])
                    m["date"] = m["date"] or e["date"]
                    continue
                merged[e["successor"]] = {
                    "document": e["successor"], "replaces": cur, "relation": e["relation"], "relations": [e["relation"]],
                    "date": e["date"], "confidence": e["confidence"], "fact_source": e["fact_source"],
                    "origin": e.get("origin"),
                    "evidence": {"quote": e["quote"], "sentence": e["sentence"], "source_path": e["source_path"],
                                 "start": e.get("start"), "end": e.get("end")},
                }
            for e in merged.values():
                chain.append(e)
                if e["document"] not in seen:
                    seen.add(e["document"])
                    nxt.append(e["document"])
        frontier = nxt
    amended = [
        {"document": a["successor"], "amends": c, "date": a["date"], "confidence": a["confidence"], "fact_source": a["fact_source"]}
        for c in current if c != iri
        for a in lookup(c)["amended_by"] if not (limit and a["date"] and a["date"] > limit)
    ]
    return {"chain": chain, "current": sorted(set(current)), "amended_by": amended}


def _days(a: str, b: str) -> int:
    return (_dt.date.fromisoformat(a[:10]) - _dt.date.fromisoformat(b[:10])).days


def classify(signed: str | None, ended: str | None, *, signed_after: str | None = None,
             end_source: str | None = None) -> str:
    """``drafting-error`` (ended on/before signing), ``ageing`` (after) or ``undetermined``.

    ``signed_after`` is a lower bound for an undated citing document (the
    newest date among the documents it cites). An end known only as the
    successor's signing date (``end_source="successor-signed"``) decides a
    drafting error only :data:`GRACE_DAYS` later.

    >>> classify("2016-03-01", "2018-06-21"), classify("2019-01-01", "2018-06-21")
    ('ageing', 'drafting-error')
    >>> classify(None, "2015-05-15", signed_after="2016-02-04"), classify(None, "2021-08-15", signed_after="2016-02-04")
    ('drafting-error', 'undetermined')
    >>> classify("2018-08-01", "2018-06-21", end_source="successor-signed")
    'undetermined'
    """
    if not ended:
        return "undetermined"
    when = signed or (signed_after if signed_after and signed_after >= ended else None)
    if not when:
        return "undetermined"
    if when < ended:
        return "ageing"
    if end_source == "successor-signed" and _days(when, ended) < GRACE_DAYS:
        return "undetermined"
    return "drafting-error"


def shacl_findings(source: Any, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """SHACL violations of the store on ``docs`` or their fact nodes, as findings (severity error).

    An embedded store validates only those nodes (the documents and the
    facts whose ``cchc:sourceDocument`` or ``cchc:citingDocument`` is one of
    them), in bounded batches (:func:`cchc_kg.kg.shacl.validate_store`); an
    ``rdflib.Graph`` or another store is validated whole.

    >>> from cchc_kg.kg.store import GraphStore
    >>> shacl_findings(GraphStore.open(None), [{"iri": "urn:d"}])
    []
    """
    from rdflib import Graph, URIRef

    from cchc_kg.kg.shacl import validate_graph, validate_store
    from cchc_kg.kg.vocab import CCHC

    store = getattr(source, "store", source)
    wanted = {d["iri"] for d in docs}
    owner_preds = (CCHC.sourceDocument, CCHC.citingDocument)
    if not isinstance(source, Graph) and getattr(store, "raw", None) is not None:
        import pyoxigraph as ox

        raw, in_union = store.raw, store.in_union

        def owners_of(focus: str) -> set[str]:
            return {focus} | {q.object.value for p in owner_preds for q in raw.quads_for_pattern(ox.NamedNode(focus), ox.NamedNode(str(p)), None, None)
                              if in_union(q.graph_name) and isinstance(q.object, ox.NamedNode)}

        def subjects() -> Any:
            for d in sorted(wanted):
                yield d
                for p in owner_preds:
                    for q in raw.quads_for_pattern(None, ox.NamedNode(str(p)), ox.NamedNode(d), None):
                        if in_union(q.graph_name) and isinstance(q.subject, ox.NamedNode):
                            yield q.subject.value

        violations = validate_store(store, subjects())["violations"] if wanted else []
    else:
        g = source if isinstance(source, Graph) else store.to_rdflib() if hasattr(store, "to_rdflib") else None
        if g is None:
            return []
        violations = validate_graph(g)["violations"]

        def owners_of(focus: str) -> set[str]:
            return {focus} | {str(o) for p in owner_preds for o in g.objects(URIRef(focus), p)}

    out = []
    for v in violations:
        for d in sorted(owners_of(v["focus"]) & wanted):
            out.append({"document": d, "kind": "shacl", "severity": SEVERITY["shacl"], "focus": v["focus"],
                        "path": v["path"], "shape": v["shape"], "message": v["message"]})
    return out


def mark_in_force(tree: dict[str, Any], as_of: Any, validity: Any, *, today: Any = None) -> dict[str, Any]:
    """Annotate every node of a :func:`cchc_kg.queries.lineage.bases` tree with ``in_force_at``.

    ``validity`` is a backend/store/graph, or a callable ``iri → validity
    dict`` (:func:`validity_lookup`), or a mapping ``iri → validity dict``.
    Each node gets ``in_force_at`` (True/False/None) and ``validity``
    (``effective``, ``end``, ``replaced_by``: IRIs of documents replacing it
    by ``as_of``). The tree is changed in place and returned.

    >>> tree = {"document": {"iri": "d"}, "bases": [{"document": {"iri": "e"}, "bases": []}]}
    >>> vals = {"d": {"in_force": True, "effective": "2020-01-01", "end": None, "date": None, "successors": []},
    ...         "e": {"in_force": False, "effective": None, "end": "2021-08-15", "date": "2015-02-14", "successors": []}}
    >>> t = mark_in_force(tree, "2022-01-01", vals)
    >>> t["in_force_at"], t["bases"][0]["in_force_at"]
    (True, False)
    """
    on = iso_date(as_of)
    if isinstance(validity, Mapping):
        get = validity.__getitem__
    elif callable(validity) and not hasattr(validity, "document"):
        get = validity
    else:
        get = validity_lookup(validity)

    def rec(node: dict[str, Any]) -> None:
        v = get(node["document"]["iri"])
        node["in_force_at"] = in_force_at(v, on, today=today)
        node["validity"] = {
            "effective": v.get("effective"), "end": v.get("end"),
            "replaced_by": sorted(e["successor"] for e in v.get("successors", ()) if e.get("date") and e["date"] <= on),
        }
        for child in node.get("bases", ()):
            rec(child)

    rec(tree)
    return tree
