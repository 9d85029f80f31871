"""Reform areas and the layout of a plan (cleaned view, lines, headings).

Holds what every plan stage shares:

* the reform-area vocabulary (slugs of ``concept/area/…``) and the heading
  variants that name each area (``area_of_heading``, ``areas_in``);
* :class:`TextView`, a cleaned copy of a span of ``SourceText.text``
  (``**`` residue removed, hard-wrapped lines joined, NBSP → space) with a
  map back to the original offsets, and a *folded* copy of the same length
  for tone-insensitive matching;
* :func:`logical_lines`, the lines of a view with their heading kind.

>>> area_of_heading("2. Cải cách thủ tục hành chính (TTHC)")
'tthc'
>>> area_of_heading("6. Về xây dựng và phát triển chính quyền số, dịch vụ đô thị thông minh")
'chinh-phu-so'
>>> areas_in("Chủ trì triển khai các nội dung cải cách tổ chức bộ máy hành chính, cải cách chế độ công vụ.")
['to-chuc-bo-may', 'cong-vu']
>>> v = TextView("ab **cd**\\nef", 0, 12)
>>> v.text
'ab cd ef'
>>> v.span(3, 5), v.span(6, 8)
((5, 7), (10, 12))
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from cchc_kg.loaders.clean import fold_chars  # one length-preserving fold for every stage

__all__ = [
    "AREAS",
    "AREA_LABELS",
    "area_of_heading",
    "area_of_folded_heading",
    "areas_in",
    "area_of_text",
    "fold_chars",
    "TextView",
    "Line",
    "logical_lines",
]

AREAS: tuple[str, ...] = (
    "the-che",
    "tthc",
    "to-chuc-bo-may",
    "cong-vu",
    "tai-chinh-cong",
    "chinh-phu-so",
    "hien-dai-hoa",
)

AREA_LABELS: dict[str, str] = {
    "the-che": "Cải cách thể chế",
    "tthc": "Cải cách thủ tục hành chính",
    "to-chuc-bo-may": "Cải cách tổ chức bộ máy hành chính nhà nước",
    "cong-vu": "Cải cách chế độ công vụ",
    "tai-chinh-cong": "Cải cách tài chính công",
    "chinh-phu-so": "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
    "hien-dai-hoa": "Hiện đại hóa hành chính",
}

# Strong patterns (folded text): the area named as a reform content.
_STRONG: tuple[tuple[str, str], ...] = (
    ("the-che", r"cai cach the che|ve the che\b|hoan thien the che"),
    ("tthc", r"cai cach (cac )?(thu tuc hanh chinh|tthc)|kiem soat (thu tuc hanh chinh|tthc)"),
    ("to-chuc-bo-may", r"cai cach (to chuc )?bo may|to chuc bo may hanh chinh"),
    ("cong-vu", r"cai cach (che do )?cong vu|che do cong vu|(xay dung va )?nang cao chat luong doi ngu can bo, cong chuc"),
    ("tai-chinh-cong", r"cai cach tai chinh cong|tai chinh cong\b"),
    ("chinh-phu-so", r"chinh quyen (dien tu|so)|chinh phu (dien tu|so)|chuyen doi so|do thi thong minh"),
    ("hien-dai-hoa", r"hien dai hoa (nen )?hanh chinh|ung dung cong nghe thong tin trong hoat dong"),
)
# Weak patterns: used for duties/targets only when no strong pattern matches.
_WEAK: tuple[tuple[str, str], ...] = (
    ("the-che", r"van ban quy pham phap luat|vbqppl|van ban qppl|thi hanh phap luat"),
    ("tthc", r"thu tuc hanh chinh|\btthc\b|mot cua|dich vu cong"),
    ("to-chuc-bo-may", r"don vi su nghiep cong lap|sap xep .{0,20}to chuc|phuc vu cua co quan hanh chinh"),
    ("cong-vu", r"can bo, cong chuc|cong chuc, vien chuc|vi tri viec lam"),
    ("tai-chinh-cong", r"tu chu tai chinh|co che tai chinh|chi thuong xuyen|ngan sach"),
    ("chinh-phu-so", r"he thong thong tin|moi truong mang|moi truong so|du lieu|van ban dien tu|dinh danh|dang dien tu|phuong thuc dien tu"),
)


@lru_cache(maxsize=8)
def _compiled(weak: bool) -> tuple[tuple[str, re.Pattern[str]], ...]:
    table = _WEAK if weak else _STRONG
    return tuple((slug, re.compile(p)) for slug, p in table)


@lru_cache(maxsize=2)
def _any_of(weak: bool) -> re.Pattern[str]:
    """Alternation of a whole table: finds something iff one of its patterns does."""
    return re.compile("|".join(f"(?:{p})" for _, p in (_WEAK if weak else _STRONG)))


_LABEL_PREFIXES: tuple[tuple[str, str], ...] = tuple((slug, fold_chars(label)[:18]) for slug, label in AREA_LABELS.items())
_VE = re.compile(r"^ve\s+")

_HEAD_STRIP = re.compile(
    r"^\s*(?:[ivxlc]+|\d+|[a-z])[.)]\s*|^\s*[-+•]\s*|^\s*ve\s+"
)


def area_of_heading(heading: str, window: int = 100) -> str | None:
    """Area slug named by a heading (first strong match within ``window`` chars)."""
    return area_of_folded_heading(fold_chars(heading), window)


def area_of_folded_heading(folded: str, window: int = 100) -> str | None:
    """:func:`area_of_heading` of a heading already folded with :func:`fold_chars`.

    >>> area_of_folded_heading("  2. cai cach thu tuc hanh chinh")
    'tthc'
    """
    f = folded.strip()
    # both patterns are anchored at the start: one match at most, a prefix
    m = _HEAD_STRIP.match(f)
    if m:
        f = f[m.end():]
    m = _VE.match(f)
    if m:
        f = f[m.end():]
    best: tuple[int, str] | None = None
    head = f[: window + 40]
    for slug, rx in _compiled(False) if _any_of(False).search(head) is not None else ():
        m = rx.search(head)
        if m and m.start() <= window and (best is None or m.start() < best[0]):
            best = (m.start(), slug)
    if best is None:
        # bare area names used as table section titles ("Cải cách thể chế")
        for slug, prefix in _LABEL_PREFIXES:
            if f.startswith(prefix):
                return slug
        return None
    return best[1]


def areas_in(text: str, weak: bool = False) -> list[str]:
    """Areas a duty or sentence names, in order of first mention (strong patterns).

    With ``weak=True`` the weaker keyword table is used when nothing strong matches.
    """
    f = fold_chars(text)
    hits: list[tuple[int, str]] = []
    if _any_of(False).search(f) is not None:
        for slug, rx in _compiled(False):
            m = rx.search(f)
            if m:
                hits.append((m.start(), slug))
    if not hits and weak and _any_of(True).search(f) is not None:
        for slug, rx in _compiled(True):
            m = rx.search(f)
            if m:
                hits.append((m.start(), slug))
                break
    return [s for _, s in sorted(hits)]


@lru_cache(maxsize=4096)
def area_of_text(text: str) -> str | None:
    """Best single area for a sentence (strong, then weak keywords), or None.

    >>> area_of_text("90% hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng")
    'chinh-phu-so'
    """
    got = areas_in(text, weak=True)
    return got[0] if got else None


_ITEM_START = re.compile(r"[a-zđ]\)")


def _not_lower_class(limit: int = 0x3000) -> str:
    """Regex class of the code points below ``limit`` that are not lower case."""
    ranges: list[str] = []
    lo = prev = -2
    for cp in range(limit + 1):  # ``limit`` itself is a sentinel closing the last range
        if cp < limit and not chr(cp).islower():
            if cp != prev + 1:
                lo = cp
            prev = cp
        elif prev == cp - 1 and lo >= 0:
            ranges.append(re.escape(chr(lo)) + ("-" + re.escape(chr(prev)) if prev > lo else ""))
            lo = -2
    return "[" + "".join(ranges) + "]"


# a line break (with the blank run after it) maybe followed by a lower-case
# character (a superset: code points above U+3000 are checked in Python)
_JOIN_CANDIDATE = re.compile("\n[ \t\r\n\u00a0]*(?!" + _not_lower_class() + ")(?=.)", re.S)
_NO_JOIN_AFTER = frozenset({".", ":", ";", ""})


def _last_kept(text: str, start: int, a: int, joined: list[tuple[int, int]]) -> str:
    """Last non-space, non-``*`` character kept before ``a`` since the last kept line break."""
    hi = a
    k = len(joined) - 1
    while True:
        nl = text.rfind("\n", start, hi)
        tail = text[nl + 1 if nl >= 0 else start:hi].replace("*", "").rstrip()
        if tail:
            return tail[-1]
        if nl < 0:
            return ""
        while k >= 0 and joined[k][0] > nl:
            k -= 1
        if k >= 0 and joined[k][0] <= nl < joined[k][1]:  # a joined break: look further back
            hi = joined[k][0]
            continue
        return ""


def _blank_specials(s: str) -> str:
    """NBSP, tab and CR → space."""
    if "\u00a0" in s:
        s = s.replace("\u00a0", " ")
    if "\t" in s:
        s = s.replace("\t", " ")
    if "\r" in s:
        s = s.replace("\r", " ")
    return s


class TextView:
    """Cleaned view of ``text[start:end]`` with offsets back to ``text``.

    Removes ``*`` (markdown residue), turns NBSP into a space, and joins a
    hard-wrapped line with the next non-blank line when that line starts with
    a lower-case letter (and is not an ``a)`` item). ``fold`` is the folded
    view (same length as ``text``).
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        self.source = text
        #: ``fold_chars(text[start:end])`` (the folded span, before cleaning)
        self.source_fold = sfold = fold_chars(text[start:end])
        # Only dropped stars and joined line breaks change offsets; every other
        # special character (NBSP, tab, CR, a kept newline) maps one to one.
        joined: list[tuple[int, int]] = []  # [a, j): a newline run turned into one space
        for m in _JOIN_CANDIDATE.finditer(text, start, end):
            a, j = m.start(), m.end()
            if (text[j].islower() and not _ITEM_START.match(text[j:j + 3])
                    and _last_kept(text, start, a, joined) not in _NO_JOIN_AFTER):
                joined.append((a, j))
        cuts: list[tuple[int, int, bool]] = [(a, j, True) for a, j in joined]  # (from, to, emit a space)
        st = text.find("*", start, end)
        if st >= 0:
            while st >= 0:
                cuts.append((st, st + 1, False))
                st = text.find("*", st + 1, end)
            cuts.sort()
        chars: list[str] = []
        folds: list[str] = []
        seg_v: list[int] = []  # view offset where a piece starts …
        seg_o: list[int] = []  # … and its original offset (pieces map linearly)
        pos, n = start, 0
        for a, j, space in cuts:
            if a > pos:
                chars.append(text[pos:a])
                folds.append(sfold[pos - start:a - start])
                seg_v.append(n)
                seg_o.append(pos)
                n += a - pos
            if space:
                chars.append(" ")
                folds.append(" ")
                seg_v.append(n)
                seg_o.append(a)
                n += 1
            pos = j
        if end > pos:
            chars.append(text[pos:end])
            folds.append(sfold[pos - start:end - start])
            seg_v.append(n)
            seg_o.append(pos)
            n += end - pos
        self.text = _blank_specials("".join(chars))
        # fold_chars works per character, so folding the kept runs equals folding the view
        self.fold = _blank_specials("".join(folds))
        self.start, self.end = start, end
        self._seg_v, self._seg_o, self._n = seg_v, seg_o, n
        self._offsets: list[int] | None = None

    @property
    def offsets(self) -> list[int]:
        """Original offset of every view character (built on first use)."""
        if self._offsets is None:
            offs: list[int] = []
            bounds = self._seg_v[1:] + [self._n]
            for v, o, b in zip(self._seg_v, self._seg_o, bounds):
                offs.extend(range(o, o + b - v))
            self._offsets = offs
        return self._offsets

    def _at(self, i: int) -> int:
        """``self.offsets[i]`` without building the list."""
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError("view offset out of range")
        k = bisect.bisect_right(self._seg_v, i) - 1
        return self._seg_o[k] + i - self._seg_v[k]

    def span(self, s: int, e: int) -> tuple[int, int]:
        """Original (start, end) of the view slice ``[s, e)``."""
        if e <= s:
            o = self._at(s) if s < self._n else self.end
            return o, o
        return self._at(s), self._at(e - 1) + 1

    def original(self, s: int, e: int) -> str:
        """Original characters of the view slice ``[s, e)``."""
        a, b = self.span(s, e)
        return self.source[a:b]


