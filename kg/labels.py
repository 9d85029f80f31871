"""Words people read, in Vietnamese (default) and English, for the library's stable codes.

Every vocabulary keeps one owner: relation words live in the relation
registry (:mod:`cchc_kg.kg.relations`), area/role/level names with their
concepts (:mod:`cchc_kg.kg.concepts`), comparison and comparator words with
the target alignment (:mod:`cchc_kg.kg.align`). This module only gathers
them behind one function, :func:`term`, and adds what a line of text needs:
dates (dd/mm/yyyy in Vietnamese), target values ("giảm tối thiểu 10 %"),
the phrases of the command line (:func:`say`) and the choice of language
(``CCHC_KG_LANG``). JSON keys never change with the language: callers add
``*_label`` fields next to the codes (:func:`add_labels`).

Pure Python, no graph library.

>>> term("vi", "relation", "based_on"), term("en", "relation-inverse", "replaces")
('căn cứ', 'replaced by')
>>> term("vi", "area", "tthc"), term("vi", "comparison", "different-year")
('Cải cách thủ tục hành chính', 'khác năm')
>>> fmt_date("2022-03-23"), fmt_date("2022-03-23", "en"), fmt_date(None)
('23/03/2022', '2022-03-23', '')
>>> fmt_value({"comparator": "reduce>=", "value": 10.0, "unit": "%"})
'giảm tối thiểu 10 %'
>>> fmt_value({"comparator": "reduce>=", "value": 10.0, "unit": "%"}, "en")
'reduce by at least 10%'
>>> say("vi", "n-documents", n=3), say("en", "n-documents", n=3)
('3 văn bản', '3 documents')
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from cchc_kg.kg.align import COMPARATOR_LABELS, COMPARISON_LABELS
from cchc_kg.kg.concepts import (
    AREA_LABELS, AREA_LABELS_EN, LEVEL_LABELS, LEVEL_LABELS_EN, ROLE_LABELS, ROLE_LABELS_EN,
)
from cchc_kg.kg.relations import BY_NAME

__all__ = ["LANGS", "LANG_ENV", "pick_lang", "env_lang", "term", "fmt_date", "fmt_number", "fmt_value", "say",
           "PHRASES", "add_labels", "ORIGIN_LABELS", "SEVERITY_LABELS", "EVENT_LABELS"]

LANGS = ("vi", "en")
LANG_ENV = "CCHC_KG_LANG"

#: node origins → (Vietnamese, English)
ORIGIN_LABELS: dict[str, tuple[str, str]] = {
    "loaded": ("đã nạp", "loaded"), "stub": ("chỉ được dẫn chiếu, chưa nạp", "referenced, not loaded"),
    "catalog": ("danh mục", "catalog"),
}
#: finding severities of ``check`` → (Vietnamese, English)
SEVERITY_LABELS: dict[str, tuple[str, str]] = {
    "error": ("LỖI", "ERROR"), "warning": ("CẢNH BÁO", "WARNING"), "info": ("THÔNG TIN", "INFO"),
}
#: organisation-change events → (Vietnamese, English)
EVENT_LABELS: dict[str, tuple[str, str]] = {
    "merger": ("hợp nhất, sáp nhập", "merger"), "status-change": ("đổi tên, chuyển đổi", "status change"),
    "province-merger": ("sắp xếp đơn vị hành chính cấp tỉnh", "province merger"), "dissolution": ("giải thể", "dissolution"),
    "function-transfer": ("chuyển giao chức năng", "function transfer"),
}


def pick_lang(value: str | None) -> str:
    """``"en"`` when asked for English (any case), else ``"vi"``.

    >>> pick_lang("EN"), pick_lang(None), pick_lang("vi")
    ('en', 'vi', 'vi')
    """
    return "en" if (value or "").strip().lower() in ("en", "english") else "vi"


def env_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language asked for by ``CCHC_KG_LANG`` (Vietnamese when unset).

    >>> env_lang({"CCHC_KG_LANG": "en"}), env_lang({})
    ('en', 'vi')
    """
    return pick_lang((os.environ if environ is None else environ).get(LANG_ENV))


