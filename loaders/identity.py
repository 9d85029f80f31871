"""Split a source text into documents and read each document's identity.

A file may hold a decision ("QUYẾT ĐỊNH ban hành Kế hoạch …") *and* the
attached plan ("KẾ HOẠCH"): :func:`split_documents` returns one
:class:`Part` per document (``attached_to`` names the promulgating part),
:func:`identify` reads type, number, issuer, jurisdiction, place, date,
title and signer into a :class:`cchc_kg.kg.model.DocumentRecord`.

>>> text = "UBND TỈNH AN GIANG\\nSố: 12/KH-UBND\\nAn Giang, ngày 05 tháng 3 năm 2022\\nKẾ HOẠCH\\nCải cách hành chính năm 2022\\n"
>>> doc = identify(text, source="x.txt")
>>> doc.key, doc.date, doc.place, doc.title
('kh/2022/12/ubnd-tinh-an-giang', '2022-03-05', 'An Giang', 'Cải cách hành chính năm 2022')
"""

from __future__ import annotations

import re
from collections import Counter

from collections.abc import Iterator
from dataclasses import dataclass, replace

from cchc_kg.kg.errors import NoIdentityError, NotOfficialDocumentError
from cchc_kg.kg.ids import doc_key, fold, unnumbered_key
from cchc_kg.kg.model import DocumentRecord, Evidence
from cchc_kg.loaders.clean import clean, is_all_caps
from cchc_kg.loaders.furniture import portal_metadata
from cchc_kg.loaders.issuers import header_issuer
from cchc_kg.loaders.symbols import (
    DOC_TYPES,
    SYMBOL_PATTERN,
    Issuer,
    _grab_place,
    match_issuer,
    national_issuer,
    normalize_issuer,
    symbol_from_match,
    type_from_name,
    unit_level,
)

__all__ = ["Part", "Layout", "find_headings", "layout", "split_documents", "identify"]

