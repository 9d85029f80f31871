"""Parse a ``DOC`` command-line argument into a :class:`cchc_kg.kg.model.DocQuery`.

Accepted: an IRI, a path of a loaded file, or a citation string such as
``"76/NQ-CP 2021"``, ``"Nghị quyết 76/NQ-CP ngày 15/7/2021"``,
``"NĐ 45/2020"``, ``"45/2020/NĐ-CP"``, ``"17-CTr/HU"``,
``"Luật Tổ chức chính quyền địa phương 2015"``.

>>> q = parse_doc_query("NĐ 45/2020")
>>> (q.kind, q.doc_type, q.number, q.issuer_code, q.year)
('citation', 'NĐ', '45', None, 2020)
>>> q = parse_doc_query("HD 3759/BNV-CCHC 2021")
>>> (q.doc_type, q.number, q.issuer_code, q.year)
('HD', '3759', 'BNV', 2021)
>>> q = parse_doc_query("Luật 76/2015/QH13")
>>> (q.doc_type, q.number, q.issuer_code, q.year)
('Luật', '76', 'QH13', 2015)
>>> q = parse_doc_query("KH không số UBND tỉnh Vĩnh Long #be77")
>>> (q.kind, q.doc_type, q.issuer_name, q.key_hash)
('unnumbered', 'KH', 'UBND tỉnh Vĩnh Long', 'be77')
>>> q = parse_doc_query("Nghị quyết 76/NQ-CP ngày 15/7/2021")
>>> (q.doc_type, q.number, q.issuer_code, q.year)
('NQ', '76', 'CP', 2021)
>>> q = parse_doc_query("17-CTr/HU")
>>> (q.doc_type, q.number, q.issuer_code)
('CTr', '17', 'HU')
"""

from __future__ import annotations

import os
import re
import unicodedata

from cchc_kg.kg.ids import fold
from cchc_kg.kg.model import DocQuery

__all__ = ["parse_doc_query", "TYPE_WORDS"]

#: folded type words/abbreviations → official abbreviation
TYPE_WORDS: dict[str, str] = {
    "nghi quyet": "NQ", "nq": "NQ",
    "nghi dinh": "NĐ", "nd": "NĐ",
    "quyet dinh": "QĐ", "qd": "QĐ",
    "chi thi": "CT", "ct": "CT",
    "thong tu lien tich": "TTLT", "ttlt": "TTLT",
    "thong tu": "TT", "tt": "TT",
    "ke hoach": "KH", "kh": "KH",
    "chuong trinh": "CTr", "ctr": "CTr",
    "huong dan": "HD", "hd": "HD",
    "to trinh": "TTr", "ttr": "TTr",
    "van ban hop nhat": "VBHN", "vbhn": "VBHN",
    "luat": "Luật",
    "cong van": "CV", "cv": "CV",
}

_SYMBOL = re.compile(
    r"(?P<num>\d+[a-zA-Z]?)\s*(?:/\s*(?P<year>(?:19|20)\d{2}))?\s*/\s*(?P<type>[A-Za-zĐđ]+)\s*-\s*(?P<iss>[A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)*)"
)
_PARTY = re.compile(r"(?P<num>\d+[a-zA-Z]?)\s*-\s*(?P<type>[A-Za-zĐđ]+)\s*/\s*(?P<iss>[A-Za-zĐđ0-9]+)")
_SHORT = re.compile(r"^(?P<type>[^\d]+?)\s*(?:số\s*)?(?P<num>\d+[a-zA-Z]?)(?:\s*/\s*(?P<year>(?:19|20)\d{2}))?\b")
_DATE_YEAR = re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*((?:19|20)\d{2})\b|năm\s+((?:19|20)\d{2})")
_TRAILING_YEAR = re.compile(r"\b((?:19|20)\d{2})\s*\)?\s*$")
# a symbol without the type: "76/2015/QH13", "08/2021/QH15"
_YEAR_ISSUER = re.compile(r"(?P<num>\d+[a-zA-Z]?)\s*/\s*(?P<year>(?:19|20)\d{2})\s*/\s*(?P<iss>[A-Za-zĐđ]+\d*)(?![-\w])")
# an unnumbered handle: "KH không số UBND tỉnh Vĩnh Long #be77" (issuer, year and hash optional)
_UNNUMBERED = re.compile(
    r"^(?P<type>[^\d#]+?)\s+(?:không số|khong so|unnumbered)\b\s*(?P<iss>[^#]*?)\s*(?P<year>(?:19|20)\d{2})?\s*"
    r"(?:#\s*(?P<hash>[0-9a-fA-F]{2,8}))?\s*$"
    r"|^(?P<type2>[^\d#\s]+)\s*#\s*(?P<hash2>[0-9a-fA-F]{2,8})\s*$", re.IGNORECASE)
