"""Backend → :class:`ViewGraph`: the four views of ``cchc-kg viz``.

Written over the :class:`cchc_kg.queries.backend.Backend` primitives only
(``document``, ``documents``, ``edges``, ``targets``, ``alignments``,
``responsibilities``), so every backend draws the same picture.

>>> from cchc_kg.kg.store import GraphStore
>>> from cchc_kg.queries.embedded import EmbeddedBackend
>>> all_view(EmbeddedBackend(GraphStore.open(None))).nodes
()
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from typing import Any

from cchc_kg.kg.concepts import AREA_LABELS
from cchc_kg.kg.errors import DocumentNotFound, InputError
from cchc_kg.kg.ids import fold
from cchc_kg.queries.backend import ALL_RELATIONS, Backend
from cchc_kg.viz.model import LEVEL_LAYER, ViewEdge, ViewGraph, ViewNode, doc_kind

__all__ = [
    "ViewGraph",
    "ViewNode",
    "ViewEdge",
    "focus_view",
    "responsibilities_view",
    "target_view",
    "all_view",
    "doc_node",
    "find_national_targets",
    "AREA_LABELS",
    "DEFAULT_MAX_NODES",
]

DEFAULT_MAX_NODES = 1500


_MAX_EVIDENCE = 3
_MARKER = re.compile(r"^\s*(?:[a-zđ]\)|\d{1,2}[.)]|[IVX]+\.|[-+•–])\s*")  # list numbering kept out of labels


def _short(text: str | None, n: int) -> str:
    s = " ".join((text or "").split())
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def _rows(*pairs: tuple[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((k, str(v)) for k, v in pairs if v not in (None, "", [], ()))


def doc_node(d: dict[str, Any], *, focus: bool = False, layer: float | None = None) -> ViewNode:
    """The node of a document dict (fields of ``cchc_kg.queries.backend.DOC_FIELDS``).

    >>> n = doc_node({"iri": "x", "type": "KH", "symbol": "53/KH-UBND", "level": "district", "title": "Kế hoạch CCHC"})
    >>> n.kind, n.label
    ('doc-district', '53/KH-UBND\\nKế hoạch CCHC')
    """
    dtype = d.get("type") or ""
    symbol = d.get("symbol")
    if symbol:
        head = symbol if not dtype or str(dtype).lower() in symbol.lower() else f"{dtype} {symbol}"
    else:  # unnumbered document: type, issuer and year read better than its key
        year = d.get("year") or (d.get("date") or "")[:4]
        head = " ".join(str(x) for x in (dtype, d.get("issuer"), f"({year})" if year else "") if x) or d.get("key") or d["iri"]
        symbol = d.get("key") or head
    title = _short(d.get("title"), 80) or (_short(d.get("issuer"), 60) if d.get("symbol") else "")
    label = head + ("\n" + title if title else "")
    level = d.get("level")
    tip = _rows(
        ("type", dtype), ("symbol", d.get("symbol")), ("title", d.get("title")), ("issuer", d.get("issuer")),
        ("jurisdiction", d.get("jurisdiction")), ("level", level), ("date", d.get("date") or d.get("year")),
        ("origin", d.get("origin")), ("source", d.get("source")), ("iri", d["iri"]),
    )
    return ViewNode(
        id=d["iri"], kind=doc_kind(level), label=label, tip=tip, heading=head,
        layer=LEVEL_LAYER.get(level or "unknown", 1.0) if layer is None else layer,
        search=" ".join(str(x) for x in (symbol, d.get("title"), d.get("issuer"), d.get("key")) if x),
        focus=focus, dashed=d.get("origin") not in (None, "loaded"),
    )


def _evidence(evs: Sequence[dict[str, Any]]) -> tuple[str, ...]:
    out = []
    for ev in evs[:_MAX_EVIDENCE]:
        s = ev.get("sentence") or ev.get("quote")
        if s:
            where = ev.get("source_path")
            span = f" [{where}:{ev.get('start')}-{ev.get('end')}]" if where else ""
            out.append(_short(s, 400) + span)
    if len(evs) > _MAX_EVIDENCE:
        out.append(f"… and {len(evs) - _MAX_EVIDENCE} more")
    return tuple(out)


def _doc_edge(e: dict[str, Any]) -> ViewEdge:
    pins = sorted({ev["pinpoint"] for ev in e["evidence"] if ev.get("pinpoint")})
    return ViewEdge(
        e["source"], e["target"], e["relation"], tip=_rows(("relation", e["relation"]), ("pinpoint", ", ".join(pins))),
        evidence=_evidence(e["evidence"]),
    )


def _sublayers(nodes: dict[str, ViewNode], edges: list[ViewEdge]) -> dict[str, ViewNode]:
    """Inside one level band, put a document below the documents it is based on."""
    depth = {i: 0 for i in nodes}
    same = [(e.source, e.target) for e in edges if nodes[e.source].layer == nodes[e.target].layer and e.source != e.target]
    for _ in range(3):  # bounded: at most 3 sub-rows per band, cycles cannot loop
        changed = False
        for s, t in same:
            if depth[s] < depth[t] + 1 <= 3:
                depth[s] = depth[t] + 1
                changed = True
        if not changed:
            break
    return {i: _with_layer(n, n.layer + depth[i] * 0.25) for i, n in nodes.items()}


def _with_layer(n: ViewNode, layer: float) -> ViewNode:
    return ViewNode(n.id, n.kind, n.label, n.tip, n.heading, layer, n.search, n.focus, n.dashed)


def focus_view(
    backend: Backend,
    iris: str | Sequence[str],
    *,
    depth: int = 2,
    max_nodes: int = 300,
    relations: tuple[str, ...] = ALL_RELATIONS,
) -> ViewGraph:
    """Neighbourhood of one or more documents: bases upward, citers downward.

    Follows ``relations`` out of the focus (what it is based on, implements,
    cites …) and into it (who cites it) up to ``depth`` steps each way,
    keeping at most ``max_nodes`` documents (the view's notes say so).
    """
    roots = [iris] if isinstance(iris, str) else list(iris)
    if depth < 0:
        raise InputError("--depth must be 0 or more")
    docs = {i: backend.document(i) for i in roots}
    dist: dict[str, int] = {i: 0 for i in roots}
    capped = 0
    out_cache: dict[str, list[dict[str, Any]]] = {}

    def out_edges(i: str) -> list[dict[str, Any]]:
        if i not in out_cache:
            out_cache[i] = backend.edges(i, "out", relations)
        return out_cache[i]

    for direction in ("out", "in"):
        queue = deque((i, 0) for i in roots)
        seen = set(roots)
        while queue:
            cur, d = queue.popleft()
            if d >= depth:
                continue
            found = out_edges(cur) if direction == "out" else backend.edges(cur, "in", relations)
            for e in found:
                other = e["target"] if direction == "out" else e["source"]
                if other in seen:
                    continue
                seen.add(other)
                if other not in docs:
                    if len(docs) >= max_nodes:
                        capped += 1
                        continue
                    docs[other] = backend.document(other)
                    dist[other] = d + 1
                queue.append((other, d + 1))
    edges: dict[tuple[str, str, str], ViewEdge] = {}
    for i in docs:
        for e in out_edges(i):
            if e["target"] in docs:
                edges[(e["source"], e["target"], e["relation"])] = _doc_edge(e)
    nodes = {i: doc_node(d, focus=i in roots) for i, d in docs.items()}
    edge_list = list(edges.values())
    nodes = _sublayers(nodes, edge_list)
    notes = []
    if capped:
        notes.append(f"Showing {len(docs)} documents; {capped} more were left out (limit --max-nodes {max_nodes}).")
    heads = ", ".join(nodes[i].heading for i in roots)
    return ViewGraph(
        title=f"Neighbourhood of {heads} (depth {depth})", view="focus",
        nodes=tuple(nodes.values()), edges=tuple(edge_list), notes=tuple(notes), direction="UD",
        total_nodes=len(docs) + capped,
    )


def _area_node(area: str | None) -> ViewNode:
    code = area or "none"
    label = AREA_LABELS.get(code, code if area else "(no reform area)")
    return ViewNode(f"area:{code}", "area", label, _rows(("reform area", label), ("code", code)), label, 1.0, label)


def _target_label(t: dict[str, Any]) -> str:
    value = t.get("value_text") or (f"{t['value']:g}{t.get('unit') or ''}" if isinstance(t.get("value"), float | int) else "")
    year = f" ({t['year']})" if t.get("year") else ""
    return _short(t.get("metric"), 70) + (f"\n{t.get('comparator') or ''} {value}{year}".rstrip() if value or year else "")


def _target_node(t: dict[str, Any], kind: str, layer: float) -> ViewNode:
    tip = _rows(
        ("national id", t.get("national_id")), ("metric", t.get("metric")), ("comparator", t.get("comparator")),
        ("value", t.get("value_text") or t.get("value")), ("unit", t.get("unit")), ("year", t.get("year")),
        ("level", t.get("level")), ("reform area", AREA_LABELS.get(t.get("area") or "", t.get("area"))),
        ("baseline", t.get("baseline")), ("document", t.get("document")),
        ("evidence", _short((t.get("evidence") or {}).get("sentence"), 400)), ("iri", t["iri"]),
    )
    head = (t.get("national_id") + " " if t.get("national_id") else "") + _short(t.get("metric"), 60)
    label = (t["national_id"] + ": " if t.get("national_id") else "") + _target_label(t)
    return ViewNode(t["iri"], kind, label, tip, head, layer, " ".join(x for x in (t.get("national_id"), t.get("metric")) if x))


def responsibilities_view(backend: Backend, iris: str | Sequence[str]) -> ViewGraph:
    """Agencies ↔ reform areas / tasks / targets of a plan, edges by role.

    Layers (left to right): agencies, reform areas (and the plan), tasks, targets.
    Raises ``DocumentNotFound`` when the plan records no responsibility.
    """
    roots = [iris] if isinstance(iris, str) else list(iris)
    docs = [backend.document(i) for i in roots]
    resps = [r for i in roots for r in backend.responsibilities(i)]
    if not resps:
        raise DocumentNotFound("no responsibilities recorded for " + ", ".join(d.get("symbol") or d["iri"] for d in docs))
    targets = {t["iri"]: t for i in roots for t in backend.targets(i)}
    nodes: dict[str, ViewNode] = {}
    edges: dict[tuple[str, str, str], ViewEdge] = {}
    evid: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    plan_ids = [d["iri"] for d in docs if any(r["document"] == d["iri"] for r in resps)]
    for d in docs:
        if d["iri"] in plan_ids:
            nodes[d["iri"]] = doc_node(d, focus=True, layer=1.0)

    def link(s: str, t: str, kind: str, ev: dict[str, Any] | None = None) -> None:
        key = (s, t, kind)
        evid.setdefault(key, [])
        if ev and ev not in evid[key]:
            evid[key].append(ev)
        edges[key] = ViewEdge(s, t, kind)

    for r in resps:
        a = r["agency"]
        aid = a["iri"]
        if aid not in nodes:
            name = a.get("name") or aid.rsplit("/", 2)[-2]
            juris = a.get("jurisdiction")
            nodes[aid] = ViewNode(
                aid, "agency-group" if a.get("is_group") else "agency", name + (f"\n{juris}" if juris else ""),
                _rows(("agency", name), ("kind", a.get("kind")), ("jurisdiction", juris), ("group", "yes" if a.get("is_group") else ""), ("iri", aid)),
                name, 0.0, " ".join(x for x in (name, a.get("kind"), juris) if x),
            )
        area = _area_node(r.get("area")) if r.get("area") or r.get("task") else None
        if area is not None and area.id not in nodes:
            nodes[area.id] = area
            link(r["document"], area.id, "contains")
        if r.get("target") and r["target"] in targets:
            t = targets[r["target"]]
            if t["iri"] not in nodes:
                nodes[t["iri"]] = _target_node(t, "target", 3.0)
                tarea = _area_node(t.get("area")) if t.get("area") else area
                if tarea is not None:
                    nodes.setdefault(tarea.id, tarea)
                    link(tarea.id, t["iri"], "contains")
                else:
                    link(r["document"], t["iri"], "has_target")
            link(aid, t["iri"], r["role"], r.get("evidence"))
        elif r.get("task"):
            tid = "task:" + fold(r["task"])[:200]
            if tid not in nodes:
                nodes[tid] = ViewNode(tid, "task", _short(_MARKER.sub("", r["task"]), 90), _rows(("task", r["task"]), ("reform area", area.label if area else "")), _short(r["task"], 60), 2.0, r["task"])
                if area is not None:
                    link(area.id, tid, "contains")
            link(aid, tid, r["role"], r.get("evidence"))
        elif area is not None:
            link(aid, area.id, r["role"], r.get("evidence"))
        else:
            link(aid, r["document"], r["role"], r.get("evidence"))
    for s in list(nodes):
        if s.startswith("area:"):
            nodes[s] = _with_layer(nodes[s], 1.0)
    out = []
    for key, e in edges.items():
        ev = evid[key]
        tip = _rows(("role", e.kind if e.kind not in ("contains", "has_target") else ""), ("from", nodes[e.source].heading), ("to", nodes[e.target].heading))
        out.append(ViewEdge(e.source, e.target, e.kind, tip=tip, evidence=_evidence(ev)))
    heads = ", ".join(nodes[i].heading for i in plan_ids)
    return ViewGraph(f"Responsibilities in {heads}", "responsibilities", tuple(nodes.values()), tuple(out), direction="LR")


_TARGET_ID = re.compile(r"^[A-Za-z]\d{1,3}[a-z]?$")


def find_national_targets(backend: Backend, query: str) -> list[dict[str, Any]]:
    """National targets matching a catalog id (``B06``) or words of their metric.

    Matching folds diacritics (``thanh toan truc tuyen`` finds
    ``thanh toán trực tuyến``); every word of the query must occur.
    """
    national = [t for t in backend.targets() if t.get("national_id")]
    q = query.strip()
    if _TARGET_ID.match(q):
        hits = [t for t in national if str(t["national_id"]).lower() == q.lower()]
        if hits:
            return hits
    words = fold(q).split()
    if not words:
        raise InputError("--target needs a catalog id (e.g. B06) or words of a national target")
    hits = []
    for t in national:
        hay = fold(" ".join(str(x) for x in (t.get("metric"), t.get("national_id")) if x))
        if all(w in hay for w in words):
            hits.append(t)
    if not hits:
        raise DocumentNotFound(f"no national target matches {query!r}")
    return sorted(hits, key=lambda t: str(t["national_id"]))


def target_view(backend: Backend, query: str) -> ViewGraph:
    """A national target, the local targets aligned to it (with values), their plans."""
    nationals = find_national_targets(backend, query)
    nat_ids = {t["iri"] for t in nationals}
    aligned = [a for a in backend.alignments() if a["national"] in nat_ids]
    all_targets = {t["iri"]: t for t in backend.targets()} if aligned else {}
    nodes: dict[str, ViewNode] = {}
    edges: list[ViewEdge] = []
    docs: dict[str, dict[str, Any]] = {}

    def doc(i: str) -> dict[str, Any]:
        if i not in docs:
            docs[i] = backend.document(i)
        return docs[i]

    for t in nationals:
        nodes[t["iri"]] = _target_node(t, "national-target", 1.0)
        if t.get("document"):
            host = doc(t["document"])
            nodes.setdefault(host["iri"], doc_node(host, layer=0.0))
            edges.append(ViewEdge(host["iri"], t["iri"], "has_target"))
    for a in aligned:
        local = all_targets.get(a["local"])
        if local is None:
            continue
        if local["iri"] not in nodes:
            nodes[local["iri"]] = _target_node(local, "target", 2.0)
        plan = doc(a["document"])
        if plan["iri"] not in nodes:
            nodes[plan["iri"]] = doc_node(plan, layer=3.0)
        edges.append(ViewEdge(plan["iri"], local["iri"], "has_target"))
        score = a.get("score")
        edges.append(ViewEdge(
            local["iri"], a["national"], "aligns", label=a.get("comparison") or "",
            tip=_rows(("comparison", a.get("comparison")), ("score", f"{score:.2f}" if isinstance(score, float | int) else score), ("explanation", a.get("explanation"))),
            evidence=_evidence([local["evidence"]] if local.get("evidence") else []),
        ))
    notes = () if aligned else ("No local target is aligned to this national target yet.",)
    names = ", ".join(str(t["national_id"]) for t in nationals)
    return ViewGraph(f"National target {names}: aligned local targets", "target", tuple(nodes.values()), tuple(edges), notes, "LR")


def all_view(backend: Backend, *, max_nodes: int = DEFAULT_MAX_NODES, relations: tuple[str, ...] = ALL_RELATIONS) -> ViewGraph:
    """Every document and document relation, capped at ``max_nodes``.

    When capped, loaded documents come first, then the most connected
    ones; the view's notes say how many were left out.
    """
    docs = backend.documents()
    raw = [e for d in docs for e in backend.edges(d["iri"], "out", relations)]
    degree: dict[str, int] = {}
    for e in raw:
        degree[e["source"]] = degree.get(e["source"], 0) + 1
        degree[e["target"]] = degree.get(e["target"], 0) + 1
    notes = []
    if len(docs) > max_nodes:
        ranked = sorted(docs, key=lambda d: (d.get("origin") != "loaded", -degree.get(d["iri"], 0), d["iri"]))
        docs = ranked[:max_nodes]
        notes.append(
            f"Showing {max_nodes} of {len(ranked)} documents (loaded documents first, then the most connected); "
            "raise --max-nodes to see more."
        )
        total = len(ranked)
    else:
        total = len(docs)
    keep = {d["iri"] for d in docs}
    nodes = {d["iri"]: doc_node(d) for d in sorted(docs, key=lambda d: d["iri"])}
    edges = [_doc_edge(e) for e in raw if e["source"] in keep and e["target"] in keep]
    return ViewGraph("All documents", "all", tuple(nodes.values()), tuple(edges), tuple(notes), "UD", total)
