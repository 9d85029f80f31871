"""Choose a query backend by name: ``embedded``, ``neo4j`` (Bolt) or ``networkx``.

The Bolt password is read from the environment (``NEO4J_PASSWORD``) here
and nowhere else; it is never a parameter. Empty means no authentication.

>>> make_backend("embedded", store=None).name
'embedded'
>>> make_backend("sqlite", store=None)
Traceback (most recent call last):
...
kg.errors.InputError: unknown backend 'sqlite'; use embedded, neo4j or networkx
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.store import GraphStore

__all__ = ["BACKENDS", "make_backend", "bolt_settings"]

BACKENDS = ("embedded", "neo4j", "networkx")


def bolt_settings(uri: str | None = None, user: str | None = None) -> tuple[str, str | None, str | None]:
    """(uri, user, password) from arguments, then ``NEO4J_URI`` / ``NEO4J_USER`` / ``NEO4J_PASSWORD``."""
    u = uri or os.environ.get("NEO4J_URI") or "bolt://127.0.0.1:7687"
    who = user or os.environ.get("NEO4J_USER") or None
    password = os.environ.get("NEO4J_PASSWORD") or None
    return u, who, password


def make_backend(name: str, *, store: Path | None, uri: str | None = None, user: str | None = None,
                 database: str | None = None) -> Any:
    """A :class:`queries.backend.Backend` named ``name``.

    ``embedded`` and ``networkx`` read ``store`` (``None`` = an empty
    in-memory store); ``neo4j`` connects to ``uri`` (env ``NEO4J_URI``).
    """
    if name == "embedded":
        from queries.embedded import EmbeddedBackend

        return EmbeddedBackend(GraphStore.open(store))
    if name == "networkx":
        from queries.nx import NetworkxBackend

        return NetworkxBackend.from_store(GraphStore.open(store))
    if name == "neo4j":
        from kg.neo4j_writer import connect
        from queries.cypher import CypherBackend

        u, who, password = bolt_settings(uri, user)
        return CypherBackend(connect(u, user=who, password=password, database=database))
    raise InputError(f"unknown backend {name!r}; use embedded, neo4j or networkx")
