"""What ``check`` reads from a backend: loaded documents, citations into ended documents, open references, bases, agencies.

Split from :mod:`cchc_kg.queries.checks` (which turns these rows into
findings). On an embedded store every read is an index look-up on the
quads (:meth:`pyoxigraph.Store.quads_for_pattern`), so a read follows the
facts it returns, not the size of the store; other backends go through
:class:`cchc_kg.queries.backend.Backend`.

>>> from cchc_kg.kg.store import GraphStore
>>> from cchc_kg.queries.embedded import EmbeddedBackend
>>> open_rows(EmbeddedBackend(GraphStore.open(None)), set())
[]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cchc_kg.queries.backend import CITING_RELATIONS, LINEAGE_RELATIONS, Backend

__all__ = ["loaded_documents", "raw_store", "citations_into", "open_rows", "has_basis", "promulgators", "agency_rows", "REL"]

_ELI = "http://data.europa.eu/eli/ontology#"
_CCHC = "https://w3id.org/cchc/ontology#"
#: citation types (predicate IRIs) → relation names of the findings
REL = {
    _ELI + "based_on": "based_on", _CCHC + "implements": "implements", _CCHC + "onProposalOf": "proposal",
    _ELI + "cites": "cites",
}


def raw_store(backend: Any) -> Any:
    st = getattr(backend, "store", None)
    return st if st is not None and getattr(st, "raw", None) is not None and hasattr(st, "is_committed") else None


def loaded_documents(backend: Backend) -> list[dict[str, Any]]:
    """Every loaded document, sorted by IRI: what ``check`` needs of it, read from the indexes.

    Each: ``iri``, ``type`` (lower-case type slug, ``kh``, ``nd`` …),
    ``date``, ``year``. Other backends: their full document dicts.

    >>> from cchc_kg.kg.store import GraphStore
    >>> from cchc_kg.queries.embedded import EmbeddedBackend
    >>> loaded_documents(EmbeddedBackend(GraphStore.open(None)))
    []
    """
    st = raw_store(backend)
    if st is None:
        return backend.documents(loaded_only=True)
    import pyoxigraph as ox

    from cchc_kg.kg.store import to_python

    raw = st.raw
    preds = {k: ox.NamedNode(v) for k, v in (("type", _ELI + "type_document"), ("date", _ELI + "date_document"),
                                             ("year", _CCHC + "year"), ("src", "http://www.w3.org/ns/prov#wasDerivedFrom"))}
    out: dict[str, dict[str, Any]] = {}
    for q in raw.quads_for_pattern(None, ox.NamedNode(_CCHC + "origin"), ox.Literal("loaded"), None):
        g = q.graph_name
        if not st.is_committed(g.value) or not isinstance(q.subject, ox.NamedNode):
            continue
        vals = {k: sorted((to_python(x.object) for x in raw.quads_for_pattern(q.subject, p, None, g)), key=str) for k, p in preds.items()}
        if not vals["src"]:
            continue
        d = out.setdefault(q.subject.value, {"iri": q.subject.value, "type": None, "date": None, "year": None})
        if vals["type"] and d["type"] is None:
            d["type"] = str(vals["type"][0]).rsplit("/", 1)[-1]
        for k in ("date", "year"):
            if vals[k] and d[k] is None:
                d[k] = vals[k][0].isoformat() if hasattr(vals[k][0], "isoformat") else vals[k][0]
    return [out[i] for i in sorted(out)]


def _node(raw: Any, node: Any, graph: Any) -> dict[str, Any]:
    from cchc_kg.kg.store import to_python

    f: dict[str, Any] = {}
    for x in raw.quads_for_pattern(node, None, None, graph):
        f.setdefault(x.predicate.value, to_python(x.object))
    return f


class _Paths:
    def __init__(self, raw: Any) -> None:
        self.raw, self.cache = raw, {}

    def __call__(self, src: str | None) -> str | None:
        if not src:
            return None
        if src not in self.cache:
            import pyoxigraph as ox

            vals = sorted(q.object.value for q in self.raw.quads_for_pattern(ox.NamedNode(src), ox.NamedNode(_CCHC + "path"), None, None))
            self.cache[src] = vals[0] if vals else None
        return self.cache[src]


def _evidence(f: dict[str, Any], path: str | None) -> dict[str, Any]:
    return {"quote": f.get(_CCHC + "quote"), "sentence": f.get(_CCHC + "sentence"), "start": f.get(_CCHC + "charStart"),
            "end": f.get(_CCHC + "charEnd"), "source_path": path, "pinpoint": f.get(_CCHC + "pinpoint")}


EVIDENCE_KEYS = ("quote", "sentence", "start", "end", "source_path", "pinpoint")


def evidence_of(ev: dict[str, Any] | None) -> dict[str, Any]:
    """A finding's evidence: the same keys whatever the backend.

    >>> evidence_of({"quote": "x", "extra": 1})["quote"], sorted(evidence_of(None)) == sorted(EVIDENCE_KEYS)
    ('x', True)
    """
    return {k: (ev or {}).get(k) for k in EVIDENCE_KEYS}


def by_span(ev: dict[str, Any]) -> tuple[str, int, int]:
    """Sort key of evidence: source path, start, end (missing offsets first)."""
    return (ev.get("source_path") or "", ev.get("start") if ev.get("start") is not None else -1,
            ev.get("end") if ev.get("end") is not None else -1)


def citations_into(backend: Any, targets: Iterable[str], citing: set[str]) -> list[dict[str, Any]]:
    """Citations (based_on/implements/proposal/cites) made by ``citing`` documents into ``targets``."""
    st = raw_store(backend)
    out = []
    if st is None:
        want = set(targets)
        for d in sorted(citing):
            for e in backend.edges(d, "out", CITING_RELATIONS):
                if e["target"] in want:
                    for ev in e["evidence"]:  # one row per citation node, as read from the store's indexes
                        out.append({"document": d, "target": e["target"], "relation": e["relation"], "evidence": evidence_of(ev)})
        return out
    import pyoxigraph as ox

    raw, paths = st.raw, _Paths(st.raw)
    cited_p = ox.NamedNode(_CCHC + "citedDocument")
    for t in targets:
        for q in raw.quads_for_pattern(None, cited_p, ox.NamedNode(t), None):
            g = q.graph_name.value
            if not st.is_committed(g):
                continue
            f = _node(raw, q.subject, q.graph_name)
            rel = REL.get(f.get(_CCHC + "citationType"))
            d = f.get(_CCHC + "citingDocument")
            if rel is None or d not in citing:
                continue
            out.append({"document": d, "target": t, "relation": rel,
                        "evidence": _evidence(f, paths(f.get("http://www.w3.org/ns/prov#wasDerivedFrom")))})
    return out


def open_rows(backend: Any, citing: set[str]) -> list[dict[str, Any]]:
    """Open (ambiguous/unresolved) citations made by ``citing`` documents."""
    st = raw_store(backend)
    if st is None:
        from cchc_kg.queries.validity_sparql import primitives

        p = primitives(backend)
        rows = [{"document": d, **c} for d in sorted(citing) for c in p.open_citations(d)]
        return sorted(rows, key=lambda c: (c["source_path"] or "", c["start"] if c["start"] is not None else -1, c["citation"]))
    import pyoxigraph as ox

    raw, paths = st.raw, _Paths(st.raw)
    out = []
    for status in ("ambiguous", "unresolved"):
        for q in raw.quads_for_pattern(None, ox.NamedNode(_CCHC + "resolutionStatus"), ox.Literal(status), None):
            if not st.is_committed(q.graph_name.value):
                continue
            f: dict[str, list[Any]] = {}
            from cchc_kg.kg.store import to_python

            for x in raw.quads_for_pattern(q.subject, None, None, q.graph_name):
                f.setdefault(x.predicate.value, []).append(to_python(x.object))
            d = (f.get(_CCHC + "citingDocument") or [None])[0]
            if d not in citing:
                continue
            one = {k: v[0] for k, v in f.items()}
            ev = _evidence(one, paths(one.get("http://www.w3.org/ns/prov#wasDerivedFrom")))
            out.append({"document": d, "citation": q.subject.value, "status": status,
                        "relation": REL.get(one.get(_CCHC + "citationType"), "cites"),
                        "candidates": sorted(f.get(_CCHC + "candidate", [])), **ev})
    out.sort(key=lambda c: (c["source_path"] or "", c["start"] if c["start"] is not None else -1, c["citation"]))
    return out


def has_basis(backend: Any, iri: str) -> bool:
    st = raw_store(backend)
    basis = LINEAGE_RELATIONS + ("proposal",)
    if st is None:
        return bool(backend.edges(iri, "out", basis))
    import pyoxigraph as ox

    node = ox.NamedNode(iri)
    return any(st.is_committed(q.graph_name.value) and q.object != node
               for p in (_ELI + "based_on", _CCHC + "implements", _CCHC + "onProposalOf")
               for q in st.raw.quads_for_pattern(node, ox.NamedNode(p), None, None))


def promulgators(backend: Any, iri: str) -> list[str]:
    st = raw_store(backend)
    if st is None:
        return [e["source"] for e in backend.edges(iri, "in", ("promulgates",))]
    import pyoxigraph as ox

    return sorted({q.subject.value for q in st.raw.quads_for_pattern(None, ox.NamedNode(_CCHC + "promulgates"), ox.NamedNode(iri), None)
                   if st.is_committed(q.graph_name.value) and q.subject.value != iri})


def agency_rows(backend: Any, plans: set[str]) -> list[dict[str, Any]]:
    """(plan, agency, evidence) of the responsibilities whose agency took part in a change event.

    Embedded store: agencies with ``org:changedBy`` first (one index scan),
    then each plan's responsibility nodes; others: ``responsibilities``.
    """
    st = raw_store(backend)
    if st is None:
        rows = backend.responsibilities(None) if len(plans) > 8 else [r for p in sorted(plans) for r in backend.responsibilities(p)]
        return [{"document": r["document"], "agency": (r.get("agency") or {}).get("iri"), "name": None,
                 "evidence": evidence_of(r.get("evidence"))} for r in rows if r["document"] in plans and (r.get("agency") or {}).get("iri")]
    import pyoxigraph as ox

    raw, paths = st.raw, _Paths(st.raw)
    changed = {q.subject.value for q in raw.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/ns/org#changedBy"), None, None)}
    if not changed:
        return []
    has, agent = ox.NamedNode(_CCHC + "hasResponsibility"), ox.NamedNode(_CCHC + "agent")
    out = []
    for p in sorted(plans):
        for q in raw.quads_for_pattern(ox.NamedNode(p), has, None, None):
            for a in raw.quads_for_pattern(q.object, agent, None, q.graph_name):
                if a.object.value in changed and st.is_committed(q.graph_name.value):
                    f = _node(raw, q.object, q.graph_name)
                    out.append({"document": p, "agency": a.object.value, "name": None,
                                "evidence": _evidence(f, paths(f.get("http://www.w3.org/ns/prov#wasDerivedFrom")))})
    return out
