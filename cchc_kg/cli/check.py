"""CLI command ``check`` (validity over time) and helpers the other commands reuse.

``format_in_force`` marks a ``bases --as-of`` tree node; ``format_holders``
prints an ``agency --as-of`` answer (:func:`cchc_kg.queries.orgs_time.holder_at`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from cchc_kg.cli.core import (  # noqa: F401 - parse_as_of, format_in_force: defined once in core
    JSON_OPT, STORE_OPT, app, describe_doc, emit_json, fail, format_in_force, handle, open_backend, parse_as_of, resolve,
)
from cchc_kg.kg.errors import CchcError

__all__ = ["check_cmd", "parse_as_of", "format_finding", "format_in_force", "format_holders"]


def _step(s: dict[str, Any], label) -> str:
    bits = [s["relation"], s.get("date") or "date unknown"]
    if s.get("confidence"):
        bits.append(str(s["confidence"]))
    return f"{label(s['replaces'])} → {label(s['document'])} ({', '.join(bits)})"


def format_finding(f: dict[str, Any], label=lambda iri: iri) -> list[str]:
    """Text lines for one finding of :func:`cchc_kg.queries.validity.check`."""
    tag = f.get("classification") or f["kind"]
    lines = [f"  {f['severity'].upper():<7} {tag:<20} {f['message']}"]
    for s in f.get("chain", ()):
        if "relation" in s and "document" in s and "replaces" in s:
            lines.append(f"          {_step(s, label)}")
        elif "type" in s:
            res = ", ".join(f"{o.get('name')} ({o.get('jurisdiction')})" for o in s.get("resulting", ())) or "—"
            lines.append(f"          {s['date']} {s['type']}: → {res} [{s.get('confidence')}; {s.get('fact_source')}]")
    for a in f.get("amended_by", ()):
        lines.append(f"          amended by {label(a['document'])} ({a.get('date') or 'date unknown'})")
    for ev in (f.get("evidence") or [])[:1]:
        if ev.get("sentence"):
            s = " ".join(str(ev["sentence"]).split())
            lines.append(f"          « {s if len(s) <= 160 else s[:159] + '…'} »")
    return lines


def format_holders(h: dict[str, Any]) -> list[str]:
    """Text lines for :func:`cchc_kg.queries.orgs_time.holder_at`."""
    a = h["agency"]
    names = lambda hs: ", ".join(f"{x.get('name')} ({x.get('jurisdiction')})" for x in hs) or "nobody (dissolved)"  # noqa: E731
    lines = [f"{a.get('name') or a['iri']} ({a.get('jurisdiction')})",
             f"  on {h['date']}: {names(h['holders'])}"]
    for e in h["chain"]:
        lines.append(f"    {e['date']} {e['type']} [{e['id']}, {e['confidence']}; {e['fact_source']}]")
    if h["now"]["date"] != h["date"]:
        lines.append(f"  now ({h['now']['date']}): {names(h['now']['holders'])}")
    for t in h.get("function_transfers", ()):
        lines.append(f"    function '{t['function']}' → {names(t['resulting'])} ({t['date']})")
    return lines


@app.command("check")
def check_cmd(
    docs: Optional[list[str]] = typer.Argument(None, help="Paths, IRIs or citation strings (default: every loaded document)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Check as of this date (YYYY-MM-DD; default today)."),
    shacl: bool = typer.Option(True, "--shacl/--no-shacl", help="Also validate the store against the SHACL shapes."),
    store: Path = STORE_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Out-of-date citations, open references, plans without basis, reorganised agencies.

    Exit 1 when there are findings, 0 when clean, 2 on usage error.

    Example: cchc-kg check ../shared/seeds/001_cb50b58158a95c60.txt --as-of 2026-01-01
    """
    from cchc_kg.queries.validity import check

    today = parse_as_of(as_of)
    try:
        be = open_backend(store)
        iris = None
        if docs:
            iris = []
            for d in docs:
                iris += [i for i in resolve(be, d) if i not in iris]
        findings = check(be, iris, today=today, shacl=shacl)
        labels: dict[str, str] = {}

        def label(iri: str) -> str:
            if iri not in labels:
                try:
                    d = be.document(iri)
                    labels[iri] = str(d.get("symbol") or d.get("key") or iri)
                except CchcError:
                    labels[iri] = iri
            return labels[iri]

        if as_json:
            emit_json({"as_of": today, "findings": findings})
        else:
            current = None
            for f in findings:
                if f["document"] != current:
                    current = f["document"]
                    typer.echo(describe_doc(be.document(current)))
                for line in format_finding(f, label):
                    typer.echo(line)
    except CchcError as e:
        handle(e)
    docs_hit = len({f["document"] for f in findings})
    typer.echo(f"{len(findings)} findings in {docs_hit} documents (as of {today})", err=True)
    raise typer.Exit(1 if findings else 0)
