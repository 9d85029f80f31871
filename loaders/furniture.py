"""Web-portal page furniture around an official text (layout class "portal copy").

Legal staff copy documents from public legal portals. Such a copy carries
the portal's page around the official text: a copyright banner, "Đang tải
văn bản…", a metadata block (``Số hiệu: | 1234/QĐ-UBND | Loại văn bản: |
Quyết định | …``), a news-style summary before the header, and after the
text lists of related documents, comparison-tool help, a privacy notice
addressed to "Quý Thành viên" and account messages.

:func:`furniture_spans` finds the portal parts so that :func:`cchc_kg.loaders.clean.clean`
can blank them (they are never a title, a heading, a date or a citation of
the document); :func:`portal_metadata` reads the metadata block, which
identity uses only where the official header is missing.

>>> page = "Đang tải văn bản...\\nSố hiệu:\\n|\\n12/KH-UBND\\nLoại văn bản:\\nKế hoạch\\nỦY BAN NHÂN DÂN\\nTỈNH A\\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\\nSố: 12/KH-UBND\\n"
>>> [page[s:e] for s, e in furniture_spans(page)][0].splitlines()[0]
'Đang tải văn bản...'
>>> portal_metadata(page).symbol
'12/KH-UBND'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cchc_kg.kg.ids import fold

__all__ = ["PortalMetadata", "furniture_spans", "portal_metadata", "header_start"]

# lines a portal page adds (folded, matched at the start of a stripped line)
_FURNITURE_LINE = re.compile(
    r"^(?:dang tai van ban|so hieu:|loai van ban:|noi ban hanh:|nguoi ky:|ngay ban hanh:|ngay hieu luc:|"
    r"ngay cong bao:|so cong bao:|tinh trang:|hieu luc: da biet|tinh trang: da biet|click (?:vao|trai|phai)|"
    r"ban dich nay thuoc quyen|thu vien phap luat\W* (?:has the copyright|la vi pham)|cac noi dung duoc sua doi, huong dan|"
    r"noi dung sua doi, huong dan|van ban bi thay the|van ban thay the|chu thich:|ra chuot vao|xem chi tiet tai|"
    r"file duoc dinh kem theo van ban|file attached to document|kinh gui:? quy (?:thanh vien|khach)|thua quy khach|"
    r"quy thanh vien|cam on da dung|ban vua bi dang xuat|tai khoan (?:hien da|cua quy khach|cua ban)|"
    r"ma so thue:|dia chi:|dien thoai:|e-mail:|su menh cua|toi da doc va dong y|tiep tuc su dung|"
    r"ho tro: |xin loi quy khach|cap nhat:|ban hanh:)"
)
# a cheap pre-check on the raw text: no portal page without one of these
_ANY_MARKER = re.compile(r"Đang tải văn bản|Số hiệu|Quý Thành viên|Quý khách|THƯ VIỆN PHÁP LUẬT|Click vào|Xem chi tiết tại")
# official structure after which a portal trailer cannot start
_OFFICIAL_LINE = re.compile(
    r"^(?:dieu \d+[a-z]?\.|can cu |noi nhan|phu luc|mau so|(?:tm|kt|q|tl|tuq)\. |chuong [ivxlc\d]+\b|muc \d)"
)
_MOTTO = re.compile(r"cong hoa xa hoi chu nghia viet nam")
_STRIP = " \t*|#_>-"


@dataclass(frozen=True, slots=True)
class PortalMetadata:
    """Values of a portal's metadata block (``None`` where absent)."""

    symbol: str | None = None
    doc_type: str | None = None  # the type's name as the portal writes it ("Quyết định")
    issuer: str | None = None
    signer: str | None = None
    date: str | None = None  # ISO
    span: tuple[int, int] | None = None  # where the block is


def _fold_line(line: str) -> str:
    """A line folded for matching, markdown markers dropped."""
    return fold(line.replace("*", "").replace("|", " ").strip(_STRIP))


def _lines(text: str, limit: int | None = None):
    pos = 0
    n = len(text) if limit is None else min(len(text), limit)
    while pos < n:
        nl = text.find("\n", pos)
        nl = len(text) if nl < 0 else nl
        yield pos, nl, text[pos:nl]
        pos = nl + 1


