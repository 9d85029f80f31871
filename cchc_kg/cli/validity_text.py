"""Validity lines of the command line: in force or not at a date, ended since when and by what, in force from.

Pure text builders over the library's validity answers (``show``,
``bases --as-of``, ``check``); the words live in :mod:`cchc_kg.kg.labels`.
"""

from __future__ import annotations

from typing import Any

from cchc_kg.kg.labels import CHECK_WORDS as _WORDS
from cchc_kg.kg.labels import VALIDITY_WORDS as _RELATED

__all__ = ["format_in_force", "format_validity", "format_effective"]


def format_in_force(node: dict[str, Any], as_of: str, lang: str = "en") -> str:
    """Suffix for a ``bases --as-of`` line: `` [in force on …]``, `` [NOT in force …]`` or ``""``.

    >>> format_in_force({"in_force_at": False}, "2026-01-01")
    ' [NOT in force on 2026-01-01]'
    >>> format_in_force({"in_force_at": True}, "2026-01-01", "vi")
    ' [còn hiệu lực ngày 01/01/2026]'
    """
    from cchc_kg.viz.text import in_force_mark

    return in_force_mark(node.get("in_force_at"), as_of, lang)




def format_validity(v: dict[str, Any], label=lambda iri: iri, lang: str = "vi") -> list[str]:
    """Lines for ``show``: whether a document ended, since when, by what, with the evidence.

    >>> format_validity({"end": "2021-08-15", "in_force": False, "successors": [{"successor": "n", "relation": "replaces",
    ...   "date": "2021-08-15", "date_source": "stated", "confidence": "V", "origin": "catalog", "fact_source": "row 3",
    ...   "sentence": None}], "amended_by": []}, lang="en")
    ['  validity: no longer in force since 2021-08-15', '    replaced by n (2021-08-15; V; catalog: row 3)']
    """
    from cchc_kg.kg.labels import fmt_date

    w, r = _WORDS.get(lang, _WORDS["vi"]), _RELATED.get(lang, _RELATED["vi"])
    if not v.get("successors") and not v.get("end") and v.get("in_force") is None:
        return []
    if v.get("end") or v.get("successors") or v.get("in_force") is False:
        head = f"  {r['validity']}: {w['ended']}" + (f" {w['since']} {fmt_date(v['end'], lang)}" if v.get("end") else "")
    else:
        head = f"  {r['validity']}: {w['in_force']}"
    lines = [head]
    for e in list(v.get("successors", ())) + list(v.get("amended_by", ())):
        when = fmt_date(e.get("date"), lang) or "?"
        if e.get("date_source") in r:
            when += f" = {r[e['date_source']]}"
        lines.append(f"    {r.get(e['relation'], e['relation'])} {label(e['successor'])} ({when}; {e.get('confidence') or '?'}; "
                     f"{e.get('origin') or '?'}: {e.get('fact_source') or ''})")
        if e.get("sentence"):
            lines.append(f"      « {' '.join(str(e['sentence']).split())[:200]} »")
        ev = e.get("date_evidence")
        if ev and ev.get("quote"):
            lines.append(f"      {r['successor-effective']}: « {' '.join(str(ev['quote']).split())[:200]} » ({ev.get('source_path') or '?'})")
    return lines


def format_effective(v: dict[str, Any], lang: str = "vi") -> list[str]:
    """The line of ``show`` saying since when a document is in force, and who says so.

    >>> format_effective({"effective": "2024-02-15", "effective_source": "corpus", "effective_evidence": {
    ...   "quote": "Thông tư này có hiệu lực từ ngày 15/02/2024", "source_path": "a.txt", "start": 9}}, lang="en")
    ['  in force from 2024-02-15 (by its entry-into-force clause: « Thông tư này có hiệu lực từ ngày 15/02/2024 » a.txt:9)']
    """
    from cchc_kg.kg.labels import fmt_date

    r = _RELATED.get(lang, _RELATED["vi"])
    if not v.get("effective"):
        return []
    if v.get("effective_source") == "corpus" and v.get("effective_evidence"):
        ev = v["effective_evidence"]
        how = f"{r['clause']}: « {' '.join(str(ev.get('quote') or '').split())[:200]} » {ev.get('source_path') or '?'}:{ev.get('start')}"
    else:
        how = r["catalog"]
    return [f"  {r['effective']} {fmt_date(v['effective'], lang)} ({how})"]
