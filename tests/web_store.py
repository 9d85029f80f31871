"""A made-up on-disk store for the web tests: hostile text in titles, names, metrics and evidence.

The document "99/KH-UBND" of the made-up "tỉnh Đỏ" carries the issue's
payload ``</script><img src=x onerror=alert(1)>`` in its title, its
evidence sentences, its agency's name, its task and its target metric;
its source file is written beside the store so ``/source/…`` can show it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace

from cchc_kg.kg.ids import doc_iri
from cchc_kg.kg.ingest import build
from cchc_kg.kg.model import (
    AgencyRecord, DocumentRecord, Evidence, Extraction, ReferenceRecord, ResponsibilityRecord, SourceText, TargetRecord, TaskRecord,
)
from cchc_kg.kg.store import GraphStore

__all__ = ["PAYLOAD", "EVIL", "EVIL_IRI", "NQ76", "EVIL_AGENCY", "make_store"]

PAYLOAD = "</script><img src=x onerror=alert(1)>"
NQ76 = DocumentRecord(doc_type="NQ", number="76", symbol="76/NQ-CP", issuer_code="CP", issuer="Chính phủ", level="national",
                      year=2021, date="2021-07-15", origin="stub", key="nq/2021/76/cp")
EVIL = DocumentRecord(doc_type="KH", number="99", symbol="99/KH-UBND", issuer_code="UBND", issuer="UBND tỉnh Đỏ", jurisdiction="tỉnh Đỏ",
                      level="province", year=2023, date="2023-02-01", title="Kế hoạch cải cách hành chính " + PAYLOAD,
                      key="kh/2023/99/ubnd-tinh-do")
EVIL_IRI = doc_iri(EVIL.key)
EVIL_AGENCY = AgencyRecord("so-noi-vu", "Sở Nội vụ " + PAYLOAD, "tỉnh Đỏ", "province")
TEXT = (
    "ỦY BAN NHÂN DÂN TỈNH ĐỎ\nSố: 99/KH-UBND\n"
    f"KẾ HOẠCH cải cách hành chính {PAYLOAD}\n"
    f"Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ {PAYLOAD};\n"
    f"Phấn đấu đến năm 2025, tỷ lệ hồ sơ {PAYLOAD} trực tuyến đạt từ 80% trở lên.\n"
    f"Sở Nội vụ chủ trì rà soát thủ tục {PAYLOAD}.\n"
)


def _ev(quote: str, path: str) -> Evidence:
    start = TEXT.index(quote)
    ls = TEXT.rfind("\n", 0, start) + 1
    le = TEXT.find("\n", start)
    return Evidence(path, start, start + len(quote), quote, TEXT[ls:le])


def make_store(folder: Path) -> tuple[Path, Path]:
    """(store directory, source file) of the made-up store under ``folder``."""
    src = folder / "evil.txt"
    src.write_text(TEXT, encoding="utf-8")
    path = str(src)
    t_ev = _ev("tỷ lệ hồ sơ " + PAYLOAD + " trực tuyến đạt từ 80% trở lên", path)
    r_ev = _ev("Sở Nội vụ chủ trì rà soát thủ tục " + PAYLOAD, path)
    task = "Rà soát thủ tục " + PAYLOAD
    ex = Extraction(
        document=EVIL,
        references=(ReferenceRecord("based_on", NQ76, _ev("Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ " + PAYLOAD, path)),),
        targets=(TargetRecord("tỷ lệ hồ sơ " + PAYLOAD + " trực tuyến", 80.0, "%", ">=", 2025, t_ev, "từ 80% trở lên", area="tthc"),),
        tasks=(TaskRecord(task, "tthc", r_ev),),
        responsibilities=(ResponsibilityRecord(EVIL_AGENCY, "lead", r_ev, area="tthc", task=task),),
    )
    sha = hashlib.sha256(src.read_bytes()).hexdigest()

    def align(exs):
        return [(0, 0, SimpleNamespace(national_id="B07", score=0.9, comparison="equal", explanation=PAYLOAD))]

    store = folder / "store"
    with GraphStore.open(store, writable=True, create=True) as st:
        build(st, [path], read=lambda p: SourceText(str(p), TEXT, sha), extract=lambda s: [ex], align=align)
    return store, src
