"""Who held an agency's responsibilities at a date, following ORG change events.

Written over the primitives of :mod:`cchc_kg.queries.validity_sparql`
(``change_events_from``, ``organisation``), so it works on an embedded
backend, a :class:`cchc_kg.kg.store.GraphStore` or an ``rdflib.Graph`` holding the
change events of :mod:`cchc_kg.kg.changes_graph`.

Whole-agency events (``merger``, ``status-change``, ``province-merger``)
pass the agency's duties to the resulting organisations; a ``dissolution``
ends them (the event's note says where they went); a
``function-transfer`` moves one function and is listed, not followed.

>>> from cchc_kg.kg.changes_graph import OrgRef, changes_graph
>>> g = changes_graph([OrgRef("so-thong-tin-va-truyen-thong", "tỉnh Vĩnh Long")])
>>> iri = OrgRef("so-thong-tin-va-truyen-thong", "tỉnh Vĩnh Long").iri
>>> [h["name"] for h in holder_at(g, iri, "2024-01-01")["holders"]]
['Sở Thông tin và Truyền thông']
>>> r = holder_at(g, iri, "2026-01-01")
>>> [(h["name"], h["jurisdiction"]) for h in r["holders"]], [e["date"] for e in r["chain"]]
([('Sở Khoa học và Công nghệ', 'tỉnh Vĩnh Long')], ['2025-03-01', '2025-07-01'])
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
import datetime as _dt
from typing import Any

from cchc_kg.queries.validity_sparql import primitives

__all__ = ["FOLLOWED_TYPES", "holder_at", "agencies_as_of", "iter_agencies_as_of", "iso_date"]

#: event types whose resulting organisations take over the whole agency
FOLLOWED_TYPES = ("merger", "status-change", "province-merger", "dissolution")


def iso_date(d: Any) -> str:
    """``date``/``datetime``/ISO string → ``YYYY-MM-DD`` (``ValueError`` otherwise).

    >>> iso_date(_dt.date(2026, 1, 1)), iso_date("2025-07-01")
    ('2026-01-01', '2025-07-01')
    """
    if isinstance(d, _dt.datetime):
        return d.date().isoformat()
    if isinstance(d, _dt.date):
        return d.isoformat()
    if isinstance(d, str):
        return _dt.date.fromisoformat(d.strip()[:10]).isoformat()
    raise ValueError(f"not a date: {d!r}")


def _org(prims: Any, orgs: dict[str, dict[str, Any]], iri: str) -> dict[str, Any]:
    if iri not in orgs:
        orgs[iri] = prims.organisation(iri)
    return orgs[iri]


def _event_view(e: dict[str, Any], prims: Any, orgs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    def org(i: str) -> dict[str, Any]:
        return _org(prims, orgs, i)

    return {
        "event": e["event"], "id": e["id"], "type": e["type"], "date": e["date"],
        "confidence": e["confidence"], "fact_source": e["fact_source"], "instrument": e["instrument"],
        "function": e["function"], "note": e["note"],
        "originals": [org(i) for i in e["originals"]], "resulting": [org(i) for i in e["resulting"]],
    }


def _reachable(prims: Any, start: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Followed events reachable from ``start`` (any date) and the function transfers met."""
    events: dict[str, dict[str, Any]] = {}
    transfers: dict[str, dict[str, Any]] = {}
    todo, seen = [start], {start}
    while todo:
        o = todo.pop()
        for e in prims.change_events_from(o):
            if e["type"] not in FOLLOWED_TYPES:
                transfers[e["event"]] = e
                continue
            events[e["event"]] = e
            for r in e["resulting"]:
                if r not in seen:
                    seen.add(r)
                    todo.append(r)
    key = lambda e: (e["date"] or "", e["event"])  # noqa: E731
    return sorted(events.values(), key=key), sorted(transfers.values(), key=key)


def _simulate(start: str, events: list[dict[str, Any]], until: str) -> tuple[list[str], list[dict[str, Any]], list[dict[str, Any]]]:
    holders = [start]
    chain, dissolutions = [], []
    for e in events:
        if e["date"] and e["date"] > until:
            break
        hit = [h for h in holders if h in e["originals"]]
        if not hit:
            continue
        chain.append(e)
        if e["type"] == "dissolution":
            dissolutions.append(e)
        rest = [h for h in holders if h not in e["originals"]]
        holders = rest + [r for r in e["resulting"] if r not in rest]
    return sorted(set(holders)), chain, dissolutions


def holder_at(source: Any, agency_iri: str, date: Any, *, today: Any = None) -> dict[str, Any]:
    """Who held ``agency_iri``'s duties on ``date`` and who holds them ``today``.

    Returns ``agency`` (organisation dict), ``date``, ``holders`` (list of
    organisation dicts; empty after a dissolution), ``chain`` (the events
    up to ``date``, each with ``date``, ``type``, ``confidence``,
    ``fact_source``, ``instrument``, ``originals``, ``resulting``, ``note``),
    ``dissolved`` (bool), ``function_transfers`` (functions moved away from a
    holder by ``date``) and ``now`` (the same three keys at ``today``).
    """
    prims = primitives(source)
    on, now = iso_date(date), iso_date(today or _dt.date.today())
    orgs: dict[str, dict[str, Any]] = {}
    events, transfers = _reachable(prims, agency_iri)

    def at(d: str) -> dict[str, Any]:
        holders, chain, dissolved = _simulate(agency_iri, events, d)
        touched = {agency_iri} | {o for e in chain for o in e["originals"] + e["resulting"]}
        moves = [t for t in transfers if (t["date"] or "") <= d and set(t["originals"]) & touched]
        view = lambda e: _event_view(e, prims, orgs)  # noqa: E731
        return {
            "date": d,
            "holders": [_org(prims, orgs, h) for h in holders],
            "chain": [view(e) for e in chain],
            "dissolved": bool(dissolved) and not holders,
            "function_transfers": [view(t) for t in moves],
        }

    here = at(on)
    later = at(now)
    agency = prims.organisation(agency_iri)
    return {"agency": agency, **here, "now": {k: later[k] for k in ("date", "holders", "chain", "dissolved")}}


def agencies_as_of(source: Any, responsibilities: list[dict[str, Any]], date: Any, *, today: Any = None) -> list[dict[str, Any]]:
    """Copies of ``responsibilities`` (backend dicts) with ``agency_as_of``: the holders at ``date``.

    ``agency_as_of`` has ``date``, ``holders``, ``chain``, ``dissolved``,
    ``changed`` (True when the holders differ from the named agency) and
    ``now`` (holders today).
    """
    return list(iter_agencies_as_of(source, responsibilities, date, today=today))


def iter_agencies_as_of(source: Any, responsibilities: Iterable[dict[str, Any]], date: Any, *,
                        today: Any = None) -> Iterator[dict[str, Any]]:
    """:func:`agencies_as_of` as a stream (each agency's holders worked out once).

    >>> list(iter_agencies_as_of(None, [{"agency": None}], None))
    [{'agency': None, 'agency_as_of': None}]
    """
    cache: dict[str, dict[str, Any]] = {}
    for r in responsibilities:
        iri = (r.get("agency") or {}).get("iri")
        r2 = dict(r)
        if iri:
            if iri not in cache:
                h = holder_at(source, iri, date, today=today)
                cache[iri] = {
                    "date": h["date"], "holders": h["holders"], "chain": h["chain"], "dissolved": h["dissolved"],
                    "changed": [x["iri"] for x in h["holders"]] != [iri], "now": h["now"],
                }
            r2["agency_as_of"] = cache[iri]
        else:
            r2["agency_as_of"] = None
        yield r2
