"""Labels of the controlled lists, for code that must not parse the ontology.

Pure Python (loaders and viz may import it). ``tests/test_concepts.py``
checks every label against the ``skos:prefLabel`` in ``ontology/cchc.ttl``.

>>> AREA_LABELS["tthc"]
'Cải cách thủ tục hành chính'
>>> ROLE_LABELS["lead"]
'Chủ trì'
"""

from __future__ import annotations

from cchc_kg.kg.relations import RELATIONS

__all__ = ["AREA_LABELS", "ROLE_LABELS", "LEVEL_LABELS", "RELATION_LABELS", "AREA_LABELS_EN", "ROLE_LABELS_EN",
           "LEVEL_LABELS_EN", "area_code", "role_code", "ROLE_WORDS"]

#: reform-area concept code → Vietnamese prefLabel (scheme concept/area)
AREA_LABELS: dict[str, str] = {
    "the-che": "Cải cách thể chế",
    "tthc": "Cải cách thủ tục hành chính",
    "to-chuc-bo-may": "Cải cách tổ chức bộ máy hành chính nhà nước",
    "cong-vu": "Cải cách chế độ công vụ",
    "tai-chinh-cong": "Cải cách tài chính công",
    "chinh-phu-so": "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
    "hien-dai-hoa": "Hiện đại hóa hành chính",
    "chung": "Chỉ đạo, điều hành và tuyên truyền cải cách hành chính",
}

#: role concept code → Vietnamese prefLabel (scheme concept/role)
ROLE_LABELS: dict[str, str] = {
    "lead": "Chủ trì",
    "support": "Phối hợp",
    "standing": "Cơ quan thường trực",
    "advise": "Tham mưu",
    "monitor": "Theo dõi, tổng hợp",
    "implement": "Thực hiện",
}

#: the role as a word in a sentence or a table cell ("chủ trì", "thường trực")
ROLE_WORDS: dict[str, str] = {
    "lead": "chủ trì", "support": "phối hợp", "standing": "thường trực", "advise": "tham mưu",
    "monitor": "theo dõi", "implement": "thực hiện",
}

#: level concept code → Vietnamese prefLabel (scheme concept/level)
LEVEL_LABELS: dict[str, str] = {
    "national": "Trung ương",
    "party-central": "Trung ương Đảng",
    "province": "Cấp tỉnh",
    "district": "Cấp huyện",
    "commune": "Cấp xã",
    "unknown": "Chưa xác định",
}

#: document-relation code → Vietnamese name, capitalised as the portals' "lược đồ" write it
#: (derived from the relation registry, which owns the relation words)
RELATION_LABELS: dict[str, str] = {r.name: r.label_vi[:1].upper() + r.label_vi[1:] for r in RELATIONS}

#: English names of the same concepts (the ontology's ``@en`` labels are not needed at run time)
AREA_LABELS_EN: dict[str, str] = {
    "the-che": "Institutional reform",
    "tthc": "Administrative procedure reform",
    "to-chuc-bo-may": "Organisational reform",
    "cong-vu": "Civil service reform",
    "tai-chinh-cong": "Public finance reform",
    "chinh-phu-so": "E-government and digital government",
    "hien-dai-hoa": "Administrative modernisation",
    "chung": "Direction and communication",
}
ROLE_LABELS_EN: dict[str, str] = {
    "lead": "lead", "support": "support", "standing": "standing body", "advise": "advise",
    "monitor": "monitor", "implement": "implement",
}
LEVEL_LABELS_EN: dict[str, str] = {
    "national": "national", "party-central": "Party central", "province": "province", "district": "district",
    "commune": "commune", "unknown": "unknown",
}


def _fold(text: str) -> str:
    from cchc_kg.kg.ids import fold

    return fold(text).replace("-", " ").strip()


def area_code(area: str) -> str:
    """Reform-area code from its code, its English name or its Vietnamese name (or the name's
    distinctive words), with or without diacritics; the folded input when nothing matches.

    >>> area_code("Cải cách thủ tục hành chính"), area_code("cai cach the che"), area_code("tthc")
    ('tthc', 'the-che', 'tthc')
    >>> area_code("thủ tục hành chính"), area_code("chính phủ số"), area_code("Civil service reform")
    ('tthc', 'chinh-phu-so', 'cong-vu')
    """
    f = _fold(area)
    for code, label in AREA_LABELS.items():
        if f in (_fold(label), _fold(code), _fold(AREA_LABELS_EN.get(code, ""))):
            return code
    hits = [code for code, label in AREA_LABELS.items() if f and f" {f} " in f" {_fold(label)} "]
    if len(hits) == 1:
        return hits[0]
    return f.replace(" ", "-")


_ROLE_WORDS: dict[str, str] = {"chu tri": "lead", "phoi hop": "support", "thuong truc": "standing",
                               "co quan thuong truc": "standing", "tham muu": "advise", "theo doi": "monitor",
                               "theo doi tong hop": "monitor", "theo doi, tong hop": "monitor", "thuc hien": "implement"}


def role_code(role: str) -> str | None:
    """Role code from its code or its Vietnamese word(s), with or without diacritics; ``None`` when unknown.

    >>> role_code("chủ trì"), role_code("Phoi hop"), role_code("thường trực"), role_code("lead"), role_code("xyz")
    ('lead', 'support', 'standing', 'lead', None)
    """
    f = _fold(role)
    if f in ROLE_LABELS:
        return f
    if f in _ROLE_WORDS:
        return _ROLE_WORDS[f]
    for code, label in ROLE_LABELS.items():
        if f in (_fold(label), _fold(ROLE_LABELS_EN[code])):
            return code
    return None
