"""RDF → property graph → RDF, on hand-written records."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from cchc_kg.kg.build import source_graph
from cchc_kg.kg.catalog_graph import catalog_graph
from cchc_kg.kg.changes_graph import OrgRef, changes_graph
from cchc_kg.kg.ids import doc_iri
from cchc_kg.kg.model import DocumentRecord, Evidence, Extraction, ReferenceRecord
from cchc_kg.kg.pgmodel import from_rdflib, from_store, to_rdf, type_label
from records import old_extraction, plan_extraction
from test_graph_layer import _loaded_store

INJECTION = "Kế hoạch \"A\" {x} } ' \\ `y` $rows // MATCH (n) DETACH DELETE n"


def _injection_extraction() -> Extraction:
    text = "Căn cứ Nghị định số 45/2020/NĐ-CP ' } \\ ;\n"
    q = "Nghị định số 45/2020/NĐ-CP"
    doc = DocumentRecord(doc_type="KH", number="7", symbol="7/KH-UBND", issuer_code="UBND", issuer="UBND tỉnh 'Xanh'",
                         jurisdiction="tỉnh 'Xanh'", level="province", year=2023, title=INJECTION, source="inj.txt",
                         key="kh/2023/7/ubnd-tinh-xanh")
    nd = DocumentRecord(doc_type="NĐ", number="45", symbol="45/2020/NĐ-CP", issuer_code="CP", year=2020, origin="stub",
                        key="nd/2020/45/cp")
    ev = Evidence("inj.txt", text.index(q), text.index(q) + len(q), text.strip(), q)
    return Extraction(document=doc, references=(ReferenceRecord("based_on", nd, ev, pinpoint="khoản '1' {2}"),))


GRAPHS = {
    "plan": lambda: source_graph("plan.txt", "a" * 64, [plan_extraction()]),
    "old": lambda: source_graph("old.txt", "b" * 64, [old_extraction()]),
    "injection": lambda: source_graph("inj.txt", "c" * 64, [_injection_extraction()]),
    "catalog": catalog_graph,
    # org:ChangeEvent nodes: identifier, date, type, function, note, instrument, coverage (orgs_time reads them)
    "changes": lambda: changes_graph([OrgRef("so-thong-tin-va-truyen-thong", "tỉnh Vĩnh Long")]),
}


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_round_trip_is_isomorphic(name: str) -> None:
    g: Graph = GRAPHS[name]()
    back = to_rdf(from_rdflib(g))
    assert isomorphic(g, back), name


def test_nodes_are_keyed_on_iri_and_labelled() -> None:
    pg = from_rdflib(GRAPHS["plan"]())
    plan = pg.nodes[doc_iri("kh/2022/12/ubnd-tinh-xanh")]
    assert plan.props["iri"] == plan.iri
    assert plan.labels == ("Resource", "Document", "KH", "Plan")
    assert plan.props["issuer"] == "UBND tỉnh Xanh" and plan.props["source"] == "plan.txt"
    assert all(n.labels[0] == "Resource" and n.props["iri"] == i for i, n in pg.nodes.items())
    types = {r.type for r in pg.rels}
    assert {"BASED_ON", "IMPLEMENTS", "CITES", "CITING", "CITED", "PASSED_BY", "DERIVED_FROM"} <= types
    cit = [n for n in pg.nodes.values() if "Citation" in n.labels]
    assert {c.props["relation"] for c in cit} == {"based_on", "implements", "cites"}
    assert all(c.props["source_path"] == "plan.txt" for c in cit)


def test_injection_text_is_kept_verbatim() -> None:
    pg = from_rdflib(GRAPHS["injection"]())
    assert pg.nodes[doc_iri("kh/2023/7/ubnd-tinh-xanh")].props["title"] == INJECTION


def test_loaded_values_win_over_stub_values() -> None:
    pg = from_store(_loaded_store())
    ctr = pg.nodes[doc_iri("ctr/2022/9/tu-tinh-xanh")].props
    assert ctr["origin"] == "stub" and ctr["symbol"] == "9-CTr/TU"
    plan = pg.nodes[doc_iri("kh/2022/12/ubnd-tinh-xanh")].props
    assert plan["origin"] == "loaded" and plan["numeral_keys"] == ["12"]


@pytest.mark.parametrize("doc_type,label", [("KH", "KH"), ("NĐ", "ND"), ("QĐ", "QD"), ("CTr", "CTR"), ("Luật", "LUAT"), ("", "VB")])
def test_type_labels(doc_type: str, label: str) -> None:
    assert type_label(doc_type) == label


def test_a_running_build_is_not_projected() -> None:
    """The temporary graph of an unfinished build is not in the property graph (networkx, Bolt answer as the store)."""
    from cchc_kg.kg.store import _TMP_PREFIX, GraphStore

    st = GraphStore.open(None)
    g = source_graph("plan.txt", "a" * 64, [plan_extraction()])
    st.replace_graph(_TMP_PREFIX + "build-1", g)
    assert not any(n.startswith("https://w3id.org/cchc/id/doc/") for n in from_store(st).nodes)
    st.replace_graph("https://w3id.org/cchc/graph/source/plan", g)
    assert doc_iri(plan_extraction().document.key) in from_store(st).nodes


def test_change_events_and_catalog_flags_are_properties() -> None:
    from cchc_kg.kg.store import CATALOG_GRAPH, GraphStore

    pg = from_rdflib(changes_graph([OrgRef("so-thong-tin-va-truyen-thong", "tỉnh Vĩnh Long")]))
    events = [n for n in pg.nodes.values() if "ChangeEvent" in n.labels]
    assert events and all(n.props["event_date"] and n.props["change_type"] and n.props["identifier"] for n in events)
    assert {r.type for r in pg.rels} >= {"ORIGINAL_ORGANIZATION", "RESULTING_ORGANIZATION", "CHANGED_BY"}
    st = GraphStore.open(None)
    st.replace_graph(CATALOG_GRAPH, catalog_graph())
    nodes = from_store(st).nodes.values()
    assert any(n.props.get("catalogued") for n in nodes if "Document" in n.labels)
    assert any(n.props.get("catalogued") and n.props.get("relation") == "replaces" for n in nodes if "Citation" in n.labels)