_KNOWN_TYPES = {fold(v) for v in TYPE_WORDS.values()}


def _type(word: str) -> str | None:
    f = fold(word).strip(" .:")
    if f.endswith(" so"):
        f = f[:-3].strip()
    return TYPE_WORDS.get(f)


def parse_doc_query(text: str) -> DocQuery:
    """Classify and parse a DOC argument (never raises on odd input)."""
    raw = unicodedata.normalize("NFC", text.strip())
    if re.match(r"^[a-z][a-z0-9+.-]*://", raw):
        return DocQuery("iri", raw)
    if os.path.sep in raw and os.path.exists(raw) or os.path.isfile(raw):
        return DocQuery("path", raw)
    s = raw.replace("*", "")
    m = _UNNUMBERED.match(unicodedata.normalize("NFC", s))
    if m and m.group("type2"):  # the short column label of coverage: "KH #be77"
        return DocQuery("unnumbered", raw, _type(m.group("type2")) or m.group("type2"), key_hash=m.group("hash2").lower())
    if m:
        t = _type(m.group("type")) or m.group("type").strip()
        return DocQuery("unnumbered", raw, t, None, None, int(m.group("year")) if m.group("year") else None,
                        None, m.group("iss").strip() or None, (m.group("hash") or "").lower() or None)
    lead = _type(s.split()[0]) if s.split() and not s.split()[0][:1].isdigit() else None
    year: int | None = None
    m = _DATE_YEAR.search(s)
    if m:
        year = int(m.group(1) or m.group(2))
    m = _YEAR_ISSUER.search(s)
    if m:  # no type in the symbol: the type word in front, if any
        return DocQuery("citation", raw, lead, m.group("num"), m.group("iss").upper(), int(m.group("year")))
    m = _SYMBOL.search(s)
    if m:
        t = _type(m.group("type")) or m.group("type")
        iss = m.group("iss").upper()
        if fold(t) not in _KNOWN_TYPES:  # "3759/BNV-CCHC": the first part is the issuer, not the type
            t, iss = lead, m.group("type").upper()
        y = int(m.group("year")) if m.group("year") else year
        if y is None:
            ty = _TRAILING_YEAR.search(s[m.end():])
            y = int(ty.group(1)) if ty else None
        return DocQuery("citation", raw, t, m.group("num"), iss, y)
    m = _PARTY.search(s)
    if m:
        t = _type(m.group("type")) or m.group("type")
        if year is None:
            ty = _TRAILING_YEAR.search(s[m.end():])
            year = int(ty.group(1)) if ty else None
        return DocQuery("citation", raw, t, m.group("num"), m.group("iss").upper(), year)
    m = _SHORT.match(s)
    if m and _type(m.group("type")):
        y = int(m.group("year")) if m.group("year") else year
        if y is None:
            ty = _TRAILING_YEAR.search(s[m.end():])
            y = int(ty.group(1)) if ty else None
        return DocQuery("citation", raw, _type(m.group("type")), m.group("num"), None, y)
    if fold(s).startswith("luat "):
        name = re.split(r"\s+(?:ngày|số|năm)\b|\s+\d", s, maxsplit=1)[0].strip()
        return DocQuery("citation", raw, "Luật", None, None, year or (int(t.group(1)) if (t := _TRAILING_YEAR.search(s)) else None), name)
    return DocQuery("citation", raw)
