"""The primitive operations every query backend provides.

Lineage and responsibility questions (``cchc_kg.queries.lineage``,
``cchc_kg.queries.documents``) are written once over this protocol; the embedded
SPARQL store (``cchc_kg.queries.embedded``), a Bolt server (``cchc_kg.queries.cypher``)
and a networkx projection (``cchc_kg.queries.nx``) implement the primitives, so
all three give the same answers by construction.

Document dicts always carry ``DOC_FIELDS``; edge dicts ``EDGE_FIELDS``.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

__all__ = [
    "sort_edges",
    "DOC_FIELDS",
    "EDGE_FIELDS",
    "TARGET_FIELDS",
    "EVIDENCE_FIELDS",
    "LINEAGE_RELATIONS",
    "CITING_RELATIONS",
    "ALL_RELATIONS",
    "Backend",
    "CachedBackend",
    "generic_closure",
    "empty_document",
]

DOC_FIELDS = (
    "iri", "key", "type", "number", "symbol", "issuer", "jurisdiction",
    "level", "date", "year", "title", "source", "origin",
)
EDGE_FIELDS = ("source", "target", "relation", "evidence")
TARGET_FIELDS = (
    "iri", "document", "metric", "value", "value_text", "unit", "comparator", "year",
    "level", "area", "baseline", "group", "index", "national_id", "evidence",
)
EVIDENCE_FIELDS = ("sentence", "start", "end", "quote", "source_path", "pinpoint", "confidence", "fact_source")

#: relations followed upward by ``bases`` (legal-basis lineage)
LINEAGE_RELATIONS = ("based_on", "implements")
#: relations counted by ``cited-by``
CITING_RELATIONS = ("based_on", "implements", "proposal", "cites")
ALL_RELATIONS = CITING_RELATIONS + ("amends", "replaces", "repeals", "guides", "promulgates", "follows")


def empty_document(iri: str) -> dict[str, Any]:
    """A document dict with every field present and unknown values ``None``."""
    d: dict[str, Any] = {f: None for f in DOC_FIELDS}
    d["iri"] = iri
    return d


@runtime_checkable
class Backend(Protocol):
    """Primitive read operations over a built graph."""

    name: str

    def document(self, iri: str) -> dict[str, Any]:
        """Fields of one document (``DocumentNotFound`` if absent)."""

    def documents(self, *, loaded_only: bool = False) -> list[dict[str, Any]]:
        """Every document, sorted by IRI."""

    def targets(self, iri: str | None = None, *, national: bool = False) -> list[dict[str, Any]]:
        """Targets of one document (or of every document when ``None``).

        With ``national=True`` (and no ``iri``) only national targets
        (``cchc:NationalTarget``: the catalog's, and those of documents
        loaded as national-level).

        Each: ``iri``, ``document``, ``metric``, ``value``, ``value_text``,
        ``unit``, ``comparator``, ``year``, ``level``, ``area``, ``baseline``,
        ``group``, ``index``, ``national_id`` (catalog targets only) and
        ``evidence`` (one dict as in :meth:`edges`), sorted by (document, index, iri).
        """

    def alignments(self, *, national: str | None = None, document: str | None = None) -> list[dict[str, Any]]:
        """Local→national target alignments: all, or those to one national
        target IRI and/or of one plan document.

        Each: ``local`` and ``national`` (target IRIs), ``national_id``,
        ``document`` (plan of the local target), ``score``, ``comparison``,
        ``explanation``; sorted by (national_id, document, local).
        """

    def responsibilities(self, iri: str | None = None) -> list[dict[str, Any]]:
        """Responsibilities in one plan (or all when ``None``).

        Each: ``iri``, ``document``, ``agency`` (dict: iri, name, kind,
        jurisdiction, is_group), ``role``, ``area``, ``task`` (text or
        None), ``target`` (IRI or None), ``index`` and ``evidence``; sorted
        by (document, index, iri).
        """

    def edges(self, iri: str, direction: str, relations: tuple[str, ...]) -> list[dict[str, Any]]:
        """Edges out of (``direction='out'``) or into (``'in'``) a document.

        Each edge: ``source``, ``target`` (IRIs), ``relation`` (name) and
        ``evidence`` (list of dicts: sentence, start, end, quote,
        source_document, source_path, pinpoint, confidence, fact_source),
        sorted by (relation, other end).
        """

    def closure(
        self, iri: str, direction: str, relations: tuple[str, ...]
    ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, dict[str, Any]]]:
        """Everything reached from ``iri`` following ``relations`` in ``direction``.

        Returns ``(edges, docs)``: ``edges`` maps ``iri`` and every document
        reached to its :meth:`edges` answer; ``docs`` maps the same documents
        to :meth:`document`. ``DocumentNotFound`` if ``iri`` is unknown.
        :func:`generic_closure` is the reference implementation.
        """


def generic_closure(
    backend: Backend, iri: str, direction: str, relations: tuple[str, ...]
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, dict[str, Any]]]:
    """:meth:`Backend.closure` by one ``edges`` and one ``document`` call per document.

    >>> from cchc_kg.kg.store import GraphStore
    >>> from cchc_kg.queries.embedded import EmbeddedBackend
    >>> generic_closure(EmbeddedBackend(GraphStore.open(None)), "https://w3id.org/cchc/id/doc/x", "out", ("based_on",))
    Traceback (most recent call last):
    ...
    cchc_kg.kg.errors.DocumentNotFound: no document https://w3id.org/cchc/id/doc/x
    """
    docs = {iri: backend.document(iri)}
    edges: dict[str, list[dict[str, Any]]] = {}
    todo = [iri]
    end = "target" if direction == "out" else "source"
    while todo:
        cur = todo.pop()
        if cur in edges:
            continue
        edges[cur] = backend.edges(cur, direction, relations)
        for e in edges[cur]:
            other = e[end]
            if other not in docs:
                docs[other] = backend.document(other)
            if other not in edges:
                todo.append(other)
    return edges, docs


class CachedBackend:
    """A backend that remembers ``document`` and ``edges`` answers for one question.

    Questions over many plans (``implements``, ``coverage``) meet the same
    upper levels again and again (the province plan, NQ 76); each is read
    once. Every other primitive is passed through. Not for long-lived use:
    it does not see later writes.

    >>> from cchc_kg.kg.store import GraphStore
    >>> from cchc_kg.queries.embedded import EmbeddedBackend
    >>> be = CachedBackend(EmbeddedBackend(GraphStore.open(None)))
    >>> (be.name, be.documents())
    ('embedded', [])
    """

    def __init__(self, backend: Backend) -> None:
        self._b = backend.inner if isinstance(backend, CachedBackend) else backend
        self.name = self._b.name
        self._docs: dict[str, dict[str, Any]] = {}
        self._edges: dict[tuple[str, str, tuple[str, ...]], list[dict[str, Any]]] = {}

    @property
    def inner(self) -> Backend:
        """The wrapped backend."""
        return self._b

    def document(self, iri: str) -> dict[str, Any]:
        d = self._docs.get(iri)
        if d is None:
            d = self._docs[iri] = self._b.document(iri)
        return d

    def edges(self, iri: str, direction: str, relations: tuple[str, ...]) -> list[dict[str, Any]]:
        k = (iri, direction, tuple(relations))
        e = self._edges.get(k)
        if e is None:
            e = self._edges[k] = self._b.edges(iri, direction, relations)
        return e

    def closure(
        self, iri: str, direction: str, relations: tuple[str, ...]
    ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, dict[str, Any]]]:
        edges, docs = self._b.closure(iri, direction, relations)
        for k, v in edges.items():
            self._edges[(k, direction, tuple(relations))] = v
        self._docs.update(docs)
        return edges, docs

    def __getattr__(self, name: str) -> Any:
        return getattr(self._b, name)


def sort_edges(edges: dict[tuple[str, str, str], dict[str, Any]], direction: str) -> list[dict[str, Any]]:
    """Edges sorted like the embedded backend (evidence by path and start)."""
    out = list(edges.values())
    for e in out:
        e["evidence"].sort(key=lambda ev: (ev["source_path"] or "", ev["start"] if ev["start"] is not None else -1))
    other = "target" if direction == "out" else "source"
    out.sort(key=lambda e: (e["relation"], e[other]))
    return out
