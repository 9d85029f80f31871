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
  (``docs`` leaves out catalog documents nothing loaded cites).

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
from cchc_kg.queries.sparql_text import RELATION_IRIS
from cchc_kg.queries.summary_read import ROW_FORMAT, SummaryIndex, SummaryLineage, summary_index

__all__ = ["ROW_FORMAT", "ROW_TARGETS_MAX", "summary_row", "refresh_summaries", "summary_version", "SummaryIndex", "summary_index", "SummaryLineage"]

_CCHC = "https://w3id.org/cchc/ontology#"
_DOC_KEY = _CCHC + "docKey"
_HAS_TARGET = _CCHC + "hasTarget"
_CITED = _CCHC + "citedDocument"
_START = _CCHC + "charStart"

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
    if n_targets > ROW_TARGETS_MAX:
        return {"document": doc, "out": out, "targets": None, "alignments": None, "cited_with_evidence": cited}
    return {"document": doc, "out": out, "targets": backend.targets(iri) if has_targets else [],
            "alignments": backend.alignments(document=iri) if has_targets else [],
            "cited_with_evidence": cited}


def summary_version(store: GraphStore) -> str:
    """Row format and a hash of the catalog graph: rows made for another version are refreshed in full."""
    lines = sorted(str(q) for q in store.raw.quads_for_pattern(None, None, None, ox.NamedNode(CATALOG_GRAPH)))
    return ROW_FORMAT + ":" + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def _all_documents(store: GraphStore) -> list[str]:
    return sorted({q.subject.value for q in store.raw.quads_for_pattern(None, ox.NamedNode(_DOC_KEY), None, None)
                   if isinstance(q.subject, ox.NamedNode) and _committed(store, q)})


def _dump(row: dict[str, Any]) -> tuple[str, str]:
    """The two stored parts of a row: what listings read, and the rest."""
    def text(x: dict[str, Any]) -> str:
        # keys in the order the backend gives them: a report read from rows prints the same text
        return json.dumps(x, ensure_ascii=False, default=str)

    return (text({"document": row["document"], "cited_with_evidence": row["cited_with_evidence"]}),
            text({"out": row["out"], "targets": row["targets"], "alignments": row["alignments"]}))


def refresh_summaries(store: GraphStore, docs: Iterable[str] | None) -> int:
    """Rewrite the rows of ``docs`` (and of any document left pending); return how many were written.

    Every row is rewritten when ``docs`` is ``None`` or when the rows were
    made for another :func:`summary_version` (first build, new catalog or
    row format). A document the store no longer describes loses its row.
    """
    version = summary_version(store)
    be = EmbeddedBackend(store)
    if docs is None or stored_version(store) != version:
        def rows() -> Iterator[tuple[str, str, str]]:
            for iri in _all_documents(store):
                r = summary_row(be, iri)
                if r is not None:
                    yield (iri, *_dump(r))

        n = replace_all_rows(store, rows())
        set_version(store, version)
        return n
    todo = set(docs) | pending_documents(store)
    rows: dict[str, tuple[str, str] | None] = {}
    for iri in sorted(todo):
        r = summary_row(be, iri)
        rows[iri] = None if r is None else _dump(r)
    write_rows(store, rows)
    clear_pending(store, todo)
    return sum(1 for v in rows.values() if v is not None)
