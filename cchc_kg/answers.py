"""The API's answers: frozen results whose ``to_dict()`` is the JSON the CLI prints.

Each answer keeps the CLI's ``--json`` value (``data``) and offers typed
views on it; :mod:`cchc_kg.api` returns them (and re-exports every name
here, so ``from cchc_kg.api import Bases`` keeps working).

>>> b = Bases({"document": {"iri": "https://w3id.org/cchc/id/doc/a", "symbol": "5/KH-UBND"}, "relation": None,
...            "evidence": [], "bases": []})
>>> b.document.symbol, b.to_dict()["bases"]
('5/KH-UBND', [])
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc_kg.queries.backend import DOC_FIELDS

__all__ = [
    "Document",
    "DocumentInfo",
    "BuildSummary",
    "Bases",
    "CitedBy",
    "Targets",
    "Implements",
    "Coverage",
    "Agencies",
    "AgencyDuties",
    "CheckReport",
    "Changes",
    "View",
    "one_or_many",
]


def _frozen_copy(data: Any) -> Any:
    return copy.deepcopy(data)


@dataclass(frozen=True, slots=True)
class Document:
    """One document's fields (``None`` when unknown).

    >>> Document.from_dict({"iri": "https://w3id.org/cchc/id/doc/a", "symbol": "64/KH-UBND"}).symbol
    '64/KH-UBND'
    """

    iri: str
    key: str | None = None
    type: str | None = None
    number: str | None = None
    symbol: str | None = None
    issuer: str | None = None
    jurisdiction: str | None = None
    level: str | None = None
    date: str | None = None
    year: int | None = None
    title: str | None = None
    source: str | None = None
    origin: str | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Document:
        return cls(**{f: d.get(f) for f in DOC_FIELDS})

    def to_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in DOC_FIELDS}


@dataclass(frozen=True, slots=True)
class _Answer:
    """An answer as the CLI's ``--json`` prints it (``data``), with typed views on it."""

    data: Any = field(repr=False)

    def to_dict(self) -> Any:
        """The JSON value ``cchc-kg <command> --json`` prints (a fresh copy)."""
        return _frozen_copy(self.data)


def one_or_many(items: Sequence[Any]) -> Any:
    """The CLI prints one answer as itself and several (a DOC naming several documents) as a list."""
    return items[0] if len(items) == 1 else list(items)


@dataclass(frozen=True, slots=True)
class BuildSummary(_Answer):
    """``cchc-kg build --json``: counts, failure reasons and problems of one build."""

    @property
    def loaded(self) -> int:
        return int(self.data["loaded"])

    @property
    def failed(self) -> int:
        return int(self.data["failed"])

    @property
    def problems(self) -> tuple[dict[str, Any], ...]:
        return tuple(self.data["problems"])


@dataclass(frozen=True, slots=True)
class DocumentInfo(_Answer):
    """``cchc-kg show --json``: a document, its relations with evidence, and its citers."""

    @property
    def items(self) -> tuple[dict[str, Any], ...]:
        return tuple(self.data) if isinstance(self.data, list) else (self.data,)

    @property
    def document(self) -> Document:
        return Document.from_dict(self.items[0]["document"])

    @property
    def relations(self) -> tuple[dict[str, Any], ...]:
        return tuple(self.items[0]["relations"])

    @property
    def cited_by(self) -> tuple[str, ...]:
        return tuple(self.items[0]["cited_by"])


@dataclass(frozen=True, slots=True)
class Bases(_Answer):
    """``cchc-kg bases --json``: the legal-basis tree (one per document DOC names)."""

    @property
    def trees(self) -> tuple[dict[str, Any], ...]:
        return tuple(self.data) if isinstance(self.data, list) else (self.data,)

    @property
    def document(self) -> Document:
        return Document.from_dict(self.trees[0]["document"])

    def lines(self) -> list[tuple[int, str, Document]]:
        """``(level, relation, document)`` depth-first, the root first (relation ``""``)."""
        from cchc_kg.queries.lineage import flatten_tree

        return [(lvl, n["relation"] or "", Document.from_dict(n["document"]))
                for t in self.trees for lvl, n in flatten_tree(t)]


@dataclass(frozen=True, slots=True)
class CitedBy(_Answer):
    """``cchc-kg cited-by --json``: documents based on / implementing / citing a document."""

    @property
    def documents(self) -> tuple[Document, ...]:
        return tuple(Document.from_dict(r["document"]) for r in self.data)

    def __len__(self) -> int:
        return len(self.data)


@dataclass(frozen=True, slots=True)
class Targets(_Answer):
    """``cchc-kg targets --json``: a plan and its quantified targets."""

    @property
    def items(self) -> tuple[dict[str, Any], ...]:
        """One ``{"document", "targets"}`` per document DOC names."""
        return tuple(self.data) if isinstance(self.data, list) else (self.data,)

    @property
    def targets(self) -> tuple[dict[str, Any], ...]:
        return tuple(t for r in self.items for t in r["targets"])


@dataclass(frozen=True, slots=True)
class Implements(_Answer):
    """``cchc-kg implements --json``: national targets matching a query, with the local plans adopting them."""

    @property
    def plans(self) -> tuple[Document, ...]:
        return tuple(Document.from_dict(p["document"]) for r in self.data for p in r["plans"])


@dataclass(frozen=True, slots=True)
class Coverage(_Answer):
    """``cchc-kg coverage --json``: national targets × plans."""

    def markdown(self) -> str:
        from cchc_kg.queries.plans import coverage_markdown

        return coverage_markdown(self.data)

    def csv(self) -> str:
        from cchc_kg.queries.plans import coverage_csv

        return coverage_csv(self.data)


@dataclass(frozen=True, slots=True)
class Agencies(_Answer):
    """``cchc-kg agencies --json``: responsibilities (agency, role, area, task, evidence)."""

    def __len__(self) -> int:
        return len(self.data)


@dataclass(frozen=True, slots=True)
class AgencyDuties(_Answer):
    """``cchc-kg agency --json``: ``{"query", "organisations": [{"agency", "responsibilities"}]}``."""

    @property
    def organisations(self) -> tuple[dict[str, Any], ...]:
        return tuple(self.data["organisations"])


@dataclass(frozen=True, slots=True)
class Changes(_Answer):
    """``cchc-kg changes --json``: replacement, repeal and amendment facts with their evidence."""

    @property
    def facts(self) -> tuple[Any, ...]:
        """The facts as :class:`cchc_kg.queries.validity_facts.ChangeFact` records."""
        from cchc_kg.queries.validity_facts import ChangeFact

        return tuple(ChangeFact(**d) for d in self.data)

    def __len__(self) -> int:
        return len(self.data)


@dataclass(frozen=True, slots=True)
class CheckReport(_Answer):
    """``cchc-kg check --json``: ``{"as_of": date, "summary": {...}, "findings": [...]}``."""

    @property
    def findings(self) -> tuple[dict[str, Any], ...]:
        return tuple(self.data["findings"])


@dataclass(frozen=True, slots=True)
class View:
    """An interactive graph view (:class:`cchc_kg.viz.model.ViewGraph`) that writes itself as HTML."""

    graph: Any

    def html(self) -> str:
        from cchc_kg.viz.render import render

        return render(self.graph)

    def write(self, path: str | Path) -> Path:
        from cchc_kg.viz.render import write_html

        write_html(self.graph, Path(path))
        return Path(path)
