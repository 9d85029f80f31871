"""Summary rows kept in the store: one JSON row per document, written at build time.

Whole-collection reports (``docs``, ``implements``, ``coverage``,
``cited-by --transitive``) read one row per document instead of a dozen
index look-ups each. This module only stores and reads rows; what a row
holds is computed by :mod:`cchc_kg.queries.summary` (the graph layer never
queries documents), and a build calls it through a strategy argument
(:func:`cchc_kg.kg.ingest.build` ``summarize=``).

The rows live in their own named graph (:data:`SUMMARY_GRAPH`), which
exports and SHACL validation leave out::

    <doc> cchc:summaryDocument "{json}" .       # a document's row: its description (what listings print)
    <doc> cchc:summaryRow "{json}" .            # … and the rest (edges, targets)
    <doc> cchc:summaryIn "{json}" .             # who points at it (only when something does)
    <doc> cchc:summaryDuties "{json}" .         # its responsibilities (only when it has some)
    <doc> cchc:summaryHasDuties true .          # … a small mark, to list those documents cheaply
    <doc> cchc:summaryCites "{json}" .          # its citation nodes by cited document (only when it has some)
    <doc> cchc:summaryPending true .            # its row may be stale (a write in progress)
    <urn:summary> cchc:summaryVersion "…" .     # the row format and catalog the rows were made from

Readers trust the rows only when no row is pending and the version is the
current one (:func:`summary_ready`); otherwise they take the slow path. A
build marks the documents of every graph it is about to write or drop as
pending *before* writing, and clears the marks once their rows are
rewritten, so a build that dies in between leaves the marks for the next
build to finish.

>>> from cchc_kg.kg.store import GraphStore
>>> st = GraphStore.open(None)
>>> write_rows(st, {"urn:d1": ('{"d": 1}', '{"a": 1}', None, '[1]'), "urn:d2": None})
>>> list(iter_rows(st)), read_row(st, "urn:d1"), read_part(st, "urn:d1", "duties"), read_part(st, "urn:d1", "in")
([('urn:d1', '{"d": 1}')], ('{"d": 1}', '{"a": 1}'), '[1]', None)
>>> documents_with(st, "duties")
['urn:d1']
>>> mark_pending(st, ["urn:d1"]); sorted(pending_documents(st))
['urn:d1']
>>> clear_pending(st, ["urn:d1"]); sorted(pending_documents(st))
[]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import pyoxigraph as ox

from cchc_kg.kg.store import SUMMARY_GRAPH, GraphStore

__all__ = [
    "SUMMARY_GRAPH",
    "ROW",
    "DOC_ROW",
    "PARTS",
    "documents_in_graph",
    "write_rows",
    "replace_all_rows",
    "iter_rows",
    "read_row",
    "read_part",
    "documents_with",
    "mark_pending",
    "clear_pending",
    "pending_documents",
    "stored_version",
    "set_version",
]

_CCHC = "https://w3id.org/cchc/ontology#"
ROW = _CCHC + "summaryRow"
DOC_ROW = _CCHC + "summaryDocument"
#: the parts of a row, in the order :func:`write_rows` takes them; the first two are always written
PARTS = {"document": DOC_ROW, "rest": ROW, "in": _CCHC + "summaryIn", "duties": _CCHC + "summaryDuties",
         "cites": _CCHC + "summaryCites"}
_HAS = {"in": _CCHC + "summaryHasIn", "duties": _CCHC + "summaryHasDuties"}  # marks of the optional parts
_PENDING = _CCHC + "summaryPending"
_VERSION = _CCHC + "summaryVersion"
_DOC_KEY = _CCHC + "docKey"
_VERSION_NODE = "urn:cchc-kg:summary"
_G = ox.NamedNode(SUMMARY_GRAPH)
_TRUE = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))


def documents_in_graph(store: GraphStore, graph_iri: str) -> set[str]:
    """IRIs of every document a named graph describes (subjects of ``cchc:docKey``), by index look-up.

    >>> from cchc_kg.kg.store import GraphStore
    >>> documents_in_graph(GraphStore.open(None), "urn:none")
    set()
    """
    g = ox.NamedNode(graph_iri)
    if not store.raw.contains_named_graph(g):
        return set()
    return {q.subject.value for q in store.raw.quads_for_pattern(None, ox.NamedNode(_DOC_KEY), None, g)
            if isinstance(q.subject, ox.NamedNode)}


def _remove(store: GraphStore, iri: str, pred: str) -> None:
    raw = store.raw
    for q in list(raw.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(pred), None, _G)):
        raw.remove(q)


def _quads(iri: str, texts: tuple[str | None, ...]) -> list[ox.Quad]:
    node = ox.NamedNode(iri)
    out = []
    for (name, pred), text in zip(PARTS.items(), texts):
        if text is None:
            continue
        out.append(ox.Quad(node, ox.NamedNode(pred), ox.Literal(text), _G))
        if name in _HAS:
            out.append(ox.Quad(node, ox.NamedNode(_HAS[name]), _TRUE, _G))
    return out


def write_rows(store: GraphStore, rows: Mapping[str, tuple[str | None, ...] | None]) -> None:
    """Replace the rows of these documents: their parts' JSON texts in :data:`PARTS` order
    (``None`` or left out: no such part), or ``None`` to remove the row."""
    add = []
    for iri, texts in rows.items():
        for pred in (*PARTS.values(), *_HAS.values()):
            _remove(store, iri, pred)
        if texts is not None:
            add.extend(_quads(iri, texts))
    if add:
        store.raw.extend(add)


def replace_all_rows(store: GraphStore, rows: Iterable[tuple[str, tuple[str | None, ...]]]) -> int:
    """Replace every row at once (a full refresh) from ``(IRI, parts)``; marks and version go too."""
    raw = store.raw
    if raw.contains_named_graph(_G):
        raw.remove_graph(_G)
    n = 0
    chunk: list[ox.Quad] = []
    for iri, texts in rows:
        chunk.extend(_quads(iri, texts))
        n += 1
        if len(chunk) >= 5000:
            raw.extend(chunk)
            chunk = []
    if chunk:
        raw.extend(chunk)
    return n


def iter_rows(store: GraphStore, *, part: str = "document") -> Iterator[tuple[str, str]]:
    """Every ``(document IRI, JSON text)`` of one part of the rows (see :data:`PARTS`), in the store's order."""
    pred = ox.NamedNode(PARTS[part])
    for q in store.raw.quads_for_pattern(None, pred, None, _G):
        yield q.subject.value, q.object.value


