"""Deadlines stated in a task or duty sentence ("trước ngày 15/12/2023", "trong Quý II/2023").

A text parser, so it lives with the loaders; report functions in
:mod:`cchc_kg.queries.reports` take it as a strategy argument (queries never import
cchc_kg, cchc_kg.loaders as loaders). Matching runs on the folded sentence, the returned text is the
original spelling.

>>> find_deadline("Báo cáo kết quả về Sở Nội vụ trước ngày 15/12/2023.").text
'trước ngày 15/12/2023'
>>> find_deadline("Hoàn thành trong Quý II/2023").kind
'quarter'
>>> find_deadline("Thực hiện thường xuyên") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cchc_kg.kg.ids import fold

__all__ = ["Deadline", "find_deadline", "PATTERNS"]


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline phrase: kind (date, quarter, month, year, periodic), text, span in the sentence."""

    kind: str
    text: str
    start: int
    end: int

    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


_D = r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)\d\d"
#: (kind, pattern on folded text), most precise first
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date", re.compile(rf"\b(?:truoc|cham nhat|han chot|den) (?:ngay )?{_D}")),
    ("date", re.compile(r"\b(?:truoc|cham nhat) ngay \d{1,2} thang \d{1,2} nam (?:19|20)\d\d")),
    ("date", re.compile(r"\btruoc ngay \d{1,2}(?: (?:cua )?(?:thang \d{1,2}|thang cuoi quy|hang thang))?")),
    ("quarter", re.compile(r"\b(?:trong |truoc |hoan thanh )?quy (?:i{1,3}|iv|[1-4])\s*(?:/|nam )\s*(?:19|20)\d\d")),
    ("month", re.compile(r"\b(?:trong |truoc )?thang \d{1,2}\s*(?:/|nam )\s*(?:19|20)\d\d")),
    ("year", re.compile(r"\b(?:hoan thanh )?(?:trong |truoc |den |cuoi )nam (?:19|20)\d\d")),
    ("periodic", re.compile(r"\b(?:dinh ky )?hang (?:quy|nam|thang)\b|\b6 thang\b")),
)


def find_deadline(sentence: str) -> Deadline | None:
    """The first (most precise) deadline phrase of ``sentence``, or ``None``.

    >>> find_deadline("Định kỳ hằng quý báo cáo UBND huyện").kind
    'periodic'
    >>> find_deadline("chậm nhất ngày 30 tháng 6 năm 2024").text
    'chậm nhất ngày 30 tháng 6 năm 2024'
    """
    text = " ".join(sentence.split())
    f = fold(sentence)
    for kind, pat in PATTERNS:
        m = pat.search(f)
        if m:
            s, e = m.start(), m.end()
            while s < e and f[s] == " ":
                s += 1
            # fold keeps one character per character of NFC text: the span reads the original
            shown = text[s:e] if len(text) == len(f) else f[s:e]
            return Deadline(kind, shown, s, e)
    return None
