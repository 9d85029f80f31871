"""The date a document enters into force, read from its own "hiệu lực" clause.

A document says when it takes effect in its "Điều … Hiệu lực thi hành"
article (or the last article of a decision): "<Loại> này có hiệu lực (thi
hành) (kể) từ ngày dd tháng mm năm yyyy", "… từ ngày dd/mm/yyyy", "… (kể)
từ ngày ký (ban hành)", "… từ ngày ban hành", "… từ ngày được thông qua",
"… sau N ngày kể từ ngày ký". Phrasing classes (``basis``):

* ``stated`` — a date is written: that date;
* ``signing`` — from the day it is signed / issued: the document's own date;
* ``adoption`` — from the day it is adopted (a council resolution): its date;
* ``days-after-signing`` — N days after signing: its date + N days.

Only a clause whose subject is the document itself ("<Loại> này") at the
start of a sentence or of a numbered point counts: transitional provisions
("… trước ngày Nghị định này có hiệu lực thi hành …") and sentences about
other documents ("Thông tư số … có hiệu lực từ …") are not read. The first
such clause of the document's span wins (a later clause gives exceptions).
Pure text → record; nothing here knows about graphs.

>>> t = "Điều 5. Hiệu lực thi hành\\nNghị định này có hiệu lực thi hành kể từ ngày 15 tháng 02 năm 2024."
>>> e = find_effective(t, signed="2024-01-05", source="a.txt")
>>> (e.basis, e.date, e.evidence.quote)
('stated', '2024-02-15', 'Nghị định này có hiệu lực thi hành kể từ ngày 15 tháng 02 năm 2024')
>>> find_effective("Điều 3. Quyết định này có hiệu lực kể từ ngày ký.", signed="2022-01-05").date
'2022-01-05'
>>> find_effective("Văn bản ban hành trước ngày Nghị định này có hiệu lực thi hành kể từ ngày 1/7/2024 …", signed=None) is None
True
"""

from __future__ import annotations

import datetime as _dt
import re

from cchc_kg.kg.model import EffectiveRecord, Evidence
from cchc_kg.loaders.clean import fold_chars, sentence_bounds
from cchc_kg.loaders.symbols import DATE_PATTERN, TYPE_NAME_PATTERN, date_from_match

__all__ = ["BASES", "CONSOLIDATED_TYPES", "find_effective", "effective_of"]

#: phrasing classes, see the module docstring
BASES = ("stated", "signing", "adoption", "days-after-signing")
#: document types whose text restates other documents' clauses: a consolidated
#: text (văn bản hợp nhất) reproduces "Thông tư này có hiệu lực …" of each
#: document it consolidates, none of which is its own entry into force
CONSOLIDATED_TYPES = frozenset({"VBHN"})

_S = r"[^\S\n]*\n?[^\S\n]*"  # spaces with at most one line break (hard-wrapped PDF text)
_CLAUSE = re.compile(
    r"(?P<subject>(?:" + TYPE_NAME_PATTERN + r")" + _S + r"này)" + _S + r"(?:chính" + _S + r"thức" + _S + r")?có" + _S
    + r"hiệu" + _S + r"lực(?:" + _S + r"thi" + _S + r"hành)?" + _S + r",?" + _S
    + r"(?:"
    + r"(?:kể" + _S + r")?từ" + _S + r"(?:(?:ngày" + _S + r"(?=\d))?(?P<date>" + DATE_PATTERN + r")"
    + r"|ngày" + _S + r"(?P<sign>ký(?:" + _S + r"ban" + _S + r"hành)?|ban" + _S + r"hành)(?!\w)"
    + r"|ngày" + _S + r"(?P<adopt>được" + _S + r"thông" + _S + r"qua|thông" + _S + r"qua)(?!\w))"
    + r"|sau" + _S + r"(?P<days>\d{1,3})" + _S + r"ngày" + _S + r",?" + _S + r"(?:kể" + _S + r")?từ" + _S + r"ngày" + _S
    + r"(?:ký|ban" + _S + r"hành)(?!\w)"
    + r")",
    re.IGNORECASE,
)
# what may stand between the start of a sentence/line and the subject: article
# heading, the article's title, point numbering, emphasis markers
_HEAD = re.compile(
    r"(?:\s|[*_#|>-])*(?:dieu\s+\d+[a-z]?\s*[.:]?\s*(?:[*_]*\s*)?(?:hieu\s+luc(?:\s+thi\s+hanh)?|dieu\s+khoan\s+thi\s+hanh"
    r"|to\s+chuc\s+thuc\s+hien|hieu\s+luc\s+va\s+trach\s+nhiem\s+thi\s+hanh)?\s*[.:]?)?(?:\s|[*_|-])*"
    r"(?:(?:\d+|[a-zđ])\s*[.)]\s*)?(?:\s|[*_]|\[\d+\])*"
)
_BREAK = re.compile(r"[.;:!?]\s|\n\s*\n")