_HEAD_NAMES = sorted(
    {n.upper() for names in DOC_TYPES.values() for n in names if n not in ("Văn bản", "Lệnh")} | {"ĐIỀU LỆ"},
    key=len,
    reverse=True,
)
_HEADING_RE = re.compile(r"^[ \t]*(" + "|".join(map(re.escape, _HEAD_NAMES)) + r")\d{0,2}[ \t]*$", re.M)
_MOTTO_RE = re.compile(r"^[ \t]*CỘNG H[OÒ]A XÃ H[OỘ]I CHỦ NGHĨA VIỆT NAM", re.M)
_TYPE_WORDS = "|".join(sorted({n for names in DOC_TYPES.values() for n in names}, key=len, reverse=True))
_NUMBER_RE = re.compile(
    # "Số: 12/KH-UBND"; in table layouts the cell wraps after "Số:" ("Số:" / "|" / "12/KH-UBND")
    r"^[^\S\n]*(?:(?i:" + _TYPE_WORDS + r")[^\S\n]+)?(?:Số|SỐ|số)[^\S\n]{0,3}(?::(?:[^\S\n]*\n){0,4})?[^\S\n]{0,3}"
    r"(?P<sym>" + SYMBOL_PATTERN + ")",
    re.M,
)
# "Số:" inside a one-line header, after a cell boundary ("BỘ X_____ Số: 12/2025/TT-BX | CỘNG HÒA …")
_INLINE_NUMBER_RE = re.compile(
    r"(?:(?<=[-_]{3})|(?<=[-_]{3}[^\S\n])|(?<=[^\S\n]{2}))(?:Số|SỐ)[^\S\n]{0,3}:[^\S\n]{0,3}(?P<sym>" + SYMBOL_PATTERN + ")"
)
# cell boundaries inside a one-line header (underlines, blanked table pipes)
_SYMBOL_RE = re.compile(SYMBOL_PATTERN)
_NON_SPACE = re.compile(r"\S")
# the national motto, possibly split over lines or table cells
_MOTTO_ANY = re.compile(r"CỘNG\s+H[OÒ]A\s+XÃ\s+H[OỘ]I\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM")
_CELL_SPLIT = re.compile(r"[-_]{3,}|[^\S\n]{3,}")
_PLACE_DATE_RE = re.compile(
    r"(?P<place>[^\n,:;]{2,40}),[^\S\n]*ngày[^\S\n]+(?P<d>\d{1,2})[^\S\n]+tháng[^\S\n]*(?P<m>\d{1,2})[^\S\n]*năm[^\S\n]+(?P<y>(?:19|20)\d\d)"
)
# the closing adoption clause of a law or resolution: "… thông qua ngày 20 tháng 3 năm 2025"
_ADOPTED_RE = re.compile(
    r"thông[^\S\n]+qua[^\S\n]+ngày[^\S\n]+(?P<d>\d{1,2})[^\S\n]+tháng[^\S\n]+(?P<m>\d{1,2})[^\S\n]*năm[^\S\n]+(?P<y>(?:19|20)\d\d)"
)
# a letter (công văn): "V/v …" under the number, or "Kính gửi:" before the text
_LETTER_RE = re.compile(r"^[^\S\n]*(?:V/v|V/V|v/v)\b|^[^\S\n]*Kính[^\S\n]+gửi", re.M)
_YEAR_ONLY_RE = re.compile(
    r"(?P<place>[^\n,:;]{2,40}),[^\S\n]*ngày[^\S\n]*[.…_ ]*[^\S\n]*tháng[^\S\n]*[.…_ ]*[^\S\n]*năm[^\S\n]+(?P<y>(?:19|20)\d\d)"
)
_BODY_RE = re.compile(
    r"^[ \t]*(?:(?:QUYẾT ĐỊNH|QUYẾT NGHỊ|NGHỊ QUYẾT|CHỈ THỊ|NGHỊ ĐỊNH)[ \t]*:|Điều[ \t]+1\b|Chương[ \t]+(?:I|1)\b"
    r"|CHƯƠNG[ \t]+(?:I|1)\b|(?:I|1)\.[ \t]|PHẦN[ \t]+(?:I|THỨ NHẤT)\b|Phần[ \t]+(?:I|thứ nhất)\b|A\.[ \t])",
    re.M,
)
_ATTACH_HEAD_RE = re.compile(
    r"^[ \t]*(KẾ HOẠCH|QUY CHẾ|QUY ĐỊNH|PHƯƠNG ÁN|QUY TRÌNH|CHƯƠNG TRÌNH|ĐỀ ÁN|HƯỚNG DẪN)[ \t]+[^\n]{3,200}$", re.M
)
# an attached document's own structure (a table appendix has none)
_STRUCTURE_RE = re.compile(
    r"^[ \t]*(?:Chương[ \t]+(?:I|1)\b|CHƯƠNG[ \t]+(?:I|1)\b|Điều[ \t]+1\b|I\.[ \t]|PHẦN[ \t]+(?:I|THỨ NHẤT)\b|Phần[ \t]+(?:I|thứ nhất)\b)",
    re.M,
)
_TITLE_STOP = re.compile(r"^[ \t]*(?:Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|\(?Ban hành kèm theo|\(?Kèm theo)")
_TITLE_STOP_FIRST = re.compile(r"^[ \t]*(?:Căn cứ|Theo đề nghị|Xét đề nghị)")
_ATTACHABLE = {"KH", "CTr", "QC", "QyĐ", "ĐA", "HD", "PA", "QT", "Điều lệ"}
_SIGN_ROLE = re.compile(
    r"^[ \t]*(?:(?:TM|KT|Q|TL|TUQ)\.[^\n]*\n[ \t]*)?(?:PHÓ )?(?:CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|THỨ TRƯỞNG|GIÁM ĐỐC|BÍ THƯ|"
    r"CHỦ NHIỆM|TỔNG KIỂM TOÁN|THỐNG ĐỐC|CHÁNH ÁN|VIỆN TRƯỞNG|TỔNG THƯ KÝ|CHÁNH VĂN PHÒNG|TRƯỞNG BAN)[^\n]{0,30}$",
    re.M,
)
_NAME_LINE = re.compile(r"^[ \t]*((?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+[ \t]){1,4}[A-ZĐÀ-Ỹ][a-zđà-ỹ]+)[ \t]*$", re.M)


def _newline_led(rx: re.Pattern[str]) -> re.Pattern[str]:
    """``rx`` (``^``-anchored, multi-line, no top-level ``|``) led by a literal newline.

    A leading literal lets the regex engine jump from newline to newline
    instead of testing ``^`` at every offset.
    """
    assert rx.pattern.startswith("^") and rx.flags & re.M
    return re.compile("\n" + rx.pattern[1:], rx.flags)


_NL_VARIANT = {rx.pattern: _newline_led(rx) for rx in (_HEADING_RE, _MOTTO_RE, _SIGN_ROLE)}


