"""Agencies named in plans: recognise, normalise to (kind, jurisdiction), roles.

``find_agencies(text, jurisdiction, level)`` returns :class:`AgencyMention`
(offsets into ``text``) with a normalised :class:`cchc_kg.kg.model.AgencyRecord`:
variants and abbreviations (``VP UBND``, ``Văn phòng Ủy ban nhân dân tỉnh``,
``uỷ``/``ủy``) share one ``kind``; collective mentions ("các sở, ban, ngành
tỉnh", "UBND các huyện, thị xã, thành phố") are groups (``is_group=True``)
and are never expanded into invented members.

>>> ms = find_agencies("Sở Nội vụ chủ trì, phối hợp với VP UBND tỉnh và UBND cấp huyện, cấp xã", "tỉnh Vĩnh Long", "province")
>>> [(m.agency.kind, m.agency.is_group) for m in ms]
[('so-noi-vu', False), ('van-phong-ubnd', False), ('ubnd-cap-huyen', True), ('ubnd-cap-xa', True)]
>>> ms[1].agency.name, ms[1].agency.jurisdiction
('Văn phòng UBND tỉnh', 'tỉnh Vĩnh Long')
>>> roles_in("Chủ trì triển khai, theo dõi, tổng hợp kết quả thực hiện nội dung cải cách TTHC")
['lead', 'monitor']
"""

from __future__ import annotations

import re
import re._constants as _C  # the stdlib regex parser: first characters of the entry patterns
from dataclasses import dataclass
from functools import lru_cache
from re._parser import parse as _sre_parse

from cchc_kg.kg.ids import slug
from cchc_kg.kg.model import AgencyRecord
from cchc_kg.loaders.areas import fold_chars

__all__ = ["AgencyMention", "find_agencies", "normalize_agency", "roles_in", "is_agency_cell", "UNIT_LEVEL"]

UNIT_LEVEL = {
    "tinh": "province", "thanh pho": "province", "tp": "province",
    "huyen": "district", "quan": "district", "thi xa": "district",
    "xa": "commune", "phuong": "commune", "thi tran": "commune",
}
_UNIT_NAME = {"tinh": "tỉnh", "thanh pho": "thành phố", "tp": "thành phố", "huyen": "huyện",
              "quan": "quận", "thi xa": "thị xã"}

_SO = ("Nội vụ", "Tư pháp", "Tài chính", "Kế hoạch và Đầu tư", "Thông tin và Truyền thông",
       "Khoa học và Công nghệ", "Y tế", "Giáo dục và Đào tạo", "Lao động - Thương binh và Xã hội",
       "Văn hóa, Thể thao và Du lịch", "Văn hóa và Thể thao", "Tài nguyên và Môi trường", "Xây dựng", "Công Thương",
       "Nông nghiệp và Phát triển nông thôn", "Giao thông vận tải", "Ngoại vụ", "Du lịch")
_PHONG = ("Nội vụ", "Tư pháp", "Tài chính - Kế hoạch", "Văn hóa và Thông tin", "Văn hóa - Thông tin",
          "Kinh tế và Hạ tầng", "Kinh tế - Hạ tầng", "Giáo dục và Đào tạo", "Lao động - Thương binh và Xã hội",
          "Tài nguyên và Môi trường", "Nông nghiệp và Phát triển nông thôn", "Y tế", "Kinh tế", "Quản lý đô thị")
_ABBR = {"kh&dt": "Kế hoạch và Đầu tư", "khdt": "Kế hoạch và Đầu tư", "tt&tt": "Thông tin và Truyền thông",
         "tttt": "Thông tin và Truyền thông", "gd&dt": "Giáo dục và Đào tạo", "gddt": "Giáo dục và Đào tạo",
         "tn&mt": "Tài nguyên và Môi trường", "khcn": "Khoa học và Công nghệ", "kh&cn": "Khoa học và Công nghệ",
         "ld-tb&xh": "Lao động - Thương binh và Xã hội", "ldtbxh": "Lao động - Thương binh và Xã hội"}

_UBND = r"(?:uy ban nhan dan|ubnd)"
_UNIT = r"(?:tinh|thanh pho|tp|huyen|quan|thi xa)"


