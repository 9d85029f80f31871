"""Validity over time: out-of-date citations, open references, plans without basis.

:func:`check` returns one built-in dict (a *finding*) per problem, sorted
by (document, kind, subject). Kinds and their severities:

================================  ========  ==========================================
kind                              severity  meaning
================================  ========  ==========================================
``superseded-citation``           error /   the cited document was replaced/repealed
                                  warning   (``classification`` ``drafting-error``:
                                            already when the citing document was
                                            signed; ``ageing``: later;
                                            ``undetermined``: a date is missing)
``unresolved-reference``          warning   a citation that matched no document
``ambiguous-reference``           warning   a citation with several candidates
``no-legal-basis``                warning   a plan with no based_on/implements edge
``agency-reorganised``            info      a plan names an agency that was merged,
                                            moved or dissolved (``cchc_kg.queries.orgs_time``)
``shacl``                         error     a SHACL violation on the document or
                                            one of its fact nodes
================================  ========  ==========================================

Superseded citations carry ``chain``: the replacement steps from the cited
document to the document in force (each with ``document``, ``replaces``,
``relation``, ``date``, ``confidence``, ``fact_source``), ``current`` (IRIs
at the end of the chain) and ``amended_by`` (amendments of the current
documents). Written over :class:`cchc_kg.queries.backend.Backend` plus the
primitives of :mod:`cchc_kg.queries.validity_sparql`.

>>> from cchc_kg.kg.store import GraphStore
>>> from cchc_kg.queries.embedded import EmbeddedBackend
>>> check(EmbeddedBackend(GraphStore.open(None)), today="2026-01-01")
[]
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from typing import Any

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
    "replacement_chain",
    "classify",
    "check",
    "mark_in_force",
]

FINDING_KINDS = (
    "superseded-citation", "unresolved-reference", "ambiguous-reference", "no-legal-basis",
    "agency-reorganised", "shacl",
)
SEVERITY = {
    "drafting-error": "error", "ageing": "warning", "undetermined": "warning",
    "unresolved-reference": "warning", "ambiguous-reference": "warning", "no-legal-basis": "warning",
    "agency-reorganised": "info", "shacl": "error",
}
#: document types that are plans (``type`` field of document dicts, any case)
PLAN_TYPES = frozenset({"kh", "ctr"})
_ENDING = ("replaces", "repeals")


def _iso(d: Any) -> str | None:
    return None if d is None else iso_date(d)


def validity_of(source: Any, iri: str) -> dict[str, Any]:
    """Validity of one document: stated facts plus what its successors imply.

    Keys: ``iri``, ``in_force``, ``effective``, ``end`` (stated, else the
    earliest dated replacement), ``end_source`` (``stated``/``successor``/
    None), ``date``, ``confidence``, ``fact_source``, ``successors`` and
    ``amended_by`` (edge dicts of :mod:`cchc_kg.queries.validity_sparql`).
    """
    p = primitives(source)
    v = dict(p.document_validity(iri))
    edges = p.successor_edges(iri)
    succ = [e for e in edges if e["relation"] in _ENDING]
    for e in succ:  # a replacement without its own date: the successor's entry into force
        if e["date"] is None:
            sv = p.document_validity(e["successor"])
            e["date"] = sv["effective"] or sv["date"]
    v["iri"] = iri
    v["successors"] = succ
    v["amended_by"] = [e for e in edges if e["relation"] == "amends"]
    v["end_source"] = "stated" if v["end"] else None
    if not v["end"]:
        dated = sorted(e["date"] for e in succ if e["date"])
        if dated:
            v["end"], v["end_source"] = dated[0], "successor"
    if succ and v["in_force"] is None and v["end"] is None:
        v["in_force"] = False
    return v


def validity_lookup(source: Any) -> Callable[[str], dict[str, Any]]:
    """A cached ``iri → validity_of(source, iri)`` function (for :func:`mark_in_force`)."""
    cache: dict[str, dict[str, Any]] = {}

    def get(iri: str) -> dict[str, Any]:
        if iri not in cache:
            cache[iri] = validity_of(source, iri)
        return cache[iri]

    return get


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


def replacement_chain(source: Any, iri: str, *, until: Any = None) -> dict[str, Any]:
    """Follow replaces/repeals edges from ``iri`` to the documents in force.

    Returns ``chain`` (steps in order: ``document``, ``replaces``,
    ``relation``, ``relations``, ``date``, ``confidence``, ``fact_source``,
    ``evidence``; one step per successor),
    ``current`` (IRIs at the end; ``[iri]`` when never replaced) and
    ``amended_by`` (amendments of the current documents). Steps dated after
    ``until`` are left out.
    """
    limit = _iso(until)
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
                    "evidence": {"quote": e["quote"], "sentence": e["sentence"], "source_path": e["source_path"]},
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


def classify(signed: str | None, ended: str | None, *, signed_after: str | None = None) -> str:
    """``drafting-error`` (ended on/before signing), ``ageing`` (after) or ``undetermined``.

    ``signed_after`` is a lower bound for an undated citing document (the
    newest date among the documents it cites).

    >>> classify("2016-03-01", "2018-06-21"), classify("2019-01-01", "2018-06-21")
    ('ageing', 'drafting-error')
    >>> classify(None, "2015-05-15", signed_after="2016-02-04"), classify(None, "2021-08-15", signed_after="2016-02-04")
    ('drafting-error', 'undetermined')
    """
    if not ended:
        return "undetermined"
    if signed:
        return "drafting-error" if signed >= ended else "ageing"
    if signed_after and signed_after >= ended:
        return "drafting-error"
    return "undetermined"


def _label(d: Mapping[str, Any]) -> str:
    return str(d.get("symbol") or d.get("key") or d.get("iri"))


def _citation_findings(backend: Backend, doc: dict[str, Any], lookup, today: str) -> list[dict[str, Any]]:
    out = []
    edges = backend.edges(doc["iri"], "out", CITING_RELATIONS)
    by_target: dict[str, list[dict[str, Any]]] = {}
    for e in edges:
        by_target.setdefault(e["target"], []).append(e)
    cited_dates = []
    for t in by_target:
        v = lookup(t)
        if v.get("date"):
            cited_dates.append(v["date"])
    signed_after = max(cited_dates) if cited_dates else None
    signed = doc.get("date")
    for t, es in sorted(by_target.items()):
        v = lookup(t)
        ended = v["end"]
        if ended and ended > today:
            continue
        if not (ended or v["in_force"] is False):
            continue
        rc = replacement_chain(lookup, t, until=today)
        cls = classify(signed, ended, signed_after=signed_after)
        cited = backend.document(t)
        repl = ", ".join(_label(backend.document(c)) for c in rc["current"] if c != t)
        msg = f"cites {_label(cited)}, no longer in force" + (f" since {ended}" if ended else "")
        msg += f"; replaced by {repl}" if repl else ""
        out.append({
            "document": doc["iri"], "kind": "superseded-citation", "severity": SEVERITY[cls],
            "classification": cls, "cited": t, "cited_symbol": cited.get("symbol"), "cited_key": cited.get("key"),
            "relations": sorted({e["relation"] for e in es}), "no_longer_in_force": ended,
            "end_source": v["end_source"], "confidence": v["confidence"], "fact_source": v["fact_source"],
            "signed": signed, "signed_after": None if signed else signed_after,
            "chain": rc["chain"], "current": [c for c in rc["current"] if c != t], "amended_by": rc["amended_by"],
            "evidence": [ev for e in es for ev in e["evidence"]], "message": msg,
        })
    return out


def _open_findings(prims: Any, doc: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for c in prims.open_citations(doc["iri"]):
        kind = "ambiguous-reference" if c["status"] == "ambiguous" else "unresolved-reference"
        what = c["quote"] or c["citation"]
        msg = f"{c['status']} reference {what!r}" + (f" ({len(c['candidates'])} candidates)" if c["candidates"] else "")
        out.append({
            "document": doc["iri"], "kind": kind, "severity": SEVERITY[kind], "citation": c["citation"],
            "relation": c["relation"], "candidates": c["candidates"],
            "evidence": [{k: c[k] for k in ("quote", "sentence", "start", "end", "source_path", "pinpoint")}],
            "message": msg,
        })
    return out


def _is_plan(doc: Mapping[str, Any]) -> bool:
    return str(doc.get("type") or "").lower() in PLAN_TYPES


def _basis_findings(backend: Backend, doc: dict[str, Any]) -> list[dict[str, Any]]:
    if not _is_plan(doc) or backend.edges(doc["iri"], "out", LINEAGE_RELATIONS + ("proposal",)):
        return []
    return [{"document": doc["iri"], "kind": "no-legal-basis", "severity": SEVERITY["no-legal-basis"],
             "message": "plan states no legal basis (no based_on / implements / proposal edge)"}]


def _agency_findings(backend: Backend, source: Any, doc: dict[str, Any], today: str) -> list[dict[str, Any]]:
    if not _is_plan(doc):
        return []
    counts: dict[str, list[dict[str, Any]]] = {}
    for r in backend.responsibilities(doc["iri"]):
        a = r.get("agency") or {}
        if a.get("iri"):
            counts.setdefault(a["iri"], []).append(r)
    out = []
    for iri, rs in sorted(counts.items()):
        h = holder_at(source, iri, today, today=today)
        holders = [x["iri"] for x in h["holders"]]
        if holders == [iri] or not h["chain"]:
            continue
        names = ", ".join(f"{x['name']} ({x['jurisdiction']})" for x in h["holders"]) or "no successor (dissolved)"
        out.append({
            "document": doc["iri"], "kind": "agency-reorganised", "severity": SEVERITY["agency-reorganised"],
            "agency": h["agency"], "responsibilities": len(rs), "holders": h["holders"], "dissolved": h["dissolved"],
            "chain": h["chain"], "message": f"{rs[0]['agency'].get('name') or iri}: now {names}",
        })
    return out


def _shacl_findings(source: Any, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from rdflib import Graph, URIRef

    from cchc_kg.kg.shacl import validate_graph
    from cchc_kg.kg.vocab import CCHC

    store = getattr(source, "store", source)
    g = source if isinstance(source, Graph) else store.to_rdflib() if hasattr(store, "to_rdflib") else None
    if g is None:
        return []
    wanted = {d["iri"] for d in docs}
    out = []
    for v in validate_graph(g)["violations"]:
        focus = URIRef(v["focus"])
        owners = {v["focus"]} | {str(o) for p in (CCHC.sourceDocument, CCHC.citingDocument) for o in g.objects(focus, p)}
        for d in sorted(owners & wanted):
            out.append({"document": d, "kind": "shacl", "severity": SEVERITY["shacl"], "focus": v["focus"],
                        "path": v["path"], "shape": v["shape"], "message": v["message"]})
    return out


def check(
    backend: Backend,
    iris: list[str] | None = None,
    *,
    today: Any = None,
    shacl: bool = True,
    agencies: bool = True,
) -> list[dict[str, Any]]:
    """Findings for ``iris`` (default: every loaded document) as of ``today``.

    ``shacl`` validates the store's union graph (slow on large stores);
    ``agencies`` follows the change events of every agency a plan names.
    """
    now = iso_date(today or _dt.date.today())
    prims = primitives(backend)
    lookup = validity_lookup(backend)
    docs = [backend.document(i) for i in iris] if iris is not None else backend.documents(loaded_only=True)
    out: list[dict[str, Any]] = []
    for d in docs:
        out += _citation_findings(backend, d, lookup, now)
        out += _open_findings(prims, d)
        out += _basis_findings(backend, d)
        if agencies:
            out += _agency_findings(backend, backend, d, now)
    if shacl and docs:
        out += _shacl_findings(backend, docs)
    order = {k: i for i, k in enumerate(FINDING_KINDS)}
    out.sort(key=lambda f: (f["document"], order[f["kind"]], f.get("cited") or f.get("citation") or f.get("focus") or (f.get("agency") or {}).get("iri") or ""))
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
