"""Cypher statements as pure functions: parameterised, ``UNWIND $rows AS row MERGE …``.

No statement ever contains a value: values travel as parameters. Labels,
relationship types and property names are identifiers from
:mod:`cchc_kg.kg.pgmodel`; :func:`ident` refuses anything else.

Batches are cut by row count *and* by an estimated byte size, because
FalkorDB's Bolt listener aborts on a request over about 4 KB; long strings
are split into chunks written first with the row, then appended
(:func:`append_text`), so the stored text is complete on every server.

>>> print(merge_nodes(("Resource", "Document", "KH")))
UNWIND $rows AS row MERGE (n:Resource {iri: row.iri}) SET n += row.props SET n:Document:KH
>>> print(merge_rels("BASED_ON"))
UNWIND $rows AS row MATCH (a:Resource {iri: row.start}) MATCH (b:Resource {iri: row.end}) MERGE (a)-[r:BASED_ON]->(b) SET r += row.props
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "ident",
    "merge_nodes",
    "merge_rels",
    "append_text",
    "schema_statements",
    "delete_batch",
    "count_nodes",
    "count_rels",
    "encode_params",
    "row_bytes",
    "batches",
    "split_text",
    "fit_row",
    "Limits",
    "NEO4J_LIMITS",
    "FALKORDB_LIMITS",
]

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def ident(name: str) -> str:
    """``name`` if it is a plain identifier (label, type, property), else ``ValueError``.

    >>> ident("BASED_ON")
    'BASED_ON'
    >>> ident("x` DETACH DELETE n //")
    Traceback (most recent call last):
    ...
    ValueError: not a Cypher identifier: 'x` DETACH DELETE n //'
    """
    if not _IDENT.match(name):
        raise ValueError(f"not a Cypher identifier: {name!r}")
    return name


def merge_nodes(labels: tuple[str, ...]) -> str:
    """MERGE a batch of nodes on ``iri`` (first label), set props, add the other labels.

    Rows: ``{iri, props}``.
    """
    key, *rest = [ident(x) for x in labels]
    q = f"UNWIND $rows AS row MERGE (n:{key} {{iri: row.iri}}) SET n += row.props"
    if rest:
        q += " SET n:" + ":".join(rest)
    return q


def merge_rels(type_: str, *, keyed: bool = False, node_label: str = "Resource") -> str:
    """MERGE a batch of relationships between existing nodes.

    Rows: ``{start, end, props}`` (+ ``key`` when ``keyed``: parallel
    relationships of one type are told apart by their ``key`` property).

    >>> print(merge_rels("RESPONSIBLE_FOR", keyed=True))  # doctest: +NORMALIZE_WHITESPACE
    UNWIND $rows AS row MATCH (a:Resource {iri: row.start}) MATCH (b:Resource {iri: row.end})
    MERGE (a)-[r:RESPONSIBLE_FOR {key: row.key}]->(b) SET r += row.props
    """
    t, lab = ident(type_), ident(node_label)
    pattern = f"[r:{t} {{key: row.key}}]" if keyed else f"[r:{t}]"
    return (
        f"UNWIND $rows AS row MATCH (a:{lab} {{iri: row.start}}) MATCH (b:{lab} {{iri: row.end}}) "
        f"MERGE (a)-{pattern}->(b) SET r += row.props"
    )


def append_text(prop: str, *, node_label: str = "Resource") -> str:
    """Append a chunk to a string property. Rows: ``{iri, chunk}``.

    >>> print(append_text("sentence"))
    UNWIND $rows AS row MATCH (n:Resource {iri: row.iri}) SET n.sentence = n.sentence + row.chunk
    """
    p, lab = ident(prop), ident(node_label)
    return f"UNWIND $rows AS row MATCH (n:{lab} {{iri: row.iri}}) SET n.{p} = n.{p} + row.chunk"


def schema_statements(dialect: str) -> list[str]:
    """Index/constraint statements for a dialect.

    Neo4j gets a uniqueness constraint (``IF NOT EXISTS``). FalkorDB has no
    constraint DDL; a plain property index makes the ``MATCH … {iri: …}`` of
    every batch 9x faster, and fails harmlessly when it already exists.

    >>> schema_statements("neo4j")
    ['CREATE CONSTRAINT cchc_resource_iri IF NOT EXISTS FOR (n:Resource) REQUIRE n.iri IS UNIQUE']
    >>> schema_statements("falkordb")
    ['CREATE INDEX FOR (n:Resource) ON (n.iri)']
    """
    if dialect == "neo4j":
        return ["CREATE CONSTRAINT cchc_resource_iri IF NOT EXISTS FOR (n:Resource) REQUIRE n.iri IS UNIQUE"]
    return ["CREATE INDEX FOR (n:Resource) ON (n.iri)"]


def delete_batch() -> str:
    """Delete up to ``$limit`` nodes with their relationships; returns ``deleted``."""
    return "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"


def count_nodes() -> str:
    """Count every node."""
    return "MATCH (n) RETURN count(n) AS c"


def count_rels() -> str:
    """Count every relationship."""
    return "MATCH ()-[r]->() RETURN count(r) AS c"


# -- parameters ------------------------------------------------------------------
def encode_params(value: Any, dialect: str) -> Any:
    """Parameters as sent to the server.

    FalkorDB turns Bolt parameters into single-quoted Cypher literals
    server-side, so ``\\`` and ``'`` must be escaped for the value to arrive
    unchanged; Neo4j takes parameters as they are.

    >>> encode_params({"t": "it's a\\\\b"}, "falkordb")
    {'t': "it\\\\'s a\\\\\\\\b"}
    >>> encode_params({"t": "it's"}, "neo4j")
    {'t': "it's"}
    """
    if dialect != "falkordb":
        return value
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, Mapping):
        return {k: encode_params(v, dialect) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode_params(v, dialect) for v in value]
    return value


def row_bytes(row: Any, dialect: str = "neo4j") -> int:
    """Estimated wire size of a parameter value (UTF-8 JSON of its encoded form).

    >>> row_bytes({"iri": "ả"})
    13
    """
    return len(json.dumps(encode_params(row, dialect), ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


@dataclass(frozen=True, slots=True)
class Limits:
    """How much one request may carry."""

    batch_size: int
    max_batch_bytes: int
    max_text_bytes: int | None  # longer strings are split and appended


NEO4J_LIMITS = Limits(batch_size=1000, max_batch_bytes=8_000_000, max_text_bytes=None)
#: FalkorDB 4.16's Bolt listener aborts on a request over ~4 KB (query + parameters)
FALKORDB_LIMITS = Limits(batch_size=100, max_batch_bytes=3000, max_text_bytes=600)


def batches(rows: Iterable[dict[str, Any]], *, batch_size: int, max_bytes: int, overhead: int = 0, dialect: str = "neo4j") -> Iterator[list[dict[str, Any]]]:
    """Cut ``rows`` into lists of at most ``batch_size`` rows and ``max_bytes`` (+ ``overhead``).

    A single row over the budget is yielded alone (callers :func:`fit_row` first).

    >>> [len(b) for b in batches([{"a": "x" * 10}] * 5, batch_size=10, max_bytes=40)]
    [2, 2, 1]
    """
    cur: list[dict[str, Any]] = []
    size = overhead + 2
    for r in rows:
        b = row_bytes(r, dialect) + 1
        if cur and (len(cur) >= batch_size or size + b > max_bytes):
            yield cur
            cur, size = [], overhead + 2
        cur.append(r)
        size += b
    if cur:
        yield cur


def split_text(text: str, max_bytes: int, dialect: str = "neo4j") -> list[str]:
    """Split ``text`` into pieces whose encoded UTF-8 size is at most ``max_bytes``.

    >>> split_text("ạbc'd", 4, "falkordb")
    ['ạb', "c'd"]
    >>> "".join(split_text("x" * 10, 4)) == "x" * 10
    True
    """
    if max_bytes < 4:
        raise ValueError("max_bytes must be at least 4")
    out: list[str] = []
    cur: list[str] = []
    size = 0
    for ch in text:
        b = len(encode_params(ch, dialect).encode("utf-8"))
        if cur and size + b > max_bytes:
            out.append("".join(cur))
            cur, size = [], 0
        cur.append(ch)
        size += b
    if cur or not out:
        out.append("".join(cur))
    return out


def fit_row(iri: str, props: dict[str, Any], *, max_text_bytes: int | None, budget: int, dialect: str) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Shorten long string properties of a node row; return (props, [(prop, chunk) to append]).

    Strings over ``max_text_bytes`` keep their first chunk; the rest is
    appended in order. If the row is still over ``budget`` the longest
    strings are split further.

    >>> p, tail = fit_row("x", {"sentence": "abcdefghij", "n": 1}, max_text_bytes=4, budget=10_000, dialect="neo4j")
    >>> p["sentence"], tail
    ('abcd', [('sentence', 'efgh'), ('sentence', 'ij')])
    """
    out = dict(props)
    tails: dict[str, list[str]] = {}
    limit = max_text_bytes
    while True:
        for k, v in list(out.items()):
            if isinstance(v, str) and k != "iri" and limit is not None and len(v.encode("utf-8")) > limit // 3:
                parts = split_text(v, limit, dialect)
                if len(parts) > 1:
                    out[k] = parts[0]
                    tails[k] = parts[1:] + tails.get(k, [])
        if row_bytes({"iri": iri, "props": out}, dialect) <= budget:
            break
        limit = max(16, (limit or budget) // 2)
        if limit == 16 and all(not isinstance(v, str) or len(v.encode("utf-8")) <= 16 for v in out.values()):
            raise ValueError(f"node {iri} does not fit in {budget} bytes")
    return out, [(k, c) for k in sorted(tails) for c in tails[k]]
