"""Organisations over time: 2025 change events (catalog) and holder_at."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, RDF

from cchc_kg.kg.changes_graph import CHANGE_TYPES, OrgRef, change_events, changes_graph, refresh_changes
from cchc_kg.kg.ids import agency_iri
from cchc_kg.kg.ingest import build
from cchc_kg.kg.model import AgencyRecord, DocumentRecord, Evidence, Extraction, ResponsibilityRecord, SourceText
from cchc_kg.kg.store import GraphStore
from cchc_kg.kg.vocab import CCHC
from cchc_kg.queries.embedded import EmbeddedBackend
from cchc_kg.queries.orgs_time import agencies_as_of, holder_at

TTTT = "so-thong-tin-va-truyen-thong"
KHCN = "so-khoa-hoc-va-cong-nghe"
ORGS = [
    OrgRef(TTTT, "tỉnh Vĩnh Long", "Sở Thông tin và Truyền thông"),
    OrgRef("so-ke-hoach-va-dau-tu", "tỉnh Bến Tre", "Sở Kế hoạch và Đầu tư"),
    OrgRef("ubnd", "tỉnh Sóc Trăng", "UBND tỉnh Sóc Trăng"),
    OrgRef("ubnd", "huyện Long Phú", "UBND huyện Long Phú"),
    OrgRef("phong-noi-vu", "huyện Long Phú", "Phòng Nội vụ"),
    OrgRef(TTTT, "tỉnh Thừa Thiên Huế", "Sở Thông tin và Truyền thông"),
    OrgRef("bo-thong-tin-va-truyen-thong", "Việt Nam", "Bộ Thông tin và Truyền thông"),
    OrgRef("so-lao-dong-thuong-binh-va-xa-hoi", "tỉnh Vĩnh Long", "Sở Lao động - Thương binh và Xã hội"),
]


@pytest.fixture(scope="module")
def graph():
    return changes_graph(ORGS)


def org(kind: str, unit: str) -> str:
    return agency_iri(kind, unit)


# (agency, date, expected holders, expected event dates up to the date)
CASES = [
    (org(TTTT, "tỉnh Vĩnh Long"), "2024-01-01", [org(TTTT, "tỉnh Vĩnh Long")], []),
    (org(TTTT, "tỉnh Vĩnh Long"), "2025-02-28", [org(TTTT, "tỉnh Vĩnh Long")], []),
    (org(TTTT, "tỉnh Vĩnh Long"), "2025-03-01", [org(KHCN, "tỉnh Vĩnh Long")], ["2025-03-01"]),
    (org(TTTT, "tỉnh Vĩnh Long"), "2026-01-01", [org(KHCN, "tỉnh Vĩnh Long")], ["2025-03-01", "2025-07-01"]),
    (org("so-ke-hoach-va-dau-tu", "tỉnh Bến Tre"), "2026-01-01", [org("so-tai-chinh", "tỉnh Vĩnh Long")], ["2025-03-01", "2025-07-01"]),
    (org("so-lao-dong-thuong-binh-va-xa-hoi", "tỉnh Vĩnh Long"), "2025-04-01", [org("so-noi-vu", "tỉnh Vĩnh Long")], ["2025-03-01"]),
    (org("ubnd", "tỉnh Sóc Trăng"), "2025-06-30", [org("ubnd", "tỉnh Sóc Trăng")], []),
    (org("ubnd", "tỉnh Sóc Trăng"), "2025-07-01", [org("ubnd", "thành phố Cần Thơ")], ["2025-07-01"]),
    (org("ubnd", "huyện Long Phú"), "2025-06-30", [org("ubnd", "huyện Long Phú")], []),
    (org("ubnd", "huyện Long Phú"), "2025-07-01", [], ["2025-07-01"]),
    (org("phong-noi-vu", "huyện Long Phú"), "2026-01-01", [], ["2025-07-01"]),
    (org(TTTT, "tỉnh Thừa Thiên Huế"), "2024-12-31", [org(TTTT, "tỉnh Thừa Thiên Huế")], []),
    (org(TTTT, "tỉnh Thừa Thiên Huế"), "2025-02-01", [org(TTTT, "thành phố Huế")], ["2025-01-01"]),
    (org(TTTT, "tỉnh Thừa Thiên Huế"), "2026-01-01", [org(KHCN, "thành phố Huế")], ["2025-01-01", "2025-03-01"]),
    (org("bo-thong-tin-va-truyen-thong", "Việt Nam"), "2026-01-01", [org("bo-khoa-hoc-va-cong-nghe", "Việt Nam")], ["2025-03-01"]),
]


@pytest.mark.parametrize("agency,date,holders,dates", CASES)
def test_holder_at(graph, agency, date, holders, dates):
    r = holder_at(graph, agency, date, today="2026-11-24")
    assert [h["iri"] for h in r["holders"]] == holders
    assert [e["date"] for e in r["chain"]] == dates
    assert r["dissolved"] == (not holders)
    for e in r["chain"]:
        assert e["confidence"] in ("V", "S", "U") and e["fact_source"].startswith("cchc-kg catalog row")
        assert e["instrument"].startswith("https://w3id.org/cchc/id/doc/")


def test_merged_vinh_long_department_and_function_moves(graph):
    r = holder_at(graph, org(TTTT, "tỉnh Vĩnh Long"), "2026-01-01", today="2026-11-24")
    assert [(h["name"], h["jurisdiction"]) for h in r["holders"]] == [("Sở Khoa học và Công nghệ", "tỉnh Vĩnh Long")]
    assert [e["type"] for e in r["chain"]] == ["merger", "province-merger"]
    merger = r["chain"][1]
    # Bến Tre is in the graph (its Sở KH&ĐT): its departments merge in too; Trà Vinh is absent
    assert {o["jurisdiction"] for o in merger["originals"]} == {"tỉnh Vĩnh Long", "tỉnh Bến Tre"}
    assert "Bến Tre" in merger["note"] and "Trà Vinh" in merger["note"]
    moved = {t["function"]: [x["iri"] for x in t["resulting"]] for t in r["function_transfers"]}
    assert moved["báo chí, xuất bản"] == [org("so-van-hoa-the-thao-va-du-lich", "tỉnh Vĩnh Long")]
    old = holder_at(graph, org(TTTT, "tỉnh Vĩnh Long"), "2024-01-01", today="2026-11-24")
    assert old["holders"][0]["name"] == "Sở Thông tin và Truyền thông" and old["function_transfers"] == []
    assert [h["iri"] for h in old["now"]["holders"]] == [org(KHCN, "tỉnh Vĩnh Long")]


def test_long_phu_dissolution_has_a_note(graph):
    r = holder_at(graph, org("ubnd", "huyện Long Phú"), "2025-07-01")
    (e,) = r["chain"]
    assert e["type"] == "dissolution" and e["resulting"] == [] and "commune" in e["note"]
    assert e["instrument"].endswith("luat/2025/72/qh15")


def test_every_change_event_carries_date_confidence_and_source(graph):
    events = set(graph.subjects(RDF.type, ORG.ChangeEvent))
    assert len(events) > 20
    for e in events:
        assert graph.value(e, CCHC.confidence) is not None, e
        assert str(graph.value(e, CCHC.factSource)).startswith("cchc-kg catalog row"), e
        assert graph.value(e, DCTERMS.date) is not None, e
        assert str(graph.value(e, DCTERMS.type)).rsplit("/", 1)[-1] in CHANGE_TYPES
        assert list(graph.objects(e, ORG.originalOrganization)), e
        for o in graph.objects(e, ORG.originalOrganization):
            assert (o, ORG.changedBy, e) in graph
    kinds = {e.type for e in change_events(ORGS)}
    assert kinds == set(CHANGE_TYPES)


def test_every_organisation_has_one_label(graph):
    for o in set(graph.subjects(RDF.type, ORG.Organization)):
        assert len(set(graph.objects(o, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")))) == 1, o


def _plan_store() -> GraphStore:
    text = "Sở Thông tin và Truyền thông chủ trì triển khai chính quyền số.\n"
    ev = Evidence("vl.txt", 0, 28, text.strip(), text[:28])
    plan = DocumentRecord(doc_type="KH", number="7", symbol="7/KH-UBND", issuer_code="UBND", issuer="UBND tỉnh Vĩnh Long",
                          jurisdiction="tỉnh Vĩnh Long", level="province", date="2021-12-01", year=2021, source="vl.txt",
                          key="kh/2021/7/ubnd-tinh-vinh-long")
    agency = AgencyRecord(TTTT, "Sở Thông tin và Truyền thông", "tỉnh Vĩnh Long", "province")
    ex = Extraction(document=plan, responsibilities=(ResponsibilityRecord(agency, "lead", ev, area="chinh-phu-so"),))
    st = GraphStore.open(None)
    build(st, ["vl.txt"], read=lambda p: SourceText(str(p), text, "c" * 64), extract=lambda s: [ex], align=None)
    refresh_changes(st)
    return st


def test_store_and_graph_give_the_same_answer_and_agencies_as_of():
    st = _plan_store()
    be = EmbeddedBackend(st)
    a = holder_at(be, org(TTTT, "tỉnh Vĩnh Long"), "2026-01-01", today="2026-11-24")
    b = holder_at(st.to_rdflib(), org(TTTT, "tỉnh Vĩnh Long"), "2026-01-01", today="2026-11-24")
    assert a == b
    rows = agencies_as_of(be, be.responsibilities(), "2026-01-01", today="2026-11-24")
    (r,) = rows
    assert r["agency_as_of"]["changed"] is True
    assert [h["iri"] for h in r["agency_as_of"]["holders"]] == [org(KHCN, "tỉnh Vĩnh Long")]
    assert [h["iri"] for h in agencies_as_of(be, be.responsibilities(), "2024-06-01")[0]["agency_as_of"]["holders"]] == [
        org(TTTT, "tỉnh Vĩnh Long")
    ]