def header_start(text: str, limit: int = 60000) -> int | None:
    """Offset of the first official header block (issuer lines above the national motto).

    The motto may be split over lines or table cells; the block starts at
    the first capitals line above it (the issuing body).

    >>> t = "tin tức\\n|\\nBỘ NỘI VỤ\\n----\\n|\\nCỘNG HÒA XÃ\\nHỘI CHỦ NGHĨA VIỆT NAM\\n"
    >>> t[header_start(t):].splitlines()[0]
    'BỘ NỘI VỤ'
    """
    lines = list(_lines(text, limit))
    for k, (s, e, line) in enumerate(lines):
        f = _fold_line(line)
        if not f.startswith("cong hoa"):
            continue
        joined = fold(" ".join(x[2].strip(_STRIP) for x in lines[k:k + 3]))
        if not _MOTTO.search(joined):
            continue
        j = k
        while j > 0:
            prev = lines[j - 1][2].strip(_STRIP)
            if prev and not (prev.upper() == prev and any(c.isalpha() for c in prev)) and "|" not in prev:
                break
            if prev and _FURNITURE_LINE.match(_fold_line(prev)):
                break
            j -= 1
        # skip leading blank/residue lines of the block
        while j < k and not lines[j][2].strip(_STRIP):
            j += 1
        return lines[j][0]
    return None


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Spans of portal furniture in ``text`` (empty for anything else).

    The part before the official header is furniture when it holds portal
    lines and no official structure (Căn cứ, Điều …); after the last line
    of official structure, everything from the first portal line on is
    furniture. "Đang tải văn bản" lines are furniture anywhere.

    >>> furniture_spans("KẾ HOẠCH\\nCăn cứ Luật A;\\nĐiều 1. X\\n")
    []
    """
    if _ANY_MARKER.search(text) is None:
        return []
    lines = list(_lines(text))
    folded = [_fold_line(line) for _, _, line in lines]
    portal = [bool(f) and _FURNITURE_LINE.match(f) is not None for f in folded]
    official = [bool(f) and _OFFICIAL_LINE.match(f) is not None for f in folded]
    spans: list[tuple[int, int]] = []
    hs = header_start(text)
    if hs is not None and hs > 0:
        k = next(i for i, (s, _, _) in enumerate(lines) if s >= hs)
        if sum(portal[:k]) >= 2 and not any(official[:k]):
            spans.append((0, hs))
    last_official = max((i for i, o in enumerate(official) if o), default=-1)
    start_k = max(last_official + 1, 0)
    trailer = next((i for i in range(start_k, len(lines)) if portal[i]), None)
    if trailer is not None and folded[trailer].startswith("kinh gui"):
        # a notice to the portal's users: its heading lines above "Kính gửi: Quý …" belong to it
        back = 0
        while trailer > start_k and back < 3 and folded[trailer - 1] and not official[trailer - 1]:
            trailer -= 1
            back += 1
    if trailer is not None and sum(portal[trailer:]) >= 3 and _ANY_MARKER.search(text, lines[trailer][0]):
        spans.append((lines[trailer][0], len(text)))
    for i, f in enumerate(folded):
        if f.startswith("dang tai van ban"):
            spans.append((lines[i][0], lines[i][1]))
    return sorted(spans)


_LABELS = {
    "so hieu:": "symbol",
    "loai van ban:": "doc_type",
    "noi ban hanh:": "issuer",
    "nguoi ky:": "signer",
    "ngay ban hanh:": "date",
}
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)$")


def portal_metadata(text: str, limit: int = 20000) -> PortalMetadata:
    """The portal metadata block near the top of ``text`` (label line, then value line).

    >>> portal_metadata("Số hiệu:\\n1/QĐ-BNV\\nNgày ban hành:\\n|\\n05/03/2025\\n").date
    '2025-03-05'
    >>> portal_metadata("KẾ HOẠCH\\n").symbol is None
    True
    """
    if "Số hiệu" not in text[:limit] and "Loại văn bản" not in text[:limit]:
        return PortalMetadata()
    values: dict[str, str] = {}
    pending: str | None = None
    first = last = None
    for s, e, line in _lines(text, limit):
        v = line.strip(_STRIP + " ")
        if not v:
            continue
        f = fold(v)
        label = next((k for k in _LABELS if f == k or f.startswith(k)), None)
        if label is not None:
            pending = _LABELS[label]
            first = s if first is None else first
            rest = v[len(label):].strip(_STRIP + ": ")
            if rest:
                values.setdefault(pending, rest)
                pending = None
                last = e
            continue
        if pending is not None:
            values.setdefault(pending, v)
            pending = None
            last = e
    date = None
    if "date" in values:
        m = _DMY.match(values["date"])
        if m:
            date = f"{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    sym = values.get("symbol")
    if sym is not None:
        sym = "".join(sym.split())
    return PortalMetadata(sym, values.get("doc_type"), values.get("issuer"), values.get("signer"), date,
                          (first, last) if first is not None and last is not None else None)