def _flex(name: str) -> str:
    f = re.escape(fold_chars(name))
    f = f.replace(r"\ \-\ ", r"\s*[-–]?\s*").replace(",", ",?").replace(r"\ ", r"\s+")
    return f


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: str
    name: str
    pattern: str
    level: str  # province | district | commune | unit (from the matched unit word) | plan
    group: bool = False
    case: str = ""  # "first": first char upper; "second": char after first word upper


@lru_cache(maxsize=1)
def _entries() -> tuple[tuple[_Entry, re.Pattern[str]], ...]:
    es: list[_Entry] = []
    for n in _SO:
        es.append(_Entry("so-" + slug(n), "Sở " + n, r"so\s+" + _flex(n), "province", case="second"))
    for ab, n in _ABBR.items():
        es.append(_Entry("so-" + slug(n), "Sở " + n, r"so\s+" + re.escape(ab), "province"))
    for n in _PHONG:
        canon = {"Văn hóa - Thông tin": "Văn hóa và Thông tin", "Kinh tế - Hạ tầng": "Kinh tế và Hạ tầng"}.get(n, n)
        es.append(_Entry("phong-" + slug(canon), "Phòng " + canon, r"phong\s+" + _flex(n), "district", case="second"))
    es += [
        _Entry("van-phong-hdnd-ubnd", "Văn phòng HĐND và UBND", r"van phong (?:hdnd|hoi dong nhan dan) va " + _UBND + r"(?: " + _UNIT + r")?", "unit", case="first"),
        _Entry("van-phong-ubnd", "Văn phòng UBND", r"(?:van phong " + _UBND + r"|vp ?ubnd|vpub(?:nd)?)(?: " + _UNIT + r")?", "unit"),
        _Entry("ubnd-cap-huyen", "UBND cấp huyện", _UBND + r" (?:cap huyen|(?:cac )?quan, huyen|cac huyen(?:, (?:thi xa|thanh pho|quan))*(?: va (?:thi xa|thanh pho))?)", "district", True),
        _Entry("ubnd-cap-xa", "UBND cấp xã", _UBND + r" (?:cap xa|cac xa(?:, (?:phuong|thi tran))*|xa, phuong, thi tran)", "commune", True),
        _Entry("ubnd", "UBND", _UBND + r" " + _UNIT + r"(?![a-z])", "unit", case="first"),
        _Entry("cong-an", "Công an", r"cong an " + _UNIT, "unit", case="first"),
        _Entry("ngan-hang-nha-nuoc", "Ngân hàng Nhà nước", r"ngan hang nha nuoc(?: viet nam)?(?: chi nhanh)?(?: " + _UNIT + r")?", "unit", case="first"),
        _Entry("dai-phat-thanh-truyen-hinh", "Đài Phát thanh và Truyền hình", r"dai (?:phat thanh (?:va |- ?)?truyen hinh|ptth)(?: " + _UNIT + r")?", "unit", case="first"),
        _Entry("dai-truyen-thanh", "Đài Truyền thanh", r"dai truyen thanh(?: " + _UNIT + r")?", "unit", case="first"),
        _Entry("bao", "Báo", r"bao(?= \S)", "plan", case="second"),
        _Entry("ubmttq", "Ủy ban Mặt trận Tổ quốc Việt Nam", r"(?:uy ban )?mat tran to quoc(?: viet nam)?(?: " + _UNIT + r")?|ubmttq(?:vn)?(?: " + _UNIT + r")?", "unit", case="first"),
        _Entry("bao-hiem-xa-hoi", "Bảo hiểm xã hội", r"(?<!chinh sach )bao hiem xa hoi(?: " + _UNIT + r")?", "unit", case="first"),
        _Entry("chi-cuc-thue", "Chi cục Thuế", r"chi cuc thue(?: " + _UNIT + r")?", "district", case="first"),
        _Entry("cuc-thue", "Cục Thuế", r"cuc thue(?: " + _UNIT + r")?", "province", case="first"),
        _Entry("kho-bac-nha-nuoc", "Kho bạc Nhà nước", r"kho bac nha nuoc(?: " + _UNIT + r")?", "unit", case="first"),
        _Entry("cong-thong-tin-dien-tu", "Cổng Thông tin điện tử", r"cong thong tin dien tu " + _UNIT, "unit", case="first"),
        _Entry("so-ban-nganh", "Các sở, ban, ngành", r"(?:thu truong )?(?:cac )?so, ban,? nganh(?: (?:tinh|thanh pho|tp|cap tinh))?|cac so, nganh(?: (?:tinh|thanh pho|tp))?", "province", True),
        _Entry("co-quan-chuyen-mon", "Các cơ quan chuyên môn thuộc UBND", r"cac co quan chuyen mon thuoc " + _UBND + r"(?: " + _UNIT + r")?", "plan", True),
        _Entry("phong-ban-nganh", "Các phòng, ban, ngành huyện", r"cac (?:phong, )?ban,? nganh (?:huyen|quan|thi xa)", "district", True),
        _Entry("co-quan-don-vi", "Các cơ quan, đơn vị", r"(?:thu truong )?cac co quan, (?:don vi|to chuc)(?: co lien quan| tren dia ban (?:huyen|tinh|thanh pho))?", "plan", True),
        _Entry("co-quan-trung-uong", "Cơ quan Trung ương ngành dọc", r"co quan (?:trung uong nganh doc|cua trung uong|trung uong)", "plan", True),
        _Entry("co-quan-bao-chi", "Các cơ quan báo chí", r"cac co quan (?:bao chi|truyen thong)", "plan", True),
    ]
    return tuple((e, re.compile(r"(?<![a-z0-9])(?:" + e.pattern + r")(?![a-z0-9])")) for e in es)


