"""Alignment of local targets with national targets."""

import json
from pathlib import Path

import pytest

from cchc_kg.kg.align import DEFAULT_THRESHOLD, NationalSpec, align, metric_similarity
from cchc_kg.kg.model import Evidence, TargetRecord

EV = Evidence("p.txt", 0, 1, "x", "x")
NAT = [
    NationalSpec("N1", "tthc", "Thủ tục hành chính có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến", 80, ">=", "%", 2025,
                 ("national", "province", "district"), ("thanh toán trực tuyến",)),
    NationalSpec("N2", "chinh-phu-so", "Hồ sơ công việc được xử lý trên môi trường mạng", 90, ">=", "%", 2025,
                 ("national", "province", "district", "commune"), (), ({"levels": ["district"], "value": 80}, {"levels": ["commune"], "value": 60})),
    NationalSpec("N3", "to-chuc-bo-may", "Giảm số lượng đơn vị sự nghiệp công lập so với năm 2021", 10, "reduce>=", "%", 2025),
    NationalSpec("N4", "tthc", "Thời gian chờ đợi của người dân tại bộ phận một cửa", 15, "<=", "phút", 2025),
]


def T(metric: str, value: float, cmp: str = ">=", year: int = 2025, level: str | None = None, unit: str = "%") -> TargetRecord:
    return TargetRecord(metric, value, unit, cmp, year, EV, level=level)


@pytest.mark.parametrize(
    "target,expected",
    [
        (T("TTHC có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến", 80), ("N1", "equal")),
        (T("TTHC có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến", 100, "=", 2030), ("N1", "different-year")),
        (T("TTHC có yêu cầu nghĩa vụ tài chính được thanh toán trực tuyến", 90), ("N1", "stronger")),
        (T("hồ sơ công việc tại cấp huyện được xử lý trên môi trường mạng", 80, "=", level="district"), ("N2", "equal")),
        (T("hồ sơ công việc cấp xã được xử lý trên môi trường mạng", 50, "=", level="commune"), ("N2", "weaker")),
        (T("số lượng đơn vị sự nghiệp công lập", 15, "reduce>="), ("N3", "stronger")),
        (T("thời gian chờ đợi của người dân", 10, "<=", unit="phút"), ("N4", "stronger")),
        (T("số lượng đơn vị sự nghiệp công lập", 15, ">="), None),  # comparator family differs
        (T("cán bộ, công chức cấp xã đạt chuẩn chức danh", 95), None),
        (T("thời gian chờ đợi của người dân", 10, "<=", unit="%"), None),  # unit differs
    ],
)
def test_align(target: TargetRecord, expected: tuple | None) -> None:
    got = align([target], NAT)
    if expected is None:
        assert got == []
    else:
        (a,) = got
        assert (a.national_id, a.comparison) == expected and 0 <= a.score <= 1 and a.local_index == 0 and a.explanation


def test_threshold_is_an_argument() -> None:
    t = T("TTHC có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến", 80)
    assert align([t], NAT, threshold=1.01) == []
    assert 0 < DEFAULT_THRESHOLD < 1


def test_synonyms_fold() -> None:
    assert metric_similarity("DVCTT mức độ 4", "dịch vụ công trực tuyến mức độ 4") > 0.8


CATALOG = Path(__file__).resolve().parents[1] / "kg" / "catalog" / "national_targets.json"


def test_catalog_shape_if_present() -> None:
    if not CATALOG.exists():
        pytest.skip("national_targets.json not yet in the catalog")
    rows = json.loads(CATALOG.read_text("utf-8"))["targets"]
    nat = [NationalSpec(r["id"], r.get("area"), r["metric"], r.get("value"), r["comparator"], r.get("unit"), r.get("year"),
                        tuple(r.get("levels") or ()), tuple(r.get("keywords") or ()), tuple(r.get("breakdown") or ())) for r in rows]
    (a,) = align([T("TTHC có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến", 80)], nat)
    assert a.national_id == "B06"
