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

from kg.ids import fold

__all__ = ["clean", "fold_chars", "sentence_bounds", "is_all_caps", "LIST_MARKER"]

_GAZETTE_HEADER = re.compile(r"^\s*CÔNG BÁO\s*/\s*Số\b.*$")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
_SIGNATURE = re.compile(r"^\s*(Người ký|Email|Cơ quan|Thời gian ký)\s*:")
_SECTION = re.compile(r"^\s*(VĂN BẢN QUY PHẠM PHÁP LUẬT|VĂN BẢN KHÁC|PHẦN VĂN BẢN QUY PHẠM PHÁP LUẬT)\s*$")
_SEPARATOR = re.compile(r"^\s*[-=_*~|:+]{3,}\s*$")
_WEB = re.compile(
    r"^\s*(he thong phap luat|dang tai noi dung.*|dang nhap|dang ky|tai ve|in van ban|luoc do|chia se"
    r"|theo doi van ban|van ban lien quan|thuoc tinh|van ban goc|tieng anh|https?://\S+|www\.\S+"
    r"|bai viet lien quan|xem them.*|trang chu.*|ban quyen.*)\s*$"
)
_MD_INLINE = re.compile(r"\*{2,}|_{2,}(?=\S)|(?<=\S)_{2,}|\|")
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
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def fold_chars(text: str) -> str:
    """Fold each character (lower case, no marks, đ→d) keeping the length.

    >>> fold_chars("Tỉnh Uỷ ĐỒNG")
    'tinh uy dong'
    """
    out = []
    for ch in text:
        if ch.isspace():
            out.append(" " if ch != "\n" else "\n")
            continue
        base = unicodedata.normalize("NFD", ch)[0].lower()
        if base in "đ":
            base = "d"
        out.append(base)
    return "".join(out)


def _residue_lines(lines: list[str]) -> list[bool]:
    """Which lines are residue (blanked)."""
    n = len(lines)
    res = [False] * n
    for i, line in enumerate(lines):
        if _GAZETTE_HEADER.match(line) or _SECTION.match(line) or _SEPARATOR.match(line):
            res[i] = True
            # page numbers next to a gazette header
            if _GAZETTE_HEADER.match(line):
                for j in (i - 2, i - 1, i + 1, i + 2):
                    if 0 <= j < n and _PAGE_NUMBER.match(lines[j]):
                        res[j] = True
        elif _SIGNATURE.match(line) and line.lstrip().startswith("Người ký"):
            res[i] = True
            for j in range(i + 1, min(n, i + 5)):
                if _SIGNATURE.match(lines[j]):
                    res[j] = True
        elif i < 40 and _WEB.match(fold(line)):
            res[i] = True
    return res


def _clean_line(line: str) -> str:
    line = line.replace("\r", " ")
    line = _MD_HEADING.sub(lambda m: " " * len(m.group(0)), line)
    line = _MD_BULLET_STAR.sub(lambda m: "-", line)
    return _MD_INLINE.sub(lambda m: " " * len(m.group(0)), line)


def _joins(prev: str, nxt: str, page_break: bool) -> bool:
    """Should the line break between ``prev`` and ``nxt`` become a space?"""
    p, q = prev.rstrip(), nxt.strip()
    if not p or not q or LIST_MARKER.match(nxt):
        return False
    if p[-1] in _TERMINAL:
        return False
    p_caps, q_caps = is_all_caps(p), is_all_caps(q)
    if p_caps or q_caps:
        return False
    first = q[0]
    last_word = p.split()[-1] if p.split() else ""
    if p[-1] in ",-–(" or last_word in _DANGLING:
        return True
    if first.islower() or (first.isdigit() and not page_break):
        return True
    if page_break:
        return False
    return len(p.strip()) >= 60 and (first.isupper() or first in "“\"(")


def clean(text: str) -> str:
    """Length-preserving cleaned copy of ``text`` (see module docstring).

    >>> clean("CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025\\n15\\nNGHỊ ĐỊNH").strip()
    'NGHỊ ĐỊNH'
    >>> clean("a)  Mục tiêu\\nb) Nhiệm vụ")
    'a)  Mục tiêu\\nb) Nhiệm vụ'
    """
    raw_lines = text.split("\n")
    residue = _residue_lines(raw_lines)
    lines = [(" " * len(line)) if residue[i] else _clean_line(line) for i, line in enumerate(raw_lines)]
    n = len(lines)
    # decide each newline: newline i separates lines[i] and lines[i+1]
    seps = ["\n"] * max(0, n - 1)
    i = 0
    while i < n - 1:
        if not lines[i].strip():
            i += 1
            continue
        # find next content line, noting residue in between
        j = i + 1
        page_break = False
        while j < n and not lines[j].strip():
            page_break = page_break or residue[j]
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