@dataclass(frozen=True, slots=True)
class AgencyMention:
    """An agency mention: ``text[start:end]`` names ``agency``."""

    start: int
    end: int
    agency: AgencyRecord


_CAP_WORDS = re.compile(r"\s((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3})")


def _unit_of(fold: str) -> str | None:
    m = re.search(r"(?:^| )(thanh pho|thi xa|tinh|tp|huyen|quan)$", fold)
    return m.group(1) if m else None


def _place(text: str, end: int) -> str:
    m = _CAP_WORDS.match(text, end)
    return m.group(1) if m else ""


@lru_cache(maxsize=256)
def _plan_unit(jurisdiction: str | None) -> str | None:
    if not jurisdiction:
        return None
    f = fold_chars(jurisdiction)
    for u in ("thanh pho", "thi xa", "tinh", "huyen", "quan"):
        if f.startswith(u + " "):
            return u
    return None


def find_agencies(
    text: str,
    jurisdiction: str | None = None,
    level: str = "unknown",
    *,
    parent: str | None = None,
) -> list[AgencyMention]:
    """Agency mentions in ``text`` (non-overlapping, longest first, in order).

    ``jurisdiction``/``level`` are the plan's; ``parent`` the province of a
    district plan (used for provincial bodies such as Sở named there).
    """
    return list(_find_agencies(text, jurisdiction, level, parent))


# Where a mention can start: each entry pattern begins (after its
# ``(?<![a-z0-9])``) with one of these tokens.  A superset: every entry is then
# tried only at these positions (and only entries that can start with the
# character found there).
_START = re.compile(
    r"(?<![a-z0-9])(?=so[\s,]|phong\s|van phong |vp|uy ban |ub|cong an |cong thong tin dien tu |ngan hang nha nuoc|"
    r"dai |bao |mat tran to quoc|chi cuc thue|cuc thue|kho bac nha nuoc|thu truong |cac (?:so|co quan|phong|ban)|co quan )"
)


def _first_chars(items: list) -> tuple[set[str] | None, bool]:  # type: ignore[type-arg]
    """(characters a match of the parsed pattern can start with or None for any, can be empty)."""
    out: set[str] = set()
    for op, av in items:
        if op is _C.LITERAL:
            got, empty = {chr(av)}, False
        elif op is _C.IN:
            got, empty = set(), False
            for o, a in av:
                if o is _C.LITERAL:
                    got.add(chr(a))
                elif o is _C.RANGE:
                    got |= {chr(c) for c in range(a[0], a[1] + 1)}
                else:
                    return None, False
        elif op is _C.SUBPATTERN:
            got, empty = _first_chars(av[3])
        elif op is _C.BRANCH:
            got, empty = set(), False
            for alt in av[1]:
                f, e = _first_chars(alt)
                if f is None:
                    return None, False
                got |= f
                empty = empty or e
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
            got, empty = _first_chars(av[2])
            empty = empty or av[0] == 0
        elif op in (_C.ASSERT, _C.ASSERT_NOT, _C.AT):
            got, empty = set(), True
        else:
            return None, False
        if got is None:
            return None, False
        out |= got
        if not empty:
            return out, False
    return out, True


