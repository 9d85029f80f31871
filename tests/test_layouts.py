"""Identity on the layouts legal staff paste (issue 13): one made-up fixture per layout class.

Every text below is invented for the project; the shapes are those of
real web copies and PDF text layers (markdown table cells, portal
furniture, bold markers inside words, spaced-out letters, headers on one
line or at the end, sub-unit issuers, letters, attachments, forms).
"""

from __future__ import annotations

import re

import pytest

from cchc_kg.kg.errors import NoIdentityError, NotOfficialDocumentError
from cchc_kg.kg.model import SourceText
from cchc_kg.loaders.clean import clean
from cchc_kg.loaders.furniture import furniture_spans, portal_metadata
from cchc_kg.loaders.pipeline import extract_source
from cchc_kg.loaders.respace import source_span

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
BODY = "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;\n\n**QUYẾT ĐỊNH:**\n\nĐiều 1. Nội dung.\n"

# (layout class, text, expected (doc_type, symbol, year, issuer, date))
CASES = [
    (
        "table cells split over lines (Số: / | / number)",
        "|\n**ỦY BAN NHÂN\nDÂN **\nTỈNH AN HÒA\n--------\n|\n**CỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n"
        "---------------\n|\n|\nSố:\n45/2025/QĐ-UBND\n|\n*An Hòa, ngày\n5 tháng 3 năm 2025*\n|\n\n**QUYẾT ĐỊNH**\n\nVỀ VIỆC THỬ NGHIỆM\n\n" + BODY,
        ("QĐ", "45/2025/QĐ-UBND", 2025, "UBND tỉnh An Hòa", "2025-03-05"),
    ),
    (
        "header cells on one table row",
        "| ỦY BAN NHÂN DÂN TỈNH AN HÒA | " + MOTTO.replace("\n", " ") + "|\n| Số: 123/QĐ-UBND | An Hòa, ngày 5 tháng 3 năm 2025 |\n\n"
        "QUYẾT ĐỊNH\n\nVề việc thử nghiệm\n\n" + BODY,
        ("QĐ", "123/QĐ-UBND", 2025, "UBND tỉnh An Hòa", "2025-03-05"),
    ),
    (
        "whole header on one line",
        "BỘ NỘI VỤ_______ Số: 12/2025/TT-BNV | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc------ "
        "Hà Nội, ngày 9 tháng 4 năm 2025 |\n\n**THÔNG TƯ**\n\n**Quy định thử nghiệm**\n\n" + BODY,
        ("TT", "12/2025/TT-BNV", 2025, "Bộ Nội vụ", "2025-04-09"),
    ),
    (
        "a line holding only ** inside the issuer block",
        "**ỦY BAN NHÂN DÂN\n**\nTỈNH BẾN CẢNG\n-------\n" + MOTTO + "Số: 7/KH-UBND\nBến Cảng, ngày 2 tháng 6 năm 2025\n\n"
        "KẾ HOẠCH\nThử nghiệm\n\nI. MỤC TIÊU\n",
        ("KH", "7/KH-UBND", 2025, "UBND tỉnh Bến Cảng", "2025-06-02"),
    ),
    (
        "bold markers splitting words in title and body",
        "**CHÍNH PHỦ**\n" + MOTTO + "Số: 30/2025/NĐ-CP\nHà Nội, ngày 1 tháng 2 năm 2025\n\n**NGHỊ ĐỊNH**\n\n"
        "**V****ề việc thử ngh****iệm**\n\nCăn cứ Ngh**ị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính ph**ủ;\n"
        "Chính ph**ủ ban h**ành Ngh**ị định.\n\nĐiều 1. X\n",
        ("NĐ", "30/2025/NĐ-CP", 2025, "Chính phủ", "2025-02-01"),
    ),
    (
        "letters and date digits spaced out by PDF extraction",
        "ỦY B AN NHÂN D Â N\nTỈNH AN HÒA\n" + MOTTO + "Số: 528 /QĐ-UBND\nAn Hòa, ngày 1 5 tháng 0 9 năm 2025\n\n"
        "QUYẾT ĐỊNH\nVề việc thử nghiệm\n\n" + BODY,
        ("QĐ", "528/QĐ-UBND", 2025, "UBND tỉnh An Hòa", "2025-09-15"),
    ),
    (
        "abbreviation spaced out (U B ND)",
        "U B ND TỈNH AN HÒA\n" + MOTTO + "Số: 9/KH-UBND\nAn Hòa, ngày 3 tháng 1 năm 2025\n\nKẾ HOẠCH\nThử nghiệm\n\nI. MỤC TIÊU\n",
        ("KH", "9/KH-UBND", 2025, "UBND tỉnh An Hòa", "2025-01-03"),
    ),
    (
        "portal copy: banner, metadata block, summary, trailer",
        "|\nBản dịch này thuộc quyền sở hữu của **\nTHƯ VIỆN PHÁP LUẬT**. Mọi hành vi sao chép là vi phạm.\n"
        "Đang tải văn bản...\n#\n**Số hiệu:**\n|\n88/KH-UBND\n|\n**Loại văn bản:**\n|\nKế hoạch\n|\n**Nơi ban hành:**\n|\nTỉnh An Hòa\n|\n"
        "**Ngày ban hành:**\n|\n10/10/2025\n|\n## Tin vắn\n**Ngày 10/10/2025, tỉnh An Hòa ban hành Kế hoạch 88/KH-UBND về thử nghiệm.**\n"
        "Xem chi tiết tại Kế hoạch 88/KH-UBND.\n|\n**ỦY BAN NHÂN DÂN\nTỈNH AN HÒA**\n-------\n|\n" + MOTTO + "|\nSố: 88/KH-UBND\n|\n"
        "*An Hòa, ngày 10 tháng 10 năm 2025*\n|\n**KẾ HOẠCH**\nThử nghiệm\n\nI. MỤC TIÊU\nNội dung.\n\n*Nơi nhận:*\n- Như trên.\n"
        "**THÔNG BÁO **\n**về Lưu trữ, Sử dụng Thông tin Khách hàng**\n**Kính gửi:** Quý Thành viên,\n"
        "Thực hiện Nghị định 13/2023/NĐ-CP, chúng tôi cập nhật Quy chế.\nTiếp tục sử dụng\nCảm ơn đã dùng trang.\n",
        ("KH", "88/KH-UBND", 2025, "UBND tỉnh An Hòa", "2025-10-10"),
    ),
    (
        "portal copy whose header lost its number: metadata fills it",
        "Đang tải văn bản...\nSố hiệu:\n|\n61/QĐ-UBND\nLoại văn bản:\nQuyết định\nNgày ban hành:\n04/05/2025\n|\n"
        "ỦY BAN NHÂN DÂN\nTỈNH AN HÒA\n" + MOTTO + "Số:      /QĐ-UBND\nAn Hòa, ngày    tháng 5 năm 2025\n\nQUYẾT ĐỊNH\nVề việc thử nghiệm\n\n" + BODY,
        ("QĐ", "61/QĐ-UBND", 2025, "UBND tỉnh An Hòa", "2025-05-04"),
    ),
    (
        "date only in the closing adoption clause",
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI\n" + MOTTO + "Số: 1700/NQ-UBTVQH15\n\nNGHỊ QUYẾT\nVề việc thử nghiệm\n\n"
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI\nCăn cứ Hiến pháp;\nQUYẾT NGHỊ:\nĐiều 1. X.\n"
        "Nghị quyết này được Ủy ban Thường vụ Quốc hội thông qua ngày 16 tháng 6 năm 2025.\n",
        ("NQ", "1700/NQ-UBTVQH15", 2025, "Ủy ban Thường vụ Quốc hội", "2025-06-16"),
    ),
    (
        "header block only at the end of the file",
        "NGHỊ QUYẾT\nVề việc thử nghiệm\n\nCăn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT NGHỊ:\n"
        + "Điều 1. Nội dung thử nghiệm rất dài.\n" * 90
        + "HỘI ĐỒNG NHÂN DÂN\nTỈNH AN HÒA\n" + MOTTO + "Số: 14/2025/NQ-HĐND\nAn Hòa, ngày 8 tháng 7 năm 2025\n",
        ("NQ", "14/2025/NQ-HĐND", 2025, "HĐND tỉnh An Hòa", "2025-07-08"),
    ),
    (
        "number with leading zeros",
        "ỦY BAN NHÂN DÂN\nTỈNH AN HÒA\n" + MOTTO + "Số: 012/CT-UBND\nAn Hòa, ngày 3 tháng 3 năm 2025\n\nCHỈ THỊ\nVề việc thử nghiệm\n\nI. NỘI DUNG\n",
        ("CT", "012/CT-UBND", 2025, "UBND tỉnh An Hòa", "2025-03-03"),
    ),
    (
        "dotted number",
        "CHÍNH PHỦ\n" + MOTTO + "Số: 66.7/2025/NQ-CP\nHà Nội, ngày 3 tháng 3 năm 2025\n\nNGHỊ QUYẾT\nVề việc thử nghiệm\n\n" + BODY,
        ("NQ", "66.7/2025/NQ-CP", 2025, "Chính phủ", "2025-03-03"),
    ),
    (
        "sub-unit issuer under a province (Trung tâm Phục vụ hành chính công)",
        "UBND TỈNH AN HÒA\nTRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG\n" + MOTTO + "Số: 15/QĐ-TTHCC\nAn Hòa, ngày 3 tháng 3 năm 2025\n\n"
        "QUYẾT ĐỊNH\nVề việc thử nghiệm\n\n" + BODY,
        ("QĐ", "15/QĐ-TTHCC", 2025, "Trung tâm Phục vụ hành chính công tỉnh An Hòa", "2025-03-03"),
    ),
    (
        "ad-hoc body (Ban Chỉ đạo) under a province",
        "UBND TỈNH AN HÒA\nBAN CHỈ ĐẠO 389\n" + MOTTO + "Số: 20/KH-BCĐ389\nAn Hòa, ngày 3 tháng 3 năm 2025\n\nKẾ HOẠCH\nThử nghiệm\n\nI. MỤC TIÊU\n",
        ("KH", "20/KH-BCĐ389", 2025, "Ban Chỉ đạo 389 tỉnh An Hòa", "2025-03-03"),
    ),
    (
        "letter (công văn) of a department under a ministry",
        "BỘ TÀI CHÍNH\n**CỤC\nTHUẾ**\n-------\n" + MOTTO + "Số: 5348/CT-CS\n*V/v hướng dẫn thử nghiệm*\nHà Nội, ngày 20 tháng 11 năm 2025\n\n"
        "**Kính gửi:** Thuế tỉnh An Hòa.\nCục Thuế nhận được công văn. Căn cứ Điều 5 Luật Quản lý thuế số 38/2019/QH14 quy định …\n",
        ("CV", "5348/CT-CS", 2025, "Cục Thuế", "2025-11-20"),
    ),
    (
        "consolidated text: the consolidating ministry issues it",
        "CHÍNH PHỦ\n" + MOTTO + "NGHỊ ĐỊNH\nVề thử nghiệm\n\nCăn cứ Luật Tổ chức Chính phủ;\nĐiều 1. X.\n"
        "XÁC THỰC VĂN BẢN HỢP NHẤT\nBỘ TRƯỞNG\nSố: 08/VBHN-BTC\nHà Nội, ngày 2 tháng 3 năm 2024\n",
        ("VBHN", "08/VBHN-BTC", 2024, "Bộ Tài chính", "2024-03-02"),
    ),
]


