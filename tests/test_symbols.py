"""Symbol grammar, dates, document types and issuer names (cchc_kg.loaders.symbols)."""

import pytest

from cchc_kg.loaders.symbols import (
    doc_type_code,
    grab_place,
    match_issuer,
    normalize_issuer,
    parse_date,
    parse_symbol,
    type_from_name,
    unit_level,
)


@pytest.mark.parametrize(
    "text, number, year, doc_type, issuer, canonical",
    [
        ("45/2020/NĐ-CP", "45", 2020, "NĐ", "CP", "45/2020/NĐ-CP"),
        ("45/2020/ NĐ-CP", "45", 2020, "NĐ", "CP", "45/2020/NĐ-CP"),
        ("45 / 2020 / NĐ - CP", "45", 2020, "NĐ", "CP", "45/2020/NĐ-CP"),
        ("64/KH-UBND", "64", None, "KH", "UBND", "64/KH-UBND"),
        ("17-CTr/HU", "17", None, "CTr", "HU", "17-CTr/HU"),
        ("26-CTR/TU", "26", None, "CTr", "TU", "26-CTr/TU"),
        ("10-NQ/TU", "10", None, "NQ", "TU", "10-NQ/TU"),
        ("30c/NQ-CP", "30c", None, "NQ", "CP", "30c/NQ-CP"),
        ("3759/BNV-CCHC", "3759", None, None, "BNV", "3759/BNV-CCHC"),
        ("24/VBHN-BTC", "24", None, "VBHN", "BTC", "24/VBHN-BTC"),
        ("77/2015/QH13", "77", 2015, None, "QH13", "77/2015/QH13"),
        ("71/2014/TTLT-BTC-BNV", "71", 2014, "TTLT", "BTC-BNV", "71/2014/TTLT-BTC-BNV"),
        ("02/2022/TT-BLĐTBXH", "02", 2022, "TT", "BLĐTBXH", "02/2022/TT-BLĐTBXH"),
        ("570/TTr-SNV", "570", None, "TTr", "SNV", "570/TTr-SNV"),
        ("205-QĐ/TW", "205", None, "QĐ", "TW", "205-QĐ/TW"),
        ("14-KL/TW", "14", None, "KL", "TW", "14-KL/TW"),
        ("61/2018/ND-CP", "61", 2018, "NĐ", "CP", "61/2018/NĐ-CP"),
    ],
)
def test_parse_symbol(text, number, year, doc_type, issuer, canonical):
    s = parse_symbol(text)
    assert (s.number, s.year, s.doc_type, s.issuer_code, s.symbol) == (number, year, doc_type, issuer, canonical)


@pytest.mark.parametrize("text", ["15/7/2021", "COVID-19", "TCVN ISO 9001:2015", "2021-2025", "abc"])
def test_parse_symbol_rejects(text):
    with pytest.raises(ValueError):
        parse_symbol(text)


