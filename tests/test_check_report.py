"""``check`` as a report: validity learned from the corpus, own clauses, collapsed references, formats.

Small made-up texts (same forms as real decrees and plans); no corpus text.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from cchc_kg.cli.core import _register_extensions, app
from cchc_kg.kg.ids import doc_iri
from cchc_kg.kg.ingest import build
from cchc_kg.kg.model import DocumentRecord, Evidence, Extraction, ReferenceRecord, SourceText, StatedRelation
from cchc_kg.kg.store import GraphStore
from cchc_kg.queries.checks import is_reference_text, run_check
from cchc_kg.queries.embedded import EmbeddedBackend
from cchc_kg.queries.lineage import bases
from cchc_kg.queries.validity import in_force_at, mark_in_force, validity_of
from cchc_kg.queries.validity_facts import ValidityFacts

DECREE_TEXT = (
    "NGHỊ ĐỊNH\nQuy định về tổ chức thử nghiệm\n"
    "Điều 9. Hiệu lực thi hành\n"
    "Nghị định này có hiệu lực từ ngày ký và thay thế Nghị định số 5/2015/NĐ-CP.\n"
    "Bãi bỏ Điều 3 của Nghị định số 7/2016/NĐ-CP.\n"
)
PLAN_TEXT = (
    "Căn cứ Nghị định số 5/2015/NĐ-CP của Chính phủ;\n"
    "Căn cứ Nghị định số 7/2016/NĐ-CP của Chính phủ;\n"
    "Căn cứ Luật Thử nghiệm;\n"
    "LUẬT CẦN SỬA ĐỔI\n"
)
OLD_PLAN_TEXT = "Căn cứ Nghị định số 5/2015/NĐ-CP của Chính phủ;\nCăn cứ Luật Thử nghiệm;\nCăn cứ Luật Mẫu;\nCăn cứ Luật Vắng;\n"
# two laws of one name the collection cannot place in time, and a name with dated versions
LAWS_TEXT = "Luật Thử nghiệm (bản A); Luật Thử nghiệm (bản B); Luật Mẫu năm 2010; Luật Mẫu năm 2016.\n"
SUBMISSION_TEXT = "Tờ trình số 9/TTr-UBND thay thế Nghị định số 7/2016/NĐ-CP.\n"


def ev(quote: str, path: str, text: str, nth: int = 0) -> Evidence:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", start)
    return Evidence(path, start, start + len(quote), text[ls:le], quote)


def stub(n: str, year: int) -> DocumentRecord:
    return DocumentRecord(doc_type="NĐ", number=n, symbol=f"{n}/{year}/NĐ-CP", issuer_code="CP", year=year,
                          issuer="Chính phủ", jurisdiction="Việt Nam", level="national", origin="stub",
                          key=f"nd/{year}/{n}/cp")


ND5, ND7 = stub("5", 2015), stub("7", 2016)
ND10 = DocumentRecord(doc_type="NĐ", number="10", symbol="10/2020/NĐ-CP", issuer_code="CP", issuer="Chính phủ",
                      jurisdiction="Việt Nam", level="national", date="2020-05-01", year=2020, source="decree.txt",
                      key="nd/2020/10/cp")
TTR = DocumentRecord(doc_type="TTr", number="9", symbol="9/TTr-UBND", issuer_code="UBND", issuer="UBND tỉnh Xanh",
                     jurisdiction="tỉnh Xanh", level="province", date="2021-01-05", year=2021, source="ttr.txt",
                     key="ttr/2021/9/ubnd-tinh-xanh")


def plan(number: str, date: str, path: str) -> DocumentRecord:
    return DocumentRecord(doc_type="KH", number=number, symbol=f"{number}/KH-UBND", issuer_code="UBND",
                          issuer="UBND tỉnh Xanh", jurisdiction="tỉnh Xanh", level="province", date=date,
                          year=int(date[:4]), source=path, key=f"kh/{date[:4]}/{number}/ubnd-tinh-xanh")


NEW = plan("4", "2021-03-01", "plan.txt")
OLD = plan("2", "2019-01-01", "old.txt")
LAW = DocumentRecord(doc_type="Luật", issuer="Quốc hội", law_name="Luật Thử nghiệm")
LAW_A = DocumentRecord(doc_type="Luật", issuer="Quốc hội", law_name="Luật Thử nghiệm", origin="stub", key="luat/nd/nn-aaaa0001/quoc-hoi")
LAW_B = DocumentRecord(doc_type="Luật", issuer="Quốc hội", law_name="Luật Thử nghiệm", origin="stub", key="luat/nd/nn-bbbb0002/quoc-hoi")
MAU_2010 = DocumentRecord(doc_type="Luật", number="1", symbol="1/2010/QH12", issuer_code="QH12", issuer="Quốc hội", year=2010,
                          date="2010-06-01", law_name="Luật Mẫu", origin="stub", key="luat/2010/1/qh12")
MAU_2016 = DocumentRecord(doc_type="Luật", number="2", symbol="2/2016/QH13", issuer_code="QH13", issuer="Quốc hội", year=2016,
                          date="2016-06-01", law_name="Luật Mẫu", origin="stub", key="luat/2016/2/qh13")
LAWS = DocumentRecord(doc_type="TB", number="7", symbol="7/TB-VPCP", issuer_code="VPCP", issuer="Văn phòng Chính phủ",
                      jurisdiction="Việt Nam", level="national", date="2020-01-02", year=2020, source="laws.txt",
                      key="tb/2020/7/vpcp")

EXTRACTIONS = {
    "decree.txt": (DECREE_TEXT, [Extraction(ND10, references=(
        ReferenceRecord("cites", ND5, ev("Nghị định số 5/2015/NĐ-CP", "decree.txt", DECREE_TEXT)),
        ReferenceRecord("cites", ND7, ev("Nghị định số 7/2016/NĐ-CP", "decree.txt", DECREE_TEXT), pinpoint="Điều 3"),
    ), relations=(
        StatedRelation(ND10, "replaces", ND5, ev("Nghị định số 5/2015/NĐ-CP", "decree.txt", DECREE_TEXT)),
        StatedRelation(ND10, "repeals", ND7, ev("Nghị định số 7/2016/NĐ-CP", "decree.txt", DECREE_TEXT)),
    ))]),
    "plan.txt": (PLAN_TEXT, [Extraction(NEW, references=(
        ReferenceRecord("based_on", ND5, ev("Nghị định số 5/2015/NĐ-CP", "plan.txt", PLAN_TEXT)),
        ReferenceRecord("based_on", ND7, ev("Nghị định số 7/2016/NĐ-CP", "plan.txt", PLAN_TEXT)),
        ReferenceRecord("based_on", LAW, ev("Luật Thử nghiệm", "plan.txt", PLAN_TEXT), status="ambiguous"),
        ReferenceRecord("cites", LAW, ev("LUẬT CẦN SỬA ĐỔI", "plan.txt", PLAN_TEXT), status="ambiguous"),
    ))]),
    "old.txt": (OLD_PLAN_TEXT, [Extraction(OLD, references=(
        ReferenceRecord("based_on", ND5, ev("Nghị định số 5/2015/NĐ-CP", "old.txt", OLD_PLAN_TEXT)),
        ReferenceRecord("based_on", LAW, ev("Luật Thử nghiệm", "old.txt", OLD_PLAN_TEXT), status="ambiguous"),
        ReferenceRecord("based_on", LAW, ev("Luật Mẫu", "old.txt", OLD_PLAN_TEXT), status="ambiguous"),
        ReferenceRecord("based_on", LAW, ev("Luật Vắng", "old.txt", OLD_PLAN_TEXT), status="ambiguous"),
    ))]),
    "laws.txt": (LAWS_TEXT, [Extraction(LAWS, references=tuple(
        ReferenceRecord("cites", law, ev(q, "laws.txt", LAWS_TEXT, n))
        for law, q, n in ((LAW_A, "Luật Thử nghiệm", 0), (LAW_B, "Luật Thử nghiệm", 1), (MAU_2010, "Luật Mẫu", 0), (MAU_2016, "Luật Mẫu", 1))
    ))]),
    "ttr.txt": (SUBMISSION_TEXT, [Extraction(TTR, relations=(
        StatedRelation(TTR, "replaces", ND7, ev("Nghị định số 7/2016/NĐ-CP", "ttr.txt", SUBMISSION_TEXT)),
    ))]),
}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("check-report")
    with GraphStore.open(d, writable=True, create=True) as st:
        build(st, list(EXTRACTIONS), read=lambda p: SourceText(str(p), EXTRACTIONS[str(p)][0], "c" * 64),
              extract=lambda s: EXTRACTIONS[s.path][1], align=None)
    return d


@pytest.fixture(scope="module")
def backend(store_dir):
    return EmbeddedBackend(GraphStore.open(store_dir))


def _kinds(findings, doc, kind):
    return [f for f in findings if f["document"] == doc_iri(doc.key) and f["kind"] == kind]


def test_corpus_replacement_is_a_validity_fact_with_evidence(backend):
    vf = ValidityFacts.from_source(backend, bulk=True)
    (fact,) = [f for f in vf.corpus_changes() if f.relation == "replaces" and f.target == doc_iri(ND5.key)]
    assert fact.successor == doc_iri(ND10.key) and fact.self_stated and not fact.partial
    assert fact.confidence == "S" and fact.source_path == "decree.txt"
    assert DECREE_TEXT[fact.start:fact.end] == "Nghị định số 5/2015/NĐ-CP"
    v = validity_of(backend, doc_iri(ND5.key))
    assert v["end"] == "2020-05-01" and v["end_source"] == "successor-signed"
    assert in_force_at(v, "2020-04-30") is None or in_force_at(v, "2020-04-30") is True
    assert in_force_at(v, "2020-05-01") is False


def test_partial_repeal_and_a_submission_do_not_end_a_document(backend):
    vf = ValidityFacts.from_source(backend, bulk=True)
    facts = [f for f in vf.corpus_changes() if f.target == doc_iri(ND7.key)]
    assert {(f.successor, f.partial) for f in facts} == {(doc_iri(ND10.key), True), (doc_iri(TTR.key), False)}
    v = vf.validity(doc_iri(ND7.key))
    assert v["successors"] == [] and v["end"] is None
    assert [a["successor"] for a in v["amended_by"]] == [doc_iri(ND10.key)]


def test_own_replacing_clause_is_never_a_finding(backend):
    report = run_check(backend, today="2026-01-01")
    assert _kinds(report["findings"], ND10, "superseded-citation") == []
    assert report["summary"]["set_aside"]["own-clause"] >= 1


def test_drafting_error_and_ageing_from_corpus_facts(backend):
    fs = run_check(backend, today="2026-01-01")["findings"]
    (new,) = _kinds(fs, NEW, "superseded-citation")
    assert new["cited"] == doc_iri(ND5.key) and new["classification"] == "drafting-error"
    assert new["severity"] == "warning"  # the end rests on a corpus fact (S), not a verified one
    assert [(s["document"], s["origin"]) for s in new["chain"]] == [(doc_iri(ND10.key), "corpus")]
    assert new["chain"][0]["evidence"]["source_path"] == "decree.txt"
    (old,) = _kinds(fs, OLD, "superseded-citation")
    assert old["classification"] == "ageing" and old["no_longer_in_force"] == "2020-05-01"


def test_bases_as_of_agrees_with_check(backend):
    tree = mark_in_force(bases(backend, doc_iri(NEW.key)), NEW.date, backend, today="2026-01-01")
    marks = {n["document"]["key"]: n["in_force_at"] for n in tree["bases"]}
    assert marks[ND5.key] is False and marks[ND7.key] is not False


def test_open_references_collapsed_and_headings_dropped(backend):
    report = run_check(backend, today="2026-01-01")
    amb = [f for f in report["findings"] if f["kind"] == "ambiguous-reference"]
    assert [(f["reference"], f["count"], f["documents"]) for f in amb] == [("Luật Thử nghiệm", 2, 2)]
    assert amb[0]["candidates"] == [doc_iri(LAW_A.key), doc_iri(LAW_B.key)]
    assert amb[0]["evidence"][0]["source_path"] in ("old.txt", "plan.txt")
    aside = report["summary"]["set_aside"]
    assert aside["not-a-reference"] == 1
    assert aside["resolved-by-date"] == 1  # "Luật Mẫu" cited in 2019: the 2016 law
    assert aside["name-not-in-collection"] == 1  # "Luật Vắng"


def test_law_named_resolves_by_the_citing_date(backend):
    from cchc_kg.queries.law_dates import resolve_by_date

    vf = ValidityFacts.from_source(backend)
    both = [doc_iri(MAU_2010.key), doc_iri(MAU_2016.key)]
    assert resolve_by_date(vf, both, "2019-01-01") == doc_iri(MAU_2016.key)
    assert resolve_by_date(vf, both, "2012-01-01") == doc_iri(MAU_2010.key)
    assert resolve_by_date(vf, both, "2016-09-01") is None  # issued in the citing year: not decided
    assert resolve_by_date(vf, [doc_iri(LAW_A.key), doc_iri(LAW_B.key)], "2019-01-01") is None


def test_a_year_written_after_a_law_name_decides(backend):
    """"Luật Mẫu năm 2010" means the 2010 law even when cited in 2019, when the 2016 one is in force."""
    from cchc_kg.queries.law_dates import resolve_by_year, year_after

    vf = ValidityFacts.from_source(backend)
    both = [doc_iri(MAU_2010.key), doc_iri(MAU_2016.key)]
    assert resolve_by_year(vf, both, "2010") == doc_iri(MAU_2010.key)
    assert resolve_by_year(vf, both, "2016") == doc_iri(MAU_2016.key)
    assert resolve_by_year(vf, both, "2012") is None  # no law of that name that year: not decided
    assert resolve_by_year(vf, [doc_iri(LAW_A.key), doc_iri(LAW_B.key)], "2019") is None
    assert year_after("Luật Mẫu", "theo Luật Mẫu\nnăm 2010 và") == "2010"
    assert year_after("Luật Mẫu", "theo Luật Mẫu số 5/2010/QH12") is None
    assert year_after("Luật Mẫu", "Luật Mẫu năm 20101") is None


@pytest.mark.parametrize("quote,expected", [
    ("LUẬT CẦN SỬA ĐỔI", False), ("Luật \nThủy sản", False), ("Bộ luật\nLao động", False),
    ("Luật Đầu tư", True), ("Luật Bảo hiểm\nxã hội", True), ("Nghị định số\n5/2015/NĐ-CP", True), ("", False),
    ("Quyết định số 53", False), ("thông tư 7", False),
])
def test_is_reference_text(quote, expected):
    assert is_reference_text(quote) is expected


def test_cli_formats_filters_and_changes(store_dir):
    _register_extensions()
    run = CliRunner().invoke
    base = ["--store", str(store_dir), "--as-of", "2026-01-01"]
    js = run(app, ["check", *base, "--format", "json"])
    assert js.exit_code == 1, js.output
    data = json.loads(js.stdout)
    assert data["summary"]["by_severity"]["warning"] >= 2 and all("key" in f for f in data["findings"])
    table = run(app, ["check", *base, "--lang", "en"])
    assert table.stdout.splitlines()[0].startswith("Checked 5 documents (as of 2026-01-01)")
    rows = list(csv.DictReader(io.StringIO(run(app, ["check", *base, "--format", "csv", "--kind", "superseded-citation"]).stdout)))
    assert {r["kind"] for r in rows} == {"superseded-citation"} and len(rows) == 2
    assert {r["source_path"] for r in rows} == {"plan.txt", "old.txt"}
    md = run(app, ["check", *base, "--format", "markdown", "--min-severity", "warning"])
    assert "| severity | kind |" in md.stdout and "| info |" not in md.stdout
    assert run(app, ["check", *base, "--min-severity", "error"]).exit_code == 0
    assert run(app, ["check", *base, "--kind", "nonsense"]).exit_code == 2
    ch = run(app, ["changes", "--from-corpus", "--store", str(store_dir), "--json"])
    facts = json.loads(ch.stdout)
    assert {(f["relation"], f["source_path"], f["start"]) for f in facts} >= {
        ("replaces", "decree.txt", DECREE_TEXT.index("Nghị định số 5/2015/NĐ-CP"))}
    assert all(f["origin"] == "corpus" and f["sentence"] for f in facts)
    shown = run(app, ["show", doc_iri(ND5.key), "--store", str(store_dir)])
    assert "01/05/2020" in shown.stdout and "10/2020/NĐ-CP" in shown.stdout  # Vietnamese: dd/mm/yyyy
    shown_en = run(app, ["show", doc_iri(ND5.key), "--store", str(store_dir), "--lang", "en"])
    assert "2020-05-01" in shown_en.stdout and "replaced by" in shown_en.stdout



def _same_validity_and_report(ref, other) -> None:
    a, b = ValidityFacts.from_source(ref, bulk=True), ValidityFacts.from_source(other, bulk=True)
    assert b.corpus_changes() == a.corpus_changes()
    assert {(f.self_stated, f.partial) for f in a.corpus_changes()} == {(True, False), (True, True)}
    for d in (ND5, ND7, ND10, TTR, NEW, OLD):
        assert b.validity(doc_iri(d.key)) == a.validity(doc_iri(d.key)), d.key
    assert b.validity(doc_iri(ND5.key))["successors"][0]["successor"] == doc_iri(ND10.key)
    for on in (NEW.date, "2026-01-01"):
        assert (mark_in_force(bases(other, doc_iri(NEW.key)), on, other, today="2026-01-01")
                == mark_in_force(bases(ref, doc_iri(NEW.key)), on, ref, today="2026-01-01"))
        assert run_check(other, today=on) == run_check(ref, today=on)


def test_same_validity_and_report_on_networkx(store_dir, backend):
    """Self-stated, partial and reported corpus facts, law names: networkx answers as the embedded store."""
    from cchc_kg.queries.nx import NetworkxBackend

    _same_validity_and_report(backend, NetworkxBackend.from_store(GraphStore.open(store_dir)))


@pytest.mark.bolt
def test_same_validity_and_report_on_bolt(store_dir, backend, bolt_conn):
    from cchc_kg.kg.neo4j_writer import push, wipe
    from cchc_kg.kg.pgmodel import from_store
    from cchc_kg.queries.cypher import CypherBackend

    wipe(bolt_conn)
    push(bolt_conn, from_store(GraphStore.open(store_dir)))
    _same_validity_and_report(backend, CypherBackend(bolt_conn))


REVIEW_TEXT = "Nghị định số 5/2015/NĐ-CP đã được thay thế bởi Nghị định số 10/2020/NĐ-CP.\n"
REVIEW = DocumentRecord(doc_type="BC", number="3", symbol="3/BC-UBND", issuer_code="UBND", issuer="UBND tỉnh Xanh",
                        jurisdiction="tỉnh Xanh", level="province", date="2021-06-01", year=2021, source="review.txt",
                        key="bc/2021/3/ubnd-tinh-xanh")


def test_reported_change_is_the_same_fact_on_networkx(tmp_path):
    """A change a third document reports (confidence U, not self-stated): same fact and validity on networkx."""
    from cchc_kg.queries.nx import NetworkxBackend

    texts = {"review.txt": (REVIEW_TEXT, [Extraction(REVIEW, relations=(
        StatedRelation(ND10, "replaces", ND5, ev("Nghị định số 5/2015/NĐ-CP", "review.txt", REVIEW_TEXT)),
    ))])}
    with GraphStore.open(tmp_path, writable=True, create=True) as st:
        build(st, list(texts), read=lambda p: SourceText(str(p), texts[str(p)][0], "d" * 64),
              extract=lambda s: texts[s.path][1], align=None)
    st = GraphStore.open(tmp_path)
    a = ValidityFacts.from_source(EmbeddedBackend(st), bulk=True)
    b = ValidityFacts.from_source(NetworkxBackend.from_store(st), bulk=True)
    (fact,) = a.corpus_changes()
    assert (fact.self_stated, fact.confidence, fact.where) == (False, "U", doc_iri(REVIEW.key))
    assert b.corpus_changes() == [fact]
    assert b.validity(doc_iri(ND5.key)) == a.validity(doc_iri(ND5.key))