@dataclass(frozen=True, slots=True)
class Line:
    """A logical line of a view: ``[start, end)`` view offsets and its kind."""

    start: int
    end: int
    text: str
    kind: str  # roman | number | letter | bullet | text | blank
    marker: str = ""


_ROMAN = re.compile(r"^\s*([IVXLC]+)\.\s+\S")
_NUMBER = re.compile(r"^\s*(\d{1,2})\.\s+\S")
_LETTER = re.compile(r"^\s*([a-zđ])\)\s*")
_BULLET = re.compile(r"^\s*([-+•–])\s*")
_KINDS = (("roman", _ROMAN), ("number", _NUMBER), ("letter", _LETTER), ("bullet", _BULLET))
_MARK_FIRST = frozenset("IVXLC-+•–abcdefghijklmnopqrstuvwxyzđ")


def logical_lines(view: TextView) -> list[Line]:
    """Lines of the cleaned view with their structural kind.

    >>> [l.kind for l in logical_lines(TextView("I. A\\n1. B\\na) c\\n- d\\nE", 0, 20))]
    ['roman', 'number', 'letter', 'bullet', 'text']
    """
    out: list[Line] = []
    pos = 0
    for raw in view.text.split("\n"):
        s, e = pos, pos + len(raw)
        pos = e + 1
        t = raw.strip()
        if not t:
            out.append(Line(s, e, raw, "blank"))
            continue
        c = t[0]
        if c in _MARK_FIRST or c.isdecimal():  # a line kind needs one of these first
            for kind, rx in _KINDS:
                m = rx.match(raw)
                if m:
                    out.append(Line(s, e, raw, kind, m.group(1)))
                    break
            else:
                out.append(Line(s, e, raw, "text"))
        else:
            out.append(Line(s, e, raw, "text"))
    return out
