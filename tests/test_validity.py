"""Validity over time: replacement chains, drafting errors vs ageing, open references."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import ORG, RDF

from cchc_kg.kg.catalog_graph import catalog_graph
from cchc_kg.kg.changes_graph import CHANGES_GRAPH, refresh_changes
from cchc_kg.kg.ids import doc_iri
from cchc_kg.kg.ingest import build
from cchc_kg.kg.model import DocumentRecord, Evidence, Extraction, ReferenceRecord, SourceText
from cchc_kg.kg.store import GraphStore
from cchc_kg.kg.vocab import CCHC, ELI
from cchc_kg.queries.embedded import EmbeddedBackend
from cchc_kg.queries.lineage import bases
from cchc_kg.queries.validity import check, classify, in_force_at, mark_in_force, replacement_chain, validity_of

# Small texts written for these tests (same forms as real plans).
OLD_TEXT = (
    "Căn cứ Quyết định số 09/2015/QĐ-TTg ngày 25/3/2015 của Thủ tướng Chính phủ;\n"
    "Thực hiện Nghị định số 108/2014/NĐ-CP của Chính phủ về tinh giản biên chế.\n"
)
NEW_TEXT = (
    "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ;\n"
    "Tiếp tục thực hiện Quyết định số 09/2015/QĐ-TTg về cơ chế một cửa.\n"
    "Nghị quyết số 76/NQ-CP của Chính phủ; Quyết định số 99/QĐ-XYZ.\n"
)
BARE_TEXT = "Kế hoạch này không nêu căn cứ.\n"


def ev(quote: str, path: str, text: str) -> Evidence:
    start = text.index(quote)
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", start)
    return Evidence(path, start, start + len(quote), text[ls:le], quote)


def stub(t: str, n: str, code: str, year: int, key: str) -> DocumentRecord:
    return DocumentRecord(doc_type=t, number=n, symbol=f"{n}/{year}/{t}-{code}", issuer_code=code, year=year,
                          issuer="Chính phủ", jurisdiction="Việt Nam", level="national", origin="stub", key=key)


QD09 = stub("QĐ", "09", "TTg", 2015, "qd/2015/09/ttg")
ND108 = stub("NĐ", "108", "CP", 2014, "nd/2014/108/cp")
ND61 = stub("NĐ", "61", "CP", 2018, "nd/2018/61/cp")


def plan(key: str, number: str, date: str | None, path: str) -> DocumentRecord:
    year = int(date[:4]) if date else None
    return DocumentRecord(doc_type="KH", number=number, symbol=f"{number}/KH-UBND", issuer_code="UBND",
                          issuer="UBND tỉnh Xanh", jurisdiction="tỉnh Xanh", level="province", date=date, year=year,
                          source=path, key=key)


OLD = plan("kh/2016/5/ubnd-tinh-xanh", "5", "2016-03-01", "old.txt")
NEW = plan("kh/2019/8/ubnd-tinh-xanh", "8", "2019-05-01", "new.txt")
BARE = plan("kh/2020/2/ubnd-tinh-xanh", "2", "2020-01-10", "bare.txt")

EXTRACTIONS = {
    "old.txt": (OLD_TEXT, [Extraction(OLD, references=(
        ReferenceRecord("based_on", QD09, ev("Quyết định số 09/2015/QĐ-TTg", "old.txt", OLD_TEXT)),
        ReferenceRecord("implements", ND108, ev("Nghị định số 108/2014/NĐ-CP", "old.txt", OLD_TEXT)),
    ))]),
    "new.txt": (NEW_TEXT, [Extraction(NEW, references=(
        ReferenceRecord("based_on", ND61, ev("Nghị định số 61/2018/NĐ-CP", "new.txt", NEW_TEXT)),
        ReferenceRecord("cites", QD09, ev("Quyết định số 09/2015/QĐ-TTg", "new.txt", NEW_TEXT)),
        ReferenceRecord("cites", DocumentRecord(doc_type="NQ", number="76", issuer_code="CP"),
                        ev("Nghị quyết số 76/NQ-CP", "new.txt", NEW_TEXT), status="ambiguous",
                        candidates=("nq/2013/76/cp", "nq/2021/76/cp")),
        ReferenceRecord("cites", DocumentRecord(doc_type="QĐ", number="99", issuer_code="XYZ", key="qd/unknown/99/xyz"),
                        ev("Quyết định số 99/QĐ-XYZ", "new.txt", NEW_TEXT), status="unresolved"),
    ))]),
    "bare.txt": (BARE_TEXT, [Extraction(BARE)]),
}


@pytest.fixture(scope="module")
def backend() -> EmbeddedBackend:
    st = GraphStore.open(None)
    build(st, list(EXTRACTIONS), read=lambda p: SourceText(str(p), EXTRACTIONS[str(p)][0], "d" * 64),
          extract=lambda s: EXTRACTIONS[s.path][1], align=None)
    refresh_changes(st)
    return EmbeddedBackend(st)


def _by(findings, doc, kind, cited=None):
    return [f for f in findings if f["document"] == doc_iri(doc) and f["kind"] == kind
            and (cited is None or f.get("cited") == doc_iri(cited))]


# ---------------------------------------------------------------- one table for the module
# (document key, as_of, expected True/False/None) — dates before/after each replacement
IN_FORCE = [
    ("qd/2015/09/ttg", "2015-05-14", False),  # signed, not yet effective
    ("qd/2015/09/ttg", "2016-01-01", True),
    ("qd/2015/09/ttg", "2018-06-20", True),
    ("qd/2015/09/ttg", "2018-06-21", False),  # NĐ 61/2018 in force
    ("nd/2018/61/cp", "2018-06-20", False),
    ("nd/2018/61/cp", "2025-06-30", True),
    ("nd/2018/61/cp", "2025-07-01", False),  # NĐ 118/2025 in force
    ("nd/2025/118/cp", "2025-06-30", False),
    ("nd/2025/118/cp", "2026-01-01", True),
    ("nd/2014/108/cp", "2013-12-31", False),  # only the year is known
    ("nd/2014/108/cp", "2014-06-01", None),
    ("nd/2014/108/cp", "2023-07-19", True),
    ("nd/2014/108/cp", "2023-07-20", False),
    ("nd/2023/29/cp", "2023-07-20", True),
    ("nd/2023/29/cp", "2025-06-16", False),
    ("nd/2025/154/cp", "2025-06-16", True),
]


@pytest.mark.parametrize("key,as_of,expected", IN_FORCE)
def test_in_force_at(backend, key, as_of, expected):
    assert in_force_at(validity_of(backend, doc_iri(key)), as_of, today="2026-01-01") is expected


CHAINS = [
    ("qd/2015/09/ttg", None, [("nd/2018/61/cp", "2018-06-21"), ("nd/2025/118/cp", "2025-07-01")], ["nd/2025/118/cp"]),
    ("qd/2015/09/ttg", "2020-01-01", [("nd/2018/61/cp", "2018-06-21")], ["nd/2018/61/cp"]),
    ("nd/2014/108/cp", None, [("nd/2023/29/cp", "2023-07-20"), ("nd/2025/154/cp", "2025-06-16")], ["nd/2025/154/cp"]),
    ("nd/2014/108/cp", "2024-01-01", [("nd/2023/29/cp", "2023-07-20")], ["nd/2023/29/cp"]),
    ("nd/2020/45/cp", None, [], ["nd/2020/45/cp"]),
]


@pytest.mark.parametrize("key,until,steps,current", CHAINS)
def test_replacement_chain(backend, key, until, steps, current):
    rc = replacement_chain(backend, doc_iri(key), until=until)
    assert [(s["document"], s["date"]) for s in rc["chain"]] == [(doc_iri(k), d) for k, d in steps]
    assert rc["current"] == [doc_iri(k) for k in current]
    for s in rc["chain"]:
        assert s["confidence"] == "V" and s["fact_source"].startswith("cchc-kg catalog row")


@pytest.mark.parametrize("signed,ended,after,expected", [
    ("2016-03-01", "2018-06-21", None, "ageing"),
    ("2019-05-01", "2018-06-21", None, "drafting-error"),
    ("2018-06-21", "2018-06-21", None, "drafting-error"),
    (None, "2018-06-21", "2019-01-01", "drafting-error"),
    (None, "2018-06-21", "2017-01-01", "undetermined"),
    ("2019-05-01", None, None, "undetermined"),
])
def test_classify(signed, ended, after, expected):
    assert classify(signed, ended, signed_after=after) == expected


def test_ageing_citations_of_an_old_plan(backend):
    fs = check(backend, [doc_iri(OLD.key)], today="2026-01-01", shacl=False)
    (qd,) = _by(fs, OLD.key, "superseded-citation", "qd/2015/09/ttg")
    assert qd["classification"] == "ageing" and qd["severity"] == "warning"
    assert qd["no_longer_in_force"] == "2018-06-21" and qd["current"] == [doc_iri("nd/2025/118/cp")]
    assert [s["date"] for s in qd["chain"]] == ["2018-06-21", "2025-07-01"]
    assert qd["amended_by"][0]["document"] == doc_iri("nd/2025/367/cp")
    assert qd["evidence"][0]["quote"] == "Quyết định số 09/2015/QĐ-TTg"
    (nd,) = _by(fs, OLD.key, "superseded-citation", "nd/2014/108/cp")
    assert nd["classification"] == "ageing" and nd["current"] == [doc_iri("nd/2025/154/cp")]
    assert nd["relations"] == ["implements"]


def test_drafting_error_vs_ageing_in_a_newer_plan(backend):
    fs = check(backend, [doc_iri(NEW.key)], today="2026-01-01", shacl=False)
    (qd,) = _by(fs, NEW.key, "superseded-citation", "qd/2015/09/ttg")
    assert qd["classification"] == "drafting-error" and qd["severity"] == "error"
    (nd,) = _by(fs, NEW.key, "superseded-citation", "nd/2018/61/cp")
    assert nd["classification"] == "ageing" and nd["no_longer_in_force"] == "2025-07-01"
    # before NĐ 118/2025 took effect, citing NĐ 61/2018 is fine
    early = check(backend, [doc_iri(NEW.key)], today="2025-06-30", shacl=False)
    assert _by(early, NEW.key, "superseded-citation", "nd/2018/61/cp") == []
    assert len(_by(early, NEW.key, "superseded-citation", "qd/2015/09/ttg")) == 1


def test_open_references_and_missing_basis(backend):
    fs = check(backend, None, today="2026-01-01", shacl=False)
    (amb,) = _by(fs, NEW.key, "ambiguous-reference")
    assert amb["candidates"] == [doc_iri("nq/2013/76/cp"), doc_iri("nq/2021/76/cp")]
    assert amb["evidence"][0]["quote"] == "Nghị quyết số 76/NQ-CP"
    (unres,) = _by(fs, NEW.key, "unresolved-reference")
    assert unres["evidence"][0]["source_path"] == "new.txt"
    assert len(_by(fs, BARE.key, "no-legal-basis")) == 1
    assert _by(fs, OLD.key, "no-legal-basis") == []
    assert {f["document"] for f in fs} == {doc_iri(k) for k in (OLD.key, NEW.key, BARE.key)}


def test_shacl_violation_is_a_finding():
    bad = Evidence("bad.txt", 5, 2, "Căn cứ Nghị định số 61/2018/NĐ-CP;", "")
    ex = Extraction(plan("kh/2021/3/ubnd-tinh-xanh", "3", "2021-01-04", "bad.txt"),
                    references=(ReferenceRecord("based_on", ND61, bad),))
    st = GraphStore.open(None)
    build(st, ["bad.txt"], read=lambda p: SourceText(str(p), "x" * 40, "e" * 64), extract=lambda s: [ex],
          align=None, static=False)
    fs = check(EmbeddedBackend(st), today="2026-01-01", agencies=False)
    assert any(f["kind"] == "shacl" and f["severity"] == "error" for f in fs)


def test_mark_in_force_on_a_bases_tree(backend):
    tree = mark_in_force(bases(backend, doc_iri(OLD.key)), "2017-01-01", backend, today="2026-01-01")
    marks = {n["document"]["key"]: n["in_force_at"] for n in tree["bases"]}
    assert marks == {"qd/2015/09/ttg": True, "nd/2014/108/cp": True}
    later = mark_in_force(bases(backend, doc_iri(OLD.key)), "2024-01-01", backend, today="2026-01-01")
    node = next(n for n in later["bases"] if n["document"]["key"] == "qd/2015/09/ttg")
    assert node["in_force_at"] is False and node["validity"]["replaced_by"] == [doc_iri("nd/2018/61/cp")]


def test_every_validity_fact_carries_source_and_confidence(backend):
    g: Graph = catalog_graph()
    subjects = {s for p in (ELI.in_force, ELI.first_date_entry_in_force, ELI.date_no_longer_in_force) for s in g.subjects(p)}
    assert len(subjects) > 20
    for s in subjects:
        assert g.value(s, CCHC.confidence) is not None and g.value(s, CCHC.factSource) is not None, s
    for c in g.subjects(CCHC.citationType, None):
        assert g.value(c, CCHC.confidence) is not None and g.value(c, CCHC.factSource) is not None, c
    assert CHANGES_GRAPH in backend.store.graphs()
    changes = backend.store.to_rdflib()
    events = set(changes.subjects(RDF.type, ORG.ChangeEvent))
    assert events
    for e in events:
        assert changes.value(e, CCHC.confidence) is not None and changes.value(e, CCHC.factSource) is not None, e
