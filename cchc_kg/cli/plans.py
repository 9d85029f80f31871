"""CLI commands for plans: targets, implements, coverage, agencies, agency."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from cchc_kg.cli.core import BACKEND_OPT, DB_OPT, JSON_OPT, STORE_OPT, URI_OPT, USER_OPT, app, describe_doc, emit_json, fail, handle, open_graph
from cchc_kg.kg.errors import CchcError

__all__ = ["targets", "implements_cmd", "coverage_cmd", "agencies_cmd", "agency_cmd"]


def _value(t: dict[str, Any]) -> str:
    v = t.get("value")
    val = "%g" % v if isinstance(v, (int, float)) else "?"
    unit = t.get("unit") or ""
    return f"{t.get('comparator') or ''} {val}{unit}".strip()


def _short(s: str | None, n: int = 110) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


@app.command()
def targets(
    doc: str = typer.Argument(..., help="Path, IRI or citation string of a plan."),
    area: Optional[str] = typer.Option(None, "--area", help="Reform-area slug (tthc, the-che, chinh-phu-so …)."),
    store: Path = STORE_OPT,
    backend: str = BACKEND_OPT,
    uri: Optional[str] = URI_OPT,
    user: Optional[str] = USER_OPT,
    database: Optional[str] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Quantified targets (chỉ tiêu) of a plan. Exit 1 when none.

    Example: cchc-kg targets ../shared/seeds/004_1b521d6779d44ea6.txt --area tthc
    """
    try:
        answer = open_graph(store, backend, uri, user, database).targets(doc, area=area)
    except CchcError as e:
        handle(e)
    rows = answer.items
    if as_json:
        emit_json(answer.to_dict())
    else:
        for r in rows:
            typer.echo(describe_doc(r["document"]))
            for t in r["targets"]:
                lvl = f" [{t['level']}]" if t.get("level") else ""
                typer.echo(f"  {t.get('year') or '----'} {_value(t):>10}{lvl} {t.get('area') or '-':<14} {_short(t['metric'])}")
    if not any(r["targets"] for r in rows):
        raise typer.Exit(1)


@app.command("implements")
def implements_cmd(
    query: str = typer.Argument(..., help="National target id (e.g. B06) or words of its metric."),
    store: Path = STORE_OPT,
    backend: str = BACKEND_OPT,
    uri: Optional[str] = URI_OPT,
    user: Optional[str] = USER_OPT,
    database: Optional[str] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Local plans implementing a national target, with values and lineage. Exit 1 when none.

    Example: cchc-kg implements "thanh toán trực tuyến" --json
    """
    try:
        res = open_graph(store, backend, uri, user, database).implements(query).to_dict()
    except CchcError as e:
        handle(e)
    if as_json:
        emit_json(res)
    else:
        if not res:
            typer.echo(f"no national target matches {query!r}", err=True)
        for r in res:
            nt = r["national_target"]
            typer.echo(f"{nt.get('national_id') or nt['iri']}: {_short(nt['metric'], 140)} — {_value(nt)} ({nt.get('year')})")
            for p in r["plans"]:
                typer.echo(f"  {describe_doc(p['document'])}")
                for lt in p["local_targets"]:
                    typer.echo(f"      {_value(lt)} ({lt.get('year')}) {lt['comparison']}, score {lt['score']}: {_short(lt['metric'], 90)}")
                if p["lineage"]:
                    typer.echo("      lineage: " + " → ".join(i.rsplit('/doc/', 1)[-1] for i in p["lineage"][0]))
                else:
                    chain = " → ".join(i.rsplit("/doc/", 1)[-1] for i in p.get("partial_lineage") or [])
                    typer.echo(f"      lineage: unresolved — the graph reaches {chain or 'nothing'}, with no link to the national document")
    if not any(r["plans"] for r in res):
        raise typer.Exit(1)


@app.command("coverage")
def coverage_cmd(
    of: Optional[list[str]] = typer.Option(None, "--of", help="Restrict to these plans (repeatable)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | csv | markdown"),
    store: Path = STORE_OPT,
    backend: str = BACKEND_OPT,
    uri: Optional[str] = URI_OPT,
    user: Optional[str] = USER_OPT,
    database: Optional[str] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Matrix of national targets × plans: adopted value, weaker/stronger, or missing.

    Example: cchc-kg coverage --format markdown
    """
    from cchc_kg.queries.plans import coverage_csv, coverage_markdown

    try:
        cov = open_graph(store, backend, uri, user, database).coverage(of).to_dict()
    except CchcError as e:
        handle(e)
    if as_json:
        emit_json(cov)
    elif fmt == "csv":
        typer.echo(coverage_csv(cov), nl=False)
    elif fmt in ("markdown", "md"):
        typer.echo(coverage_markdown(cov), nl=False)
    elif fmt == "table":
        typer.echo(_table(cov))
    else:
        fail(f"unknown format {fmt!r}; use table, csv or markdown")


def _table(cov: dict[str, Any]) -> str:
    from cchc_kg.queries.plans import _cell_text, _plan_label

    plans = cov["plans"]
    head = ["target", "national"] + [_plan_label(p)[:16] for p in plans]
    rows = [head]
    for t in cov["targets"]:
        nat = ("%g" % t["value"] if isinstance(t["value"], (int, float)) else "?") + (f"/{t['year']}" if t["year"] else "")
        rows.append([t["national_id"] or "?", nat] + [_cell_text(cov["cells"][t["iri"]][p["iri"]]) for p in plans])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows]
    legend = ["", "plans: " + "; ".join(f"{_plan_label(p)} = {describe_doc(p)}" for p in plans)]
    return "\n".join(lines + legend)


