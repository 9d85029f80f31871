"""Where each document of a source text is, and the parts of its layout.

A file may hold a decision ("QUYẾT ĐỊNH ban hành Kế hoạch …") *and* the
attached plan ("KẾ HOẠCH"), or several documents one after another:
:func:`split_documents` returns one :class:`Part` per document
(``attached_to`` names the promulgating part); :func:`layout` finds the
type heading, the title and the start of the body of one document. Both
work on the cleaned text (:func:`cchc_kg.loaders.clean.clean`) and return offsets
of the source text.

>>> t = "QUYẾT ĐỊNH\\nBan hành Kế hoạch CCHC\\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\\nKẾ HOẠCH\\nCCHC\\nI. MỤC TIÊU\\n"
>>> [(p.start, p.attached_to) for p in split_documents(t)]
[(0, None), (85, 0)]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from cchc_kg.kg.ids import fold
from cchc_kg.loaders.clean import clean, is_all_caps
from cchc_kg.loaders.symbols import DOC_TYPES, SYMBOL_PATTERN, match_issuer, type_from_name

__all__ = ["Part", "Layout", "find_headings", "layout", "split_documents", "line_matches"]

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
# a header's own number line ("Số: …" with its colon; "Nghị định số …" is a citation)
_HEADER_NUMBER_RE = re.compile(
    r"^[^\S\n]*(?:Số|SỐ)[^\S\n]{0,3}:(?:[^\S\n]*\n){0,4}[^\S\n]{0,3}(?P<sym>" + SYMBOL_PATTERN + ")", re.M
)
# a form or template in an appendix ("Mẫu số 01", "Phụ lục 3.1. MẪU THÔNG BÁO …")
_FORM_RE = re.compile(r"\b(?:Mẫu|MẪU)\b")
_PLACE_DATE_RE = re.compile(
    r"(?P<place>[^\n,:;]{2,40}),[^\S\n]*ngày[^\S\n]+(?P<d>\d{1,2})[^\S\n]+tháng[^\S\n]*(?P<m>\d{1,2})[^\S\n]*năm[^\S\n]+(?P<y>(?:19|20)\d\d)"
)
_BODY_RE = re.compile(
    r"^[ \t]*(?:(?:QUYẾT ĐỊNH|QUYẾT NGHỊ|NGHỊ QUYẾT|CHỈ THỊ|NGHỊ ĐỊNH)[ \t]*:|Điều[ \t]+1\b|Chương[ \t]+(?:I|1)\b"
    r"|CHƯƠNG[ \t]+(?:I|1)\b|(?:I|1)\.[ \t]|PHẦN[ \t]+(?:I|THỨ NHẤT)\b|Phần[ \t]+(?:I|thứ nhất)\b|A\.[ \t])",
    re.M,
)
_ATTACH_HEAD_RE = re.compile(
    r"^[ \t]*(KẾ HOẠCH|QUY CHẾ|QUY ĐỊNH|PHƯƠNG ÁN|QUY TRÌNH|CHƯƠNG TRÌNH|ĐỀ ÁN|HƯỚNG DẪN)[ \t]+[^\n]{3,200}$", re.M
)
_NAME_QUALIFIER = re.compile(r"(?:hanh dong|tong the|cong tac)(?: cua [^,]{0,40})?$")
# an attached document's own structure (a table appendix has none)
_STRUCTURE_RE = re.compile(
    r"^[ \t]*(?:Chương[ \t]+(?:I|1)\b|CHƯƠNG[ \t]+(?:I|1)\b|Điều[ \t]+1\b|I\.[ \t]|PHẦN[ \t]+(?:I|THỨ NHẤT)\b|Phần[ \t]+(?:I|thứ nhất)\b)",
    re.M,
)
_TITLE_STOP = re.compile(r"^[ \t]*(?:Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|\(?Ban hành kèm theo|\(?Kèm theo)")
_TITLE_STOP_FIRST = re.compile(r"^[ \t]*(?:Căn cứ|Theo đề nghị|Xét đề nghị)")
_ATTACHABLE = {"KH", "CTr", "QC", "QyĐ", "ĐA", "HD", "PA", "QT", "Điều lệ"}

def _newline_led(rx: re.Pattern[str]) -> re.Pattern[str]:
    """``rx`` (``^``-anchored, multi-line, no top-level ``|``) led by a literal newline.

    A leading literal lets the regex engine jump from newline to newline
    instead of testing ``^`` at every offset.
    """
    assert rx.pattern.startswith("^") and rx.flags & re.M
    return re.compile("\n" + rx.pattern[1:], rx.flags)


_NL_VARIANT: dict[str, re.Pattern[str]] = {}  # rx.pattern -> its newline-led variant, made on first use


def line_matches(rx: re.Pattern[str], text: str, start: int, end: int) -> Iterator[tuple[int, re.Match[str]]]:
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
    variant = _NL_VARIANT.get(rx.pattern)
    if variant is None:
        variant = _NL_VARIANT[rx.pattern] = _newline_led(rx)
    for m in variant.finditer(text, pos, end):
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
    for _, m in line_matches(_HEADING_RE, cleaned, start, len(cleaned) if end is None else end):
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
    if inline is not None and not _NAME_QUALIFIER.match(fold(cleaned[he:inline.end()]).strip()):
        # the rest of the heading line is the title ("QUY TRÌNH RÀ SOÁT …"); a qualifier of the
        # type ("KẾ HOẠCH HÀNH ĐỘNG", "CHƯƠNG TRÌNH TỔNG THỂ") leaves the title to the next lines
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
    if first[2] in ("QĐ", "NQ", "CT", "TT", "NĐ"):
        body1 = re.compile(r"^[ \t]*Điều[ \t]+1\b", re.M).search(cleaned, first[1])
        if body1 and (re.search(r"\b(ban hanh|phe duyet)\b", title)
                      or "kem theo" in fold(cleaned[body1.start():body1.start() + 300])):
            # the attachment's heading may carry more words ("KẾ HOẠCH HÀNH ĐỘNG", "QUY TRÌNH RÀ SOÁT …")
            extra = [(m.start(1), m.end(1), type_from_name(m.group(1)) or "") for m in _ATTACH_HEAD_RE.finditer(cleaned, body1.end())
                     if is_all_caps(m.group(0))]
            article1 = " ".join(fold(cleaned[body1.start():body1.start() + 500]).split())
            for hs, he, code in sorted(heads[1:] + extra):
                name = fold(DOC_TYPES[code][0]) if code in DOC_TYPES else fold(code)
                # the decision issues it: its title ("Ban hành Quy chế …") or its Điều 1 ("Ban hành kèm theo
                # Quyết định này Quy định …") names it
                named = re.match(rf"(?:ve viec |ve )?(?:ban hanh|phe duyet)(?: \S+){{0,3}}? {re.escape(name)}\b", title) or re.search(
                    rf"kem theo (?:quyet dinh|nghi quyet|thong tu|nghi dinh|chi thi) nay(?: \S+){{0,2}}? {re.escape(name)}\b", article1)
                if hs > body1.start() and code in _ATTACHABLE and named and (
                        (hs, he, code) in heads or _STRUCTURE_RE.search(cleaned, he, he + 4000)):
                    cuts[_block_start(cleaned, hs)] = 0
                    break
    # concatenated documents: a national motto + "Số:" + heading
    for m_start, m in line_matches(_MOTTO_RE, cleaned, first[1], len(cleaned)):
        h = find_headings(cleaned, m.end(), min(n, m.end() + 500))
        # its own number: between the header block's start and the heading (not a form's blank "Số: …/…")
        num = None
        for num in (_HEADER_NUMBER_RE.finditer(cleaned, max(0, m_start - 400), h[0][0]) if h else ()):
            pass  # the last one: nearest the heading
        form = _FORM_RE.search(cleaned, max(0, m_start - 400), m_start)
        if h and num and num.start() > first[1] and not form:
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


