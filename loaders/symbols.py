"""Document types, số/ký hiệu grammar, dates and issuer names.

Pure functions over strings; no graph library. Matching folds tone-mark
variants with :func:`cchc_kg.kg.ids.fold`; results keep canonical spellings.

>>> parse_symbol("45/2020/ NĐ-CP")
Symbol(number='45', year=2020, doc_type='NĐ', issuer_code='CP', symbol='45/2020/NĐ-CP')
>>> parse_symbol("26-CTR/TU").symbol
'26-CTr/TU'
>>> parse_date("ngày 15 tháng 7 năm 2021")
'2021-07-15'
>>> normalize_issuer("Ủy ban nhân dân tỉnh Vĩnh Long")
Issuer(name='UBND tỉnh Vĩnh Long', code='UBND', jurisdiction='tỉnh Vĩnh Long', level='province', unit='tỉnh')
"""

from __future__ import annotations

import re
from datetime import date as _date
from dataclasses import dataclass

from functools import lru_cache

from cchc_kg.kg.ids import fold as _fold_full
from cchc_kg.loaders.clean import fold_chars

fold = lru_cache(maxsize=65536)(_fold_full)

__all__ = [
    "DOC_TYPES",
    "TYPE_NAME_PATTERN",
    "SYMBOL_PATTERN",
    "DATE_PATTERN",
    "Symbol",
    "Issuer",
    "doc_type_code",
    "doc_type_name",
    "type_from_name",
    "parse_symbol",
    "symbol_from_match",
    "iter_symbols",
    "parse_date",
    "date_from_match",
    "normalize_issuer",
    "national_issuer",
    "match_issuer",
    "grab_place",
    "unit_level",
    "CENTRAL_CITIES",
]

# official abbreviation -> Vietnamese names (first is canonical)
DOC_TYPES: dict[str, tuple[str, ...]] = {
    "Luật": ("Luật", "Bộ luật"),
    "PL": ("Pháp lệnh",),
    "L": ("Lệnh",),
    "NQ": ("Nghị quyết",),
    "NQLT": ("Nghị quyết liên tịch",),
    "NĐ": ("Nghị định",),
    "QĐ": ("Quyết định",),
    "CT": ("Chỉ thị",),
    "TT": ("Thông tư",),
    "TTLT": ("Thông tư liên tịch",),
    "KH": ("Kế hoạch",),
    "CTr": ("Chương trình",),
    "HD": ("Hướng dẫn",),
    "TTr": ("Tờ trình",),
    "VBHN": ("Văn bản hợp nhất",),
    "CV": ("Công văn", "Văn bản"),
    "TB": ("Thông báo",),
    "BC": ("Báo cáo",),
    "ĐA": ("Đề án",),
    "QC": ("Quy chế",),
    "QyĐ": ("Quy định",),
    "KL": ("Kết luận",),
    "CĐ": ("Công điện",),
    "PA": ("Phương án",),
    "QT": ("Quy trình",),
}

# code spellings found in symbols -> canonical code
_CODE_ALIASES = {fold(c).replace(" ", ""): c for c in DOC_TYPES}
_CODE_ALIASES.update({"nd": "NĐ", "qd": "QĐ", "da": "ĐA", "qyd": "QyĐ", "cd": "CĐ"})
# Party "Quy định" uses QĐ ("205-QĐ/TW"); keep QĐ.

_NAME_TO_CODE: dict[str, str] = {}
for _code, _names in DOC_TYPES.items():
    for _n in _names:
        _NAME_TO_CODE[fold(_n)] = _code

# type names for regexes, longest first (case-insensitive use)
TYPE_NAME_PATTERN = "|".join(
    sorted({n for names in DOC_TYPES.values() for n in names if n not in ("Lệnh", "Văn bản")}, key=len, reverse=True)
)