def _resp_line(r: dict[str, Any]) -> str:
    a = r["agency"]
    what = r.get("area") or "-"
    task = f": {_short(r['task'], 80)}" if r.get("task") else ""
    grp = " (group)" if a.get("is_group") else ""
    return f"  {r['role']:<9} {a['name']}{grp} [{a.get('jurisdiction') or '?'}] {what}{task}"


@app.command("agencies")
def agencies_cmd(
    doc: Optional[list[str]] = typer.Option(None, "--doc", help="Plan(s) to look in (path, IRI or citation)."),
    area: Optional[str] = typer.Option(None, "--area", help="Reform-area slug."),
    role: Optional[str] = typer.Option(None, "--role", help="lead | support | standing | advise | monitor | implement"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Show who holds each duty at this date (YYYY-MM-DD)."),
    store: Path = STORE_OPT,
    backend: str = BACKEND_OPT,
    uri: Optional[str] = URI_OPT,
    user: Optional[str] = USER_OPT,
    database: Optional[str] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Who is responsible (lead/support/standing …) for what, in one plan or all. Exit 1 when none.

    Example: cchc-kg agencies --doc ../shared/seeds/000_3e13e4f5f52b4654.txt --role lead
    """
    try:
        graph = open_graph(store, backend, uri, user, database)
        rows = graph.agencies(doc, area=area, role=role, as_of=as_of).to_dict()
        be = graph.backend()
    except CchcError as e:
        handle(e)
    if as_json:
        emit_json(rows)
    else:
        cur = None
        for r in rows:
            if r["document"] != cur:
                cur = r["document"]
                typer.echo(describe_doc(be.document(cur)))
            typer.echo(_resp_line(r))
            for line in _holder_lines(r, as_of):
                typer.echo(line)
    if not rows:
        raise typer.Exit(1)


def _holder_lines(r: dict[str, Any], as_of: str | None) -> list[str]:
    """Who holds the duty at ``as_of`` when it is not the named agency, with the change events."""
    h = r.get("agency_as_of")
    if not as_of or not h or not h.get("changed"):
        return []
    names = ", ".join(f"{x.get('name')} [{x.get('jurisdiction')}]" for x in h["holders"]) or "nobody (dissolved)"
    lines = [f"      held on {h['date']} by: {names}"]
    for e in h["chain"]:
        before = ", ".join(f"{o.get('name')} [{o.get('jurisdiction')}]" for o in e.get("originals") or [])
        after = ", ".join(f"{o.get('name')} [{o.get('jurisdiction')}]" for o in e.get("resulting") or []) or "—"
        lines.append(f"        {e['date']} {e['type']} ({e.get('id')}): {before} → {after} [confidence {e['confidence']}; {e['fact_source']}]")
    return lines


@app.command("agency")
def agency_cmd(
    name: str = typer.Argument(..., help="Agency name, e.g. 'Sở Nội vụ' or 'Sở Nội vụ tỉnh Vĩnh Long'."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Show who holds each duty at this date (YYYY-MM-DD)."),
    store: Path = STORE_OPT,
    backend: str = BACKEND_OPT,
    uri: Optional[str] = URI_OPT,
    user: Optional[str] = USER_OPT,
    database: Optional[str] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Responsibilities of one organisation, or of one kind across jurisdictions. Exit 1 when none.

    Example: cchc-kg agency "Sở Nội vụ" --json
    """
    try:
        graph = open_graph(store, backend, uri, user, database)
        res = graph.agency(name, as_of=as_of).to_dict()
        be = graph.backend()
    except CchcError as e:
        handle(e)
    if as_json:
        emit_json(res)
    else:
        for o in res["organisations"]:
            a = o["agency"]
            typer.echo(f"{a['name']} [{a.get('jurisdiction') or '?'}] — {len(o['responsibilities'])} responsibilities")
            for r in o["responsibilities"]:
                typer.echo(_resp_line(r) + f"  ({describe_doc(be.document(r['document']))[:60]})")
                for line in _holder_lines(r, as_of):
                    typer.echo(line)
    if not res["organisations"]:
        raise typer.Exit(1)
