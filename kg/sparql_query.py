"""Run a user's SPARQL query safely: read-only, local-only, bounded, every result form.

:func:`check_query` looks at the query text *before* it reaches the
engine, on a skeleton where strings, IRIs and comments are blanked (so a
keyword inside a literal never counts):

* an UPDATE (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP`` …) is
  refused with a plain sentence, not parser jargon;
* ``SERVICE`` (a federated call: a real outbound request) is refused
  unless ``allow_service``;
* the text size and the bracket nesting depth are bounded — the engine's
  recursive parser overflows the stack on thousands of nested groups.

:func:`run_query` returns a :class:`QueryResult` for SELECT, ASK,
CONSTRUCT and DESCRIBE, serialised by the engine in the standard
formats (SPARQL results JSON/XML/CSV/TSV; Turtle/N-Triples for graphs)
when asked for one.

>>> check_query("SELECT * WHERE { ?s ?p 'SERVICE' }")
'SELECT'
>>> check_query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
Traceback (most recent call last):
...
cchc_kg.kg.errors.QueryRefused: this is a SPARQL update (INSERT): `query` only reads the store; use SELECT, ASK, CONSTRUCT or DESCRIBE
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from cchc_kg.kg.errors import InputError, QueryRefused

__all__ = ["QueryLimits", "QueryResult", "check_query", "run_query", "skeleton",
           "SELECT_FORMATS", "GRAPH_FORMATS"]

SELECT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}

_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PROLOGUE = re.compile(r"\b(?:PREFIX\s+[^\s:]*:\s*<>|BASE\s*<>)", re.IGNORECASE)
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")


@dataclass(frozen=True, slots=True)
class QueryLimits:
    """Bounds for a user query (``--max-query-bytes``, ``--max-depth``, ``--allow-service``)."""

    max_bytes: int = 1_000_000
    max_depth: int = 100
    allow_service: bool = False


@dataclass(frozen=True, slots=True)
class QueryResult:
    """The answer of a query: ``form`` is SELECT, ASK, CONSTRUCT or DESCRIBE.

    With a ``fmt`` (see :func:`run_query`) ``data`` holds the serialised
    answer and ``count`` its size; otherwise ``rows`` (SELECT, Python
    values), ``boolean`` (ASK) or ``triples`` (CONSTRUCT/DESCRIBE).
    """

    form: str
    count: int
    variables: tuple[str, ...] = ()
    rows: tuple[dict[str, Any], ...] = ()
    boolean: bool | None = None
    triples: tuple[Any, ...] = ()
    data: bytes | None = None


def skeleton(text: str) -> str:
    """``text`` with comments removed and strings/IRIs blanked (brackets and keywords kept).

    >>> print(skeleton("SELECT ?x # SERVICE\\nWHERE { ?x <urn:a> 'x{' }"))
    SELECT ?x 
    WHERE { ?x <> '' }
    """
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c in "'\"":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            out.append(c + c)
            i = j + len(quote)
            continue
        if c == "<":
            m = _IRI.match(text, i)
            if m:
                out.append("<>")
                i = m.end()
                continue
        out.append(c)
        i += 1
    return "".join(out)


def _count_rows(data: bytes, fmt: str) -> int:
    if not data:
        return 0
    if fmt == "csv":  # the engine does not parse CSV back (lossy): count records
        import csv
        import io

        return max(0, sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8"), newline=""))) - 1)
    return sum(1 for _ in ox.parse_query_results(data, format=SELECT_FORMATS[fmt]))


def _depth(sk: str) -> int:
    depth = best = 0
    for c in sk:
        if c in "{([":
            depth += 1
            best = max(best, depth)
        elif c in "})]":
            depth = max(0, depth - 1)
    return best


def check_query(text: str, limits: QueryLimits = QueryLimits()) -> str:
    """The query form (SELECT/ASK/CONSTRUCT/DESCRIBE), or :class:`QueryRefused` saying why not."""
    size = len(text.encode("utf-8"))
    if size > limits.max_bytes:
        raise QueryRefused(f"the query is {size} bytes (limit {limits.max_bytes}): shorten it or raise --max-query-bytes")
    sk = skeleton(text)
    words = [w.upper() for w in _WORD.findall(_PROLOGUE.sub(" ", sk))]
    first = words[0] if words else ""
    if first in _UPDATE_WORDS:
        raise QueryRefused(
            f"this is a SPARQL update ({first}): `query` only reads the store; use SELECT, ASK, CONSTRUCT or DESCRIBE"
        )
    if "SERVICE" in words and not limits.allow_service:
        raise QueryRefused("the query calls another server (SERVICE): pass --allow-service to allow outbound requests")
    depth = _depth(sk)
    if depth > limits.max_depth:
        raise QueryRefused(f"the query nests {depth} levels deep (limit {limits.max_depth}): simplify it or raise --max-depth")
    form = next((w for w in words if w in _FORMS), None)
    if form is None:
        raise QueryRefused("not a SPARQL query: it needs SELECT, ASK, CONSTRUCT or DESCRIBE")
    return form


def run_query(store: Any, text: str, limits: QueryLimits = QueryLimits(), fmt: str | None = None) -> QueryResult:
    """Check and run ``text`` over the union graph of ``store`` (a :class:`cchc_kg.kg.store.GraphStore`).

    ``fmt`` serialises the answer in a standard format, straight from the
    engine: ``json``/``xml``/``csv``/``tsv`` for SELECT and ASK, ``ttl``/``nt``
    for CONSTRUCT and DESCRIBE (``None``: Python values).

    >>> from cchc_kg.kg.store import GraphStore
    >>> st = GraphStore.open(None)
    >>> run_query(st, "ASK { ?s ?p ?o }").boolean
    False
    >>> run_query(st, "ASK { }", fmt="json").data
    b'{"head":{},"boolean":true}'
    """
    from cchc_kg.kg.store import to_python

    form = check_query(text, limits)
    if fmt is not None:
        wanted = GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else SELECT_FORMATS
        if fmt not in wanted:
            kind = "a graph" if wanted is GRAPH_FORMATS else "a table"
            raise InputError(f"a {form} answer is {kind}: use --format {', '.join(wanted)}")
    try:
        res = store.query_raw(text)
    except SyntaxError as e:
        raise InputError(f"SPARQL syntax error: {str(e).splitlines()[0] if str(e) else e}") from None
    if isinstance(res, ox.QueryBoolean):
        data = res.serialize(format=SELECT_FORMATS[fmt]) if fmt else None
        return QueryResult("ASK", int(bool(res)), boolean=bool(res), data=data)
    if isinstance(res, ox.QuerySolutions):
        names = tuple(v.value for v in res.variables)
        if fmt:
            data = res.serialize(format=SELECT_FORMATS[fmt]) or b""
            count = _count_rows(data, fmt)
            return QueryResult("SELECT", count, names, data=data)
        rows = tuple({n: to_python(sol[n]) for n in names} for sol in res)
        return QueryResult("SELECT", len(rows), names, rows)
    triples = tuple(res)
    data = (ox.serialize(list(triples), format=GRAPH_FORMATS[fmt]) or b"") if fmt else None
    return QueryResult(form, len(triples), triples=triples, data=data)
