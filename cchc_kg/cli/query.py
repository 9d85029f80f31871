"""``cchc-kg query``: a read-only SPARQL query file, every result form, standard formats.

The library side (refusals, limits, serialisation) is :mod:`cchc_kg.kg.sparql_query`.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import typer

from cchc_kg.cli.core import JSON_OPT, STORE_OPT, app, emit_json, fail, handle
from cchc_kg.kg.errors import CchcError

__all__ = ["query", "read_query_file"]


@app.command()
def query(
    file: Path = typer.Argument(..., help="A SPARQL SELECT/ASK/CONSTRUCT/DESCRIBE file (runs over the union of all graphs)."),
    store: Path = STORE_OPT,
    fmt: str = typer.Option("table", "--format", "-f", help="table | json | xml | csv | tsv (SELECT/ASK) | ttl | nt (CONSTRUCT/DESCRIBE)."),
    allow_service: bool = typer.Option(False, "--allow-service", help="Allow SERVICE clauses (outbound requests to other servers)."),
    max_depth: int = typer.Option(100, "--max-depth", help="Deepest bracket nesting accepted."),
    max_query_bytes: int = typer.Option(1_000_000, "--max-query-bytes", help="Largest query text accepted."),
    as_json: bool = JSON_OPT,
) -> None:
    """Run a read-only SPARQL query file over the store. Exit 1 when it returns nothing (ASK: false).

    Updates are refused; SERVICE needs --allow-service. --format writes the
    standard result formats (SPARQL JSON/XML/CSV/TSV, Turtle, N-Triples).

    Example: cchc-kg query queries/sparql/plans.rq --json
    """
    from cchc_kg.cli.core import open_graph
    from cchc_kg.kg.sparql_query import GRAPH_FORMATS, SELECT_FORMATS

    if fmt not in ("table", *SELECT_FORMATS, *GRAPH_FORMATS):
        fail(f"unknown format {fmt!r}; use table, json, xml, csv, tsv, ttl or nt")
    text = read_query_file(file, max_query_bytes)
    try:
        res = open_graph(store).query(text, allow_service=allow_service, max_depth=max_depth, max_bytes=max_query_bytes,
                                      fmt=None if fmt == "table" or as_json else fmt)
    except CchcError as e:
        handle(e)
    if res.data is not None:
        _write_data(res.data)
    elif res.form == "ASK":
        emit_json({"boolean": res.boolean}) if as_json else typer.echo("true" if res.boolean else "false")
    elif res.form == "SELECT":
        if as_json:
            emit_json(list(res.rows), labels=False)  # SPARQL rows: the variables are the user's
        elif res.rows:
            typer.echo("\t".join(res.variables))
            for r in res.rows:
                typer.echo("\t".join("" if r[c] is None else str(r[c]) for c in res.variables))
    elif as_json:
        emit_json([[str(t.subject), str(t.predicate), str(t.object)] for t in res.triples])
    else:
        import pyoxigraph as ox

        _write_data(ox.serialize(list(res.triples), format=ox.RdfFormat.TURTLE) or b"")
    if not res.count:
        raise typer.Exit(1)


def read_query_file(file: Path, max_bytes: int) -> str:
    """The text of a query file, or a one-line failure (missing, FIFO/device, too large, not UTF-8)."""
    try:
        mode = os.stat(file).st_mode
    except FileNotFoundError:
        fail(f"no such query file: {file}")
    except OSError as e:
        fail(f"cannot read {file}: {e.strerror or e}")
    if not stat.S_ISREG(mode):
        fail(f"{file} is not a regular file (a FIFO, device or folder): pass a query file")
    try:
        with open(file, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as e:
        fail(f"cannot read {file}: {e.strerror or e}")
    if len(raw) > max_bytes:
        fail(f"{file}: the query is larger than {max_bytes} bytes: shorten it or raise --max-query-bytes")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        fail(f"{file}: not UTF-8 text (byte {e.start}): save the query as UTF-8")


def _write_data(data: bytes) -> None:
    """Standard-format output: raw bytes to a pipe or file, sanitised text on a terminal."""
    out = sys.stdout
    if out.isatty():
        typer.echo(data.decode("utf-8", "replace"), nl=False)
    else:
        out.flush()
        out.buffer.write(data)
        out.buffer.flush()
