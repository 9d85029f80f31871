"""Legal bases, implements and operative relations on real-world layouts (issue 13).

Every fixture is made up; the shapes are those of web copies (markdown
residue, hard line wraps) and PDF text layers.
"""

import pytest

from cchc_kg.kg.model import SourceText
from cchc_kg.loaders.citations import find_mentions
from cchc_kg.loaders.clean import clean
from cchc_kg.loaders.pipeline import extract_source
from cchc_kg.loaders.resolve import law_key

DECISION = ("ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 12/QĐ-UBND\nAn Giang, ngày 05 tháng 3 năm 2025\n"
            "QUYẾT ĐỊNH\nVề việc ban hành Quy chế mẫu\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG\n")
PLAN = "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 9/KH-UBND\nAn Giang, ngày 01 tháng 6 năm 2025\nKẾ HOẠCH\nCải cách hành chính năm 2025\n\n"


def extract(text: str):
    ex = extract_source(SourceText("t.md", text, "0"))[0]
    for r in ex.references:  # evidence keeps the original text, span and sentence
        assert text[r.evidence.start:r.evidence.end] == r.evidence.quote
        assert r.evidence.quote in r.evidence.sentence
    for x in ex.relations:
        assert text[x.evidence.start:x.evidence.end] == x.evidence.quote
    return ex


def decision(preamble: str, body: str = "Điều 1. Ban hành kèm theo Quyết định này Quy chế mẫu.\n"):
    return extract(DECISION + preamble + "\nQUYẾT ĐỊNH:\n" + body)


def bases(ex, relation: str = "based_on"):
    return [(r.target.law_name if r.target.law_name and not r.target.number else r.target.key)
            for r in ex.references if r.relation == relation]


# ---------------------------------------------------------------- class 1: laws by name
@pytest.mark.parametrize(
    "clause, name",
    [
        ("Căn cứ Luật Chất lượng sản phẩm, hàng hóa ngày 21 tháng 11 năm 2007;", "Luật Chất lượng sản phẩm, hàng hóa"),
        ("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", "Luật Thi đua, khen thưởng"),
        ("Căn cứ Luật Xuất cảnh, nhập cảnh của công dân Việt Nam ngày 22 tháng 11 năm 2019;",
         "Luật Xuất cảnh, nhập cảnh của công dân Việt Nam"),
        ("Căn cứ Luật Khoa học, công nghệ và đổi mới sáng tạo ngày 27 tháng 6 năm 2025;",
         "Luật Khoa học, công nghệ và đổi mới sáng tạo"),
        ("Căn cứ luật Đầu tư công ngày 29 tháng 11 năm 2024;", "Luật Đầu tư công"),
        ("*Căn cứ Luật Tiêu chuẩn và Quy chuẩn kỹ thuật ngày 29 tháng 6 năm 2006;*", "Luật Tiêu chuẩn và Quy chuẩn kỹ thuật"),
        ("*Căn cứ Luật Quản lý, sử dụng tài sản công (được sửa đổi);*", "Luật Quản lý, sử dụng tài sản công"),
        ("Căn cứ Luật Nhà ở của Quốc hội;", "Luật Nhà ở"),
        ("Căn cứ Luật Tần \nsố vô tuyến điện ngày 23 tháng 11 năm 2009;", "Luật Tần số vô tuyến điện"),
        ("Căn cứ Luật Hàng không dân dụng Việt Nam ngày 29 tháng 6 năm 2006;", "Luật Hàng không dân dụng Việt Nam"),
        ("Căn cứ Bộ Luật Dân \nsự ngày 24 tháng 11 năm 2015;", "Bộ luật Dân sự"),
    ],
)
def test_law_names_run_to_a_terminator(clause, name):
    assert bases(decision(clause)) == [name]


def test_law_name_across_a_hard_wrap_and_markdown_residue():
    ex = decision("*Căn cứ Luật Tổ chức\nChính phủ ngày 18 tháng 02 năm 2025 và Luật Tổ\nchức chính quyền địa phương ngày 16 tháng 6 năm 2025;*")
    assert bases(ex) == ["luat/2025/63/qh15", "luat/2025/72/qh15"]


def test_a_wrap_before_a_body_or_table_residue_ends_a_name_in_prose():
    ms = find_mentions(clean("Căn cứ Luật Tổ chức\nChính phủ;\ntheo Luật Tín ngưỡng, tôn giáo\nBộ Dân tộc và Tôn giáo Các bộ, ngành"
                             "\n| Luật Tín ngưỡng, tôn giáo | Bộ Dân tộc và Tôn giáo |"))
    assert [m.law_name for m in ms] == ["Luật Tổ chức Chính phủ", "Luật Tín ngưỡng, tôn giáo", "Luật Tín ngưỡng, tôn giáo"]


