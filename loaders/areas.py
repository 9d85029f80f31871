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

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "AREAS",
    "AREA_LABELS",
    "area_of_heading",
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


class _FoldTable(dict):
    """``str.translate`` table computed lazily per code point (C-speed folding)."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        d = unicodedata.normalize("NFD", c)
        base = d[0] if d else c
        if base in "đĐ":
            base = "d"
        low = base.lower()
        folded = low if len(low) == 1 else base
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold_chars(text: str) -> str:
    """Fold per character (same length as ``text``): marks stripped, đ→d, lower.

    >>> fold_chars("Ủy ban Đ")
    'uy ban d'
    """
    return text.translate(_FOLD_TABLE)


_HEAD_STRIP = re.compile(
    r"^\s*(?:[ivxlc]+|\d+|[a-z])[.)]\s*|^\s*[-+•]\s*|^\s*ve\s+"
)


def area_of_heading(heading: str, window: int = 100) -> str | None:
    """Area slug named by a heading (first strong match within ``window`` chars)."""
    f = _HEAD_STRIP.sub("", fold_chars(heading).strip())
    f = re.sub(r"^ve\s+", "", f)
    best: tuple[int, str] | None = None
    for slug, rx in _compiled(False):
        m = rx.search(f[: window + 40])
        if m and m.start() <= window and (best is None or m.start() < best[0]):
            best = (m.start(), slug)
    if best is None:
        # bare area names used as table section titles ("Cải cách thể chế")
        for slug, label in AREA_LABELS.items():
            if f.startswith(fold_chars(label)[:18]):
                return slug
        return None
    return best[1]


def areas_in(text: str, weak: bool = False) -> list[str]:
    """Areas a duty or sentence names, in order of first mention (strong patterns).

    With ``weak=True`` the weaker keyword table is used when nothing strong matches.
    """
    f = fold_chars(text)
    hits: list[tuple[int, str]] = []
    for slug, rx in _compiled(False):
        m = rx.search(f)
        if m:
            hits.append((m.start(), slug))
    if not hits and weak:
        for slug, rx in _compiled(True):
            m = rx.search(f)
            if m:
                hits.append((m.start(), slug))
                break
    return [s for _, s in sorted(hits)]


def area_of_text(text: str) -> str | None:
    """Best single area for a sentence (strong, then weak keywords), or None.

    >>> area_of_text("90% hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng")
    'chinh-phu-so'
    """
    got = areas_in(text, weak=True)
    return got[0] if got else None


_VIEW_SPECIAL = re.compile("\\*|\n[ \t\r\n\u00a0]*|[\u00a0\t\r]")
_ITEM_START = re.compile(r"[a-zđ]\)")


class TextView:
    """Cleaned view of ``text[start:end]`` with offsets back to ``text``.

    Removes ``*`` (markdown residue), turns NBSP into a space, and joins a
    hard-wrapped line with the next non-blank line when that line starts with
    a lower-case letter (and is not an ``a)`` item). ``fold`` is the folded
    view (same length as ``text``).
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        self.source = text
        chars: list[str] = []
        offs: list[int] = []
        last = ""  # last non-space character kept
        pos = start
        search = _VIEW_SPECIAL.search
        while True:
            m = search(text, pos, end)
            a = m.start() if m else end
            if a > pos:  # an ordinary run: copied as is
                chunk = text[pos:a]
                chars.append(chunk)
                offs.extend(range(pos, a))
                stripped = chunk.rstrip()
                if stripped:
                    last = stripped[-1]
            if m is None:
                break
            c = text[a]
            if c == "*":  # markdown residue: dropped
                pos = a + 1
                continue
            if c == "\n":
                j = m.end()
                nxt = text[j:j + 3]
                if j < end and nxt[:1].islower() and not _ITEM_START.match(nxt) and last not in {".", ":", ";", ""}:
                    chars.append(" ")  # a hard wrap inside a sentence: joined
                    offs.append(a)
                    pos = j
                    continue
                chars.append("\n")
                offs.append(a)
                last = ""
                pos = a + 1
                continue
            chars.append(" ")  # NBSP, tab, CR
            offs.append(a)
            pos = a + 1
        self.text = "".join(chars)
        self.offsets = offs
        self.fold = fold_chars(self.text)
        self.start, self.end = start, end

    def span(self, s: int, e: int) -> tuple[int, int]:
        """Original (start, end) of the view slice ``[s, e)``."""
        if e <= s:
            o = self.offsets[s] if s < len(self.offsets) else self.end
            return o, o
        return self.offsets[s], self.offsets[e - 1] + 1

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
        for kind, rx in (("roman", _ROMAN), ("number", _NUMBER), ("letter", _LETTER), ("bullet", _BULLET)):
            m = rx.match(raw)
            if m:
                out.append(Line(s, e, raw, kind, m.group(1)))
                break
        else:
            out.append(Line(s, e, raw, "text"))
    return out
