"""Find legal citations in a document and type them.

``find_mentions`` locates every mention (typed symbols, bare symbols in
lists, short forms such as "NĐ 45/2020" or "Nghị quyết 76", laws by name)
with its date, explicit issuer and pinpoint. ``extract_citations`` types
each mention — ``based_on`` ("Căn cứ …" paragraphs of the preamble),
``implements`` ("Thực hiện …"/"Triển khai thực hiện …" in title or
preamble), ``proposal`` ("Theo đề nghị … Tờ trình …") or ``cites`` —
resolves it (:mod:`cchc_kg.loaders.resolve`) and reads relations the text states
between cited documents (amends, replaces, repeals, guides, implements).

>>> text = "KẾ HOẠCH\\nCải cách\\nCăn cứ Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ;\\nI. MỤC TIÊU\\n"
>>> from cchc_kg.kg.model import DocumentRecord
>>> refs = extract_references(text, document=DocumentRecord("KH", key="kh/x"))
>>> [(r.relation, r.target.key, r.evidence.quote) for r in refs]
[('based_on', 'nd/2020/45/cp', 'Nghị định số 45/2020/NĐ-CP ngày 08/4/2020')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import replace

from functools import lru_cache

from cchc_kg.kg.ids import fold as _fold_full
from cchc_kg.kg.model import DocumentRecord, Evidence, ReferenceRecord, StatedRelation
from cchc_kg.loaders.clean import clean, fold_chars, sentence_bounds
from cchc_kg.loaders.identity import layout
from cchc_kg.loaders.resolve import (
    InheritStrategy,
    Mention,
    ResolutionContext,
    inherit_jurisdiction,
    resolve_mention,
    _known_key,
)
from cchc_kg.loaders.symbols import (
    DATE_PATTERN,
    SYMBOL_PATTERN,
    TYPE_NAME_PATTERN,
    _grab_place,
    date_from_match,
    match_issuer,
    symbol_from_match,
    type_from_name,
)

fold = lru_cache(maxsize=65536)(_fold_full)

__all__ = ["find_mentions", "extract_citations", "extract_references", "context_for", "RELATION_PHRASES"]

_S = r"[^\S\n]"
_SYMBOL_RE = re.compile(SYMBOL_PATTERN)
_TYPE_BEFORE = re.compile(
    r"(?<!\w)(?P<t>(?i:" + TYPE_NAME_PATTERN + r")|NĐ|NQ|QĐ|TTLT|TT|CT|KH|CTr|HD|TTr)"
    + r"(?:" + _S + r"{1,4}(?i:số))?" + _S + r"{0,4}:?" + _S + r"{0,4}$"
)
# every branch starts with a literal (no ``[Nn]``) so the regex engine can skip
# to candidate first letters instead of trying the alternation at every offset
_SHORT_RE = re.compile(
    r"(?P<t>NĐ|NQ|QĐ|CT|TT|Nghị định|nghị định|Nghị quyết|nghị quyết|Quyết định|quyết định|Chỉ thị|chỉ thị"
    r"|Thông tư|thông tư|NGHỊ ĐỊNH|NGHỊ QUYẾT|QUYẾT ĐỊNH|CHỈ THỊ|THÔNG TƯ)"
    + r"(?:" + _S + r"{1,3}(?i:số))?" + _S + r"{1,3}(?P<n>\d{1,5}[a-z]?)(?:" + _S + r"{0,2}/" + _S
    + r"{0,2}(?P<y>(?:19|20)\d\d))?(?![\w/\-–]|\.\d|,\d)"
)
_DATE_AFTER = re.compile(
    _S + r"{0,4},?" + _S + r"{0,4}(?:(?i:ngày)" + _S + r"{1,3}(?=\d{1,2}" + _S + r"{0,2}[/.\-]))?(?:" + DATE_PATTERN + r")"
)
_OF_AFTER = re.compile(_S + r"{0,4},?" + _S + r"{0,4}(?i:của|do)" + _S + r"{1,4}")
_PINPOINT = re.compile(
    r"(?P<pp>(?:(?:[đĐ]iểm)" + _S + r"+[a-zđ]\)?" + _S + r"*,?" + _S + r"*)?"
    r"(?:(?:[kK]hoản)" + _S + r"+\d+[a-z]?" + _S + r"*,?" + _S + r"*)?"
    r"(?:(?:Điều|điều)" + _S + r"+\d+[a-z]?|(?:[Mm]ục|[Pp]hần|[Cc]hương|[Pp]hụ lục)" + _S + r"+[IVXLC\d]+))"
    r"(?:" + _S + r"*,?" + _S + r"*(?:của|tại))?" + _S + r"*,?" + _S + r"*$"
)
_LAW_RE = re.compile(r"(?:Bộ luật|Luật|LUẬT(?=" + _S + r"+[A-ZĐ]))" + _S + r"+")
_WORD = re.compile(r"[^\W\d_][\w]*|\d+")
_LAW_STOP = {w for w in (
    "ngày", "số", "năm", "của", "đã", "được", "về", "có", "thì", "tại", "theo", "để", "trong", "cho", "đối", "hiện",
    "này", "mới", "và", "hoặc", "các", "những", "quy định", "với", "khi", "là", "thực", "sau", "trước", "đó", "ban",
    "hướng", "đồng", "nhằm", "cũng", "như", "do", "bởi", "thi", "từ", "đến", "gồm",
)}
_LAW_TYPE_WORDS = {fold(w) for w in ("Luật", "Bộ", "Nghị", "Quyết", "Thông", "Chỉ", "Kế", "Chương", "Pháp", "Hiến")}
_COMMA_LAWS = tuple(fold(x) for x in (
    "Cán bộ, công chức", "An toàn, vệ sinh lao động", "Phòng, chống tham nhũng", "Quản lý, sử dụng tài sản công",
    "Phòng, chống ma túy", "Phòng, chống thiên tai", "Thực hành tiết kiệm, chống lãng phí", "Khiếu nại, tố cáo",
    "Bảo vệ, chăm sóc và giáo dục trẻ em", "Phòng, chống bạo lực gia đình", "Tín ngưỡng, tôn giáo",
    "Phòng, chống rửa tiền", "Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ",
))
_COMMA_LAWS_FOLD_LEN = max(map(len, _COMMA_LAWS)) + 1
_AMEND_LAW = "sua doi, bo sung mot so dieu cua "
_LAW_SYMBOL_LATER = re.compile(r"[^;,.\n()]{0,70}?(?P<pre>" + _S + r"{0,3}số" + _S + r"{0,3}:?" + _S + r"{0,3})(?P<sym>\d{1,4}" + _S + r"{0,2}/" + _S + r"{0,2}(?:19|20)\d\d" + _S + r"{0,2}/" + _S + r"{0,2}QH\d{1,2})")

RELATION_PHRASES: tuple[tuple[str, str], ...] = (
    ("sua doi, bo sung", "amends"),
    ("sua doi", "amends"),
    ("thay the", "replaces"),
    ("bai bo", "repeals"),
    ("huong dan thi hanh", "guides"),
    ("quy dinh chi tiet", "guides"),
    ("huong dan", "guides"),
    ("trien khai thuc hien", "implements"),
    ("thuc hien", "implements"),
    ("trien khai", "implements"),
)
_REL_RE = re.compile("|".join(re.escape(p) for p, _ in RELATION_PHRASES))
_REL_OF = dict(RELATION_PHRASES)
_SELF_REL = re.compile(
    r"(?i:" + TYPE_NAME_PATTERN + r")" + _S + r"+này" + _S + r"+(?P<v>thay thế|bãi bỏ|sửa đổi, bổ sung|sửa đổi)"
    + r"(?:" + _S + r"+(?:một số điều của|một số điều|các|toàn bộ))?" + _S + r"*$"
)


# small patterns used per mention/word, compiled once
_GAP_RE = re.compile(_S + r"{1,3}")
_COMMA_SPACES = re.compile(r"\s*,\s*")
_CONN_RE = re.compile(_S + r"{0,3}(?:,|và)" + _S + r"{0,3}")
_SO_RE = re.compile(_S + r"{0,3}(?:số" + _S + r"{0,3}:?" + _S + r"{0,3})?")
_SO_END = re.compile(r"\bso\s*:?\s*$")
_CLAUSE_RE = re.compile(r"[^;]+;?")
_BY_END = re.compile(r"\b(boi|theo)\s*:?\s*$")
_BY_SOON = re.compile(r"[^.;]{0,30}\bboi\b")
_IMPLEMENTS_HEAD = re.compile(r"(trien khai|thuc hien|tiep tuc)")
_OF_END = re.compile(r"\b(cua|tai|theo|boi)\s*$")
_TITLE_REL_HEAD = re.compile(r"\s*(sua doi, bo sung|sua doi|bai bo|thay the|huong dan|quy dinh chi tiet)")


# ------------------------------------------------------------------ mentions


def _law_name(cleaned: str, pos: int, limit: int) -> tuple[str | None, int]:
    """Law name words starting at ``pos`` (after "Luật "); returns (name, end)."""
    window = cleaned[pos:min(limit, pos + 200)]
    fw = fold_chars(window[:_COMMA_LAWS_FOLD_LEN])  # enough to test every known name and the next char
    for known in _COMMA_LAWS:
        if fw.startswith(known) and (len(fw) == len(known) or not fw[len(known)].isalnum()):
            return window[:len(known)], pos + len(known)
    words: list[str] = []
    end = 0
    i = 0
    while len(words) < 12:
        m = _WORD.match(window, i)
        if not m:
            break
        w = m.group(0)
        fwd = fold(w)
        low = w.lower()
        if not words:
            if not w[0].isupper():
                return None, pos
        elif low in _LAW_STOP and not (low == "và" and _cap_after(window, m.end())):
            break
        if w[0].isupper() and words and fwd in _LAW_TYPE_WORDS:
            break
        if w.isdigit():
            break
        words.append(w)
        end = m.end()
        gap = _GAP_RE.match(window[end:])
        if not gap:
            break
        i = end + gap.end()
    if not words:
        return None, pos
    return window[:end], pos + end


def _cap_after(window: str, i: int) -> bool:
    m = _WORD.match(window, i + 1) if i + 1 < len(window) else None
    return bool(m and m.group(0)[0].isupper() and fold(m.group(0)) not in _LAW_TYPE_WORDS)


def _tail(cleaned: str, end: int, limit: int):
    """Date and explicit issuer after a mention: (date, quote_end, issuer)."""
    date = None
    qend = end
    dm = _DATE_AFTER.match(cleaned, end, min(limit, end + 60))
    if dm:
        try:
            date = date_from_match(dm)
            qend = dm.end()
        except ValueError:
            date = None
    issuer = None
    om = _OF_AFTER.match(cleaned, qend, min(limit, qend + 12))
    if om:
        hit = match_issuer(cleaned[om.end():min(limit, om.end() + 160)])
        if hit:
            issuer = hit[0]
    return date, qend, issuer


_PIN_KEYWORD = re.compile(r"[đĐ]iểm|[kK]hoản|Điều|điều|[Mm]ục|[Pp]hần|[Cc]hương|[Pp]hụ lục")
_SPACE_COMMA = "".join(c for c in map(chr, range(0x3000 + 1)) if c.isspace()) + ","


def _pinpoint(cleaned: str, start: int) -> str | None:
    lo = max(0, start - 70)
    nl = cleaned.rfind("\n", lo, start)
    lo = nl + 1 if nl >= 0 else lo
    w = cleaned[lo:start]
    if "iều" not in w and "ục" not in w and "hần" not in w and "hương" not in w:
        return None  # none of Điều/điều, Mục/mục/Phụ lục, Phần/phần, Chương/chương: no pinpoint
    # the pinpoint ends the window: "… 5", "… 5a", "… IV", then only spaces, commas, "của"/"tại"
    w = w.rstrip(_SPACE_COMMA)
    if w.endswith(("của", "tại")):
        w = w[:-3].rstrip(_SPACE_COMMA)
    if not w or not (w[-1] in "0123456789IVXLC" or ("a" <= w[-1] <= "z" and len(w) > 1 and w[-2] in "0123456789")):
        return None
    # a pinpoint starts with one of its keywords: try those places, leftmost first (= search)
    m = next((pm for k in _PIN_KEYWORD.finditer(cleaned, lo, start)
              if (pm := _PINPOINT.match(cleaned, k.start(), start))), None)
    if not m:
        return None
    pp = _COMMA_SPACES.sub(" ", m.group("pp")).strip()
    return " ".join(pp.split())


def find_mentions(cleaned: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Every citation mention in ``cleaned[start:end]`` (no overlaps, in order).

    >>> ms = find_mentions("theo Nghị định số 107/2020/NĐ-CP, 108/2020/NĐ-CP ngày 14/9/2020 và NQ 76")
    >>> [(m.symbol or m.number, m.date, m.form) for m in ms]
    [('107/2020/NĐ-CP', '2020-09-14', 'symbol'), ('108/2020/NĐ-CP', '2020-09-14', 'bare'), ('76', None, 'short')]
    """
    end = len(cleaned) if end is None else end
    # taken offsets, relative to ``start`` (sized to the document, not the file)
    mask = bytearray(max(0, end - start) + 1)
    out: list[Mention] = []

    def free(s: int, e: int) -> bool:
        return mask.find(1, max(0, s - start), max(0, e - start)) < 0

    class _Taken:
        @staticmethod
        def append(span: tuple[int, int]) -> None:
            a = max(0, span[0] - start)
            b = max(a, span[1] - start)
            mask[a:b] = b"\x01" * (b - a)

    taken = _Taken()

    # laws by name
    for lm in _LAW_RE.finditer(cleaned, start, end):
        if not free(lm.start(), lm.end()) or (lm.start() > 0 and cleaned[lm.start() - 1].isalnum()):
            continue
        s = lm.start()
        f = fold_chars(cleaned[lm.end():lm.end() + len(_AMEND_LAW) + 2])
        amended: list[tuple[str, int, int]] = []
        if f.startswith(_AMEND_LAW):
            pos = lm.end() + len(_AMEND_LAW)
            name_end = pos
            while True:
                sub = _LAW_RE.match(cleaned, pos)
                if not sub:
                    break
                nm, ne = _law_name(cleaned, sub.end(), end)
                if not nm:
                    break
                amended.append(("Luật " + " ".join(nm.split()), sub.start(), ne))
                name_end = ne
                conn = _CONN_RE.match(cleaned[ne:ne + 8])
                if not conn:
                    break
                pos = ne + conn.end()
            if not amended:
                continue
            name = "Luật " + " ".join(cleaned[lm.end():name_end].split())
            e = name_end
        else:
            nm, e = _law_name(cleaned, lm.end(), end)
            if not nm:
                continue
            name = ("Bộ luật " if cleaned[s:s + 3] == "Bộ " else "Luật ") + " ".join(nm.split())
            if lm.group(0).startswith("LUẬT"):
                name = "Luật " + " ".join(nm.split()).capitalize()
        number = symbol = year = code = None
        ext = _LAW_SYMBOL_LATER.match(cleaned, e, min(end, e + 90))
        if ext and symbol_from_match(_SYMBOL_RE.search(cleaned, ext.start("sym"), ext.end("sym") + 1)).issuer_code.startswith("QH"):
            name = name + " " + " ".join(cleaned[e:ext.start("pre")].split()) if cleaned[e:ext.start("pre")].strip() else name
            e = ext.start("pre")
        sm = _SO_RE.match(cleaned[e:e + 12])
        symm = _SYMBOL_RE.match(cleaned, e + (sm.end() if sm else 0), min(end, e + 40))
        if symm:
            sy = symbol_from_match(symm)
            number, symbol, year, code = sy.number, sy.symbol, sy.year, sy.issuer_code
            e = symm.end()
        date, qend, issuer = _tail(cleaned, e, end)
        pin = _pinpoint(cleaned, s)
        out.append(Mention(s, qend, "Luật", number, year, code, symbol, date, issuer, name, pin, "law", tuple(amended)))
        taken.append((s, qend))

    # symbols
    for sm in _SYMBOL_RE.finditer(cleaned, start, end):
        if not free(sm.start(), sm.end()):
            continue
        sy = symbol_from_match(sm)
        before = _TYPE_BEFORE.search(cleaned, max(start, sm.start() - 40), sm.start())
        s = sm.start()
        dtype = sy.doc_type
        form = "bare"
        law_name = None
        if before:
            s = before.start()
            named = type_from_name(before.group("t"))
            form = "symbol"
            if sy.doc_type is None or named in ("TTLT", "VBHN") or sy.doc_type is None:
                dtype = named if named != "CV" or sy.doc_type is None else sy.doc_type
            if named == "Luật":
                dtype = "Luật"
        if form == "bare":
            prefix = fold_chars(cleaned[max(start, sm.start() - 25):sm.start()])
            if _FORM_PREFIX.search(prefix):
                continue  # "Mẫu số 01/CNKD": a form, not a document
            if sy.doc_type is None and sy.year is None and not _SO_END.search(prefix):
                continue  # "23/ĐK-TCT" without "số" or a type: too weak to be a citation
        if dtype is None:
            dtype = "Luật" if (sy.issuer_code or "").startswith("QH") and sy.year else ("NQ" if (sy.issuer_code or "").startswith(("QH", "UBTVQH")) else "CV")
        if not free(s, sm.end()):
            s = sm.start()
        date, qend, issuer = _tail(cleaned, sm.end(), end)
        out.append(Mention(s, qend, dtype, sy.number, sy.year, sy.issuer_code, sy.symbol, date, issuer, law_name,
                           _pinpoint(cleaned, s), form))
        taken.append((s, qend))

    # short forms
    for hm in _SHORT_RE.finditer(cleaned, start, end):
        if not free(hm.start(), hm.end()) or (hm.start() > 0 and cleaned[hm.start() - 1].isalnum()):
            continue
        dtype = type_from_name(hm.group("t"))
        year = int(hm.group("y")) if hm.group("y") else None
        date, qend, issuer = _tail(cleaned, hm.end(), end)
        out.append(Mention(hm.start(), qend, dtype, hm.group("n"), year, None, None, date, issuer, None,
                           _pinpoint(cleaned, hm.start()), "short"))
        taken.append((hm.start(), qend))

    out.sort(key=lambda m: m.start)
    return _share_list_dates(cleaned, out)


