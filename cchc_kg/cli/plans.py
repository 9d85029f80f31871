"""CLI commands for plans: targets, implements, coverage, agencies, agency."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from cchc_kg.cli.options import current_lang
from cchc_kg.cli.core import (BACKEND_OPT, DB_OPT, JSON_OPT, STORE_OPT, URI_OPT, USER_OPT, app, describe_doc, emit_json,
                              emit_json_rows, fail, handle, open_graph)
from cchc_kg.kg.errors import CchcError

__all__ = ["targets", "implements_cmd", "coverage_cmd", "agencies_cmd", "agency_cmd"]


@app.command()
def targets(
    doc: str = typer.Argument(..., help="Path, IRI or citation string of a plan."),
    area: Optional[str] = typer.Option(None, "--area", help="Reform area: its name, with or without diacritics ('cải cách thủ tục hành chính'), or its code (tthc)."),
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
        from cchc_kg.viz.text import targets_lines

        for line in targets_lines(rows, current_lang()):
            typer.echo(line)
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
    if as_json:
        try:
            res = open_graph(store, backend, uri, user, database).implements(query).to_dict()
        except CchcError as e:
            handle(e)
        emit_json(res)
        if not any(r["plans"] for r in res):
            raise typer.Exit(1)
        return
    from cchc_kg.kg.labels import say
    from cchc_kg.viz.text import implementing_plan_lines, national_target_line

    lang = current_lang()
    targets = plans = 0
    try:
        graph = open_graph(store, backend, uri, user, database)
        for row in graph.iter_implements(query):  # printed as they come
            nt, p = row["national_target"], row["plan"]
            if p is None:
                targets += 1
                typer.echo(national_target_line(nt, lang))
                continue
            plans += 1
            for line in implementing_plan_lines(p, lang, name=lambda i: _handle_of(graph, i)):
                typer.echo(line)
        if not targets:
            typer.echo(say(lang, "no-target-matches", q=query), err=True)
            hints = graph.suggest_targets(query)
            if hints:
                typer.echo(say(lang, "did-you-mean", s="; ".join(hints)), err=True)
    except CchcError as e:
        handle(e)
    if not plans:
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
    from cchc_kg.kg.handles import doc_handle
    from cchc_kg.kg.labels import fmt_number, say, term

    lang = current_lang()
    plans = cov["plans"]
    def col(p: dict[str, Any]) -> str:
        h = doc_handle(p)
        return h.split(" ")[0] + " #" + h.rsplit("#", 1)[1] if " không số " in h and "#" in h else h

    head = say(lang, "coverage-head").split("|") + [col(p) for p in plans]
    rows = [head]
    for t in cov["targets"]:
        nat = fmt_number(t["value"], lang) + (f"/{t['year']}" if t["year"] else "")
        cells = []
        for p in plans:
            c = cov["cells"][t["iri"]][p["iri"]]
            if c["status"] == "missing":
                cells.append("—")
                continue
            val = fmt_number(c["value"], lang)
            cells.append(f"{val} ({term(lang, 'comparison', c['comparison'])})" if c["comparison"] and c["comparison"] != "equal" else val)
        rows.append([t["national_id"] or "?", nat] + cells)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows]
    legend = ["", f"{say(lang, 'plans-legend')}:"] + [f"  {col(p)} = {describe_doc(p)}" for p in plans]
    return "\n".join(lines + legend)


def _handle_of(graph: Any, iri: str) -> str:
    from cchc_kg.kg.handles import doc_handle

    try:
        return doc_handle(graph.document_fields(iri))
    except CchcError:
        return iri.rsplit("/doc/", 1)[-1]


def _resp_line(r: dict[str, Any]) -> str:
    from cchc_kg.viz.text import resp_line

    return resp_line(r, current_lang())


@app.command("agencies")
def agencies_cmd(
    doc: Optional[list[str]] = typer.Option(None, "--doc", help="Plan(s) to look in (path, IRI or citation)."),
    area: Optional[str] = typer.Option(None, "--area", help="Reform area: name with or without diacritics, or code (tthc)."),
    role: Optional[str] = typer.Option(None, "--role", help="chủ trì | phối hợp | thường trực | tham mưu | theo dõi | thực hiện "
                                       "(with or without diacritics) or lead | support | standing | advise | monitor | implement"),
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
        rows = graph.iter_agencies(doc, area=area, role=role, as_of=as_of)
        if as_json:
            n = emit_json_rows(rows)  # the same JSON array, written as the rows come
        else:
            n, cur = 0, None
            for r in rows:  # printed as they come
                if r["document"] != cur:
                    cur = r["document"]
                    typer.echo(describe_doc(graph.document_fields(cur)))
                typer.echo(_resp_line(r))
                for line in _holder_lines(r, as_of):
                    typer.echo(line)
                n += 1
    except CchcError as e:
        handle(e)
    if not n:
        raise typer.Exit(1)


def _holder_lines(r: dict[str, Any], as_of: str | None) -> list[str]:
    """Who holds the duty at ``as_of`` when it is not the named agency, with the change events."""
    h = r.get("agency_as_of")
    if not as_of or not h or not h.get("changed"):
        return []
    from cchc_kg.kg.labels import fmt_date, say, term

    lang = current_lang()
    names = ", ".join(f"{x.get('name')} [{x.get('jurisdiction')}]" for x in h["holders"]) or say(lang, "nobody")
    lines = [f"      {say(lang, 'held-by', d=fmt_date(h['date'], lang), names=names)}"]
    for e in h["chain"]:
        before = ", ".join(f"{o.get('name')} [{o.get('jurisdiction')}]" for o in e.get("originals") or [])
        after = ", ".join(f"{o.get('name')} [{o.get('jurisdiction')}]" for o in e.get("resulting") or []) or "—"
        lines.append(f"        {fmt_date(e['date'], lang)} {term(lang, 'event', e['type'])} ({e.get('id')}): {before} → {after} "
                     f"[{say(lang, 'confidence')} {e['confidence']}; {e['fact_source']}]")
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
    except CchcError as e:
        handle(e)
    if as_json:
        emit_json(res)
    else:
        for o in res["organisations"]:
            a = o["agency"]
            from cchc_kg.kg.labels import say

            n = say(current_lang(), "n-responsibilities", n=len(o["responsibilities"]))
            typer.echo(f"{a['name']} [{a.get('jurisdiction') or '?'}] — {n}")
            for r in o["responsibilities"]:
                typer.echo(_resp_line(r) + f"  ({_handle_of(graph, r['document'])})")
                for line in _holder_lines(r, as_of):
                    typer.echo(line)
    if not res["organisations"]:
        raise typer.Exit(1)
