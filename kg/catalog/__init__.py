"""Built-in project data: national documents, national targets, validity.

Written by the project from researched facts (each with its sources and a
confidence code V/S/U); pure Python, no graph library.

>>> doc = find_law("Luật Tổ chức chính quyền địa phương", "2015-06-19")
>>> doc.symbol
'77/2015/QH13'
>>> sorted(d.year for d in find_by_symbol("NQ", "76", "CP"))
[2013, 2021]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.ids import doc_key, fold

_DATA = Path(__file__).parent

__all__ = [
    "CatalogDocument",
    "national_documents",
    "find_by_symbol",
    "find_law",
    "by_key",
]


@dataclass(frozen=True, slots=True)
class CatalogDocument:
    """A national document known to the project (metadata + validity)."""

    id: str  # row id in the research notes, e.g. "A01"
    doc_type: str
    number: str
    symbol: str
    issuer_code: str
    issuer: str
    year: int
    date: str | None
    title: str
    confidence: str  # V | S | U
    sources: tuple[str, ...] = ()
    law_name: str | None = None  # for laws cited by name
    aliases: tuple[str, ...] = ()
    effective: str | None = None
    end: str | None = None  # date no longer in force
    in_force: bool | None = None
    # relations to other catalog keys: [{"predicate": "replaces", "object": key,
    #  "date": iso, "confidence": "V", "sources": [...]}]
    relations: tuple[dict, ...] = field(default_factory=tuple)

    @property
    def key(self) -> str:
        return doc_key(self.doc_type, self.number, self.issuer_code, self.year)


@lru_cache(maxsize=1)
def national_documents() -> tuple[CatalogDocument, ...]:
    """All catalog documents (loaded once from ``national_documents.json``)."""
    raw = json.loads((_DATA / "national_documents.json").read_text("utf-8"))
    out = []
    for row in raw["documents"]:
        row = dict(row)
        row["sources"] = tuple(row.get("sources", ()))
        row["aliases"] = tuple(row.get("aliases", ()))
        row["relations"] = tuple(row.get("relations", ()))
        out.append(CatalogDocument(**row))
    return tuple(out)


@lru_cache(maxsize=1)
def _index() -> dict[str, CatalogDocument]:
    return {d.key: d for d in national_documents()}


def by_key(key: str) -> CatalogDocument:
    """Catalog document by identity key (``KeyError`` when unknown)."""
    return _index()[key]


def find_by_symbol(doc_type: str | None, number: str, issuer_code: str | None) -> list[CatalogDocument]:
    """Every catalog document with this type/number/issuer, any year."""
    n, t, i = fold(number), fold(doc_type or ""), fold(issuer_code or "")
    return [
        d
        for d in national_documents()
        if fold(d.number) == n and (not t or fold(d.doc_type) == t) and (not i or fold(d.issuer_code) == i)
    ]


def find_law(name: str, date: str | None = None) -> CatalogDocument | None:
    """A law cited by name (and date when given), or ``None`` if not catalogued."""
    f = fold(name)
    hits = [d for d in national_documents() if d.law_name and (fold(d.law_name) == f or f in {fold(a) for a in d.aliases})]
    if date:
        dated = [d for d in hits if d.date == date]
        if dated:
            return dated[0]
        return None if len(hits) != 1 else (hits[0] if hits[0].date is None else None)
    return hits[0] if len(hits) == 1 else None
