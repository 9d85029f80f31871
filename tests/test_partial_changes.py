"""A decree that repeals or replaces an article of another does not end it (issue 14, second annotated sample).

Made-up texts (no corpus text), read by the real extractor: a decree whose
entry-into-force article repeals an article, repeals a clause and replaces a
whole decree; a plan signed later cites all three. Only the wholly replaced
decree is out of force; the partially changed ones are amended, and ``check``
reports only the citation of the replaced one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_kg.api import extract
from cchc_kg.api import open as open_graph
from cchc_kg.kg.ids import doc_iri
from cchc_kg.queries.validity_facts import ValidityFacts

DECREE = (
    "CHÍNH PHỦ\nSố: 915/2026/NĐ-CP\nHà Nội, ngày 10 tháng 3 năm 2026\nNGHỊ ĐỊNH\nQuy định về thủ tục thử nghiệm\n"
    "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;\nChính phủ ban hành Nghị định.\n"
    "Điều 1. Phạm vi\nNội dung thử nghiệm.\n"
    "Điều 9. Hiệu lực thi hành\n1. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 5 năm 2026.\n"
    "2. Bãi bỏ Điều 5 Nghị định số 921/2017/NĐ-CP ngày 07 tháng 8 năm 2017 của Chính phủ.\n"
    "3. Bãi bỏ khoản 2 Điều 26 Nghị định số 960/2021/NĐ-CP ngày 21 tháng 6 năm 2021 của Chính phủ.\n"
    "4. Nghị định này thay thế Nghị định số 961/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ.\n"
    "5. Thay thế Mẫu số 05/TN ban hành kèm theo Thông tư số 980/2021/TT-BTC bằng Mẫu số 05/TN ban hành kèm theo Nghị định này.\n"
    "6. Bãi bỏ Điều 60 Thông tư số 980/2021/TT-BTC.\n"
    "7. Bãi bỏ khoản 3, khoản 4 Điều 12 Thông tư số 906/2017/TT-BLĐTBXH ngày 08 tháng 3 năm 2017 của Bộ trưởng.\n"
)
PLAN = (
    "ỦY BAN NHÂN DÂN\nTỈNH SÔNG XANH\nSố: 44/KH-UBND\nSông Xanh, ngày 02 tháng 9 năm 2026\nKẾ HOẠCH\n"
    "Cải cách thủ tục hành chính năm 2026\n"
    "Căn cứ Nghị định số 921/2017/NĐ-CP ngày 07 tháng 8 năm 2017 của Chính phủ;\n"
    "Căn cứ Nghị định số 960/2021/NĐ-CP ngày 21 tháng 6 năm 2021 của Chính phủ;\n"
    "Căn cứ Nghị định số 961/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ;\n"
    "UBND tỉnh ban hành Kế hoạch.\n"
)
ND921, ND960, ND961, ND915 = (doc_iri(k) for k in ("nd/2017/921/cp", "nd/2021/960/cp", "nd/2018/961/cp", "nd/2026/915/cp"))
TT980, TT906 = doc_iri("tt/2021/980/btc"), doc_iri("tt/2017/906/bldtbxh")


def test_the_extractor_keeps_the_pinpoint_of_a_partial_change() -> None:
    ex = extract(DECREE)[0]
    rels = {(r.predicate, r.object.symbol) for r in ex.relations}
    assert {("repeals", "921/2017/NĐ-CP"), ("repeals", "960/2021/NĐ-CP"), ("replaces", "961/2018/NĐ-CP")} <= rels
    pins = {r.target.symbol: r.pinpoint for r in ex.references}
    assert pins.get("921/2017/NĐ-CP") == "Điều 5" and pins.get("960/2021/NĐ-CP") == "khoản 2 Điều 26"
    # a form replaced "ban hành kèm theo" the circular is a mention, not a change of the circular
    assert {r.pinpoint for r in ex.references if r.target.symbol == "980/2021/TT-BTC"} == {None, "Điều 60"}
    assert "Điều 12" in (pins.get("906/2017/TT-BLĐTBXH") or "")
    assert "961/2018/NĐ-CP" not in pins  # replaced as a whole: stated by the relation, not cited as well


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    d = tmp_path_factory.mktemp("partial")
    (d / "decree.txt").write_text(DECREE, encoding="utf-8")
    (d / "plan.txt").write_text(PLAN, encoding="utf-8")
    g = open_graph(d / "store")
    report = g.build([d / "decree.txt", d / "plan.txt"])
    assert report.loaded == 2 and report.failed == 0
    return g


def test_only_the_whole_replacement_ends_a_document(graph) -> None:  # type: ignore[no-untyped-def]
    vf = ValidityFacts.from_source(graph.backend(), bulk=True)
    facts = {(f.target, f.relation, f.partial) for f in vf.corpus_changes() if f.successor == ND915}
    assert facts == {(ND921, "repeals", True), (ND960, "repeals", True), (ND961, "replaces", False),
                     (TT980, "repeals", True), (TT906, "repeals", True)}
    for iri in (ND921, ND960, TT980, TT906):
        v = vf.validity(iri)
        assert v["end"] is None and v["successors"] == []
        assert {a["successor"] for a in v["amended_by"]} == {ND915}
    assert vf.validity(ND961)["end"] is not None


def test_check_reports_only_the_citation_of_the_replaced_decree(graph) -> None:  # type: ignore[no-untyped-def]
    found = [f for f in graph.check(as_of="2026-12-06").findings if f["kind"] == "superseded-citation"]
    assert [f["cited"] for f in found] == [ND961]
    assert not any(f["document"] == ND915 for f in graph.check(as_of="2026-12-06").findings
                   if f["kind"] == "superseded-citation")  # never against the decree's own clauses
