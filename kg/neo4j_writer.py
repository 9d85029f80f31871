"""Push a property graph to a Bolt server (Neo4j 5, or FalkorDB's Bolt listener).

One long-lived driver per (URI, user) and process (:func:`connect`):
FalkorDB's listener hangs on every second new connection after one
closes, so connections are opened once, pooled (pool of one) and closed
only at exit. Every statement is an auto-commit ``UNWIND $rows`` MERGE
(FalkorDB does not undo writes on rollback anyway), so pushing twice
leaves the same graph.

The password is never an argument of the CLI: callers read it from the
environment (``NEO4J_PASSWORD``); it never appears in messages.

>>> from cchc_kg.kg.cypher import FALKORDB_LIMITS
>>> limits_for("falkordb", None, None) == FALKORDB_LIMITS
True
"""

from __future__ import annotations

import atexit
import hashlib
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from cchc_kg.kg import cypher
from cchc_kg.kg.errors import BackendError
from cchc_kg.kg.pgmodel import PGGraph

__all__ = ["Connection", "PushSummary", "connect", "detect_dialect", "limits_for", "push", "wipe", "counts", "close_all"]

_DRIVERS: dict[tuple[str, str | None, str], Any] = {}
_LOCK = threading.Lock()


@dataclass(slots=True)
class Connection:
    """A driver, a database name and the server dialect (``neo4j`` or ``falkordb``)."""

    driver: Any
    uri: str
    database: str | None = None
    dialect: str = "neo4j"
    version: str = ""
    _session: Any = None

    def run(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one auto-commit statement; parameters are encoded for the dialect."""
        from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

        p = cypher.encode_params(params or {}, self.dialect)
        try:
            if self._session is None:
                self._session = self.driver.session(database=self.database) if self.database else self.driver.session()
            return self._session.run(query, p).data()
        except AuthError as e:
            raise BackendError(f"{self.uri}: authentication failed (check NEO4J_USER / NEO4J_PASSWORD)") from e
        except (ServiceUnavailable, SessionExpired, OSError) as e:
            self._drop_session()
            raise BackendError(f"{self.uri}: server unreachable or connection lost ({type(e).__name__})") from e
        except Neo4jError as e:
            raise BackendError(f"{self.uri}: statement failed: {e.code or type(e).__name__}: {_first_line(e.message)}") from e

    def _drop_session(self) -> None:
        if self._session is not None:
            try:
                self._session.close()
            except Exception:  # noqa: BLE001 - the connection is already gone
                pass
        self._session = None


def _first_line(s: str | None) -> str:
    return (s or "").splitlines()[0][:200] if s else ""


#: URI schemes of the Bolt protocol (``http://`` is Neo4j's HTTP API, not Bolt)
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def connect(uri: str, *, user: str | None = None, password: str | None = None, database: str | None = None,
            timeout: float = 5.0, attempts: int = 3) -> Connection:
    """Open (or reuse) the driver for ``uri`` and detect the server dialect.

    Empty ``password`` means no authentication. A handshake that does not
    answer within ``timeout`` seconds is retried with a new driver (up to
    ``attempts`` times: FalkorDB leaves every second new connection
    hanging). Raises ``BackendError`` for an unreachable server, bad
    credentials or an unsupported version.
    """
    try:
        import neo4j
    except ImportError as e:  # pragma: no cover - neo4j is a dependency
        raise BackendError("the neo4j driver is not installed (pip install neo4j)") from e
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in BOLT_SCHEMES:
        raise BackendError(f"{uri}: not a Bolt URI: use bolt://host:7687 (or {', '.join(s + '://' for s in BOLT_SCHEMES[1:])})")
    auth = (user or "neo4j", password) if password else None
    key = (uri, user if password else None, hashlib.sha256((password or "").encode()).hexdigest())
    with _LOCK:
        driver = _DRIVERS.get(key)
        if driver is None:
            driver = _open_driver(neo4j, uri, auth, timeout, attempts)
            _DRIVERS[key] = driver
    conn = Connection(driver, uri, database)
    conn.dialect, conn.version = detect_dialect(conn)
    return conn


def _open_driver(neo4j: Any, uri: str, auth: Any, timeout: float, attempts: int) -> Any:
    from neo4j.exceptions import AuthError, ConfigurationError, Neo4jError, ServiceUnavailable

    last: Exception | None = None
    for _ in range(max(1, attempts)):
        try:
            driver = neo4j.GraphDatabase.driver(
                uri, auth=auth, max_connection_pool_size=1, connection_timeout=timeout,
                connection_acquisition_timeout=timeout, keep_alive=True,
            )
        except (ConfigurationError, ValueError) as e:
            raise BackendError(f"{uri}: bad Bolt URI or driver configuration: {e}") from e
        try:
            driver.verify_connectivity()
            return driver
        except AuthError as e:
            driver.close()
            raise BackendError(f"{uri}: authentication failed (check NEO4J_USER / NEO4J_PASSWORD)") from e
        except Neo4jError as e:
            # the server answered the login with an error of its own: FalkorDB,
            # given credentials it does not accept, says only "UnknownError"
            driver.close()
            if auth is not None:
                raise BackendError(f"{uri}: authentication failed: the server refused the login ({e.code or type(e).__name__}); "
                                   "check NEO4J_USER / NEO4J_PASSWORD, or use --no-auth for a server without a password") from e
            raise BackendError(f"{uri}: the server refused the connection: {e.code or type(e).__name__}: {_first_line(e.message)}") from e
        except (ServiceUnavailable, OSError) as e:
            driver.close()
            last = e
            if "refused" in str(e).lower() or "Connection refused" in repr(e.__cause__):
                break  # nothing listens: retrying will not help
        except Exception as e:  # handshake with an unsupported protocol version
            driver.close()
            text = str(e).lower()
            if any(w in text for w in ("auth", "password", "credential", "unauthori", "wrongpass")):
                raise BackendError(f"{uri}: authentication failed (check NEO4J_USER / NEO4J_PASSWORD)") from e
            raise BackendError(f"{uri}: version mismatch or unsupported server: {type(e).__name__}") from e
    raise BackendError(f"{uri}: cannot reach a Bolt server ({type(last).__name__})") from last


def detect_dialect(conn: Connection) -> tuple[str, str]:
    """``("neo4j", version)`` when the server is Neo4j 5+, ``("falkordb", "")`` for other Bolt servers.

    FalkorDB announces itself as ``Neo4j/5.x`` in the Bolt handshake but
    has no ``dbms.components()``; that procedure decides. Neo4j older than
    5 raises ``BackendError`` (the constraint syntax needs 5).
    """
    conn.dialect = "neo4j"
    try:
        rows = conn.run("CALL dbms.components() YIELD name, versions RETURN name, versions")
    except BackendError as e:
        if "unreachable" in str(e) or "authentication" in str(e):
            raise
        return "falkordb", ""
    finally:
        conn.dialect = "falkordb"
    for r in rows:
        if str(r.get("name", "")).startswith("Neo4j"):
            version = (r.get("versions") or ["0"])[0]
            major = int(str(version).split(".")[0] or 0)
            if major < 5:
                raise BackendError(f"{conn.uri}: version mismatch: Neo4j {version} found, 5 or later needed")
            conn.dialect = "neo4j"
            return "neo4j", str(version)
    return "falkordb", ""


def close_all() -> None:
    """Close every driver (at interpreter exit)."""
    with _LOCK:
        for d in _DRIVERS.values():
            try:
                d.close()
            except Exception:  # noqa: BLE001
                pass
        _DRIVERS.clear()


atexit.register(close_all)


def limits_for(dialect: str, batch_size: int | None, max_batch_bytes: int | None,
               max_text_bytes: int | None = None) -> cypher.Limits:
    """Batch limits: explicit values win, else Neo4j-sized or FalkorDB-sized defaults."""
    base = cypher.NEO4J_LIMITS if dialect == "neo4j" else cypher.FALKORDB_LIMITS
    return replace(
        base,
        batch_size=batch_size or base.batch_size,
        max_batch_bytes=max_batch_bytes or base.max_batch_bytes,
        max_text_bytes=max_text_bytes if max_text_bytes is not None else base.max_text_bytes,
    )


@dataclass(slots=True)
class PushSummary:
    """What a push wrote (rows sent) and what the server holds afterwards."""

    nodes: int = 0
    relationships: int = 0
    batches: int = 0
    appended_chunks: int = 0
    seconds: float = 0.0
    dialect: str = ""
    server_nodes: int = 0
    server_relationships: int = 0
    labels: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]


def counts(conn: Connection) -> tuple[int, int]:
    """(nodes, relationships) on the server."""
    n = conn.run(cypher.count_nodes())[0]["c"]
    r = conn.run(cypher.count_rels())[0]["c"]
    return int(n), int(r)


def wipe(conn: Connection, *, batch: int = 500) -> int:
    """Delete every node and relationship of the database; returns nodes deleted."""
    total = 0
    while True:
        rows = conn.run(cypher.delete_batch(), {"limit": batch})
        n = int(rows[0]["deleted"]) if rows else 0
        total += n
        if n == 0:
            return total


def push(
    conn: Connection,
    pg: PGGraph,
    *,
    limits: cypher.Limits | None = None,
    progress: Callable[[int], None] | None = None,
) -> PushSummary:
    """MERGE every node then every relationship of ``pg``; idempotent.

    ``progress`` receives the number of rows just written.
    """
    lim = limits or limits_for(conn.dialect, None, None)
    t0 = time.perf_counter()
    s = PushSummary(dialect=conn.dialect, labels=pg.label_counts())
    for q in cypher.schema_statements(conn.dialect):
        try:
            conn.run(q)
        except BackendError:
            if conn.dialect == "neo4j":
                raise
            # FalkorDB: the index exists already (every error is a generic UnknownError)

    def send(query: str, rows: list[dict[str, Any]]) -> None:
        overhead = len(query.encode("utf-8")) + 16
        for b in cypher.batches(rows, batch_size=lim.batch_size, max_bytes=lim.max_batch_bytes, overhead=overhead, dialect=conn.dialect):
            conn.run(query, {"rows": b})
            s.batches += 1
            if progress:
                progress(len(b))

    by_labels: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    appends: dict[str, list[dict[str, Any]]] = defaultdict(list)
    budget = lim.max_batch_bytes - len(cypher.merge_nodes(("Resource", "Document", "Plan", "XXXXXX")).encode()) - 64
    for n in pg.nodes.values():
        props = {k: v for k, v in n.props.items() if v is not None}
        props, tail = cypher.fit_row(n.iri, props, max_text_bytes=lim.max_text_bytes, budget=budget, dialect=conn.dialect)
        by_labels[n.labels].append({"iri": n.iri, "props": props})
        for prop, chunk in tail:
            appends[prop].append({"iri": n.iri, "chunk": chunk})
    for labels in sorted(by_labels):
        rows = by_labels[labels]
        send(cypher.merge_nodes(labels), rows)
        s.nodes += len(rows)
    for prop in sorted(appends):
        # chunks of one property are appended in order; a batch holds at most one chunk per node
        rows = appends[prop]
        while rows:
            seen: set[str] = set()
            now, later = [], []
            for r in rows:
                (later if r["iri"] in seen else now).append(r)
                seen.add(r["iri"])
            send(cypher.append_text(prop), now)
            s.appended_chunks += len(now)
            rows = later
    by_type: dict[tuple[str, bool], list[dict[str, Any]]] = defaultdict(list)
    for r in pg.rels:
        row: dict[str, Any] = {"start": r.start, "end": r.end, "props": {k: v for k, v in r.props.items() if v is not None}}
        if r.key:
            row["key"] = r.key
        by_type[(r.type, bool(r.key))].append(row)
    for (type_, keyed) in sorted(by_type):
        rows = by_type[(type_, keyed)]
        send(cypher.merge_rels(type_, keyed=keyed), rows)
        s.relationships += len(rows)
    s.server_nodes, s.server_relationships = counts(conn)
    s.seconds = round(time.perf_counter() - t0, 3)
    return s
