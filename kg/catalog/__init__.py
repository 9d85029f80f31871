"""Built-in project data: national documents, national targets, validity, 2025 restructuring.

Written by the project from researched facts (each with its sources and a
confidence code V/S/U); pure Python, no graph library. Three JSON files:
``national_documents.json`` (documents, validity and relations),
``national_targets.json`` (NQ 76/NQ-CP targets and related national targets)
and ``restructuring.json`` (2025 mergers of ministries, departments and
provinces; end of the district level). Each carries a ``sources`` index
(source key → URLs).

>>> doc = find_law("Luật Tổ chức chính quyền địa phương", "2015-06-19")
>>> doc.symbol
'77/2015/QH13'
>>> sorted(d.year for d in find_by_symbol("NQ", "76", "CP"))
[2013, 2021]
>>> target_by_id("B06").value
80.0
>>> successor_province("tỉnh Sóc Trăng", "2025-07-01")
'thành phố Cần Thơ'
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from cchc_kg.kg.ids import doc_key, fold, slug

_DATA = Path(__file__).parent

__all__ = [
    "CatalogDocument",
    "NationalTarget",
    "AgencyMerger",
    "ProvinceMerger",
    "LevelChange",
    "RELATION_PREDICATES",
    "national_documents",
    "find_by_symbol",
    "find_law",
    "by_key",
    "relations",
    "successors",
    "current_version",
    "sources",
    "national_targets",
    "target_by_id",
    "targets_for",
    "agency_mergers",
    "successor_agency",
    "province_mergers",
    "successor_province",
    "level_changes",
    "level_end_date",
    "restructuring_facts",
]

RELATION_PREDICATES: tuple[str, ...] = ("replaces", "amends", "repeals", "implements", "follows")


def _load(name: str) -> dict[str, Any]:
    return json.loads((_DATA / name).read_text("utf-8"))


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True, slots=True)
class CatalogDocument:
    """A national document known to the project (metadata + validity)."""

    id: str  # row id in the research notes, e.g. "A01" ("A12.1": mentioned in row A12)
    doc_type: str
    number: str
    symbol: str
    issuer_code: str
    issuer: str
    year: int
    date: str | None
    title: str  # "" when the notes give no title
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
    signer: str | None = None
    level: str = "national"  # national | party-central
    note: str | None = None  # short English note (caveats, context)

    @property
    def key(self) -> str:
        return doc_key(self.doc_type, self.number, self.issuer_code, self.year)


@lru_cache(maxsize=1)
def national_documents() -> tuple[CatalogDocument, ...]:
    """All catalog documents (loaded once from ``national_documents.json``)."""
    out = []
    for row in _load("national_documents.json")["documents"]:
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


def relations(predicate: str | None = None) -> list[tuple[str, str, str, dict]]:
    """Every catalog relation as ``(subject_key, predicate, object_key, row)``.

    >>> ("nd/2025/118/cp", "replaces", "nd/2018/61/cp") in {r[:3] for r in relations("replaces")}
    True
    """
    out = []
    for d in national_documents():
        for rel in d.relations:
            if predicate is None or rel["predicate"] == predicate:
                out.append((d.key, rel["predicate"], rel["object"], rel))
    return out


def successors(key: str, predicates: tuple[str, ...] = ("replaces", "repeals", "follows")) -> list[str]:
    """Keys of documents that replace, repeal or follow ``key`` (sorted).

    >>> successors("nd/2018/61/cp")
    ['nd/2025/118/cp']
    """
    return sorted({s for s, p, o, _ in relations() if o == key and p in predicates})


def current_version(key: str, predicates: tuple[str, ...] = ("replaces", "repeals")) -> str:
    """Follow replacements from ``key`` to the newest document (itself if none).

    Raises ``KeyError`` for an unknown key and ``ValueError`` when the chain
    forks (two successors).

    >>> current_version("qd/2007/93/ttg")
    'nd/2025/118/cp'
    >>> current_version("nd/2014/108/cp")
    'nd/2025/154/cp'
    """
    by_key(key)
    seen = {key}
    while True:
        nxt = successors(key, predicates)
        if not nxt:
            return key
        if len(nxt) > 1:
            raise ValueError(f"{key}: several successors {nxt}")
        key = nxt[0]
        if key in seen:
            raise ValueError(f"cycle at {key}")
        seen.add(key)


@lru_cache(maxsize=1)
def _sources() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for name in ("national_documents.json", "national_targets.json", "restructuring.json"):
        for k, v in _load(name).get("sources", {}).items():
            out[k] = tuple(v.get("urls", ()))
    return out


def sources() -> dict[str, tuple[str, ...]]:
    """Source key → URLs (empty tuple for secondary sources without a URL).

    >>> sources()["s45"][0].startswith("https://")
    True
    """
    return dict(_sources())


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True, slots=True)
class NationalTarget:
    """A national quantitative target (NQ 76/NQ-CP 2021–2030 and related).

    ``document`` is the key of the document where the target is verified (a
    sister document for S rows); ``programme`` the programme it belongs to.
    ``breakdown`` holds per-level values (``{"scope", "levels", "value"}``).
    """

    id: str  # "B06"
    area: str  # reform-area concept code ("tthc", "chinh-phu-so" …)
    metric: str  # Vietnamese phrasing
    metric_en: str
    comparator: str  # ">=", ">", "reduce>=", "top"
    value: float | None
    unit: str
    year: int
    scope: str  # as plans write it: "bộ, ngành, địa phương"
    levels: tuple[str, ...]
    document: str
    programme: str
    confidence: str
    sources: tuple[str, ...] = ()
    value_text: str = ""
    baseline: str | None = None
    breakdown: tuple[dict, ...] = ()
    related: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    note: str | None = None


@lru_cache(maxsize=1)
def national_targets() -> tuple[NationalTarget, ...]:
    """All national targets (loaded once from ``national_targets.json``).

    >>> len([t for t in national_targets() if t.programme == "nq/2021/76/cp"])
    32
    """
    out = []
    for row in _load("national_targets.json")["targets"]:
        row = dict(row)
        row["value"] = None if row["value"] is None else float(row["value"])
        for k in ("sources", "levels", "related", "keywords"):
            row[k] = tuple(row.get(k, ()))
        row["breakdown"] = tuple(row.get("breakdown", ()))
        out.append(NationalTarget(**row))
    return tuple(out)


def target_by_id(target_id: str) -> NationalTarget:
    """National target by id (``KeyError`` when unknown)."""
    for t in national_targets():
        if t.id == target_id:
            return t
    raise KeyError(target_id)


def targets_for(area: str | None = None, year: int | None = None, programme: str | None = None) -> list[NationalTarget]:
    """National targets filtered by reform area, target year and programme key.

    >>> [t.id for t in targets_for("chinh-phu-so", 2030)]
    ['B31', 'B32']
    """
    return [
        t
        for t in national_targets()
        if (area is None or t.area == area)
        and (year is None or t.year == year)
        and (programme is None or t.programme == programme)
    ]


# --------------------------------------------------------------------------- restructuring


@dataclass(frozen=True, slots=True)
class AgencyMerger:
    """Ministries (``level="national"``) or provincial departments merged into one."""

    id: str
    level: str  # national | province
    into: str
    into_kind: str  # cchc_kg.kg.ids.slug(into), e.g. "so-noi-vu"
    merged: tuple[str, ...]
    merged_kinds: tuple[str, ...]
    effective: str
    instrument: str  # document key
    confidence: str
    sources: tuple[str, ...] = ()
    functions_decree: str | None = None
    guidance: str | None = None
    function_moves: tuple[dict, ...] = ()  # {"function", "to", "to_kind", "from", "from_kind"}
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ProvinceMerger:
    """Provinces merged into one (NQ 202/2025/QH15), or a change of status."""

    id: str
    into: str  # "tỉnh Vĩnh Long", "thành phố Cần Thơ"
    members: tuple[str, ...]  # every former unit, the retained name first
    effective: str
    instrument: str
    confidence: str
    sources: tuple[str, ...] = ()
    absorbed: tuple[str, ...] = ()
    change: str = "merger"  # merger | centrally-run-city
    centre: str | None = None
    commune_units: int | None = None
    commune_instrument: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class LevelChange:
    """A change to a whole administrative level (e.g. district level abolished)."""

    id: str
    level: str
    change: str
    date: str | None
    instrument: str | None
    confidence: str
    sources: tuple[str, ...] = ()
    note: str | None = None


@lru_cache(maxsize=1)
def _restructuring() -> dict[str, Any]:
    return _load("restructuring.json")


def restructuring_facts() -> dict[str, Any]:
    """Summary facts: ``government``, ``province_departments``, ``province_summary``, ``unchanged_provinces``.

    >>> restructuring_facts()["province_summary"]["after"]
    34
    """
    raw = _restructuring()
    return {k: raw[k] for k in ("government", "province_departments", "province_summary", "unchanged_provinces")}


@lru_cache(maxsize=1)
def _agency_mergers() -> tuple[AgencyMerger, ...]:
    out = []
    for row in _restructuring()["agency_mergers"]:
        row = dict(row)
        for k in ("merged", "merged_kinds", "sources", "function_moves"):
            row[k] = tuple(row.get(k, ()))
        out.append(AgencyMerger(**row))
    return tuple(out)


def agency_mergers(level: str | None = None) -> tuple[AgencyMerger, ...]:
    """Ministry (``"national"``) and department (``"province"``) mergers of 2025."""
    return tuple(m for m in _agency_mergers() if level is None or m.level == level)


def successor_agency(name_or_kind: str, on: str | None = None, level: str | None = None) -> str:
    """Kind of the agency that took over ``name_or_kind`` (itself when unchanged).

    ``on`` (ISO date): before the merger's effective date the agency is its own
    successor. Only whole-agency mergers are followed, not function moves.

    >>> successor_agency("Sở Thông tin và Truyền thông")
    'so-khoa-hoc-va-cong-nghe'
    >>> successor_agency("so-ke-hoach-va-dau-tu", on="2024-12-31")
    'so-ke-hoach-va-dau-tu'
    """
    kind = slug(name_or_kind)
    for m in agency_mergers(level):
        if kind in m.merged_kinds and (on is None or on >= m.effective):
            return m.into_kind
    return kind


@lru_cache(maxsize=1)
def _province_changes() -> tuple[ProvinceMerger, ...]:
    raw = _restructuring()
    out = []
    for row in raw["province_status_changes"]:
        out.append(ProvinceMerger(
            id=row["id"], into=row["into"], members=(row["from"],), effective=row["effective"],
            instrument=row["instrument"], confidence=row["confidence"], sources=tuple(row["sources"]),
            change=row["change"], note=row.get("note"),
        ))
    for row in raw["province_mergers"]:
        out.append(ProvinceMerger(
            id=row["id"], into=row["into"], members=tuple(row["members"]), effective=row["effective"],
            instrument=row["instrument"], confidence=row["confidence"], sources=tuple(row["sources"]),
            absorbed=tuple(row["absorbed"]), centre=row.get("centre"), commune_units=row.get("commune_units"),
            commune_instrument=row.get("commune_instrument"), note=row.get("note"),
        ))
    return tuple(out)


def province_mergers(include_status_changes: bool = False) -> tuple[ProvinceMerger, ...]:
    """The 23 provincial mergers of NQ 202/2025/QH15 (plus Huế's status change on request).

    >>> sum(len(m.members) for m in province_mergers())
    52
    """
    return tuple(m for m in _province_changes() if include_status_changes or m.change == "merger")


def _bare(name: str) -> str:
    f = fold(name)
    for prefix in ("thanh pho ", "tinh ", "tp. ", "tp "):
        if f.startswith(prefix):
            return f[len(prefix):]
    return f


def successor_province(name: str, on: str | None = None) -> str:
    """Name of the provincial unit that ``name`` belongs to on date ``on`` (default: now).

    Matching ignores the unit type, tone-mark placement and case. Unknown or
    unchanged names are returned unchanged.

    >>> successor_province("Tiền Giang")
    'tỉnh Đồng Tháp'
    >>> successor_province("tỉnh Thừa Thiên Huế", "2025-03-01")
    'thành phố Huế'
    >>> successor_province("tỉnh Bến Tre", "2025-06-30")
    'tỉnh Bến Tre'
    """
    current = name
    for m in sorted(_province_changes(), key=lambda m: m.effective):
        if on is not None and on < m.effective:
            continue
        if _bare(current) in {_bare(x) for x in m.members}:
            current = m.into
    return current


@lru_cache(maxsize=1)
def level_changes() -> tuple[LevelChange, ...]:
    """Changes to whole administrative levels (district level ends 2025-07-01 …)."""
    out = []
    for row in _restructuring()["level_changes"]:
        out.append(LevelChange(
            id=row["id"], level=row["level"], change=row["change"], date=row["date"], instrument=row["instrument"],
            confidence=row["confidence"], sources=tuple(row["sources"]), note=row.get("note"),
        ))
    return tuple(out)


def level_end_date(level: str) -> str | None:
    """Date a whole administrative level stopped operating, or ``None``.

    >>> level_end_date("district")
    '2025-07-01'
    >>> level_end_date("province") is None
    True
    """
    for c in level_changes():
        if c.level == level and c.change == "abolished":
            return c.date
    return None
