"""Where a graph goes out of the store: Bolt servers, SPARQL Graph Store endpoints, property-graph
files, and read-only SPARQL queries — the bodies of :class:`cchc_kg.api.Graph`'s ``push_neo4j``,
``push_sparql``, ``export_property_graph`` and ``query``.

Each takes an open :class:`~cchc_kg.kg.store.GraphStore` and returns data;
failures are :class:`~cchc_kg.kg.errors.CchcError` subclasses. A push that
fails after it has written something raises :class:`PushIncompleteError`,
whose message says what the server holds and how to finish.

>>> from cchc_kg.kg.store import GraphStore
>>> export_property_graph(GraphStore.open(None), "xml", "out.xml")
Traceback (most recent call last):
...
cchc_kg.kg.errors.InputError: unknown format 'xml'; use csv, cypher or graphml
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from cchc_kg.kg.errors import BackendError, CchcError, InputError, OutputError
from cchc_kg.kg.store import GraphStore

__all__ = ["PushIncompleteError", "push_neo4j", "push_sparql", "export_property_graph", "run_sparql",
           "PROPERTY_GRAPH_FORMATS", "GraphOutlets"]

PROPERTY_GRAPH_FORMATS = ("csv", "cypher", "graphml")


class PushIncompleteError(BackendError):
    """A push stopped after writing part of the graph: the server holds a partial graph."""


def push_neo4j(store: GraphStore, uri: str, *, user: str | None = None, password: str | None = None,
               database: str | None = None, wipe: bool = False, batch_size: int | None = None,
               max_batch_bytes: int | None = None, max_text_bytes: int | None = None,
               progress: Callable[[int, int, str], None] | None = None,
               notes: Callable[[str, Any], None] | None = None) -> Any:
    """Project the store to a property graph and MERGE it into a Bolt server (idempotent).

    ``progress(done, total, dialect)`` hears each batch; ``notes("wiped", n)``
    the number of nodes ``wipe`` deleted first. Returns the writer's
    :class:`~cchc_kg.kg.neo4j_writer.PushSummary`.
    """
    from cchc_kg.kg.neo4j_writer import connect, limits_for
    from cchc_kg.kg.neo4j_writer import push as run_push
    from cchc_kg.kg.neo4j_writer import wipe as run_wipe
    from cchc_kg.kg.pgmodel import from_store

    pg = from_store(store)
    conn = connect(uri, user=user, password=password, database=database)
    if wipe:
        gone = run_wipe(conn)
        if notes is not None:
            notes("wiped", gone)
    limits = limits_for(conn.dialect, batch_size, max_batch_bytes, max_text_bytes)
    total = len(pg.nodes) + len(pg.rels)
    step = (lambda n: progress(n, total, conn.dialect)) if progress is not None else None
    try:
        return run_push(conn, pg, limits=limits, progress=step)
    except (CchcError, OSError) as e:
        raise PushIncompleteError(f"{e} — the push stopped midway: {uri} may hold a partial graph; run the same push "
                                  "again to finish it (pushing is idempotent)") from e


def push_sparql(store: GraphStore, endpoint: str, *, include_static: bool = True) -> Any:
    """PUT every named graph to a SPARQL 1.1 Graph Store endpoint (each graph replaced whole)."""
    from cchc_kg.kg.sparql_push import push_graphs

    if not endpoint:
        raise InputError("no endpoint: pass --endpoint URL or set CCHC_SPARQL_ENDPOINT")
    done: list[str] = []
    try:
        return push_graphs(store, endpoint, include_static=include_static, progress=lambda g, n: done.append(g))
    except CchcError as e:
        if not done:
            raise
        raise PushIncompleteError(f"{e} — the push stopped after {len(done)} graphs: the server holds some graphs of "
                                  "this store and not others; run the same push again to finish (each graph is "
                                  "replaced whole)") from e


def export_property_graph(store: GraphStore, fmt: str, output: str | Path) -> dict[str, Any]:
    """Write the property graph as neo4j-admin CSV files (a folder), a cypher-shell script or GraphML.

    Returns ``{"format", "nodes", "relationships", "files", "statements"}``;
    a file already there stays unchanged when writing fails.
    """
    from cchc_kg.kg import exports
    from cchc_kg.kg.outputs import atomic_write
    from cchc_kg.kg.pgmodel import from_store

    if fmt not in PROPERTY_GRAPH_FORMATS:
        raise InputError(f"unknown format {fmt!r}; use csv, cypher or graphml")
    output = Path(output)
    pg = from_store(store)
    out: dict[str, Any] = {"format": fmt, "nodes": len(pg.nodes), "relationships": len(pg.rels), "files": [str(output)],
                           "statements": None}
    try:
        if fmt == "csv":
            out["files"] = [str(p) for p in exports.write_csv(pg, output)]
        elif fmt == "cypher":
            with atomic_write(output, "w") as fh:  # the old script stays if writing fails
                out["statements"] = exports.write_cypher(pg, fh)
        else:
            exports.write_graphml(pg, output)
    except ValueError as e:  # e.g. GraphML (XML 1.0) cannot hold a control character
        raise OutputError(f"{output} as {fmt}", str(e), "the previous file, if any, is unchanged") from e
    return out


def run_sparql(store: GraphStore, text: str, *, allow_service: bool = False, max_depth: int = 100,
               max_bytes: int = 1_000_000, fmt: str | None = None) -> Any:
    """A read-only SPARQL query over the union graph (:func:`cchc_kg.kg.sparql_query.run_query`).

    Updates are refused, ``SERVICE`` only with ``allow_service``; ``fmt``
    serialises the result (json/xml/csv/tsv, ttl/nt) into ``.data``.
    """
    from cchc_kg.kg.sparql_query import QueryLimits, run_query

    return run_query(store, text, QueryLimits(max_bytes=max_bytes, max_depth=max_depth, allow_service=allow_service),
                     fmt=fmt)


class GraphOutlets:
    """The methods of :class:`cchc_kg.api.Graph` that write the graph elsewhere or query it raw.

    A mixin: the class using it provides ``store()`` (the open
    :class:`~cchc_kg.kg.store.GraphStore`) and ``_bolt`` (its default
    ``(uri, user, password, database)``).
    """

    _bolt: tuple[str | None, str | None, str | None, str | None]

    def store(self, *, writable: bool = False) -> GraphStore:  # provided by the graph
        raise NotImplementedError

    def export(self, out: BinaryIO, fmt: str = "ttl") -> None:
        """Write the graph to a binary stream (ttl/nt/jsonld: union graph; nq/trig: with named graphs)."""
        from cchc_kg.kg.store import EXPORT_FORMATS

        if fmt not in set(EXPORT_FORMATS) | {"jsonld"}:
            raise InputError(f"unknown format {fmt!r}; use ttl, nt, nq, trig or jsonld")
        self.store().export(out, fmt)

    def validate(self) -> dict[str, Any]:
        """SHACL validation of the stored graph: ``{"conforms": bool, "violations": [...]}``.

        Validated in bounded batches of subjects (:func:`cchc_kg.kg.shacl.validate_store`).
        """
        from cchc_kg.kg.shacl import validate_store

        return validate_store(self.store())

    # -- other shapes of the same graph
    def to_networkx(self) -> Any:
        """The property graph as a ``networkx.MultiDiGraph`` (nodes = IRIs; ``labels``, ``props``; edges keyed by type)."""
        from cchc_kg.queries.nx import build_graph

        return build_graph(self.store())

    def push_neo4j(self, uri: str | None = None, *, user: str | None = None, password: str | None = None,
                   database: str | None = None, wipe: bool = False, batch_size: int | None = None,
                   max_batch_bytes: int | None = None, max_text_bytes: int | None = None,
                   progress: Callable[[int, int, str], None] | None = None,
                   notes: Callable[[str, Any], None] | None = None) -> Any:
        """Write the graph to a Bolt server (Neo4j 5, FalkorDB) with idempotent MERGE batches (``cchc-kg neo4j push``).

        Returns the writer's :class:`cchc_kg.kg.neo4j_writer.PushSummary`;
        :class:`cchc_kg.outlets.PushIncompleteError` when it stops midway.
        """
        uri = uri or self._bolt[0] or os.environ.get("NEO4J_URI") or "bolt://127.0.0.1:7687"
        return push_neo4j(self.store(), uri, user=user or self._bolt[1], password=password or self._bolt[2],
                          database=database or self._bolt[3], wipe=wipe, batch_size=batch_size,
                          max_batch_bytes=max_batch_bytes, max_text_bytes=max_text_bytes, progress=progress, notes=notes)

    def push_sparql(self, endpoint: str, *, include_static: bool = True) -> Any:
        """PUT every named graph to a SPARQL 1.1 Graph Store endpoint (``cchc-kg sparql push``)."""
        return push_sparql(self.store(), endpoint, include_static=include_static)

    def export_property_graph(self, fmt: str, output: str | Path) -> dict[str, Any]:
        """The property graph as neo4j-admin CSV, a cypher-shell script or GraphML (``cchc-kg neo4j export``)."""
        return export_property_graph(self.store(), fmt, output)

    def query(self, text: str, *, allow_service: bool = False, max_depth: int = 100, max_bytes: int = 1_000_000,
              fmt: str | None = None) -> Any:
        """A read-only SPARQL query over the union graph (``cchc-kg query``): the result's form, rows or triples.

        >>> from cchc_kg.api import open
        >>> open(None).query("ASK { ?s ?p ?o }").boolean
        False
        """
        return run_sparql(self.store(), text, allow_service=allow_service, max_depth=max_depth, max_bytes=max_bytes,
                          fmt=fmt)