@pytest.mark.parametrize(
    "text, iso",
    [
        ("15/7/2021", "2021-07-15"),
        ("15-7-2021", "2021-07-15"),
        ("15.7.2021", "2021-07-15"),
        ("ngày 15 tháng 7 năm 2021", "2021-07-15"),
        ("NGÀY 31 THÁNG 12 NĂM 2021", "2021-12-31"),
        ("ngày 02 tháng 9 năm 2021 của Thủ tướng", "2021-09-02"),
        ("ngày 19/6/2015", "2015-06-19"),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["32/13/2021", "không có ngày"])
def test_parse_date_rejects(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    "name, code, jurisdiction, level",
    [
        ("UBND tỉnh Vĩnh Long", "UBND", "tỉnh Vĩnh Long", "province"),
        ("Ủy ban nhân dân tỉnh Vĩnh Long", "UBND", "tỉnh Vĩnh Long", "province"),
        ("Uỷ ban nhân dân huyện Long Phú", "UBND", "huyện Long Phú", "district"),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ", "UBND", "thành phố Cần Thơ", "province"),
        ("UBND xã Tân Hưng", "UBND", "xã Tân Hưng", "commune"),
        ("Thủ tướng Chính phủ", "TTg", "Việt Nam", "national"),
        ("Chính phủ", "CP", "Việt Nam", "national"),
        ("Bộ Nội vụ", "BNV", "Việt Nam", "national"),
        ("Bộ trưởng Bộ Lao động - Thương binh và Xã hội", "BLĐTBXH", "Việt Nam", "national"),
        ("Tỉnh uỷ", "TU", None, "province"),
        ("Tỉnh ủy Sóc Trăng", "TU", "tỉnh Sóc Trăng", "province"),
        ("Ban Chấp hành Đảng bộ huyện", "HU", None, "district"),
        ("Huyện ủy Long Điền", "HU", "huyện Long Điền", "district"),
        ("Thành ủy", "TU", None, "unknown"),
        ("Bộ Chính trị", "TW", "Việt Nam", "party-central"),
        ("Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng", "TW", "Việt Nam", "party-central"),
        ("HĐND tỉnh Bến Tre", "HĐND", "tỉnh Bến Tre", "province"),
    ],
)
def test_normalize_issuer(name, code, jurisdiction, level):
    iss = normalize_issuer(name)
    assert (iss.code, iss.jurisdiction, iss.level) == (code, jurisdiction, level)


def test_normalize_issuer_unknown():
    with pytest.raises(ValueError):
        normalize_issuer("Công ty TNHH ABC")


def test_match_issuer_length_and_unit():
    iss, n = match_issuer("UBND huyện về cải cách")
    assert (iss.code, iss.unit, iss.jurisdiction, n) == ("UBND", "huyện", None, len("UBND huyện"))


@pytest.mark.parametrize(
    "name, code",
    [("Nghị quyết", "NQ"), ("NGHỊ ĐỊNH", "NĐ"), ("Quyết định", "QĐ"), ("Chỉ thị", "CT"), ("Thông tư", "TT"),
     ("Thông tư liên tịch", "TTLT"), ("Kế hoạch", "KH"), ("Chương trình", "CTr"), ("Hướng dẫn", "HD"),
     ("Tờ trình", "TTr"), ("Văn bản hợp nhất", "VBHN"), ("Luật", "Luật"), ("Bộ luật", "Luật"),
     ("Pháp lệnh", "PL"), ("Công văn", "CV"), ("Thông báo", "TB"), ("Báo cáo", "BC"), ("Đề án", "ĐA"),
     ("Quy chế", "QC"), ("Kết luận", "KL"), ("NĐ", "NĐ"), ("ctr", "CTr")],
)
def test_type_from_name(name, code):
    assert type_from_name(name) == code


@pytest.mark.parametrize("code, canonical", [("ND", "NĐ"), ("CTR", "CTr"), ("TTR", "TTr"), ("UBND", None)])
def test_doc_type_code(code, canonical):
    assert doc_type_code(code) == canonical


@pytest.mark.parametrize(
    "text, place",
    [("Long Phú ban hành", "Long Phú"), ("VĨNH LONG", "Vĩnh Long"), ("ĐÀ NẴNG", "Đà Nẵng"),
     ("Bà Rịa - Vũng Tàu về", "Bà Rịa - Vũng Tàu"), ("Thừa Thiên Huế giai đoạn", "Thừa Thiên Huế"),
     ("SÓC TRĂNG ĐẾN NĂM 2025", "Sóc Trăng"), ("về cải cách", None)],
)
def test_grab_place(text, place):
    assert grab_place(text) == place


@pytest.mark.parametrize(
    "unit, name, level",
    [("tỉnh", "An Giang", "province"), ("thành phố", "Hà Nội", "province"), ("thành phố", "Vĩnh Long", "district"),
     ("huyện", "X", "district"), ("thị xã", "X", "district"), ("phường", "X", "commune"), (None, None, "unknown")],
)
def test_unit_level(unit, name, level):
    assert unit_level(unit, name) == level


def test_code_glued_to_the_next_word_in_a_web_copy():
    """Web copies drop the space after a symbol ("35/2025/QĐ-TTgcủa"): the code still ends at the glued word."""
    from cchc_kg.loaders.symbols import iter_symbols, symbol_from_match

    text = "Căn cứ Quyết định số 35/2025/QĐ-TTgcủa Thủ tướng; Kế hoạch số 12/KH-UBNDvề cải cách"
    assert [symbol_from_match(m).symbol for m in iter_symbols(text)] == ["35/2025/QĐ-TTg", "12/KH-UBND"]
