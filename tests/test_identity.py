"""Document splitting and identity (cchc_kg.loaders.identity)."""

import pytest

from cchc_kg.kg.errors import NoIdentityError
from cchc_kg.kg.ids import unnumbered_key
from cchc_kg.loaders.clean import clean
from cchc_kg.loaders.identity import find_headings, identify, layout, split_documents

GAZETTE = (
    " \nCÔNG BÁO/Số 11 + 12/Ngày 05-01-2024 \n3 \n \nCHÍNH PHỦ \n \nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc \n \nSố: 12/2024/NĐ-CP \nHà Nội, ngày 05 tháng 01 năm 2024 \nNGHỊ ĐỊNH \n"
    "Sửa đổi một số điều của Nghị định số 61/2018/NĐ-CP \n \nCăn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\n"
    "Chính phủ ban hành Nghị định.\nĐiều 1. Sửa đổi.\nTM. CHÍNH PHỦ\nTHỦ TƯỚNG\n\nNguyễn Văn An\n"
)
DISTRICT = (
    "\nSố: 53/KH-UBND\n\nCái Nước, ngày 31 tháng 5 năm 2022\n\nKẾ HOẠCH\n\n**Triển khai thực hiện Chương trình số 17-CTr/HU\n"
    "của Huyện ủy về cải cách hành chính**\n\nCăn cứ Kế hoạch số 61/KH-UBND ngày 25/4/2022 của UBND tỉnh Cà Mau;\n\n"
    "Ủy ban nhân dân huyện Cái Nước ban hành Kế hoạch như sau:\n\nI. MỤC ĐÍCH\n"
)
CITY = (
    "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Số: 64/KH-UBND\nCần Thơ, ngày 23 tháng 3 năm 2022\nKẾ HOẠCH\nTRIỂN KHAI THỰC HIỆN CHƯƠNG TRÌNH SỐ 26-CTR/TU\n\nI. MỤC ĐÍCH\n"
)
DECISION = (
    " QUYẾT ĐỊNH\nBAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH TRÊN ĐỊA BÀN TỈNH TRÀ VINH\nỦY BAN NHÂN DÂN TỈNH TRÀ VINH\n"
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\nQUYẾT ĐỊNH:\n"
    "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính.\n"
    " KẾ HOẠCH\nCẢI CÁCH HÀNH CHÍNH TRÊN ĐỊA BÀN TỈNH TRÀ VINH\nCăn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021. "
    "UBND tỉnh Trà Vinh ban hành Kế hoạch như sau:\nI. MỤC TIÊU\n"
)
PARTY = "ĐẢNG BỘ TỈNH CÀ MAU\nTỈNH ỦY\n*\nSố 25-CTr/TU\nĐẢNG CỘNG SẢN VIỆT NAM\nCà Mau, ngày 18 tháng 02 năm 2022\nCHƯƠNG TRÌNH\nThực hiện X\n"
NO_HEADER = "KẾ HOẠCH\nThực hiện nhiệm vụ cải cách hành chính trên địa bàn tỉnh Tiền Giang\n\nỦy ban nhân dân tỉnh xây dựng kế hoạch sau:\nI. MỤC TIÊU\n"
LAW = "LUẬT\nAN TOÀN, VỆ SINH LAO ĐỘNG\n\nCăn cứ Hiến pháp;\nChương I\n"
BLANK_DATE = "BỘ TÀI CHÍNH\nSố:  372 /QĐ-BTC\nHà Nội, ngày       tháng      năm 2026\nQUYẾT ĐỊNH\nVề việc đính chính\n"


