"""Reading the summary rows written at build time (see :mod:`cchc_kg.queries.summary`).

Kept apart from the writer so the embedded backend, which the writer
builds on, can read rows without an import loop.

>>> from cchc_kg.kg.store import GraphStore
>>> summary_index(GraphStore.open(None)) is None  # no rows written yet
True
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from cchc_kg.kg.store import GraphStore
from cchc_kg.kg.summary_store import documents_with, iter_rows, pending_documents, read_part, stored_version

__all__ = ["ROW_FORMAT", "SummaryIndex", "summary_index", "SummaryLineage"]

#: bump when the content of a row changes: a store with rows of another format is refreshed in full
ROW_FORMAT = "summary-7"
_CCHC = "https://w3id.org/cchc/ontology#"


class SummaryIndex:
    """Read access to complete summary rows (see :func:`summary_index`)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._cache: dict[tuple[str, str], Any] = {}

    def row(self, iri: str) -> dict[str, Any] | None:
        """The decoded row of ``iri`` (document and rest parts), or ``None`` when the store has no such document."""
        d = self.part(iri, "document")
        return None if d is None else {**d, **(self.part(iri, "rest") or {})}

    def part(self, iri: str, part: str) -> Any:
        """One decoded part of the row of ``iri`` (a name of ``PARTS``, cached), or ``None`` when it has none.

        The optional parts (``in``, ``duties``) are missing when empty: ask
        for the ``document`` part to tell an empty part from a missing row.
        """
        k = (iri, part)
        if k not in self._cache:
            t = read_part(self.store, iri, part)
            self._cache[k] = None if t is None else json.loads(t)
        return self._cache[k]

    def rows(self, part: str = "document") -> Iterator[tuple[str, str]]:
        """Every ``(IRI, JSON text)`` of one part of the rows, undecoded, in the store's order.

        ``document``: ``{"document", "cited_with_evidence"}`` (what listings
        read); ``rest``: ``{"out", "targets", "alignments"}``; ``in`` and
        ``duties`` only for the documents that have some.
        """
        return iter_rows(self.store, part=part)

    def read(self, iri: str, part: str) -> Any:
        """One decoded part of the row of ``iri``, or ``None``, not cached (for a report that reads each row once)."""
        t = read_part(self.store, iri, part)
        return None if t is None else json.loads(t)

    def documents_with(self, part: str) -> list[str]:
        """The documents whose row has the optional part ``in`` or ``duties``, sorted by IRI."""
        return documents_with(self.store, part)

    def in_closure(self, iri: str, relations: tuple[str, ...]
                   ) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]] | None:
        """Everything pointing at ``iri`` over ``relations``, transitively, from the ``in`` and ``cites``
        parts: the rows of the closure edge query (``doc``, ``p``, ``x``, ``c``) and the evidence of
        each citation node ``c``; ``None`` when a document reached has no row (the caller then asks
        the store).

        >>> from cchc_kg.kg.summary_store import set_version, write_rows
        >>> st = GraphStore.open(None); set_version(st, ROW_FORMAT + ":x")
        >>> write_rows(st, {"urn:a": ("{}", "{}", '[["based_on", "urn:b"]]'),
        ...                 "urn:b": ("{}", "{}", None, None, '{"urn:a": {"based_on": {"urn:c1": [{"start": 3}]}}}')})
        >>> rows, evidence = summary_index(st).in_closure("urn:a", ("based_on",))
        >>> [(r["doc"], r["x"], r["c"]) for r in rows], evidence
        ([('urn:a', 'urn:b', 'urn:c1')], {'urn:c1': [{'start': 3}]})
        """
        from cchc_kg.queries.sparql_text import RELATION_IRIS

        wanted = set(relations)
        rows: list[dict[str, Any]] = []
        evidence: dict[str, list[dict[str, Any]]] = {}
        seen, todo = {iri}, [iri]
        cites: dict[str, dict[str, dict[str, dict[str, list[dict[str, Any]]]]]] = {}
        while todo:
            cur = todo.pop()
            if self.read(cur, "document") is None:
                return None
            for rel, x in self.read(cur, "in") or ():
                if rel not in wanted:
                    continue
                if x not in cites:
                    cites[x] = self.read(x, "cites") or {}
                found = cites[x].get(cur, {}).get(rel) or {}
                evidence.update(found)
                for c in found or [None]:
                    rows.append({"doc": cur, "p": RELATION_IRIS[rel], "x": x, "c": c})
                if x not in seen:
                    seen.add(x)
                    todo.append(x)
        return rows, evidence


def summary_index(store: Any) -> SummaryIndex | None:
    """The summary rows of ``store`` when they are complete and of this row format, else ``None``.

    ``store`` may be anything a backend holds; only a :class:`GraphStore`
    has rows.
    """
    if not isinstance(store, GraphStore):
        return None
    v = stored_version(store)
    if v is None or v.split(":", 1)[0] != ROW_FORMAT or pending_documents(store):
        return None
    return SummaryIndex(store)


