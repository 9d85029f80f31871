"""Which cited documents are bases, implemented, proposals — and what the body enacts.

A document's opening says what it rests on: "Căn cứ …" clauses (bases),
"Thực hiện …"/"Triển khai …" (documents it implements), "Theo đề nghị …"
(proposals). Only the *cited object* of a clause takes the clause's
relation; a document named inside the title of that object ("Căn cứ Kế
hoạch số 25/KH-UBND … về thực hiện Nghị quyết số 50/NQ-CP") is a plain
citation. :func:`clause_relation` decides from the text between two
mentions of one clause:

- a list separator (", ", " và ", ";") continues the previous mention's role;
- "… được sửa đổi, bổ sung bởi/tại/theo …" makes the amending document a
  base too (it is part of the legal basis in force);
- anything else (a title: "về …", "thực hiện …", "của …") makes a citation.

:func:`preamble_items` finds the clauses (robust to markdown residue such as
a leading ``*``, to titles that run into the preamble, and to letters —
a "Kính gửi:" document has no preamble: its "Căn cứ" are citations).
:func:`self_relations` reads the operative clauses that change other
documents ("Quyết định này thay thế Quyết định số …", "Bãi bỏ …").

>>> clause_relation(" của Chính phủ về kiểm soát thủ tục hành chính, ", "based_on", "based_on")
'based_on'
>>> clause_relation(" của UBND tỉnh về thực hiện ", "based_on", "based_on")
'cites'
>>> clause_relation(" được sửa đổi, bổ sung bởi ", "cites", "based_on")
'based_on'
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from cchc_kg.kg.relations import cue_words
from cchc_kg.loaders.clean import fold_chars, is_all_caps
from cchc_kg.loaders.identity import Layout
from cchc_kg.loaders.symbols import TYPE_NAME_PATTERN

__all__ = ["preamble_items", "clause_relation", "self_relations", "trim_title", "is_letter", "KIND_OF"]

_S = r"[^\S\n]"
_LEAD = r"^[\s\-+•*_>#|(]*"
# the preamble's cue words come from the relation registry (kg.relations): "can cu" → based_on …
KIND_OF = cue_words()
_KIND_RE = re.compile(_LEAD + "(" + "|".join(sorted(KIND_OF, key=len, reverse=True)) + r")\b")
_SENT_END = re.compile(r"\.[^\S\n]+(?=[A-ZĐÀ-Ỹ])")
_CLAUSE_RE = re.compile(r"[^;]+;?")
# a paragraph that goes on with the previous clause's list starts with a document type
_TYPES_F = fold_chars(TYPE_NAME_PATTERN).replace(" ", r"\s+")
_CONTINUES = re.compile(_LEAD + r"(?:" + _TYPES_F + r"|bo\s+luat|luat|hien\s+phap|so\s*:?\s*\d+)\b")
# a ";"-separated piece that names a new document ("; Nghị định số …", "; Luật …"), not a title going on
_NEW_DOC = re.compile(_LEAD + r"(?:(?:" + _TYPES_F + r")\s+(?:[^\s]+\s+){0,3}?(?:so\b|\d)|bo\s+luat\s|luat\s|hien\s+phap|so\s*:?\s*\d)")
_LEAD_CHARS = re.compile(r"[ \t*_|]*")


def _starts_lower(cleaned: str, pos: int, nl: int) -> bool:
    """A paragraph that starts in lower case: a sentence going on after a hard wrap."""
    k = _LEAD_CHARS.match(cleaned, pos, nl).end()
    return k < nl and cleaned[k].isalpha() and cleaned[k].islower()
# … and the previous one ended open: ";", ",", "và"
_CLOSED = re.compile(r"[;.:][\s*_|]*$")
_LIST_OPEN = re.compile(r"(?:;|,|\bva)[\s*_|]*$")
# a numbered section heading ends the opening: "I.", "1.", "a)", "Điều 1", "Chương I", "PHẦN I"
_SECTION = re.compile(
    r"^[\s*_#|]*(?:[IVXLC]{1,6}[.)]|\d{1,3}[.)](?!\d)|[a-zđ]\)|Điều" + _S + r"+\d|Chương" + _S + r"+[IVXLC\d]"
    r"|CHƯƠNG" + _S + r"+[IVXLC\d]|PHẦN" + _S + r"|Phần" + _S + r"+(?:[IVXLC\d]|thứ))",
    re.M,
)
_OPERATIVE = re.compile(
    r"^[\s*_|]*(?:(?:QUYẾT ĐỊNH|QUYẾT NGHỊ|NGHỊ QUYẾT|CHỈ THỊ|NGHỊ ĐỊNH)[ \t]*:|Điều[ \t]+1\b|Chương[ \t]+(?:I|1)\b|CHƯƠNG[ \t]+(?:I|1)\b"
    r"|(?:I|1)\.[ \t]|PHẦN[ \t]+(?:I|THỨ NHẤT)\b)",
    re.M,
)
_DOC_LIST_ITEM = re.compile(r"[\s*_|]*\d{1,2}[.)]\s+(?:" + fold_chars(TYPE_NAME_PATTERN) + r"|luat|bo luat)\b")
_BASIS_LINE = re.compile(r"^[\s*_|>-]*Căn cứ\b", re.M)
_LETTER = re.compile(r"(?:^|\n)[\s*_|]*(?:Kính gửi|KÍNH GỬI)" + _S + r"*:?")


def trim_title(cleaned: str, title: tuple[int, int] | None) -> tuple[int, int] | None:
    """The title cut before its first line that opens a preamble clause.

    >>> t = "Về việc X\\n*Căn cứ Luật Y;*\\n"
    >>> trim_title(t, (0, 24))
    (0, 9)
    """
    if title is None:
        return None
    s, e = title
    pos = s
    while pos < e:
        nl = cleaned.find("\n", pos, e)
        nl = e if nl < 0 else nl
        if pos > s and _KIND_RE.match(fold_chars(cleaned[pos:min(nl, pos + 40)])) and not is_all_caps(cleaned[pos:nl]):
            end = pos - 1
            while end > s and cleaned[end - 1].isspace():
                end -= 1
            return (s, end) if end > s else None
        pos = nl + 1
    return title


def is_letter(cleaned: str, lo: int, hi: int, doc_type: str | None) -> bool:
    """A letter (công văn, "Kính gửi: …") has no preamble: its "Căn cứ" are citations.

    >>> is_letter("Kính gửi: Sở Nội vụ\\nCăn cứ Luật X;", 0, 30, "TB"), is_letter("Căn cứ Luật X;", 0, 14, "QĐ")
    (True, False)
    """
    if doc_type == "CV":
        return True
    return _LETTER.search(cleaned, lo, hi) is not None


def preamble_items(cleaned: str, lay: Layout, start: int, end: int, doc_type: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, relation) of the title and each ";"-separated opening clause.

    The opening runs from the title to the body (``lay.body_start``) or
    the first numbered section, whichever comes first; a "Thực hiện" deeper
    in the document (a task) is not part of it.

    >>> from cchc_kg.loaders.identity import layout
    >>> t = "KẾ HOẠCH\\nVề X\\n*Căn cứ Luật A; Luật B;*\\n*Thực hiện Kế hoạch 5;*\\nI. MỤC TIÊU\\n1. Thực hiện Y\\n"
    >>> [(t[s:e].strip(" *"), k) for s, e, k in preamble_items(t, layout(t), 0, len(t)) if t[s:e].strip(" *")]
    [('Về X', 'cites'), ('Căn cứ Luật A;', 'based_on'), ('Luật B;', 'based_on'), ('Thực hiện Kế hoạch 5;', 'implements')]
    """
    items: list[tuple[int, int, str]] = []
    title = trim_title(cleaned, lay.title)
    letter_lo = lay.heading[0] if lay.heading else start
    if title:
        tf = fold_chars(cleaned[title[0]:title[0] + 40]).lstrip(" *_")
        kind = "implements" if re.match(r"(trien khai|thuc hien|tiep tuc)", tf) else "cites"
        items.append((title[0], title[1], kind))
    lo = title[1] if title else (lay.heading[1] if lay.heading else start)
    hi = max(lo, min(lay.body_start, end))
    if not _KIND_RE.search(fold_chars(cleaned[lo:hi])) and _DOC_LIST_ITEM.match(fold_chars(cleaned[hi:hi + 60])):
        # the body seems to start before any clause ("1. Thông tư số …" listing a consolidated text's
        # amending documents): the opening goes on to the clauses that follow, up to the next section
        basis = _BASIS_LINE.search(cleaned, hi, min(end, hi + 6000))
        if basis:
            nxt = _OPERATIVE.search(cleaned, basis.end(), end)
            hi = nxt.start() if nxt else end
    sec = _SECTION.search(cleaned, lo, hi)
    # a numbered list before any clause (a consolidated text lists its amending documents first) is
    # skipped when "Căn cứ" clauses follow it; otherwise the first numbered section ends the opening
    while sec and not _KIND_RE.search(fold_chars(cleaned[lo:sec.start()])) and _BASIS_LINE.search(cleaned, sec.end(), hi):
        sec = _SECTION.search(cleaned, _BASIS_LINE.search(cleaned, sec.end(), hi).start(), hi)
    if sec:
        hi = sec.start()
    if is_letter(cleaned, letter_lo, hi, doc_type):
        if items:
            items[0] = (items[0][0], items[0][1], "cites")
        return items
    pos = lo
    last_kind: str | None = None  # kind of the previous clause paragraph while its list goes on
    open_clause = False  # the previous clause paragraph ended without ";", "." or ":" (a hard wrap)
    seen = False
    while pos < hi:
        nl = cleaned.find("\n", pos, hi)
        nl = hi if nl < 0 else nl
        head = fold_chars(cleaned[pos:min(nl, pos + 48)])
        km = _KIND_RE.match(head)
        kind = KIND_OF[km.group(1)] if km and not is_all_caps(cleaned[pos:nl]) else None  # a title line in capitals
        if kind is None and last_kind is not None and (_CONTINUES.match(head) or open_clause or _starts_lower(cleaned, pos, nl)):
            kind = last_kind  # "…;\nNghị định số 48/2013/NĐ-CP …": the clause's list goes on after a line break
        if kind is None and not head.strip(" *_|"):
            pos = nl + 1
            continue  # blank or residue-only line: the list may go on after it
        if kind is not None:
            se = _SENT_END.search(cleaned, pos, nl)
            stop = se.start() + 1 if se else nl
            for piece in _CLAUSE_RE.finditer(cleaned, pos, stop):
                if (piece.start() > pos and items and items[-1][2] == kind and items[-1][1] == piece.start()
                        and not _NEW_DOC.match(head2 := fold_chars(cleaned[piece.start():piece.start() + 60]))
                        and not _KIND_RE.match(head2)):
                    # "…; quy định chi tiết và hướng dẫn thi hành Luật X": a ";" inside a cited title
                    items[-1] = (items[-1][0], piece.end(), kind)
                else:
                    items.append((piece.start(), piece.end(), kind))
            if stop < nl:
                items.append((stop, nl, "cites"))
            tail = fold_chars(cleaned[max(pos, nl - 12):nl])
            last_kind = kind if stop == nl and (_LIST_OPEN.search(tail) or not _CLOSED.search(tail)) else None
            if stop == nl and tail.rstrip(" *_|").endswith(";"):
                last_kind = kind
            open_clause = stop == nl and not _CLOSED.search(tail)
            seen = True
        else:
            items.append((pos, nl, "cites"))
            if seen:
                break  # the enacting formula ("UBND tỉnh ban hành Kế hoạch …") or the body: the opening is over
            last_kind = None
            open_clause = False
        pos = nl + 1
    return items


