"""Rows of document facts → the document dicts every backend returns (pure functions).

The embedded backend reads a document's facts as rows ``{"p", "v", "rank"}``
(rank 0 loaded file, 1 catalog, 2 citing files) plus the label, notation or
path of the objects that need one; :func:`assemble` merges them, the most
authoritative source first.

>>> rows = [{"p": "https://w3id.org/cchc/ontology#docKey", "v": "kh/2022/53/x", "rank": 2},
...         {"p": "https://w3id.org/cchc/ontology#origin", "v": "stub", "rank": 2}]
>>> d = assemble("https://w3id.org/cchc/id/doc/kh/2022/53/x", expand(rows, {}))
>>> d["key"], d["origin"]
('kh/2022/53/x', 'stub')
"""

from __future__ import annotations

from typing import Any

from cchc_kg.queries.backend import empty_document
from cchc_kg.queries.sparql_text import _CCHC, _LOOKUP_PREDICATES, _PROV_DERIVED

__all__ = ["LOOKUP_ELEMENT", "project", "lookup_order", "expand", "assemble"]

_ORIGIN_RANK = {"loaded": 0, "catalog": 1, "stub": 2}

#: which element of a (label, notation, path) look-up assemble reads, per predicate
LOOKUP_ELEMENT = {
    "http://data.europa.eu/eli/ontology#passed_by": 0,
    _CCHC + "jurisdiction": 0,
    "http://data.europa.eu/eli/ontology#type_document": 1,
    _PROV_DERIVED: 2,
}
assert set(LOOKUP_ELEMENT) == _LOOKUP_PREDICATES


def project(combos: list[tuple[Any, Any, Any]], need: int) -> list[tuple[Any, Any, Any]]:
    """Element ``need`` of each combination (others ``None``), first occurrence kept, order kept."""
    out: list[tuple[Any, Any, Any]] = []
    for c in combos:
        t = tuple(x if i == need else None for i, x in enumerate(c))
        if t not in out:
            out.append(t)  # type: ignore[arg-type]
    return out or [(None, None, None)]


def lookup_order(t: tuple[Any, Any, Any]) -> tuple[tuple[bool, str], ...]:
    """Deterministic tie-break when a node has several labels: alphabetical, missing last."""
    return tuple((x is None, str(x or "")) for x in t)


def expand(rows: list[dict[str, Any]], lookups: dict[str, list[tuple[Any, Any, Any]]]) -> list[dict[str, Any]]:
    """Ranked fact rows joined with the label/notation/path of their object."""
    out = []
    for r in rows:
        for label, notation, path in lookups.get(r["v"], [(None, None, None)]) if r["p"] in _LOOKUP_PREDICATES else [(None, None, None)]:
            out.append({**r, "label": label, "notation": notation, "path": path})
    return out


#: predicate local name → (document field, what gives its value): "v" the
#: value itself, "slug" its last IRI segment, "label"/"path" the look-up of
#: the value, "notation" the look-up's notation, else the last IRI segment
_FIELDS = {
    "docKey": ("key", "v"), "number": ("symbol", "v"), "numeral": ("number", "v"),
    "date_document": ("date", "v"), "year": ("year", "v"), "title": ("title", "v"),
    "adminLevel": ("level", "slug"), "passed_by": ("issuer", "label"), "jurisdiction": ("jurisdiction", "label"),
    "wasDerivedFrom": ("source", "path"), "type_document": ("type", "notation"),
}


def assemble(iri: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Merge the per-graph facts of one document: loaded > catalog > stub (``rank`` 0/1/2).

    The first non-empty value of a field wins, in (rank, value) order.
    """
    rows.sort(key=lambda r: (r["rank"], str(r["v"])))
    d = empty_document(iri)
    origins: list[str] = []
    for r in rows:
        name, v = r["p"].rsplit("#", 1)[-1], r["v"]
        if name == "origin":
            origins.append(v)
            continue
        spec = _FIELDS.get(name)
        if spec is None or d[spec[0]]:
            continue
        field, how = spec
        if how == "v":
            d[field] = v
        elif how == "slug":
            d[field] = v.rsplit("/", 1)[-1]
        elif how == "notation":
            d[field] = r["notation"] or v.rsplit("/", 1)[-1]
        else:
            d[field] = r[how]
    d["origin"] = min(origins, key=lambda o: _ORIGIN_RANK.get(o, 9)) if origins else None
    if d["source"]:
        d["origin"] = "loaded"
    return d
