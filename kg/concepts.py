"""Labels of the controlled lists, for code that must not parse the ontology.

Pure Python (loaders and viz may import it). ``tests/test_concepts.py``
checks every label against the ``skos:prefLabel`` in ``ontology/cchc.ttl``.

>>> AREA_LABELS["tthc"]
'Cải cách thủ tục hành chính'
>>> ROLE_LABELS["lead"]
'Chủ trì'
"""

from __future__ import annotations

__all__ = ["AREA_LABELS", "ROLE_LABELS", "LEVEL_LABELS", "RELATION_LABELS"]

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

#: document-relation code → Vietnamese name (as the portals' "lược đồ" names them)
RELATION_LABELS: dict[str, str] = {
    "based_on": "Căn cứ",
    "implements": "Thực hiện",
    "proposal": "Theo đề nghị của",
    "cites": "Dẫn chiếu",
    "amends": "Sửa đổi",
    "replaces": "Thay thế",
    "repeals": "Bãi bỏ",
    "guides": "Hướng dẫn",
    "promulgates": "Ban hành kèm theo",
    "follows": "Kế tiếp",
}