_CODECHARS = r"[A-Za-zĐđ0-9&]"
# number; optional year; code groups joined by "-"; Party form uses "-" then "/"
SYMBOL_PATTERN = (
    r"(?P<num>\d(?<![\w/.]\d)\d{0,4}(?:\.\d{1,3})?[a-zđ]?)"
    r"(?:"
    r"\s{0,4}/\s{0,4}(?:(?P<year>(?:19|20)\d\d)\s{0,4}/\s{0,4})?"
    r"(?P<code>[A-ZĐ]" + _CODECHARS + r"{0,11}(?:\s{0,4}[-–]\s{0,4}[A-ZĐ]" + _CODECHARS + r"{0,13}){0,3})"
    r"|"
    r"\s{0,4}[-–]\s{0,4}(?P<ptype>[A-ZĐ][A-Za-zĐđ]{0,4})\s{0,4}/\s{0,4}(?P<pissuer>[A-ZĐ][A-ZĐ0-9]{0,11})"
    # the code ends at a word boundary, or where a web copy glued the next word to it ("QĐ-TTgcủa")
    r")(?:(?![\w])|(?=(?:của|ngày|về|và|được|tại|năm)(?!\w)))"
)
_SYMBOL_RE = re.compile(SYMBOL_PATTERN)

DATE_PATTERN = (
    r"(?P<d>\d{1,2})\s{0,2}(?P<sep>[/.\-])\s{0,2}(?P<m>\d{1,2})\s{0,2}(?P=sep)\s{0,2}(?P<y>(?:19|20)\d\d)(?!\d)"
    r"|(?:[Nn]gày|NGÀY)\s{1,3}(?P<d2>\d{1,2})\s{1,3}(?:tháng|THÁNG)\s{1,3}(?P<m2>\d{1,2})\s{1,3}(?:năm|NĂM)\s{1,3}(?P<y2>(?:19|20)\d\d)"
)
_DATE_RE = re.compile(DATE_PATTERN)


@dataclass(frozen=True, slots=True)
class Symbol:
    """A parsed số/ký hiệu."""

    number: str
    year: int | None
    doc_type: str | None  # canonical code, None for công văn / laws
    issuer_code: str | None
    symbol: str  # canonical spelling


@dataclass(frozen=True, slots=True)
class Issuer:
    """A normalised issuing body."""

    name: str
    code: str | None
    jurisdiction: str | None
    level: str
    unit: str | None = None  # "tỉnh", "huyện" … when the jurisdiction kind is known


def doc_type_code(code: str) -> str | None:
    """Canonical type code of a symbol component (``"CTR"`` → ``"CTr"``).

    >>> doc_type_code("ND"), doc_type_code("ctr"), doc_type_code("UBND")
    ('NĐ', 'CTr', None)
    """
    return _CODE_ALIASES.get(fold(code).replace(" ", ""))


def doc_type_name(code: str | None) -> str | None:
    """Canonical Vietnamese name of a type code.

    >>> doc_type_name("KH")
    'Kế hoạch'
    """
    return DOC_TYPES[code][0] if code in DOC_TYPES else None


def type_from_name(name: str) -> str | None:
    """Type code of a Vietnamese type name or abbreviation (any case).

    >>> type_from_name("NGHỊ ĐỊNH"), type_from_name("Bộ luật"), type_from_name("NQ")
    ('NĐ', 'Luật', 'NQ')
    """
    f = fold(name)
    if f in _NAME_TO_CODE:
        return _NAME_TO_CODE[f]
    return doc_type_code(name)


_SPACES = re.compile(r"\s+")
_DASH_RE = re.compile(r"[ \t]{0,2}[-–][ \t]{0,2}")
_WORD_GAP_RE = re.compile(r"[ \t]{1,2}(?=[^\W\d_])")
_OPT_SPACE = re.compile(r" ?")
_SPACES_1_2 = re.compile(r" {1,2}")


def _squash(s: str) -> str:
    return _SPACES.sub("", s).replace("–", "-")