def _pairs(vi: Mapping[str, str], en: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    return {k: (v, en.get(k, k)) for k, v in vi.items()}


_ROLE_WORDS = {k: v[:1].lower() + v[1:] for k, v in ROLE_LABELS.items()}
_KINDS: dict[str, dict[str, tuple[str, str]]] = {
    "role": _pairs(_ROLE_WORDS, ROLE_LABELS_EN),
    "area": _pairs(AREA_LABELS, AREA_LABELS_EN),
    "level": _pairs({k: v[:1].lower() + v[1:] for k, v in LEVEL_LABELS.items()}, LEVEL_LABELS_EN),
    "comparison": COMPARISON_LABELS,
    "comparator": COMPARATOR_LABELS,
    "origin": ORIGIN_LABELS,
    "severity": SEVERITY_LABELS,
    "event": EVENT_LABELS,
}


def term(lang: str, kind: str, code: str | None) -> str:
    """Words for a code of one vocabulary; the code itself when unknown, ``""`` for ``None``.

    ``kind``: relation, relation-inverse, role, area, level, comparison,
    comparator, origin, severity, event.

    >>> term("vi", "role", "lead"), term("en", "role", "lead"), term("vi", "area", "xyz"), term("vi", "role", None)
    ('chủ trì', 'lead', 'xyz', '')
    """
    if code is None:
        return ""
    if kind in ("relation", "relation-inverse"):
        r = BY_NAME.get(code)
        return r.label(lang, inverse=kind == "relation-inverse") if r else code
    pair = _KINDS.get(kind, {}).get(code)
    if pair is None:
        return code
    return pair[1] if lang == "en" else pair[0]


def fmt_date(value: Any, lang: str = "vi") -> str:
    """An ISO date as people write it: ``dd/mm/yyyy`` in Vietnamese, ISO in English; ``""`` for ``None``.

    Anything that is not an ISO date is returned as text.

    >>> fmt_date("2021-07-15"), fmt_date("2021"), fmt_date("2021-07-15", "en")
    ('15/07/2021', '2021', '2021-07-15')
    """
    if value is None or value == "":
        return ""
    s = str(value)
    if lang == "en" or len(s) < 10 or s[4] != "-" or s[7] != "-":
        return s
    return f"{s[8:10]}/{s[5:7]}/{s[:4]}"


def fmt_number(v: Any, lang: str = "vi") -> str:
    """A number without trailing zeros, with the decimal comma in Vietnamese.

    >>> fmt_number(80.0), fmt_number(0.5), fmt_number(0.5, "en"), fmt_number(None)
    ('80', '0,5', '0.5', '?')
    """
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return "?"
    s = "%g" % v
    return s if lang == "en" else s.replace(".", ",")


def fmt_value(t: Mapping[str, Any], lang: str = "vi") -> str:
    """A target's value with its comparator and unit ("tối thiểu 80 %", "at least 80%").

    >>> fmt_value({"comparator": ">=", "value": 80.0, "unit": "%"})
    'tối thiểu 80 %'
    >>> fmt_value({"comparator": "top", "value": 10.0, "unit": "rank"}), fmt_value({"comparator": "=", "value": 30, "unit": "phút"}, "en")
    ('nhóm 10 dẫn đầu', '30 phút')
    """
    cmp, unit = t.get("comparator"), t.get("unit") or ""
    num = fmt_number(t.get("value"), lang)
    if unit == "rank" or cmp == "top":
        return f"nhóm {num} dẫn đầu" if lang != "en" else f"top {num}"
    words = term(lang, "comparator", cmp) if cmp else ""
    if cmp == "=" and lang != "en":
        words = ""
    if unit == "%":
        val = f"{num} %" if lang != "en" else f"{num}%"
    else:
        val = f"{num} {unit}".strip()
    return f"{words} {val}".strip()


#: phrases of the command line: key → (Vietnamese, English), ``str.format`` fields
PHRASES: dict[str, tuple[str, str]] = {
    "n-documents": ("{n} văn bản", "{n} documents"),
    "building": ("đang xây dựng", "building"),
    "build-summary": ("{files} tệp: {loaded} đã nạp, {unchanged} không đổi, {failed} có vấn đề; {documents} văn bản, "
                      "{references} dẫn chiếu, {targets} chỉ tiêu, {responsibilities} phân công; {triples} bộ ba "
                      "trong {store} ({seconds} giây)",
                      "{files} files: {loaded} loaded, {unchanged} unchanged, {failed} reported; {documents} documents, "
                      "{references} references, {targets} targets, {responsibilities} responsibilities; {triples} "
                      "triples in {store} ({seconds} s)"),
    "reported": ("có vấn đề", "reported"),
    "problem": ("vấn đề", "problem"),
    "error": ("lỗi", "error"),
    "unnumbered": ("không số", "unnumbered"),
    "date": ("ngày", "dated"),
    "year": ("năm", "year"),
    "cited-by-n": ("được dẫn chiếu bởi {n} văn bản", "cited by {n} documents"),
    "no-citers": ("không có văn bản nào dẫn chiếu", "no citing documents"),
    "cycle": ("vòng lặp", "cycle"),
    "see-above": ("đã nêu ở trên", "see above"),
    "in-force-on": ("còn hiệu lực ngày {d}", "in force on {d}"),
    "not-in-force-on": ("HẾT hiệu lực ngày {d}", "NOT in force on {d}"),
    "in-force-unknown": ("hiệu lực ngày {d}: chưa rõ (không có trong danh mục hiệu lực)",
                         "in force on {d}: unknown (not in the validity catalog)"),
    "status": ("Tình trạng", "Status"),
    "handle": ("Ký hiệu tra cứu", "Handle"),
    "identity": ("Thông tin văn bản", "Identity"),
    "type": ("Loại", "Type"),
    "issuer": ("Cơ quan ban hành", "Issuer"),
    "signed": ("Ngày ban hành", "Signed"),
    "jurisdiction": ("Địa bàn", "Jurisdiction"),
    "level": ("Cấp", "Level"),
    "source": ("Tệp nguồn", "Source file"),
    "origin": ("Nguồn gốc", "Origin"),
    "key": ("Khoá", "Key"),
    "overview": ("Lược đồ văn bản", "Document overview"),
    "none": ("không có", "none"),
    "no-target-matches": ("không có chỉ tiêu quốc gia nào khớp với {q!r}", "no national target matches {q!r}"),
    "did-you-mean": ("có phải bạn muốn tìm: {s}", "did you mean: {s}"),
    "lineage": ("chuỗi căn cứ", "lineage"),
    "lineage-unresolved": ("chuỗi căn cứ chưa nối được: đồ thị dừng ở {chain}, không có liên kết tới văn bản quốc gia",
                           "lineage unresolved: the graph reaches {chain}, with no link to the national document"),
    "nothing": ("không có gì", "nothing"),
    "group": ("nhóm", "group"),
    "n-responsibilities": ("{n} nhiệm vụ", "{n} responsibilities"),
    "held-by": ("ngày {d} do {names} đảm nhiệm", "held on {d} by: {names}"),
    "nobody": ("không còn ai (đã giải thể)", "nobody (dissolved)"),
    "confidence": ("độ tin cậy", "confidence"),
    "conforms": ("đồ thị phù hợp các ràng buộc SHACL", "conforms"),
    "violations": ("{n} vi phạm", "{n} violations"),
    "wrote": ("đã ghi {path} ({size} byte)", "wrote {path} ({size} bytes)"),
    "target": ("chỉ tiêu", "target"),
    "national": ("quốc gia", "national"),
    "plans": ("kế hoạch", "plans"),
    "no-area": ("(chưa rõ lĩnh vực)", "(no reform area)"),
    "validity": ("hiệu lực", "validity"),
}


def say(lang: str, key: str, **fields: Any) -> str:
    """A phrase of the command line in ``lang``, with its fields filled in (the key when unknown)."""
    pair = PHRASES.get(key)
    if pair is None:
        return key
    return (pair[1] if lang == "en" else pair[0]).format(**fields)


_LABELLED = {"relation": "relation", "role": "role", "area": "area", "level": "level", "comparison": "comparison",
             "origin": "origin"}


def add_labels(obj: Any, lang: str = "vi") -> Any:
    """A copy of JSON-shaped data where each vocabulary code gains a ``*_label`` sibling (keys never renamed).

    ``relation``, ``role``, ``area``, ``level``, ``comparison`` and ``origin``
    get ``relation_label`` …; ``relations`` (a list) gets ``relations_label``.

    >>> add_labels({"relation": "based_on", "rows": [{"role": "lead", "area": "tthc"}]})
    {'relation': 'based_on', 'rows': [{'role': 'lead', 'area': 'tthc', 'role_label': 'chủ trì', 'area_label': 'Cải cách thủ tục hành chính'}], 'relation_label': 'căn cứ'}
    """
    if isinstance(obj, list):
        return [add_labels(x, lang) for x in obj]
    if not isinstance(obj, dict):
        return obj
    out = {k: add_labels(v, lang) for k, v in obj.items()}
    for key, kind in _LABELLED.items():
        v = obj.get(key)
        if isinstance(v, str) and f"{key}_label" not in obj:
            out[f"{key}_label"] = term(lang, kind, v)
    rels = obj.get("relations")
    if isinstance(rels, list) and rels and all(isinstance(x, str) for x in rels) and "relations_label" not in obj:
        out["relations_label"] = [term(lang, "relation", x) for x in rels]
    return out
