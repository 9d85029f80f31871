"""Plan questions: targets, target lineage (implements), coverage, agencies.

All functions take a :class:`cchc_kg.queries.backend.Backend` first and return
built-in types.

>>> from cchc_kg.kg.store import GraphStore
>>> from cchc_kg.queries.embedded import EmbeddedBackend
>>> implements(EmbeddedBackend(GraphStore.open(None)), "thanh toán trực tuyến")
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from cchc_kg.kg.concepts import AREA_LABELS, role_code
from cchc_kg.kg.concepts import area_code as _area_code
from cchc_kg.kg.ids import fold
from cchc_kg.queries.backend import Backend, CachedBackend
from cchc_kg.queries.lineage import bases, lineage_paths
from cchc_kg.queries.target_search import search_targets

__all__ = [
    "national_targets",
    "match_national_targets",
    "suggest_targets",
    "inferred_link",
    "plan_targets",
    "implements",
    "iter_implements",
    "coverage",
    "deepest_chain",
    "coverage_csv",
    "coverage_markdown",
    "agencies",
    "iter_agencies",
    "agency",
    "ROLES",
    "area_code",
]

ROLES = ("lead", "support", "standing", "advise", "monitor", "implement")
_WORD = re.compile(r"\w+")


def national_targets(backend: Backend) -> list[dict[str, Any]]:
    """Every national target (catalog or extracted from a national document)."""
    out = []
    docs: dict[str, dict[str, Any]] = {}
    for t in backend.targets(None, national=True):
        if t["national_id"] is None:
            doc = docs.get(t["document"])
            if doc is None:
                doc = docs[t["document"]] = backend.document(t["document"])
            if doc.get("level") != "national":
                continue
        out.append(t)
    return sorted(out, key=lambda t: (t["national_id"] or "~", t["iri"]))


def match_national_targets(backend: Backend, query: str, *, relative: float = 0.8) -> list[dict[str, Any]]:
    """National targets matching ``query``, best first (:func:`cchc_kg.queries.target_search.search_targets`).

    An id ("B06") returns that target; words are ranked on folded text with
    synonyms (toàn trình ↔ mức độ 4, SIPAS, tinh giản biên chế …). Only the
    targets scoring at least ``relative`` × the best score are kept, so a
    precise query does not drag in targets that share a word or two.
    """
    return [h.target for h in search_targets(query, national_targets(backend), relative=relative).hits]


def suggest_targets(backend: Backend, query: str) -> list[str]:
    """"Did you mean" strings when ``query`` matches no national target (else ``[]``)."""
    return list(search_targets(query, national_targets(backend)).suggestions)


def area_code(area: str) -> str:
    """Reform-area code from a code or a Vietnamese area name, with or without diacritics.

    (:func:`cchc_kg.kg.concepts.area_code`, kept here for callers.)

    >>> area_code("Cải cách thủ tục hành chính"), area_code("cai cach the che"), area_code("tthc")
    ('tthc', 'the-che', 'tthc')
    """
    return _area_code(area)


def plan_targets(backend: Backend, iri: str, *, area: str | None = None) -> list[dict[str, Any]]:
    """Targets of one document, optionally of one reform area (slug or label words)."""
    ts = backend.targets(iri)
    if area:
        a = area_code(area)
        ts = [t for t in ts if t["area"] and (t["area"] == a or a in t["area"])]
    return ts


def implements(backend: Backend, query: str, *, lineage: bool = True) -> list[dict[str, Any]]:
    """Per matching national target: the local plans implementing it.

    Each result: ``national_target`` (target dict + ``document`` fields of
    its national document), ``plans`` (one per plan: ``document``,
    ``local_targets`` with value, comparison, score and explanation,
    ``lineage`` — shortest upward paths from the plan to the national
    document, ``[]`` when the chain is not in the graph). The rows of
    :func:`iter_implements`, grouped.
    """
    results: list[dict[str, Any]] = []
    for row in iter_implements(backend, query, lineage=lineage):
        if row["plan"] is None:
            results.append({"national_target": row["national_target"], "plans": []})
        else:
            results[-1]["plans"].append(row["plan"])
    return results


def iter_implements(backend: Backend, query: str, *, lineage: bool = True) -> Iterator[dict[str, Any]]:
    """:func:`implements` as a stream of rows, for a report over thousands of plans.

    For each matching national target, one row ``{"national_target": …,
    "plan": None}`` then one row per plan (``{"national_target": …, "plan":
    …}``, by plan IRI), each yielded as soon as its lineage is known. On a
    store with summary rows (:mod:`cchc_kg.queries.summary`) plans, their
    targets and their lineage are read from the rows.
    """
    backend = CachedBackend(_lineage_view(backend))  # plans share their upper levels: read each once
    matches = match_national_targets(backend, query)
    if not matches:
        return
    local_by_iri: dict[str, dict[str, Any]] = {}
    for nt in matches:
        mine = backend.alignments(national=nt["iri"])
        by_plan: dict[str, list[dict[str, Any]]] = {}
        for a in mine:
            by_plan.setdefault(a["document"], []).append(a)
        nat_doc = backend.document(nt["document"]) if nt.get("document") else None
        head = {**nt, "national_document": nat_doc}
        yield {"national_target": head, "plan": None}
        for plan_iri in sorted(by_plan):
            yield {"national_target": head, "plan": _plan_entry(backend, plan_iri, by_plan[plan_iri], nt, nat_doc,
                                                                 local_by_iri, lineage)}


def _plan_entry(backend: Backend, plan_iri: str, aligns: list[dict[str, Any]], nt: dict[str, Any],
                nat_doc: dict[str, Any] | None, local_by_iri: dict[str, dict[str, Any]], lineage: bool) -> dict[str, Any]:
    """One plan of :func:`iter_implements`: its document, aligned local targets and lineage."""
    if plan_iri not in local_by_iri:
        for t in backend.targets(plan_iri):
            local_by_iri[t["iri"]] = t
        local_by_iri[plan_iri] = {}  # read once
    p: dict[str, Any] = {"document": backend.document(plan_iri), "local_targets": []}
    for a in aligns:
        lt = local_by_iri.get(a["local"], {})
        p["local_targets"].append(
            {
                "iri": a["local"],
                "metric": lt.get("metric"),
                "value": lt.get("value"),
                "unit": lt.get("unit"),
                "comparator": lt.get("comparator"),
                "year": lt.get("year"),
                "level": lt.get("level"),
                "comparison": a["comparison"],
                "score": a["score"],
                "explanation": a["explanation"],
                "evidence": lt.get("evidence"),
            }
        )
    p["local_targets"].sort(key=lambda x: (-(x["score"] or 0), x["iri"]))
    p["lineage"] = lineage_paths(backend, p["document"]["iri"], nat_doc["iri"]) if (lineage and nat_doc) else []
    p["lineage_status"] = "linked" if p["lineage"] else "unresolved"
    p["partial_lineage"] = [] if (p["lineage"] or not lineage) else deepest_chain(backend, p["document"]["iri"])
    p["inferred_link"] = (inferred_link(p["partial_lineage"], nat_doc, nt, p["local_targets"])
                          if (lineage and nat_doc and not p["lineage"] and _may_implement(p, nat_doc)) else None)
    return p


def _lineage_view(backend: Backend) -> Backend:
    """Plans, their targets and lineage from summary rows written at build time, when the store has them.

    Only for answers that show no edge evidence (``implements`` shows the
    lineage as IRIs); otherwise ``backend`` itself.
    """
    from cchc_kg.queries.summary_read import SummaryLineage, summary_index

    inner = backend.inner if isinstance(backend, CachedBackend) else backend
    ix = summary_index(getattr(inner, "store", None))
    return SummaryLineage(inner, ix) if ix is not None else backend


def inferred_link(
    chain: list[str], national_document: dict[str, Any], national_target: dict[str, Any], local_targets: list[dict[str, Any]]
) -> dict[str, Any]:
    """The probable link of a plan to a national document it never cites, through target alignment.

    Used when the citation chain stops short (``chain`` = how far it goes):
    the plan adopts a target of ``national_document``, so it probably
    implements it, via the last document the chain reaches. Always marked
    ``inferred``; the aligned local targets are the evidence.

    >>> link = inferred_link(["p", "q"], {"iri": "n", "key": "nq/2021/76/cp", "symbol": "76/NQ-CP"},
    ...                      {"national_id": "B33"}, [{"iri": "t", "score": 1.0, "comparison": "equal"}])
    >>> (link["inferred"], link["from"], link["national_document"]["key"], link["via_targets"][0]["national_id"])
    (True, 'q', 'nq/2021/76/cp', 'B33')
    """
    return {
        "inferred": True,
        "basis": "target-alignment",
        "from": chain[-1] if chain else None,
        "national_document": {k: national_document.get(k) for k in ("iri", "key", "symbol", "type", "year", "title") if k in national_document},
        "via_targets": [
            {"local": lt["iri"], "national_id": national_target.get("national_id"), "score": lt.get("score"),
             "comparison": lt.get("comparison")}
            for lt in local_targets
        ],
    }


def _may_implement(plan: dict[str, Any], national_document: dict[str, Any]) -> bool:
    """A plan may implement a national document it adopts a same-year target of, and that is not later than it."""
    py, ny = plan["document"].get("year"), national_document.get("year")
    if isinstance(py, int) and isinstance(ny, int) and py < ny:
        return False
    return any(lt.get("comparison") not in (None, "different-year") for lt in plan["local_targets"])


def deepest_chain(backend: Backend, iri: str, *, depth: int = 8) -> list[str]:
    """The longest upward based_on/implements chain from ``iri`` (IRIs, first is ``iri``).

    Shown when a plan's lineage does not reach the national document, so the
    reader sees how far the graph does go.
    """
    tree = bases(backend, iri, depth=depth)
    best: list[str] = [iri]

    def rec(node: dict[str, Any], path: list[str]) -> None:
        nonlocal best
        here = path + [node["document"]["iri"]]
        if len(here) > len(best) or (len(here) == len(best) and here < best):
            best = here
        for c in node["bases"]:
            rec(c, here)

    for c in tree["bases"]:
        rec(c, [iri])
    return best


def coverage(backend: Backend, *, of: list[str] | None = None) -> dict[str, Any]:
    """Matrix national targets × plans: adopted value and comparison, or missing.

    ``of`` restricts the plans (IRIs). Returns ``{"plans": [doc...],
    "targets": [national target...], "cells": {target_iri: {plan_iri:
    cell}}}`` where a cell is ``{"status": "adopted"|"missing", "value",
    "comparison", "score"}``.
    """
    backend = CachedBackend(_lineage_view(backend))
    nts = national_targets(backend)
    if of is None:
        aligns = backend.alignments()
        plan_iris = sorted(
            {a["document"] for a in aligns} | {t["document"] for t in backend.targets(None) if t["national_id"] is None}
        )
        plan_iris = [i for i in plan_iris if _is_local_plan(backend.document(i))]
    else:
        # only the requested plans are read (no scan of the whole store)
        aligns = [a for i in dict.fromkeys(of) for a in backend.alignments(document=i)]
        aligned = {a["document"] for a in aligns}
        qualifying = sorted(
            i for i in set(of)
            if _is_local_plan(backend.document(i))
            and (i in aligned or any(t["national_id"] is None for t in backend.targets(i)))
        )
        plan_iris = qualifying + [i for i in of if i not in qualifying]
    docs = {i: backend.document(i) for i in plan_iris}
    by_cell: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for a in aligns:
        by_cell.setdefault((a["national"], a["document"]), []).append(a)
    local_values: dict[str, dict[str, Any]] = {}
    for i in plan_iris:
        for t in backend.targets(i):
            local_values[t["iri"]] = t
    cells: dict[str, dict[str, Any]] = {}
    for nt in nts:
        row = {}
        for p in plan_iris:
            best = max(by_cell.get((nt["iri"], p), ()), key=lambda a: a["score"] or 0, default=None)
            if best is None:
                row[p] = {"status": "missing", "value": None, "comparison": None, "score": None}
            else:
                lt = local_values.get(best["local"], {})
                row[p] = {"status": "adopted", "value": lt.get("value"), "comparison": best["comparison"], "score": best["score"]}
        cells[nt["iri"]] = row
    return {"plans": [docs[i] for i in plan_iris], "targets": nts, "cells": cells}


def _is_local_plan(d: dict[str, Any]) -> bool:
    return d.get("level") != "national" and d.get("origin") == "loaded"


def _plan_label(d: dict[str, Any]) -> str:
    return d.get("symbol") or (d.get("issuer") or "") + (f" {d['year']}" if d.get("year") else "") or d["iri"]


def _cell_text(c: dict[str, Any]) -> str:
    if c["status"] == "missing":
        return "—"
    v = c["value"]
    val = ("%g" % v) if isinstance(v, (int, float)) else "?"
    return f"{val} ({c['comparison']})" if c["comparison"] and c["comparison"] != "equal" else val


def coverage_csv(cov: dict[str, Any]) -> str:
    """The coverage matrix as CSV (one row per national target)."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["national_target", "metric", "value", "year"] + [_plan_label(p) for p in cov["plans"]])
    for t in cov["targets"]:
        row = cov["cells"][t["iri"]]
        w.writerow([t["national_id"] or t["iri"], t["metric"], t["value"], t["year"]] + [_cell_text(row[p["iri"]]) for p in cov["plans"]])
    return buf.getvalue()


