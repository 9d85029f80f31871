"""Appendix tables: flattened, markdown and TSV forms."""

from pathlib import Path

import pytest

from cchc_kg.kg.model import DocumentRecord
from cchc_kg.loaders.tables import find_tables, table_facts

FLAT = (
    "STT\n\nNội dung\n\nCơ quan chủ trì\n\nCơ quan phối hợp\n\nĐến năm 2025\n\nĐến năm 2030\n\n"
    "I\n\nCải cách thủ tục hành chính\n\n1\n\nThanh toán trực tuyến\n\n"
    "Tối thiểu 80% TTHC có yêu cầu nghĩa vụ tài chính được thanh toán trực tuyến\n\n"
    "100% TTHC có yêu cầu nghĩa vụ tài chính được thanh toán trực tuyến\n\n"
    "Văn phòng UBND tỉnh\n\nSở, ban, ngành tỉnh\n\n"
    "II\n\nXây dựng và phát triển chính quyền số\n\n1\n\nCấp định danh điện tử\n\n"
    "100% người dân được định danh điện tử\n\n\u00a0\n\nCông an tỉnh\n\nSở Thông tin và Truyền thông\n"
)
PIPE = (
    "| STT | Nội dung | Mục tiêu 2025 | Mục tiêu 2030 | Cơ quan chủ trì | Cơ quan phối hợp |\n"
    "|---|---|---|---|---|---|\n"
    "| 1 | Số hóa hồ sơ | Tối thiểu 50% hồ sơ được số hóa | 100% hồ sơ được số hóa | Sở Nội vụ | Sở Tư pháp |\n"
)
TSV = "STT\tNội dung\tĐến năm 2025\tCơ quan chủ trì\tCơ quan phối hợp\n1\tKý số\t90% văn bản được ký số\tSở Thông tin và Truyền thông\tVăn phòng UBND tỉnh\n"
DOC = DocumentRecord(doc_type="KH", jurisdiction="tỉnh An Hòa", level="province")


@pytest.mark.parametrize(
    "text,kind,rows,years,lead",
    [
        (FLAT, "flat", 2, (2025, 2030), ["Văn phòng UBND tỉnh", "Công an tỉnh"]),
        (PIPE, "pipe", 1, (2025, 2030), ["Sở Nội vụ"]),
        (TSV, "tsv", 1, (2025,), ["Sở Thông tin và Truyền thông"]),
    ],
)
def test_tables(text: str, kind: str, rows: int, years: tuple, lead: list) -> None:
    (tb,) = find_tables(text, jurisdiction=DOC.jurisdiction, level=DOC.level)
    assert tb.kind == kind and len(tb.rows) == rows and tb.years == years
    assert [r.lead[0][0] for r in tb.rows] == lead
    targets, tasks, resps = table_facts(text, [tb], DOC, "t.txt")
    for x in list(targets) + list(tasks) + list(resps):
        assert text[x.evidence.start:x.evidence.end] == x.evidence.quote
    assert {r.role for r in resps} == {"lead", "support"}


def test_flat_table_years_and_areas() -> None:
    (tb,) = find_tables(FLAT)
    targets, _, resps = table_facts(FLAT, [tb], DOC, "t.txt")
    assert [(t.value, t.year, t.area) for t in targets] == [(80.0, 2025, "tthc"), (100.0, 2030, "tthc"), (100.0, 2025, "chinh-phu-so")]
    ca = [r for r in resps if r.agency.kind == "cong-an"]
    assert ca and ca[0].role == "lead" and ca[0].target_index == 2


SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def test_can_tho_appendix(shared: Path = SHARED) -> None:
    import os
    if not SHARED.exists():
        if os.environ.get("CI"):
            pytest.fail("shared material missing in CI")
        pytest.skip("shared material not available")
    p = SHARED / "seeds" / "004_1b521d6779d44ea6.txt"
    text = p.read_text("utf-8")
    (tb,) = find_tables(text, jurisdiction="thành phố Cần Thơ", level="province")
    assert len(tb.rows) >= 15 and all(r.lead for r in tb.rows)
    eid = [r for r in tb.rows if "định danh" in r.content[0][0]]
    assert eid and eid[0].lead[0][0] == "Công an thành phố"
    assert tb.years == (2025, 2030)
