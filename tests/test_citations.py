"""Citation mentions, typing, resolution and stated relations (cchc_kg.loaders.citations/resolve)."""

import pytest

from bench.quality_citations import evaluate
from cchc_kg.kg.ids import unnumbered_key
from cchc_kg.kg.model import DocumentRecord, SourceText
from cchc_kg.loaders.citations import extract_citations, find_mentions
from cchc_kg.loaders.clean import clean
from cchc_kg.loaders.pipeline import extract_source
from cchc_kg.loaders.resolve import Mention, ResolutionContext, inherit_jurisdiction, law_key, no_inheritance, resolve_mention

HEAD = "UBND TỈNH AN GIANG\nSố: 9/KH-UBND\nAn Giang, ngày 01 tháng 6 năm 2022\nKẾ HOẠCH\nCải cách hành chính năm 2022\n\n"
BODY = "\nI. MỤC TIÊU\n"


def run(preamble: str = "", body: str = "", title: str | None = None):
    head = HEAD if title is None else HEAD.replace("Cải cách hành chính năm 2022", title)
    text = head + preamble + BODY + body + "\n"
    ex = extract_source(SourceText("t.txt", text, "0"))[0]
    for r in ex.references:  # evidence invariants hold for every reference
        assert text[r.evidence.start:r.evidence.end] == r.evidence.quote
        assert r.evidence.quote in r.evidence.sentence
    return ex


def refs(preamble: str = "", body: str = "", title: str | None = None):
    return [(r.target.key, r.relation) for r in run(preamble, body, title).references]


# ---------------------------------------------------------------- citation forms (body => cites)
@pytest.mark.parametrize(
    "body, keys",
    [
        ("Theo Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ.", ["nq/2021/76/cp"]),
        ("Theo Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ.", ["nq/2021/76/cp"]),
        ("Theo Nghị quyết số 76/NQ-CP ngày 13 tháng 6 năm 2013 của Chính phủ.", ["nq/2013/76/cp"]),
        ("Theo Luật Tổ chức chính quyền địa phương ngày 19/6/2015.", ["luat/2015/77/qh13"]),
        ("Theo Luật Viên chức ngày 15/11/2010.",
         [unnumbered_key("Luật", 2010, "Quốc hội", "Luật Viên chức", "2010-11-15")]),
        ("Theo Luật Cán bộ, công chức ngày 13/11/2008 và Luật Viên chức ngày 15/11/2010.",
         [law_key("Luật Cán bộ, công chức", "2008-11-13"), law_key("Luật Viên chức", "2010-11-15")]),
        ("Theo Luật số 65/2020/QH14.", ["luat/2020/65/qh14"]),
        ("Theo Nghị quyết số 10-NQ/TU ngày 29/12/2021 của Tỉnh ủy.", ["nq/2021/10/tu-tinh-an-giang"]),
        ("Theo Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương.", ["nq/2017/18/tw"]),
        ("Theo Nghị định số 107/2020/NĐ-CP, 108/2020/NĐ-CP ngày 14/9/2020.", ["nd/2020/107/cp", "nd/2020/108/cp"]),
        ("Theo Quyết định số 11/QĐ-TTg và 12/QĐ-TTg ngày 05/01/2021.", ["qd/2021/11/ttg", "qd/2021/12/ttg"]),
        ("Triển khai NĐ 45/2020 về dịch vụ công.", ["nd/2020/45/cp"]),
        ("Triển khai NQ 76 về cải cách.", ["nq/unknown/76/unknown"]),
        ("Triển khai Nghị quyết 76 về cải cách.", ["nq/unknown/76/unknown"]),
        ("Triển khai Nghị quyết số 30c/NQ-CP của Chính phủ.", ["nq/2011/30c/cp"]),
        ("Theo Chương trình số 26-CTR/TU ngày 31/12/2021 của Tỉnh ủy.", ["ctr/2021/26/tu-tinh-an-giang"]),
        ("Theo Nghị định số **45/2020/ NĐ-CP** của Chính phủ.", ["nd/2020/45/cp"]),
        ("Theo Nghị định số 45/2020/NĐ-\nCP của Chính phủ.", ["nd/2020/45/cp"]),
        ("Theo Quyết định số 468/QĐ-TTg ngày 27.3.2021 và Chỉ thị số 23/CT-TTg ngày 02-9-2021.",
         ["qd/2021/468/ttg", "ct/2021/23/ttg"]),
        ("Theo Kế hoạch số 130/KH-UBND ngày 21/12/2021 của UBND tỉnh.", ["kh/2021/130/ubnd-tinh-an-giang"]),
        ("Theo Kế hoạch số 61/KH-UBND ngày 25/4/2022 của UBND tỉnh Sóc Trăng.", ["kh/2022/61/ubnd-tinh-soc-trang"]),
        ("Theo Công văn số 8869/VPCP-KSTT ngày 04/12/2021 của Văn phòng Chính phủ.", ["cv/2021/8869/vpcp"]),
        ("Theo Văn bản hợp nhất số 24/VBHN-BTC của Bộ Tài chính.", ["vbhn/2014/24/btc"]),
        ("Theo Thông tư liên tịch số 71/2014/TTLT-BTC-BNV.", ["ttlt/2014/71/btc"]),
        ("Theo Kế hoạch số 61/KH-UBND ngày 25/4/2022 của UBND tỉnh Sóc Trăng; nhắc lại Kế hoạch số 61/KH-UBND.",
         ["kh/2022/61/ubnd-tinh-soc-trang", "kh/2022/61/ubnd-tinh-an-giang"]),
        ("Không có văn bản nào; căn cứ vào chất lượng đầu ra; ISO 9001:2015; giai đoạn 2021-2025.", []),
        ("Kê khai theo Mẫu số 01/CNKD và tờ khai 23/ĐK-TCT; COVID-19.", []),
    ],
)
def test_citation_forms(body, keys):
    got = run(body=body).references
    assert [r.target.key for r in got] == keys
    assert all(r.relation == "cites" for r in got)