def _line_matches(rx: re.Pattern[str], text: str, start: int, end: int) -> Iterator[tuple[int, re.Match[str]]]:
    """``(start, match)`` for each match of ``rx.finditer(text, start, end)``, found faster.

    The match at ``start`` (a line start) comes from ``rx``; the others from its
    newline-led variant, whose matches start one character early (the
    newline; group offsets are unchanged). No match of these patterns ends
    just after a newline, so the variant resumes where ``finditer`` would.
    """
    first = rx.match(text, start, end)
    pos = start
    if first is not None:
        yield first.start(), first
        pos = first.end()
    for m in _NL_VARIANT[rx.pattern].finditer(text, pos, end):
        yield m.start() + 1, m


@dataclass(frozen=True, slots=True)
class Part:
    """One document inside a source text: ``text[start:end]``."""

    start: int
    end: int
    attached_to: int | None = None  # index of the promulgating part


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the header, title, preamble and body of a document are."""

    heading: tuple[int, int] | None  # the type heading line ("KẾ HOẠCH")
    heading_type: str | None
    title: tuple[int, int] | None
    body_start: int  # end of the preamble (first "Điều 1", "I.", "QUYẾT ĐỊNH:" …)


def find_headings(cleaned: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Standalone type headings (``KẾ HOẠCH``, ``NGHỊ ĐỊNH`` …) as (start, end, code).

    >>> find_headings("Số: 1/KH-UBND\\nKẾ HOẠCH\\nCải cách")
    [(14, 22, 'KH')]
    """
    out = []
    for _, m in _line_matches(_HEADING_RE, cleaned, start, len(cleaned) if end is None else end):
        name = m.group(1)
        code = "Điều lệ" if name == "ĐIỀU LỆ" else type_from_name(name)
        if code:
            out.append((m.start(1), m.end(1), code))
    return out


def layout(cleaned: str, start: int = 0, end: int | None = None) -> Layout:
    """Header/title/preamble/body layout of the document ``cleaned[start:end]``.

    >>> t = "KẾ HOẠCH\\nThực hiện X\\n\\nCăn cứ Y;\\nI. MỤC TIÊU\\n"
    >>> lay = layout(t)
    >>> t[slice(*lay.title)], t[lay.body_start:lay.body_start + 2]
    ('Thực hiện X', 'I.')
    """
    end = len(cleaned) if end is None else end
    heads = find_headings(cleaned, start, min(end, start + 8000))
    # an attached document's heading with more words: "QUY TRÌNH RÀ SOÁT …", "KẾ HOẠCH HÀNH ĐỘNG …"
    inline = _ATTACH_HEAD_RE.search(cleaned, start, min(end, start + 600))
    if inline is not None and (not is_all_caps(inline.group(0)) or not type_from_name(inline.group(1))
                               or (heads and heads[0][0] < inline.start())):
        inline = None
    if inline is not None:
        heads = [(inline.start(1), inline.end(1), type_from_name(inline.group(1)) or "")]
    elif not heads:
        m = _BODY_RE.search(cleaned, start, end)
        return Layout(None, None, None, m.start() if m else end)
    hs, he, code = heads[0]
    pos = cleaned.find("\n", he, end)
    pos = end if pos < 0 else pos + 1
    ts = te = None
    if inline is not None:
        ts = he + len(cleaned[he:inline.end()]) - len(cleaned[he:inline.end()].lstrip())
        te = inline.end() - (len(inline.group(0)) - len(inline.group(0).rstrip()))
    lines = 0
    while pos < end and lines < 8:
        nl = cleaned.find("\n", pos, end)
        nl = end if nl < 0 else nl
        line = cleaned[pos:nl]
        if not line.strip():
            if ts is not None:
                break
        elif _BODY_RE.match(line) or (_TITLE_STOP_FIRST if ts is None else _TITLE_STOP).match(line) or (
            ts is not None and _is_issuer_line(line)
        ):
            break
        else:
            if ts is None:
                if _is_issuer_line(line) and not line.strip().upper().startswith(("VỀ", "BAN HÀNH")):
                    break
                ts = pos + (len(line) - len(line.lstrip()))
            te = pos + len(line.rstrip())
            lines += 1
        pos = nl + 1
    title = (ts, te) if ts is not None and te is not None and te > ts else None
    after = title[1] if title else he
    m = _BODY_RE.search(cleaned, after, end)
    return Layout((hs, he), code, title, m.start() if m else end)