def parse_symbol(text: str) -> Symbol:
    """Parse a số/ký hiệu (spaces tolerated); ``ValueError`` if it is not one.

    >>> parse_symbol("30c/NQ-CP")
    Symbol(number='30c', year=None, doc_type='NQ', issuer_code='CP', symbol='30c/NQ-CP')
    >>> parse_symbol("3759/BNV-CCHC").issuer_code, parse_symbol("77/2015/QH13").doc_type
    ('BNV', None)
    >>> parse_symbol("17-CTr/HU").issuer_code
    'HU'
    """
    m = _SYMBOL_RE.fullmatch(text.strip())
    if not m:
        raise ValueError(f"not a document symbol: {text!r}")
    return symbol_from_match(m)


def symbol_from_match(m: re.Match[str]) -> Symbol:
    """Build a :class:`Symbol` from a match of :data:`SYMBOL_PATTERN`.

    >>> symbol_from_match(next(iter_symbols("theo 64/KH-UBND"))).doc_type
    'KH'
    """
    num = m.group("num")
    if m.group("ptype"):
        t = doc_type_code(m.group("ptype"))
        ptype = t or m.group("ptype")
        iss = m.group("pissuer")
        return Symbol(num, None, t, iss, f"{num}-{ptype}/{iss}")
    year = int(m.group("year")) if m.group("year") else None
    parts = [p for p in _squash(m.group("code")).split("-") if p]
    t = doc_type_code(parts[0]) if len(parts) > 1 or year is None else doc_type_code(parts[0])
    if t and len(parts) > 1:
        code = "-".join(parts[1:])
        parts[0] = t
    else:
        # công văn "3759/BNV-CCHC": the body is the first group, then the drafting unit
        t, code = None, parts[0]
    mid = f"/{year}" if year else ""
    return Symbol(num, year, t, code, f"{num}{mid}/{'-'.join(parts)}")


def iter_symbols(text: str):
    """Matches of :data:`SYMBOL_PATTERN` in ``text``.

    >>> [m.group(0) for m in iter_symbols("số 10-NQ/TU và 45/2020/NĐ-CP")]
    ['10-NQ/TU', '45/2020/NĐ-CP']
    """
    return _SYMBOL_RE.finditer(text)


def parse_date(text: str) -> str:
    """ISO date of "15/7/2021", "15-7-2021", "15.7.2021", "ngày 15 tháng 7 năm 2021".

    >>> parse_date("15.7.2021"), parse_date("02/9/2021")
    ('2021-07-15', '2021-09-02')
    """
    m = _DATE_RE.search(text)
    if not m:
        raise ValueError(f"no date in {text!r}")
    return date_from_match(m)


def date_from_match(m: re.Match[str]) -> str:
    """ISO date from a match of :data:`DATE_PATTERN` (``ValueError`` if impossible).

    >>> date_from_match(re.search(DATE_PATTERN, "ngày 8/4/2020"))
    '2020-04-08'
    """
    d, mo, y = (m.group("d"), m.group("m"), m.group("y")) if m.group("d") else (m.group("d2"), m.group("m2"), m.group("y2"))
    try:
        return _date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        raise ValueError(f"impossible date {m.group(0)!r}") from None


# ----------------------------------------------------------------- issuers