def _starts_sentence(text: str, start: int) -> bool:
    """Only heading material between the last sentence break (or line break after one) and ``start``."""
    lo = max(0, start - 300)
    seg = text[lo:start]
    cut = 0
    for m in _BREAK.finditer(seg):
        cut = m.end()
    # a line break counts as a break when the line before ends a heading or a sentence
    for m in re.finditer(r"\n", seg):
        line_before = seg[:m.start()].rstrip(" *_|").rsplit("\n", 1)[-1]
        if m.end() > cut and (not line_before.strip() or line_before[-1:] in ".;:" or _is_heading(line_before)):
            cut = m.end()
    return _HEAD.fullmatch(fold_chars(seg[cut:])) is not None


def _is_heading(line: str) -> bool:
    f = fold_chars(line.strip(" *_#|"))
    return bool(re.fullmatch(r"dieu\s+\d+[a-z]?\s*[.:]?.{0,60}", f)) or bool(re.fullmatch(r"(?:[ivxlc]+|\d+)\s*[.)].{0,60}", f))


def find_effective(
    text: str, *, signed: str | None, source: str = "<text>", start: int = 0, end: int | None = None,
    original: str | None = None,
) -> EffectiveRecord | None:
    """The first "<Loại> này có hiệu lực …" clause of ``text[start:end]``, or ``None``.

    ``signed`` is the document's own date (ISO), used by the ``signing``,
    ``adoption`` and ``days-after-signing`` classes (their ``date`` is
    ``None`` without it). Evidence spans are offsets in ``text``; the quote
    and sentence are taken from ``original`` when given (the source text of
    which ``text`` is the cleaned, same-length copy).

    >>> find_effective("1. Thông tư này có hiệu lực sau 45 ngày kể từ ngày ký ban hành.", signed="2024-01-01").date
    '2024-02-15'
    >>> find_effective("Nghị quyết này có hiệu lực từ ngày được thông qua.", signed="2023-12-08").basis
    'adoption'
    >>> find_effective("Điều 2. [2] Quyết định này có hiệu lực kể từ ngày 05/12/2025;", signed=None).date
    '2025-12-05'
    """
    hi = len(text) if end is None else end
    for m in _CLAUSE.finditer(text, start, hi):
        if not _starts_sentence(text, m.start()):
            continue
        if m.group("date"):
            try:
                date: str | None = date_from_match(re.match(DATE_PATTERN, m.group("date")))  # type: ignore[arg-type]
            except ValueError:
                continue
            basis, days = "stated", None
        elif m.group("days"):
            basis, days = "days-after-signing", int(m.group("days"))
            date = (_dt.date.fromisoformat(signed) + _dt.timedelta(days=days)).isoformat() if signed else None
        else:
            basis, days = ("adoption" if m.group("adopt") else "signing"), None
            date = signed
        ss, se = sentence_bounds(text, m.start(), m.end())
        words = text if original is None else original
        return EffectiveRecord(basis, date, Evidence(source, m.start(), m.end(), words[ss:se], words[m.start():m.end()]), days)
    return None


def effective_of(
    doc_type: str | None, text: str, *, signed: str | None, source: str = "<text>", start: int = 0,
    end: int | None = None, original: str | None = None,
) -> EffectiveRecord | None:
    """:func:`find_effective` for a document of type ``doc_type``; ``None`` for a consolidated text.

    >>> effective_of("VBHN", "Thông tư này có hiệu lực từ ngày 01/7/2025.", signed="2026-05-26") is None
    True
    """
    if doc_type in CONSOLIDATED_TYPES:
        return None
    return find_effective(text, signed=signed, source=source, start=start, end=end, original=original)