@pytest.mark.parametrize(
    "text, part, fields",
    [
        (GAZETTE, 0, {"doc_type": "NĐ", "symbol": "12/2024/NĐ-CP", "issuer": "Chính phủ", "jurisdiction": "Việt Nam",
                      "level": "national", "date": "2024-01-05", "place": "Hà Nội", "key": "nd/2024/12/cp",
                      "signer": "Nguyễn Văn An", "title": "Sửa đổi một số điều của Nghị định số 61/2018/NĐ-CP"}),
        (DISTRICT, 0, {"doc_type": "KH", "symbol": "53/KH-UBND", "issuer": "UBND huyện Cái Nước",
                       "jurisdiction": "huyện Cái Nước", "level": "district", "date": "2022-05-31", "place": "Cái Nước",
                       "key": "kh/2022/53/ubnd-huyen-cai-nuoc"}),
        (CITY, 0, {"doc_type": "KH", "issuer": "UBND thành phố Cần Thơ", "level": "province", "key": "kh/2022/64/ubnd-thanh-pho-can-tho"}),
        (DECISION, 0, {"doc_type": "QĐ", "symbol": None, "issuer": "UBND tỉnh Trà Vinh", "jurisdiction": "tỉnh Trà Vinh", "level": "province"}),
        (DECISION, 1, {"doc_type": "KH", "symbol": None, "issuer": "UBND tỉnh Trà Vinh", "jurisdiction": "tỉnh Trà Vinh",
                       "title": "CẢI CÁCH HÀNH CHÍNH TRÊN ĐỊA BÀN TỈNH TRÀ VINH"}),
        (PARTY, 0, {"doc_type": "CTr", "symbol": "25-CTr/TU", "jurisdiction": "tỉnh Cà Mau", "key": "ctr/2022/25/tu-tinh-ca-mau"}),
        (NO_HEADER, 0, {"doc_type": "KH", "issuer": "UBND tỉnh Tiền Giang", "jurisdiction": "tỉnh Tiền Giang", "date": None}),
        (LAW, 0, {"doc_type": "Luật", "issuer": "Quốc hội", "law_name": "Luật An toàn, vệ sinh lao động"}),
        (BLANK_DATE, 0, {"doc_type": "QĐ", "symbol": "372/QĐ-BTC", "date": None, "year": 2026, "key": "qd/2026/372/btc"}),
    ],
)
def test_identify_table(text, part, fields):
    cleaned = clean(text)
    parts = split_documents(text, cleaned)
    prev = identify(text, parts[0].start, parts[0].end, cleaned=cleaned) if part else None
    p = parts[part]
    doc = identify(text, p.start, p.end, source="t.txt", part=part, context=prev, cleaned=cleaned)
    for name, value in fields.items():
        assert getattr(doc, name) == value, name
    assert doc.evidence is not None and text[doc.evidence.start:doc.evidence.end] == doc.evidence.quote


def test_unnumbered_documents_get_unnumbered_key():
    doc = identify(NO_HEADER)
    assert doc.key == unnumbered_key("KH", None, "UBND tỉnh Tiền Giang", doc.title, None)
    assert "/nn-" in doc.key


@pytest.mark.parametrize(
    "text, starts",
    [
        (DECISION, [0, DECISION.index("\n KẾ HOẠCH") + 1]),
        (GAZETTE, [0]),
        (DISTRICT, [0]),
        ("", [0]),
        # an appendix heading that the decision does not promulgate is no new document
        (" QUYẾT ĐỊNH\nVề việc X\nĐiều 1. Giao Sở.\nKẾ HOẠCH\nY\n", [0]),
    ],
)
def test_split_documents(text, starts):
    parts = split_documents(text)
    assert [p.start for p in parts] == starts
    assert parts[-1].end == len(text)
    if len(parts) == 2:
        assert parts[1].attached_to == 0


def test_split_concatenated_documents():
    two = GAZETTE + CITY.replace("ỦY BAN", "\nỦY BAN", 1)
    parts = split_documents(two)
    assert len(parts) == 2 and parts[1].attached_to is None
    assert identify(two, parts[1].start, parts[1].end).symbol == "64/KH-UBND"


@pytest.mark.parametrize("text", ["", "106\n107\nTM. CHÍNH PHỦ\nNguyễn Văn A\n", "Một đoạn văn không có gì."])
def test_no_identity(text):
    with pytest.raises(NoIdentityError):
        identify(text, source="empty.txt")


def test_headings_and_layout():
    t = "Số: 1/KH-UBND\nKẾ HOẠCH\nCải cách\nnăm 2022\n\nCăn cứ X;\nI. MỤC TIÊU\nQUYẾT ĐỊNH:\n"
    assert find_headings(t) == [(14, 22, "KH")]
    lay = layout(t)
    assert t[slice(*lay.title)] == "Cải cách\nnăm 2022"
    assert t[lay.body_start:].startswith("I. MỤC TIÊU")
