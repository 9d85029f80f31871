"""``cchc-kg serve``: the read-only web app and JSON API (needs the ``web`` extra)."""

from __future__ import annotations

from pathlib import Path

import typer

from cchc_kg.cli.core import STORE_OPT, app, fail
from cchc_kg.cli.options import current_lang
from cchc_kg.kg.labels import say

__all__ = ["serve"]


@app.command()
def serve(
    store: Path = STORE_OPT,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (default loopback only; 0.0.0.0 shares it on the network)."),
    port: int = typer.Option(8000, "--port", "-p", help="TCP port."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds an answer may take before a 504."),
    workers: int = typer.Option(1, "--workers", help="Server processes (each opens the store read-only)."),
    refresh: float = typer.Option(1.0, "--refresh", help="Seconds between checks for a newer committed state of the store."),
) -> None:
    """Serve the store read-only in the browser: search, document pages, lineage, targets, agencies, graph, /api/….

    Vietnamese by default (add ?lang=en for English). The store is opened
    read-only and follows a `cchc-kg build` running into it.

    Example: cchc-kg serve --store .cchc-kg --port 8000
    """
    try:
        import uvicorn  # noqa: F401

        from cchc_kg.web.app import Limits, create_app
        from cchc_kg.web.server import serve as run_server
    except ImportError as e:
        fail(f"the web app needs its extra: pip install 'cchc-kg[web]' ({e.name} is missing)")
    if not (store / "oxigraph").exists():
        fail(f"no graph store at {store} (run `cchc-kg build PATH --store {store}` first)")
    if workers < 1:
        fail("--workers must be at least 1")
    if refresh < 0 or timeout <= 0:
        fail("--refresh must be ≥ 0 and --timeout > 0")
    typer.echo(say(current_lang(), "serving", store=store, host=host, port=port), err=True)
    if workers == 1:
        run_server(create_app(store, limits=Limits(timeout=timeout), refresh=refresh), host=host, port=port)
    else:
        import os

        os.environ["CCHC_KG_STORE"] = str(store)
        os.environ["CCHC_WEB_TIMEOUT"] = str(timeout)
        os.environ["CCHC_WEB_REFRESH"] = str(refresh)
        run_server("cchc_kg.web.app:app_from_env", host=host, port=port, workers=workers)
