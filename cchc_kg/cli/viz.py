"""``cchc-kg viz``: write an interactive, offline HTML view of the graph."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Optional

import typer

from cchc_kg.cli.core import STORE_OPT, app, fail, handle, open_graph
from cchc_kg.kg.errors import CchcError

__all__ = ["viz"]


@app.command()
def viz(
    focus: Optional[str] = typer.Option(None, "--focus", help="DOC: its legal bases upward and citing documents downward."),
    depth: int = typer.Option(2, "--depth", "-d", help="Steps followed each way from --focus."),
    responsibilities: Optional[str] = typer.Option(None, "--responsibilities", help="DOC: agencies ↔ areas/tasks/targets of a plan."),
    target: Optional[str] = typer.Option(None, "--target", help="National target id (B06) or words of its metric."),
    all_: bool = typer.Option(False, "--all", help="Every document and relation (capped by --max-nodes)."),
    max_nodes: Optional[int] = typer.Option(None, "--max-nodes", help="Node cap (default 300 for --focus, 1500 for --all)."),
    output: Path = typer.Option(Path("cchc-graph.html"), "--output", "-o", help="HTML file to write."),
    matrix: bool = typer.Option(False, "--matrix", help="With --responsibilities: agencies × reform areas as a matrix."),
    graphml: Optional[Path] = typer.Option(None, "--graphml", help="Also write the view as GraphML (label attribute, for Gephi)."),
    store: Path = STORE_OPT,
) -> None:
    """Write a self-contained HTML graph view (opens offline in any browser).

    Exactly one of --focus, --responsibilities, --target, --all. The page has
    a legend with counts, a search box, node/edge filters and tooltips with
    each document's metadata and each edge's evidence sentence.

    Example: cchc-kg viz --focus ../shared/seeds/003_dad5fdeea82cee8c.txt --depth 2 -o long-phu.html

    Example: cchc-kg viz --responsibilities ../shared/seeds/004_1b521d6779d44ea6.txt --matrix -o can-tho.html --graphml can-tho.graphml
    """
    from cchc_kg.viz.render import write_html

    chosen = [n for n, v in (("--focus", focus), ("--responsibilities", responsibilities), ("--target", target), ("--all", all_ or None)) if v]
    if len(chosen) != 1:
        fail("choose exactly one of --focus DOC, --responsibilities DOC, --target QUERY, --all" + (f" (got {', '.join(chosen)})" if chosen else ""))
    if matrix and not responsibilities:
        fail("--matrix goes with --responsibilities DOC")
    if max_nodes is not None and max_nodes < 1:
        fail("--max-nodes must be at least 1")
    t0 = time.perf_counter()
    try:
        view = open_graph(store).view(focus=focus, depth=depth, responsibilities=responsibilities, target=target,
                                      all=all_, max_nodes=max_nodes, matrix=matrix).graph
    except CchcError as e:
        handle(e)
    try:
        write_html(view, output)  # atomic: the previous page stays if this fails
    except CchcError as e:
        handle(e)
    except OSError as e:
        fail(f"cannot write {output}: {e.strerror or e} (the previous file, if any, is unchanged)")
    if graphml is not None:
        from cchc_kg.viz.graphml import write_view_graphml

        try:
            write_view_graphml(view, graphml)
        except OSError as e:
            fail(f"cannot write {graphml}: {e.strerror or e}")
    from cchc_kg.cli.options import current_lang, info
    from cchc_kg.kg.labels import say

    lang = current_lang()
    for note in view.notes:
        info(f"{say(lang, 'note')}: {note}")
    info(say(lang, "wrote-view", path=output, nodes=len(view.nodes), edges=len(view.edges),
             seconds=f"{time.perf_counter() - t0:.2f}"))
    sys.stdout.flush()
