"""Length-preserving cleaning (cchc_kg.loaders.clean)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_kg.loaders.clean import clean, fold_chars, is_all_caps, sentence_bounds


@pytest.mark.parametrize(
    "raw, expected",
    [
        # markdown residue, even inside a number
        ("Nghị định số **45/2020/NĐ-CP** ngày", "Nghị định số   45/2020/NĐ-CP   ngày"),
        ("## I. MỤC TIÊU", "   I. MỤC TIÊU"),
        ("| a | b |", "  a   b  "),
        # gazette page header and page number
        ("CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025\n15\nNGHỊ ĐỊNH", " " * 36 + "\n" + "  " + "\nNGHỊ ĐỊNH"),
        # wrap inside a sentence becomes a space
        ("ngày 15 tháng 7 năm 2021 của Chính\nphủ về", "ngày 15 tháng 7 năm 2021 của Chính phủ về"),
        ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm\n2015;", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"),
        # paragraph, heading and list breaks stay
        ("Căn cứ A;\nCăn cứ B;", "Căn cứ A;\nCăn cứ B;"),
        ("KẾ HOẠCH\nCải cách", "KẾ HOẠCH\nCải cách"),
        ("a) Mục tiêu\nb) Nhiệm vụ", "a) Mục tiêu\nb) Nhiệm vụ"),
        ("1. Mục đích\nTriển khai có hiệu quả", "1. Mục đích\nTriển khai có hiệu quả"),
        ("- Sở Nội vụ\n- Sở Tư pháp", "- Sở Nội vụ\n- Sở Tư pháp"),
        ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ", "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ"),
        # web residue at the top
        ("Hệ thống pháp luật\nKẾ HOẠCH", " " * 18 + "\nKẾ HOẠCH"),
        # signature block of the gazette
        ("Người ký: Cổng TTĐT\nEmail: a@b.vn\nCơ quan: VPCP\nĐiều 1", " " * 19 + "\n" + " " * 13 + "\n" + " " * 13 + "\nĐiều 1"),
        ("dòng\r\nkế", "dòng  kế"),
    ],
)
def test_clean_table(raw, expected):
    out = clean(raw)
    assert len(out) == len(raw)
    assert out == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aăâđê *_#|\n\r-:;.,0123456789ỦyĐCÔNG BÁO/Số")), max_size=300))
def test_clean_preserves_length(raw):
    assert len(clean(raw)) == len(raw)


def test_clean_offsets_keep_characters_outside_residue():
    raw = "Căn cứ Nghị quyết số 76/NQ-CP\nngày 15/7/2021;"
    out = clean(raw)
    i = out.index("76/NQ-CP")
    assert raw[i:i + 8] == "76/NQ-CP"


@pytest.mark.parametrize("text, folded", [("Tỉnh Uỷ", "tinh uy"), ("Ủy", "uy"), ("ĐỒNG THÁP", "dong thap")])
def test_fold_chars(text, folded):
    assert fold_chars(text) == folded and len(fold_chars(text)) == len(text)


@pytest.mark.parametrize("line, caps", [("KẾ HOẠCH", True), ("Số: 5/KH-UBND", False), ("12", False), ("CHÍNH PHỦ ", True)])
def test_is_all_caps(line, caps):
    assert is_all_caps(line) is caps


def test_sentence_bounds_never_cut_span():
    t = "Mở đầu. Căn cứ Nghị định số 45/2020/NĐ-CP ngày 08/4/2020; Luật B.\nTiếp"
    s, e = sentence_bounds(t, t.index("Nghị"), t.index(";"))
    assert t[s:e].startswith("Căn cứ") and t[s:e].endswith("Luật B.")


def test_indented_markdown_bullets_keep_the_length() -> None:
    from cchc_kg.loaders.clean import clean

    for text in ("  * abc\nx", "* a\n\t* b\n   * c", "Căn cứ:\n  * Nghị định số 45/2020/NĐ-CP;\n"):
        out = clean(text)
        assert len(out) == len(text)
        assert "*" not in out and out.count("-") >= text.count("* ")