_PASSIVE_BY = re.compile(
    r"\b(?:duoc|da)\b[^;]{0,80}?\b(?:sua doi|bo sung|thay the|dinh chinh)\b[^;]{0,80}?\b(?:boi|tai|theo)(?:\s+cac)?\s*:?\s*$"
)
_TYPE_TAIL = re.compile(r"\b(?:" + fold_chars(TYPE_NAME_PATTERN) + r")(?:\s+[^\s,;]+){0,3}?\s+so\s*:?\s*$")
_LIST_END = re.compile(r"(?:,|\bva|\bhoac|;)(?:\s+(?:theo|boi|tai))?\s*(?:\bso\s*:?\s*)?$")
_SPACES = re.compile(r"\s+")
_PIN_TAIL = re.compile(
    r"(?:\s*,?\s*(?:diem\s+[a-z]\)?|khoan\s+\d+[a-z]?|dieu\s+\d+[a-z]?|muc\s+[ivxlc\d]+|phan\s+[ivxlc\d]+"
    r"|chuong\s+[ivxlc\d]+|phu luc\s+[ivxlc\d]+)\s*,?)+\s*(?:cua|tai)?\s*$"
)


def clause_relation(gap: str, previous: str, kind: str) -> str:
    """Relation of a mention that follows another one in the same clause.

    ``gap`` is the text between the two mentions, ``previous`` the relation
    given to the previous one, ``kind`` the clause's relation.

    >>> clause_relation(" và ", "cites", "based_on"), clause_relation(" của Chính phủ sửa đổi, bổ sung một số điều của ", "based_on", "based_on")
    ('cites', 'cites')
    """
    g = _SPACES.sub(" ", fold_chars(gap).replace("*", " ").replace("_", " "))
    g = _PIN_TAIL.sub("", g) if ("dieu" in g or "khoan" in g or "muc" in g or "phan" in g or "chuong" in g) else g
    if _PASSIVE_BY.search(g):
        return kind
    g = _TYPE_TAIL.sub("", g)  # "… và Chương trình hành động số " + a bare number: the type goes with the mention
    if _PASSIVE_BY.search(g):
        return kind  # "… được sửa đổi, bổ sung bởi Quyết định số " (the type word wrapped apart from the number)
    if _LIST_END.search(g):
        return previous
    return "cites"


