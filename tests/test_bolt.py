"""The Bolt writer against a real server (FalkorDB from scripts/servers), and its errors."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cchc_kg.kg.build import source_graph
from cchc_kg.kg.errors import BackendError
from cchc_kg.kg.ids import doc_iri
from cchc_kg.kg.model import DocumentRecord, Evidence, Extraction, ReferenceRecord
from cchc_kg.kg.neo4j_writer import connect, counts, push, wipe
from cchc_kg.kg.pgmodel import from_rdflib
from cchc_kg.kg.store import GraphStore
from cchc_kg.queries.cypher import CypherBackend
from cchc_kg.queries.embedded import EmbeddedBackend

TITLES = [
    "Kế hoạch \"A\" {x} }",
    "it's a \\ backslash \\' and \\\\ two",
    "}) DETACH DELETE n //",
    "' } \\ \" { $rows `x`",
    "dòng một\ndòng hai\ttab",
]
LONG = "Căn cứ " + "khoản 'a' {b} \\ điều khoản dài " * 300  # ~10 KB, over FalkorDB's request limit


def _store(titles: list[str], sentence: str = "Căn cứ Nghị định số 45/2020/NĐ-CP;") -> GraphStore:
    st = GraphStore.open(None)
    nd = DocumentRecord(doc_type="NĐ", number="45", symbol="45/2020/NĐ-CP", issuer_code="CP", year=2020, origin="stub",
                        key="nd/2020/45/cp")
    for i, t in enumerate(titles):
        q = "Nghị định số 45/2020/NĐ-CP"
        doc = DocumentRecord(doc_type="KH", number=str(i + 1), symbol=f"{i + 1}/KH-UBND", issuer_code="UBND",
                             issuer="UBND tỉnh Xanh", jurisdiction="tỉnh Xanh", level="province", year=2023, title=t,
                             source=f"f{i}.txt", key=f"kh/2023/{i + 1}/ubnd-tinh-xanh")
        start = sentence.index(q)
        ref = ReferenceRecord("based_on", nd, Evidence(f"f{i}.txt", start, start + len(q), sentence, q), pinpoint="khoản '1' }")
        g = source_graph(f"f{i}.txt", str(i) * 64, [Extraction(document=doc, references=(ref,))])
        st.replace_graph(f"https://w3id.org/cchc/graph/source/t{i}", g)
    return st


@pytest.mark.bolt
def test_injection_titles_round_trip(bolt_conn) -> None:
    st = _store(TITLES)
    from cchc_kg.kg.pgmodel import from_store

    wipe(bolt_conn)
    push(bolt_conn, from_store(st))
    be = CypherBackend(bolt_conn)
    for i, t in enumerate(TITLES):
        assert be.document(doc_iri(f"kh/2023/{i + 1}/ubnd-tinh-xanh"))["title"] == t
    assert be.documents() == EmbeddedBackend(st).documents()
    assert be.find_by_numeral("1'}\\") == []


@pytest.mark.bolt
def test_long_evidence_is_written_whole(bolt_conn) -> None:
    st = _store(["Kế hoạch"], sentence=LONG + " Nghị định số 45/2020/NĐ-CP;")
    from cchc_kg.kg.pgmodel import from_store

    wipe(bolt_conn)
    s = push(bolt_conn, from_store(st))
    assert s.appended_chunks > 0
    iri = doc_iri("kh/2023/1/ubnd-tinh-xanh")
    got = CypherBackend(bolt_conn).edges(iri, "out", ("based_on",))
    assert got == EmbeddedBackend(st).edges(iri, "out", ("based_on",))
    assert got[0]["evidence"][0]["sentence"].startswith(LONG)
    s2 = push(bolt_conn, from_store(st))
    assert (s2.server_nodes, s2.server_relationships) == (s.server_nodes, s.server_relationships)
    assert CypherBackend(bolt_conn).edges(iri, "out", ("based_on",)) == got


@pytest.mark.bolt
def test_server_is_detected_as_not_neo4j(bolt_conn) -> None:
    assert bolt_conn.dialect == "falkordb"
    assert connect(bolt_conn.uri).driver is bolt_conn.driver  # one driver per process


@pytest.mark.bolt
def test_wipe_empties_the_graph(bolt_conn) -> None:
    g = source_graph("x.txt", "0" * 64, [Extraction(DocumentRecord(doc_type="KH", key="kh/nd/nn-1/x", source="x.txt"))])
    push(bolt_conn, from_rdflib(g))
    assert counts(bolt_conn)[0] > 0
    wipe(bolt_conn)
    assert counts(bolt_conn) == (0, 0)


@pytest.mark.bolt
def test_cli_push_and_wipe(bolt_uri, tmp_path, monkeypatch) -> None:
    from cchc_kg.cli.core import app

    store = tmp_path / "s"
    with GraphStore.open(store, writable=True, create=True) as st:
        g = source_graph("x.txt", "0" * 64, [Extraction(DocumentRecord(doc_type="KH", key="kh/nd/nn-1/x", source="x.txt", title="it's"))])
        st.replace_graph("https://w3id.org/cchc/graph/source/x", g)
    monkeypatch.setenv("NEO4J_PASSWORD", "")
    r = CliRunner().invoke(app, ["neo4j", "push", "--store", str(store), "--uri", bolt_uri, "--wipe", "--yes", "--json"])
    assert r.exit_code == 0, r.output
    assert '"server_nodes"' in r.output
    r = CliRunner().invoke(app, ["neo4j", "push", "--store", str(store), "--uri", bolt_uri, "--wipe"], input="n\n")
    assert r.exit_code == 1


def test_unreachable_server_is_a_backend_error() -> None:
    with pytest.raises(BackendError, match="cannot reach"):
        connect("bolt://127.0.0.1:9", timeout=2)


def test_cli_maps_backend_errors_to_exit_2(tmp_path, monkeypatch) -> None:
    from cchc_kg.cli.core import app

    store = tmp_path / "s"
    GraphStore.open(store, writable=True, create=True).close()
    monkeypatch.setenv("NEO4J_PASSWORD", "sekret-value")
    r = CliRunner().invoke(app, ["neo4j", "push", "--store", str(store), "--uri", "bolt://127.0.0.1:9"])
    assert r.exit_code == 2
    assert "cannot reach" in r.output and "sekret-value" not in r.output


def test_password_is_not_an_option() -> None:
    from cchc_kg.cli.core import app

    r = CliRunner().invoke(app, ["neo4j", "push", "--help"], env={"COLUMNS": "200"})
    assert "--password" not in r.output and "NEO4J_PASSWORD" in r.output