def test_short_forms_and_year_less_are_ambiguous_never_guessed():
    got = run(body="Triển khai Nghị quyết số 76/NQ-CP về cải cách và NQ 76.").references
    assert [r.status for r in got] == ["ambiguous", "ambiguous"]
    assert got[0].target.key == "nq/unknown/76/cp"
    assert got[0].candidates == ("nq/2013/76/cp", "nq/2021/76/cp")


@pytest.mark.parametrize(
    "body, pinpoint",
    [
        ("theo lộ trình tại khoản 4 Điều 35 Nghị định số 60/2021/NĐ-CP của Chính phủ.", "khoản 4 Điều 35"),
        ("theo lộ trình tại khoản 4, Điều 35 Nghị định số 60/2021/NĐ-CP.", "khoản 4 Điều 35"),
        ("theo điểm a khoản 1 Điều 3 của Thông tư số 03/2021/TT-BNV.", "điểm a khoản 1 Điều 3"),
        ("theo Điều 5 Nghị định số 61/2018/NĐ-CP.", "Điều 5"),
        ("theo Nghị định số 61/2018/NĐ-CP.", None),
    ],
)
def test_pinpoints(body, pinpoint):
    (r,) = run(body=body).references
    assert r.pinpoint == pinpoint


def test_reference_broken_across_lines_keeps_original_quote():
    ex = run(body="Thực hiện theo Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4\nnăm 2020 của\nChính phủ.")
    (r,) = ex.references
    assert r.target.key == "nd/2020/45/cp" and r.target.date == "2020-04-08"
    assert r.evidence.quote == "Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4\nnăm 2020"


