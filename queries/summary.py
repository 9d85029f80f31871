"""Per-document summary rows: computed at build time, read by whole-collection reports.

A row holds what a report needs about one document, so a report over
10⁵ documents reads 10⁵ rows instead of 10⁶ index look-ups:

* ``document`` — exactly :meth:`EmbeddedBackend.document` (the fields every
  listing prints);
* ``out`` — relation → IRIs it points to (edges without evidence, for
  lineage walks such as ``implements``);
* ``targets`` — :meth:`EmbeddedBackend.targets` of the document (plans);
* ``alignments`` — :meth:`EmbeddedBackend.alignments` of its targets;
  both ``null`` for a document with more than :data:`ROW_TARGETS_MAX`
  targets (readers then ask the store, as without rows: a generated 60 MB
  plan's 500k targets would make one row of hundreds of MB);
* ``cited_with_evidence`` — does a citation with a text span point at it
  (``docs`` leaves out catalog documents nothing loaded cites);
* ``in`` — ``[relation, source]`` of every edge pointing at it (what
  ``cited-by --transitive`` walks), only when something points at it;
* ``cites`` — cited document → relation → citation node → its evidence
  (what a walk shows for the edge), only when it has some;
* ``duties`` — :meth:`EmbeddedBackend.responsibilities` of the document,
  with the agency as an IRI (its name and jurisdiction are described by every
  file naming it, so they are read when the report runs), only when it has some.

A row depends only on the named graphs that describe its document (its own
file, the files citing it, the catalog), so after a build only the documents
of the graphs written or dropped are recomputed (:func:`refresh_summaries`,
passed to :func:`cchc_kg.kg.ingest.build` as ``summarize=``). Readers use the
rows only when :func:`summary_index` says they are complete; otherwise the
reports take the per-document path, with the same answers.

>>> from cchc_kg.kg.store import GraphStore
>>> st = GraphStore.open(None)
>>> refresh_summaries(st, set())
0
>>> summary_index(st) is not None
True
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from cchc_kg.kg.errors import DocumentNotFound
from cchc_kg.kg.store import CATALOG_GRAPH, GraphStore
from cchc_kg.kg.summary_store import (
    clear_pending,
    pending_documents,
    replace_all_rows,
    set_version,
    stored_version,
    write_rows,
)
from cchc_kg.queries.backend import ALL_RELATIONS
from cchc_kg.queries.embedded import EmbeddedBackend
from cchc_kg.queries.index_reads import citation_evidence
from cchc_kg.queries.sparql_text import RELATION_IRIS
from cchc_kg.queries.summary_read import ROW_FORMAT, SummaryIndex, SummaryLineage, summary_index

__all__ = ["ROW_FORMAT", "ROW_TARGETS_MAX", "summary_row", "in_edges", "out_citations", "refresh_summaries", "summary_version",
           "SummaryIndex", "summary_index", "SummaryLineage"]

_CCHC = "https://w3id.org/cchc/ontology#"
_DOC_KEY = _CCHC + "docKey"
_HAS_TARGET = _CCHC + "hasTarget"
_CITED = _CCHC + "citedDocument"
_START = _CCHC + "charStart"
_CITING = _CCHC + "citingDocument"
_CTYPE = _CCHC + "citationType"
_HAS_RESP = _CCHC + "hasResponsibility"

#: a document with more targets keeps them out of its row (``"targets": null``)
ROW_TARGETS_MAX = 5000


def _committed(store: GraphStore, q: Any) -> bool:
    g = q.graph_name
    return isinstance(g, ox.NamedNode) and store.is_committed(g.value)


def summary_row(backend: EmbeddedBackend, iri: str) -> dict[str, Any] | None:
    """The summary row of one document, or ``None`` when the store no longer has it.

    >>> from cchc_kg.kg.store import GraphStore
    >>> summary_row(EmbeddedBackend(GraphStore.open(None)), "https://w3id.org/cchc/id/doc/x") is None
    True
    """
    try:
        doc = backend.document(iri)
    except DocumentNotFound:
        return None
    st, raw = backend.store, backend.store.raw
    node = ox.NamedNode(iri)
    out: dict[str, list[str]] = {}
    for rel in ALL_RELATIONS:
        found = {q.object.value for q in raw.quads_for_pattern(node, ox.NamedNode(RELATION_IRIS[rel]), None, None)
                 if isinstance(q.object, ox.NamedNode) and q.object.value != iri and _committed(st, q)}
        if found:
            out[rel] = sorted(found)
    n_targets = sum(1 for _ in itertools.islice(
        (q for q in raw.quads_for_pattern(node, ox.NamedNode(_HAS_TARGET), None, None) if _committed(st, q)), ROW_TARGETS_MAX + 1))
    has_targets = n_targets > 0
    cited = False
    for q in raw.quads_for_pattern(None, ox.NamedNode(_CITED), node, None):
        if _committed(st, q) and next(iter(raw.quads_for_pattern(q.subject, ox.NamedNode(_START), None, None)), None):
            cited = True
            break
    has_duties = any(_committed(st, q) for q in raw.quads_for_pattern(node, ox.NamedNode(_HAS_RESP), None, None))
    duties = [{**r, "agency": r["agency"]["iri"]} for r in backend.responsibilities(iri)] if has_duties else []
    many = n_targets > ROW_TARGETS_MAX  # kept out of the row: readers ask the store
    return {"document": doc, "out": out, "targets": None if many else backend.targets(iri) if has_targets else [],
            "alignments": None if many else backend.alignments(document=iri) if has_targets else [],
            "cited_with_evidence": cited, "in": in_edges(st, iri), "duties": duties,
            "cites": out_citations(st, iri)}


def in_edges(store: GraphStore, iri: str) -> list[list[str]]:
    """``[relation, source]`` of every committed edge pointing at ``iri`` (``?x ?p iri``), sorted.

    One index scan per relation: a document cited by every plan of the
    country is rewritten at each build touching one of them, so no more is
    read here (the citation nodes are in each source's own row, see
    :func:`out_citations`).

    >>> in_edges(GraphStore.open(None), "https://w3id.org/cchc/id/doc/x")
    []
    """
    raw, node = store.raw, ox.NamedNode(iri)
    edges: set[tuple[str, str]] = set()
    for rel in ALL_RELATIONS:
        for q in raw.quads_for_pattern(None, ox.NamedNode(RELATION_IRIS[rel]), node, None):
            if isinstance(q.subject, ox.NamedNode) and _committed(store, q):
                edges.add((rel, q.subject.value))
    return [list(e) for e in sorted(edges)]


def out_citations(store: GraphStore, iri: str) -> dict[str, dict[str, dict[str, list[dict[str, Any]]]]]:
    """Cited document → relation → citation node → its evidence, for the citations of ``iri``
    (``?c citingDocument iri ; citedDocument ?d ; citationType ?p``, each triple committed).

    The evidence is :func:`cchc_kg.queries.index_reads.citation_evidence` of
    each node: what a walk over the rows shows for the edge.

    >>> out_citations(GraphStore.open(None), "https://w3id.org/cchc/id/doc/x")
    {}
    """
    raw = store.raw
    by_iri = {RELATION_IRIS[r]: r for r in ALL_RELATIONS}
    out: dict[str, dict[str, set[str]]] = {}
    for q in raw.quads_for_pattern(None, ox.NamedNode(_CITING), ox.NamedNode(iri), None):
        c = q.subject
        if not isinstance(c, ox.NamedNode) or not _committed(store, q):
            continue
        cited = {x.object.value for x in raw.quads_for_pattern(c, ox.NamedNode(_CITED), None, None)
                 if isinstance(x.object, ox.NamedNode) and _committed(store, x)}
        types = {by_iri[x.object.value] for x in raw.quads_for_pattern(c, ox.NamedNode(_CTYPE), None, None)
                 if isinstance(x.object, ox.NamedNode) and x.object.value in by_iri and _committed(store, x)}
        for d in cited:
            for rel in types:
                out.setdefault(d, {}).setdefault(rel, set()).add(c.value)
    evidence = citation_evidence(raw, sorted({c for by in out.values() for cs in by.values() for c in cs}))
    return {d: {rel: {c: evidence[c] for c in sorted(cs)} for rel, cs in sorted(by.items())} for d, by in sorted(out.items())}


def summary_version(store: GraphStore) -> str:
    """Row format and a hash of the catalog graph: rows made for another version are refreshed in full."""
    lines = sorted(str(q) for q in store.raw.quads_for_pattern(None, None, None, ox.NamedNode(CATALOG_GRAPH)))
    return ROW_FORMAT + ":" + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def _all_documents(store: GraphStore) -> list[str]:
    return sorted({q.subject.value for q in store.raw.quads_for_pattern(None, ox.NamedNode(_DOC_KEY), None, None)
                   if isinstance(q.subject, ox.NamedNode) and _committed(store, q)})


def _dump(row: dict[str, Any]) -> tuple[str | None, ...]:
    """The stored parts of a row (:data:`cchc_kg.kg.summary_store.PARTS`): what listings read, the rest,
    and the optional ``in`` and ``duties`` parts (``None`` when empty)."""
    def text(x: dict[str, Any]) -> str:
        # keys in the order the backend gives them: a report read from rows prints the same text
        return json.dumps(x, ensure_ascii=False, default=str)

    return (text({"document": row["document"], "cited_with_evidence": row["cited_with_evidence"]}),
            text({"out": row["out"], "targets": row["targets"], "alignments": row["alignments"]}),
            text(row["in"]) if row["in"] else None, text(row["duties"]) if row["duties"] else None,
            text(row["cites"]) if row["cites"] else None)


def refresh_summaries(store: GraphStore, docs: Iterable[str] | None) -> int:
    """Rewrite the rows of ``docs`` (and of any document left pending); return how many were written.

    Every row is rewritten when ``docs`` is ``None`` or when the rows were
    made for another :func:`summary_version` (first build, new catalog or
    row format). A document the store no longer describes loses its row.
    """
    version = summary_version(store)
    be = EmbeddedBackend(store)
    if docs is None or stored_version(store) != version:
        def rows() -> Iterator[tuple[str, tuple[str | None, ...]]]:
            for iri in _all_documents(store):
                r = summary_row(be, iri)
                if r is not None:
                    yield iri, _dump(r)

        n = replace_all_rows(store, rows())
        set_version(store, version)
        return n
    todo = set(docs) | pending_documents(store)
    rows: dict[str, tuple[str | None, ...] | None] = {}
    for iri in sorted(todo):
        r = summary_row(be, iri)
        rows[iri] = None if r is None else _dump(r)
    write_rows(store, rows)
    clear_pending(store, todo)
    return sum(1 for v in rows.values() if v is not None)
