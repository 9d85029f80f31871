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
           "LEVEL_LABELS_EN"]

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