def test_a_name_running_into_prose_is_cut_to_a_known_name():
    ms = find_mentions(clean("Căn cứ Luật Bảo hiểm xã hội số 41/2024/QH15;\nCơ quan bảo hiểm theo Luật Bảo hiểm xã hội chịu "
                             "trách nhiệm quản lý quỹ bảo hiểm y tế.\nSở Tư pháp theo Luật Tổ chức Chính phủ trình Ủy ban."))
    assert [m.law_name for m in ms] == ["Luật Bảo hiểm xã hội", "Luật Bảo hiểm xã hội", "Luật Tổ chức Chính phủ"]


def test_law_lists_split_at_each_new_law():
    ex = decision("Căn cứ Luật Phí và lệ phí, Luật Đầu tư công và Nghị định số 45/2020/NĐ-CP;")
    assert bases(ex) == ["Luật Phí và lệ phí", "Luật Đầu tư công", "nd/2020/45/cp"]


def test_law_by_name_resolves_to_the_law_in_force_at_the_citing_date():
    ex = decision("Căn cứ Luật Tổ chức chính quyền địa phương;")
    assert bases(ex) == ["luat/2025/65/qh15"]  # the decision of 5 March 2025: the law of February 2025, not June
    assert law_key("Luật Tổ chức chính quyền địa phương", on="2020-05-01") == "luat/2015/77/qh13"
    assert law_key("Luật Tổ chức chính quyền địa phương", "2015-06-19") == "luat/2015/77/qh13"


def test_prose_does_not_swallow_a_sentence_into_a_law_name():
    ms = find_mentions(clean("Theo Luật Đầu tư công, nhà đầu tư lập hồ sơ đề xuất dự án và gửi cơ quan có thẩm quyền thẩm định trong thời hạn quy định tại đây và các văn bản"))
    assert [m.law_name for m in ms] == ["Luật Đầu tư công"]


# ---------------------------------------------------------------- class 2: amending laws
def test_amending_law_is_its_own_base_and_the_laws_in_its_title_are_amended():
    ex = decision("Căn cứ Luật Quy hoạch ngày 24 tháng 11 năm 2017 được sửa đổi, bổ sung một số điều tại Luật sửa đổi, bổ\n"
                  "sung một số điều của Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo phương thức\n"
                  "đối tác công tư và Luật Đấu thầu ngày 29 tháng 11 năm 2024;")
    got = [r for r in ex.references if r.relation == "based_on"]
    assert [r.target.law_name for r in got] == [
        "Luật Quy hoạch",
        "Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo phương thức đối tác công tư và Luật Đấu thầu"]
    assert got[1].target.date == "2024-11-29"
    amended = {x.object.law_name for x in ex.relations if x.predicate == "amends" and x.subject.key == got[1].target.key}
    assert amended == {"Luật Quy hoạch", "Luật Đầu tư", "Luật Đầu tư theo phương thức đối tác công tư", "Luật Đấu thầu"}


def test_numbers_inside_an_amending_law_title_are_citations():
    ex = decision("Căn cứ Luật Đất đai số 31/2024/QH15, được sửa đổi, bổ sung một số điều tại Luật sửa đổi, bổ sung một số điều "
                  "của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15 và Luật Các tổ chức tín dụng số 32/2024/QH15;")
    assert bases(ex)[0] == "luat/2024/31/qh15"
    assert bases(ex)[1].startswith("Luật sửa đổi, bổ sung một số điều của Luật Đất đai")
    assert len(bases(ex)) == 2
    assert {x.object.key for x in ex.relations if x.predicate == "amends"} >= {"luat/2023/27/qh15", "luat/2024/32/qh15"}


def test_single_law_amending_law_keeps_its_own_number():
    ex = decision("Căn cứ Luật Xây dựng số 50/2014/QH13, được sửa đổi, bổ sung tại Luật sửa đổi, bổ sung một số điều của "
                  "Luật Xây dựng số 62/2020/QH14 ngày 17 tháng 6 năm 2020;")
    assert bases(ex) == ["luat/2014/50/qh13", "luat/2020/62/qh14"]