_RAW_VERBS = ("thay th", "Thay th", "THAY TH", "bãi b", "Bãi b", "BÃI B", "sửa đ", "Sửa đ", "SỬA Đ")


def _find_all(text: str, needles: Sequence[str], lo: int, hi: int) -> list[int]:
    """Offsets of every needle in ``text[lo:hi]`` (``str.find`` is far faster than a regex scan here)."""
    out = []
    for n in needles:
        i = text.find(n, lo, hi)
        while i >= 0:
            out.append(i)
            i = text.find(n, i + 1, hi)
    return out
_SELF_VERB = re.compile(r"\b(thay the|bai bo|sua doi, bo sung|sua doi)\b")
_SELF_SUBJECT = re.compile(r"\b(?:" + fold_chars(TYPE_NAME_PATTERN) + r")\s+nay\b")
_CLAUSE_HEAD = re.compile(r"^\s*(?:(?:dieu\s+\d+[a-z]?\s*[.:]?|[ivxlc]+[.)]|\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-+•*])\s*)*$")
_LISTY = re.compile(
    r"(?:\s|,|;|:|\(|\)|\bva\b|\bhoac\b|\bcac\b|\btoan bo\b|\bmot so dieu\b|\bmot so\b|\bcua\b|\btai\b|\bsau day\b|\bnoi dung\b"
    r"|\bquy dinh\b|\bdiem\s+[a-z]\b|\bkhoan\s+\d+[a-z]?\b|\bdieu\s+\d+[a-z]?\b|\bso\b|\b[a-zđ]\)|-|\d+[.)]|\x00"
    r"|\b(?:" + fold_chars(TYPE_NAME_PATTERN) + r")\b)*"
)
_REL_OF_VERB = {"thay the": "replaces", "bai bo": "repeals", "sua doi, bo sung": "amends", "sua doi": "amends"}


