"""The answers the web app gives: the same dicts as the CLI's ``--json``.

One function per CLI command (``docs``, ``show``, ``bases``, ``cited-by``,
``targets``, ``implements``, ``coverage``, ``agencies``, ``agency``), each
composed from the query layer exactly as the command composes it, so
``/api/…`` and ``cchc-kg … --json`` agree (``tests/test_web_api.py``
checks every one on the seeds). Pages render these same dicts.

Library errors (``cchc_kg.kg.errors.CchcError``) propagate; the app turns them into
HTTP answers at its edge.

>>> from cchc_kg.kg.store import GraphStore
>>> from cchc_kg.queries.embedded import EmbeddedBackend
>>> docs_answer(EmbeddedBackend(GraphStore.open(None)))
[]
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from cchc_kg.kg.errors import InputError
from cchc_kg.loaders.docquery import parse_doc_query
from cchc_kg.queries.documents import describe, list_documents, resolve_doc
from cchc_kg.queries.lineage import bases as q_bases
from cchc_kg.queries.lineage import cited_by as q_cited_by
from cchc_kg.queries.plans import agencies as q_agencies
from cchc_kg.queries.plans import agency as q_agency
from cchc_kg.queries.plans import coverage as q_coverage
from cchc_kg.queries.plans import implements as q_implements
from cchc_kg.queries.plans import plan_targets

__all__ = [
    "parse_date",
    "resolve",
    "one_or_many",
    "docs_answer",
    "show_answer",
    "bases_answer",
    "cited_by_answer",
    "targets_answer",
    "implements_answer",
    "coverage_answer",
    "agencies_answer",
    "agency_answer",
]


def parse_date(value: str | None, name: str = "as_of") -> str | None:
    """An ISO date string, or ``None``; ``InputError`` on anything else.

    >>> parse_date(" 2026-01-01 "), parse_date(None)
    ('2026-01-01', None)
    """
    if value is None or not value.strip():
        return None
    try:
        return _dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InputError(f"{name}: not a date (YYYY-MM-DD): {value!r}") from None


def resolve(backend: Any, doc: str) -> list[str]:
    """A DOC string (IRI, path or citation, as on the command line) → IRIs."""
    return resolve_doc(backend, parse_doc_query(doc))


def one_or_many(rows: list[Any]) -> Any:
    """The CLI's convention: one answer alone, several as a list."""
    return rows if len(rows) > 1 else rows[0]


def docs_answer(backend: Any, *, search: str | None = None, loaded: bool = False, all_docs: bool = False) -> list[dict[str, Any]]:
    """``cchc-kg docs --json``."""
    return list_documents(backend, loaded_only=loaded, text=search or None, include_uncited_catalog=all_docs)


def show_answer(backend: Any, doc: str) -> Any:
    """``cchc-kg show DOC --json``: each document described, with its validity."""
    from cchc_kg.queries.validity import validity_lookup

    result = [describe(backend, i) for i in resolve(backend, doc)]
    validity = validity_lookup(backend)
    for r in result:
        r["validity"] = validity(r["document"]["iri"])
    return one_or_many(result)


def bases_answer(backend: Any, doc: str, *, depth: int | None = None, as_of: str | None = None) -> Any:
    """``cchc-kg bases DOC [--depth N] [--as-of DATE] --json``."""
    trees = [q_bases(backend, i, depth=depth) for i in resolve(backend, doc)]
    day = parse_date(as_of)
    if day:
        from cchc_kg.queries.validity import mark_in_force, validity_lookup

        lookup = validity_lookup(backend)
        trees = [mark_in_force(t, day, lookup) for t in trees]
    return one_or_many(trees)


def cited_by_answer(backend: Any, doc: str, *, transitive: bool = False) -> list[dict[str, Any]]:
    """``cchc-kg cited-by DOC [--transitive] --json``."""
    return [r for i in resolve(backend, doc) for r in q_cited_by(backend, i, transitive=transitive)]


def targets_answer(backend: Any, doc: str, *, area: str | None = None) -> Any:
    """``cchc-kg targets DOC [--area A] --json``."""
    rows = [{"document": backend.document(i), "targets": plan_targets(backend, i, area=area)} for i in resolve(backend, doc)]
    return one_or_many(rows)


def implements_answer(backend: Any, query: str) -> list[dict[str, Any]]:
    """``cchc-kg implements QUERY --json``."""
    return q_implements(backend, query)


def coverage_answer(backend: Any, of: list[str] | None = None) -> dict[str, Any]:
    """``cchc-kg coverage [--of DOC …] --json``."""
    iris = [i for d in of for i in resolve(backend, d)] if of else None
    return q_coverage(backend, of=iris)


def _as_of(backend: Any, rows: list[dict[str, Any]], day: str) -> list[dict[str, Any]]:
    from cchc_kg.queries.orgs_time import agencies_as_of

    return agencies_as_of(backend, rows, day)


def agencies_answer(
    backend: Any, *, doc: list[str] | None = None, area: str | None = None, role: str | None = None, as_of: str | None = None
) -> list[dict[str, Any]]:
    """``cchc-kg agencies [--doc D …] [--area A] [--role R] [--as-of DATE] --json``."""
    iris = [i for d in doc for i in resolve(backend, d)] if doc else None
    try:
        rows = q_agencies(backend, doc=iris, area=area, role=role)
    except ValueError as e:  # unknown role
        raise InputError(str(e)) from None
    day = parse_date(as_of)
    return _as_of(backend, rows, day) if day else rows


def agency_answer(backend: Any, name: str, *, as_of: str | None = None) -> dict[str, Any]:
    """``cchc-kg agency NAME [--as-of DATE] --json``."""
    res = q_agency(backend, name)
    day = parse_date(as_of)
    if day:
        for o in res["organisations"]:
            o["responsibilities"] = _as_of(backend, o["responsibilities"], day)
    return res