# ---------------------------------------------------------------- class 3: amenders of a base
def test_documents_amending_a_base_are_bases_too():
    ex = decision("Căn cứ Luật Xử lý vi phạm hành chính số 15/2012/QH13 được sửa đổi, \nbổ sung bởi Luật số 54/2014/QH13, "
                  "Luật số 18/2017/QH14 và Luật số \n67/2020/QH14;\nCăn cứ Nghị định số 29/2025/NĐ-CP ngày 24 tháng 02 năm 2025 "
                  "của Chính phủ quy định chức năng, nhiệm vụ của Bộ Tài chính được sửa đổi, bổ sung bởi Nghị định số 166/2025/NĐ-CP;")
    assert bases(ex) == ["luat/2012/15/qh13", "luat/2014/54/qh13", "luat/2017/18/qh14", "luat/2020/67/qh14",
                         "nd/2025/29/cp", "nd/2025/166/cp"]


def test_amenders_after_va_theo_and_after_a_wrapped_type_word_are_bases():
    ex = decision("Căn cứ Luật Doanh nghiệp số 59/2020/QH14 được sửa đổi, bổ sung một \nsố điều theo Luật số 76/2025/QH15 "
                  "và theo Luật số 03/2022/QH15;\nCăn cứ Quyết định số 1394/QĐ-TTg ngày 13 tháng 8 năm 2013 của Thủ \n"
                  "tướng Chính phủ về việc thành lập Quỹ thử nghiệm được sửa đổi, bổ sung bởi Quyết \n"
                  "định số 1434/QĐ-TTg ngày 20 tháng 11 năm 2023 của Thủ tướng Chính phủ;")
    assert bases(ex) == ["luat/2020/59/qh14", "luat/2025/76/qh15", "luat/2022/03/qh15", "qd/2013/1394/ttg", "qd/2023/1434/ttg"]


def test_a_law_name_holding_tai_closed_by_its_number():
    ex = decision("Căn cứ Luật Quản lý và đầu tư vốn nhà nước tại doanh nghiệp số \n68/2025/QH15;")
    assert bases(ex) == ["luat/2025/68/qh15"]


# ---------------------------------------------------------------- class 4: titles of cited documents
def test_documents_named_in_a_cited_title_are_citations():
    ex = decision("Căn cứ Kế hoạch số 25/KH-UBND ngày 10/02/2025 của UBND tỉnh về thực hiện Nghị quyết số 50/NQ-CP ngày "
                  "20/5/2021 của Chính phủ và Chương trình số 12-CTr/TU ngày 01/6/2021 của Tỉnh ủy;\n"
                  "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính, "
                  "Nghị định số 92/2017/NĐ-CP ngày 07/8/2017 của Chính phủ sửa đổi, bổ sung một số điều của các nghị định "
                  "liên quan đến kiểm soát thủ tục hành chính;")
    assert bases(ex) == ["kh/2025/25/ubnd-tinh-an-giang", "nd/2010/63/cp", "nd/2017/92/cp"]
    assert {r.target.key for r in ex.references if r.relation == "cites"} >= {"nq/2021/50/cp", "ctr/2021/12/tu-tinh-an-giang"}


def test_a_clause_list_goes_on_after_a_line_break():
    ex = decision("*Căn cứ Nghị định số\n63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính;\n"
                  "Nghị định số 48/2013/NĐ-CP ngày 14/5/2013 của Chính phủ sửa đổi, bổ sung một số\n"
                  "điều của các Nghị định liên quan đến kiểm soát thủ tục hành chính;\n"
                  "số 118/2025/NĐ-CP ngày 09/6/2025 về thực hiện thủ tục hành chính;*\n"
                  "*Căn cứ các Quyết định của Chủ tịch UBND tỉnh: số 11/QĐ-UBND ngày 10/10/2024 và số 13/QĐ-UBND ngày 23/10/2024;*")
    assert bases(ex) == ["nd/2010/63/cp", "nd/2013/48/cp", "nd/2025/118/cp", "qd/2024/11/ubnd-tinh-an-giang",
                         "qd/2024/13/ubnd-tinh-an-giang"]


def test_dotted_numbers_and_long_type_names_in_a_list():
    ex = decision("Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học; "
                  "Nghị quyết số 66.7/2025/NQ-CP ngày 28/8/2025 của Chính phủ và Chương trình hành động số 10- CTr/TU "
                  "ngày 13/8/2025 của Ban Thường vụ Tỉnh ủy về thực hiện Nghị quyết số 57-NQ/TW;")
    assert bases(ex) == ["nq/2024/57/tw", "nq/2025/66-7/cp", "ctr/2025/10/tu-tinh-an-giang"]


# ---------------------------------------------------------------- class 5: date after the issuer
def test_date_after_the_issuer_dates_the_citation():
    ex = decision("Căn cứ Quyết định số 250/QĐ-TTg của Thủ tướng Chính phủ ngày 10/2/2023 về kế hoạch;")
    (r,) = ex.references
    assert r.relation == "based_on" and r.target.key == "qd/2023/250/ttg" and r.target.date == "2023-02-10"


