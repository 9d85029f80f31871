"""Hand-written records for graph-layer tests (no loaders involved)."""

from __future__ import annotations

from cchc_kg.kg.model import DocumentRecord, Evidence, Extraction, ReferenceRecord, StatedRelation

TEXT = (
    "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;\n"
    "Thực hiện Chương trình số 9-CTr/TU ngày 01/3/2022 của Tỉnh ủy;\n"
    "Nghị định số 45/2020/NĐ-CP về thủ tục hành chính trên môi trường điện tử.\n"
)


def ev(quote: str, path: str = "plan.txt", text: str = TEXT) -> Evidence:
    start = text.index(quote)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    return Evidence(path, start, start + len(quote), text[line_start:line_end], quote)


PLAN = DocumentRecord(
    doc_type="KH", number="12", symbol="12/KH-UBND", issuer_code="UBND", issuer="UBND tỉnh Xanh",
    jurisdiction="tỉnh Xanh", level="province", date="2022-04-01", year=2022,
    title="Kế hoạch cải cách hành chính năm 2022", source="plan.txt", key="kh/2022/12/ubnd-tinh-xanh",
)
NQ76 = DocumentRecord(doc_type="NQ", number="76", symbol="76/NQ-CP", issuer_code="CP", issuer="Chính phủ",
                      jurisdiction="Việt Nam", level="national", date="2021-07-15", year=2021, origin="stub",
                      key="nq/2021/76/cp")
NQ76_2013 = DocumentRecord(doc_type="NQ", number="76", symbol="76/NQ-CP", issuer_code="CP", issuer="Chính phủ",
                           year=2013, origin="stub", key="nq/2013/76/cp")
CTR9 = DocumentRecord(doc_type="CTr", number="9", symbol="9-CTr/TU", issuer_code="TU", issuer="Tỉnh ủy tỉnh Xanh",
                      jurisdiction="tỉnh Xanh", level="province", date="2022-03-01", year=2022, origin="stub",
                      key="ctr/2022/9/tu-tinh-xanh")
ND45 = DocumentRecord(doc_type="NĐ", number="45", symbol="45/2020/NĐ-CP", issuer_code="CP", issuer="Chính phủ",
                      jurisdiction="Việt Nam", level="national", year=2020, origin="stub", key="nd/2020/45/cp")


def plan_extraction() -> Extraction:
    return Extraction(
        document=PLAN,
        references=(
            ReferenceRecord("based_on", NQ76, ev("Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ")),
            ReferenceRecord("implements", CTR9, ev("Chương trình số 9-CTr/TU ngày 01/3/2022")),
            ReferenceRecord("cites", ND45, ev("Nghị định số 45/2020/NĐ-CP")),
        ),
        relations=(StatedRelation(CTR9, "implements", NQ76, ev("Chương trình số 9-CTr/TU ngày 01/3/2022")),),
    )


OTHER_TEXT = "Căn cứ Nghị quyết số 76/NQ-CP năm 2013 của Chính phủ;\n"
OTHER = DocumentRecord(doc_type="KH", number="3", symbol="3/KH-UBND", issuer_code="UBND", issuer="UBND tỉnh Đỏ",
                       jurisdiction="tỉnh Đỏ", level="province", date="2014-01-02", year=2014, source="old.txt",
                       key="kh/2014/3/ubnd-tinh-do")


def old_extraction() -> Extraction:
    return Extraction(
        document=OTHER,
        references=(ReferenceRecord("based_on", NQ76_2013, ev("Nghị quyết số 76/NQ-CP năm 2013", "old.txt", OTHER_TEXT)),),
    )
