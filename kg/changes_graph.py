"""Organisations over time: the 2025 restructuring as W3C ORG change events.

Derived from catalog records (:mod:`cchc_kg.kg.catalog` restructuring data) and the
organisations already in the store; nothing here parses text. Each event::

    E a org:ChangeEvent, prov:Activity ;
      org:originalOrganization O ; org:resultingOrganization R ;   # none for a dissolution
      dcterms:date "2025-03-01"^^xsd:date ; prov:startedAtTime "2025-03-01T00:00:00"^^xsd:dateTime ;
      dcterms:type <https://w3id.org/cchc/concept/change/merger> ;
      dcterms:identifier "C2-01" ; dcterms:description "…"@en ; dcterms:subject "báo chí, xuất bản"@vi ;
      dcterms:coverage <unit> ; prov:used <instrument document> ;
      cchc:confidence "V" ; cchc:factSource "cchc-kg catalog row C2-01; sources s27, s28" .
    O org:changedBy E .   R org:resultedFrom E .

Event types (``dcterms:type``, concept scheme ``change``): ``merger`` (whole
agencies merged, 2025-03-01), ``function-transfer`` (one function moves,
the agency goes on), ``status-change`` (tỉnh Thừa Thiên Huế → thành phố Huế),
``province-merger`` (NQ 202/2025/QH15, 2025-07-01: the agency of each member
province → the same kind in the merged province; an agency of the province
keeping its name is both original and resulting) and ``dissolution``
(district-level bodies end 2025-07-01; no resulting organisation).

>>> orgs = [OrgRef("so-thong-tin-va-truyen-thong", "tỉnh Vĩnh Long"), OrgRef("ubnd", "huyện Long Phú")]
>>> evs = change_events(orgs)
>>> [(e.type, e.date) for e in evs if OrgRef("so-thong-tin-va-truyen-thong", "tỉnh Vĩnh Long") in e.originals]
[('merger', '2025-03-01'), ('function-transfer', '2025-03-01')]
>>> [e.type for e in evs if OrgRef("ubnd", "huyện Long Phú") in e.originals]
['dissolution']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, SKOS, XSD

from cchc_kg.kg import catalog
from cchc_kg.kg.build import add_organisation, bind_prefixes
from cchc_kg.kg.ids import GRAPH_BASE, agency_iri, doc_iri, fact_iri, fold, unit_iri
from cchc_kg.kg.model import AgencyRecord
from cchc_kg.kg.vocab import CCHC, concept

__all__ = [
    "CHANGES_GRAPH",
    "CHANGE_TYPES",
    "KIND_ALIASES",
    "OrgRef",
    "ChangeEvent",
    "province_names",
    "is_province",
    "is_district",
    "change_events",
    "changes_graph",
    "organisations_in",
    "refresh_changes",
]

CHANGES_GRAPH = GRAPH_BASE + "changes"
CHANGE_TYPES = ("merger", "function-transfer", "status-change", "province-merger", "dissolution")
NATIONAL = "Việt Nam"

#: catalog kind slugs → the kind slugs the agency loader produces
KIND_ALIASES = {
    "van-phong-uy-ban-nhan-dan-tinh": "van-phong-ubnd",
    "cong-an-tinh": "cong-an",
}
#: kinds that only exist at district level (ended with it), whatever their jurisdiction
DISTRICT_KINDS = frozenset({"ubnd-cap-huyen", "phong-ban-nganh", "chi-cuc-thue"})
_DISTRICT_WORDS = ("huyen ", "quan ", "thi xa ", "thanh pho ")
_DISSOLUTION_NOTE = (
    "Their duties pass to the commune-level People's Committees and to provincial bodies "
    "(two-tier local government)."
)


@dataclass(frozen=True, slots=True)
class OrgRef:
    """An organisation as the graph keys it: (kind, jurisdiction name)."""

    kind: str
    jurisdiction: str | None
    name: str = field(default="", compare=False)
    is_group: bool = field(default=False, compare=False)

    @property
    def iri(self) -> str:
        return agency_iri(self.kind, self.jurisdiction)


@dataclass(frozen=True, slots=True)
class ChangeEvent:
    """One change event (see module docstring for the RDF shape)."""

    id: str  # catalog row id ("C2-01", "C4-20", "C3-01")
    type: str  # one of CHANGE_TYPES
    date: str
    originals: tuple[OrgRef, ...]
    resulting: tuple[OrgRef, ...]
    confidence: str
    sources: tuple[str, ...] = ()
    instrument: str | None = None  # document key
    coverage: str | None = None  # unit name
    function: str | None = None  # for function transfers
    note: str | None = None

    @property
    def iri(self) -> str:
        return fact_iri("change", self.id, self.type, self.coverage or "", *(o.iri for o in self.originals),
                        "->", *(r.iri for r in self.resulting), self.function or "")


def _kind(k: str) -> str:
    return KIND_ALIASES.get(k, k)


def province_names() -> dict[str, str]:
    """Folded name → name of every provincial unit the catalog knows (before and after 2025).

    >>> province_names()["tinh soc trang"]
    'tỉnh Sóc Trăng'
    >>> len(province_names())
    64
    """
    return dict(_province_names())


@lru_cache(maxsize=1)
def _province_names() -> dict[str, str]:
    names: set[str] = set(catalog.restructuring_facts()["unchanged_provinces"]["provinces"])
    for m in catalog.province_mergers(include_status_changes=True):
        names.update(m.members)
        names.add(m.into)
    return {fold(n): n for n in names}


def is_province(name: str | None) -> bool:
    """True for a provincial unit named with its type (``tỉnh Sóc Trăng``, ``thành phố Cần Thơ``).

    >>> is_province("thành phố Cần Thơ"), is_province("thành phố Sóc Trăng")
    (True, False)
    """
    return bool(name) and fold(name) in _province_names()  # type: ignore[arg-type]


def is_district(name: str | None) -> bool:
    """True for a district-level unit (huyện, quận, thị xã, city under a province).

    >>> is_district("huyện Long Phú"), is_district("thành phố Cần Thơ"), is_district("Việt Nam")
    (True, False, False)
    """
    if not name or is_province(name):
        return False
    return fold(name).startswith(_DISTRICT_WORDS)


def _namer(orgs: set[OrgRef]):
    """``ref(kind, unit) -> OrgRef`` with the best label: stored, catalog, or derived."""
    stored = {o.iri: o.name for o in orgs if o.name}
    groups = {o.kind for o in orgs if o.is_group}
    by_kind: dict[str, OrgRef] = {}
    for o in sorted(orgs, key=lambda o: o.iri):
        if o.name:
            by_kind.setdefault(o.kind, o)
    names: dict[str, str] = {}
    for m in catalog.agency_mergers():
        names[_kind(m.into_kind)] = m.into
        names.update(zip(map(_kind, m.merged_kinds), m.merged))
        for mv in m.function_moves:
            names[_kind(mv["to_kind"])] = mv["to"]
            names[_kind(mv["from_kind"])] = mv["from"]

    chosen: dict[str, OrgRef] = {}

    def ref(kind: str, unit: str, like: OrgRef | None = None) -> OrgRef:
        iri = agency_iri(kind, unit)
        if iri not in chosen:  # the first label given to an organisation is kept
            chosen[iri] = _ref(kind, unit, like)
        return chosen[iri]

    def _ref(kind: str, unit: str, like: OrgRef | None) -> OrgRef:
        iri, grp = agency_iri(kind, unit), kind in groups
        if iri in stored:
            return OrgRef(kind, unit, stored[iri], grp)
        if like is not None and like.name and like.jurisdiction:
            # the same body in another unit: swap the unit name when the label carries it
            name = like.name
            for old in (like.jurisdiction, like.jurisdiction.split(" ", 1)[-1]):
                if name.endswith(" " + old):
                    name = name[: -len(old)] + (unit if old == like.jurisdiction else unit.split(" ", 1)[-1])
                    break
            return OrgRef(kind, unit, name, grp)
        if kind in names:
            return OrgRef(kind, unit, names[kind], grp)
        other = by_kind.get(kind)
        if other is not None and other.jurisdiction and other.name.endswith(" " + other.jurisdiction):
            return OrgRef(kind, unit, other.name[: -len(other.jurisdiction)] + unit, grp)
        return OrgRef(kind, unit, kind, grp)

    return ref


def change_events(organisations: Iterable[OrgRef]) -> list[ChangeEvent]:
    """Every change event touching ``organisations`` (and the agencies they became).

    Department mergers are applied to every province present; province
    mergers move every agency of a member province; district-level agencies
    are dissolved. Sorted by (date, id, IRI).
    """
    orgs = {o for o in organisations if o.kind}
    ref = _namer(orgs)
    stored_iris = {o.iri for o in orgs}
    events: list[ChangeEvent] = []
    provinces = _province_names()
    by_unit: dict[str, set[str]] = {}
    for o in orgs:
        if o.jurisdiction and fold(o.jurisdiction) in provinces:
            by_unit.setdefault(provinces[fold(o.jurisdiction)], set()).add(o.kind)

    # national: ministry mergers whenever a national body is present
    if any(o.jurisdiction == NATIONAL for o in orgs):
        events += _agency_merger_events("national", NATIONAL, ref)

    status = {m.members[0]: m for m in catalog.province_mergers(include_status_changes=True) if m.change != "merger"}
    mergers = catalog.province_mergers()
    # kinds present per unit at the time of the province mergers, per member
    at_merger: dict[str, set[str]] = {}
    dissolve: list[OrgRef] = [
        o for o in orgs
        if o.jurisdiction != NATIONAL and not is_province(o.jurisdiction)
        and (is_district(o.jurisdiction) or o.kind in DISTRICT_KINDS or o.kind.startswith("phong-"))
    ]
    for unit, kinds in sorted(by_unit.items()):
        current = unit
        kinds = set(kinds)
        sc = status.get(unit)
        if sc is not None:
            for k in sorted(kinds):
                old = ref(k, unit)
                events.append(ChangeEvent(sc.id, "status-change", sc.effective, (old,), (ref(k, sc.into, old),),
                                          sc.confidence, sc.sources, sc.instrument, sc.into, note=sc.note))
            current = sc.into
        evs = _agency_merger_events("province", current, ref)
        events += evs
        for e in evs:
            if e.type == "merger":
                kinds -= {o.kind for o in e.originals}
                kinds |= {r.kind for r in e.resulting}
        dissolve += [ref(k, current) for k in sorted(kinds & DISTRICT_KINDS)]
        kinds -= DISTRICT_KINDS
        at_merger.setdefault(current, set()).update(kinds)
    for m in mergers:
        present = [u for u in m.members if u in at_merger]
        if not present:
            continue
        kinds = set().union(*(at_merger[u] for u in present))
        for k in sorted(kinds):
            members = [ref(k, u) for u in m.members if u != m.into and u in at_merger and k in at_merger[u]]
            model = next((o for o in members if o.iri in stored_iris), members[0] if members else None)
            result = ref(k, m.into, model)
            originals = tuple(([result] if m.into in m.members else []) + members)
            events.append(ChangeEvent(
                m.id, "province-merger", m.effective, originals, (result,), m.confidence, m.sources,
                m.instrument, m.into, note=f"{m.into} formed from {', '.join(m.members)}" + (f"; {m.note}" if m.note else ""),
            ))
    # end of the district level
    for lc in catalog.level_changes():
        if lc.level != "district" or lc.change != "abolished" or not lc.date:
            continue
        for o in sorted(set(dissolve), key=lambda o: o.iri):
            events.append(ChangeEvent(lc.id, "dissolution", lc.date, (o,), (), lc.confidence, lc.sources,
                                      lc.instrument, o.jurisdiction, note=f"{lc.note} {_DISSOLUTION_NOTE}".strip()))
    events.sort(key=lambda e: (e.date, e.id, e.iri))
    return events


def _agency_merger_events(level: str, unit: str, ref) -> list[ChangeEvent]:
    out = []
    for m in catalog.agency_mergers(level):
        if not m.merged_kinds:  # a new agency set up only where needed (C2-06): not every province
            continue
        originals = tuple(ref(_kind(k), unit) for k in m.merged_kinds)
        out.append(ChangeEvent(m.id, "merger", m.effective, originals, (ref(_kind(m.into_kind), unit),), m.confidence,
                               m.sources, m.instrument, unit, note=m.note))
        for mv in m.function_moves:
            if _kind(mv["from_kind"]) == _kind(mv["to_kind"]):
                continue
            out.append(ChangeEvent(
                m.id, "function-transfer", m.effective, (ref(_kind(mv["from_kind"]), unit),),
                (ref(_kind(mv["to_kind"]), unit),), m.confidence, m.sources, m.instrument, unit,
                function=mv["function"], note=m.note,
            ))
    # one function move may be listed under two mergers (C1-03 and C1-07): keep the first
    seen: set[tuple] = set()
    uniq = []
    for e in out:
        key = (e.type, e.originals, e.resulting, e.function)
        if key not in seen:
            seen.add(key)
            uniq.append(e)
    return uniq


def _level_of(unit: str | None) -> str:
    if unit == NATIONAL:
        return "national"
    if is_province(unit):
        return "province"
    return "district" if is_district(unit) else "unknown"


def _source_note(row_id: str, sources: tuple[str, ...]) -> str:
    return f"cchc-kg catalog row {row_id}" + (f"; sources {', '.join(sources)}" if sources else "; no source found")


def changes_graph(organisations: Iterable[OrgRef]) -> Graph:
    """The change events of :func:`change_events` as RDF (every event has confidence + source).

    >>> g = changes_graph([OrgRef("so-thong-tin-va-truyen-thong", "tỉnh Vĩnh Long")])
    >>> from rdflib.namespace import ORG
    >>> len(set(g.subjects(RDF.type, ORG.ChangeEvent))) > 5
    True
    """
    g = bind_prefixes(Graph())
    g.bind("dcterms", DCTERMS)
    for e in change_events(organisations):
        node = URIRef(e.iri)
        g.add((node, RDF.type, ORG.ChangeEvent))
        g.add((node, RDF.type, PROV.Activity))
        g.add((node, DCTERMS.identifier, Literal(e.id)))
        g.add((node, DCTERMS.type, concept("change", e.type)))
        g.add((node, DCTERMS.date, Literal(e.date, datatype=XSD.date)))
        g.add((node, PROV.startedAtTime, Literal(e.date + "T00:00:00", datatype=XSD.dateTime)))
        g.add((node, CCHC.confidence, Literal(e.confidence)))
        g.add((node, CCHC.factSource, Literal(_source_note(e.id, e.sources))))
        if e.instrument:
            g.add((node, PROV.used, URIRef(doc_iri(e.instrument))))
        if e.coverage:
            g.add((node, DCTERMS.coverage, URIRef(unit_iri(e.coverage))))
        if e.function:
            g.add((node, DCTERMS.subject, Literal(e.function, lang="vi")))
        if e.note:
            g.add((node, DCTERMS.description, Literal(e.note, lang="en")))
        for o in e.originals:
            oi = _org(g, o)
            g.add((node, ORG.originalOrganization, oi))
            g.add((oi, ORG.changedBy, node))
        for r in e.resulting:
            ri = _org(g, r)
            g.add((node, ORG.resultingOrganization, ri))
            g.add((ri, ORG.resultedFrom, node))
    return g


def _org(g: Graph, o: OrgRef) -> URIRef:
    return add_organisation(g, AgencyRecord(kind=o.kind, name=o.name or o.kind, jurisdiction=o.jurisdiction,
                                            level=_level_of(o.jurisdiction), is_group=o.is_group))


_ORGS_QUERY = """PREFIX org: <http://www.w3.org/ns/org#>
PREFIX cchc: <https://w3id.org/cchc/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?o ?kind ?name ?unit ?group ?changes WHERE {
  GRAPH ?g { ?o a org:Organization ; cchc:agencyKind ?kind . }
  FILTER(?g != ?changes)
  OPTIONAL { ?o skos:prefLabel ?name }
  OPTIONAL { ?o cchc:jurisdiction ?j . ?j skos:prefLabel ?unit }
  OPTIONAL { ?o cchc:isGroup ?group }
}"""


def organisations_in(store) -> list[OrgRef]:
    """Organisations of a :class:`cchc_kg.kg.store.GraphStore` (outside the changes graph), as OrgRefs.

    Uses the store's quad indexes directly: an organisation is asserted in
    every source graph that mentions it, and a SPARQL join over the union
    multiplies those rows (minutes on the 400-file corpus; milliseconds here).
    """
    import pyoxigraph as ox

    raw = store.raw
    changes = ox.NamedNode(CHANGES_GRAPH)
    kind_p = ox.NamedNode(str(CCHC.agencyKind))
    label_p = ox.NamedNode(str(SKOS.prefLabel))
    jur_p = ox.NamedNode(str(CCHC.jurisdiction))
    group_p = ox.NamedNode(str(CCHC.isGroup))

    def first(s: object, p: object) -> str | None:
        vals = sorted(q.object.value for q in raw.quads_for_pattern(s, p, None, None) if q.graph_name != changes)
        return vals[0] if vals else None

    kinds: dict[str, str] = {}
    for q in raw.quads_for_pattern(None, kind_p, None, None):
        if q.graph_name != changes and isinstance(q.subject, ox.NamedNode):
            o = q.subject.value
            if o not in kinds or q.object.value < kinds[o]:
                kinds[o] = q.object.value
    found: dict[str, OrgRef] = {}
    for o, kind in kinds.items():
        node = ox.NamedNode(o)
        j = first(node, jur_p)
        unit = first(ox.NamedNode(j), label_p) if j else None
        group = first(node, group_p)
        ref = OrgRef(kind, unit, first(node, label_p) or "", group in ("true", "1"))
        if ref.iri == o:
            found.setdefault(o, ref)
    return sorted(found.values(), key=lambda r: r.iri)


def refresh_changes(store) -> int:
    """Rebuild the changes named graph from the organisations in ``store``; returns its triple count.

    Call after the source graphs are loaded (the events depend on which
    provinces and districts are present).

    >>> from cchc_kg.kg.store import GraphStore
    >>> refresh_changes(GraphStore.open(None))
    0
    """
    return store.replace_graph(CHANGES_GRAPH, changes_graph(organisations_in(store)))
