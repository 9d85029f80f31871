"""Repair words split by markup or PDF spacing, keeping every offset traceable.

Two layout classes split words in real copies:

- **bold markers inside a word** (web copies): ``Ngh**ị định``,
  ``**V****ề việc**``;
- **letters or digits spaced out** by PDF extraction, in capitals and
  dates: ``U B ND``, ``ỦY B AN NHÂN D Â N``, ``tháng 0 9 năm``.

The cleaned text stays exactly as long as the source (see
:mod:`cchc_kg.loaders.clean`): a repaired word's characters are *packed* to the
left of its span and the freed positions become spaces (``h**ành`` →
``hành··``). Only inside a repaired span do cleaned offsets differ from
source offsets; :class:`CleanText` carries the :class:`Moved` records and
:func:`source_span` maps a cleaned span back to the source, so evidence
quotes the original characters.

>>> t = "Chính ph**ủ ban h**ành"
>>> out, moved = pack_words(t, marker_groups(t))
>>> out
'Chính phủ   ban hành  '
>>> source_span(CleanText(out, moved), 16, 20), t[16:22]
((16, 22), 'h**ành')
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "Moved",
    "CleanText",
    "pack_words",
    "marker_groups",
    "spaced_caps_groups",
    "spaced_digit_groups",
    "source_span",
    "source_pos",
]


@dataclass(frozen=True, slots=True)
class Moved:
    """A repaired span ``[start, end)``: cleaned char ``start+i`` is source char ``origin[i]``.

    Cleaned positions ``start+len(origin) … end`` are the freed blanks; they
    map to ``end`` (the span's source end).
    """

    start: int
    end: int
    origin: tuple[int, ...]


class CleanText(str):
    """A cleaned string that remembers its repaired spans (``moved``)."""

    moved: tuple[Moved, ...]
    _starts: tuple[int, ...]

    def __new__(cls, value: str, moved: Sequence[Moved] = ()) -> CleanText:
        obj = super().__new__(cls, value)
        obj.moved = tuple(sorted(moved, key=lambda m: m.start))
        obj._starts = tuple(m.start for m in obj.moved)
        return obj


def source_pos(cleaned: str, pos: int, *, end: bool = False) -> int:
    """Source offset of cleaned offset ``pos`` (``end=True`` for a span end).

    >>> ct = CleanText("ab  c", [Moved(0, 4, (0, 3))])
    >>> source_pos(ct, 1), source_pos(ct, 2, end=True), source_pos(ct, 4)
    (3, 4, 4)
    """
    moved = getattr(cleaned, "moved", ())
    if not moved:
        return pos
    i = bisect_right(cleaned._starts, pos if not end else pos - 1) - 1  # type: ignore[attr-defined]
    if i < 0:
        return pos
    m = moved[i]
    if end:
        if not (m.start < pos <= m.end):
            return pos
        k = pos - 1 - m.start
        return m.origin[k] + 1 if k < len(m.origin) else m.end
    if not (m.start <= pos < m.end):
        return pos
    k = pos - m.start
    return m.origin[k] if k < len(m.origin) else m.end


def source_span(cleaned: str, start: int, end: int) -> tuple[int, int]:
    """The source span of the cleaned span ``[start, end)`` (identity outside repairs).

    >>> source_span("plain", 1, 3)
    (1, 3)
    """
    if not getattr(cleaned, "moved", ()):
        return start, end
    return source_pos(cleaned, start), max(source_pos(cleaned, start), source_pos(cleaned, end, end=True))


def pack_words(text: str, groups: Iterable[tuple[int, int, Sequence[int]]]) -> tuple[str, list[Moved]]:
    """Pack the kept characters of each group to the left of its span.

    ``groups`` are ``(start, end, keep)`` with ``keep`` the positions of the
    characters kept, in order; every other position of the span becomes a
    space. Groups overlapping an earlier group are skipped.

    >>> pack_words("a b", [(0, 3, [0, 2])])
    ('ab ', [Moved(start=0, end=3, origin=(0, 2))])
    """
    chars = list(text)
    out: list[Moved] = []
    last_end = -1
    for start, end, keep in sorted(groups, key=lambda g: g[0]):
        if start < last_end:
            continue
        for i in range(start, end):
            chars[i] = " "
        for k, p in enumerate(keep):
            chars[start + k] = text[p]
        out.append(Moved(start, end, tuple(keep)))
        last_end = end
    return "".join(chars), out


# a run of word characters and markers holding at least one marker between letters
_MARKED_WORD = re.compile(r"[^\W_]+(?:(?:\*+|_{2,})[^\W_]+)+")
_MARKER = re.compile(r"\*+|_{2,}")


def marker_groups(text: str) -> list[tuple[int, int, list[int]]]:
    """Groups for words split by ``**``/``__`` markers (``h**ành``).

    >>> marker_groups("V****ề việc")
    [(0, 6, [0, 5])]
    """
    if "*" not in text and "__" not in text:
        return []
    out = []
    for m in _MARKED_WORD.finditer(text):
        keep = [i for i in range(m.start(), m.end()) if text[i] not in "*_"]
        out.append((m.start(), m.end(), keep))
    return out


_VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
_CODAS = {"c", "ch", "m", "n", "ng", "nh", "p", "t"}
_ABBREVIATIONS = {"ubnd", "hđnd", "hdnd", "mttq"}
_TOKEN = re.compile(r"\S+")
_CAPS_LINE = re.compile(r"^[^\S\n]*[^\W\d_a-zđ][^\n]*$", re.M)


def _has_vowel(tok: str) -> bool:
    return any(c in _VOWELS for c in tok.lower())


def _is_fragment(tok: str) -> bool:
    return tok.isalpha() and (len(tok) == 1 or not _has_vowel(tok)) and tok.isupper()


def spaced_caps_groups(text: str) -> list[tuple[int, int, list[int]]]:
    """Groups for capital words spaced out by PDF extraction (``B AN``, ``D Â N``, ``U B ND``).

    Only all-capital lines are repaired, and only where a token is a
    fragment (a lone letter, or consonants only) that joins its neighbour
    into a Vietnamese syllable (onset + rhyme, or syllable + final
    consonant) or into a known abbreviation (UBND, HĐND).

    >>> t = "ỦY B AN NHÂN D Â N"
    >>> out, _ = pack_words(t, spaced_caps_groups(t))
    >>> " ".join(out.split())
    'ỦY BAN NHÂN DÂN'
    >>> spaced_caps_groups("VỀ VIỆC Ở ĐÂU")
    []
    """
    out = []
    for line in _CAPS_LINE.finditer(text):
        s = line.group(0)
        if s != s.upper() or len(s) > 200:
            continue
        toks = [(m.start() + line.start(), m.group(0)) for m in _TOKEN.finditer(s)]
        i = 0
        while i < len(toks):
            j = _abbreviation_end(toks, i)
            if j == i:
                j = _syllable_end(toks, i)
            if j > i:
                start = toks[i][0]
                end = toks[j][0] + len(toks[j][1])
                keep = [p for p in range(start, end) if not text[p].isspace()]
                out.append((start, end, keep))
            i = j + 1
    return out


def _abbreviation_end(toks: list[tuple[int, str]], i: int) -> int:
    """Last token of a spaced-out abbreviation starting at ``i`` (``U B ND``), else ``i``."""
    word = ""
    best = i
    for j in range(i, min(len(toks), i + 5)):
        tok = toks[j][1]
        if not (tok.isalpha() and len(tok) <= 2):
            break
        word += tok.lower()
        if not any(a.startswith(word) for a in _ABBREVIATIONS):
            break
        if word in _ABBREVIATIONS and j > i:
            best = j
    return best


def _syllable_end(toks: list[tuple[int, str]], i: int) -> int:
    """Last token of a syllable spaced out from ``i`` (``B AN``, ``D Â N``), else ``i``."""
    j = i
    word = toks[i][1]
    while j + 1 < len(toks):
        nxt = toks[j + 1][1]
        if not (nxt.isalpha() and (_is_fragment(word) or _is_fragment(nxt))):
            break
        low, nlow = word.lower(), nxt.lower()
        onset = not _has_vowel(low) and _has_vowel(nlow)
        coda = _has_vowel(low) and not _has_vowel(nlow) and nlow in _CODAS and len(word) <= 4
        if not (onset or coda):
            break
        word += nxt
        j += 1
    return j


_SPACED_DATE = re.compile(r"(?:(?<=ngày )|(?<=tháng ))\d \d(?= tháng| năm)|(?<=năm )\d ?\d ?\d ?\d\b")


def spaced_digit_groups(text: str) -> list[tuple[int, int, list[int]]]:
    """Groups for date digits spaced out by PDF extraction (``tháng 0 9 năm``).

    >>> t = "ngày 1 5 tháng 0 9 năm 2 025"
    >>> out, _ = pack_words(t, spaced_digit_groups(t))
    >>> " ".join(out.split())
    'ngày 15 tháng 09 năm 2025'
    """
    if "ngày" not in text and "tháng" not in text:
        return []
    out = []
    for m in _SPACED_DATE.finditer(text):
        if " " not in m.group(0):
            continue
        keep = [p for p in range(m.start(), m.end()) if not text[p].isspace()]
        out.append((m.start(), m.end(), keep))
    return out