# ---------------------------------------------------------------- typing by position
@pytest.mark.parametrize(
    "preamble, body, title, expected",
    [
        ("Căn cứ Nghị định số 45/2020/NĐ-CP ngày 08/4/2020;\nCăn cứ Chỉ thị số 23/CT-TTg ngày 02/9/2021;", "", None,
         [("nd/2020/45/cp", "based_on"), ("ct/2021/23/ttg", "based_on")]),
        ("Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021; Hướng dẫn số 3759/BNV-CCHC ngày 02/8/2021 của Bộ Nội vụ về việc hướng dẫn triển khai; Chỉ thị số 23/CT-TTg ngày 02/9/2021. UBND tỉnh ban hành Kế hoạch như sau:", "", None,
         [("nq/2021/76/cp", "based_on"), ("hd/2021/3759/bnv", "based_on"), ("ct/2021/23/ttg", "based_on")]),
        ("Căn cứ Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", "", None,
         [(law_key("Luật Tổ chức Chính phủ", "2015-06-19"), "based_on"), ("luat/2015/77/qh13", "based_on")]),
        ("", "Các sở căn cứ vào chất lượng đầu ra theo Nghị định số 60/2021/NĐ-CP.", None, [("nd/2021/60/cp", "cites")]),
        ("", "Căn cứ Nghị định số 60/2021/NĐ-CP, các sở xây dựng kế hoạch.", None, [("nd/2021/60/cp", "cites")]),
        ("Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch:", "", None,
         [("nq/2021/76/cp", "implements")]),
        ("", "", "Triển khai thực hiện Chương trình số 17-CTr/TU ngày 06/5/2022 của Tỉnh ủy",
         [("ctr/2022/17/tu-tinh-an-giang", "implements")]),
        ("", "", "Cải cách hành chính theo Nghị quyết số 76/NQ-CP ngày 15/7/2021", [("nq/2021/76/cp", "cites")]),
        ("Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 570/TTr-SNV ngày 20/9/2021.", "", None,
         [("ttr/2021/570/snv-tinh-an-giang", "proposal")]),
        ("Căn cứ Chương trình số 17-CTr/TU ngày 06/5/2022 của Tỉnh ủy thực hiện Nghị quyết số 10-NQ/TU ngày 29/12/2021 của Tỉnh ủy;", "", None,
         [("ctr/2022/17/tu-tinh-an-giang", "based_on"), ("nq/2021/10/tu-tinh-an-giang", "cites")]),
        ("Căn cứ Nghị định số 117/2013/NĐ-CP ngày 07/10/2013 sửa đổi, bổ sung một số điều của Nghị định số 130/2005/NĐ-CP;", "", None,
         [("nd/2013/117/cp", "based_on"), ("nd/2005/130/cp", "cites")]),
    ],
)
def test_relation_typing(preamble, body, title, expected):
    assert refs(preamble, body, title) == expected


# ---------------------------------------------------------------- stated relations
@pytest.mark.parametrize(
    "body, expected",
    [
        ("Nghị định số 117/2013/NĐ-CP ngày 07/10/2013 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số 130/2005/NĐ-CP.",
         [("nd/2013/117/cp", "amends", "nd/2005/130/cp")]),
        ("Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 được sửa đổi, bổ sung bởi Luật số 87/2025/QH15.",
         [("luat/2025/87/qh15", "amends", "luat/2025/64/qh15")]),
        ("Chương trình số 17-CTr/HU ngày 06/5/2022 của Huyện ủy Long Phú thực hiện Nghị quyết số 10-NQ/TU ngày 29/12/2021 của Tỉnh ủy.",
         [("ctr/2022/17/hu-huyen-long-phu", "implements", "nq/2021/10/tu-tinh-an-giang")]),
        ("Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 thay thế Nghị định số 110/2004/NĐ-CP.",
         [("nd/2020/30/cp", "replaces", "nd/2004/110/cp")]),
        ("Nghị định số 68/2013/NĐ-CP ngày 28/6/2013 quy định chi tiết và hướng dẫn thi hành Luật số 06/2012/QH13.",
         [("nd/2013/68/cp", "guides", "luat/2012/06/qh13")]),
        ("Thông tư số 01/2011/TT-BNV hướng dẫn thể thức văn bản và Quyết định số 28/2018/QĐ-TTg.", []),
        ("Nghị định số 24/2014/NĐ-CP ngày 04/4/2014 về tổ chức. Triển khai thực hiện Nghị định số 16/2015/NĐ-CP.", []),
        ("Nghị định số 24/2014/NĐ-CP về tổ chức; thực hiện Nghị định số 16/2015/NĐ-CP.", []),
    ],
)
def test_stated_relations(body, expected):
    ex = run(body=body)
    assert [(x.subject.key, x.predicate, x.object.key) for x in ex.relations] == expected
    text = HEAD + BODY + body
    for x in ex.relations:
        assert x.evidence.quote in x.evidence.sentence


def test_amending_law_by_name_states_amends_for_each_law():
    ex = run("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;")
    assert [(r.target.key, r.relation) for r in ex.references] == [("luat/2019/47/qh14", "based_on")]
    assert [(x.predicate, x.object.law_name) for x in ex.relations] == [
        ("amends", "Luật Tổ chức Chính phủ"), ("amends", "Luật Tổ chức chính quyền địa phương")]


