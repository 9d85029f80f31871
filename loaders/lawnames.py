"""Names of laws cited without (or before) a number.

Vietnamese law names contain commas, "và", "của", even "theo" and "tại"
("Luật Thi đua, khen thưởng", "Luật Khoa học, công nghệ và đổi mới sáng
tạo", "Luật Xuất cảnh, nhập cảnh của công dân Việt Nam", "Luật Đầu tư theo
phương thức đối tác công tư"), so a name is not cut at the first comma: it
runs until a terminator — " số ", " ngày ", ";", "(", " được ", " đã ",
"của Quốc hội", the start of another cited document after ", " or " và "
("…, Luật Đầu tư", "… và Nghị định …") — and falls back to its first
comma-free part when no terminator comes soon (running prose).

:func:`law_name_end` measures one name; :func:`amending_law` reads "Luật
sửa đổi, bổ sung một số điều của Luật X, Luật Y số … và Luật Z" (the
amending law is one document; the laws named in its title are listed with
their own spans and numbers); :func:`constitution_at` reads "Hiến pháp …".

>>> t = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
>>> t[12:law_name_end(t, 12)]
'Thi đua, khen thưởng'
>>> t = "Căn cứ Luật Phí và lệ phí, Luật Đầu tư công số 58/2024/QH15;"
>>> t[12:law_name_end(t, 12)], t[32:law_name_end(t, 32)]
('Phí và lệ phí', 'Đầu tư công')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cchc_kg.kg.ids import fold as _fold_full
from cchc_kg.loaders.clean import fold_chars
from cchc_kg.loaders.symbols import SYMBOL_PATTERN, match_issuer

__all__ = ["law_name_end", "amending_law", "AmendingLaw", "InnerLaw", "constitution_at", "treaty_at", "LAW_START",
           "LOWER_LAW_START"]

fold = lru_cache(maxsize=65536)(_fold_full)

_S = r"[^\S\n]"
# "Luật X", "Bộ luật X", "LUẬT X" (a title), and lower-case "luật X" before a capital
LAW_START = re.compile(r"(?:Bộ luật|BỘ LUẬT|Luật|LUẬT)" + _S + r"+")
LOWER_LAW_START = re.compile(r"(?<![\w])luật" + _S + r"+(?=[A-ZĐÀ-Ỹ])")
# words before a lower-case "luật" that make it a common noun ("pháp luật", "dự luật")
_NOT_LAW_BEFORE = frozenset({"phap", "du", "ky", "quy", "quan", "luat", "hien", "cac", "nhung"})

_TOK = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")
_MAX_WORDS = 22
_MAX_AFTER_SEP = 6  # words after the first ", "/"và"/"của" before a prose word: beyond, the name ended at the comma
_HARD_STOP = frozenset(("số", "ngày", "được", "đã", "năm"))
# words that may stand inside a name when the law's number follows closely ("về", "đang", "trong" …)
_SOFT_STOP = frozenset(("về", "đang", "trong", "với", "cho", "đối", "trên", "khi", "có", "để", "từ", "đến", "như", "do"))
_NUMBER_SOON = re.compile(r"[^,;:.()\n\"“”]{0,70}?\s(?:số|SỐ)\s{0,3}:?\s{0,3}\d{1,4}\s{0,2}/\s{0,2}(?:19|20)\d\d\s{0,2}/\s{0,2}QH")


def _number_soon(cleaned: str, pos: int, limit: int) -> bool:
    """A law number ("số 103/2025/QH15") follows within a few words, with no punctuation between."""
    m = _NUMBER_SOON.match(cleaned, pos, min(limit, pos + 110))
    return bool(m) and not re.search(r"\s(?:được|đã|của)\s", cleaned[pos:m.end()])
# words that end a name wherever they stand (folded)
_STOP = frozenset((
    "số", "ngày", "được", "đã", "về", "này", "thì", "là", "để", "nhằm", "có", "phải", "sẽ", "cần", "không",
    "đang", "bị", "cũng", "như", "khi", "với", "cho", "đến", "từ", "gồm", "do", "bởi", "trong", "trên",
    "dưới", "sau", "trước", "kèm", "hoặc", "năm", "khóa", "khoá", "tháng",
))
# two-word stops ("quy định", "hướng dẫn" …)
_STOP2 = frozenset(("quy dinh", "huong dan", "ban hanh", "thong qua", "doi voi", "sua doi", "bo sung", "thuc hien",
                    "trien khai", "lien quan", "hien hanh"))
# "theo"/"tại"/"ở" continue a name only before these
_CONT_AFTER = {"theo": ("phuong thuc", "hop dong"), "tại": ("viet nam",), "ở": ("nuoc ngoai", "co so"),
               "không": ("dan dung", "gian")}
# lower-case words that, after ", "/"và", start something else than the name
_NOT_NAME_AFTER_SEP = frozenset(("các", "những", "được", "đã", "số", "ngày", "theo", "tại", "của", "và", "điều", "khoản",
                                 "điểm", "luật", "nghị", "thông", "chỉ", "pháp", "cụ", "thì", "để"))
_NOT_A_NAME = frozenset(("này", "sư", "định", "pháp", "lệ", "các", "những", "và", "hoặc", "mới", "sửa", "cũ"))
_CLOSED_BY = re.compile(r"\s{1,3}(?:số|ngày)\s{1,3}:?\s{0,2}\d")
_PUNCT_STOP = frozenset(";.():\"“”?!…[]{}/")


def _is_upper_word(w: str) -> bool:
    return w[:1].isupper()


_TYPE_START = re.compile(r"(?:luat|bo luat|nghi dinh|nghi quyet|quyet dinh|thong tu|chi thi|phap lenh|hien phap|ke hoach"
                         r"|chuong trinh|van ban|cong van|huong dan|de an|ket luan|thong bao)\b")


def _breaks_list(cleaned: str, tok: re.Match[str] | None, upper_mode: bool, after_and: bool = False) -> bool:
    """Whether the word after ", "/"và" starts something else than the name."""
    if tok is None:
        return True
    w = tok.group(0)
    if not w[:1].isalpha():
        return True
    if w.lower() in _NOT_NAME_AFTER_SEP:
        return True
    if fold_chars(cleaned[tok.start():tok.start() + 9]).startswith(("quy dinh", "huong dan", "van ban")):
        return True
    if not _is_upper_word(w) or upper_mode:
        return False
    if not after_and:
        return True
    # "Luật Tiêu chuẩn và Quy chuẩn kỹ thuật": a capital after "và" goes on unless a document or a body starts
    nxt = cleaned[tok.start():tok.start() + 120]
    return bool(_TYPE_START.match(fold_chars(nxt[:20])) or match_issuer(nxt))


_LINE_LEAD = re.compile(r"[ \t*_|>]*")
_NEW_LINE_ITEM = re.compile(
    r"(?:Căn cứ|Thực hiện|Theo đề nghị|Xét|Điều|Chương|Mục|Phần|PHẦN|CHƯƠNG|Nơi nhận|[IVXLC]{1,6}[.)]|\d{1,3}[.)]|[a-zđ]\)|[-+•])"
)


# bodies whose names stand inside law names ("Luật Tổ chức Chính phủ", "Luật Tổ chức Tòa án nhân dân")
_BODIES_IN_NAMES = ("chinh phu", "quoc hoi", "toa an nhan dan", "vien kiem sat nhan dan", "kiem toan nha nuoc",
                    "mat tran to quoc", "hoi dong nhan dan", "uy ban nhan dan", "cong doan", "nha nuoc")
_CLOSES_SOON = re.compile(r"[^;,.:\n()]{0,40}?\s(?:số|ngày)\s{1,3}:?\s{0,2}\d")


def _wrap_continues(cleaned: str, prev: re.Match[str], nxt: re.Match[str], upper_mode: bool) -> bool:
    """A hard line wrap inside a name ("Luật Tổ chức\\nChính phủ"): the name goes on."""
    if not prev.group(0)[:1].isalpha() or cleaned.count("\n", prev.end(), nxt.start()) > 1:
        return False
    line = cleaned.find("\n", prev.end(), nxt.start()) + 1
    lead = _LINE_LEAD.match(cleaned, line)
    if lead.end() != nxt.start() or _NEW_LINE_ITEM.match(cleaned, nxt.start()):
        return False
    w = nxt.group(0)
    if not w[:1].isalpha() or (not upper_mode and len(w) > 1 and w.isupper()) or w.lower() in _NOT_NAME_AFTER_SEP:
        return False
    # a capital after the wrap goes on ("Luật Tổ chức\nChính phủ") unless a body or another document starts
    if (w.islower() or upper_mode or _CLOSES_SOON.match(cleaned, nxt.start(), nxt.start() + 60)
            or fold_chars(cleaned[nxt.start():nxt.start() + 30]).startswith(_BODIES_IN_NAMES)):
        return True  # "Luật Tổ chức\nChính phủ ngày 18 tháng 02 năm 2025": the date closes the name
    return not (match_issuer(cleaned[nxt.start():nxt.start() + 120]) or _TYPE_START.match(fold_chars(cleaned[nxt.start():nxt.start() + 20])))


class _Tokens:
    """Tokens of a window, matched only as far as they are read."""

    __slots__ = ("_it", "_items")

    def __init__(self, it) -> None:
        self._it = it
        self._items: list[re.Match[str]] = []

    def get(self, i: int) -> re.Match[str] | None:
        items = self._items
        while len(items) <= i:
            nx = next(self._it, None)
            if nx is None:
                return None
            items.append(nx)
        return items[i]


def law_name_end(cleaned: str, pos: int, limit: int | None = None, *, lower_ok: bool = False) -> int | None:
    """End of the law name starting at ``pos`` (after "Luật "), or ``None``.

    >>> t = "theo Luật Xuất cảnh, nhập cảnh của công dân Việt Nam ngày 22/11/2019 và"
    >>> t[10:law_name_end(t, 10)]
    'Xuất cảnh, nhập cảnh của công dân Việt Nam'
    >>> t = "Căn cứ Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 19/6/2015;"
    >>> t[12:law_name_end(t, 12)]
    'Tổ chức Chính phủ'
    """
    limit = len(cleaned) if limit is None else limit
    window_end = min(limit, pos + 240)
    toks = _Tokens(_TOK.finditer(cleaned, pos, window_end))
    first = toks.get(0)
    if first is None or not first.group(0)[:1].isalpha():
        return None
    lower_first = not _is_upper_word(first.group(0))
    if lower_first and (first.group(0) in _STOP or first.group(0) in _NOT_A_NAME):
        return None
    if lower_first and not lower_ok:
        # "Luật tổ chức chính quyền địa phương ngày …": a lower-case name only when its date or number closes it
        end = law_name_end(cleaned, pos, limit, lower_ok=True)
        return end if end is not None and _CLOSED_BY.match(cleaned, end, limit) else None
    second = toks.get(1)
    upper_mode = first.group(0).isupper() and second is not None and second.group(0).isupper()
    end = first.end()
    soft_end: int | None = None
    soft_words = 0
    words = 1
    i = 1
    prev = first
    while (t := toks.get(i)) is not None:
        w = t.group(0)
        if "\n" in cleaned[prev.end():t.start()] and not _wrap_continues(cleaned, prev, t, upper_mode):
            break
        prev = t
        if w in _PUNCT_STOP or w.isdigit() or w == "-":
            break
        f = fold(w)
        nxt = toks.get(i + 1)
        if w == ",":
            if _breaks_list(cleaned, nxt, upper_mode):
                break
            if soft_end is None:
                soft_end, soft_words = end, words
            i += 1
            continue
        if w.lower() == "và":
            if _breaks_list(cleaned, nxt, upper_mode, after_and=True):
                break
            if soft_end is None:
                soft_end, soft_words = end, words
            i += 1
            continue
        if w.lower() == "của":
            if nxt is None or match_issuer(cleaned[nxt.start():nxt.start() + 120]) or _breaks_list(cleaned, nxt, upper_mode):
                break
            if soft_end is None:
                soft_end, soft_words = end, words
            i += 1
            continue
        if w.lower() in _CONT_AFTER:
            follow = fold(cleaned[t.end():t.end() + 16]).strip()
            ends_name = w.lower() == "ở" and (nxt is None or not nxt.group(0)[:1].isalpha() or nxt.group(0).lower() in _STOP
                                      or nxt.group(0).lower() in ("và", "của"))  # "Luật Nhà ở"
            if not ends_name and not any(follow.startswith(c) for c in _CONT_AFTER[w.lower()]) \
                    and not _number_soon(cleaned, t.start(), limit):
                break  # "… tại doanh nghiệp số 68/2025/QH15": the law's number closes the name
            if soft_end is None:
                soft_end, soft_words = end, words
            end = t.end()
            i += 1
            continue
        if w.lower() == "số" and nxt is not None and nxt.group(0)[:1].isalpha() and nxt.group(0).islower():
            end = t.end()  # "Luật Dân số", "Luật Tần số vô tuyến điện": "số" before a word is part of the name
            words += 1
            i += 1
            continue
        if w.lower() in _SOFT_STOP and _number_soon(cleaned, t.start(), limit):
            end = t.end()  # "Luật Tương trợ tư pháp về hình sự số 103/2025/QH15": the number closes the name
            words += 1
            i += 1
            continue
        if w.lower() in _STOP or (nxt is not None and f + " " + fold(nxt.group(0)) in _STOP2):
            if soft_end is not None and words - soft_words > _MAX_AFTER_SEP and w.lower() not in _HARD_STOP:
                return soft_end  # running prose after "Luật X, …": the name is the part before the comma
            break
        if _is_upper_word(w) and f in ("luat", "nghi", "quyet", "thong", "chi", "phap", "hien") and not upper_mode:
            break
        if (_is_upper_word(w) and not upper_mode and not fold_chars(cleaned[t.start():t.start() + 30]).startswith(_BODIES_IN_NAMES)
                and match_issuer(cleaned[t.start():t.start() + 120])):
            break  # "… tôn giáo Bộ Dân tộc và Tôn giáo …" (table residue): a body starts
        end = t.end()
        words += 1
        if words > _MAX_WORDS:
            return soft_end or toks.get(5).end()
        i += 1
    if t is None and i >= 2 and prev.end() >= window_end - 1:
        return soft_end or end  # ran out of window without a terminator: prose
    return end


@dataclass(frozen=True, slots=True)
class InnerLaw:
    """A law named in an amending law's title: "Luật Đất đai số 31/2024/QH15"."""

    name: str  # "Luật Đất đai"
    start: int
    end: int  # end of the name (and of its number when given)
    symbol: re.Match[str] | None = None


