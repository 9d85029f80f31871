"""The primitive operations every query backend provides.

Lineage and responsibility questions (``queries.lineage``,
``queries.documents``) are written once over this protocol; the embedded
SPARQL store (``queries.embedded``), a Bolt server (``queries.cypher``)
and a networkx projection (``queries.nx``) implement the primitives, so
all three give the same answers by construction.

Document dicts always carry ``DOC_FIELDS``; edge dicts ``EDGE_FIELDS``.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

__all__ = [
    "DOC_FIELDS",
    "EDGE_FIELDS",
    "TARGET_FIELDS",
    "EVIDENCE_FIELDS",
    "LINEAGE_RELATIONS",
    "CITING_RELATIONS",
    "ALL_RELATIONS",
    "Backend",
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

    def targets(self, iri: str | None = None) -> list[dict[str, Any]]:
        """Targets of one document (or of every document when ``None``).

        Each: ``iri``, ``document``, ``metric``, ``value``, ``value_text``,
        ``unit``, ``comparator``, ``year``, ``level``, ``area``, ``baseline``,
        ``group``, ``index``, ``national_id`` (catalog targets only) and
        ``evidence`` (one dict as in :meth:`edges`), sorted by (document, index, iri).
        """

    def alignments(self) -> list[dict[str, Any]]:
        """Every local→national target alignment.

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