@pytest.mark.parametrize("layout, text, want", CASES, ids=[c[0] for c in CASES])
def test_identity_per_layout(layout: str, text: str, want: tuple) -> None:
    ex = extract_source(SourceText("f.md", text, "0"))[0]
    d = ex.document
    assert (d.doc_type, d.symbol, d.year, d.issuer, d.date) == want, layout
    # the identity's evidence quotes the source text as written
    assert d.evidence is not None and text[d.evidence.start:d.evidence.end] == d.evidence.quote


def test_portal_furniture_is_never_title_heading_or_citation() -> None:
    text = CASES[7][1]
    ex = extract_source(SourceText("f.md", text, "0"))
    assert len(ex) == 1, "the portal's THÔNG BÁO notice is not a document"
    d = ex[0].document
    assert d.title == "Thử nghiệm"
    assert not [r for r in ex[0].references if r.target.number == "13"], "the portal notice cites nothing for the document"
    spans = furniture_spans(text)
    assert text[spans[0][0]:spans[0][1]].startswith("|\nBản dịch")
    assert portal_metadata(text).symbol == "88/KH-UBND"


def test_repaired_words_keep_source_offsets_for_evidence() -> None:
    text = CASES[4][1]
    ex = extract_source(SourceText("f.md", text, "0"))[0]
    assert ex.document.title == "Về việc thử nghiệm"
    ref = next(r for r in ex.references if r.target.key == "nd/2020/45/cp")
    assert text[ref.evidence.start:ref.evidence.end] == ref.evidence.quote
    cleaned = clean(text)
    assert len(cleaned) == len(text)
    m = re.search(r"Nghị\s+định", cleaned)
    s, e = source_span(cleaned, m.start(), m.end())
    assert text[s:e] == "Ngh**ị định"


