"""Length-preserving cleaning of source text for matching.

``clean(text)`` returns a string of exactly ``len(text)`` characters in
which markdown residue (``**``, ``__``, heading ``#``, table ``|``), web-page
residue, gazette page headers/footers and digital-signature blocks are
replaced by spaces, and hard line wraps inside a sentence become spaces.
Offsets in the cleaned text are therefore offsets in ``SourceText.text``:
matching runs on the cleaned text, evidence is sliced from the original.

>>> raw = "Căn cứ Nghị định số **45/2020/NĐ-CP** ngày 08/4/2020 của\\nChính phủ;\\nCăn cứ"
>>> out = clean(raw)
>>> len(out) == len(raw), out.splitlines()[0][-14:]
(True, 'của Chính phủ;')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kg.ids import fold

__all__ = ["clean", "fold_chars", "sentence_bounds", "is_all_caps", "LIST_MARKER"]

_GAZETTE_HEADER = re.compile(r"^\s*CÔNG BÁO\s*/\s*Số\b.*$")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
_SIGNATURE = re.compile(r"^\s*(Người ký|Email|Cơ quan|Thời gian ký|Ngày ký)\s*:")
_SECTION = re.compile(r"^\s*(VĂN BẢN QUY PHẠM PHÁP LUẬT|VĂN BẢN KHÁC|PHẦN VĂN BẢN QUY PHẠM PHÁP LUẬT)\s*$")
_SEPARATOR = re.compile(r"^\s*[-=_*~|:+]{3,}\s*$")
_WEB = re.compile(
    r"^\s*(he thong phap luat|dang tai noi dung.*|dang nhap|dang ky|tai ve|in van ban|luoc do|chia se"
    r"|theo doi van ban|van ban lien quan|thuoc tinh|van ban goc|tieng anh|https?://\S+|www\.\S+"
    r"|bai viet lien quan|xem them.*|trang chu.*|ban quyen.*)\s*$"
)
_MD_INLINE = re.compile(r"\*{2,}|_{2,}|\|")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]")
_MD_BULLET_STAR = re.compile(r"^[ \t]*\*(?=[ \t])")

LIST_MARKER = re.compile(
    r"^\s*(?:[-+•–]\s|\d{1,3}(?:\.\d{1,3})*[.)]\s|[a-zđ]\)\s|[IVXLC]{1,6}[.)]\s|"
    r"(?:Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|Điều \d|Chương [IVXLC\d]|Mục \d|Phần [IVXLC\d]|PHẦN|CHƯƠNG|Nơi nhận)\b)"
)
_TERMINAL = ".;:!?"
_DANGLING = frozenset(
    "của số và ngày tháng năm tại theo về các những hoặc với cho để trong trên đến từ Luật luật".split()
)


def is_all_caps(line: str) -> bool:
    """True for heading-like lines written in capitals (≥ 2 letters).

    >>> is_all_caps("ỦY BAN NHÂN DÂN"), is_all_caps("Số: 53/KH-UBND")
    (True, False)
    """
    s = line.strip()
    return len(s) >= 2 and s.upper() == s and s.lower() != s and sum(1 for c in s[:8] if c.isalpha()) >= min(2, len(s))


def fold_chars(text: str) -> str:
    """Fold each character (lower case, no marks, đ→d) keeping the length.

    >>> fold_chars("Tỉnh Uỷ ĐỒNG")
    'tinh uy dong'
    """
    return "".join(map(_fold_char, text))


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isspace():
        return "\n" if ch == "\n" else " "
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return "d" if base == "đ" else base


_RESIDUE_RE = re.compile(
    r"^[^\S\n]*(?:CÔNG BÁO[^\S\n]*/[^\S\n]*Số\b[^\n]*|VĂN BẢN QUY PHẠM PHÁP LUẬT|VĂN BẢN KHÁC"
    r"|PHẦN VĂN BẢN QUY PHẠM PHÁP LUẬT|[-=_*~|:+]{3,})[^\S\n]*$",
    re.M,
)
_SIGN_START = re.compile(r"^[^\S\n]*Người ký[^\S\n]*:[^\n]*$", re.M)
_MD_HEADING_M = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]", re.M)
_MD_BULLET_M = re.compile(r"^[ \t]*\*(?=[ \t])", re.M)


def _line_at(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, (len(text) if e < 0 else e)


def _residue_spans(text: str) -> list[tuple[int, int]]:
    """Spans (whole lines) of gazette/web/signature residue."""
    spans: list[tuple[int, int]] = []
    for m in _RESIDUE_RE.finditer(text):
        spans.append((m.start(), m.end()))
        if "CÔNG BÁO" in m.group(0):
            # page numbers on the two lines before/after the header
            s, e = m.start(), m.end()
            for _ in range(2):
                if s <= 0:
                    break
                ps, pe = _line_at(text, s - 1)
                if _PAGE_NUMBER.match(text[ps:pe]):
                    spans.append((ps, pe))
                s = ps
            for _ in range(2):
                if e >= len(text):
                    break
                ns, ne = _line_at(text, e + 1)
                if _PAGE_NUMBER.match(text[ns:ne]):
                    spans.append((ns, ne))
                e = ne
    for m in _SIGN_START.finditer(text):
        spans.append((m.start(), m.end()))
        e = m.end()
        for _ in range(4):
            if e >= len(text):
                break
            ns, ne = _line_at(text, e + 1)
            if not _SIGNATURE.match(text[ns:ne]):
                break
            spans.append((ns, ne))
            e = ne
    pos = 0
    for _ in range(40):
        if pos >= len(text):
            break
        s, e = _line_at(text, pos)
        if _WEB.match(fold(text[s:e])):
            spans.append((s, e))
        pos = e + 1
    return spans


def _joins(prev: str, nxt: str, page_break: bool) -> bool:
    """Should the line break between ``prev`` and ``nxt`` become a space?"""
    p = prev.rstrip()
    if not p or p[-1] in _TERMINAL:
        return False
    q = nxt.lstrip()
    if not q:
        return False
    first = q[0]
    if first in "-+•–" or ((first.isdigit() or first.isupper()) and LIST_MARKER.match(q)):
        return False
    if first.islower() and len(q) > 1 and q[1] == ")":
        return False
    last_word = p.rsplit(None, 1)[-1]
    if p[-1] in ",-–(" or last_word in _DANGLING or first.islower() or (first.isdigit() and not page_break):
        decision = True
    elif page_break:
        return False
    else:
        decision = len(p) >= 60 and (first.isupper() or first in "“\"(")
    return decision and not is_all_caps(p) and not is_all_caps(q)


def clean(text: str) -> str:
    """Length-preserving cleaned copy of ``text`` (see module docstring).

    >>> clean("CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025\\n15\\nNGHỊ ĐỊNH").strip()
    'NGHỊ ĐỊNH'
    >>> clean("a)  Mục tiêu\\nb) Nhiệm vụ")
    'a)  Mục tiêu\\nb) Nhiệm vụ'
    """
    t = text.replace("\r", " ")
    if "#" in t:
        t = _MD_HEADING_M.sub(lambda m: " " * len(m.group(0)), t)
    if "*" in t:
        t = _MD_BULLET_M.sub("-", t)
    if "*" in t or "_" in t or "|" in t:
        t = _MD_INLINE.sub(lambda m: " " * len(m.group(0)), t)
    residue_spans = _residue_spans(text)
    if residue_spans:
        chunks = []
        pos = 0
        for s, e in sorted(residue_spans):
            if s < pos:
                s = pos
            if e <= s:
                continue
            chunks.append(t[pos:s])
            chunks.append(" " * (e - s))
            pos = e
        chunks.append(t[pos:])
        t = "".join(chunks)
    lines = t.split("\n")
    # a line is residue-blank when it was blanked and is not blank in the input
    raw_lines = text.split("\n")
    n = len(lines)
    seps = ["\n"] * max(0, n - 1)
    i = 0
    while i < n - 1:
        if not lines[i].strip():
            i += 1
            continue
        j = i + 1
        page_break = False
        while j < n and not lines[j].strip():
            page_break = page_break or bool(raw_lines[j].strip())
            j += 1
        if j >= n:
            break
        if (j == i + 1 or page_break) and _joins(lines[i], lines[j], page_break):
            for k in range(i, j):
                seps[k] = " "
        i = j
    out = []
    for k, line in enumerate(lines):
        out.append(line)
        if k < n - 1:
            out.append(seps[k])
    result = "".join(out)
    assert len(result) == len(text)
    return result


_SENT_END = re.compile(r"[.!?](?=\s+[\"“(]?[A-ZĐÀ-Ỹ0-9])|\n")


def sentence_bounds(cleaned: str, start: int, end: int, limit: int = 700) -> tuple[int, int]:
    """Bounds of the sentence of ``cleaned`` holding ``[start, end)``.

    Sentences end at a newline of the cleaned text or at ``. `` before a
    capital; the result never cuts the span and is at most ``limit``
    characters on each side of it.

    >>> t = "Mở đầu. Căn cứ Luật A; Luật B. Hết"
    >>> s, e = sentence_bounds(t, 15, 21)
    >>> t[s:e]
    'Căn cứ Luật A; Luật B.'
    """
    lo = max(0, start - limit)
    s = lo
    for m in _SENT_END.finditer(cleaned, lo, start):
        s = m.end()
    hi = min(len(cleaned), end + limit)
    m = _SENT_END.search(cleaned, end, hi)
    e = m.end() if m else hi
    if m and cleaned[m.start()] == "\n":
        e = m.start()
    while s < start and cleaned[s].isspace():
        s += 1
    while e > end and cleaned[e - 1].isspace():
        e -= 1
    return s, e