@dataclass(frozen=True, slots=True)
class AmendingLaw:
    """ "Luật sửa đổi, bổ sung một số điều của Luật X và Luật Y" (one document)."""

    name: str
    start: int
    end: int
    inner: tuple[InnerLaw, ...]


_AMEND_HEAD = re.compile(r"(?:sua doi|bo sung)")
_OF_LAWS = re.compile(r"(?:\bcua(?:\s+cac)?|\bdieu)\s+(?=(?:bo luat|luat)\s)")
_INNER_START = re.compile(r"(?:Bộ luật|Luật|luật|LUẬT|BỘ LUẬT)\s+")
_SO = re.compile(r"\s{0,3}(?:số|SỐ)\s{0,3}:?\s{0,3}")
_QH_SYMBOL = re.compile(SYMBOL_PATTERN)
_LIST_SEP = re.compile(r"\s{0,3}(?:,|và|VÀ|, và)\s{1,3}")


def _norm(s: str) -> str:
    return " ".join(s.split())


def amending_law(cleaned: str, start: int, after: int, limit: int | None = None) -> AmendingLaw | None:
    """Read an amending law whose "Luật " is ``cleaned[start:after]``.

    >>> t = "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15 và Luật Nhà ở số 27/2023/QH15;"
    >>> a = amending_law(t, 7, 12)
    >>> a.name, [(x.name, x.symbol.group(0)) for x in a.inner]
    ('Luật sửa đổi, bổ sung một số điều của Luật Đất đai và Luật Nhà ở', [('Luật Đất đai', '31/2024/QH15'), ('Luật Nhà ở', '27/2023/QH15')])
    """
    limit = len(cleaned) if limit is None else limit
    head = cleaned[after:min(limit, after + 200)]
    fh = fold_chars(head)
    if not _AMEND_HEAD.match(fh):
        return None
    of = _OF_LAWS.search(fh)
    if not of or ";" in fh[:of.start()] or "\n\n" in head[:of.start()]:
        return None
    pos = after + of.end()
    prefix = _norm(cleaned[start:pos])
    parts = [prefix]
    inner: list[InnerLaw] = []
    while True:
        sub = _INNER_START.match(cleaned, pos, limit)
        if not sub:
            break
        ne = law_name_end(cleaned, sub.end(), limit, lower_ok=True)
        if ne is None:
            break
        word = "Bộ luật" if fold(sub.group(0)).startswith("bo") else "Luật"
        raw = _norm(cleaned[sub.end():ne])
        name = f"{word} {raw.capitalize() if raw.isupper() else raw}"
        end = ne
        sym = None
        so = _SO.match(cleaned, ne, limit)
        if so:
            sm = _QH_SYMBOL.match(cleaned, so.end(), min(limit, so.end() + 40))
            if sm and "QH" in sm.group(0).upper():
                sym, end = sm, sm.end()
        inner.append(InnerLaw(name, sub.start(), end, sym))
        parts.append(name)
        sep = _LIST_SEP.match(cleaned, end, limit)
        if not sep or not _INNER_START.match(cleaned, sep.end(), limit):
            break
        parts.append("và" if "v" in fold(sep.group(0)) else ",")
        pos = sep.end()
    if not inner:
        return None
    name = parts[0]
    for p in parts[1:]:
        name = name + p if p == "," else f"{name} {p}"
    return AmendingLaw(name, start, inner[-1].end, tuple(inner))


