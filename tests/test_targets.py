"""Targets in running text (one table of cases)."""

import pytest

from cchc_kg.loaders.targets import find_targets

CASES = [
    # text, expected [(value, comparator, unit, year, level)]
    ("- Tối thiểu 80% hồ sơ được xử lý trực tuyến.", [(80.0, ">=", "%", 2025, None)]),
    ("- Từ 30% trở lên giao dịch được thanh toán trực tuyến.", [(30.0, ">=", "%", 2025, None)]),
    ("- Mức độ hài lòng đạt mức trên 90% vào năm 2020.", [(90.0, ">", "%", 2020, None)]),
    ("- Giảm tối thiểu 10% số lượng đơn vị sự nghiệp công lập so với năm 2021.", [(10.0, "reduce>=", "%", 2025, None)]),
    ("- Giảm bình quân 15% chi trực tiếp từ ngân sách.", [(15.0, "reduce", "%", 2025, None)]),
    ("- Phấn đấu thuộc nhóm 10 tỉnh dẫn đầu về chỉ số cải cách hành chính.", [(10.0, "top", "rank", 2025, None)]),
    ("- Thời gian chờ đợi giảm xuống còn tối đa 15 phút/lượt.", [(15.0, "<=", "phút", 2025, None)]),
    ("- 100% văn bản được ký số.", [(100.0, "=", "%", 2025, None)]),
    ("Năm 2021, số hóa kết quả của cấp tỉnh 30%, cấp huyện 20%, cấp xã 10%.",
     [(30.0, "=", "%", 2021, "province"), (20.0, "=", "%", 2021, "district"), (10.0, "=", "%", 2021, "commune")]),
    ("- Tỷ lệ hài lòng đạt tối thiểu 90% vào năm 2025 và 95% vào năm 2030.",
     [(90.0, ">=", "%", 2025, None), (95.0, ">=", "%", 2030, None)]),
    ("- Giai đoạn 2022 - 2025, mỗi năm tăng tối thiểu 20% cho đến khi đạt tỷ lệ 100%.",
     [(20.0, "increase>=", "%", 2025, None)]),
    # false targets: dates, articles, document numbers, % inside a metric
    ("- Thực hiện khoản 4 Điều 35 Nghị định số 60/2021/NĐ-CP ngày 21/6/2021.", []),
    ("- Chuyển ít nhất 30% đơn vị tự bảo đảm dưới 100% chi thường xuyên.", [(30.0, ">=", "%", 2025, None)]),
    ("- Tổng kinh phí 1.500 triệu đồng bố trí năm 2022.", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_targets(text: str, expected: list) -> None:
    got = find_targets(text, default_year=2025)
    assert [(t.value, t.comparator, t.unit, t.year, t.level) for t in got] == expected
    for t in got:
        assert text[t.evidence.start:t.evidence.end] == t.evidence.quote


def test_hard_wrap_and_markdown_residue_keep_original_offsets() -> None:
    text = "- Tối thiểu 80% **hồ sơ** công việc được xử lý trên môi\ntrường mạng."
    (t,) = find_targets(text, default_year=2025)
    assert t.metric == "hồ sơ công việc được xử lý trên môi trường mạng"
    assert text[t.evidence.start:t.evidence.end] == t.evidence.quote
    assert "\n" in t.evidence.quote and "**" in t.evidence.quote


def test_baseline_and_group() -> None:
    ts = find_targets("- Giảm 10% số đơn vị và 10% biên chế so với năm 2021.", default_year=2025)
    assert [t.baseline for t in ts] == [None, "so với năm 2021"]
    assert ts[0].group == ts[1].group and ts[1].comparator == "reduce"
