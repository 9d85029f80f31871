"""The issuing body named by a header block (parent body, sub-unit, ad-hoc body).

An official header names the issuer in capitals above the national motto,
on one or more lines (possibly split by table cells or bold markers):

- a body alone: ``ỦY BAN NHÂN DÂN / TỈNH AN GIANG``, ``BỘ NỘI VỤ``;
- a **sub-unit** under its parent: ``BỘ TÀI CHÍNH / CỤC THUẾ``,
  ``UBND TỈNH AN GIANG / SỞ NỘI VỤ``, ``UBND TỈNH A / BAN CHỈ ĐẠO 389``:
  the sub-unit signs, so it is the issuer, with the parent's jurisdiction;
- the office-holder form ``CHỦ TỊCH ỦY BAN NHÂN DÂN / TỈNH NINH BÌNH``:
  the body is the UBND.

>>> header_issuer(["BỘ TÀI CHÍNH", "CỤC THUẾ"]).name
'Cục Thuế'
>>> iss = header_issuer(["UBND TỈNH AN GIANG", "SỞ NỘI VỤ"])
>>> iss.name, iss.jurisdiction, iss.level
('Sở Nội vụ tỉnh An Giang', 'tỉnh An Giang', 'province')
>>> header_issuer(["CHỦ TỊCH ỦY BAN NHÂN DÂN", "TỈNH NINH BÌNH"]).name
'UBND tỉnh Ninh Bình'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cchc_kg.kg.ids import fold
from cchc_kg.loaders.symbols import Issuer, normalize_issuer

__all__ = ["header_issuer", "subunit_name", "SUBUNIT_WORDS"]

# words that open the name of a unit under a ministry or a province (folded)
SUBUNIT_WORDS = (
    "tong cuc", "chi cuc", "cuc", "vu", "so", "van phong", "thanh tra", "trung tam", "ban chi dao", "ban quan ly",
    "ban", "hoi dong", "uy ban", "khoi", "kho bac", "bao hiem xa hoi",
)
_SUBUNIT_RE = re.compile(r"^(?:" + "|".join(re.escape(w) for w in SUBUNIT_WORDS) + r")\b")
_NOT_SUBUNIT = re.compile(r"^(?:uy ban nhan dan|hoi dong nhan dan|tinh|thanh pho|huyen|xa|phuong|quan|thi xa|dac khu)\b")
_OFFICE_HOLDER = re.compile(r"^(?:pho )?chu tich ")
_PLACE_IN_NAME = re.compile(r"\b(tinh|thanh pho|huyen|xa|phuong|thi xa|quan|dac khu) ")
_NATIONAL_WORDS = re.compile(r"\b(nha nuoc|trung uong|quoc gia|chinh phu)\b")
# multi-word type names keep their own capitals ("Ban Chỉ đạo", "Văn phòng")
_TYPE_CASE = {
    "ban chi dao": "Ban Chỉ đạo", "ban quan ly": "Ban Quản lý", "van phong": "Văn phòng", "trung tam": "Trung tâm",
    "thanh tra": "Thanh tra", "tong cuc": "Tổng cục", "chi cuc": "Chi cục", "hoi dong": "Hội đồng", "kho bac": "Kho bạc",
}


def subunit_name(caps: str) -> str:
    """Capitalise a unit name written in capitals: the type word(s), then the proper part.

    >>> subunit_name("CỤC HẢI QUAN"), subunit_name("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG")
    ('Cục Hải quan', 'Trung tâm Phục vụ hành chính công')
    >>> subunit_name("BAN CHỈ ĐẠO 389")
    'Ban Chỉ đạo 389'
    """
    words = caps.split()
    f = fold(caps)
    for key, label in sorted(_TYPE_CASE.items(), key=lambda kv: -len(kv[0])):
        if f.startswith(key + " ") or f == key:
            n = len(key.split())
            rest = words[n:]
            return " ".join([label] + _proper(rest))
    head = words[0][:1].upper() + words[0][1:].lower()
    return " ".join([head] + _proper(words[1:]))


def _proper(words: list[str]) -> list[str]:
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        out.append(low[:1].upper() + low[1:] if i == 0 else (w if any(c.isdigit() for c in w) else low))
    return out


def _parent(lines: Sequence[str]) -> Issuer | None:
    text = " ".join(lines)
    m = _OFFICE_HOLDER.match(fold(text))
    if m:  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X": the body is the UBND
        text = " ".join(text.split()[len(m.group(0).split()):])
    try:
        return normalize_issuer(text)
    except ValueError:
        return None


def header_issuer(lines: Sequence[str]) -> Issuer | None:
    """The issuer named by the capital lines of a header block, or ``None``.

    >>> header_issuer(["BỘ NỘI VỤ"]).code
    'BNV'
    >>> header_issuer(["CỘNG HÒA XÃ HỘI"]) is None
    True
    """
    lines = [" ".join(line.replace("*", " ").split()) for line in lines]
    lines = [line for line in lines if line]
    if not lines:
        return None
    # a sub-unit: the last line(s) open with a unit word, the lines above name the parent
    for k in range(1, len(lines)):
        f = fold(lines[k])
        if not _SUBUNIT_RE.match(f) or _NOT_SUBUNIT.match(f):
            continue
        parent = _parent(lines[:k])
        if parent is None:
            continue
        unit_caps = " ".join(lines[k:])
        known = _known_unit(unit_caps)
        if parent.level == "national" or parent.jurisdiction in (None, "Việt Nam"):
            name = known.name if known else subunit_name(unit_caps)
            return Issuer(name, known.code if known else None, "Việt Nam", "national")
        base = known.name if known else subunit_name(unit_caps)
        if fold(unit_caps) == "van phong":
            base = f"Văn phòng {parent.name.split(' ')[0]}"
        return Issuer(f"{base} {parent.jurisdiction}", known.code if known else None, parent.jurisdiction, parent.level, parent.unit)
    found = _parent(lines)
    if found is None and fold(lines[0]).startswith(("ban chi dao", "hoi dong", "uy ban quoc gia")):
        return _adhoc(" ".join(lines))
    return found


def _adhoc(caps: str) -> Issuer:
    """An ad-hoc body (Ban Chỉ đạo …, Hội đồng …) named alone: its level from its name.

    >>> _adhoc("BAN CHỈ ĐẠO 389 TỈNH AN GIANG").jurisdiction
    'tỉnh An Giang'
    >>> _adhoc("BAN CHỈ ĐẠO NHÀ NƯỚC VỀ DU LỊCH").level
    'national'
    """
    f = fold(caps)
    m = _PLACE_IN_NAME.search(f)
    if m:
        words = caps.split()
        k = len(f[:m.start()].split())
        unit_words = len(m.group(1).split())
        body = subunit_name(" ".join(words[:k]))
        unit = " ".join(words[k:k + unit_words]).lower()
        place = " ".join(w[:1].upper() + w[1:].lower() for w in words[k + unit_words:])
        level = {"tỉnh": "province", "thành phố": "province"}.get(unit, "district" if unit in ("huyện", "quận", "thị xã") else "commune")
        return Issuer(f"{body} {unit} {place}", None, f"{unit} {place}", level, unit)
    level = "national" if _NATIONAL_WORDS.search(f) else "unknown"
    return Issuer(subunit_name(caps), None, "Việt Nam" if level == "national" else None, level)


def _known_unit(caps: str) -> Issuer | None:
    try:
        iss = normalize_issuer(caps)
    except ValueError:
        return None
    # a generic match inside a longer unit name ("Văn phòng" of "Văn phòng UBND") is not the unit
    return iss if fold(iss.name).split()[0] == fold(caps).split()[0] else None