def _is_issuer_line(line: str) -> bool:
    s = " ".join(line.split())
    if not s or not is_all_caps(s):
        return False
    hit = match_issuer(s)
    return bool(hit and hit[1] >= len(s) - 2)


def split_documents(text: str, cleaned: str | None = None) -> list[Part]:
    """Split ``text`` into documents (decision + attached plan, concatenated files).

    >>> t = "QUYẾT ĐỊNH\\nBan hành Kế hoạch CCHC\\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\\nKẾ HOẠCH\\nCCHC\\nI. MỤC TIÊU\\n"
    >>> [(p.start, p.attached_to) for p in split_documents(t)]
    [(0, None), (85, 0)]
    """
    cleaned = clean(text) if cleaned is None else cleaned
    n = len(text)
    heads = find_headings(cleaned)
    if not heads:
        return [Part(0, n)]
    cuts: dict[int, int | None] = {}
    # attached documents (decision ban hành kèm theo ...)
    first = heads[0]
    lay = layout(cleaned, 0, n)
    title = fold(cleaned[slice(*lay.title)]) if lay.title else ""
    if first[2] in ("QĐ", "NQ", "CT", "TT", "NĐ") and re.search(r"\b(ban hanh|phe duyet)\b", title):
        body1 = re.compile(r"^[ \t]*Điều[ \t]+1\b", re.M).search(cleaned, first[1])
        if body1:
            # the attachment's heading may carry more words ("KẾ HOẠCH HÀNH ĐỘNG", "QUY TRÌNH RÀ SOÁT …")
            extra = [(m.start(1), m.end(1), type_from_name(m.group(1)) or "") for m in _ATTACH_HEAD_RE.finditer(cleaned, body1.end())
                     if is_all_caps(m.group(0))]
            for hs, he, code in sorted(heads[1:] + extra):
                name = fold(DOC_TYPES[code][0]) if code in DOC_TYPES else fold(code)
                if hs > body1.start() and code in _ATTACHABLE and re.match(
                        rf"(?:ve viec |ve )?(?:ban hanh|phe duyet)(?: \S+){{0,3}}? {re.escape(name)}\b", title) and (
                        (hs, he, code) in heads or _STRUCTURE_RE.search(cleaned, he, he + 4000)):
                    cuts[_block_start(cleaned, hs)] = 0
                    break
    # concatenated documents: a national motto + "Số:" + heading
    for m_start, m in _line_matches(_MOTTO_RE, cleaned, first[1], len(cleaned)):
        window_end = min(n, m.end() + 700)
        h = find_headings(cleaned, m.end(), window_end)
        num = _NUMBER_RE.search(cleaned, max(0, m_start - 400), window_end)
        if h and num:
            cuts.setdefault(_block_start(cleaned, h[0][0]), None)
    if not cuts:
        return [Part(0, n)]
    bounds = [0, *sorted(p for p in cuts if p > 0), n]
    out = []
    for i in range(len(bounds) - 1):
        s, e = bounds[i], bounds[i + 1]
        out.append(Part(s, e, (i - 1) if i > 0 and cuts.get(s) is not None else None))
    return out


def _block_start(cleaned: str, heading_start: int) -> int:
    """Start of the header block above a heading (issuer lines, motto, Số)."""
    line_start = cleaned.rfind("\n", 0, heading_start) + 1
    above = cleaned[max(0, line_start - 600):line_start]
    if not _MOTTO_RE.search(above):
        return line_start
    pos = line_start
    steps = 0
    while pos > 0 and steps < 14:
        prev_start = cleaned.rfind("\n", 0, pos - 1) + 1
        line = cleaned[prev_start:pos - 1].strip()
        if line and not (is_all_caps(line) or _MOTTO_RE.match(line) or line.startswith(("Số", "Độc lập"))
                         or _PLACE_DATE_RE.search(line)):
            break
        pos = prev_start
        steps += 1
    return pos


# ------------------------------------------------------------------ identify