_FORM_PREFIX = re.compile(r"\b(?:mau|bieu|phu luc|ky hieu)\b[^,;.]{0,12}$")
_LIST_GAP = re.compile(r"[\s,]*(?:và|hoặc)?[\s,]*")


def _share_list_dates(cleaned: str, ms: list[Mention]) -> list[Mention]:
    """Mentions listed with ", "/"và" share the date/issuer written after the last."""
    if not ms:
        return ms
    groups: list[list[int]] = [[0]]
    for i in range(1, len(ms)):
        prev, cur = ms[i - 1], ms[i]
        if prev.date is None and _LIST_GAP.fullmatch(cleaned[prev.end:cur.start]) and cur.form != "short":
            groups[-1].append(i)
        else:
            groups.append([i])
    out = list(ms)
    for g in groups:
        if len(g) < 2:
            continue
        last = ms[g[-1]]
        dtype = ms[g[0]].doc_type
        for i in g[:-1]:
            m = out[i]
            out[i] = replace(m, date=m.date or last.date, issuer=m.issuer or last.issuer)
        for i in g[1:]:
            m = out[i]
            if m.form == "bare" and m.doc_type == "CV" and dtype:
                out[i] = replace(m, doc_type=dtype)
    return out


# ------------------------------------------------------------------ typing