def test_self_relation_from_title_and_body():
    text = ("BỘ NỘI VỤ\nSố: 05/2025/TT-BNV\nHà Nội, ngày 10 tháng 3 năm 2025\nTHÔNG TƯ\n"
            "Sửa đổi, bổ sung một số điều của Thông tư số 03/2021/TT-BNV\n\nĐiều 1. Thông tư này thay thế Thông tư số 01/2011/TT-BNV.\n")
    ex = extract_source(SourceText("t.txt", text, "0"))[0]
    assert {(x.subject.key, x.predicate, x.object.key) for x in ex.relations} == {
        ("tt/2025/05/bnv", "amends", "tt/2021/03/bnv"), ("tt/2025/05/bnv", "replaces", "tt/2011/01/bnv")}


# ---------------------------------------------------------------- resolution strategies
DISTRICT = DocumentRecord("KH", jurisdiction="huyện Long Phú", level="district")


@pytest.mark.parametrize(
    "mention, strategy, key",
    [
        (Mention(0, 1, "CTr", "17", None, "HU", "17-CTr/HU", "2022-05-06"), inherit_jurisdiction, "ctr/2022/17/hu-huyen-long-phu"),
        (Mention(0, 1, "NQ", "10", None, "TU", "10-NQ/TU", "2021-12-29"), inherit_jurisdiction, "nq/2021/10/tu-tinh-soc-trang"),
        (Mention(0, 1, "KH", "130", None, "UBND", "130/KH-UBND", "2021-12-21"), inherit_jurisdiction, "kh/2021/130/ubnd-huyen-long-phu"),
        (Mention(0, 1, "KH", "130", None, "UBND", "130/KH-UBND", "2021-12-21"), no_inheritance, "kh/2021/130/ubnd-unknown"),
        (Mention(0, 1, "NĐ", "45", 2020, "CP", "45/2020/NĐ-CP", None), inherit_jurisdiction, "nd/2020/45/cp"),
    ],
)
def test_resolution_strategies(mention, strategy, key):
    ctx = ResolutionContext(DISTRICT, province="tỉnh Sóc Trăng", district="huyện Long Phú")
    assert resolve_mention(mention, ctx, inherit=strategy).key == key


def test_explicit_issuer_wins_over_context():
    m = find_mentions(clean("Kế hoạch số 61/KH-UBND ngày 25/4/2022 của UBND tỉnh Sóc Trăng"))[0]
    ctx = ResolutionContext(DocumentRecord("KH", jurisdiction="tỉnh An Giang", level="province"), province="tỉnh An Giang")
    assert resolve_mention(m, ctx).key == "kh/2022/61/ubnd-tinh-soc-trang"


def test_unresolvable_local_issuer_is_flagged():
    ctx = ResolutionContext(DocumentRecord("KH"))
    res = resolve_mention(Mention(0, 1, "KH", "5", None, "UBND", "5/KH-UBND", "2021-01-02"), ctx)
    assert res.status == "unresolved" and res.key == "kh/2021/5/ubnd-unknown"


# ---------------------------------------------------------------- no double counting
def test_no_double_counting_and_no_overlap():
    body = ("Theo Nghị định số 45/2020/NĐ-CP ngày 08/4/2020, Luật Tổ chức chính quyền địa phương số 77/2015/QH13, "
            "NĐ 45/2020 và Nghị quyết số 76/NQ-CP ngày 15/7/2021.")
    ex = run(body=body)
    spans = sorted(r.evidence.span() for r in ex.references)
    assert len(spans) == 4
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert [r.target.key for r in ex.references] == ["nd/2020/45/cp", "luat/2015/77/qh13", "nd/2020/45/cp", "nq/2021/76/cp"]


def test_extract_citations_direct_call_matches_pipeline():
    text = HEAD + "Căn cứ Nghị định số 45/2020/NĐ-CP;" + BODY
    doc = DocumentRecord("KH", key="kh/2022/9/ubnd-tinh-an-giang", jurisdiction="tỉnh An Giang", level="province")
    refs_, rels = extract_citations(text, document=doc, source="t.txt")
    assert [(r.target.key, r.relation) for r in refs_] == [("nd/2020/45/cp", "based_on")] and rels == []


# ---------------------------------------------------------------- annotated fixtures
def test_quality_on_annotated_fixtures():
    res = evaluate()
    assert res["references"]["precision"] >= 0.98, res["errors"]
    assert res["references"]["recall"] >= 0.98, res["errors"]
    assert res["relations"]["precision"] >= 0.9 and res["relations"]["recall"] >= 0.9, res["errors"]
    assert res["identity_accuracy"] >= 0.95, res["errors"]
