"""Property tests for the layout rules of issue 13: never crash, keep lengths, keep offsets traceable."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_kg.kg.errors import NoIdentityError
from cchc_kg.kg.model import SourceText
from cchc_kg.loaders.clean import clean
from cchc_kg.loaders.issuers import header_issuer
from cchc_kg.loaders.pipeline import extract_source
from cchc_kg.loaders.respace import source_span

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LETTERS = sorted({unicodedata.normalize("NFC", b + t) for b in "aăâeêioôơuưy" for t in ("", "\u0300", "\u0301", "\u0323")}
                 | set("bcdđghklmnpqrstvx"))
PIECES = LETTERS + [c.upper() for c in LETTERS] + [" ", "  ", "\n", "**", "*", "|", "---", "_", "Số:", "ngày", "tháng",
                                                   "năm", "0", "1", "9", "/", "QĐ-UBND", "CỘNG HÒA", "UBND", "U B"]
texts = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)


@FAST
@given(texts)
def test_clean_keeps_length_and_maps_spans_inside_the_source(text: str) -> None:
    cleaned = clean(text)
    assert len(cleaned) == len(text)
    for s in range(0, len(text) + 1, 3):
        for e in range(s, min(len(text), s + 12) + 1, 4):
            a, b = source_span(cleaned, s, e)
            assert 0 <= a <= b <= len(text)


@FAST
@given(st.lists(st.sampled_from(["ỦY BAN NHÂN DÂN", "TỈNH AN HÒA", "THÀNH PHỐ HUẾ", "BỘ TÀI CHÍNH", "CỤC THUẾ", "SỞ NỘI VỤ",
                                 "BAN CHỈ ĐẠO", "CHỦ TỊCH", "VĂN PHÒNG", "THUẾ TỈNH A", "HỘI ĐỒNG", "X", ""]), max_size=4))
def test_header_issuer_never_crashes(lines: list[str]) -> None:
    iss = header_issuer(lines)
    assert iss is None or iss.name


@FAST
@given(texts)
def test_extraction_reports_or_returns_with_evidence_in_the_source(text: str) -> None:
    try:
        exs = extract_source(SourceText("p.md", text, "0"))
    except NoIdentityError:
        return
    for ex in exs:
        for ev in [ex.document.evidence, *(r.evidence for r in ex.references)]:
            if ev is not None:
                assert text[ev.start:ev.end] == ev.quote
