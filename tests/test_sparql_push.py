"""``cchc-kg sparql push``: every named graph to a Graph Store Protocol endpoint (oxigraph serve)."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest
from typer.testing import CliRunner

from cchc_kg.kg.errors import BackendError
from cchc_kg.kg.sparql_push import graph_url, push_graphs
from cchc_kg.kg.store import GraphStore
from test_bolt import TITLES, _store


def _select(endpoint: str, query: str) -> list[dict]:
    url = endpoint.rstrip("/") + "/query?" + urllib.parse.urlencode({"query": query})
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())["results"]["bindings"]


@pytest.mark.parametrize("endpoint,url", [
    ("http://h:1", "http://h:1/store?graph=urn%3Ag"),
    ("http://h:1/", "http://h:1/store?graph=urn%3Ag"),
    ("http://h:1/sparql-graph-crud", "http://h:1/sparql-graph-crud?graph=urn%3Ag"),
])
def test_graph_urls(endpoint: str, url: str) -> None:
    assert graph_url(endpoint, "urn:g") == url


def test_unreachable_endpoint() -> None:
    st = _store(["x"])
    with pytest.raises(BackendError, match="cannot reach"):
        push_graphs(st, "http://127.0.0.1:9/store", timeout=2)
    with pytest.raises(BackendError):
        graph_url("ftp://x", "urn:g")


@pytest.mark.sparql_server
def test_push_every_graph_and_titles_round_trip(sparql_endpoint) -> None:
    st = _store(TITLES)
    s = push_graphs(st, sparql_endpoint)
    assert s.graphs == len(st.graphs()) and s.triples == len(st)
    rows = _select(sparql_endpoint, "SELECT ?t WHERE { GRAPH ?g { ?d <http://data.europa.eu/eli/ontology#title> ?t } }")
    assert sorted(r["t"]["value"] for r in rows) == sorted(TITLES)
    again = push_graphs(st, sparql_endpoint)  # PUT replaces: same triples
    assert again.triples == s.triples
    n = _select(sparql_endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(n[0]["n"]["value"]) >= len(st)


@pytest.mark.sparql_server
def test_cli_sparql_push(sparql_endpoint, tmp_path) -> None:
    from cchc_kg.cli.core import app

    store = tmp_path / "s"
    with GraphStore.open(store, writable=True, create=True) as w:
        src = _store(["Kế hoạch 'x'"])
        for g in src.graphs():
            w.replace_graph(g, b"".join(
                f"<{q.subject.value}> <{q.predicate.value}> {q.object} .\n".encode()
                for q in src.raw.quads_for_pattern(None, None, None, __import__("pyoxigraph").NamedNode(g))))
    r = CliRunner().invoke(app, ["sparql", "push", "--endpoint", sparql_endpoint + "/store", "--store", str(store), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["graphs"] == 1