def coverage_markdown(cov: dict[str, Any]) -> str:
    """The coverage matrix as a markdown table."""
    head = ["target", "metric", "national"] + [_plan_label(p).replace("|", "/") for p in cov["plans"]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for t in cov["targets"]:
        row = cov["cells"][t["iri"]]
        nat = ("%g" % t["value"] if isinstance(t["value"], (int, float)) else "?") + (f" ({t['year']})" if t["year"] else "")
        metric = (t["metric"] or "").replace("|", "/")
        metric = metric if len(metric) <= 70 else metric[:69] + "…"
        cells = [_cell_text(row[p["iri"]]) for p in cov["plans"]]
        lines.append("| " + " | ".join([t["national_id"] or "", metric, nat] + cells) + " |")
    return "\n".join(lines) + "\n"


def agencies(
    backend: Backend,
    *,
    doc: list[str] | None = None,
    area: str | None = None,
    role: str | None = None,
) -> list[dict[str, Any]]:
    """Responsibilities, filtered by plan IRIs, reform area and role: the rows of :func:`iter_agencies`."""
    return list(iter_agencies(backend, doc=doc, area=area, role=role))


def iter_agencies(
    backend: Backend,
    *,
    doc: list[str] | None = None,
    area: str | None = None,
    role: str | None = None,
) -> Iterator[dict[str, Any]]:
    """:func:`agencies` as a stream, by document then order in it: a report over every plan of a store.

    Over every document, on a store with summary rows
    (:mod:`cchc_kg.queries.summary`), each plan's responsibilities are read
    from its row and its agencies described once each; otherwise by one query.
    An unknown ``role`` raises ``ValueError`` at once (before the first row).

    >>> from cchc_kg.kg.store import GraphStore
    >>> from cchc_kg.queries.embedded import EmbeddedBackend
    >>> list(iter_agencies(EmbeddedBackend(GraphStore.open(None)), role="lead"))
    []
    """
    code = None
    if role:
        code = role_code(role)
        if code is None:
            raise ValueError(f"unknown role {role!r}; use one of chủ trì, phối hợp, thường trực, tham mưu, theo dõi, "
                             f"thực hiện (or {', '.join(ROLES)})")
    a = area_code(area) if area else None

    def rows() -> Iterator[dict[str, Any]]:
        found = (r for i in doc for r in backend.responsibilities(i)) if doc else _all_responsibilities(backend)
        for r in found:
            if area and not (r["area"] and (r["area"] == a or a in r["area"])):
                continue
            if code is not None and r["role"] != code:
                continue
            yield r

    return rows()


def _all_responsibilities(backend: Backend) -> Iterator[dict[str, Any]]:
    """Every responsibility, by document: from the summary rows when complete, else one query."""
    from cchc_kg.queries.summary_read import summary_index

    inner = backend.inner if isinstance(backend, CachedBackend) else backend
    ix = summary_index(getattr(inner, "store", None))
    describe = getattr(inner, "describe_agency", None)
    if ix is None or describe is None:
        yield from backend.responsibilities(None)
        return
    for d in ix.documents_with("duties"):
        for r in ix.read(d, "duties") or ():
            yield {**r, "agency": describe(r["agency"])}


def agency(backend: Backend, name: str) -> dict[str, Any]:
    """Every responsibility of the organisations matching ``name``.

    ``name`` is matched on folded text against the agency's name and its
    name with jurisdiction ("Sở Nội vụ" matches the kind across
    jurisdictions, "Sở Nội vụ tỉnh Vĩnh Long" one organisation); a query
    whose every word is in the name with jurisdiction matches too ("sở nội vụ
    cần thơ").
    """
    f = fold(name)
    words = _WORD.findall(f)
    rows = _all_responsibilities(backend)  # from the summary rows when the store has them
    hits = []
    for r in rows:
        a = r["agency"]
        full = fold(f"{a['name'] or ''} {a['jurisdiction'] or ''}")
        if fold(a["name"] or "") == f or full == f or f in full or (words and set(words) <= set(_WORD.findall(full))):
            hits.append(r)
    orgs: dict[str, dict[str, Any]] = {}
    for r in hits:
        o = orgs.setdefault(r["agency"]["iri"], {"agency": r["agency"], "responsibilities": []})
        o["responsibilities"].append(r)
    return {"query": name, "organisations": sorted(orgs.values(), key=lambda o: o["agency"]["iri"])}