@lru_cache(maxsize=1)
def _by_first_char() -> dict[str, tuple[tuple[int, _Entry, re.Pattern[str]], ...]]:
    """Entries (with their index) by the characters their matches can start with."""
    table: dict[str, list[tuple[int, _Entry, re.Pattern[str]]]] = {}
    for i, (e, rx) in enumerate(_entries()):
        try:
            first, _ = _first_chars(list(_sre_parse(rx.pattern)))
        except Exception:  # noqa: BLE001 - private parser API: fall back to "any letter"
            first = None
        for c in first if first is not None else "abcdefghijklmnopqrstuvwxyz0123456789":
            table.setdefault(c, []).append((i, e, rx))
    return {c: tuple(sorted(v, key=lambda x: x[0])) for c, v in table.items()}


@lru_cache(maxsize=4096)
def _find_agencies(text: str, jurisdiction: str | None, level: str, parent: str | None) -> tuple[AgencyMention, ...]:
    fold = fold_chars(text)
    cands: list[tuple[int, int, _Entry]] = []
    by_first = _by_first_char()
    last_end: dict[int, int] = {}  # entry index → end of its previous match (finditer order)
    for g in _START.finditer(fold):
        p = g.start()
        for i, e, rx in by_first.get(fold[p], ()):
            if p < last_end.get(i, 0):
                continue
            m = rx.match(fold, p)
            if m is None:
                continue
            s, t = m.start(), m.end()
            last_end[i] = t
            if e.case == "first" and not text[s].isupper():
                continue
            if e.case == "second":
                sp = text.find(" ", s)
                if sp < 0 or sp + 1 >= len(text) or not text[sp + 1].isupper():
                    continue
            if e.kind == "bao":
                if fold[max(0, s - 5):s] == "cong ":  # "CÔNG BÁO" is the official gazette, not a newspaper
                    continue
                place = _place(text, s + 3)
                if not place:
                    continue
                t = s + 4 + len(place)
            cands.append((s, t, e))
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    out: list[AgencyMention] = []
    last_end = -1
    for s, t, e in cands:
        if s < last_end:
            continue
        # a place name written after a unit word ("UBND tỉnh Sóc Trăng")
        unit = _unit_of(fold[s:t])
        named = None
        if unit and e.level == "unit":
            p = _place(text, t)
            if p and not re.match(r"(Chủ|Sở|Ủy|Uỷ|UBND|Văn|Trong|Hàng|Đến|Kế)", p):
                named = f"{_UNIT_NAME[unit]} {p}"
                t += 1 + len(p)
        out.append(AgencyMention(s, t, _record(e, text[s:t], unit, named, jurisdiction, level, parent)))
        last_end = t
        # "UBND cấp huyện, cấp xã": the elided second body
        if e.kind == "ubnd-cap-huyen":
            m2 = re.match(r"(?:,| va) (cap xa|xa, phuong, thi tran)", fold[t:])
            if m2:
                s2, t2 = t + m2.start(1), t + m2.end(1)
                ex = next(x for x, _ in _entries() if x.kind == "ubnd-cap-xa")
                out.append(AgencyMention(s2, t2, _record(ex, text[s2:t2], None, None, jurisdiction, level, parent)))
                last_end = t2
    return tuple(out)