_KIND_RE = re.compile(r"^[\s\-+•*]*(can cu|thuc hien|trien khai thuc hien|trien khai|tiep tuc thuc hien|theo de nghi|xet de nghi)\b")
_KIND_OF = {"can cu": "based_on", "thuc hien": "implements", "trien khai thuc hien": "implements",
            "trien khai": "implements", "tiep tuc thuc hien": "implements", "theo de nghi": "proposal",
            "xet de nghi": "proposal"}
_SENT_END = re.compile(r"\.[^\S\n]+(?=[A-ZĐÀ-Ỹ])")
_OWN_NUMBER = re.compile(r"[^\S\n]*(?:(?i:" + TYPE_NAME_PATTERN + r")[^\S\n]+)?(?:Số|SỐ|số)\b")


def _preamble_items(cleaned: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(start, end, relation) items of the preamble: each ";"-separated clause."""
    items: list[tuple[int, int, str]] = []
    pos = lo
    while pos < hi:
        nl = cleaned.find("\n", pos, hi)
        nl = hi if nl < 0 else nl
        para = cleaned[pos:nl]
        km = _KIND_RE.match(fold_chars(para[:40]))
        if km:
            kind = _KIND_OF[km.group(1)]
            se = _SENT_END.search(cleaned, pos, nl)
            stop = se.start() + 1 if se else nl
            for piece in _CLAUSE_RE.finditer(cleaned[pos:stop]):
                items.append((pos + piece.start(), pos + piece.end(), kind))
            if stop < nl:
                items.append((stop, nl, "cites"))
        else:
            items.append((pos, nl, "cites"))
        pos = nl + 1
    return items


def _relation_in_gap(gap: str) -> tuple[str, bool] | None:
    """Last relation phrase in a gap and whether it is passive ("được … bởi")."""
    if ";" in gap or len(gap) > 300 or _SENT_END.search(gap):
        return None
    gap_folded = fold_chars(gap)
    last = None
    for m in _REL_RE.finditer(gap_folded):
        if last is None or m.start() >= last.end():
            last = m
    if last is None:
        return None
    tail = gap_folded[last.end():]
    if len(tail.strip()) > 45 or " va " in f" {tail} " or "," in tail:
        return None
    pred = _REL_OF[last.group(0)]
    before = gap_folded[max(0, last.start() - 12):last.start()]
    after = gap_folded[last.end():last.end() + 40]
    passive = "duoc" in before or bool(_BY_END.search(after)) or bool(_BY_SOON.match(after))
    return pred, passive


# "tỉnh"/"TỈNH" not preceded by a word character: literal first, look-behind after
_PROVINCE_WORD = re.compile(r"(?:tỉnh(?<!\wtỉnh)|TỈNH(?<!\wTỈNH))" + _S + r"+")


def context_for(document: DocumentRecord, cleaned: str, start: int, end: int, mentions: list[Mention]) -> ResolutionContext:
    """Resolution context of a document: its province/district and dated symbols.

    >>> t = "Huyện Long Phú, tỉnh Sóc Trăng"
    >>> context_for(DocumentRecord("KH", jurisdiction="huyện Long Phú", level="district"), t, 0, len(t), []).province
    'tỉnh Sóc Trăng'
    """
    province = document.jurisdiction if document.level == "province" else None
    district = document.jurisdiction if document.level == "district" else None
    if province is None:
        counts: Counter[str] = Counter()
        for m in _PROVINCE_WORD.finditer(cleaned[start:min(end, start + 60000)]):
            place, _ = _grab_place(cleaned[start + m.end():start + m.end() + 50])
            if place:
                counts[place] += 1
        if counts:
            province = f"tỉnh {counts.most_common(1)[0][0]}"
    known: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for m in mentions:
        y = m.year or (int(m.date[:4]) if m.date else None)
        if y and m.number:
            known[_known_key(m.doc_type, m.number, m.issuer_code)].add(y)
    return ResolutionContext(document, province, district, {k: frozenset(v) for k, v in known.items()})


def extract_citations(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    document: DocumentRecord,
    source: str = "",
    cleaned: str | None = None,
    inherit: InheritStrategy = inherit_jurisdiction,
) -> tuple[list[ReferenceRecord], list[StatedRelation]]:
    """Typed, resolved references and stated relations of ``text[start:end]``.

    >>> t = "QUYẾT ĐỊNH\\nX\\nCăn cứ Nghị định số 117/2013/NĐ-CP ngày 07/10/2013 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số 130/2005/NĐ-CP;\\nQUYẾT ĐỊNH:\\n"
    >>> refs, rels = extract_citations(t, document=DocumentRecord("QĐ", key="qd/x"))
    >>> [(r.relation, r.target.key) for r in refs], [(x.subject.key, x.predicate, x.object.key) for x in rels]
    ([('based_on', 'nd/2013/117/cp'), ('cites', 'nd/2005/130/cp')], [('nd/2013/117/cp', 'amends', 'nd/2005/130/cp')])
    """
    cleaned = clean(text) if cleaned is None else cleaned
    end = len(text) if end is None else end
    lay = layout(cleaned, start, end)
    mentions = find_mentions(cleaned, start, end)
    ctx = context_for(document, cleaned, start, end, mentions)
    source = source or document.source or ""

    # item (clause) and relation kind of each offset range
    items: list[tuple[int, int, str]] = []
    if lay.title:
        tf = fold_chars(cleaned[lay.title[0]:lay.title[0] + 40]).lstrip()
        kind = "implements" if _IMPLEMENTS_HEAD.match(tf) else "cites"
        items.append((lay.title[0], lay.title[1], kind))
    pre_lo = lay.title[1] if lay.title else (lay.heading[1] if lay.heading else start)
    items.extend(_preamble_items(cleaned, pre_lo, max(pre_lo, lay.body_start)))

    # items are sorted and disjoint (title, then preamble clauses): bisect them;
    # the linear scan stays for any other layout
    item_starts = [it[0] for it in items]
    disjoint = all(items[k][1] <= items[k + 1][0] and items[k][0] <= items[k][1] for k in range(len(items) - 1))

    def item_of(pos: int) -> tuple[int, int, str] | None:
        if disjoint:
            # the last item starting at or before pos is the only one that can hold it
            k = bisect_right(item_starts, pos) - 1
            return items[k] if k >= 0 and pos < items[k][1] else None
        for it in items:
            if it[0] <= pos < it[1]:
                return it
        return None

    resolved = [resolve_mention(m, ctx, inherit=inherit) for m in mentions]
    refs: list[ReferenceRecord] = []
    rels: list[StatedRelation] = []
    prev_item = None
    for i, (m, res) in enumerate(zip(mentions, resolved)):
        it = item_of(m.start)
        relation = "cites"
        if it is not None and it[2] != "cites":
            relation = it[2]
            if prev_item == it and i > 0:
                gap = cleaned[mentions[i - 1].end:m.start]
                if _relation_in_gap(gap) or _OF_END.search(fold_chars(gap).rstrip()):
                    relation = "cites"
        prev_item = it
        if res.key == document.key or (m.symbol and document.symbol and fold(m.symbol) == fold(document.symbol)):
            continue
        if lay.heading and m.start < lay.heading[0] and _OWN_NUMBER.match(cleaned, cleaned.rfind("\n", 0, m.start) + 1):
            continue  # the document's own "Số: …" line
        s, e = sentence_bounds(cleaned, m.start, m.end)
        ev = Evidence(source, m.start, m.end, text[s:e], text[m.start:m.end])
        refs.append(ReferenceRecord(relation, res.target, ev, m.pinpoint, res.status, res.candidates))
        # stated relation with the previous mention of the same sentence
        if i > 0:
            p = mentions[i - 1]
            if p.end <= m.start and "\n" not in cleaned[p.end:m.start]:
                found = _relation_in_gap(cleaned[p.end:m.start])
                if found:
                    pred, passive = found
                    subj, obj = (res.target, resolved[i - 1].target) if passive else (resolved[i - 1].target, res.target)
                    rs, re_ = sentence_bounds(cleaned, p.start, m.end)
                    rels.append(StatedRelation(subj, pred, obj, Evidence(source, p.start, m.end, text[rs:re_], text[p.start:m.end])))
        self_lo = max(start, m.start - 60)
        selfm = _SELF_REL.search(cleaned, self_lo, m.start) if "này" in cleaned[self_lo:m.start] else None
        if selfm:
            pred = _REL_OF[fold(selfm.group("v"))]
            rs, re_ = sentence_bounds(cleaned, selfm.start(), m.end)
            rels.append(StatedRelation(document, pred, res.target, Evidence(source, selfm.start(), m.end, text[rs:re_], text[selfm.start():m.end])))
        for name, ls, le in m.amended_laws:
            inner = resolve_mention(Mention(ls, le, "Luật", None, None, None, None, None, None, name, None, "law"), ctx)
            rs, re_ = sentence_bounds(cleaned, m.start, m.end)
            rels.append(StatedRelation(res.target, "amends", inner.target, Evidence(source, ls, le, text[rs:re_], text[ls:le])))
    # the document's own title: "Sửa đổi, bổ sung … Thông tư số …", "Hướng dẫn thi hành Luật …"
    if lay.title:
        tf = fold_chars(cleaned[lay.title[0]:lay.title[1]])
        head = _TITLE_REL_HEAD.match(tf)
        if head:
            pred = _REL_OF.get(head.group(1), "guides")
            for m, res in zip(mentions, resolved):
                if lay.title[0] <= m.start < lay.title[1] and res.key != document.key:
                    rs, re_ = sentence_bounds(cleaned, m.start, m.end)
                    rels.append(StatedRelation(document, pred, res.target, Evidence(source, m.start, m.end, text[rs:re_], text[m.start:m.end])))
                    break
    return refs, rels


def extract_references(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    document: DocumentRecord,
    source: str = "",
    cleaned: str | None = None,
    inherit: InheritStrategy = inherit_jurisdiction,
) -> list[ReferenceRecord]:
    """References only (see :func:`extract_citations`).

    >>> t = "KẾ HOẠCH\\nX\\n\\nI. MỤC TIÊU\\nTheo NĐ 45/2020 về dịch vụ công.\\n"
    >>> [(r.relation, r.target.key) for r in extract_references(t, document=DocumentRecord("KH", key="kh/x"))]
    [('cites', 'nd/2020/45/cp')]
    """
    return extract_citations(text, start, end, document=document, source=source, cleaned=cleaned, inherit=inherit)[0]