# ---------------------------------------------------------------- class 6: the Constitution
def test_constitution_is_a_base_on_the_constitution_in_force():
    ex = decision("*Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam đã được sửa đổi, bổ sung một số điều theo "
                  "Nghị quyết số 203/2025/QH15;*\n*Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;*")
    got = [r for r in ex.references if r.relation == "based_on"]
    assert [r.target.law_name or r.target.key for r in got][:1] == ["Hiến pháp"]
    assert got[0].target.year == 2013
    assert [r.target.key for r in got[1:]] == ["nq/2025/203/qh15", "luat/2025/72/qh15"]


# ---------------------------------------------------------------- class 7: implements, letters
def test_every_thuc_hien_target_is_implemented_and_tasks_are_not():
    ex = extract(PLAN + "Thực hiện Chỉ thị số 46-CT/TW\nngày 16/5/2025 của Bộ Chính trị về bầu cử; Chỉ thị số\n28/CT-TTg ngày "
                 "18/9/2025 của Thủ tướng Chính phủ về bầu cử;\nHướng dẫn số 7886/HD-BNV ngày 14/9/2025 của Bộ Nội vụ và "
                 "Chỉ thị số 007/CT-UBND ngày 06/10/2025 của UBND tỉnh về việc tổ chức bầu cử.\n\n"
                 "UBND tỉnh ban hành Kế hoạch như sau:\n\nI. MỤC ĐÍCH\n1. Thực hiện Quyết định số 5/QĐ-TTg ngày 02/01/2025.\n"
                 "Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021.\n")
    assert bases(ex, "implements") == ["ct/2025/46/tw", "ct/2025/28/ttg", "hd/2025/7886/bnv", "ct/2025/007/ubnd-tinh-an-giang"]
    assert [r.relation for r in ex.references if r.target.key in ("qd/2025/5/ttg", "nq/2021/76/cp")] == ["cites", "cites"]


def test_title_and_opening_naming_the_same_document_give_one_implements_edge():
    ex = extract(PLAN.replace("Cải cách hành chính năm 2025", "THỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG NGÀY 15 THÁNG 8 NĂM 2024")
                 + "Thực hiện Chỉ thị số 27/CT-TTg ngày 15 tháng 8 năm 2024 của Thủ tướng Chính phủ (sau đây viết tắt là "
                 "Chỉ thị số 27/CT-TTg); Công văn số 6676/BYT-CDS ngày 29/10/2024 của Bộ Y tế về việc triển khai thực hiện "
                 "Chỉ thị số 27/CT-TTg.\n\nI. MỤC ĐÍCH\n")
    assert bases(ex, "implements") == ["ct/2024/27/ttg", "cv/2024/6676/byt"]


def test_a_title_alone_states_implements_as_a_relation_of_the_document():
    ex = extract(PLAN.replace("Cải cách hành chính năm 2025", "TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 02 THÁNG 01\nNĂM 2025 "
                              "CỦA THỦ TƯỚNG CHÍNH PHỦ VÀ QUYẾT ĐỊNH SỐ 31/QĐ-BTC NGÀY 05 THÁNG 9 NĂM 2025") + "I. MỤC ĐÍCH\n")
    assert bases(ex, "implements") == []
    assert [(x.subject.key, x.predicate, x.object.key) for x in ex.relations] == [
        (ex.document.key, "implements", "qd/2025/06/ttg"), (ex.document.key, "implements", "qd/2025/31/btc")]
    ex = extract(PLAN.replace("Cải cách hành chính năm 2025", "THỰC HIỆN CHẾ ĐỘ ĐỐI VỚI QUÂN NHÂN\nQuyết định số 142/2008/QĐ-TTg"
                              " ngày 27 tháng 10 năm 2008") + "I. MỤC ĐÍCH\n")
    assert ex.relations == () and {r.relation for r in ex.references} == {"cites"}


def test_a_treaty_carried_out_is_implemented():
    ex = extract(PLAN + "Thực hiện Hiệp định Thương mại tự do giữa Chính phủ nước Cộng hòa xã hội chủ nghĩa Việt Nam và "
                 "Liên minh Châu Âu ký ngày 30 tháng 6 năm 2019;\n\nI. MỤC ĐÍCH\n")
    (r,) = ex.references
    assert r.relation == "implements" and r.target.doc_type is None and r.target.date == "2019-06-30"
    assert r.target.law_name == ("Hiệp định Thương mại tự do giữa Chính phủ nước Cộng hòa xã hội chủ nghĩa Việt Nam "
                                 "và Liên minh Châu Âu")