@pytest.mark.parametrize(
    "text",
    [
        "Tin tức\nNgày 19/11/2025, Thủ tướng Chính phủ ban hành Quyết định 2530/QĐ-TTg phê duyệt kế hoạch thử nghiệm.\n"
        "Theo đó, các bộ triển khai Điều 1 của Quyết định.\n",
        "Hỏi đáp pháp luật\nCâu hỏi: Nghị định 45/2020/NĐ-CP quy định gì?\nTrả lời: Theo Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 …\n",
        "Đang tải văn bản...\nSố hiệu:\n|\n2530/QĐ-TTg\nLoại văn bản:\nQuyết định\nNgày ban hành:\n19/11/2025\n"
        "## Tóm tắt\nThủ tướng ban hành Quyết định 2530/QĐ-TTg.\n",
    ],
    ids=["news article", "Q&A page", "portal summary page without the text"],
)
def test_pages_about_documents_are_not_official(text: str) -> None:
    with pytest.raises(NotOfficialDocumentError) as err:
        extract_source(SourceText("about.md", text, "0"))
    assert str(err.value).startswith("about.md: ")
    assert isinstance(err.value, NoIdentityError)


def test_attachment_heading_with_more_words_and_forms_are_not_documents() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH AN HÒA\n" + MOTTO + "Số: 30/QĐ-UBND\nAn Hòa, ngày 3 tháng 3 năm 2025\n\n"
        "QUYẾT ĐỊNH\nBan hành Quy trình rà soát thử nghiệm\n\nCăn cứ Luật Tổ chức chính quyền địa phương;\n\nQUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Quy trình rà soát thử nghiệm.\nĐiều 2. Hiệu lực.\n\n"
        "QUY TRÌNH RÀ SOÁT THỬ NGHIỆM\n(Ban hành kèm theo Quyết định số 30/QĐ-UBND ngày 3/3/2025)\n\nChương I\nQUY ĐỊNH CHUNG\n"
        "Điều 1. Phạm vi.\n\nPHỤ LỤC\nMẫu số 01\nỦY BAN NHÂN DÂN XÃ ……\n" + MOTTO + "Số: …/QĐ-UBND\n……, ngày … tháng … năm …\n"
        "QUYẾT ĐỊNH\nVề việc ……\n\nTHÔNG BÁO\nKết quả ……\nKính gửi: ……\n"
    )
    exs = extract_source(SourceText("a.md", text, "0"))
    assert [(e.document.doc_type, e.document.part) for e in exs] == [("QĐ", 0), ("QT", 1)]
    assert exs[1].document.issuer == "UBND tỉnh An Hòa"
    assert any(r.predicate == "promulgates" for r in exs[0].relations)


def test_table_appendix_after_a_decision_is_not_an_attached_document() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH AN HÒA\n" + MOTTO + "Số: 31/QĐ-UBND\nAn Hòa, ngày 3 tháng 3 năm 2025\n\n"
        "QUYẾT ĐỊNH\nVề việc công bố danh mục và quy trình nội bộ thử nghiệm\n\nQUYẾT ĐỊNH:\n"
        "Điều 1. Công bố kèm theo Quyết định này danh mục.\n\nQUY TRÌNH NỘI BỘ GIẢI QUYẾT THỬ NGHIỆM\n| Bước | Nội dung |\n| 1 | Tiếp nhận |\n"
    )
    assert len(extract_source(SourceText("b.md", text, "0"))) == 1