def _caps_issuer(cleaned: str, start: int, end: int, text: str | None = None) -> Issuer | None:
    """Issuer from the capital header lines in ``cleaned[start:end]``.

    Consecutive capital lines form a block; a line that held only bold
    markers in ``text`` (``**`` alone inside the issuer cell) does not end
    the block, a table-cell separator or an underline does.
    """
    groups: list[list[str]] = []
    cur: list[str] = []
    pos = start
    for raw in cleaned[start:end].split("\n"):
        orig = text[pos:pos + len(raw)].strip() if text is not None else ""
        pos += len(raw) + 1
        if not raw.strip() and orig and not orig.strip("*"):
            continue  # bold residue inside the block
        cells = [" ".join(c.split()) for c in _CELL_SPLIT.split(raw)] if len(raw) > 60 else [" ".join(raw.split())]
        for line in (c for c in cells if c) if any(cells) else [""]:
            if line and is_all_caps(line) and not _MOTTO_RE.match(line) and not line.startswith("ĐỘC LẬP") \
                    and not fold(line).startswith(("cong hoa", "hoi chu nghia")):
                cur.append(line)
            else:
                if cur:
                    groups.append(cur)
                cur = []

    if cur:
        groups.append(cur)
    for g in groups:
        iss = header_issuer(g)
        if iss is not None:
            return iss
        for cand in g:
            try:
                return normalize_issuer(cand)
            except ValueError:
                continue
    return None


_PROMULGATE_RE = re.compile(
    r"(?:Ủy|Uỷ|ỦY|UỶ) ban nhân dân|UBND|Thủ tướng Chính phủ|Bộ trưởng Bộ|Chính phủ|Hội đồng nhân dân|HĐND|"
    r"Ban Thường vụ|Ban Chấp hành|Tỉnh [uủ][yỷ]|Huyện [uủ][yỷ]|Thành [uủ][yỷ]"
)


def _sentence_issuer(cleaned: str, start: int, end: int) -> Issuer | None:
    """Issuer of a "… ban hành Kế hoạch" sentence in ``cleaned[start:end]``."""
    for m in _PROMULGATE_RE.finditer(cleaned, start, end):
        before = cleaned[max(start, m.start() - 4):m.start()].rstrip()
        if before and before[-1] not in ".;,:":
            continue
        tail = cleaned[m.start():m.start() + 160]
        hit = match_issuer(tail)
        if hit and re.match(r"[^\S\n]{0,3}(?:ban hành|xây dựng|triển khai|thực hiện|phê duyệt|quyết định|chỉ thị)\b",
                            tail[hit[1]:]):
            return hit[0]
    return None


def _jurisdiction_for(unit: str, cleaned: str, start: int, end: int, title: str | None) -> str | None:
    """Find "{unit} {Place}" in the title, then in the document (most frequent)."""
    rx = re.compile(r"(?<!\w)" + re.escape(unit) + r"[^\S\n]+", re.I)
    for src in ([title] if title else []):
        for m in rx.finditer(src):
            place, _ = _grab_place(src[m.end():])
            if place:
                return f"{unit} {place}"
    counts: Counter[str] = Counter()
    for m in rx.finditer(cleaned, start, min(end, start + 20000)):
        place, _ = _grab_place(cleaned[m.end():m.end() + 60])
        if place:
            counts[place] += 1
    if counts:
        return f"{unit} {counts.most_common(1)[0][0]}"
    return None


def _signer(cleaned: str, start: int, end: int) -> str | None:
    for _, m in _line_matches(_SIGN_ROLE, cleaned, start, end):
        window = cleaned[m.end():m.end() + 200]
        nm = _NAME_LINE.search(window)
        if nm and not window[:nm.start()].strip("\n \t*"):
            return nm.group(1).strip()
        if nm and len(window[:nm.start()].strip()) < 3:
            return nm.group(1).strip()
    return None