class SummaryLineage:
    """A backend whose ``document``, ``targets`` and out-``edges`` come from summary rows.

    For lineage walks over many plans (``implements``): out-edges carry no
    evidence (``evidence: []``), so it must not answer a question that shows
    evidence. Documents without a row, and every other primitive, go to the
    wrapped backend.

    >>> from cchc_kg.kg.store import GraphStore
    >>> from cchc_kg.kg.summary_store import set_version, write_rows
    >>> st = GraphStore.open(None); set_version(st, ROW_FORMAT + ":x")
    >>> write_rows(st, {"urn:p": ('{"document": {"iri": "urn:p"}}', '{"alignments": [], "out": {"based_on": ["urn:q"]}, "targets": []}')})
    >>> lin = SummaryLineage(None, summary_index(st))
    >>> [e["target"] for e in lin.edges("urn:p", "out", ("based_on", "implements"))]
    ['urn:q']
    """

    def __init__(self, backend: Any, index: SummaryIndex) -> None:
        self._b, self._ix = backend, index
        self.name = getattr(backend, "name", "embedded")

    def document(self, iri: str) -> dict[str, Any]:
        r = self._ix.part(iri, "document")
        return dict(r["document"]) if r is not None else self._b.document(iri)

    def targets(self, iri: str | None = None, *, national: bool = False) -> list[dict[str, Any]]:
        if iri is not None:
            r = self._ix.part(iri, "rest")
            if r is not None and r["targets"] is not None:  # null: too many for a row, in the store
                return list(r["targets"])
        elif national and isinstance(getattr(self._b, "store", None), GraphStore):
            # national targets: the typed nodes by index, their values from the holders' rows
            import pyoxigraph as ox

            raw, keep = self._b.store.raw, self._b.store.is_committed
            typ = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
            nodes = {q.subject.value for q in raw.quads_for_pattern(None, typ, ox.NamedNode(_CCHC + "NationalTarget"), None)
                     if keep(q.graph_name.value)}
            holders = {q.subject.value for n in nodes
                       for q in raw.quads_for_pattern(None, ox.NamedNode(_CCHC + "hasTarget"), ox.NamedNode(n), None)
                       if keep(q.graph_name.value)}
            found: dict[str, dict[str, Any]] = {}
            for h in sorted(holders):
                r = self._ix.part(h, "rest")
                if r is None or r["targets"] is None:
                    return self._b.targets(iri, national=national)
                for t in r["targets"]:
                    if t["iri"] in nodes:
                        found.setdefault(t["iri"], t)
            return sorted(found.values(), key=lambda t: (t["document"], t["index"] if t["index"] is not None else -1, t["iri"]))
        elif not national:
            # every document's targets: the rows that have some (json.dumps
            # writes an empty list as '"targets": []')
            out = [t for i, text in self._ix.rows("rest") if '"targets": []' not in text
                   for t in (json.loads(text)["targets"] if '"targets": null' not in text else self._b.targets(i))]
            return sorted(out, key=lambda t: (t["document"], t["index"] if t["index"] is not None else -1, t["iri"]))
        return self._b.targets(iri, national=national)

    def edges(self, iri: str, direction: str, relations: tuple[str, ...]) -> list[dict[str, Any]]:
        if direction != "out":
            return self._b.edges(iri, direction, relations)
        r = self._ix.part(iri, "rest")
        if r is None:
            return []
        return [{"source": iri, "target": t, "relation": rel, "evidence": []}
                for rel in sorted(set(relations)) for t in r["out"].get(rel, ())]

    def alignments(self, *, national: str | None = None, document: str | None = None) -> list[dict[str, Any]]:
        if document is not None:
            r = self._ix.part(document, "rest")
            if r is not None and r["alignments"] is not None:
                return [a for a in r["alignments"] if national is None or a["national"] == national]
        elif national is None:
            # every alignment: the rows of the documents that have targets
            out = [a for i, text in self._ix.rows("rest") if '"alignments": []' not in text
                   for a in (json.loads(text)["alignments"] if '"alignments": null' not in text else self._b.alignments(document=i))]
            return sorted(out, key=lambda a: (a["national_id"] or "", a["document"], a["local"]))
        elif isinstance(getattr(self._b, "store", None), GraphStore):
            # the alignments to one national target: the plans holding them by index, the
            # alignments from their rows (which the plans' entries read next anyway)
            found = self._aligned_to(national)
            if found is not None:
                return found
        return self._b.alignments(national=national, document=document)

    def _aligned_to(self, national: str) -> list[dict[str, Any]] | None:
        import pyoxigraph as ox

        raw, keep = self._b.store.raw, self._b.store.is_committed
        p_nat, p_loc, p_has = (ox.NamedNode(_CCHC + n) for n in ("nationalTarget", "localTarget", "hasTarget"))
        locals_ = {q.object for a in raw.quads_for_pattern(None, p_nat, ox.NamedNode(national), None)
                   if keep(a.graph_name.value)
                   for q in raw.quads_for_pattern(a.subject, p_loc, None, None) if keep(q.graph_name.value)}
        docs = {q.subject.value for t in locals_ for q in raw.quads_for_pattern(None, p_has, t, None)
                if keep(q.graph_name.value)}
        out: dict[str, dict[str, Any]] = {}
        for d in sorted(docs):
            r = self._ix.part(d, "rest")
            if r is None:
                return None
            for a in (r["alignments"] if r["alignments"] is not None else self._b.alignments(document=d)):
                if a["national"] == national:
                    out.setdefault(a["local"], a)
        return sorted(out.values(), key=lambda a: (a["national_id"] or "", a["document"], a["local"]))

    def closure(
        self, iri: str, direction: str, relations: tuple[str, ...]
    ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, dict[str, Any]]]:
        from cchc_kg.queries.backend import generic_closure

        if direction != "out":
            return self._b.closure(iri, direction, relations)
        return generic_closure(self, iri, direction, relations)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._b, name)
