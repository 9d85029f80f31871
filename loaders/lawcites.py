"""Laws, the Constitution and treaties cited by name, as :class:`~cchc_kg.loaders.resolve.Mention` objects.

:func:`law_mentions` finds them in a text (names measured by
:mod:`cchc_kg.loaders.lawnames`), with their number, date, issuer and pinpoint, and
cuts names that run into prose back to a known name.

>>> [(m.law_name, m.date) for m in law_mentions("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;")]
[('Luật Thi đua, khen thưởng', '2022-06-15')]
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from cchc_kg.kg.ids import fold as _fold_full
from cchc_kg.loaders.clean import fold_chars
from cchc_kg.loaders.lawnames import amending_law, constitution_at, law_name_end, treaty_at
from cchc_kg.loaders.resolve import Mention
from cchc_kg.loaders.symbols import SYMBOL_PATTERN, symbol_from_match
from cchc_kg.loaders.tails import pinpoint as _pinpoint
from cchc_kg.loaders.tails import tail as _tail

__all__ = ["law_mentions"]

fold = lru_cache(maxsize=65536)(_fold_full)
_S = r"[^\S\n]"
_SYMBOL_RE = re.compile(SYMBOL_PATTERN)
# a flat alternation of literals (no groups) lets the regex engine skip to candidate first letters;
# the kind of each hit is read from its text (:func:`_law_kind`)
_LAW_ANY = re.compile(r"(?:Bộ luật|Bộ Luật|BỘ LUẬT|Luật|LUẬT|luật|Hiến pháp|HIẾN PHÁP|Hiệp định|HIỆP ĐỊNH|Công ước|Nghị định thư)")
_LAW_KIND = {"Bộ luật": "law", "Bộ Luật": "law", "BỘ LUẬT": "law", "Luật": "law", "LUẬT": "law", "luật": "low", "Hiến pháp": "hp",
             "HIẾN PHÁP": "hp", "Hiệp định": "tr", "HIỆP ĐỊNH": "tr", "Công ước": "tr", "Nghị định thư": "tr"}
_GAP_AFTER = re.compile(_S + r"+")
# a lower-case "luật" after these words is a common noun ("pháp luật", "dự luật")
_NOT_LAW_BEFORE = re.compile(r"(?:phap|du|ky|quy|quan|luat|hien|cac|nhung|mot)\s*$")
_AMEND_HEAD_F = re.compile(r"(?:sua doi|bo sung)")
_QH_SO = re.compile(r"\s{0,3}(?:số|SỐ)\s{0,3}:?\s{0,3}")


def _law_symbol(cleaned: str, e: int, end: int):
    """A "số 72/2025/QH15" right after a law name: (symbol match, end) or (None, e)."""
    sm = _QH_SO.match(cleaned, e, end)
    symm = _SYMBOL_RE.match(cleaned, sm.end() if sm else e, min(end, e + 40))
    if symm and (symbol_from_match(symm).issuer_code or "").upper().startswith("QH"):
        return symm, symm.end()
    return None, e


def _law_mention(cleaned: str, s: int, after: int, kind: str, end: int) -> Mention | None:
    """The law (or Constitution, treaty) cited at ``s``; its name starts at ``after``; or ``None``."""
    if kind == "hp":
        hit = constitution_at(cleaned, s, end)
        if hit is None:
            return None
        e, year = hit
        date, qend, issuer = _tail(cleaned, e, end)
        return Mention(s, qend, "Luật", None, year, None, None, date, issuer, "Hiến pháp", _pinpoint(cleaned, s), "law")
    if kind == "tr":
        hit = treaty_at(cleaned, s, end)
        if hit is None:
            return None
        name, e = hit
        date, qend, issuer = _tail(cleaned, e, end)
        return Mention(s, qend, None, None, None, None, None, date, None, name, _pinpoint(cleaned, s), "treaty")
    if kind == "low":
        nxt = cleaned[after:after + 1]
        if not nxt.isupper() or _NOT_LAW_BEFORE.search(fold_chars(cleaned[max(0, s - 8):s])):
            return None
    word = "Bộ luật" if cleaned[s] in "Bb" else "Luật"
    amended: tuple[Mention, ...] = ()
    symm = None
    if _AMEND_HEAD_F.match(fold_chars(cleaned[after:after + 8])):
        am = amending_law(cleaned, s, after, end)
        if am is None:
            return None
        name, e = am.name, am.end
        inner = list(am.inner)
        last = inner[-1]
        if (last.symbol is not None and all(x.symbol is None for x in inner[:-1])
                and cleaned.find(last.symbol.group(0), max(0, s - 800), s) < 0):
            # "… của Luật Xây dựng số 62/2020/QH14", "… của Luật A, Luật B và Luật C số 09/2026/QH16": a number
            # only after the last law, not cited before, belongs to the amending law
            symm = last.symbol
            inner[-1] = replace(last, symbol=None)
        amended = tuple(_inner_mention(x) for x in inner)
        if symm is None:
            symm, e = _law_symbol(cleaned, e, end)
    else:
        ne = law_name_end(cleaned, after, end)
        if ne is None:
            return None
        raw = " ".join(cleaned[after:ne].split())
        name = f"{word} {raw.capitalize() if raw.isupper() or cleaned[s:after].isupper() else raw}"
        symm, e = _law_symbol(cleaned, ne, end)
    number = symbol = year = code = None
    if symm is not None:
        sy = symbol_from_match(symm)
        number, symbol, year, code = sy.number, sy.symbol, sy.year, sy.issuer_code
    date, qend, issuer = _tail(cleaned, e, end)
    return Mention(s, qend, "Luật", number, year, code, symbol, date, issuer, name, _pinpoint(cleaned, s), "law", amended)


@lru_cache(maxsize=1)
def _catalog_law_names() -> frozenset[str]:
    from cchc_kg.kg import catalog

    return frozenset(fold(d.law_name) for d in catalog.national_documents() if d.law_name)


_NAME_WORD = re.compile(r"[^\W_]+")


def _prefer_known_names(cleaned: str, laws: list[Mention]) -> list[Mention]:
    """Cut a law name that runs on into prose back to a known name.

    Known names are the catalog's and those the document itself closes with
    a number or a date ("Căn cứ Luật Bảo hiểm xã hội số …"): "… theo Luật
    Bảo hiểm xã hội chịu trách nhiệm quản lý quỹ" becomes "Luật Bảo hiểm xã hội".
    """
    loose = [m for m in laws if m.form == "law" and not m.number and not m.date and not m.amended_laws
             and m.law_name and m.law_name != "Hiến pháp"]
    if not loose:
        return laws
    known = set(_catalog_law_names()) | {fold(m.law_name) for m in laws if m.law_name and (m.number or m.date)}
    out = []
    for m in laws:
        if m in loose and fold(m.law_name) not in known:
            f = fold(m.law_name)
            best = max((k for k in known if f.startswith(k) and f[len(k):len(k) + 1] in (" ", ",")), key=len, default=None)
            if best is not None:
                words = list(_NAME_WORD.finditer(cleaned, m.start, m.end))
                n = len(_NAME_WORD.findall(best))
                if 0 < n <= len(words):
                    e = words[n - 1].end()
                    raw = " ".join(cleaned[m.start:e].split())
                    m = replace(m, end=e, law_name=raw[0].upper() + raw[1:])
        out.append(m)
    return out


def _inner_mention(x) -> Mention:
    """A law named in an amending law's title, as a mention (with its number when given)."""
    if x.symbol is not None:
        sy = symbol_from_match(x.symbol)
        return Mention(x.start, x.end, "Luật", sy.number, sy.year, sy.issuer_code, sy.symbol, None, None, x.name, None, "law")
    return Mention(x.start, x.end, "Luật", None, None, None, None, None, None, x.name, None, "law")


def law_mentions(cleaned: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Every law, Constitution or treaty named in ``cleaned[start:end]``, in order, without overlaps."""
    end = len(cleaned) if end is None else end
    laws: list[Mention] = []
    for lm in _LAW_ANY.finditer(cleaned, start, end):
        s = lm.start()
        if (s > 0 and cleaned[s - 1].isalnum()) or (laws and s < laws[-1].end):
            continue  # inside a word, or inside the previous law's name (an amending law's list)
        kind = _LAW_KIND[lm.group(0)]
        gap = _GAP_AFTER.match(cleaned, lm.end(), end)
        if gap is None and kind != "hp":
            continue
        m = _law_mention(cleaned, s, gap.end() if gap else lm.end(), kind, end)
        if m is not None:
            laws.append(m)
    return _prefer_known_names(cleaned, laws)
