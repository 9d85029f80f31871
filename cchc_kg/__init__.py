"""cchc-kg: knowledge graph of Vietnamese CCHC documents.

One import name for the whole project: ``cchc_kg.kg`` (records, ids, RDF,
store), ``cchc_kg.loaders`` (text → records), ``cchc_kg.queries`` (graph →
answers), ``cchc_kg.viz`` (views), ``cchc_kg.ontology`` (ontology files),
and on top the Python API (:mod:`cchc_kg.api`) and the CLI (``cchc_kg.cli``).

This package must stay cheap to import: it imports no graph library until
the API is used.

>>> import cchc_kg
>>> g = cchc_kg.open(None)            # an empty in-memory store
>>> g.implements("B06").to_dict()
[]
>>> issubclass(cchc_kg.DocumentNotFound, cchc_kg.CchcError)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cchc_kg.kg.errors import (
    AmbiguousDocument,
    BackendError,
    CchcError,
    DocumentNotFound,
    InputError,
    NoIdentityError,
    NotOfficialDocumentError,
    StoreError,
    StoreLockedError,
    UnreadableFileError,
)

if TYPE_CHECKING:
    from cchc_kg.api import Graph
    from cchc_kg.kg.model import Extraction

__version__ = "0.1.0"

__all__ = [
    "open",
    "extract",
    "Graph",
    "CchcError",
    "InputError",
    "UnreadableFileError",
    "NoIdentityError",
    "NotOfficialDocumentError",
    "DocumentNotFound",
    "AmbiguousDocument",
    "StoreLockedError",
    "StoreError",
    "BackendError",
]


def open(store: Any = ".cchc-kg", **options: Any) -> Graph:  # noqa: A001
    """The graph in the folder ``store`` (``None``: in memory); see :func:`cchc_kg.api.open`."""
    from cchc_kg.api import open as _open

    return _open(store, **options)


def extract(text: str, *, path: str = "<text>") -> list[Extraction]:
    """Records with evidence spans from one text; see :func:`cchc_kg.api.extract`."""
    from cchc_kg.api import extract as _extract

    return _extract(text, path=path)


def __getattr__(name: str) -> Any:
    if name == "Graph":
        from cchc_kg.api import Graph

        return Graph
    raise AttributeError(f"module 'cchc_kg' has no attribute {name!r}")