def identify(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    source: str = "",
    part: int = 0,
    context: DocumentRecord | None = None,
    cleaned: str | None = None,
) -> DocumentRecord:
    """Identity of the document ``text[start:end]`` (``NoIdentityError`` if none).

    ``context`` is the document this one is attached to (issuer and date are
    inherited when the part states none).

    >>> identify("Hà Nội, ngày 08 tháng 4 năm 2020\\nNGHỊ ĐỊNH\\nVề X\\nCHÍNH PHỦ\\nCăn cứ").issuer
    'Chính phủ'
    """
    cleaned = clean(text) if cleaned is None else cleaned
    end = len(text) if end is None else end
    lay = layout(cleaned, start, end)
    first = _NON_SPACE.search(cleaned, start, end)
    content = first.start() if first else start  # after blanked portal furniture
    head_end = lay.heading[1] if lay.heading else min(end, content + 3000)
    region_end = min(end, head_end + 300)
    title = " ".join(cleaned[slice(*lay.title)].split()) if lay.title else None

    # number
    sym = None
    num_m = _NUMBER_RE.search(cleaned, start, head_end if lay.heading else region_end)
    if num_m is None:
        num_m = _INLINE_NUMBER_RE.search(cleaned, start, head_end if lay.heading else region_end)
    if num_m is None:
        num_m = (next((m for m in _NUMBER_RE.finditer(cleaned, start, end) if "VBHN" in m.group("sym")), None)
                 if "VBHN" in cleaned[start:end] else None)
    if num_m is None and end - start > 3000:
        # a copy whose header block sits at the end, after the text
        tail = [m for m in _NUMBER_RE.finditer(cleaned, max(start, end - 2500), end)
                if _MOTTO_ANY.search(cleaned, max(start, m.start() - 600), min(end, m.end() + 600))]
        num_m = tail[-1] if tail else None
    ev_span = None
    if num_m:
        sub = re.compile(SYMBOL_PATTERN).search(cleaned, num_m.start("sym"), num_m.end("sym") + 1)
        if sub:
            sym = symbol_from_match(sub)
            ev_span = (sub.start(), sub.end())
    meta = portal_metadata(text) if start == 0 else None
    if sym is None and meta is not None and meta.symbol and meta.span:
        # a portal copy whose official header lost its number: the portal's metadata block
        sub = _SYMBOL_RE.search(text, *meta.span)
        if sub:
            sym = symbol_from_match(sub)
            ev_span = (sub.start(), sub.end())
    doc_type = (sym.doc_type if sym and sym.doc_type else None) or lay.heading_type
    if doc_type is None and meta is not None and meta.doc_type:
        doc_type = type_from_name(meta.doc_type)
    letter = lay.heading is None and _LETTER_RE.search(cleaned, start, min(end, region_end + 600)) is not None
    if sym is not None and letter and not _HEADING_RE.search(cleaned, start, region_end):
        # a letter (công văn): "5348/CT-CS" names the issuing unit, not a document type
        doc_type = "CV"
        sym = replace(sym, doc_type=None, issuer_code=sym.symbol.split("/")[-1])
    if doc_type is None and sym is not None:
        doc_type = "Luật" if (sym.issuer_code or "").startswith("QH") else "CV"
    if doc_type is None and sym is None:
        if not _MOTTO_ANY.search(cleaned, start, min(end, start + 20000)):
            raise NotOfficialDocumentError(source or "<text>")
        raise NoIdentityError(source or "<text>")
    if meta is not None and meta.symbol and lay.heading is None and sym is not None and ev_span is not None \
            and meta.span and meta.span[0] <= ev_span[0] < meta.span[1] and not _MOTTO_ANY.search(cleaned, start, end):
        # a portal page that describes a document (summary, news) without its official text
        raise NotOfficialDocumentError(source or "<text>", f"a page about {meta.symbol}, not the document's official text")

    # place and date
    date = place = None
    pd = _PLACE_DATE_RE.search(cleaned, start, region_end)
    if pd:
        try:
            di, mi, yi = int(pd.group("d")), int(pd.group("m")), int(pd.group("y"))
            if 1 <= di <= 31 and 1 <= mi <= 12:
                date = f"{yi:04d}-{mi:02d}-{di:02d}"
                pl = " ".join(pd.group("place").split()).strip("* ")
                place = pl if pl[:1].isupper() else None
        except ValueError:
            pass

    if date is None:
        near = None
        if num_m is not None and num_m.start() > region_end:
            near = _PLACE_DATE_RE.search(cleaned, max(start, num_m.start() - 400), min(end, num_m.end() + 400))
        if near:
            di, mi, yi = int(near.group("d")), int(near.group("m")), int(near.group("y"))
            if 1 <= di <= 31 and 1 <= mi <= 12:
                date = f"{yi:04d}-{mi:02d}-{di:02d}"
                pl = " ".join(near.group("place").split()).strip("* ")
                place = pl if pl[:1].isupper() else None
    if date is None:
        # laws and resolutions date themselves in the closing adoption clause
        adopted = None
        for adopted in _ADOPTED_RE.finditer(cleaned, start, end):
            pass
        if adopted is not None and 1 <= int(adopted.group("d")) <= 31 and 1 <= int(adopted.group("m")) <= 12:
            date = f"{int(adopted.group('y')):04d}-{int(adopted.group('m')):02d}-{int(adopted.group('d')):02d}"
    if date is None and meta is not None and meta.date:
        date = meta.date
    year_only = None
    if date is None:
        yo = _YEAR_ONLY_RE.search(cleaned, start, region_end)
        if yo:
            year_only = int(yo.group("y"))
            pl = " ".join(yo.group("place").split()).strip("* ")
            place = place or (pl if pl[:1].isupper() else None)

    # issuer
    hstart = lay.heading[0] if lay.heading else min(end, content + 1500)
    issuer = _caps_issuer(cleaned, start, hstart, text)
    if issuer is None and num_m is not None and num_m.start() > region_end:
        issuer = _caps_issuer(cleaned, max(start, num_m.start() - 600), num_m.start(), text)  # header at the end
    if issuer is None and lay.title:
        issuer = _caps_issuer(cleaned, lay.title[1], lay.body_start, text)
    if issuer is None or issuer.jurisdiction is None and issuer.level != "national":
        s_iss = _sentence_issuer(cleaned, lay.title[1] if lay.title else start, lay.body_start if lay.body_start > start else region_end)
        if s_iss and (issuer is None or s_iss.jurisdiction):
            issuer = s_iss
    if issuer is None and context is not None and context.issuer:
        try:
            issuer = normalize_issuer(context.issuer)
        except ValueError:  # a body normalize_issuer does not know (an ad-hoc body): take it as read
            issuer = Issuer(context.issuer, context.issuer_code, context.jurisdiction, context.level)
        if issuer and context.jurisdiction:
            issuer = Issuer(issuer.name, issuer.code, context.jurisdiction, context.level, issuer.unit)
    if doc_type == "VBHN" and sym is not None and national_issuer(sym.issuer_code) is not None:
        issuer = national_issuer(sym.issuer_code)  # the body that consolidates, not the consolidated text's
    if issuer is None and meta is not None and meta.issuer:
        issuer = header_issuer([meta.issuer.upper()])
    if issuer is None and doc_type in ("Luật", "PL"):
        issuer = Issuer("Quốc hội" if doc_type == "Luật" else "Ủy ban Thường vụ Quốc hội", "QH" if doc_type == "Luật" else "UBTVQH", "Việt Nam", "national")
    jurisdiction = issuer.jurisdiction if issuer else None
    level = issuer.level if issuer else "unknown"
    name = issuer.name if issuer else None
    if issuer and jurisdiction is None and issuer.unit:
        jurisdiction = _jurisdiction_for(issuer.unit, cleaned, start, end, title)
        if jurisdiction is None and context is not None and context.jurisdiction and context.jurisdiction.startswith(issuer.unit):
            jurisdiction = context.jurisdiction
        if jurisdiction:
            place_name = jurisdiction[len(issuer.unit) + 1:]
            level = unit_level(issuer.unit, place_name)
            name = f"{name} {place_name}" if not name.endswith(place_name) else name
    # an attached plan has its own (unstated) date: the decision's date is not inherited
    year = sym.year if sym and sym.year else (int(date[:4]) if date else year_only)

    issuer_code = sym.issuer_code if sym else (issuer.code if issuer else None)
    if sym:
        key = doc_key(doc_type, sym.number, issuer_code, year, jurisdiction=jurisdiction)
    else:
        key = unnumbered_key(doc_type, year, name, title, date)
    if ev_span is None:
        ev_span = lay.heading[:2] if lay.heading else (start, start)
    line_s = cleaned.rfind("\n", 0, ev_span[0]) + 1
    line_e = cleaned.find("\n", ev_span[1])
    line_e = end if line_e < 0 else line_e
    evidence = Evidence(source, ev_span[0], ev_span[1], text[line_s:line_e], text[ev_span[0]:ev_span[1]])
    law_name = None
    if doc_type == "Luật" and title:
        law_name = title if fold(title).startswith("luat") else "Luật " + title[:1].upper() + title[1:].lower()
    return DocumentRecord(
        doc_type=doc_type,
        number=sym.number if sym else None,
        symbol=sym.symbol if sym else None,
        issuer_code=issuer_code,
        issuer=name,
        jurisdiction=jurisdiction,
        level=level,
        date=date,
        year=year,
        title=title,
        place=place,
        signer=_signer(cleaned, lay.body_start, end),
        source=source or None,
        part=part,
        evidence=evidence,
        origin="loaded",
        law_name=law_name,
        key=key,
    )