def test_a_letter_has_no_preamble():
    ex = extract("BỘ NỘI VỤ\nSố: 123/BNV-CCHC\nV/v hướng dẫn cải cách hành chính\nHà Nội, ngày 02 tháng 8 năm 2025\n"
                 "Kính gửi: Ủy ban nhân dân các tỉnh\nCăn cứ Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ, "
                 "Bộ Nội vụ hướng dẫn như sau:\nThực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ.\n")
    assert {r.relation for r in ex.references} == {"cites"}


# ---------------------------------------------------------------- class 8: operative clauses
@pytest.mark.parametrize(
    "body, expected",
    [
        ("Điều 3. Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 5/QĐ-UBND ngày 02/01/2020 "
         "và Quyết định số 6/QĐ-UBND ngày 03/01/2020 của UBND tỉnh.\n",
         [("replaces", "qd/2020/5/ubnd-tinh-an-giang"), ("replaces", "qd/2020/6/ubnd-tinh-an-giang")]),
        ("Điều 2. Bãi bỏ Quyết định số 15/2024/QĐ-UBND ngày 01/3/2024 của UBND tỉnh.\n",
         [("repeals", "qd/2024/15/ubnd-tinh-an-giang")]),
        ("Điều 2. Quyết định này thay thế\nQuyết định số 15/2024/QĐ-UBND ngày 01/3/2024.\n",
         [("replaces", "qd/2024/15/ubnd-tinh-an-giang")]),
        ("Điều 2. Nghị định số 30/2020/NĐ-CP thay thế Nghị định số 110/2004/NĐ-CP.\n", []),
        ("Điều 2. Các quy định trước đây được thay thế bởi Quyết định số 15/2024/QĐ-UBND.\n", []),
    ],
)
def test_operative_clauses_state_replaces_and_repeals_with_the_document_as_subject(body, expected):
    ex = decision("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;", body)
    mine = [(x.predicate, x.object.key) for x in ex.relations if x.subject.key == ex.document.key]
    assert mine == expected
    # the replaced/repealed document is the object of the relation, not a plain citation as well
    assert not {k for _, k in mine} & {r.target.key for r in ex.references if r.relation == "cites"}
    for x in ex.relations:
        if x.subject.key == ex.document.key:
            assert x.evidence.source == "t.md" and x.evidence.quote in x.evidence.sentence


# ---------------------------------------------------------------- class 9: PDF spacing, residue
def test_pdf_spacing_and_markdown_residue_keep_original_evidence():
    text = (DECISION + "**Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 được sửa đổi, bổ sung bởi "
            "Luật số 87/2025/QH15;** \n| Căn cứ Nghị định số  **78/2025/NĐ-CP** ngày 01/4/2025 của  Chính phủ; |\n"
            "QUYẾT ĐỊNH:\nĐiều 1. Ban hành.\n")
    ex = extract(text)
    assert bases(ex) == ["luat/2025/64/qh15", "luat/2025/87/qh15", "nd/2025/78/cp"]
    r = ex.references[-1]
    assert text[r.evidence.start:r.evidence.end] == "Nghị định số  **78/2025/NĐ-CP** ngày 01/4/2025"


def test_a_replaced_document_is_no_drafting_error_of_the_replacing_one(tmp_path):
    from cchc_kg.kg.ingest import build
    from cchc_kg.kg.store import GraphStore
    from cchc_kg.loaders.pipeline import read_text_file
    from cchc_kg.queries.embedded import EmbeddedBackend
    from cchc_kg.queries.checks import check

    p = tmp_path / "qd.txt"
    p.write_text(DECISION.replace("Số: 12/QĐ-UBND", "Số: 12/2025/QĐ-UBND") + "Căn cứ Luật Tổ chức chính quyền địa phương số "
                 "72/2025/QH15;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành Quy chế mẫu.\nĐiều 2. Quyết định này có hiệu lực kể từ ngày "
                 "ký và thay thế Quyết định số 5/2020/QĐ-UBND ngày 02/01/2020 của UBND tỉnh.\n", encoding="utf-8")
    store = GraphStore.open(None)
    build(store, [p], read=read_text_file, extract=extract_source)
    backend = EmbeddedBackend(store)
    findings = check(backend, today="2026-01-01", shacl=False)
    assert not [f for f in findings if f["kind"] == "superseded-citation"], findings
    (doc,) = backend.documents(loaded_only=True)
    assert [e["relation"] for e in backend.edges(doc["iri"], "out", ("replaces",))] == ["replaces"]