# matched on folded text (tone-mark variants "hòa"/"hoà" fold alike)
_CONSTITUTION = re.compile(
    r"hien phap(?:[^\S\n]+nuoc[^\S\n]+cong[^\S\n]+hoa[^\S\n]+xa[^\S\n]+hoi[^\S\n]+chu[^\S\n]+nghia[^\S\n]+viet[^\S\n]+nam)?"
    r"(?:[^\S\n]+nam[^\S\n]+(?P<y>(?:19|20)\d\d))?(?!\w)"
)


def constitution_at(cleaned: str, pos: int, limit: int | None = None) -> tuple[int, int | None] | None:
    """(end, year written) of "Hiến pháp [nước CHXHCN Việt Nam] [năm 2013]" at ``pos``.

    >>> constitution_at("Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013;", 0)
    (58, 2013)
    """
    limit = len(cleaned) if limit is None else limit
    m = _CONSTITUTION.match(fold_chars(cleaned[pos:min(limit, pos + 80)]))
    if not m:
        return None
    return pos + m.end(), int(m.group("y")) if m.group("y") else None


# a treaty: "Hiệp định Đối tác kinh tế toàn diện giữa … và … ký ngày 28 tháng 10 năm 2024"
_TREATY = re.compile(
    r"(?:Hiệp định|HIỆP ĐỊNH|Công ước|Nghị định thư)\s+(?=[A-ZĐÀ-Ỹ])(?P<name>[^;()\n]{3,260}?)"
    r"(?=\s+(?:được\s+)?(?:ký|ngày|số|có hiệu lực|mà Việt Nam|giữa các)\b|\s*[;(,]|\.(?:\s|$)|\n|$)"
)
_SIGNED = re.compile(r"\s+(?:được\s+)?ký(?:\s+kết)?(?:\s+tại\s+[^,;\d]{1,40}?)?(?=\s+ngày)")


def treaty_at(cleaned: str, pos: int, limit: int | None = None) -> tuple[str, int] | None:
    """(name, end) of a treaty named at ``pos`` ("Hiệp định …"), the end after "ký" when it follows.

    >>> t = "Thực hiện Hiệp định Thương mại tự do giữa Việt Nam và Liên minh Châu Âu ký ngày 30 tháng 6 năm 2019;"
    >>> treaty_at(t, 10)[0]
    'Hiệp định Thương mại tự do giữa Việt Nam và Liên minh Châu Âu'
    """
    limit = len(cleaned) if limit is None else limit
    m = _TREATY.match(cleaned, pos, limit)
    if not m or not m.group("name")[:1].isupper():
        return None
    name = " ".join(cleaned[pos:m.end()].split())
    end = m.end()
    sg = _SIGNED.match(cleaned, end, limit)
    return name, sg.end() if sg else end
