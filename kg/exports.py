"""Property-graph exports: neo4j-admin CSV, a cypher-shell script, GraphML, networkx.

All three read a :class:`cchc_kg.kg.pgmodel.PGGraph`, so they hold exactly what
``cchc-kg neo4j push`` writes.

* CSV for ``neo4j-admin database import full``: ``nodes.csv`` with header
  ``iri:ID,:LABEL,<prop>[:type]…`` (labels ``;``-separated, arrays
  ``;``-separated) and ``relationships.csv`` with
  ``:START_ID,:END_ID,:TYPE,<prop>[:type]…``.
* ``.cypher``: ``:param rows => […]`` + ``UNWIND $rows AS row MERGE …``
  pairs for ``cypher-shell -f`` (still parameterised).
* GraphML via networkx (lists as JSON text, labels ``:``-joined).

>>> from cchc_kg.kg.pgmodel import PGGraph, PGNode, PGRel
>>> pg = PGGraph({"urn:a": PGNode("urn:a", ("Resource", "Document"), {"iri": "urn:a", "year": 2022})}, [])
>>> g = to_networkx(pg)
>>> g.nodes["urn:a"]["year"], g.nodes["urn:a"]["labels"]
(2022, ('Resource', 'Document'))
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any

import networkx as nx

from cchc_kg.kg import cypher
from cchc_kg.kg.pgmodel import PGGraph

__all__ = [
    "to_networkx",
    "write_graphml",
    "write_csv",
    "write_cypher",
    "cypher_literal",
    "csv_columns",
    "NODE_FILE",
    "REL_FILE",
]

NODE_FILE = "nodes.csv"
REL_FILE = "relationships.csv"


def to_networkx(pg: PGGraph) -> nx.MultiDiGraph:
    """The projection as a ``MultiDiGraph``: node = IRI, edge key = type (``type|key`` when keyed)."""
    g = nx.MultiDiGraph()
    for iri, n in pg.nodes.items():
        g.add_node(iri, labels=n.labels, **n.props)
    for r in pg.rels:
        g.add_edge(r.start, r.end, key=r.type + ("|" + r.key if r.key else ""), type=r.type, **r.props)
    return g


def _graphml_value(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        return json.dumps(list(v), ensure_ascii=False)
    return v


def write_graphml(pg: PGGraph, path: str | Path) -> None:
    """GraphML for Gephi/yEd (``None`` dropped, lists as JSON, labels joined with ``:``)."""
    g = nx.MultiDiGraph()
    for iri, n in pg.nodes.items():
        attrs = {k: _graphml_value(v) for k, v in n.props.items() if v is not None}
        attrs["labels"] = ":".join(n.labels)
        g.add_node(iri, **attrs)
    for r in pg.rels:
        attrs = {k: _graphml_value(v) for k, v in r.props.items() if v is not None}
        g.add_edge(r.start, r.end, key=r.type + ("|" + r.key if r.key else ""), type=r.type, **attrs)
    nx.write_graphml(g, str(path), named_key_ids=True)


_CSV_TYPES = {bool: "boolean", int: "long", float: "double", str: ""}


def _col_type(values: list[Any]) -> str:
    kinds: set[str] = set()
    for v in values:
        if v is None:
            continue
        if isinstance(v, (list, tuple)):
            inner = {_CSV_TYPES.get(type(x), "") for x in v} or {""}
            kinds.add((inner.pop() if len(inner) == 1 else "") or "string")
            kinds.add("[]")
        else:
            kinds.add(_CSV_TYPES.get(type(v), ""))
    if "[]" in kinds:
        kinds.discard("[]")
        base = kinds.pop() if len(kinds) == 1 else "string"
        return (base or "string") + "[]"
    return kinds.pop() if len(kinds) == 1 else ""


def csv_columns(props: list[dict[str, Any]], reserved: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """``(name, header)`` per property, typed for neo4j-admin (``year:long``, ``numeral_keys:string[]``).

    >>> csv_columns([{"iri": "a", "year": 2022, "t": "x"}, {"iri": "b", "keys": ["a"]}], reserved=("iri",))
    [('keys', 'keys:string[]'), ('t', 't'), ('year', 'year:long')]
    """
    names = sorted({k for p in props for k in p} - set(reserved))
    out = []
    for k in names:
        t = _col_type([p.get(k) for p in props])
        out.append((k, f"{k}:{t}" if t else k))
    return out


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return ";".join(_cell(x) for x in v)
    return str(v)


def write_csv(pg: PGGraph, directory: str | Path) -> tuple[Path, Path]:
    """``nodes.csv`` and ``relationships.csv`` for ``neo4j-admin database import full``."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    nodes = list(pg.nodes.values())
    ncols = csv_columns([n.props for n in nodes], reserved=("iri",))
    npath = d / NODE_FILE
    with open(npath, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["iri:ID", ":LABEL"] + [h for _, h in ncols])
        for n in nodes:
            w.writerow([n.iri, ";".join(n.labels)] + [_cell(n.props.get(k)) for k, _ in ncols])
    rels = [dict(r.props, **({"key": r.key} if r.key else {})) for r in pg.rels]
    rcols = csv_columns(rels)
    rpath = d / REL_FILE
    with open(rpath, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([":START_ID", ":END_ID", ":TYPE"] + [h for _, h in rcols])
        for r, props in zip(pg.rels, rels):
            w.writerow([r.start, r.end, r.type] + [_cell(props.get(k)) for k, _ in rcols])
    return npath, rpath


def cypher_literal(v: Any) -> str:
    """A Cypher literal for a ``:param`` line of a cypher-shell script.

    >>> print(cypher_literal({"t": "it's \\\\ {x}", "n": [1, 2.5, True, None]}))
    {`t`: 'it\\'s \\\\ {x}', `n`: [1, 2.5, true, null]}
    """
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        esc = v.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
        return "'" + esc + "'"
    if isinstance(v, dict):
        return "{" + ", ".join(f"`{cypher.ident(k)}`: {cypher_literal(x)}" for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(cypher_literal(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} as Cypher")


def write_cypher(pg: PGGraph, out: IO[str], *, batch_size: int = 500) -> int:
    """A cypher-shell script (``cypher-shell -f graph.cypher``); returns the number of statements."""
    n = 0

    def emit(query: str, rows: list[dict[str, Any]]) -> None:
        nonlocal n
        for i in range(0, len(rows), batch_size):
            out.write(":param rows => " + cypher_literal(rows[i:i + batch_size]) + ";\n")
            out.write(query + ";\n")
            n += 1

    for q in cypher.schema_statements("neo4j"):
        out.write(q + ";\n")
        n += 1
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for node in pg.nodes.values():
        groups.setdefault(node.labels, []).append({"iri": node.iri, "props": {k: v for k, v in node.props.items() if v is not None}})
    for labels in sorted(groups):
        emit(cypher.merge_nodes(labels), groups[labels])
    rgroups: dict[tuple[str, bool], list[dict[str, Any]]] = {}
    for r in pg.rels:
        row: dict[str, Any] = {"start": r.start, "end": r.end, "props": {k: v for k, v in r.props.items() if v is not None}}
        if r.key:
            row["key"] = r.key
        rgroups.setdefault((r.type, bool(r.key)), []).append(row)
    for t, keyed in sorted(rgroups):
        emit(cypher.merge_rels(t, keyed=keyed), rgroups[(t, keyed)])
    return n
