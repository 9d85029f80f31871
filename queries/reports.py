"""Planner reports over responsibility rows: agency matrix and agency ranking.

Both take the rows of :func:`cchc_kg.queries.plans.agencies` (or
``backend.responsibilities``) and return built-in types, JSON-ready, with
stable English keys plus Vietnamese labels for people.

* :func:`agency_matrix` — reform area × agency, with the tasks each agency
  leads (chủ trì) or supports (phối hợp) in each area;
* :func:`agency_ranking` — agencies by number of tasks, with the deadlines
  stated in the task sentences (deadline finding is a strategy argument: a
  text parser such as :func:`cchc_kg.loaders.deadlines.find_deadline`; queries never
  parse text themselves).

>>> rows = [{"agency": {"iri": "a", "name": "Sở Nội vụ", "jurisdiction": "tỉnh X"}, "role": "lead",
...          "area": "cong-vu", "task": None, "document": "d", "evidence": {"sentence": "Chủ trì …"}}]
>>> m = agency_matrix(rows)
>>> (m["areas"][0]["label"], m["agencies"][0]["name"], m["cells"]["a"]["cong-vu"])
('Cải cách chế độ công vụ', 'Sở Nội vụ', {'lead': 1, 'support': 0})
>>> agency_ranking(rows)[0]["tasks"]
1
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from cchc_kg.kg.concepts import AREA_LABELS, ROLE_LABELS

__all__ = ["MATRIX_ROLES", "NO_AREA", "agency_matrix", "agency_ranking", "matrix_rows", "ranking_rows"]

#: the roles a matrix counts: chủ trì, phối hợp
MATRIX_ROLES: tuple[str, ...] = ("lead", "support")
#: column of duties that name no reform area
NO_AREA = "chung"

DeadlineFinder = Callable[[str], Any]  # sentence → object with .text and .kind, or None


def _agency_key(a: dict[str, Any]) -> str:
    return a.get("iri") or f"{a.get('name')}|{a.get('jurisdiction')}"


def _agency_info(a: dict[str, Any]) -> dict[str, Any]:
    return {"key": _agency_key(a), "name": a.get("name"), "jurisdiction": a.get("jurisdiction"), "kind": a.get("kind")}


def _area_order(areas: set[str]) -> list[str]:
    known = [a for a in AREA_LABELS if a in areas]
    return known + sorted(areas - set(known))


def agency_matrix(rows: Sequence[dict[str, Any]], *, roles: Sequence[str] = MATRIX_ROLES) -> dict[str, Any]:
    """Reform area × agency: how many duties each agency leads / supports in each area.

    Returns ``{"roles": [{"code", "label"}], "areas": [{"code", "label"}],
    "agencies": [{"key", "name", "jurisdiction", "kind", "total"}],
    "cells": {agency_key: {area_code: {role: count}}}}``. Agencies come by
    total duties (most first), then name; areas in the programme's order;
    duties with no area fall in :data:`NO_AREA`.
    """
    cells: dict[str, dict[str, dict[str, int]]] = {}
    info: dict[str, dict[str, Any]] = {}
    areas: set[str] = set()
    for r in rows:
        if r.get("role") not in roles:
            continue
        k = _agency_key(r["agency"])
        info.setdefault(k, _agency_info(r["agency"]))
        area = r.get("area") or NO_AREA
        areas.add(area)
        cell = cells.setdefault(k, {}).setdefault(area, {x: 0 for x in roles})
        cell[r["role"]] += 1
    order = _area_order(areas)
    for k in cells:
        for a in order:
            cells[k].setdefault(a, {x: 0 for x in roles})
    total = {k: sum(sum(c.values()) for c in v.values()) for k, v in cells.items()}
    agencies = sorted(info.values(), key=lambda a: (-total[a["key"]], a["name"] or "", a["jurisdiction"] or "", a["key"]))
    return {
        "roles": [{"code": x, "label": ROLE_LABELS.get(x, x)} for x in roles],
        "areas": [{"code": a, "label": AREA_LABELS.get(a, a)} for a in order],
        "agencies": [{**a, "total": total[a["key"]]} for a in agencies],
        "cells": {k: {a: cells[k][a] for a in order} for k in (a["key"] for a in agencies)},
    }


def agency_ranking(rows: Sequence[dict[str, Any]], *, deadline: DeadlineFinder | None = None) -> list[dict[str, Any]]:
    """Agencies ranked by number of duties (tasks), with their roles, areas and deadlines.

    Each entry: ``agency``, ``tasks`` (duties), ``roles`` ({role: count}),
    ``areas`` (codes), ``documents`` (IRIs) and ``deadlines`` — one per duty
    whose sentence states one (``{"deadline", "kind", "task", "role",
    "area", "document"}``), found with ``deadline`` (none when ``None``).
    """
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        k = _agency_key(r["agency"])
        e = out.setdefault(k, {"agency": _agency_info(r["agency"]), "tasks": 0, "roles": {}, "areas": set(),
                               "documents": set(), "deadlines": []})
        e["tasks"] += 1
        e["roles"][r["role"]] = e["roles"].get(r["role"], 0) + 1
        if r.get("area"):
            e["areas"].add(r["area"])
        if r.get("document"):
            e["documents"].add(r["document"])
        sentence = (r.get("evidence") or {}).get("sentence") or r.get("task") or ""
        d = deadline(sentence) if (deadline and sentence) else None
        if d is not None:
            e["deadlines"].append({"deadline": d.text, "kind": d.kind, "task": r.get("task") or sentence,
                                   "role": r["role"], "area": r.get("area"), "document": r.get("document")})
    ranked = sorted(out.values(), key=lambda e: (-e["tasks"], e["agency"]["name"] or "", e["agency"]["key"]))
    for e in ranked:
        e["areas"] = _area_order(e["areas"])
        e["documents"] = sorted(e["documents"])
        e["roles"] = dict(sorted(e["roles"].items()))
    return ranked


def matrix_rows(matrix: dict[str, Any]) -> list[list[Any]]:
    """The matrix as table rows for a spreadsheet: header, then one row per agency.

    Cells read "chủ trì n / phối hợp m" (empty when both are 0).

    >>> matrix_rows(agency_matrix([]))
    [['Cơ quan', 'Địa bàn']]
    """
    head = ["Cơ quan", "Địa bàn"] + [a["label"] for a in matrix["areas"]]
    out: list[list[Any]] = [head]
    for ag in matrix["agencies"]:
        row: list[Any] = [ag["name"], ag["jurisdiction"] or ""]
        for a in matrix["areas"]:
            c = matrix["cells"][ag["key"]][a["code"]]
            parts = [f"{r['label'].lower()} {c[r['code']]}" for r in matrix["roles"] if c[r["code"]]]
            row.append(" / ".join(parts))
        out.append(row)
    return out


def ranking_rows(ranking: Sequence[dict[str, Any]]) -> list[list[Any]]:
    """The ranking as table rows: header, then one row per agency.

    >>> ranking_rows([])[0][:3]
    ['Hạng', 'Cơ quan', 'Địa bàn']
    """
    head = ["Hạng", "Cơ quan", "Địa bàn", "Số nhiệm vụ"] + [ROLE_LABELS[r] for r in ROLE_LABELS] + ["Lĩnh vực", "Thời hạn"]
    out: list[list[Any]] = [head]
    for i, e in enumerate(ranking, 1):
        out.append([i, e["agency"]["name"], e["agency"]["jurisdiction"] or "", e["tasks"]]
                   + [e["roles"].get(r, 0) for r in ROLE_LABELS]
                   + ["; ".join(AREA_LABELS.get(a, a) for a in e["areas"]), "; ".join(d["deadline"] for d in e["deadlines"])])
    return out