CENTRAL_CITIES = frozenset(fold(x) for x in ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"))

_UNITS = ("thành phố", "thị trấn", "thị xã", "tỉnh", "huyện", "quận", "phường", "xã")
_UNIT_LEVEL = {"tỉnh": "province", "huyện": "district", "quận": "district", "thị xã": "district",
               "xã": "commune", "phường": "commune", "thị trấn": "commune"}

_UNIT_LEVEL_FOLDED = {fold(k): v for k, v in _UNIT_LEVEL.items()}

# words that end a place name (folded)
_PLACE_STOP = {w for w in (
    "về", "ban", "tại", "giai", "đến", "năm", "ngày", "trên", "theo", "và", "thực", "triển", "của", "số",
    "khóa", "khoá", "lần", "nhiệm", "đoạn", "cụ", "với", "xây", "trong", "là", "đã", "được", "để",
    "quy", "thông", "hướng", "ban", "các", "cấp", "nhà", "giao", "tổ", "chịu", "có", "sửa", "phê",
)}
_WORD_RE = re.compile(r"[^\W\d_][\w]*", re.UNICODE)


def unit_level(unit: str | None, name: str | None = None) -> str:
    """Administrative level of a unit word (``"thành phố"`` depends on the city).

    >>> unit_level("huyện"), unit_level("thành phố", "Cần Thơ"), unit_level("thành phố", "Sóc Trăng")
    ('district', 'province', 'district')
    """
    if unit is None:
        return "unknown"
    u = fold(unit)
    if u == "thanh pho":
        if not name:
            return "unknown"
        return "province" if fold(name) in CENTRAL_CITIES else "district"
    return _UNIT_LEVEL_FOLDED.get(u, "unknown")


def grab_place(text: str) -> str | None:
    """Place name at the start of ``text`` (capitalised words; all-caps tolerated).

    >>> grab_place("Long Phú ban hành Kế hoạch"), grab_place("VĨNH LONG"), grab_place("Bà Rịa - Vũng Tàu;")
    ('Long Phú', 'Vĩnh Long', 'Bà Rịa - Vũng Tàu')
    >>> grab_place("về cải cách") is None
    True
    """
    return _grab_place(text)[0]


def _grab_place(text: str) -> tuple[str | None, int]:
    words: list[str] = []
    pos = 0
    consumed = 0
    n = len(text)
    while pos < n and len(words) < 7:
        m = _WORD_RE.match(text, pos)
        if not m:
            break
        w = m.group(0)
        if not w[0].isupper() or w.lower() in _PLACE_STOP:
            break
        words.append(w if not w.isupper() or len(w) == 1 else w.capitalize())
        pos = consumed = m.end()
        dash = _DASH_RE.match(text[pos:pos + 6])
        if dash:
            nxt = _WORD_RE.match(text, pos + dash.end())
            if nxt and nxt.group(0)[0].isupper() and nxt.group(0).lower() not in _PLACE_STOP:
                words.append("-")
                pos += dash.end()
                continue
            break
        gap = _WORD_GAP_RE.match(text[pos:pos + 4])
        if gap:
            pos += gap.end()
            continue
        break
    while words and words[-1] == "-":
        words.pop()
    if not words:
        return None, 0
    return " ".join(words), consumed


_ISSUER_SPECS: list[tuple[str, str, str, str | None]] = [
    # (regex on folded text, name, code, national jurisdiction or None=local)
    (r"thu tuong chinh phu", "Thủ tướng Chính phủ", "TTg", "Việt Nam"),
    (r"van phong chinh phu", "Văn phòng Chính phủ", "VPCP", "Việt Nam"),
    (r"thanh tra chinh phu", "Thanh tra Chính phủ", "TTCP", "Việt Nam"),
    (r"chinh phu", "Chính phủ", "CP", "Việt Nam"),
    (r"uy ban thuong vu quoc hoi", "Ủy ban Thường vụ Quốc hội", "UBTVQH", "Việt Nam"),
    (r"van phong quoc hoi", "Văn phòng Quốc hội", "VPQH", "Việt Nam"),
    (r"quoc hoi", "Quốc hội", "QH", "Việt Nam"),
    (r"chu tich nuoc", "Chủ tịch nước", "CTN", "Việt Nam"),
    (r"ngan hang nha nuoc(?: viet nam)?", "Ngân hàng Nhà nước Việt Nam", "NHNN", "Việt Nam"),
    (r"kiem toan nha nuoc", "Kiểm toán nhà nước", "KTNN", "Việt Nam"),
    (r"toa an nhan dan toi cao", "Tòa án nhân dân tối cao", "TANDTC", "Việt Nam"),
    (r"vien kiem sat nhan dan toi cao", "Viện kiểm sát nhân dân tối cao", "VKSNDTC", "Việt Nam"),
    (r"(?:hoi nghi lan thu \w+ )?ban chap hanh trung uong(?: dang)?|bo chinh tri|ban bi thu|trung uong dang",
     "Ban Chấp hành Trung ương Đảng", "TW", "Việt Nam"),
]
_MINISTRIES = [
    ("Nội vụ", "BNV"), ("Tài chính", "BTC"), ("Tư pháp", "BTP"), ("Y tế", "BYT"), ("Công an", "BCA"),
    ("Quốc phòng", "BQP"), ("Ngoại giao", "BNG"), ("Xây dựng", "BXD"), ("Công Thương", "BCT"),
    ("Kế hoạch và Đầu tư", "BKHĐT"), ("Thông tin và Truyền thông", "BTTTT"), ("Khoa học và Công nghệ", "BKHCN"),
    ("Giáo dục và Đào tạo", "BGDĐT"), ("Lao động - Thương binh và Xã hội", "BLĐTBXH"),
    ("Tài nguyên và Môi trường", "BTNMT"), ("Nông nghiệp và Phát triển nông thôn", "BNNPTNT"),
    ("Nông nghiệp và Môi trường", "BNNMT"), ("Giao thông vận tải", "BGTVT"),
    ("Văn hóa, Thể thao và Du lịch", "BVHTTDL"), ("Dân tộc và Tôn giáo", "BDTTG"),
]
_MINISTRY_RE = "|".join(sorted((re.escape(fold(n)) for n, _ in _MINISTRIES), key=len, reverse=True))
_MINISTRY_CODE = {fold(n): (n, c) for n, c in _MINISTRIES}
_NATIONAL_BY_CODE = {c.upper(): (n, c) for _, n, c, j in _ISSUER_SPECS if j} | {c.upper(): (f"Bộ {n}", c) for n, c in _MINISTRIES}


def national_issuer(code: str | None) -> Issuer | None:
    """The national body whose symbol code is ``code`` (``BTC``, ``VPCP``, ``QH15`` …), else ``None``.

    >>> national_issuer("BTC").name, national_issuer("QH15").name, national_issuer("UBND")
    ('Bộ Tài chính', 'Quốc hội', None)
    """
    if not code:
        return None
    c = re.sub(r"\d+$", "", code.upper()).replace("Đ", "Đ")
    hit = _NATIONAL_BY_CODE.get(c)
    if hit is None:
        return None
    return Issuer(hit[0], hit[1], "Việt Nam", "party-central" if hit[1] == "TW" else "national")

_UNIT_RE = r"(?P<unit>thanh pho|thi tran|thi xa|tinh|huyen|quan|phuong|xa)"
_LOCAL_SPECS: list[tuple[str, str, str]] = [
    # (folded prefix regex, short name, code); unit + place follow
    (r"(?:uy ban nhan dan|ubnd)(?: cap)?", "UBND", "UBND"),
    (r"(?:hoi dong nhan dan|hdnd)(?: cap)?", "HĐND", "HĐND"),
    (r"(?:hoi nghi lan thu \w+ )?ban chap hanh dang bo", "Ban Chấp hành Đảng bộ", "PARTY"),
    (r"ban thuong vu (?:tinh uy|thanh uy|huyen uy)", "Ban Thường vụ", "PARTY"),
    (r"so noi vu", "Sở Nội vụ", "SNV"),
]
_PARTY_COMMITTEES = {"tinh uy": ("tỉnh", "TU"), "thanh uy": ("thành phố", "TU"), "huyen uy": ("huyện", "HU"),
                     "quan uy": ("quận", "QU"), "thi uy": ("thị xã", "TXU"), "dang uy": (None, "ĐU")}
_PARTY_CODE = {"tỉnh": "TU", "thành phố": "TU", "huyện": "HU", "quận": "QU", "thị xã": "TXU", "xã": "ĐU",
               "phường": "ĐU", "thị trấn": "ĐU"}


# the patterns match_issuer tries, compiled once (same order); _ANY_ISSUER_RE
# matches when at least one of them does
_ISSUER_RES = [(re.compile(rx + r"\b"), name, code, juris) for rx, name, code, juris in _ISSUER_SPECS]
_MINISTRY_MATCH = re.compile(r"(?:bo truong )?bo (" + _MINISTRY_RE + r")\b")
_PARTY_RES = {key: re.compile(key + r"\b") for key in _PARTY_COMMITTEES}
_LOCAL_RES = {rx: (re.compile(rx + r" " + _UNIT_RE + r"\b"), re.compile(rx + r"\b")) for rx, _, _ in _LOCAL_SPECS}
_ANY_ISSUER_RE = re.compile(
    "|".join(
        [f"(?:{rx})\\b" for rx, *_ in _ISSUER_SPECS]
        + [r"(?:bo truong )?bo (?:" + _MINISTRY_RE + r")\b"]
        + [f"(?:{key})\\b" for key in _PARTY_COMMITTEES]
        + [f"(?:{rx})\\b" for rx, *_ in _LOCAL_SPECS]
    )
)


def _fold_keep_len(text: str) -> str:
    """Fold each character separately so offsets stay aligned with ``text``."""
    return fold_chars(text).replace("\n", " ")


def match_issuer(text: str) -> tuple[Issuer, int] | None:
    """Issuer named at the start of ``text`` and the length consumed.

    Jurisdiction stays ``None`` when the text names only the unit kind
    ("của UBND huyện"); the unit is then in ``Issuer.unit``.

    >>> iss, n = match_issuer("Tỉnh uỷ về đẩy mạnh")
    >>> iss.code, iss.unit, n
    ('TU', 'tỉnh', 7)
    >>> match_issuer("Bộ Nội vụ về việc")[0].code
    'BNV'
    """
    f = _fold_keep_len(text[:160])
    if not _ANY_ISSUER_RE.match(f):
        return None  # no spec below can match
    for rx, name, code, juris in _ISSUER_RES:
        m = rx.match(f)
        if m:
            return Issuer(name, code, juris, "party-central" if code == "TW" else "national"), m.end()
    m = _MINISTRY_MATCH.match(f)
    if m:
        n, c = _MINISTRY_CODE[m.group(1)]
        return Issuer(f"Bộ {n}", c, "Việt Nam", "national"), m.end()
    for key, (unit, code) in _PARTY_COMMITTEES.items():
        m = _PARTY_RES[key].match(f)
        if m:
            label = text[: m.end()]
            end = m.end()
            place = None
            rest = _OPT_SPACE.match(text[end:])
            if unit and rest is not None:
                place, used = _grab_place(text[end + rest.end():])
                if place:
                    end = end + rest.end() + used
            jur = f"{unit} {place}" if unit and place else None
            canon = {"TU": "Tỉnh ủy" if unit == "tỉnh" else "Thành ủy", "HU": "Huyện ủy"}.get(code, label.strip())
            return Issuer(canon + (f" {place}" if place else ""), code, jur, unit_level(unit, place), unit), end
    for rx, short, code in _LOCAL_SPECS:
        with_unit, alone = _LOCAL_RES[rx]
        m = with_unit.match(f)
        if not m:
            m0 = alone.match(f)
            if m0 and code == "SNV":
                return Issuer("Sở Nội vụ", "SNV", None, "province", "tỉnh"), m0.end()
            continue
        unit = next(u for u in _UNITS if fold(u) == m.group("unit"))
        end = m.end()
        place = None
        sp = _SPACES_1_2.match(text[end:])
        if sp:
            place, used = _grab_place(text[end + sp.end():])
            if place:
                end = end + sp.end() + used
        if code == "PARTY":
            code = _PARTY_CODE.get(unit, "ĐU")
            short = "Ban Chấp hành Đảng bộ"
        jur = f"{unit} {place}" if place else None
        name = f"{short} {unit}" + (f" {place}" if place else "")
        return Issuer(name, code, jur, unit_level(unit, place), unit), end
    return None


def normalize_issuer(text: str) -> Issuer:
    """Normalise an issuer name; ``ValueError`` when it names no known body.

    >>> normalize_issuer("ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ").jurisdiction
    'thành phố Cần Thơ'
    >>> normalize_issuer("Ban Chấp hành Đảng bộ huyện").code
    'HU'
    >>> normalize_issuer("Thủ tướng Chính phủ").level
    'national'
    """
    clean = " ".join(text.replace("*", " ").split())
    hit = match_issuer(clean)
    if hit is None:
        raise ValueError(f"unknown issuer: {text!r}")
    return hit[0]
