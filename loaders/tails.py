"""What stands around a citation mention: its date and issuer after it, its pinpoint before it.

>>> t = "theo khoản 4 Điều 35 Quyết định số 250/QĐ-TTg của Thủ tướng Chính phủ ngày 10/2/2023 về"
>>> s = t.index("Quyết"); e = t.index(" của")
>>> date, qend, issuer = tail(t, e, len(t))
>>> date, issuer.code, pinpoint(t, s)
('2023-02-10', 'TTg', 'khoản 4 Điều 35')
"""

from __future__ import annotations

import re

from cchc_kg.loaders.symbols import DATE_PATTERN, date_from_match, match_issuer

__all__ = ["tail", "pinpoint"]

_S = r"[^\S\n]"
_COMMA_SPACES = re.compile(r"\s*,\s*")
_DATE_AFTER = re.compile(
    _S + r"{0,4},?" + _S + r"{0,4}(?:(?i:ngày)" + _S + r"{1,3}(?=\d{1,2}" + _S + r"{0,2}[/.\-]))?(?:" + DATE_PATTERN + r")"
)
_OF_AFTER = re.compile(_S + r"{0,4},?" + _S + r"{0,4}(?i:của|do)" + _S + r"{1,4}")
_PINPOINT = re.compile(
    r"(?P<pp>(?:(?:[đĐ]iểm)" + _S + r"+[a-zđ]\)?" + _S + r"*,?" + _S + r"*)?"
    r"(?:(?:[kK]hoản)" + _S + r"+\d+[a-z]?" + _S + r"*,?" + _S + r"*)?"
    r"(?:(?:Điều|điều)" + _S + r"+\d+[a-z]?|(?:[Mm]ục|[Pp]hần|[Cc]hương|[Pp]hụ lục)" + _S + r"+[IVXLC\d]+))"
    r"(?:" + _S + r"*,?" + _S + r"*(?:của|tại))?" + _S + r"*,?" + _S + r"*$"
)


def tail(cleaned: str, end: int, limit: int):
    """Date and explicit issuer after a mention: (date, quote_end, issuer)."""
    date = None
    qend = end
    dm = _DATE_AFTER.match(cleaned, end, min(limit, end + 60))
    if dm:
        try:
            date = date_from_match(dm)
            qend = dm.end()
        except ValueError:
            date = None
    issuer = None
    om = _OF_AFTER.match(cleaned, qend, min(limit, qend + 12))
    if om:
        hit = match_issuer(cleaned[om.end():min(limit, om.end() + 160)])
        if hit:
            issuer = hit[0]
            if date is None:
                # "Quyết định số 250/QĐ-TTg của Thủ tướng Chính phủ ngày 10/2/2023": the date after the issuer
                dm = _DATE_AFTER.match(cleaned, om.end() + hit[1], min(limit, om.end() + hit[1] + 60))
                if dm:
                    try:
                        date = date_from_match(dm)
                        qend = dm.end()
                    except ValueError:
                        date = None
    return date, qend, issuer


_PIN_KEYWORD = re.compile(r"[đĐ]iểm|[kK]hoản|Điều|điều|[Mm]ục|[Pp]hần|[Cc]hương|[Pp]hụ lục")
_SPACE_COMMA = "".join(c for c in map(chr, range(0x3000 + 1)) if c.isspace()) + ","


def pinpoint(cleaned: str, start: int) -> str | None:
    lo = max(0, start - 70)
    nl = cleaned.rfind("\n", lo, start)
    lo = nl + 1 if nl >= 0 else lo
    w = cleaned[lo:start]
    if "iều" not in w and "ục" not in w and "hần" not in w and "hương" not in w:
        return None  # none of Điều/điều, Mục/mục/Phụ lục, Phần/phần, Chương/chương: no pinpoint
    # the pinpoint ends the window: "… 5", "… 5a", "… IV", then only spaces, commas, "của"/"tại"
    w = w.rstrip(_SPACE_COMMA)
    if w.endswith(("của", "tại")):
        w = w[:-3].rstrip(_SPACE_COMMA)
    if not w or not (w[-1] in "0123456789IVXLC" or ("a" <= w[-1] <= "z" and len(w) > 1 and w[-2] in "0123456789")):
        return None
    # a pinpoint starts with one of its keywords: try those places, leftmost first (= search)
    m = next((pm for k in _PIN_KEYWORD.finditer(cleaned, lo, start)
              if (pm := _PINPOINT.match(cleaned, k.start(), start))), None)
    if not m:
        return None
    pp = _COMMA_SPACES.sub(" ", m.group("pp")).strip()
    return " ".join(pp.split())