def self_relations(cleaned: str, body_lo: int, hi: int, spans: Sequence[tuple[int, int]]) -> list[tuple[int, str, int]]:
    """Operative clauses by which the document itself changes cited ones.

    ``spans`` are the mentions (start, end) in order; returns
    ``(mention index, predicate, clause start)`` for every mention after
    ``body_lo`` that is the object of "<Loại> này … thay thế/bãi bỏ/sửa đổi"
    or of a clause opening with that verb ("Điều 3. Bãi bỏ Quyết định số …"),
    including every document of a list.

    >>> t = "Điều 3. Quyết định này có hiệu lực từ ngày ký và thay thế Quyết định số 1/QĐ-UBND, Quyết định số 2/QĐ-UBND."
    >>> a, b = t.index("Quyết định số 1"), t.index("Quyết định số 2")
    >>> [(i, p) for i, p, _ in self_relations(t, 0, len(t), [(a, a + 23), (b, b + 23)])]
    [(0, 'replaces'), (1, 'replaces')]
    """
    out: list[tuple[int, str, int]] = []
    verbs = sorted(_find_all(cleaned, _RAW_VERBS, body_lo, hi))
    if not verbs:
        return out
    for i, (s, e) in enumerate(spans):
        if s < body_lo or s >= hi or s < verbs[0]:
            continue
        lo = max(body_lo, s - 400)
        nl = cleaned.rfind("\n", lo, s)
        # a hard wrap inside the clause ("… thay thế\nQuyết định số …"): look at the line before too
        while nl > lo and cleaned[lo:nl].rstrip(" *_|")[-1:] not in ("", ".", ";", ":") and s - nl < 200:
            nl = cleaned.rfind("\n", lo, nl)
        lo = nl + 1 if nl >= 0 else lo
        k = bisect_left(verbs, lo)
        if k >= len(verbs) or verbs[k] >= s:
            continue  # no "thay thế"/"bãi bỏ"/"sửa đổi" before it in its sentence: nothing to read
        seg = fold_chars(cleaned[lo:s])
        verb = None
        for vm in _SELF_VERB.finditer(seg):
            verb = vm
        if verb is None:
            continue
        # the words between the verb and the mention: only list material and earlier mentions
        between = list(seg[verb.end():])
        k = i - 1
        while k >= 0 and spans[k][0] >= lo + verb.end():
            ps, pe = spans[k]
            between[ps - lo - verb.end():min(pe, s) - lo - verb.end()] = "\x00" * (min(pe, s) - ps)
            k -= 1
        if not _LISTY.fullmatch("".join(between)):
            continue
        before = seg[:verb.start()]
        if re.search(r"\bduoc\s*$", before):
            continue  # passive: another document changes this one
        last_stop = max(before.rfind(". "), before.rfind(";"))
        own = before[last_stop + 1:] if last_stop >= 0 else before
        if _SELF_SUBJECT.search(own) or _CLAUSE_HEAD.match(own):
            out.append((i, _REL_OF_VERB[verb.group(1)], lo + verb.start()))
    return out
