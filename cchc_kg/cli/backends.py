"""``cchc-kg neo4j push|export`` and ``cchc-kg sparql push`` (registered on ``cchc_kg.cli.core.app``).

The Bolt password comes from ``NEO4J_PASSWORD`` only (never an option,
never printed); empty or ``--no-auth`` means no authentication.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from cchc_kg.cli.core import STORE_OPT, JSON_OPT, app, emit_json, fail, handle
from cchc_kg.kg.errors import CchcError
from cchc_kg.cli.options import current_lang
from cchc_kg.kg.labels import say

__all__ = ["neo4j_app", "sparql_app"]

neo4j_app = typer.Typer(help="Property graph on a Bolt server (Neo4j 5, FalkorDB) and its exports.", no_args_is_help=True)
sparql_app = typer.Typer(help="Push the named graphs to a SPARQL 1.1 Graph Store endpoint.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(sparql_app, name="sparql")

URI_OPT = typer.Option(None, "--uri", help="Bolt URI (env NEO4J_URI; default bolt://127.0.0.1:7687).")
USER_OPT = typer.Option(None, "--user", help="User name (env NEO4J_USER); the password is read from env NEO4J_PASSWORD only.")
DB_OPT = typer.Option(None, "--database", help="Database name (Neo4j; default: the server's default).")


@neo4j_app.command("push")
def push(
    store: Path = STORE_OPT,
    uri: Optional[str] = URI_OPT,
    user: Optional[str] = USER_OPT,
    no_auth: bool = typer.Option(False, "--no-auth", help="Connect without authentication."),
    database: Optional[str] = DB_OPT,
    wipe: bool = typer.Option(False, "--wipe", help="Delete everything in the database first (asks; --yes to skip)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask before --wipe."),
    batch_size: Optional[int] = typer.Option(None, "--batch-size", help="Rows per statement (default 1000 on Neo4j, 100 otherwise)."),
    max_batch_bytes: Optional[int] = typer.Option(None, "--max-batch-bytes", help="Bytes per statement (default 8 MB on Neo4j, 3000 otherwise)."),
    max_text_bytes: Optional[int] = typer.Option(None, "--max-text-bytes", help="Longer strings are written in appended chunks (default: none on Neo4j, 600 otherwise)."),
    as_json: bool = JSON_OPT,
) -> None:
    """Write the graph to a Bolt server with idempotent MERGE batches (pushing twice changes nothing).

    Exit 0 on success, 2 when the server is unreachable, refuses the
    credentials or has an unsupported version.

    Example: cchc-kg neo4j push --uri bolt://127.0.0.1:7687 --user neo4j
    """
    from cchc_kg.cli.core import bolt_settings, open_graph

    u, who, password = bolt_settings(uri, user)
    if no_auth:
        password = None
    lang = current_lang()
    if wipe and not yes and not typer.confirm(say(lang, "confirm-wipe", where=f"{u}{'/' + database if database else ''}")):
        fail("not wiped; nothing written", 1)
    bar: Any = None

    def progress(n: int, total: int, dialect: str) -> None:
        nonlocal bar
        if bar is None:
            bar = typer.progressbar(length=total, label=say(lang, "pushing", dialect=dialect), file=sys.stderr)
            bar.__enter__()
        bar.update(n)

    def note(kind: str, value: Any) -> None:
        typer.echo(say(lang, "wiped", n=value), err=True)

    try:
        summary = open_graph(store).push_neo4j(u, user=who, password=password, database=database, wipe=wipe,
                                               batch_size=batch_size, max_batch_bytes=max_batch_bytes,
                                               max_text_bytes=max_text_bytes, progress=progress, notes=note)
    except CchcError as e:
        handle(e)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if as_json:
        emit_json(summary.as_dict())
        return
    typer.echo(say(current_lang(), "pushed", nodes=summary.nodes, rels=summary.relationships, batches=summary.batches,
                   chunks=summary.appended_chunks, seconds=summary.seconds, uri=u, dialect=summary.dialect,
                   server_nodes=summary.server_nodes, server_rels=summary.server_relationships))


@neo4j_app.command("export")
def export(
    fmt: str = typer.Option(..., "--format", "-f", help="csv (neo4j-admin import folder) | cypher | graphml"),
    output: Path = typer.Option(..., "--output", "-o", help="Output folder (csv) or file."),
    store: Path = STORE_OPT,
) -> None:
    """Export the property graph: neo4j-admin CSV files, a cypher-shell script or GraphML.

    Example: cchc-kg neo4j export --format csv -o import/
    """
    from cchc_kg.cli.core import open_graph

    try:
        out = open_graph(store).export_property_graph(fmt, output)
    except CchcError as e:
        handle(e)
    lang = current_lang()
    if fmt == "csv":
        n, r = out["files"]
        typer.echo(say(lang, "wrote-csv", nodes=n, rels=r, n=out["nodes"], r=out["relationships"]), err=True)
        typer.echo(say(lang, "import-hint", n=n, r=r), err=True)
    elif fmt == "cypher":
        typer.echo(say(lang, "wrote-cypher", path=output, k=out["statements"]), err=True)
    else:
        typer.echo(say(lang, "wrote-graph", path=output, n=out["nodes"], r=out["relationships"]), err=True)


@sparql_app.command("push")
def sparql_push(
    endpoint: str = typer.Option(os.environ.get("CCHC_SPARQL_ENDPOINT", ""), "--endpoint", help="Graph Store URL (e.g. http://127.0.0.1:7878/store; env CCHC_SPARQL_ENDPOINT)."),
    store: Path = STORE_OPT,
    no_static: bool = typer.Option(False, "--no-static", help="Skip the ontology and catalog graphs."),
    as_json: bool = JSON_OPT,
) -> None:
    """PUT every named graph of the store to a SPARQL 1.1 Graph Store Protocol endpoint.

    Example: cchc-kg sparql push --endpoint http://127.0.0.1:7878/store
    """
    from cchc_kg.cli.core import open_graph

    if not endpoint:
        fail("no endpoint: pass --endpoint URL or set CCHC_SPARQL_ENDPOINT")
    try:
        s = open_graph(store).push_sparql(endpoint, include_static=not no_static)
    except CchcError as e:
        handle(e)
    if as_json:
        emit_json({"graphs": s.graphs, "triples": s.triples, "graph_iris": s.graph_iris})
    else:
        typer.echo(say(current_lang(), "put-graphs", g=s.graphs, t=s.triples, endpoint=endpoint))
