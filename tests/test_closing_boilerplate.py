"""Closing boilerplate of a plan ("Trên đây là …", "Trong quá trình thực hiện …") is never a task or a duty."""

from __future__ import annotations

import pytest

from cchc_kg.kg.ids import fold
from cchc_kg.kg.model import DocumentRecord
from cchc_kg.loaders.plans import CLOSING, extract_plan_facts

PLAN = """KẾ HOẠCH
Cải cách hành chính năm 2023 trên địa bàn huyện Sông Xanh

I. NHIỆM VỤ
1. Cải cách thủ tục hành chính
- Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết của huyện.
- Trong quá trình thực hiện, nếu có vướng mắc về thủ tục thì báo cáo ngay.
- Công bố, công khai đầy đủ thủ tục hành chính trên Cổng Dịch vụ công của tỉnh.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Nội vụ
Chủ trì, tham mưu UBND huyện theo dõi, đôn đốc việc thực hiện Kế hoạch.
2. Phòng Tư pháp
Chủ trì kiểm soát thủ tục hành chính; phối hợp với Phòng Nội vụ tổng hợp kết quả. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan phản ánh về Phòng Nội vụ để tổng hợp, báo cáo UBND huyện.
Trên đây là Kế hoạch cải cách hành chính năm 2023 của UBND huyện Sông Xanh. Trong quá trình triển khai thực hiện, nếu có phát sinh, các cơ quan, đơn vị phản ánh về Phòng Nội vụ để tổng hợp, báo cáo UBND huyện xem xét, quyết định./.
"""


def _facts():  # type: ignore[no-untyped-def]
    doc = DocumentRecord(doc_type="KH", jurisdiction="huyện Sông Xanh", level="district", year=2023)
    return extract_plan_facts(PLAN, 0, len(PLAN), doc, "song-xanh.txt")


def test_closing_sentences_are_not_tasks_or_duties() -> None:
    _targets, tasks, resps = _facts()
    texts = [fold(t.text) for t in tasks] + [fold(r.task or "") for r in resps] + [fold(r.evidence.sentence) for r in resps]
    assert texts, "the fixture has real tasks and duties"
    assert not [t for t in texts if t.startswith(("tren day la", "trong qua trinh"))]


def test_real_tasks_and_duties_survive() -> None:
    _targets, tasks, resps = _facts()
    assert any("ra soat, don gian hoa" in fold(t.text) for t in tasks)
    assert any("cong bo, cong khai" in fold(t.text) for t in tasks)  # a task after a boilerplate line
    leads = {(r.agency.kind, r.role) for r in resps}
    assert ("phong-tu-phap", "lead") in leads and ("phong-noi-vu", "lead") in leads
    # a duty sentence sharing a line with a closing sentence is still read
    assert any("kiem soat thu tuc" in fold(r.evidence.sentence) for r in resps if r.agency.kind == "phong-tu-phap")


@pytest.mark.parametrize(
    "text,closing",
    [("Trên đây là Kế hoạch …", True), ("Trong quá trình thực hiện, nếu có khó khăn", True),
     ("Trong quá trình triển khai thực hiện có khó khăn, vướng mắc", True),
     ("Trong quá trình tổ chức thực hiện, nếu phát sinh", True),
     ("phối hợp chặt chẽ trong quá trình thực hiện nhiệm vụ", False),
     ("Trong quá trình thực hiện nhiệm vụ chuyển đổi số, các sở chủ trì rà soát quy trình", False)],
)
def test_closing_pattern(text: str, closing: bool) -> None:
    assert bool(CLOSING.match(fold(text))) is closing