def read_part(store: GraphStore, iri: str, part: str) -> str | None:
    """The JSON text of one part of a document's row, or ``None``."""
    q = next(iter(store.raw.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(PARTS[part]), None, _G)), None)
    return None if q is None else q.object.value


def read_row(store: GraphStore, iri: str) -> tuple[str, str] | None:
    """``(document JSON, rest JSON)`` of one document's row, or ``None``."""
    doc, rest = read_part(store, iri, "document"), read_part(store, iri, "rest")
    if doc is None or rest is None:
        return None
    return doc, rest


def documents_with(store: GraphStore, part: str) -> list[str]:
    """The documents whose row has an optional part (``in`` or ``duties``), sorted, without reading the parts."""
    return sorted(q.subject.value for q in store.raw.quads_for_pattern(None, ox.NamedNode(_HAS[part]), None, _G))


def mark_pending(store: GraphStore, docs: Iterable[str]) -> None:
    """Mark documents whose rows are about to go stale (before a write)."""
    store.raw.extend([ox.Quad(ox.NamedNode(d), ox.NamedNode(_PENDING), _TRUE, _G) for d in docs])


def clear_pending(store: GraphStore, docs: Iterable[str]) -> None:
    """Clear the marks of documents whose rows are rewritten."""
    for d in docs:
        _remove(store, d, _PENDING)


def pending_documents(store: GraphStore) -> set[str]:
    """Documents marked pending (rows possibly stale)."""
    return {q.subject.value for q in store.raw.quads_for_pattern(None, ox.NamedNode(_PENDING), None, _G)}


def stored_version(store: GraphStore) -> str | None:
    """The version the rows were written for, or ``None`` (no rows yet)."""
    for q in store.raw.quads_for_pattern(ox.NamedNode(_VERSION_NODE), ox.NamedNode(_VERSION), None, _G):
        return q.object.value
    return None


def set_version(store: GraphStore, version: str) -> None:
    """Record the version of the rows (after a full refresh)."""
    _remove(store, _VERSION_NODE, _VERSION)
    store.raw.add(ox.Quad(ox.NamedNode(_VERSION_NODE), ox.NamedNode(_VERSION), ox.Literal(version), _G))
