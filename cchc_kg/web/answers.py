"""The answers the web app gives: the same dicts as the CLI's ``--json``, from the same functions.

One function per CLI command (``docs``, ``show``, ``bases``, ``cited-by``,
``targets``, ``implements``, ``coverage``, ``agencies``, ``agency``). Each
asks :class:`cchc_kg.api.Graph` over the snapshot's backend
(:meth:`~cchc_kg.api.Graph.over`), as the CLI command does, so the
assembly of an answer (resolving a DOC, validity, ``--as-of``, one answer
or a list) lives in one place; ``docs`` and ``agency``, which the CLI
answers straight from the query layer, call the same query functions.
``tests/test_web_api.py`` checks every ``/api/…`` answer against the CLI
on the seeds.

Library errors (``cchc_kg.kg.errors.CchcError``) propagate; the app turns them into
HTTP answers at its edge.

>>> from cchc_kg.kg.store import GraphStore
>>> from cchc_kg.queries.embedded import EmbeddedBackend
>>> docs_answer(EmbeddedBackend(GraphStore.open(None)))
[]
"""

from __future__ import annotations

from typing import Any

from cchc_kg.api import Graph
from cchc_kg.kg.errors import InputError
from cchc_kg.api import parse_date as api_date

__all__ = [
    "parse_date",
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
    """An ISO date string, or ``None`` when no date is given; ``InputError`` on anything else.

    >>> parse_date(" 2026-01-01 "), parse_date(None), parse_date("")
    ('2026-01-01', None, None)
    """
    if value is None or not value.strip():
        return None
    try:
        return api_date(value)
    except InputError as e:
        raise InputError(f"{name}: {e}") from None


def docs_answer(backend: Any, *, search: str | None = None, loaded: bool = False, all_docs: bool = False) -> list[dict[str, Any]]:
    """``cchc-kg docs --json``."""
    from cchc_kg.queries.documents import list_documents

    return list_documents(backend, loaded_only=loaded, text=search or None, include_uncited_catalog=all_docs)


def show_answer(backend: Any, doc: str) -> Any:
    """``cchc-kg show DOC --json``: each document described, with its validity."""
    return Graph.over(backend).document(doc).to_dict()


def bases_answer(backend: Any, doc: str, *, depth: int | None = None, as_of: str | None = None) -> Any:
    """``cchc-kg bases DOC [--depth N] [--as-of DATE] --json``."""
    return Graph.over(backend).bases(doc, depth=depth, as_of=parse_date(as_of)).to_dict()


def cited_by_answer(backend: Any, doc: str, *, transitive: bool = False) -> list[dict[str, Any]]:
    """``cchc-kg cited-by DOC [--transitive] --json``."""
    return Graph.over(backend).cited_by(doc, transitive=transitive).to_dict()


def targets_answer(backend: Any, doc: str, *, area: str | None = None) -> Any:
    """``cchc-kg targets DOC [--area A] --json``."""
    return Graph.over(backend).targets(doc, area=area).to_dict()


def implements_answer(backend: Any, query: str) -> list[dict[str, Any]]:
    """``cchc-kg implements QUERY --json``."""
    return Graph.over(backend).implements(query).to_dict()


def coverage_answer(backend: Any, of: list[str] | None = None) -> dict[str, Any]:
    """``cchc-kg coverage [--of DOC …] --json``."""
    return Graph.over(backend).coverage(of=of or None).to_dict()


def agencies_answer(
    backend: Any, *, doc: list[str] | None = None, area: str | None = None, role: str | None = None, as_of: str | None = None
) -> list[dict[str, Any]]:
    """``cchc-kg agencies [--doc D …] [--area A] [--role R] [--as-of DATE] --json``."""
    return Graph.over(backend).agencies(doc or None, area=area, role=role, as_of=parse_date(as_of)).to_dict()


def agency_answer(backend: Any, name: str, *, as_of: str | None = None) -> dict[str, Any]:
    """``cchc-kg agency NAME [--as-of DATE] --json``."""
    from cchc_kg.queries.orgs_time import agencies_as_of
    from cchc_kg.queries.plans import agency

    res = agency(backend, name)
    day = parse_date(as_of)
    if day:
        for o in res["organisations"]:
            o["responsibilities"] = agencies_as_of(backend, o["responsibilities"], day)
    return res
