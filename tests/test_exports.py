"""neo4j-admin CSV, cypher-shell script and GraphML exports."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest

from cchc_kg.kg import exports
from cchc_kg.kg.pgmodel import from_store
from test_graph_layer import _loaded_store


@pytest.fixture(scope="module")
def pg():
    return from_store(_loaded_store())


def test_csv_headers_follow_neo4j_admin_syntax(pg, tmp_path) -> None:
    n, r = exports.write_csv(pg, tmp_path / "import")
    with open(n, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    head = rows[0]
    assert head[:2] == ["iri:ID", ":LABEL"]
    assert "year:long" in head and "start:long" in head and "numeral_keys:string[]" in head and "title" in head
    assert len(rows) - 1 == len(pg.nodes)
    labels = {row[1] for row in rows[1:]}
    assert "Resource;Document;KH;Plan" in labels
    with open(r, encoding="utf-8", newline="") as fh:
        rrows = list(csv.reader(fh))
    assert rrows[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert len(rrows) - 1 == len(pg.rels)


def test_graphml_opens_in_networkx_with_the_same_counts(pg, tmp_path) -> None:
    p = tmp_path / "g.graphml"
    exports.write_graphml(pg, p)
    g = nx.read_graphml(p, force_multigraph=True)
    assert (g.number_of_nodes(), g.number_of_edges()) == (len(pg.nodes), len(pg.rels))
    plan = g.nodes["https://w3id.org/cchc/id/doc/kh/2022/12/ubnd-tinh-xanh"]
    assert plan["labels"] == "Resource:Document:KH:Plan" and plan["title"].startswith("Kế hoạch")


def test_cypher_script_is_parameterised(pg) -> None:
    buf = io.StringIO()
    k = exports.write_cypher(pg, buf)
    lines = buf.getvalue().splitlines()
    assert lines[0].startswith("CREATE CONSTRAINT")
    params = [x for x in lines if x.startswith(":param rows => ")]
    statements = [x for x in lines if x.startswith("UNWIND $rows AS row")]
    assert len(params) == len(statements) == k - 1
    assert all("'" not in s for s in statements)


@pytest.mark.parametrize("value,literal", [
    ("it's", "'it\\'s'"),
    ("a\\b", "'a\\\\b'"),
    ("x\ny", "'x\\ny'"),
    ({"k": "}"}, "{`k`: '}'}"),
    ([1, 2.5, True, None], "[1, 2.5, true, null]"),
])
def test_cypher_literals(value, literal) -> None:
    assert exports.cypher_literal(value) == literal


def test_networkx_projection(pg) -> None:
    g = exports.to_networkx(pg)
    assert g.number_of_nodes() == len(pg.nodes) and g.number_of_edges() == len(pg.rels)
