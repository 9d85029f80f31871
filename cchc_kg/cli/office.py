"""CLI command for office exports: agencies, coverage, cited-by to .xlsx/.csv, a document page to .docx."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from cchc_kg.cli.core import BACKEND_OPT, DB_OPT, STORE_OPT, URI_OPT, USER_OPT, app, fail, handle, open_graph
from cchc_kg.kg.errors import CchcError

__all__ = ["report_cmd", "REPORT_KINDS"]

REPORT_KINDS = ("agencies", "coverage", "cited-by", "show")


@app.command("report")
def report_cmd(
    kind: str = typer.Argument(..., help="agencies | coverage | cited-by | show"),
    output: Path = typer.Option(..., "--output", "-o", help="File to write: .xlsx or .csv (agencies, coverage, cited-by); .docx (show)."),
    doc: Optional[list[str]] = typer.Option(None, "--doc", help="Plan(s) for agencies/coverage; the document for cited-by/show."),
    area: Optional[str] = typer.Option(None, "--area", help="Reform area by name, with or without diacritics, or code (agencies only)."),
    store: Path = STORE_OPT,
    backend: str = BACKEND_OPT,
    uri: Optional[str] = URI_OPT,
    user: Optional[str] = USER_OPT,
    database: Optional[str] = DB_OPT,
) -> None:
    """Write a report a department can open: spreadsheet (.xlsx/.csv) or word-processor (.docx) file.

    agencies → duties, area × agency matrix (chủ trì / phối hợp) and ranking
    with deadlines; coverage → national targets × plans with metric names;
    cited-by → documents citing --doc; show → the page of --doc as .docx.
    Files are written atomically.

    Example: cchc-kg report agencies -o trach-nhiem.xlsx --doc ../shared/seeds/004_1b521d6779d44ea6.txt
    """
    from cchc_kg.loaders.deadlines import find_deadline
    from cchc_kg.viz.office import export_agencies, export_cited_by, export_coverage, write_document_docx

    if kind not in REPORT_KINDS:
        fail(f"unknown report {kind!r}; use one of {', '.join(REPORT_KINDS)}")
    if kind in ("cited-by", "show") and len(doc or []) != 1:
        fail(f"report {kind} needs exactly one --doc")
    if kind == "show" and output.suffix.lower() != ".docx":
        fail(f"{output}: report show writes .docx")
    try:
        graph = open_graph(store, backend, uri, user, database)
        be = graph.backend()
        if kind == "agencies":
            rows = graph.agencies(doc or None, area=area).to_dict()
            docs = {r["document"]: be.document(r["document"]) for r in rows}
            path, n = export_agencies(output, rows, docs, deadline=find_deadline), len(rows)
        elif kind == "coverage":
            cov = graph.coverage(doc or None).to_dict()
            path, n = export_coverage(output, cov), len(cov["targets"])
        elif kind == "cited-by":
            rows = graph.cited_by(doc[0]).to_dict()
            path, n = export_cited_by(output, rows), len(rows)
        else:
            page = graph.document(doc[0]).items[0]
            cited = graph.cited_by(page["document"]["iri"]).to_dict()
            path, n = write_document_docx(output, page, cited), len(page["relations"])
    except CchcError as e:
        handle(e)
    typer.echo(f"đã ghi {path} ({n} dòng)", err=True)