def _record(e: _Entry, surface: str, unit: str | None, named: str | None,
            jurisdiction: str | None, plan_level: str, parent: str | None) -> AgencyRecord:
    plan_unit = _plan_unit(jurisdiction)
    if e.level == "unit":
        lvl = UNIT_LEVEL.get(unit or "", plan_level if plan_level != "unknown" else "unknown")
    elif e.level == "plan":
        lvl = plan_level
    else:
        lvl = e.level
    # jurisdiction: named in the text, else the plan's when the level fits
    if named:
        jur = named
    elif lvl == plan_level or e.level == "plan" or (unit and plan_unit and UNIT_LEVEL.get(unit) == UNIT_LEVEL.get(plan_unit)):
        jur = jurisdiction
    elif lvl == "province" and plan_level == "district":
        jur = parent
    elif lvl in ("district", "commune") and e.group:
        jur = jurisdiction
    else:
        jur = None
    name = e.name
    u = unit or plan_unit
    if e.kind in ("van-phong-ubnd", "van-phong-hdnd-ubnd", "ubnd", "cong-an", "dai-truyen-thanh") and u:
        name = f"{e.name} {_UNIT_NAME.get(u, u)}"
    elif e.kind == "dai-phat-thanh-truyen-hinh" and u:
        name = f"{e.name} {_UNIT_NAME.get(u, u)}"
    elif e.kind == "bao":
        name = " ".join(surface.split())
    return AgencyRecord(kind=e.kind, name=name, jurisdiction=jur, level=lvl, is_group=e.group, surface=surface)


def normalize_agency(name: str, jurisdiction: str | None = None, level: str = "unknown") -> AgencyRecord:
    """The single agency ``name`` denotes (``ValueError`` if none or several).

    >>> normalize_agency("Văn phòng Uỷ ban nhân dân thành phố", "thành phố Cần Thơ", "province").kind
    'van-phong-ubnd'
    """
    ms = find_agencies(name, jurisdiction, level)
    if len(ms) != 1:
        raise ValueError(f"{name!r} names {len(ms)} agencies")
    return ms[0].agency


_FILLER = re.compile(r"(?:\s|,|;|\.|\(|\)|\bva\b|\bcac\b|\bcung\b|\bvoi\b|\bdoi\b|\bcap\b|\bnganh\b|\bdia phuong\b|\bcoc\b)+")


@lru_cache(maxsize=4096)
def is_agency_cell(text: str, jurisdiction: str | None = None, level: str = "unknown") -> bool:
    """True when a table cell is (almost) only a list of agencies.

    >>> is_agency_cell("Sở, ban, ngành thành phố, UBND cấp huyện, cấp xã")
    True
    >>> is_agency_cell("Tối thiểu 80% TTHC được cung cấp trực tuyến")
    False
    """
    ms = find_agencies(text, jurisdiction, level)
    if not ms:
        return False
    rest = fold_chars(text)
    for m in reversed(ms):
        rest = rest[: m.start] + " " + rest[m.end:]
    rest = _FILLER.sub(" ", rest).strip()
    return len(rest) <= max(6, len(text) // 8)


_ROLE_RX: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("standing", re.compile(r"co quan thuong truc|thuong truc (giup|tham muu)")),
    ("lead", re.compile(r"\bchu tri\b")),
    ("support", re.compile(r"^\W*phoi hop|(?<!chu tri, )\bphoi hop (voi|cac)\b")),
    ("advise", re.compile(r"\btham muu\b")),
    ("monitor", re.compile(r"theo doi,? (tong hop|don doc|chung)|don doc,? kiem tra|kiem tra (va|,) tong hop|theo doi, danh gia")),
)


def roles_in(duty: str) -> list[str]:
    """Roles a duty sentence gives its subject (``implement`` when none).

    "tham mưu" counts only without "chủ trì"; "phối hợp" only when the
    subject itself cooperates (not "chủ trì, phối hợp với X").

    >>> roles_in("Là cơ quan thường trực tổ chức triển khai thực hiện Kế hoạch")
    ['standing']
    >>> roles_in("Phối hợp với Sở Thông tin và Truyền thông thực hiện công tác tuyên truyền")
    ['support']
    """
    f = fold_chars(duty)
    roles = [r for r, rx in _ROLE_RX if rx.search(f)]
    if re.match(r"^\W*(?:[a-z]\)\s*)?trien khai (?:cac )?noi dung", f) and "lead" not in roles:
        roles.insert(0, "lead")
    if "lead" in roles:
        roles = [r for r in roles if r not in ("advise", "support")]
    if "standing" in roles:
        roles = [r for r in roles if r not in ("lead",) or "chu tri trien khai" in f or "chu tri," in f]
    return roles or ["implement"]
