"""Which document a law cited by name means: by the year written after the name, or by the citing date.

``check`` sets such references aside instead of reporting them as
ambiguous when the text or the date decides (``resolved-by-year``,
``resolved-by-date`` in the report's summary); ``docs/validity.md`` gives the
rules.

>>> year_after("Luật Đường sắt", "khoản 1 Điều 25 Luật Đường sắt 2025)")
'2025'
"""

from __future__ import annotations

import re

from cchc_kg.kg.ids import key_from_iri
from cchc_kg.queries.validity import in_force_at
from cchc_kg.queries.validity_facts import ValidityFacts

__all__ = ["year_after", "resolve_by_year", "resolve_by_date"]


def _issued(vf: ValidityFacts, iri: str) -> str | None:
    """Date (or year) a candidate was issued: its facts, else the year of its key (``luat/2014/…``)."""
    f = vf.document_facts(iri)
    if f.get("date"):
        return str(f["date"])
    if f.get("year"):
        return str(f["year"])
    try:
        y = key_from_iri(iri).split("/")[1]
    except (ValueError, IndexError):
        return None
    return y if y.isdigit() else None


_YEAR_AFTER = re.compile(r"[\s,(]*(?:năm\s+)?((?:19|20)\d\d)\b")


_YEAR_AFTER = re.compile(r"[\s,(]*(?:năm\s+)?((?:19|20)\d\d)\b")


def year_after(quote: str | None, sentence: str | None) -> str | None:
    r"""The year written right after a law's name in its sentence ("Luật … năm 2012", "Luật … 2025)"), or ``None``.

    >>> year_after("Luật Giám định tư pháp", "theo Luật Giám định tư pháp năm 2012 và Luật …")
    '2012'
    >>> year_after("Luật Cán bộ, công chức", "tại Luật Cán bộ, công chức \nnăm 2025, Luật Viên chức")
    '2025'
    >>> year_after("Luật Đất đai", "Luật Đất đai số 31/2024/QH15") is None
    True
    """
    q, sent = " ".join((quote or "").split()), " ".join((sentence or "").split())
    at = sent.find(q) if q else -1
    if at < 0:
        return None
    m = _YEAR_AFTER.match(sent, at + len(q))
    return m.group(1) if m else None


def resolve_by_year(vf: ValidityFacts, cands: list[str], year: str) -> str | None:
    """The candidate a law name followed by ``year`` means: the only one issued that year (copies of one
    document — a dated one and year-only stubs, or one date — count as one), else ``None``."""
    dated: dict[str, set[str]] = {}
    for c in sorted(cands, key=lambda c: ("/nn-" in c, c)):  # numbered keys first
        v = _issued(vf, c)
        if v is not None and v[:4] == year:
            dated[c] = {v} if len(v) == 10 else set()
    if not dated or len({d for ds in dated.values() for d in ds}) > 1:
        return None
    return next(iter(dated))


def resolve_by_date(vf: ValidityFacts, cands: list[str], signed: str | None) -> str | None:
    """The candidate a name cited on ``signed`` means, or ``None`` when the date does not decide.

    The one candidate in force on that date; else the latest candidate
    issued in an earlier year, when none was issued in the citing year
    (documents of one name succeed each other: the newest already issued is
    the one in force).
    """
    if not signed or not cands:
        return None
    live = [c for c in cands if in_force_at(vf.validity(c), signed, today=signed) is True]
    if len(live) == 1:
        return live[0]
    years: dict[str, dict[str, set[str]]] = {}  # year → candidate → full dates known
    for c in sorted(cands, key=lambda c: ("/nn-" in c, c)):  # numbered keys first
        v = _issued(vf, c)
        if v is None:
            continue  # nothing known about it: it cannot be placed in time
        years.setdefault(v[:4], {}).setdefault(c, set()).update({v} if len(v) == 10 else set())
    if not years or signed[:4] in years:
        return None
    before = sorted(y for y in years if y < signed[:4])
    if not before:
        return None
    last = years[before[-1]]
    dates = {d for ds in last.values() for d in ds}
    if len(dates) > 1:
        return None  # two documents of that name in one year
    return next(iter(last))  # copies of one document (a year-only stub and a dated one, or one date)
