"""Readable views (issue 15, item 6): matrix of responsibilities, years in labels, GraphML for Gephi."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from cchc_kg.kg.errors import DocumentNotFound
from cchc_kg.queries.embedded import EmbeddedBackend
from test_viz import NQ76, PLAN, viz_store
from cchc_kg.kg.ids import doc_iri
from cchc_kg.viz.graphml import view_to_networkx, write_view_graphml
from cchc_kg.viz.layout import grid
from cchc_kg.viz.model import ViewNode
from cchc_kg.viz.render import render
from cchc_kg.viz.views import all_view, focus_view, label_years, responsibilities_matrix_view, responsibilities_view

PLAN_IRI = doc_iri(PLAN.key)


@pytest.fixture(scope="module")
def backend() -> EmbeddedBackend:
    return EmbeddedBackend(viz_store())


def test_matrix_has_one_cell_per_agency_and_area(backend: EmbeddedBackend) -> None:
    v = responsibilities_matrix_view(backend, PLAN_IRI)
    resps = backend.responsibilities(PLAN_IRI)
    agencies = {r["agency"]["iri"] for r in resps}
    cells = [n for n in v.nodes if n.kind == "duty-cell"]
    assert {n.id for n in v.nodes if n.kind in ("agency", "agency-group")} == agencies
    assert len(cells) == len({(r["agency"]["iri"], r["area"] or "chung") for r in resps})
    # every cell has exactly one row edge and one column edge
    for c in cells:
        ins = [e for e in v.edges if e.target == c.id]
        assert sorted(e.source.startswith("area:") for e in ins) == [False, True]
    # cell labels count the duties: chủ trì + phối hợp + other roles = all duties
    total = 0
    for c in cells:
        for part in c.label.split(" · "):
            total += int(part.rsplit(" ", 1)[1])
    assert total == len(resps)


def test_grid_puts_cells_where_rows_and_columns_meet(backend: EmbeddedBackend) -> None:
    v = responsibilities_matrix_view(backend, PLAN_IRI)
    pos = grid(v)
    for c in (n for n in v.nodes if n.kind == "duty-cell"):
        row = next(e.source for e in v.edges if e.target == c.id and not e.source.startswith("area:"))
        col = next(e.source for e in v.edges if e.target == c.id and e.source.startswith("area:"))
        assert pos[c.id] == (pos[col][0], pos[row][1])
    # row heads share x, column heads share y: no edge runs diagonally
    for e in v.edges:
        a, b = pos[e.source], pos[e.target]
        assert a[0] == b[0] or a[1] == b[1]
    assert '"view":"matrix"' in render(v)


def test_matrix_of_a_plan_without_duties_is_an_error(backend: EmbeddedBackend) -> None:
    with pytest.raises(DocumentNotFound):
        responsibilities_matrix_view(backend, doc_iri(NQ76.key))


def test_same_symbol_documents_get_their_year() -> None:
    a = ViewNode("a", "doc-national", "76/NQ-CP\nChương trình", heading="76/NQ-CP", year=2021)
    b = ViewNode("b", "doc-national", "76/NQ-CP\nSửa đổi", heading="76/NQ-CP", year=2013)
    c = ViewNode("c", "doc-national", "30c/NQ-CP", heading="30c/NQ-CP", year=2011)
    out = label_years([a, b, c])
    assert [n.heading for n in out] == ["76/NQ-CP (2021)", "76/NQ-CP (2013)", "30c/NQ-CP"]
    assert out[0].label == "76/NQ-CP (2021)\nChương trình"


def test_doc_nodes_carry_type_year_issuer(backend: EmbeddedBackend) -> None:
    v = focus_view(backend, PLAN_IRI, depth=2)
    plan = next(n for n in v.nodes if n.id == PLAN_IRI)
    assert (plan.dtype, plan.year, plan.issuer) == ("KH", 2022, "UBND tỉnh Xanh")


def test_graphml_has_a_label_attribute(backend: EmbeddedBackend, tmp_path: Path) -> None:
    for v in (all_view(backend), responsibilities_view(backend, PLAN_IRI), responsibilities_matrix_view(backend, PLAN_IRI)):
        p = write_view_graphml(v, tmp_path / f"{v.view}.graphml")
        text = p.read_text(encoding="utf-8")
        assert '<key id="label" for="node" attr.name="label" attr.type="string"' in text
        g = nx.read_graphml(p)
        assert g.number_of_nodes() == len(v.nodes) and g.number_of_edges() == len(v.edges)
        for n in v.nodes:
            assert g.nodes[n.id]["label"] == (n.heading or n.label.split("\n")[0]) and "\n" not in g.nodes[n.id]["label"]
    g = view_to_networkx(all_view(backend))
    assert g.nodes[PLAN_IRI]["year"] == 2022 and g.nodes[PLAN_IRI]["type"] == "KH"
    assert {d["label"] for _, _, d in g.edges(data=True)} >= {"Căn cứ"}


def test_cli_viz_matrix_and_graphml(seeds_dir: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cchc_kg.cli.core import _register_extensions, app

    _register_extensions()
    runner = CliRunner()
    st = tmp_path / "store"
    plan = str(seeds_dir / "004_1b521d6779d44ea6.txt")
    assert runner.invoke(app, ["build", plan, "--store", str(st)]).exit_code == 0
    html, gml = tmp_path / "m.html", tmp_path / "m.graphml"
    res = runner.invoke(app, ["viz", "--responsibilities", plan, "--matrix", "-o", str(html), "--graphml", str(gml), "--store", str(st)])
    assert res.exit_code == 0, res.output
    assert '"view":"matrix"' in html.read_text(encoding="utf-8")
    g = nx.read_graphml(gml)
    cells = [n for n, d in g.nodes(data=True) if d["kind"] == "duty-cell"]
    assert cells and all(g.nodes[c]["label"] for c in cells)
    bad = runner.invoke(app, ["viz", "--all", "--matrix", "-o", str(html), "--store", str(st)])
    assert bad.exit_code == 2 and "--matrix" in bad.output
